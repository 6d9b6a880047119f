/**
 * The planner with roles of shared networks (other stacks), engine-free: flows towards them are
 * planned on this side only (their own network renders the other side, towards a stand-in), egress
 * towards a shared role with a load balancer reaches the load balancer too (AWS), a shared group's
 * flows go into its members' NSGs (Azure), stand-ins render nothing, and the groups a host joins in
 * other stacks count against the AWS interface limit.
 */
import type { Flow, Peer, RoleIntent } from '../../lib/model/intent';
import { parsePorts } from '../../lib/model/ports';
import { planNetwork, type ForeignRole, type RolePlan } from '../../lib/plan/planner';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';
import { thrown } from '../support/errors';

const hubRole = (name: string): Peer => ({ kind: 'role', role: `${name}.hub` });

function flow(direction: 'ingress' | 'egress', peer: Peer, ports: string[], transport: 'tcp' | 'udp' = 'tcp'): Flow {
  return { direction, peer, transport, ports: parsePorts(ports), catalogIds: [`test.${ports.join('_')}`], purpose: 'test' };
}

function role(name: string, flows: Flow[], extra: Partial<RoleIntent> = {}): RoleIntent {
  return { name, path: `site/${name}`, kind: 'test role', internetFacing: false, flows, listeners: [], ipsec: [], skipped: [], egress: 'declared', ...extra };
}

const foreign = (entries: [string, Partial<ForeignRole>][]): Map<string, ForeignRole> =>
  new Map(entries.map(([k, v]) => [k, { groupFlows: [], awsSecurityGroups: 1, group: false, ...v }]));
const byName = (roles: readonly RolePlan[], name: string) => roles.find((r) => r.name === name)!;

describe('planner: roles of shared networks', () => {
  test('a flow towards a shared role is planned on this side only; an unknown role is still an error', () => {
    const fe = role('fe', [flow('egress', hubRole('edge'), ['5061']), flow('ingress', hubRole('edge'), ['5061'])]);
    const plan = planNetwork([fe], { profile: AWS_PROFILE, path: 'site/net', foreign: foreign([['edge.hub', {}]]) });
    expect(plan.roles.map((r) => r.name)).toEqual(['fe']);
    expect(byName(plan.roles, 'fe').awsRules.map((r) => `${r.direction} ${r.peer.kind === 'role' ? r.peer.role : ''} ${r.range?.from}`)).toEqual(['ingress edge.hub 5061', 'egress edge.hub 5061']);
    const e = thrown(() => planNetwork([fe], { profile: AWS_PROFILE, path: 'site/net' }));
    expect(e.problem).toMatch(/refers to role "edge.hub", which is not in this network/);
  });

  test('AWS: egress towards a shared role with a load balancer also reaches the load balancer, on its ports only', () => {
    const fe = role('fe', [flow('egress', hubRole('dir'), ['443-444', '5061'])]);
    const plan = planNetwork([fe], {
      profile: AWS_PROFILE,
      path: 'site/net',
      foreign: foreign([['dir.hub', { loadBalancer: { alias: 'dir-nlb.hub', tcp: parsePorts(['443', '4443']), udp: [] } }], ['dir-nlb.hub', {}]]),
    });
    const egress = byName(plan.roles, 'fe').rules.filter((r) => r.direction === 'egress');
    expect(egress.map((r) => [r.peer.kind === 'role' ? r.peer.role : '', r.ports])).toEqual(
      expect.arrayContaining([
        ['dir.hub', parsePorts(['443-444', '5061'])],
        ['dir-nlb.hub', parsePorts(['443'])],
      ]),
    );
    expect(egress).toHaveLength(2);
  });

  test("Azure: a shared group's flows go into each member's NSG, naming the shared roles", () => {
    const members = [flow('egress', hubRole('dc'), ['88', '389']), flow('egress', hubRole('remote-fs'), ['445'])];
    const fs = role('fs', [flow('ingress', hubRole('dc-members'), ['445'])], { memberOf: ['dc-members.hub'] });
    const plan = planNetwork([fs], { profile: AZURE_PROFILE, path: 'site/net', foreign: foreign([['dc-members.hub', { group: true, groupFlows: members }], ['dc.hub', {}], ['remote-fs.hub', {}]]) });
    const rules = byName(plan.roles, 'fs').rules.filter((r) => r.access === 'allow');
    expect(rules.map((r) => `${r.direction} ${r.peer.kind === 'role' ? r.peer.role : ''}`).sort()).toEqual(['egress dc.hub', 'egress remote-fs.hub', 'ingress dc-members.hub']);
  });

  test('a stand-in gets its mirrored side for the report, but no rules to render and no deny rules', () => {
    const dc = role('dc', [flow('ingress', { kind: 'role', role: 'remote-fs' }, ['445'])]);
    const standIn = role('remote-fs', [], { remote: { members: ['site1/fs', 'site2/fs'] } });
    for (const profile of [AWS_PROFILE, AZURE_PROFILE]) {
      const plan = planNetwork([dc, standIn], { profile, path: 'hub/net' });
      const s = byName(plan.roles, 'remote-fs');
      expect(s.remote).toEqual({ members: ['site1/fs', 'site2/fs'] });
      expect(s.rules.map((r) => `${r.direction} ${r.access} ${r.priority}`)).toEqual(['egress allow 0']);
      expect(s.awsRules).toEqual([]);
    }
  });

  test('AWS: groups joined in other stacks count against the interface limit', () => {
    const fe = role('fe', [flow('egress', hubRole('edge'), ['5061'])], { memberOf: ['dc-members.hub'], joinsForeign: ['remote-fe.hub'] });
    const f = foreign([['edge.hub', {}], ['dc-members.hub', { group: true, awsSecurityGroups: 2 }], ['remote-fe.hub', {}]]);
    // 4 per interface: the interface's own (primary) group leaves 3 attachments, one short
    const e = thrown(() => planNetwork([fe], { profile: AWS_PROFILE, path: 'site/net', foreign: f, awsSecurityGroupsPerEni: 4 }));
    expect(e.problem).toBe('the hosts of role "fe" would attach 4 security groups (fe 1, dc-members.hub 2, remote-fe.hub 1), but a network interface takes at most 4, one of them its own (primary) group, so a host attaches at most 3');
    expect(planNetwork([fe], { profile: AWS_PROFILE, path: 'site/net', foreign: f, awsSecurityGroupsPerEni: 5 }).roles[0].joinsForeign).toEqual(['remote-fe.hub']);
  });
});
