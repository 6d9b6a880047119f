import fc from 'fast-check';
import { MsPortsError } from '../../lib/model/errors';
import type { Flow, Peer, RoleIntent } from '../../lib/model/intent';
import { parsePorts, size } from '../../lib/model/ports';
import { describe as describeIds, planNetwork, safeName, type RolePlan } from '../../lib/plan/planner';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';

const clients: Peer = { kind: 'cidrs', name: 'clients', cidrs: ['10.30.0.0/16'] };

function flow(ports: string[], extra: Partial<Flow> = {}): Flow {
  return { direction: 'ingress', peer: clients, transport: 'tcp', ports: parsePorts(ports), catalogIds: [`test.${ports.join('_')}`], purpose: 'test', ...extra };
}

function role(name: string, flows: Flow[], extra: Partial<RoleIntent> = {}): RoleIntent {
  return { name, path: `stack/${name}`, kind: 'test role', internetFacing: false, flows, listeners: [], ipsec: [], skipped: [], egress: 'declared', ...extra };
}

const azure = (roles: RoleIntent[]) => planNetwork(roles, { profile: AZURE_PROFILE, path: 'stack/net' });
const aws = (roles: RoleIntent[], quota?: number) => planNetwork(roles, { profile: AWS_PROFILE, path: 'stack/net', awsRulesPerSecurityGroup: quota });
const byName = (plan: { roles: readonly RolePlan[] }, name: string) => plan.roles.find((r) => r.name === name)!;

describe('planner: merging', () => {
  test('adjacent and overlapping ranges merge per (direction, peer, transport); gaps stay', () => {
    const p = byName(azure([role('a', [flow(['5061']), flow(['5062']), flow(['80']), flow(['443']), flow(['49152-57500']), flow(['57501-65535'])])]), 'a');
    const allows = p.rules.filter((r) => r.access === 'allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].ports).toEqual([
      { from: 80, to: 80 },
      { from: 443, to: 443 },
      { from: 5061, to: 5062 },
      { from: 49152, to: 65535 },
    ]);
    expect(allows[0].catalogIds).toHaveLength(6);
  });

  test('different peers, transports or directions never share a rule', () => {
    const servers: Peer = { kind: 'cidrs', name: 'servers', cidrs: ['10.10.0.0/24'] };
    const p = byName(
      azure([role('a', [flow(['5061']), flow(['5061'], { peer: servers }), flow(['5061'], { transport: 'udp' }), flow(['5061'], { direction: 'egress' })])]),
      'a',
    );
    expect(p.rules.filter((r) => r.access === 'allow').map((r) => r.name).sort()).toEqual([
      'in-from-net-clients-tcp',
      'in-from-net-clients-udp',
      'in-from-net-servers-tcp',
      'out-to-net-clients-tcp',
    ]);
  });

  test('property: the planned ports of a group are exactly the union of its flows (never widened, never lost)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 25 }), (pairs) => {
        const flows = pairs.map(([a, len]) => flow([`${a}-${Math.min(65535, a + len)}`]));
        const model = new Set<number>();
        for (const [a, len] of pairs) for (let p = a; p <= Math.min(65535, a + len); p++) model.add(p);
        const plan = byName(azure([role('a', flows)]), 'a');
        const rule = plan.rules.find((r) => r.access === 'allow')!;
        const got = new Set<number>();
        for (const r of rule.ports) for (let p = r.from; p <= r.to; p++) got.add(p);
        expect([...got].sort((x, y) => x - y)).toEqual([...model].sort((x, y) => x - y));
        expect(size(rule.ports)).toBe(model.size);
      }),
      { numRuns: 200 },
    );
  });
});

describe('planner: role references', () => {
  test('a flow from another role is mirrored as that role\'s egress', () => {
    const plan = aws([role('fe', [flow(['5061'], { peer: { kind: 'role', role: 'dir' } })]), role('dir', [])]);
    const dir = byName(plan, 'dir');
    expect(dir.rules).toHaveLength(1);
    expect(dir.rules[0]).toMatchObject({ direction: 'egress', peer: { kind: 'role', role: 'fe' }, ports: [{ from: 5061, to: 5061 }] });
  });

  test('an unknown role is an error naming the construct', () => {
    expect(() => aws([role('fe', [flow(['5061'], { peer: { kind: 'role', role: 'nope' } })])])).toThrow(/stack\/fe: .*"nope".*Fix:/);
  });

  test('two roles with one name are an error', () => {
    expect(() => azure([role('fe', []), role('fe', [])])).toThrow(MsPortsError);
  });
});

describe('planner: Azure priorities and names', () => {
  const names = Array.from({ length: 40 }, (_, i) => ({ kind: 'cidrs', name: `peer${i}`, cidrs: [`10.${i}.0.0/16`] }) as Peer);

  test('priorities are unique per direction, within 100-3999 for allows; deny-all at 4096', () => {
    const p = byName(azure([role('a', names.map((peer) => flow(['443'], { peer })))]), 'a');
    const allows = p.rules.filter((r) => r.access === 'allow');
    expect(new Set(allows.map((r) => r.priority)).size).toBe(allows.length);
    for (const r of allows) expect(r.priority >= 100 && r.priority <= 3999).toBe(true);
    expect(p.rules.filter((r) => r.access === 'deny').map((r) => [r.direction, r.priority])).toEqual([
      ['ingress', 4096],
      ['egress', 4096],
    ]);
  });

  test('adding a rule keeps every other rule\'s name and priority', () => {
    const before = byName(azure([role('a', names.slice(0, 20).map((peer) => flow(['443'], { peer })))]), 'a');
    const after = byName(azure([role('a', names.slice(0, 21).map((peer) => flow(['443'], { peer })))]), 'a');
    const key = (p: RolePlan) => p.rules.map((r) => `${r.direction} ${r.name} ${r.priority}`);
    for (const k of key(before)) expect(key(after)).toContain(k);
    expect(key(after)).toHaveLength(key(before).length + 1);
  });

  test('allow-all egress, chosen with a reason, drops the outbound deny', () => {
    const p = byName(azure([role('a', [flow(['443'])], { egress: { allowAllReason: 'patching through a proxy' } })]), 'a');
    expect(p.rules.some((r) => r.name === 'deny-all-outbound')).toBe(false);
    expect(p.egressAllowAllReason).toBe('patching through a proxy');
  });

  test('an invalid priority range is refused', () => {
    expect(() => planNetwork([role('a', [flow(['443'])])], { profile: AZURE_PROFILE, path: 'stack/net', azurePriorityRange: { from: 50, to: 200 } })).toThrow(/stack\/net: priorityRange 50-200 is invalid/);
  });

  test('safeName fits the Azure rule name rule and stays stable', () => {
    const long = safeName(`in-from-net-${'x'.repeat(200)}-tcp`);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(AZURE_PROFILE.ruleNamePattern);
    expect(safeName(`in-from-net-${'x'.repeat(200)}-tcp`)).toBe(long);
    expect(safeName('-a b/c_')).toBe('a-b-c');
  });
});

describe('planner: descriptions', () => {
  test('descriptions cite ids and fit the cloud; ids that do not fit are counted, not cut silently', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `sfb.fe.some-service.${5000 + i}`);
    const d = describeIds('in tcp 5000-5029', ids, AZURE_PROFILE);
    expect(d.length).toBeLessThanOrEqual(140);
    const shown = ids.filter((id) => d.includes(id)).length;
    expect(shown).toBeGreaterThan(0);
    expect(d).toContain(`+${ids.length - shown} more, see report`);
    const a = describeIds('tcp 5061', ids, AWS_PROFILE);
    expect(a.length).toBeLessThanOrEqual(255);
    expect(a).toMatch(AWS_PROFILE.descriptionCharset);
  });
});

describe('planner: self-checks', () => {
  test('the whole internet is refused for a role that is not internet-facing', () => {
    expect(() => aws([role('a', [flow(['443'], { peer: { kind: 'internet' } })])])).toThrow(/not internet-facing.*Fix:/);
    expect(() => aws([role('a', [flow(['443'], { peer: { kind: 'cidrs', name: 'c', cidrs: ['0.0.0.0/0'] } })])])).toThrow(/internet/);
  });

  test('internet-facing roles may face the internet, but not on management ports without a reason', () => {
    const edge = (f: Flow) => role('edge', [f], { internetFacing: true });
    // on its documented internet rows only (the reverse proxy's HTTPS row, peer class internet)...
    expect(() => aws([edge(flow(['443'], { peer: { kind: 'internet' }, catalogIds: ['sfb.rp-ext.https.tcp.443'] }))])).not.toThrow();
    // ...not on a port or a row the catalog does not give it (issue 23)
    expect(() => aws([edge(flow(['443'], { peer: { kind: 'internet' } }))])).toThrow(/MSP-INTERNET-EXPOSURE.*internet-facing only on its documented internet rows/);
    expect(() => aws([edge(flow(['8443'], { peer: { kind: 'internet' }, catalogIds: ['sfb.rp-ext.https.tcp.443'] }))])).toThrow(/MSP-INTERNET-EXPOSURE/);
    expect(() => aws([edge(flow(['3389'], { peer: { kind: 'internet' } }))])).toThrow(/management port\(s\) 3389/);
    const ok = aws([edge(flow(['3389'], { peer: { kind: 'internet' }, justification: 'break-glass access for the lab' }))]);
    const rules = byName(ok, 'edge').awsRules;
    expect(rules.map((r) => r.peer.kind === 'cidr' && r.peer.cidr.text).sort()).toEqual(['0.0.0.0/0', '::/0']);
    expect(rules[0].description).toContain('justified: break-glass access for the lab');
  });

  test('port-less transports carry no ports', () => {
    expect(() => aws([role('a', [flow(['47'], { transport: 'gre' })])])).toThrow(/GRE carries no ports/);
  });

  test('AWS quota: counted per direction and IP version, raised by the option', () => {
    const many: Peer = { kind: 'cidrs', name: 'many', cidrs: Array.from({ length: 31 }, (_, i) => `10.${i}.0.0/16`) };
    const two = flow(['80', '443'], { peer: many });
    // Over the quota, the rules spread over a second security group for the same hosts...
    const spread = byName(aws([role('a', [two])]), 'a');
    expect(spread.awsRules).toHaveLength(62);
    expect(spread.awsSecurityGroups).toBe(2);
    for (const g of [0, 1]) expect(spread.awsRules.filter((r) => (r.group ?? 0) === g).length).toBeLessThanOrEqual(60);
    // ...and fail only when the hosts cannot attach that many groups.
    expect(() => planNetwork([role('a', [two])], { profile: AWS_PROFILE, path: 'net', awsSecurityGroupsPerEni: 1 })).toThrow(/need 2 security groups \(62 inbound IPv4 rules at 60 per group\).*takes at most 1 security groups.*Fix: .*securityGroupsPerNetworkInterface/);
    const raised = byName(aws([role('a', [two])], 62), 'a');
    expect(raised.awsRules).toHaveLength(62);
    expect(raised.awsSecurityGroups).toBe(1);
    const v6: Peer = { kind: 'cidrs', name: 'v6', cidrs: Array.from({ length: 30 }, (_, i) => `fd00:${(i + 1).toString(16)}::/32`) };
    // 60 IPv4 + 60 IPv6 fit the default quota: the limits are separate
    const plan = aws([role('a', [flow(['80', '443'], { peer: { ...many, cidrs: many.cidrs.slice(0, 30) } }), flow(['80', '443'], { peer: v6 })])]);
    expect(byName(plan, 'a').awsRules).toHaveLength(120);
  });

  test('AWS groups per interface count the interface\'s own (primary) group: 5 per interface leave 4 attachments', () => {
    const groups = ['g1', 'g2', 'g3', 'g4'].map((g) => role(g, [flow(['445'])], { group: true }));
    const member = (memberOf: string[]) => role('a', [flow(['80'])], { memberOf });
    // the role's own group and three it joins: four attachments, the interface's own makes five
    const fits = planNetwork([...groups, member(['g1', 'g2', 'g3'])], { profile: AWS_PROFILE, path: 'net' });
    expect(byName(fits, 'a').memberOf).toEqual(['g1', 'g2', 'g3']);
    // a fourth group would be the sixth on the interface
    expect(() => planNetwork([...groups, member(['g1', 'g2', 'g3', 'g4'])], { profile: AWS_PROFILE, path: 'net' })).toThrow(
      /stack\/a: the hosts of role "a" would attach 5 security groups \(a 1, g1 1, g2 1, g3 1, g4 1\), but a network interface takes at most 5, one of them its own \(primary\) group, so a host attaches at most 4.*Fix: .*securityGroupsPerNetworkInterface to at least 6/,
    );
    // a raised quota takes it
    expect(() => planNetwork([...groups, member(['g1', 'g2', 'g3', 'g4'])], { profile: AWS_PROFILE, path: 'net', awsSecurityGroupsPerEni: 6 })).not.toThrow();
    // a role spread over groups of its own counts them too: 2 of its own + 3 joined = 5 > 4
    const many: Peer = { kind: 'cidrs', name: 'many', cidrs: Array.from({ length: 31 }, (_, i) => `10.${i}.0.0/16`) };
    const big = role('a', [flow(['80', '443'], { peer: many })], { memberOf: ['g1', 'g2', 'g3'] });
    expect(() => planNetwork([...groups, big], { profile: AWS_PROFILE, path: 'net' })).toThrow(/need 2 security groups .*so a host attaches at most 4, and the role's hosts also join 3 group\(s\), which leaves room for 1/);
    // with one security group per interface nothing can be attached: even a lone role is refused
    expect(() => planNetwork([role('a', [flow(['80'])])], { profile: AWS_PROFILE, path: 'net', awsSecurityGroupsPerEni: 1 })).toThrow(/so a host attaches at most 0/);
  });

  test('the plan is deterministic', () => {
    const input = () => [role('fe', [flow(['5061']), flow(['80'], { peer: { kind: 'role', role: 'dir' } })]), role('dir', [flow(['444'])])];
    expect(JSON.stringify(azure(input()))).toBe(JSON.stringify(azure(input())));
    expect(JSON.stringify(aws(input()))).toBe(JSON.stringify(aws(input())));
  });
});
