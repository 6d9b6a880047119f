/**
 * Stage "wire" (lib/plan/wire.ts): the other side of every flow, and load balancers as peers.
 * Mirror symmetry, outside and shared roles, never widening at a load balancer.
 */
import fc from 'fast-check';
import type { Flow, Listener, RoleIntent } from '../../lib/model/intent';
import type { ForeignRole } from '../../lib/plan/types';
import { probeFlow, wireRoles, withExtraFlows } from '../../lib/plan/wire';
import { thrown } from '../support/errors';
import { awsOptions, azureOptions, clients, flow, portSet, role, roleRef, smallRanges, sorted } from './stage-fixtures';

const NAMES = ['r0', 'r1', 'r2', 'r3'];
const byName = (roles: readonly RoleIntent[], name: string) => roles.find((r) => r.name === name)!;
const text = (f: Flow) => `${f.direction} ${f.peer.kind === 'role' ? f.peer.role : f.peer.kind === 'cidrs' ? f.peer.name : f.peer.kind} ${f.transport} ${sorted(portSet(f.ports)).join(',')} ${f.catalogIds.join(' ')} ${f.purpose}`;
const listener = (port: number, transport: 'tcp' | 'udp' = 'tcp', ids = [`lb.${port}`]): Listener => ({ port, transport, catalogIds: ids, purpose: `port ${port}` });

/** Four roles with random flows towards each other (or themselves) and towards clients. */
const network = fc
  .array(
    fc.record({
      from: fc.integer({ min: 0, max: 3 }),
      to: fc.integer({ min: -1, max: 3 }),
      direction: fc.constantFrom('ingress' as const, 'egress' as const),
      transport: fc.constantFrom('tcp' as const, 'udp' as const),
      ports: smallRanges,
      id: fc.integer({ min: 1, max: 50 }),
    }),
    { maxLength: 16 },
  )
  .map((specs) =>
    NAMES.map((name, i) =>
      role(
        name,
        specs
          .filter((s) => s.from === i)
          .map((s) => ({ direction: s.direction, peer: s.to < 0 ? clients : roleRef(NAMES[s.to]), transport: s.transport, ports: s.ports, catalogIds: [`row.${s.id}`], purpose: `row ${s.id}` })),
      ),
    ),
  );

describe('wire: mirror symmetry', () => {
  test.each([
    ['Azure', azureOptions()],
    ['AWS', awsOptions()],
  ])('property (%s): a role keeps its own flows, then gets exactly the reverse of every flow that names it', (_, options) => {
    fc.assert(
      fc.property(network, (roles) => {
        const wired = wireRoles(roles, options);
        expect(wired.roles.map((r) => r.name)).toEqual(NAMES);
        for (const b of roles) {
          const expected = [...b.flows];
          for (const a of roles) {
            for (const f of a.flows) {
              if (f.peer.kind === 'role' && f.peer.role === b.name) expected.push({ ...f, direction: f.direction === 'ingress' ? 'egress' : 'ingress', peer: roleRef(a.name) });
            }
          }
          expect(byName(wired.roles, b.name).flows.map(text)).toEqual(expected.map(text));
        }
      }),
      { numRuns: 150 },
    );
  });

  test('a role outside the cloud keeps only the flows mirrored onto it; flows by address stay with the cloud role', () => {
    const onPrem = role('dc-onprem', [flow([53])], { outside: { cidrs: ['192.168.1.0/24'] } });
    const byAddress = { kind: 'cidrs' as const, name: 'dc-onprem', cidrs: ['192.168.1.0/24'], outsideRole: 'dc-onprem' };
    const dc = role('dc', [flow([88], { peer: byAddress, direction: 'egress', catalogIds: ['kb.88'] })]);
    const wired = wireRoles([dc, onPrem], azureOptions());
    expect(byName(wired.roles, 'dc').flows).toEqual(dc.flows);
    expect(byName(wired.roles, 'dc-onprem').flows.map(text)).toEqual(['ingress dc tcp 88 kb.88 test']);
    // With nothing mirrored onto it, it keeps nothing of its own.
    expect(byName(wireRoles([role('dc', []), onPrem], azureOptions()).roles, 'dc-onprem').flows).toEqual([]);
  });

  test('a role of a shared network gets nothing here (its own network renders its side)', () => {
    const foreign = new Map<string, ForeignRole>([['edge.hub', { groupFlows: [], awsSecurityGroups: 1, group: false }]]);
    const fe = role('fe', [flow([5061], { peer: roleRef('edge.hub'), direction: 'egress' })]);
    const wired = wireRoles([fe], azureOptions({ foreign }));
    expect(wired.roles).toEqual([fe]);
  });

  test('refuses two roles with one name, an unknown role, an outside role named as a boundary', () => {
    expect(thrown(() => wireRoles([role('a', []), role('a', [])], azureOptions())).problem).toBe('role name "a" is already used by stack/a');
    expect(thrown(() => wireRoles([role('a', [flow([1], { peer: roleRef('nope') })])], azureOptions())).problem).toBe('a flow refers to role "nope", which is not in this network');
    const outside = role('o', [], { outside: { cidrs: ['192.168.0.0/24'] } });
    expect(thrown(() => wireRoles([role('a', [flow([1], { peer: roleRef('o') })]), outside], azureOptions())).problem).toMatch(/names role "o", which is outside the cloud, as a boundary/);
  });

  test('withExtraFlows: own flows first, then the added ones; an outside role only the added ones', () => {
    const own = [flow([1])];
    const more = [flow([2])];
    expect(withExtraFlows(role('a', own), more).flows).toEqual([...own, ...more]);
    expect(withExtraFlows(role('a', own), undefined).flows).toBe(own);
    expect(withExtraFlows(role('o', own, { outside: { cidrs: ['10.0.0.0/8'] } }), more).flows).toEqual(more);
    expect(withExtraFlows(role('o', own, { outside: { cidrs: ['10.0.0.0/8'] } }), undefined).flows).toEqual([]);
  });
});

describe('wire: load balancers', () => {
  test('Azure: the health probe opens the probe port only, citing the listeners on it; no load balancer role', () => {
    const pool = role('fe', [flow([443])], { listeners: [listener(5061), listener(443), listener(5061, 'udp', ['lb.5061u'])] });
    // The probe port defaults to the first listener as declared.
    expect(probeFlow(pool)).toEqual({ direction: 'ingress', peer: { kind: 'lb-probe' }, transport: 'tcp', ports: [{ from: 5061, to: 5061 }], catalogIds: ['lb.5061', 'lb.5061u'], purpose: 'load balancer health probe' });
    expect(probeFlow({ ...pool, probePort: 443 }).ports).toEqual([{ from: 443, to: 443 }]);
    const wired = wireRoles([pool], azureOptions());
    expect(wired.roles.map((r) => r.name)).toEqual(['fe']);
    expect(wired.roles[0].flows.map((f) => f.peer.kind)).toEqual(['cidrs', 'lb-probe']);
  });

  test('AWS: the load balancer admits what the pool admits, cut to its listener ports, and sends to the pool on exactly those', () => {
    const pool = role('fe', [flow([[80, 450]], { catalogIds: ['c.web'] }), flow([443], { peer: roleRef('fe'), catalogIds: ['self.443'] }), flow([[5060, 5070]], { transport: 'udp' })], {
      listeners: [listener(443), listener(444), listener(5061, 'udp')],
    });
    const dir = role('dir', [flow([[440, 500]], { peer: roleRef('fe'), direction: 'egress', catalogIds: ['d.1'] })]);
    const wired = wireRoles([pool, dir], awsOptions());
    expect(wired.roles.map((r) => r.name)).toEqual(['fe', 'dir', 'fe-nlb']);
    const lb = byName(wired.roles, 'fe-nlb');
    expect(lb).toMatchObject({ path: 'stack/fe/nlb', kind: 'network load balancer of fe', egress: 'declared', listeners: [] });
    expect(lb.flows.map(text)).toEqual([
      'ingress clients tcp 443,444 c.web test',
      'ingress dir tcp 443,444 d.1 test',
      'egress fe tcp 443,444 lb.443 lb.444 load balancer to targets, pass-through and health checks',
      'ingress clients udp 5061 test.5060-5070 test',
      'egress fe udp 5061 lb.5061 load balancer to targets, pass-through and health checks',
    ]);
    // ...and both sides of the load balancer's flows are wired: the pool admits it, the peer sends to it.
    expect(byName(wired.roles, 'fe').flows.filter((f) => f.peer.kind === 'role' && f.peer.role === 'fe-nlb').map(text)).toEqual([
      'ingress fe-nlb tcp 443,444 lb.443 lb.444 load balancer to targets, pass-through and health checks',
      'ingress fe-nlb udp 5061 lb.5061 load balancer to targets, pass-through and health checks',
    ]);
    expect(byName(wired.roles, 'dir').flows.filter((f) => f.peer.kind === 'role' && f.peer.role === 'fe-nlb').map(text)).toEqual(['egress fe-nlb tcp 443,444 d.1 test']);
  });

  test('property (AWS): a load balancer never admits a port its pool does not, nor one it does not listen on', () => {
    fc.assert(
      fc.property(smallRanges, smallRanges, (admitted, listened) => {
        const ports = sorted(portSet(listened)).slice(0, 50);
        const pool = role('fe', [flow(admitted.map((r) => [r.from, r.to] as [number, number]))], { listeners: ports.map((p) => listener(p)) });
        const lb = byName(wireRoles([pool], awsOptions()).roles, 'fe-nlb');
        const inbound = new Set(lb.flows.filter((f) => f.direction === 'ingress').flatMap((f) => [...portSet(f.ports)]));
        const expected = [...portSet(admitted)].filter((p) => ports.includes(p));
        expect(sorted(inbound)).toEqual(sorted(expected));
        const outbound = lb.flows.filter((f) => f.direction === 'egress');
        expect(outbound).toHaveLength(1);
        expect(sorted(portSet(outbound[0].ports))).toEqual(ports);
      }),
      { numRuns: 100 },
    );
  });

  test('AWS: a summarizing group with load-balanced members gets a load balancer identity; a non-summarizing one does not; Azure none', () => {
    const roles = [
      role('fes', [], { group: true, summarizeMemberEgress: true }),
      role('dcs', [], { group: true }),
      role('fe1', [], { memberOf: ['fes', 'dcs'], listeners: [listener(443)] }),
    ];
    const aws = wireRoles(roles, awsOptions());
    expect(aws.lbIdentities.map((r) => [r.name, r.group, r.flows.length, r.path])).toEqual([['fes-nlb', true, 0, 'stack/fes/nlb']]);
    expect(aws.roles.map((r) => r.name)).toEqual(['fes', 'dcs', 'fe1', 'fe1-nlb', 'fes-nlb']);
    expect(wireRoles(roles, azureOptions()).lbIdentities).toEqual([]);
  });

  test('a role named like a load balancer is refused', () => {
    const pool = role('fe', [], { listeners: [listener(443)] });
    expect(thrown(() => wireRoles([pool, role('fe-nlb', [])], awsOptions())).problem).toBe('role name "fe-nlb" collides with the load balancer of "fe"');
    expect(() => wireRoles([pool, role('fe-nlb', [])], azureOptions())).not.toThrow();
  });
});
