/**
 * Attaching hosts in one call per host, on both clouds, including the groups a role joined
 * (`alsoAttach`), and the load balancer pieces as typed properties a program can reference.
 */
import { TerraformOutput, Testing } from 'cdktf';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import { MsPortsError } from '../../lib/model/errors';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { CLOUDS, newStack, resources, synthJson, type Cloud } from '../support/stacks';

function estate(cloud: Cloud) {
  const b = newStack(cloud);
  const dc = new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'] });
  const pool = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['10.30.0.0/16'], domain: dc });
  const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] });
  return { ...b, dc, pool, fs };
}

const ref = (s: string) => expect.stringContaining(s);

describe('Azure: attachHost', () => {
  test('a Front End host: NSG association, ASG associations (role + domain members), backend pool', () => {
    const e = estate('azure');
    e.pool.attachHost({ name: 'fe01', networkInterfaceId: '${azurerm_network_interface.fe01.id}', ipConfigurationName: 'ipconfig1' });
    e.fs.attachHost({ networkInterfaceId: '/subscriptions/x/nic-fs01' });
    e.fs.joinDomain(e.dc); // after attachHost: the members group still comes with it (associations are made at synth)
    const { json } = synthJson(e.stack);
    const nsgAssoc = resources(json, 'azurerm_network_interface_security_group_association');
    expect(nsgAssoc).toEqual([
      { network_interface_id: '${azurerm_network_interface.fe01.id}', network_security_group_id: ref('azurerm_network_security_group.fe_network-security-group') },
      { network_interface_id: '/subscriptions/x/nic-fs01', network_security_group_id: ref('azurerm_network_security_group.fs_network-security-group') },
    ]);
    const asgAssoc = resources(json, 'azurerm_network_interface_application_security_group_association');
    const asgOf = (nic: string) => asgAssoc.filter((a) => a.network_interface_id === nic).map((a) => String(a.application_security_group_id));
    // the pool's own ASG, the domain's members group and the Skype site's server group
    expect(asgOf('${azurerm_network_interface.fe01.id}')).toHaveLength(3);
    expect(asgOf('${azurerm_network_interface.fe01.id}')).toEqual(expect.arrayContaining([ref('fe_application-security-group'), ref('dc_members_application-security-group'), ref('skype-front-ends_application-security-group')]));
    expect(asgOf('/subscriptions/x/nic-fs01')).toHaveLength(2);
    expect(asgOf('/subscriptions/x/nic-fs01')).toEqual(expect.arrayContaining([ref('fs_application-security-group'), ref('dc_members_application-security-group')]));
    expect(resources(json, 'azurerm_network_interface_backend_address_pool_association')).toEqual([
      { network_interface_id: '${azurerm_network_interface.fe01.id}', ip_configuration_name: 'ipconfig1', backend_address_pool_id: ref('azurerm_lb_backend_address_pool.fe_load-balancer_backend-pool') },
    ]);
  });

  test('the load balancer pieces are typed properties a program can reference; unused, the output is the same', () => {
    const plain = estate('azure');
    const used = estate('azure');
    const net = used.network as AzureNetwork;
    const lb = net.loadBalancerOf(used.pool);
    expect(lb.rules.length).toBeGreaterThan(3);
    expect(net.loadBalancerOf(used.pool)).toBe(lb);
    const a = synthJson(plain.stack).json;
    const b = synthJson(used.stack).json;
    expect(b).toEqual(a);
    const c = estate('azure');
    new TerraformOutput(c.stack, 'pool-id', { value: (c.network as AzureNetwork).loadBalancerOf(c.pool).backendPool.id });
    const out = synthJson(c.stack).json as unknown as { output: Record<string, { value: string }> };
    expect(out.output['pool-id'].value).toMatch(/^\$\{azurerm_lb_backend_address_pool\.fe_load-balancer_backend-pool_[A-F0-9]+\.id\}$/);
  });
});

describe('AWS: attachHost', () => {
  test('a Front End host: ENI security groups (role + domain members) and every target group by IP', () => {
    const e = estate('aws');
    e.pool.attachHost({ name: 'fe01', networkInterfaceId: '${aws_instance.fe01.primary_network_interface_id}', privateIp: '10.10.1.11' });
    e.fs.attachHost({ networkInterfaceId: 'eni-0fs01' });
    e.fs.joinDomain(e.dc);
    const { json } = synthJson(e.stack);
    const att = resources(json, 'aws_network_interface_sg_attachment');
    const sgOf = (eni: string) => att.filter((a) => a.network_interface_id === eni).map((a) => String(a.security_group_id));
    expect(sgOf('${aws_instance.fe01.primary_network_interface_id}')).toHaveLength(3);
    expect(sgOf('${aws_instance.fe01.primary_network_interface_id}')).toEqual(expect.arrayContaining([ref('aws_security_group.fe_security-group'), ref('aws_security_group.dc_members_security-group'), ref('skype-front-ends_security-group')]));
    expect(sgOf('eni-0fs01')).toHaveLength(2);
    expect(sgOf('eni-0fs01')).toEqual(expect.arrayContaining([ref('aws_security_group.fs_security-group'), ref('aws_security_group.dc_members_security-group')]));
    const targets = resources(json, 'aws_lb_target_group_attachment');
    const groups = resources(json, 'aws_lb_target_group');
    expect(targets).toHaveLength(groups.length);
    expect(groups.length).toBeGreaterThan(3);
    for (const t of targets) expect(t.target_id).toBe('10.10.1.11');
    expect(targets.map((t) => t.port).sort()).toEqual(groups.map((g) => g.port).sort());
  });

  test('the load balancer pieces are typed properties a program can reference; unused, the output is the same', () => {
    const plain = estate('aws');
    const used = estate('aws');
    const lb = (used.network as AwsNetwork).loadBalancerOf(used.pool);
    expect(lb.targetGroups).toHaveLength(lb.listeners.length);
    expect(lb.ports.length).toBe(lb.targetGroups.length);
    expect(synthJson(used.stack).json).toEqual(synthJson(plain.stack).json);
    const c = estate('aws');
    const parts = (c.network as AwsNetwork).loadBalancerOf(c.pool);
    new TerraformOutput(c.stack, 'nlb-dns', { value: parts.loadBalancer.dnsName });
    new TerraformOutput(c.stack, 'tg-5061', { value: parts.targetGroups[parts.ports.findIndex((p) => p.port === 5061)].arn });
    const out = synthJson(c.stack).json as unknown as { output: Record<string, { value: string }> };
    expect(out.output['nlb-dns'].value).toMatch(/^\$\{aws_lb\.fe_nlb_load-balancer_[A-F0-9]+\.dns_name\}$/);
    expect(out.output['tg-5061'].value).toMatch(/^\$\{aws_lb_target_group\.fe_nlb_target-tcp-5061_[A-F0-9]+\.arn\}$/);
  });
});

describe.each(CLOUDS)('attachHost errors (%s)', (cloud) => {
  const expectError = (f: () => void, fragment: RegExp) => {
    let caught: unknown;
    try {
      f();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MsPortsError);
    expect((caught as Error).message).toMatch(fragment);
  };

  test('a load-balanced role needs the cloud\'s pool field; the other cloud\'s field is refused, not ignored', () => {
    const e = estate(cloud);
    e.pool.attachHost({ networkInterfaceId: 'nic-1' });
    expectError(() => synthJson(e.stack), cloud === 'azure' ? /test-azure\/fe: .*host "host-1".*ipConfigurationName is missing/ : /test-aws\/fe: .*host "host-1".*privateIp is missing/);
    const f = estate(cloud);
    f.fs.attachHost(cloud === 'azure' ? { networkInterfaceId: 'nic-1', privateIp: '10.0.0.1' } : { networkInterfaceId: 'eni-1', ipConfigurationName: 'ipconfig1' });
    expectError(() => synthJson(f.stack), cloud === 'azure' ? /privateIp "10.0.0.1" is not used on Azure/ : /ipConfigurationName "ipconfig1" is not used on AWS/);
  });

  test('groups, repeated NICs, unknown fields and late attachments are refused', () => {
    const e = estate(cloud);
    expectError(() => e.dc.members.attachHost({ networkInterfaceId: 'nic-1' }), /is a group/);
    e.fs.attachHost({ networkInterfaceId: 'nic-1' });
    expectError(() => e.fs.attachHost({ networkInterfaceId: 'nic-1', name: 'other' }), /repeats host "host-1"/);
    expectError(() => e.fs.attachHost({ networkInterfaceId: 'nic-2', nicId: 'x' } as never), /attachHost has no prop "host.nicId"/);
    synthJson(e.stack);
    expectError(() => e.fs.attachHost({ networkInterfaceId: 'nic-3' }), /after the network was synthesized/);
  });
});

test('AWS: a private IP that is not an IPv4 address is refused', () => {
  const e = estate('aws');
  e.pool.attachHost({ networkInterfaceId: 'eni-1', privateIp: '10.10.1.011' });
  expect(() => synthJson(e.stack)).toThrow(/host.privateIp "10.10.1.011" is not an IPv4 address/);
});

test('AWS: a role whose rules spread over several security groups attaches all of them, and its groups', () => {
  const b = newStack('aws');
  const clients = ['10.20.0.0/16', '10.21.0.0/16', '10.22.0.0/16', '10.23.0.0/16'];
  const dc = new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients, admins: ['10.0.99.0/24'] });
  dc.attachHost({ name: 'dc01', networkInterfaceId: 'eni-dc01' });
  const { json } = synthJson(b.stack);
  const plan = b.network.plan().roles.find((r) => r.name === 'dc-corp')!;
  expect(plan.awsSecurityGroups).toBeGreaterThan(1);
  const att = resources(json, 'aws_network_interface_sg_attachment').map((a) => String(a.security_group_id));
  expect(att).toHaveLength(plan.awsSecurityGroups + plan.memberOf.length);
  expect(new Set(att).size).toBe(att.length);
  const boundary = (json as unknown as { output: Record<string, { value: { securityGroupId: string; alsoAttach: string[] } }> }).output['net-dc-corp-boundary'].value;
  expect([...att].sort()).toEqual([boundary.securityGroupId, ...boundary.alsoAttach].sort());
});

test('a role outside the cloud has no boundary to attach hosts to', () => {
  const b = newStack('azure');
  const onPrem = DomainController.fromAddresses(b.stack, 'onprem', { network: b.network, name: 'dc-onprem', cidrs: ['192.168.10.0/24'] });
  expect(() => onPrem.attachHost({ networkInterfaceId: 'nic-1' })).toThrow(/is a role outside the cloud, which has no boundary/);
});

describe.each([
  ['skype-site-aws', () => import('../../examples/skype-site/aws').then((m) => m.SkypeSiteAwsStack)],
  ['skype-site-azure', () => import('../../examples/skype-site/azure').then((m) => m.SkypeSiteAzureStack)],
] as const)('%s: taking every load balancer before synth changes nothing in the output', (id, load) => {
  test('same Terraform JSON, and the parts are the rendered ones', async () => {
    const Stack = await load();
    const plain = new Stack(Testing.app(), id);
    const used = new Stack(Testing.app(), id);
    const net = used.network as AwsNetwork | AzureNetwork;
    const balanced = net.registeredRoles.filter((r) => !r.isOutside && !r.isGroup && r.intent().listeners.length > 0);
    expect(balanced.length).toBeGreaterThanOrEqual(3);
    const parts = balanced.map((r) => net.loadBalancerOf(r));
    const a = JSON.parse(Testing.synth(plain));
    const b = JSON.parse(Testing.synth(used));
    expect(b).toEqual(a);
    for (const p of parts) expect(p.loadBalancer).toBeDefined();
  });
});

describe('AWS: one network interface attached to several roles', () => {
  test('the groups it already has are attached once, and their total counts the interface\'s own group', () => {
    // fs01 serves files and is a domain member; a second role on the same interface adds only its own group
    const e = estate('aws');
    e.fs.joinDomain(e.dc);
    const web = new WindowsServer(e.stack, 'web', { network: e.network, name: 'web01', services: ['w3svc'], clients: ['10.20.0.0/16'] });
    web.joinDomain(e.dc);
    e.fs.attachHost({ networkInterfaceId: 'eni-0123456789abcdef0' });
    web.attachHost({ networkInterfaceId: 'eni-0123456789abcdef0' });
    const { json } = synthJson(e.stack);
    const att = resources(json, 'aws_network_interface_sg_attachment').filter((a) => a.network_interface_id === 'eni-0123456789abcdef0');
    const groups = att.map((a) => String(a.security_group_id));
    // fs01, web01 and the domain members' group: three attachments, none twice
    expect(groups).toHaveLength(3);
    expect(new Set(groups).size).toBe(3);
    expect(groups).toEqual(expect.arrayContaining([ref('aws_security_group.fs_security-group'), ref('aws_security_group.web_security-group'), ref('aws_security_group.dc_members_security-group')]));
  });

  test('past the quota less the interface\'s own group, synth fails naming the interface, the roles and the fix', () => {
    const b = newStack('aws', { securityGroupsPerNetworkInterface: 3 });
    const a = new WindowsServer(b.stack, 'a', { network: b.network, name: 'app-a', services: ['smb'], clients: ['10.20.0.0/16'] });
    const c = new WindowsServer(b.stack, 'c', { network: b.network, name: 'app-c', services: ['smb'], clients: ['10.20.0.0/16'] });
    for (const role of [a, c]) role.attachHost({ networkInterfaceId: 'eni-0123456789abcdef0' });
    // two attachments fit 3 per interface (its own group is the third)
    expect(() => synthJson(b.stack)).not.toThrow();
    const b2 = newStack('aws', { securityGroupsPerNetworkInterface: 3 });
    const roles = ['app-a', 'app-c', 'app-d'].map((name, i) => new WindowsServer(b2.stack, `s${i}`, { network: b2.network, name, services: ['smb'], clients: ['10.20.0.0/16'] }));
    for (const role of roles) role.attachHost({ networkInterfaceId: 'eni-0123456789abcdef0' });
    expect(() => synthJson(b2.stack)).toThrow(
      /test-aws\/s2: .*network interface eni-0123456789abcdef0 would get 3 security group attachments \(roles app-a, app-c, app-d\), but it takes at most 3 security groups, one of them its own \(primary\) group, so at most 2 attachments.*Fix: .*securityGroupsPerNetworkInterface to at least 4/,
    );
  });
});

describe('what launch templates and scale sets need, as outputs', () => {
  test.each(['aws', 'azure'] as const)('%s: a load-balanced role\'s boundary output lists its target groups / backend pools', (cloud) => {
    const { stack, network } = newStack(cloud);
    new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: ['10.30.0.0/16'], loadBalancing: 'dns' });
    const { json } = synthJson(stack);
    const out = (json.output ?? {})['net-fe-pool1-boundary'] as { value: Record<string, unknown> };
    if (cloud === 'aws') {
      const arns = out.value.targetGroupArns as Record<string, string>;
      const tgs = Object.keys(json.resource.aws_lb_target_group ?? {});
      expect(Object.keys(arns).sort()).toEqual(['tcp-443', 'tcp-4443', 'tcp-80', 'tcp-8080']);
      expect(Object.values(arns).every((a) => /^\$\{aws_lb_target_group\.[^.]+\.arn\}$/.test(a))).toBe(true);
      expect(new Set(Object.values(arns).map((a) => a.split('.')[1])).size).toBe(tgs.length);
      expect(out.value.backendPoolIds).toBeUndefined();
    } else {
      const pools = out.value.backendPoolIds as Record<string, string>;
      expect(Object.values(pools)).toHaveLength(Object.keys(json.resource.azurerm_lb_backend_address_pool ?? {}).length);
      expect(Object.values(pools).every((p) => /^\$\{azurerm_lb_backend_address_pool\.[^.]+\.id\}$/.test(p))).toBe(true);
      expect(out.value.targetGroupArns).toBeUndefined();
    }
  });
});
