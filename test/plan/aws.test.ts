/**
 * Stage "fit AWS" (lib/plan/aws.ts): rule resources per peer address and range, never wider than
 * the rule, each citing its own range's ids; spread within the quota; the interface limit.
 */
import fc from 'fast-check';
import type { Peer } from '../../lib/model/intent';
import { normalize, type PortRange } from '../../lib/model/ports';
import { awsPeers, checkGroupsPerInterface, expandAws, overlapping, spreadOverGroups } from '../../lib/plan/aws';
import type { AwsRuleResource, Contribution, PlannedRule, RolePlan } from '../../lib/plan/types';
import { thrown } from '../support/errors';
import { awsOptions, portSet, role, smallRanges, sorted } from './stage-fixtures';

function planned(name: string, peer: PlannedRule['peer'], contributions: Contribution[], extra: Partial<PlannedRule> = {}): PlannedRule {
  const ids = [...new Set(contributions.flatMap((c) => c.catalogIds))].sort();
  return { name, access: 'allow', direction: 'ingress', peer, transport: 'tcp', ports: normalize(contributions.flatMap((c) => c.ports)), catalogIds: ids, contributions, priority: 0, description: '', ...extra };
}
const contribution = (id: string, ports: PortRange[], justification?: string): Contribution => ({ catalogIds: [id], ports: normalize(ports), purpose: id, ...(justification ? { justification } : {}) });
const peerText = (r: AwsRuleResource) => (r.peer.kind === 'cidr' ? r.peer.cidr.text : r.peer.kind === 'role' ? `role ${r.peer.role}` : `pl ${r.peer.name}`);

const twoNets: Peer = { kind: 'cidrs', name: 'nets', cidrs: ['10.1.0.0/16', '10.2.0.0/16'] };

describe('aws: expandAws', () => {
  test('property: per peer address, the resources cover exactly the rule\'s ports, one per range; each cites exactly the contributions it overlaps', () => {
    const contributions = fc.array(fc.tuple(fc.constantFrom('a.1', 'b.2', 'c.3', 'd.4'), smallRanges), { minLength: 1, maxLength: 6 }).map((l) => l.map(([id, ports]) => contribution(id, ports)));
    fc.assert(
      fc.property(contributions, (list) => {
        const rule = planned('in-from-net-nets-tcp', twoNets, list);
        const out = expandAws(role('a', []), [rule], awsOptions({ awsRulesPerSecurityGroup: 1000 }));
        for (const cidr of twoNets.kind === 'cidrs' ? twoNets.cidrs : []) {
          const mine = out.filter((r) => peerText(r) === cidr);
          expect(mine).toHaveLength(rule.ports.length);
          expect(sorted(mine.flatMap((r) => [...portSet([r.range!])]))).toEqual(sorted(portSet(list.flatMap((c) => c.ports))));
          for (const r of mine) {
            const range = portSet([r.range!]);
            const expectedIds = [...new Set(list.filter((c) => [...portSet(c.ports)].some((p) => range.has(p))).flatMap((c) => c.catalogIds))].sort();
            expect(r.catalogIds).toEqual(expectedIds);
            expect(r).toMatchObject({ rule: rule.name, direction: 'ingress', transport: 'tcp', weight: 1 });
            // Within the quota: the role's own group.
            expect(r.group ?? 0).toBe(0);
          }
        }
        expect(out).toHaveLength(rule.ports.length * 2);
      }),
      { numRuns: 150 },
    );
  });

  test('resources in key order, ingress first; the internet is 0.0.0.0/0 and ::/0; a port-less rule is one resource', () => {
    const rules = [
      planned('out-to-role-dc-tcp', { kind: 'role', role: 'dc' }, [contribution('kb.88', [{ from: 88, to: 88 }])], { direction: 'egress' }),
      planned('in-from-internet-tcp', { kind: 'internet' }, [contribution('edge.443', [{ from: 443, to: 443 }], 'public service')]),
      planned('in-from-net-nets-icmp', twoNets, [{ catalogIds: ['ping'], ports: [], purpose: 'ping' }], { transport: 'icmp', ports: [] }),
    ];
    const out = expandAws(role('a', []), rules, awsOptions());
    expect(out.map((r) => [r.direction, r.key, peerText(r), r.range ?? 'all'])).toEqual([
      ['ingress', 'in-from-internet-tcp-443-0', '::/0', { from: 443, to: 443 }],
      ['ingress', 'in-from-internet-tcp-443-0.0.0.0-0', '0.0.0.0/0', { from: 443, to: 443 }],
      ['ingress', 'in-from-net-nets-icmp-all-10.1.0.0-16', '10.1.0.0/16', 'all'],
      ['ingress', 'in-from-net-nets-icmp-all-10.2.0.0-16', '10.2.0.0/16', 'all'],
      ['egress', 'out-to-role-dc-tcp-88', 'role dc', { from: 88, to: 88 }],
    ]);
    expect(out[1].description).toBe('tcp 443 0.0.0.0/0 justified: public service: edge.443');
    expect(out[2].catalogIds).toEqual(['ping']);
  });

  test('a prefix list is one resource per range, weighing its max entries; one IP version, within 1000 entries', () => {
    const hint = { name: 'o365', maxEntries: 20, description: 'endpoint set 1' };
    const pl: Peer = { kind: 'cidrs', name: 'o365', cidrs: ['10.1.0.0/16', '10.2.0.0/16'], prefixList: hint };
    const out = expandAws(role('a', []), [planned('out-to-net-o365-tcp', pl, [contribution('o.1', [{ from: 80, to: 80 }, { from: 443, to: 443 }])], { direction: 'egress' })], awsOptions());
    expect(out.map((r) => [peerText(r), r.weight, r.range])).toEqual([
      ['pl o365', 20, { from: 443, to: 443 }],
      ['pl o365', 20, { from: 80, to: 80 }],
    ]);
    const mixed = { ...pl, cidrs: ['10.1.0.0/16', 'fd00::/8'] };
    expect(thrown(() => awsPeers(role('a', []), planned('r', mixed, []))).problem).toBe('prefix list "o365" (peer group "o365") mixes IPv4 and IPv6 addresses');
    const small = { ...pl, prefixList: { ...hint, maxEntries: 1 } };
    expect(thrown(() => awsPeers(role('a', []), planned('r', small, []))).problem).toBe('prefix list "o365" has max entries 1 for 2 CIDRs');
  });

  test('exhaustive: a health-probe or any-peer rule never reaches AWS quietly', () => {
    expect(() => awsPeers(role('a', []), planned('in-from-lbprobe-tcp', { kind: 'lb-probe' }, []))).toThrow(/internal: AWS rule "in-from-lbprobe-tcp" of role "a" names peer kind "lb-probe"/);
    expect(() => awsPeers(role('a', []), planned('deny-all-inbound', { kind: 'any' }, []))).toThrow(/names peer kind "any"/);
  });

  test('overlapping: each range gets the contributions that touch it, in contribution order, once', () => {
    const list = [contribution('a', [{ from: 1, to: 5 }, { from: 20, to: 20 }]), contribution('b', [{ from: 4, to: 30 }])];
    expect(overlapping(list, [{ from: 1, to: 10 }, { from: 20, to: 30 }]).map((cs) => cs.map((c) => c.purpose))).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    expect(overlapping(list, [{ from: 1, to: 3 }, { from: 25, to: 25 }]).map((cs) => cs.map((c) => c.purpose))).toEqual([['a'], ['b']]);
  });
});

describe('aws: spreadOverGroups', () => {
  const many = (n: number, v6 = false): Peer => ({ kind: 'cidrs', name: v6 ? 'v6' : 'v4', cidrs: Array.from({ length: n }, (_, i) => (v6 ? `fd00:${(i + 1).toString(16)}::/32` : `10.${i}.0.0/16`)) });
  const webRule = (peer: Peer, name = `in-from-net-${peer.kind === 'cidrs' ? peer.name : ''}-tcp`) => planned(name, peer, [contribution('w.1', [{ from: 80, to: 80 }, { from: 443, to: 443 }])]);

  test('property: every group holds at most the quota per direction and IP version; a peer\'s ranges of one rule share a group; input order changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 2, max: 8 }), (v4, v6, quota) => {
        const rules = [webRule(many(v4)), ...(v6 ? [webRule(many(v6, true))] : [])];
        const options = awsOptions({ awsRulesPerSecurityGroup: quota, awsSecurityGroupsPerEni: 16 });
        const out = expandAws(role('a', []), rules, options);
        expect(expandAws(role('a', []), [...rules].reverse(), options)).toEqual(out);
        const load = new Map<string, number>();
        for (const r of out) {
          const k = `${r.group ?? 0} ${r.direction} ${r.peer.kind === 'cidr' ? r.peer.cidr.version : 4}`;
          load.set(k, (load.get(k) ?? 0) + r.weight);
        }
        expect([...load.values()].every((n) => n <= quota)).toBe(true);
        const groupOfPeer = new Map<string, Set<number>>();
        for (const r of out) groupOfPeer.set(`${r.rule} ${peerText(r)}`, (groupOfPeer.get(`${r.rule} ${peerText(r)}`) ?? new Set()).add(r.group ?? 0));
        expect([...groupOfPeer.values()].every((s) => s.size === 1)).toBe(true);
        expect(out).toHaveLength(2 * (v4 + v6));
      }),
      { numRuns: 100 },
    );
  });

  test('within the quota nothing moves; the groups are first-fit in key order', () => {
    const rules = expandAws(role('a', []), [webRule(many(3))], awsOptions({ awsRulesPerSecurityGroup: 4, awsSecurityGroupsPerEni: 16 }));
    expect(rules.map((r) => `${r.group} ${peerText(r)} ${r.range!.from}`)).toEqual([
      '0 10.0.0.0/16 443',
      '0 10.1.0.0/16 443',
      '1 10.2.0.0/16 443',
      '0 10.0.0.0/16 80',
      '0 10.1.0.0/16 80',
      '1 10.2.0.0/16 80',
    ]);
    const fits = expandAws(role('a', []), [webRule(many(3))], awsOptions());
    expect(fits.every((r) => (r.group ?? 0) === 0)).toBe(true);
  });

  test('refused: one peer\'s ranges over the quota; more groups than the interface can attach', () => {
    const wide = planned('in-from-net-v4-tcp', many(1), [contribution('w', [{ from: 80, to: 80 }, { from: 443, to: 443 }, { from: 8080, to: 8080 }])]);
    const e = thrown(() => expandAws(role('a', []), [wide], awsOptions({ awsRulesPerSecurityGroup: 2 })));
    expect(e.problem).toBe('rule "in-from-net-v4-tcp" of role "a" needs 3 inbound rules for one peer, over the quota of 2 per security group');
    // 2 x 6 resources at 2 per group: 6 groups; 5 per interface leave the role 4 of its own less the 1 it joins.
    const member = role('a', [], { memberOf: ['g'] });
    const f = thrown(() => expandAws(member, [webRule(many(6))], awsOptions({ awsRulesPerSecurityGroup: 2 })));
    expect(f.problem).toMatch(/^the rules of role "a" need 6 security groups \(12 inbound IPv4 rules at 2 per group\).*also join 1 group\(s\), which leaves room for 3$/);
    expect(() => spreadOverGroups(member, [], 2, awsOptions())).not.toThrow();
  });
});

describe('aws: checkGroupsPerInterface', () => {
  const plan = (name: string, extra: Partial<RolePlan> = {}): RolePlan => ({
    name,
    path: `stack/${name}`,
    kind: 'k',
    internetFacing: false,
    synthetic: false,
    rules: [],
    awsRules: [],
    awsSecurityGroups: 1,
    listeners: [],
    ipsec: [],
    skipped: [],
    group: false,
    memberOf: [],
    ...extra,
  });

  test('a host attaches its own groups and each joined group\'s: at most the interface\'s groups less its primary one', () => {
    const groups = [plan('g1', { group: true, awsSecurityGroups: 2 }), plan('g2', { group: true })];
    expect(() => checkGroupsPerInterface([...groups, plan('a', { memberOf: ['g1', 'g2'] })], awsOptions())).not.toThrow();
    const e = thrown(() => checkGroupsPerInterface([...groups, plan('a', { memberOf: ['g1', 'g2'], awsSecurityGroups: 2 })], awsOptions()));
    expect(e.problem).toBe('the hosts of role "a" would attach 5 security groups (a 2, g1 2, g2 1), but a network interface takes at most 5, one of them its own (primary) group, so a host attaches at most 4');
    expect(() => checkGroupsPerInterface([...groups, plan('a', { memberOf: ['g1', 'g2'], awsSecurityGroups: 2 })], awsOptions({ awsSecurityGroupsPerEni: 6 }))).not.toThrow();
  });

  test('shared groups count with their own size, once even when also a member; groups, load balancers, outside and remote roles attach nothing', () => {
    const foreign = new Map([['hub.g', { groupFlows: [], awsSecurityGroups: 3, group: true }]]);
    expect(() => checkGroupsPerInterface([plan('a', { joinsForeign: ['hub.g'], memberOf: ['hub.g'] })], awsOptions({ foreign }))).not.toThrow();
    expect(() => checkGroupsPerInterface([plan('a', { joinsForeign: ['hub.g'], awsSecurityGroups: 2 })], awsOptions({ foreign }))).toThrow(/would attach 5 security groups \(a 2, hub.g 3\)/);
    const heavy = { memberOf: ['x', 'y', 'z', 'w', 'v'] };
    for (const extra of [{ group: true }, { synthetic: true }, { outside: { cidrs: ['10.0.0.0/8'] } }, { remote: { members: ['m'] } }]) {
      expect(() => checkGroupsPerInterface([plan('a', { ...heavy, ...extra })], awsOptions())).not.toThrow();
    }
  });
});
