/**
 * Deployable as synthesized (issue 22 item 6): the checks of lib/verify/deployable.ts, each shown
 * firing on a bad hand-made Terraform JSON and passing on a good one, and then run over every
 * example stack (examples/, both clouds, the multi-stack apps as apps) and every stack the README's
 * programs synthesize. What the clouds reject at apply, `terraform validate` does not see.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { HubAwsStack, SiteAwsStack } from '../../examples/multi-stack/aws';
import { HubAzureStack, SiteAzureStack } from '../../examples/multi-stack/azure';
import {
  ASG_VIRTUAL_NETWORK_TAG,
  AWS_ID,
  checkDeployable,
  malformedAwsIds,
  type DeployCheck,
  type DeployJson,
  type DeployOptions,
  type DeployProblem,
  type DeployStack,
} from '../../lib/verify/deployable';
import { readmeStacks, README } from '../support/readme';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const one = (resource: Resources, output?: DeployJson['output']): DeployStack[] => [{ name: 's', json: { resource, ...(output ? { output } : {}) } }];
const fired = (stacks: DeployStack[], check: DeployCheck, options?: DeployOptions): DeployProblem[] => checkDeployable(stacks, options).problems.filter((p) => p.check === check);
const many = <T>(n: number, f: (i: number) => T): Record<string, T> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`r${i}`, f(i)]));

describe('Azure load balancer rules', () => {
  const lb = '${azurerm_lb.lb.id}';
  const pool = '${azurerm_lb_backend_address_pool.pool.id}';
  const rule = (frontend: string, protocol: string, port: number, extra: Record<string, unknown> = {}) => ({
    loadbalancer_id: lb,
    frontend_ip_configuration_name: frontend,
    protocol,
    frontend_port: port,
    backend_port: port,
    backend_address_pool_ids: [pool],
    ...extra,
  });
  const stack = (rules: Record<string, Record<string, unknown>>) => one({ azurerm_lb: { lb: {} }, azurerm_lb_backend_address_pool: { pool: {} }, azurerm_lb_rule: rules });

  test('a frontend takes one rule per port and protocol (All is TCP and UDP)', () => {
    expect(fired(stack({ a: rule('access', 'Tcp', 443), b: rule('access', 'Tcp', 443, { backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.other.id}'] }) }), 'azure-lb-frontend')).toEqual([
      expect.objectContaining({ resource: 'azurerm_lb_rule.b', problem: expect.stringMatching(/frontend "access" already has a rule for TCP 443 \(azurerm_lb_rule\.a\)/) }),
    ]);
    expect(fired(stack({ a: rule('access', 'All', 3478), b: rule('access', 'Udp', 3478, { backend_port: 3479 }) }), 'azure-lb-frontend')).toHaveLength(1);
    // other frontends, other protocols: fine
    expect(fired(stack({ a: rule('access', 'Tcp', 443), b: rule('webconf', 'Tcp', 443, { backend_port: 444 }), c: rule('access', 'Udp', 443, { backend_port: 445 }) }), 'azure-lb-frontend')).toEqual([]);
  });

  test('a backend pool takes one rule per backend port and protocol unless they all use floating IP', () => {
    const bad = stack({ access: rule('access', 'Tcp', 443), webconf: rule('webconf', 'Tcp', 443), av: rule('av', 'Tcp', 443) });
    expect(fired(bad, 'azure-lb-backend').map((p) => p.resource)).toEqual(['azurerm_lb_rule.webconf', 'azurerm_lb_rule.av']);
    expect(fired(bad, 'azure-lb-backend')[0].problem).toMatch(/already takes TCP 443 from azurerm_lb_rule\.access.*floating IP/);
    const floating = stack({ access: rule('access', 'Tcp', 443, { enable_floating_ip: true }), webconf: rule('webconf', 'Tcp', 443, { enable_floating_ip: true }) });
    expect(fired(floating, 'azure-lb-backend')).toEqual([]);
    const pools = stack({ access: rule('access', 'Tcp', 443), webconf: rule('webconf', 'Tcp', 443, { backend_address_pool_ids: ['${azurerm_lb_backend_address_pool.webconf.id}'] }) });
    expect(fired(pools, 'azure-lb-backend')).toEqual([]);
  });
});

describe('Azure NSGs', () => {
  const nsg = '${azurerm_network_security_group.nsg.name}';
  const rule = (priority: number, extra: Record<string, unknown> = {}) => ({ network_security_group_name: nsg, resource_group_name: 'rg', priority, direction: 'Inbound', access: 'Allow', ...extra });
  const stack = (rules: Record<string, Record<string, unknown>>) => one({ azurerm_network_security_group: { nsg: {} }, azurerm_network_security_rule: rules });

  test('at most 1,000 rules per NSG, inline rules counted with the standalone ones', () => {
    expect(fired(stack(many(1000, (i) => rule(100 + i))), 'azure-nsg-rules')).toEqual([]);
    const over = one({ azurerm_network_security_group: { nsg: { security_rule: [rule(50 + 4000)] } }, azurerm_network_security_rule: many(1000, (i) => rule(100 + i)) });
    expect(fired(over, 'azure-nsg-rules')).toEqual([expect.objectContaining({ resource: 'azurerm_network_security_group.nsg', problem: '1001 rules, over the 1000 an NSG takes' })]);
  });

  test('at most 4,000 source and destination address prefixes per NSG; service tags and * are not addresses', () => {
    const prefixes = (n: number) => Array.from({ length: n }, (_, i) => `10.${Math.floor(i / 250)}.${i % 250}.0/24`);
    const ok = stack({ a: rule(100, { source_address_prefixes: prefixes(2000), destination_address_prefix: 'VirtualNetwork' }), b: rule(101, { destination_address_prefixes: prefixes(2000), source_address_prefix: '*' }) });
    expect(fired(ok, 'azure-nsg-prefixes')).toEqual([]);
    const bad = stack({ a: rule(100, { source_address_prefixes: prefixes(2000), destination_address_prefix: '10.9.9.9' }), b: rule(101, { destination_address_prefixes: prefixes(2000) }) });
    expect(fired(bad, 'azure-nsg-prefixes')).toEqual([expect.objectContaining({ problem: '4001 source and destination address prefixes, over the 4000 an NSG takes' })]);
  });

  test('priorities are 100-4096 and unique per direction', () => {
    expect(fired(stack({ a: rule(100), b: rule(100, { direction: 'Outbound' }), c: rule(4096) }), 'azure-nsg-priority')).toEqual([]);
    const bad = fired(stack({ a: rule(100), b: rule(100), c: rule(99), d: rule(4097) }), 'azure-nsg-priority');
    expect(bad.map((p) => [p.resource, p.problem])).toEqual([
      ['azurerm_network_security_rule.b', 'priority 100 Inbound is already taken by azurerm_network_security_rule.a in the same NSG'],
      ['azurerm_network_security_rule.c', 'priority 99 is outside 100-4096'],
      ['azurerm_network_security_rule.d', 'priority 4097 is outside 100-4096'],
    ]);
    // two NSGs may use the same priority
    const two = one({ azurerm_network_security_group: { nsg: {}, other: {} }, azurerm_network_security_rule: { a: rule(100), b: rule(100, { network_security_group_name: '${azurerm_network_security_group.other.name}' }) } });
    expect(fired(two, 'azure-nsg-priority')).toEqual([]);
  });

  test('a rule names application security groups of one virtual network, also across stacks', () => {
    const asg = (rg: string, vnet?: string) => ({ resource_group_name: rg, tags: { 'ms-ports-role': 'x', ...(vnet ? { [ASG_VIRTUAL_NETWORK_TAG]: vnet } : {}) } });
    const rule2 = { ...rule(100), source_application_security_group_ids: ['${azurerm_application_security_group.a.id}'], destination_application_security_group_ids: ['${azurerm_application_security_group.b.id}'] };
    const withAsgs = (a: Record<string, unknown>, b: Record<string, unknown>) => one({ azurerm_network_security_group: { nsg: {} }, azurerm_application_security_group: { a, b }, azurerm_network_security_rule: { r: rule2 } });
    // one network (stack and resource group), named or not: fine
    expect(fired(withAsgs(asg('rg'), asg('rg')), 'azure-asg-virtual-network')).toEqual([]);
    expect(fired(withAsgs(asg('rg-hub', 'vnet-uc'), asg('rg-site', 'vnet-uc')), 'azure-asg-virtual-network')).toEqual([]);
    // two virtual networks
    expect(fired(withAsgs(asg('rg-hub', 'vnet-hub'), asg('rg-site', 'vnet-site')), 'azure-asg-virtual-network')).toEqual([
      expect.objectContaining({ problem: expect.stringMatching(/virtual networks vnet-hub and vnet-site/) }),
    ]);
    // two networks, one of which leaves its virtual network out
    expect(fired(withAsgs(asg('rg-hub', 'vnet-uc'), asg('rg-site')), 'azure-asg-virtual-network')).toEqual([
      expect.objectContaining({ problem: expect.stringMatching(/of 2 networks .*the virtual network of s\/rg-site is not named/) }),
    ]);
    // across stacks, through a cdktf cross-stack reference
    const hub: DeployStack = { name: 'hub', json: { resource: { azurerm_application_security_group: { dc: asg('rg-hub', 'vnet-uc') } }, output: { 'cross-stack-output-dc': { value: '${azurerm_application_security_group.dc.id}' } } } };
    const site = (vnet?: string): DeployStack => ({
      name: 'site',
      json: {
        resource: {
          azurerm_network_security_group: { nsg: {} },
          azurerm_application_security_group: { fe: asg('rg-site', vnet) },
          azurerm_network_security_rule: {
            r: { ...rule(100), source_application_security_group_ids: ['${data.terraform_remote_state.cross-stack-reference-input-hub.outputs.cross-stack-output-dc}'], destination_application_security_group_ids: ['${azurerm_application_security_group.fe.id}'] },
          },
        },
      },
    });
    expect(fired([hub, site('vnet-uc')], 'azure-asg-virtual-network')).toEqual([]);
    expect(fired([hub, site('vnet-other')], 'azure-asg-virtual-network')).toHaveLength(1);
    expect(fired([hub, site()], 'azure-asg-virtual-network')).toHaveLength(1);
    // an ASG the stacks do not hold cannot be judged: said, not guessed
    expect(checkDeployable([site('vnet-uc')]).unresolved).toEqual([expect.stringMatching(/cross-stack-output-dc\} is not a resource of these stacks/)]);
  });
});

describe('AWS security groups', () => {
  const sgs = (n: number, vpc = 'vpc-0abc1234def567890') => many(n, () => ({ vpc_id: vpc }));
  const attach = (eni: string, n: number) => many(n, (i) => ({ network_interface_id: eni, security_group_id: `\${aws_security_group.r${i}.id}` }));

  test('groups per interface count its own group: 4 attachments fit the default 5, 5 do not', () => {
    expect(fired(one({ aws_security_group: sgs(5), aws_network_interface_sg_attachment: attach('eni-0123456789abcdef0', 4) }), 'aws-groups-per-interface')).toEqual([]);
    expect(fired(one({ aws_security_group: sgs(5), aws_network_interface_sg_attachment: attach('eni-0123456789abcdef0', 5) }), 'aws-groups-per-interface')).toEqual([
      expect.objectContaining({ problem: 'network interface eni-0123456789abcdef0 would have 6 security groups (1 of its own and 5 attached), over the 5 an interface takes' }),
    ]);
    // a raised quota takes them
    expect(fired(one({ aws_security_group: sgs(5), aws_network_interface_sg_attachment: attach('eni-0123456789abcdef0', 5) }), 'aws-groups-per-interface', { awsSecurityGroupsPerInterface: 6 })).toEqual([]);
    // an interface of the stack counts the groups it names itself
    const own = one({ aws_security_group: sgs(5), aws_network_interface: { n: { security_groups: ['sg-0123456789abcdef0', 'sg-0123456789abcdef1'] } }, aws_network_interface_sg_attachment: attach('${aws_network_interface.n.id}', 4) });
    expect(fired(own, 'aws-groups-per-interface')[0].problem).toMatch(/6 security groups \(2 of its own and 4 attached\)/);
    // the same group attached twice counts once
    const twice = { ...attach('eni-0123456789abcdef0', 4), again: { network_interface_id: 'eni-0123456789abcdef0', security_group_id: '${aws_security_group.r0.id}' } };
    expect(fired(one({ aws_security_group: sgs(5), aws_network_interface_sg_attachment: twice }), 'aws-groups-per-interface')).toEqual([]);
  });

  test('a role\'s boundary output: its hosts attach its group and every alsoAttach, plus their own', () => {
    const boundary = (n: number) => ({ 'net-fe-boundary': { value: { role: 'fe', securityGroupId: '${aws_security_group.r0.id}', alsoAttach: Array.from({ length: n }, (_, i) => `\${aws_security_group.r${i + 1}.id}`) } } });
    expect(fired(one({ aws_security_group: sgs(6) }, boundary(3)), 'aws-groups-per-interface')).toEqual([]);
    expect(fired(one({ aws_security_group: sgs(6) }, boundary(4)), 'aws-groups-per-interface')).toEqual([
      expect.objectContaining({ resource: 'output.net-fe-boundary', problem: expect.stringMatching(/role "fe" must attach 5 security groups .* that is 6, over the 5/) }),
    ]);
  });

  test('rules per group, direction and IP version: CIDRs count 1, group references 1 in each version, prefix lists their max entries', () => {
    const rule = (extra: Record<string, unknown>) => ({ security_group_id: '${aws_security_group.g.id}', ip_protocol: 'tcp', from_port: 443, to_port: 443, ...extra });
    const v4 = (n: number) => many(n, (i) => rule({ cidr_ipv4: `10.${i}.0.0/16` }));
    const v6 = (n: number) => Object.fromEntries(Object.entries(many(n, (i) => rule({ cidr_ipv6: `fd00:${i + 1}::/32` }))).map(([k, v]) => [`v6${k}`, v]));
    const refs = (n: number) => Object.fromEntries(Object.entries(many(n, () => rule({ referenced_security_group_id: '${aws_security_group.peer.id}' }))).map(([k, v]) => [`ref${k}`, v]));
    const base = { aws_security_group: { g: { vpc_id: 'vpc-0abc1234def567890' }, peer: { vpc_id: 'vpc-0abc1234def567890' } } };
    expect(fired(one({ ...base, aws_vpc_security_group_ingress_rule: { ...v4(60), ...v6(60) } }), 'aws-rules-per-group')).toEqual([]);
    expect(fired(one({ ...base, aws_vpc_security_group_ingress_rule: v4(61) }), 'aws-rules-per-group')).toEqual([
      expect.objectContaining({ resource: 'aws_security_group.g', problem: expect.stringMatching(/^61 inbound IPv4 rules .*over the 60/) }),
    ]);
    // 30 group references weigh 30 in IPv4 and 30 in IPv6: with 31 IPv6 CIDRs, IPv6 is over
    const mixed = fired(one({ ...base, aws_vpc_security_group_ingress_rule: { ...v4(30), ...v6(31), ...refs(30) } }), 'aws-rules-per-group');
    expect(mixed.map((p) => p.problem.split(' (')[0])).toEqual(['61 inbound IPv6 rules']);
    // egress counts apart from ingress
    expect(fired(one({ ...base, aws_vpc_security_group_ingress_rule: v4(60), aws_vpc_security_group_egress_rule: v4(60) }), 'aws-rules-per-group')).toEqual([]);
    // a customer-managed prefix list weighs its max entries, in its address family
    const lists = { aws_ec2_managed_prefix_list: { big: { address_family: 'IPv6', max_entries: 50 } } };
    const withList = (n: number) => one({ ...base, ...lists, aws_vpc_security_group_egress_rule: { l: rule({ prefix_list_id: '${aws_ec2_managed_prefix_list.big.id}' }), ...v6(n) } });
    expect(fired(withList(10), 'aws-rules-per-group')).toEqual([]);
    expect(fired(withList(11), 'aws-rules-per-group')).toEqual([expect.objectContaining({ problem: expect.stringMatching(/^61 outbound IPv6 rules/) })]);
    // legacy inline rules: one per CIDR
    const inline = one({ aws_security_group: { g: { vpc_id: 'vpc-0abc1234def567890', ingress: [{ cidr_blocks: Array.from({ length: 61 }, (_, i) => `10.${i}.0.0/16`) }] } } });
    expect(fired(inline, 'aws-rules-per-group')).toHaveLength(1);
  });

  test('a group reference stays in the VPC, or crosses over a peering the user declares', () => {
    const stack = (extra: Resources = {}) =>
      one({
        aws_security_group: { a: { vpc_id: 'vpc-0aaa1111bbb22222c' }, b: { vpc_id: 'vpc-0ddd3333eee44444f' }, c: { vpc_id: 'vpc-0aaa1111bbb22222c' } },
        aws_vpc_security_group_ingress_rule: {
          same: { security_group_id: '${aws_security_group.a.id}', referenced_security_group_id: '${aws_security_group.c.id}', ip_protocol: 'tcp', from_port: 1, to_port: 1 },
          across: { security_group_id: '${aws_security_group.a.id}', referenced_security_group_id: '${aws_security_group.b.id}', ip_protocol: 'tcp', from_port: 1, to_port: 1 },
        },
        ...extra,
      });
    expect(fired(stack(), 'aws-group-reference-vpc')).toEqual([
      expect.objectContaining({ resource: 'aws_vpc_security_group_ingress_rule.across', problem: 'the rule\'s group is in VPC vpc-0aaa1111bbb22222c and references a group in VPC vpc-0ddd3333eee44444f, with no peering declared between them' }),
    ]);
    expect(fired(stack({ aws_vpc_peering_connection: { p: { vpc_id: 'vpc-0ddd3333eee44444f', peer_vpc_id: 'vpc-0aaa1111bbb22222c' } } }), 'aws-group-reference-vpc')).toEqual([]);
    expect(fired(stack(), 'aws-group-reference-vpc', { vpcPeerings: [['vpc-0aaa1111bbb22222c', 'vpc-0ddd3333eee44444f']] })).toEqual([]);
    // across stacks, through a cdktf cross-stack reference
    const hub: DeployStack = { name: 'hub', json: { resource: { aws_security_group: { dc: { vpc_id: 'vpc-0ddd3333eee44444f' } } }, output: { 'cross-stack-output-dc': { value: '${aws_security_group.dc.id}' } } } };
    const site: DeployStack = {
      name: 'site',
      json: {
        resource: {
          aws_security_group: { fe: { vpc_id: 'vpc-0aaa1111bbb22222c' } },
          aws_vpc_security_group_egress_rule: { r: { security_group_id: '${aws_security_group.fe.id}', referenced_security_group_id: '${data.terraform_remote_state.cross-stack-reference-input-hub.outputs.cross-stack-output-dc}', ip_protocol: 'tcp', from_port: 88, to_port: 88 } },
        },
      },
    };
    expect(fired([hub, site], 'aws-group-reference-vpc')).toHaveLength(1);
    expect(checkDeployable([site]).unresolved).toEqual([expect.stringMatching(/the VPC of .*cross-stack-output-dc.* is unknown here/)]);
  });
});

describe('AWS names and ids', () => {
  test('load balancer and target group names: 32 characters, letters, digits and hyphens; no load balancer named internal-', () => {
    const names = (lb: string, tg: string) => one({ aws_lb: { lb: { name: lb } }, aws_lb_target_group: { tg: { name: tg } } });
    expect(fired(names('fe-pool1-edge-ext-access-0123456', 'internal-fe-tcp443'), 'aws-load-balancer-name')).toEqual([]);
    const bad = fired(names('internal-fe', 'fe-pool1-edge-ext-web-conferencing-tcp443'), 'aws-load-balancer-name');
    expect(bad.map((p) => p.problem)).toEqual([
      'load balancer name "internal-fe" starts with "internal-", which AWS reserves',
      'target group name "fe-pool1-edge-ext-web-conferencing-tcp443" has 41 characters, over 32',
    ]);
    expect(fired(names('fe_pool1', '-fe'), 'aws-load-balancer-name')).toHaveLength(2);
  });

  test('ids are vpc-, subnet-, sg- and eni- with 8 or 17 hex digits; references are not ids', () => {
    expect(['vpc-0abc1234def567890', 'subnet-12345678', 'sg-0123456789abcdef0', 'eni-0aaa1111bbb22222c'].every((id) => AWS_ID.test(id))).toBe(true);
    expect(['vpc-0abc', 'subnet-1', 'sg-0123456789ABCDEF0', 'eni-0test', 'vpc-0abc1234def56789'].some((id) => AWS_ID.test(id))).toBe(false);
    const stack = (vpc: string, subnets: string[], sg: string) =>
      one({ aws_lb: { lb: { subnets, security_groups: ['${aws_security_group.g.id}'] } }, aws_security_group: { g: { vpc_id: vpc } }, aws_vpc_security_group_ingress_rule: { r: { security_group_id: '${aws_security_group.g.id}', referenced_security_group_id: sg } } });
    expect(fired(stack('vpc-0abc1234def567890', ['subnet-0aaa1111bbb22222c'], '123456789012/sg-0123456789abcdef0'), 'aws-id-format')).toEqual([]);
    expect(fired(stack('vpc-0abc', ['subnet-1'], 'sg-1'), 'aws-id-format').map((p) => p.problem)).toEqual([
      'subnets "subnet-1" is not subnet- and 8 or 17 lowercase hex digits',
      'vpc_id "vpc-0abc" is not vpc- and 8 or 17 lowercase hex digits',
      'referenced_security_group_id "sg-1" is not sg- and 8 or 17 lowercase hex digits',
    ]);
    expect(malformedAwsIds("const a = 'vpc-0abc';\nconst b = \"subnet-0aaa1111bbb22222c\"; // vpc- in prose is not an id\n`eni-x`")).toEqual([
      { line: 1, id: 'vpc-0abc' },
      { line: 3, id: 'eni-x' },
    ]);
  });
});

// ---------------------------------------------------------------- every example and README program

/** One app's stacks: an example stack on its own, a multi-stack app, or a README block. */
interface AppUnderTest {
  readonly app: string;
  readonly cloud: 'azure' | 'aws';
  readonly stacks: () => DeployStack[];
}

const cloudOf = (json: DeployJson & { provider?: object }): 'azure' | 'aws' => (Object.keys(json.provider ?? {}).includes('aws') ? 'aws' : 'azure');

/** Every example stack class (a TerraformStack subclass taking (scope, id)), synthesized with Testing. */
function exampleApps(): AppUnderTest[] {
  const root = path.join(__dirname, '..', '..', 'examples');
  const out: AppUnderTest[] = [];
  for (const file of fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && f !== 'main.ts').sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(root, file)) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(mod)) {
      if (typeof value !== 'function' || !(value.prototype instanceof TerraformStack) || value.length > 2) continue;
      const Stack = value as new (scope: ReturnType<typeof Testing.app>, id: string) => TerraformStack;
      const id = exported.replace(/Stack$/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
      let stacks: DeployStack[] | undefined;
      const synth = () => (stacks ??= [{ name: id, json: JSON.parse(Testing.synth(new Stack(Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off' } }), id))) as DeployJson }]);
      out.push({ app: `examples/${file} ${id}`, cloud: /azure/i.test(exported) ? 'azure' : 'aws', stacks: synth });
    }
  }
  return out;
}

/** The multi-stack examples as apps (hub and three sites; the sites name the hub's groups across stacks). */
function multiStackApps(): AppUnderTest[] {
  return (['aws', 'azure'] as const).map((cloud) => {
    let stacks: DeployStack[] | undefined;
    const synth = () => {
      if (stacks) return stacks;
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-ms-ports-deployable-'));
      try {
        const app = new App({ outdir, context: { 'cdktf-ms-ports:warnings': 'off', 'cdktf-ms-ports:report': 'off' } });
        const hubId = `multi-stack-${cloud}-hub`;
        const ids = [hubId, ...[1, 2, 3].map((i) => `multi-stack-${cloud}-site${i}`)];
        if (cloud === 'aws') {
          const hub = new HubAwsStack(app, hubId);
          [1, 2, 3].forEach((i) => new SiteAwsStack(app, ids[i], hub, { name: `site${i}`, clients: `10.${30 + i}.0.0/16` }));
        } else {
          const hub = new HubAzureStack(app, hubId);
          [1, 2, 3].forEach((i) => new SiteAzureStack(app, ids[i], hub, { name: `site${i}`, clients: `10.${30 + i}.0.0/16` }));
        }
        app.synth();
        stacks = ids.map((name) => ({ name, json: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as DeployJson }));
        return stacks;
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    };
    return { app: `examples/multi-stack ${cloud} (hub and three sites)`, cloud, stacks: synth };
  });
}

/** Each README block is one program: its stacks are checked together. */
function readmeApps(): AppUnderTest[] {
  const byBlock = new Map<number, DeployStack[]>();
  // Named by stack id (`readme-<block>-<id>` less the prefix): cross-stack references name the id.
  for (const s of readmeStacks()) byBlock.set(s.block, [...(byBlock.get(s.block) ?? []), { name: s.name.slice(`readme-${s.block}-`.length), json: JSON.parse(s.json) as DeployJson }]);
  return [...byBlock].map(([block, stacks]) => ({ app: `README block ${block}`, cloud: cloudOf(stacks[0].json), stacks: () => stacks }));
}

const APPS: AppUnderTest[] = [...exampleApps(), ...multiStackApps(), ...readmeApps()];


describe('every example and README program, as synthesized', () => {
  test('the set covers the examples on both clouds, the multi-stack apps and the README programs', () => {
    expect(APPS.filter((a) => a.app.startsWith('examples/') && a.cloud === 'aws').length).toBeGreaterThanOrEqual(5);
    expect(APPS.filter((a) => a.app.startsWith('examples/') && a.cloud === 'azure').length).toBeGreaterThanOrEqual(5);
    expect(APPS.filter((a) => a.app.startsWith('README')).length).toBeGreaterThanOrEqual(10);
    expect(APPS.map((a) => a.app)).toEqual(expect.arrayContaining([expect.stringMatching(/multi-stack aws/), expect.stringMatching(/multi-stack azure/)]));
  });

  test.each(APPS.map((a) => [a.app, a] as const))('%s: nothing the cloud rejects at apply, every reference followed', (_app, a) => {
    const stacks = a.stacks();
    expect(stacks.length).toBeGreaterThanOrEqual(1);
    const report = checkDeployable(stacks);
    expect(report.problems).toEqual([]);
    expect(report.unresolved).toEqual([]);
  });

  test('the README and the examples write AWS ids well formed', () => {
    const root = path.join(__dirname, '..', '..', 'examples');
    const files = [README, ...fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, f))];
    const bad = files.flatMap((f) => malformedAwsIds(fs.readFileSync(f, 'utf8')).map((m) => `${path.basename(f)}:${m.line} ${m.id}`));
    expect(bad).toEqual([]);
    // and they write some
    expect(files.flatMap((f) => fs.readFileSync(f, 'utf8').match(/'(vpc|subnet|eni)-[0-9a-f]+'/g) ?? []).length).toBeGreaterThan(20);
  });
});

describe('what the stacks themselves say they need', () => {
  test('an AwsNetwork with raised quotas writes them as an output, and the groups-per-interface check honours them (only there)', () => {
    const synth = (quota?: number) => {
      const app = Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off' } });
      const stack = new TerraformStack(app, 'q');
      new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
      const network = new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc1234def567890', ...(quota ? { securityGroupsPerNetworkInterface: quota } : {}) });
      new WindowsServer(stack, 'win', { network, services: ['smb'], clients: ['10.1.0.0/16'] });
      // four groups from the library plus the interface's own would be five: fine at the default; make it six by hand
      const json = JSON.parse(Testing.synth(stack)) as DeployJson;
      const extra = (json.resource!.aws_network_interface_sg_attachment ??= {}) as Record<string, Record<string, unknown>>;
      for (let i = 0; i < 5; i++) extra[`x${i}`] = { network_interface_id: 'eni-0abc1234def567890', security_group_id: `sg-0abc1234def56789${i}` };
      return [{ name: 'q', json }];
    };
    const raised = synth(6);
    expect(raised[0].json.output?.['net-account-quotas']?.value).toEqual({ vpcId: 'vpc-0abc1234def567890', securityGroupsPerNetworkInterface: 6, rulesPerSecurityGroup: 60 });
    expect(checkDeployable(raised).problems.filter((p) => p.check === 'aws-groups-per-interface')).toEqual([]);
    const plain = synth();
    expect(plain[0].json.output?.['net-account-quotas']).toBeUndefined();
    expect(checkDeployable(plain).problems.filter((p) => p.check === 'aws-groups-per-interface')).toEqual([expect.objectContaining({ problem: expect.stringMatching(/6 security groups \(1 of its own and 5 attached\), over the 5/) })]);
  });

  test('Azure networks that share roles must both name their virtual network (NSG rules name ASGs of one virtual network only); ASGs carry it as a tag', () => {
    const app = Testing.app();
    const hub = new TerraformStack(app, 'hub');
    const base = { resourceGroupName: 'rg', location: 'japaneast' };
    const hubNet = new AzureNetwork(hub, 'net', base);
    const site = new TerraformStack(app, 'site');
    expect(() => new AzureNetwork(site, 'net', { ...base, virtualNetworkName: 'vnet-uc', sharedNetworks: [hubNet] })).toThrow(/sharedNetworks lists hub\/net, but hub\/net gives no virtualNetworkName.*Fix: pass virtualNetworkName to both AzureNetworks/);
    const hub2 = new TerraformStack(app, 'hub2');
    const named = new AzureNetwork(hub2, 'net', { ...base, virtualNetworkName: 'vnet-uc' });
    new AzurermProvider(hub2, 'azurerm', { features: [{}] });
    new WindowsServer(hub2, 'win', { network: named, services: ['smb'], clients: ['10.1.0.0/16'] });
    const json = JSON.parse(Testing.synth(hub2)) as DeployJson;
    const asgs = Object.values(json.resource!.azurerm_application_security_group ?? {}) as { tags: Record<string, string> }[];
    expect(asgs.length).toBeGreaterThan(0);
    for (const a of asgs) expect(a.tags[ASG_VIRTUAL_NETWORK_TAG]).toBe('vnet-uc');
  });
});

describe('security group references across VPCs', () => {
  const build = (peered: boolean) => {
    const app = Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off' } });
    const hub = new TerraformStack(app, 'hub');
    new AwsProvider(hub, 'aws', { region: 'ap-northeast-1' });
    const hubNet = new AwsNetwork(hub, 'net', { vpcId: 'vpc-0aaaaaaaaaaaaaaaa' });
    const dc = new DomainController(hub, 'dc', { network: hubNet, clients: ['10.1.0.0/16'] });
    const site = new TerraformStack(app, 'site');
    new AwsProvider(site, 'aws', { region: 'ap-northeast-1' });
    const siteNet = new AwsNetwork(site, 'net', { vpcId: 'vpc-0bbbbbbbbbbbbbbbb', sharedNetworks: [hubNet], namePrefix: 'site-', ...(peered ? { peeredVpcIds: ['vpc-0aaaaaaaaaaaaaaaa'] } : {}) });
    new WindowsServer(site, 'fs', { network: siteNet, services: ['smb'], clients: ['10.1.0.0/16'], domain: dc });
    return { app, hub, site };
  };

  test('sharing roles with a network in another VPC is refused unless the peering is declared', () => {
    expect(() => build(false)).toThrow(/sharedNetworks\[0\] \(hub\/net\) is in VPC vpc-0aaaaaaaaaaaaaaaa, this network in vpc-0bbbbbbbbbbbbbbbb.*Fix: peer the two VPCs and declare it with peeredVpcIds/);
  });

  test('with peeredVpcIds the stacks say so in an output, and checkDeployable accepts the references (and flags them without it)', () => {
    const { app } = build(true);
    app.synth();
    const read = (name: string) => ({ name, json: JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as DeployJson });
    const stacks = [read('hub'), read('site')];
    expect(stacks[1].json.output?.['net-vpc-peerings']?.value).toEqual({ vpcId: 'vpc-0bbbbbbbbbbbbbbbb', peeredVpcIds: ['vpc-0aaaaaaaaaaaaaaaa'] });
    const refs = checkDeployable(stacks).problems.filter((p) => p.check === 'aws-group-reference-vpc');
    expect(refs).toEqual([]);
    const withoutOutput = stacks.map((s) => ({ ...s, json: { ...s.json, output: Object.fromEntries(Object.entries(s.json.output ?? {}).filter(([k]) => !k.endsWith('-vpc-peerings'))) } }));
    expect(checkDeployable(withoutOutput).problems.filter((p) => p.check === 'aws-group-reference-vpc').length).toBeGreaterThan(0);
  });
});
