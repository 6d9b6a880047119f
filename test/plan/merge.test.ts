/**
 * Stage "merge" (lib/plan/merge.ts): flows become one rule per direction, peer and transport;
 * never widened, never lost; every catalog id kept; refuses what the cloud cannot say.
 */
import fc from 'fast-check';
import type { Flow, Peer } from '../../lib/model/intent';
import { bucketFlows, checkFlows, draftRules, idsOf, internContribution, validateFlow } from '../../lib/plan/merge';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';
import type { Contribution } from '../../lib/plan/types';
import { thrown } from '../support/errors';
import { clients, flow, portSet, role, roleRef, servers, smallRanges, sorted } from './stage-fixtures';

const peers: Peer[] = [clients, servers, roleRef('fe'), { kind: 'internet' }];
const peerName = (p: Peer) => (p.kind === 'cidrs' ? `net ${p.name}` : p.kind === 'role' ? `role ${p.role}` : p.kind);

/** Random flows over a few peers, both directions, tcp and udp, with small port sets. */
const flows = fc.array(
  fc.record({
    peer: fc.integer({ min: 0, max: peers.length - 1 }),
    direction: fc.constantFrom('ingress' as const, 'egress' as const),
    transport: fc.constantFrom('tcp' as const, 'udp' as const),
    ports: smallRanges,
    id: fc.integer({ min: 1, max: 9 }),
  }),
  { minLength: 1, maxLength: 20 },
).map((specs) =>
  specs.map((s): Flow => ({ direction: s.direction, peer: peers[s.peer], transport: s.transport, ports: s.ports, catalogIds: [`test.row${s.id}`], purpose: `row ${s.id}` })),
);

const keyOf = (f: { direction: string; peer: Peer | { kind: 'any' }; transport: string }) => `${f.direction} ${f.peer.kind === 'any' ? 'any' : peerName(f.peer)} ${f.transport}`;

describe('merge: bucketFlows and draftRules', () => {
  test.each([
    ['Azure', AZURE_PROFILE],
    ['AWS', AWS_PROFILE],
  ])('property (%s): one rule per (direction, peer, transport) whose ports are exactly the union of its flows', (_, profile) => {
    fc.assert(
      fc.property(flows, (list) => {
        const rules = draftRules(bucketFlows(role('a', list), profile, []), profile);
        // The brute-force model: each key's port set and catalog ids.
        const model = new Map<string, { ports: Set<number>; ids: Set<string> }>();
        for (const f of list) {
          const m = model.get(keyOf(f)) ?? { ports: new Set<number>(), ids: new Set<string>() };
          for (const p of portSet(f.ports)) m.ports.add(p);
          for (const id of f.catalogIds) m.ids.add(id);
          model.set(keyOf(f), m);
        }
        expect(rules).toHaveLength(model.size);
        // First-seen order.
        expect(rules.map(keyOf)).toEqual([...new Set(list.map(keyOf))]);
        for (const r of rules) {
          const m = model.get(keyOf(r))!;
          expect(sorted(portSet(r.ports))).toEqual(sorted(m.ports));
          expect(r.catalogIds).toEqual([...m.ids].sort());
          // Every flow is one contribution with its own ports.
          expect(r.contributions).toHaveLength(list.filter((f) => keyOf(f) === keyOf(r)).length);
          expect(r.contributions.every((c) => [...portSet(c.ports)].every((p) => m.ports.has(p)))).toBe(true);
          // Normalized: sorted, disjoint, not adjacent.
          for (let i = 1; i < r.ports.length; i++) expect(r.ports[i].from).toBeGreaterThan(r.ports[i - 1].to + 1);
          expect(r.access).toBe('allow');
          expect(r.priority).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('property: names come from direction, peer and transport only: other ports, other flows rename nothing', () => {
    fc.assert(
      fc.property(flows, smallRanges, (list, other) => {
        const names = (l: Flow[]) => new Map(draftRules(bucketFlows(role('a', l), AZURE_PROFILE, []), AZURE_PROFILE).map((r) => [keyOf(r), r.name]));
        const before = names(list);
        const after = names([...list.map((f) => ({ ...f, ports: other })), flow([7000], { peer: { kind: 'cidrs', name: 'another', cidrs: ['10.99.0.0/16'] } })]);
        for (const [k, n] of before) expect(after.get(k)).toBe(n);
        for (const n of before.values()) expect(n).not.toMatch(/\d{2,}-\d/);
      }),
      { numRuns: 100 },
    );
  });

  test('the names and the description of a rule', () => {
    const [rule] = draftRules(bucketFlows(role('a', [flow([5061], { catalogIds: ['b.2'] }), flow([[5060, 5060]], { catalogIds: ['a.1'] })]), AZURE_PROFILE, []), AZURE_PROFILE);
    expect(rule.name).toBe('in-from-net-clients-tcp');
    expect(rule.ports).toEqual([{ from: 5060, to: 5061 }]);
    expect(rule.description).toBe('in tcp 5060-5061: a.1 b.2');
    const [out] = draftRules(bucketFlows(role('a', [flow([443], { direction: 'egress', peer: roleRef('dir') })]), AWS_PROFILE, []), AWS_PROFILE);
    expect(out.name).toBe('out-to-role-dir-tcp');
  });

  test('Azure keeps source ports, in a rule of their own; AWS cannot, admits any source port and says so', () => {
    const media = flow([[50000, 50019]], { transport: 'udp', sourcePorts: [{ from: 1024, to: 65535 }], catalogIds: ['media.1'] });
    const plain = flow([[50000, 50019]], { transport: 'udp', catalogIds: ['media.2'] });
    const notes: string[] = [];
    const azure = draftRules(bucketFlows(role('a', [media, plain]), AZURE_PROFILE, notes), AZURE_PROFILE);
    expect(azure.map((r) => [r.name, r.sourcePorts])).toEqual([
      ['in-from-net-clients-udp-from-1024-65535', [{ from: 1024, to: 65535 }]],
      ['in-from-net-clients-udp', undefined],
    ]);
    expect(notes).toEqual([]);
    const aws = draftRules(bucketFlows(role('a', [media, plain]), AWS_PROFILE, notes), AWS_PROFILE);
    expect(aws.map((r) => r.name)).toEqual(['in-from-net-clients-udp']);
    expect(aws[0]).not.toHaveProperty('sourcePorts');
    expect(aws[0].catalogIds).toEqual(['media.1', 'media.2']);
    expect(notes).toEqual([
      'media.1: documented from source ports 1024-65535; AWS security groups have no source ports, so udp 50000-50019 to net-clients is allowed from any source port',
    ]);
  });

  test('AWS has no health-probe peer: probe flows make no rule there; Azure keeps them', () => {
    const probe = flow([443], { peer: { kind: 'lb-probe' } });
    expect(bucketFlows(role('a', [probe]), AWS_PROFILE, [])).toEqual([]);
    expect(bucketFlows(role('a', [probe]), AZURE_PROFILE, []).map((b) => b.peer.kind)).toEqual(['lb-probe']);
  });

  test('one peer group name with two address lists is refused; the same list in another order is one group', () => {
    const a = flow([80], { peer: { kind: 'cidrs', name: 'g', cidrs: ['10.1.0.0/16', '10.2.0.0/16'] } });
    const same = flow([443], { peer: { kind: 'cidrs', name: 'g', cidrs: ['10.2.0.0/16', '10.1.0.0/16'] } });
    const other = flow([443], { peer: { kind: 'cidrs', name: 'g', cidrs: ['10.3.0.0/16'] } });
    expect(bucketFlows(role('a', [a, same]), AZURE_PROFILE, [])).toHaveLength(1);
    expect(thrown(() => bucketFlows(role('a', [a, other]), AZURE_PROFILE, [])).problem).toBe('peer group "g" is given two different address lists');
  });
});

describe('merge: validateFlow and checkFlows', () => {
  const r = role('a', []);
  test.each<[string, Flow, RegExp]>([
    ['a port transport without ports', flow([], {}), /a tcp flow for "test" has no ports/],
    ['ports on a port-less transport', flow([47], { transport: 'gre' }), /GRE carries no ports, but ports 47 were given/],
    ['port 0', flow([[0, 10]]), /port range 0-10 is invalid/],
    ['a port over 65535', flow([[65000, 70000]]), /port range 65000-70000 is invalid/],
    ['a reversed range', flow([[90, 80]]), /port range 90-80 is invalid/],
    ['a peer group without addresses', flow([80], { peer: { kind: 'cidrs', name: 'empty', cidrs: [] } }), /the peer group "empty" has no address ranges/],
    ['a peer group with a host address', flow([80], { peer: { kind: 'cidrs', name: 'bad', cidrs: ['10.0.0.1'] } }), /in peer group "bad"/],
  ])('refuses %s, naming the role', (_, f, problem) => {
    const e = thrown(() => validateFlow(r, f));
    expect(e.path).toBe('stack/a');
    expect(e.problem).toMatch(problem);
    expect(e.fix.length).toBeGreaterThan(0);
  });

  test('accepts well-formed flows: ports on tcp/udp, none on icmp/esp', () => {
    for (const f of [flow([1, 65535]), flow([[1024, 65535]], { transport: 'udp' }), flow([], { transport: 'icmp' }), flow([], { transport: 'esp', peer: servers })]) {
      expect(() => validateFlow(r, f)).not.toThrow();
    }
  });

  test('a transport the cloud cannot name needs a written justification, and then becomes an all-protocols rule', () => {
    const gre = flow([], { transport: 'gre', catalogIds: ['pptp.gre'], purpose: 'PPTP tunnel' });
    expect(thrown(() => checkFlows(role('vpn', [gre]), AZURE_PROFILE)).problem).toMatch(/^GRE \(pptp.gre: PPTP tunnel\) cannot be expressed in an Azure NSG/);
    expect(() => checkFlows(role('vpn', [gre]), AWS_PROFILE)).not.toThrow();
    const justified = { ...gre, justification: 'legacy VPN until 2026' };
    expect(() => checkFlows(role('vpn', [justified]), AZURE_PROFILE)).not.toThrow();
    const [rule] = draftRules(bucketFlows(role('vpn', [justified]), AZURE_PROFILE, []), AZURE_PROFILE);
    expect(rule).toMatchObject({ transport: 'all', ports: [], catalogIds: ['pptp.gre'] });
    expect(rule.description).toContain('justified: legacy VPN until 2026');
  });
});

describe('merge: contributions and their ids', () => {
  test('equal flows share one frozen contribution; a different justification or port makes another', () => {
    const a = internContribution(flow([443], { catalogIds: ['x.1'] }));
    expect(internContribution(flow([443], { catalogIds: ['x.1'] }))).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.catalogIds)).toBe(true);
    expect(internContribution(flow([443], { catalogIds: ['x.1'], justification: 'why' }))).not.toBe(a);
    expect(internContribution(flow([444], { catalogIds: ['x.1'] }))).not.toBe(a);
    expect(a).toEqual({ catalogIds: ['x.1'], ports: [{ from: 443, to: 443 }], purpose: 'test', justification: undefined });
  });

  test('property: idsOf is the sorted set of the ids, however many contributions (each code path)', () => {
    const contribution = fc.array(fc.constantFrom('a.1', 'a.2', 'b.1', 'c.9', 'z.0'), { maxLength: 3 }).map((ids): Contribution => ({ catalogIds: ids, ports: [], purpose: 'p' }));
    fc.assert(
      fc.property(fc.array(contribution, { maxLength: 40 }), (list) => {
        expect(idsOf(list)).toEqual([...new Set(list.flatMap((c) => c.catalogIds))].sort());
        // A copy each time: a caller may change it without changing the next answer.
        if (list.length === 1) expect(idsOf(list)).not.toBe(idsOf(list));
      }),
      { numRuns: 300 },
    );
  });
});
