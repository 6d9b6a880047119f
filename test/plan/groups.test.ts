/**
 * Stage "group" (lib/plan/groups.ts): group boundaries carry what members share. Never widens,
 * loses nothing uncovered, members only of real groups, Azure members carry their groups' flows.
 */
import fc from 'fast-check';
import type { Flow, RoleIntent } from '../../lib/model/intent';
import { checkMemberships, dropFlowsCoveredByGroups, groupRoles, summarizeGroupPeers, withGroupFlows } from '../../lib/plan/groups';
import type { ForeignRole } from '../../lib/plan/types';
import { wireRoles } from '../../lib/plan/wire';
import { thrown } from '../support/errors';
import { awsOptions, azureOptions, flow, portSet, role, roleRef, smallRanges, sorted } from './stage-fixtures';

const byName = (roles: readonly RoleIntent[]) => new Map(roles.map((r) => [r.name, r]));
const find = (roles: readonly RoleIntent[], name: string) => roles.find((r) => r.name === name)!;

/** A flow spec for the pool ('self'), or for the group towards the pool or itself. */
const spec = fc.record({
  peer: fc.constantFrom('pool', 'g', 'clients'),
  direction: fc.constantFrom('ingress' as const, 'egress' as const),
  transport: fc.constantFrom('tcp' as const, 'udp' as const),
  ports: smallRanges,
});

describe('groups: dropFlowsCoveredByGroups', () => {
  test('property: a member\'s flows with itself lose only ports a group flow of the same direction and transport carries; nothing widens; other flows stay', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 8 }), fc.array(spec, { maxLength: 6 }), (poolSpecs, groupSpecs) => {
        const toFlow = (s: typeof poolSpecs[number]): Flow => flow(s.ports.map((r) => [r.from, r.to] as [number, number]), { peer: s.peer === 'clients' ? flow([1]).peer : roleRef(s.peer), direction: s.direction, transport: s.transport });
        const pool = role('pool', poolSpecs.map(toFlow), { memberOf: ['g'] });
        const g = role('g', groupSpecs.map(toFlow), { group: true });
        const out = dropFlowsCoveredByGroups(pool, byName([pool, g]));
        // The covering ports by direction and transport, computed from the specs directly.
        const covers = new Map<string, Set<number>>();
        const cover = (s: typeof poolSpecs[number]) => {
          const k = `${s.direction} ${s.transport}`;
          const set = covers.get(k) ?? new Set<number>();
          for (const p of portSet(s.ports)) set.add(p);
          covers.set(k, set);
        };
        for (const s of poolSpecs) if (s.peer === 'g') cover(s);
        for (const s of groupSpecs) if (s.peer === 'pool' || s.peer === 'g') cover(s);
        const selfIn = (l: readonly Flow[]) => l.filter((f) => f.peer.kind === 'role' && f.peer.role === 'pool');
        const others = (l: readonly Flow[]) => l.filter((f) => !(f.peer.kind === 'role' && f.peer.role === 'pool'));
        expect(others(out.flows)).toEqual(others(pool.flows));
        // Each flow with itself: exactly its ports less the covering ones (never more, none lost uncovered).
        const expected = selfIn(pool.flows)
          .map((f) => ({ f, rest: [...portSet(f.ports)].filter((p) => !(covers.get(`${f.direction} ${f.transport}`)?.has(p) ?? false)) }))
          .filter((x) => x.rest.length > 0)
          .map((x) => `${x.f.direction} ${x.f.transport} ${sorted(x.rest).join(',')}`);
        expect(selfIn(out.flows).map((f) => `${f.direction} ${f.transport} ${sorted(portSet(f.ports)).join(',')}`)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  test('a role in no group, or with no flow with itself, is returned as it is', () => {
    const solo = role('pool', [flow([443], { peer: roleRef('pool') })]);
    expect(dropFlowsCoveredByGroups(solo, byName([solo]))).toBe(solo);
    const member = role('pool', [flow([443])], { memberOf: ['g'] });
    expect(dropFlowsCoveredByGroups(member, byName([member, role('g', [flow([443], { peer: roleRef('pool') })], { group: true })]))).toBe(member);
  });
});

describe('groups: summarizeGroupPeers', () => {
  const roles = [
    role('servers', [flow([443], { peer: roleRef('fe1'), direction: 'egress' }), flow([5061], { peer: roleRef('fe2') }), flow([88], { peer: roleRef('dc') }), flow([444], { peer: roleRef('fe1-nlb'), direction: 'egress' })], {
      group: true,
      summarizeMemberEgress: true,
    }),
    role('fes', [], { group: true, summarizeMemberEgress: true }),
    role('fe1', [], { memberOf: ['fes', 'servers'] }),
    role('fe2', [], { memberOf: ['fes'] }),
    role('dc', []),
    role('fe1-nlb', []),
    role('fes-nlb', [], { group: true }),
  ];

  test('a summarizing group names member pools through their summarizing group, ports and ids unchanged', () => {
    const out = summarizeGroupPeers(roles[0], byName(roles), [find(roles, 'fes-nlb')]);
    expect(out.flows.map((f) => [f.direction, f.peer.kind === 'role' && f.peer.role, f.ports, f.catalogIds])).toEqual([
      ['egress', 'fes', [{ from: 443, to: 443 }], roles[0].flows[0].catalogIds],
      ['ingress', 'fes', [{ from: 5061, to: 5061 }], roles[0].flows[1].catalogIds],
      ['ingress', 'dc', [{ from: 88, to: 88 }], roles[0].flows[2].catalogIds],
      ['egress', 'fes-nlb', [{ from: 444, to: 444 }], roles[0].flows[3].catalogIds],
    ]);
  });

  test('without the group\'s load balancer identity, egress to a pool\'s load balancer stays as it is', () => {
    const out = summarizeGroupPeers(roles[0], byName(roles), []);
    expect(out.flows[3].peer).toEqual(roleRef('fe1-nlb'));
  });

  test('a group that does not ask for it, and any other role, is returned as it is', () => {
    const plain = { ...roles[0], summarizeMemberEgress: false };
    expect(summarizeGroupPeers(plain, byName(roles), [])).toBe(plain);
    expect(summarizeGroupPeers(roles[2], byName(roles), [])).toBe(roles[2]);
  });
});

describe('groups: memberships and group flows', () => {
  test('a role may join only a group of this network or a shared group', () => {
    const notGroup = [role('dc', []), role('a', [], { memberOf: ['dc'] })];
    expect(thrown(() => checkMemberships(notGroup, byName(notGroup), azureOptions())).problem).toBe('the role joins "dc", which is not a group on this network');
    const missing = [role('a', [], { memberOf: ['nope'] })];
    expect(thrown(() => checkMemberships(missing, byName(missing), azureOptions())).path).toBe('stack/a');
    const foreign = new Map<string, ForeignRole>([['members.hub', { groupFlows: [], awsSecurityGroups: 1, group: true }]]);
    const shared = [role('a', [], { memberOf: ['members.hub'] })];
    expect(() => checkMemberships(shared, byName(shared), azureOptions({ foreign }))).not.toThrow();
  });

  test('Azure: a member carries its own flows, then each group\'s in join order (a shared group\'s from its own plan)', () => {
    const g1 = role('g1', [flow([445])], { group: true });
    const hubFlow = flow([88], { catalogIds: ['hub.88'] });
    const foreign = new Map<string, ForeignRole>([['g2.hub', { groupFlows: [hubFlow], awsSecurityGroups: 1, group: true }]]);
    const member = role('a', [flow([80])], { memberOf: ['g2.hub', 'g1'] });
    expect(withGroupFlows(member, byName([g1, member]), azureOptions({ foreign })).flows).toEqual([...member.flows, hubFlow, ...g1.flows]);
  });

  test('groupRoles: the groups\' own flows are kept apart; members carry them on Azure only', () => {
    const g = role('g', [flow([445], { peer: roleRef('a') })], { group: true });
    const a = role('a', [flow([80])], { memberOf: ['g'] });
    for (const options of [azureOptions(), awsOptions()]) {
      const grouped = groupRoles(wireRoles([g, a], options), options);
      const gFlows = grouped.groupFlows.get('g')!;
      expect([...grouped.groupFlows.keys()]).toEqual(['g']);
      expect(gFlows).toEqual(g.flows);
      const member = find(grouped.intents, 'a');
      // a's own flow, the mirror of g's flow towards it, then (Azure) g's own flows.
      const mirrored = { ...g.flows[0], direction: 'egress', peer: roleRef('g') };
      expect(member.flows).toEqual(options.profile.cloud === 'azure' ? [a.flows[0], mirrored, ...gFlows] : [a.flows[0], mirrored]);
    }
  });
});
