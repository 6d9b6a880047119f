/**
 * Issue 23, "What the cloud would reject later, refused now": programs that synthesized and passed
 * `terraform validate`, and that the cloud would refuse at apply: boundary names repeated in one VPC
 * or resource group by networks that do not share roles, load balancer and target group names
 * repeated in one AWS region or starting with `internal-`, an Azure NSG over 4,000 address
 * prefixes, a host's interface id from the other cloud (or an EC2 instance id), an Azure network in
 * another region than the network it shares. Each is an MsPortsError at synth, with the fix; what
 * the cloud accepts still synthesizes.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import type { NetworkBinding } from '../../lib/core/binding';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { checkDeployable, type DeployJson } from '../../lib/verify/deployable';
import { thrown } from '../support/errors';
import { CLOUDS, newStack, synthJson, type Cloud } from '../support/stacks';

const CONTEXT = { 'cdktf-ms-ports:warnings': 'off', 'cdktf-ms-ports:report': 'off' };

interface NetOptions {
  readonly vpcId?: string;
  readonly resourceGroupName?: string;
  readonly location?: string;
  readonly namePrefix?: string;
  readonly region?: string;
  readonly sharedNetworks?: NetworkBinding[];
}

/** A stack with its provider (AWS: region eu-west-1 unless given) and one network of the cloud. */
function stackWith(app: App, id: string, cloud: Cloud, o: NetOptions = {}): { stack: TerraformStack; network: NetworkBinding } {
  const stack = new TerraformStack(app, id);
  if (cloud === 'aws') new AwsProvider(stack, 'aws', { region: o.region ?? 'eu-west-1' });
  else new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const network: NetworkBinding =
    cloud === 'aws'
      ? new AwsNetwork(stack, 'net', { vpcId: o.vpcId ?? 'vpc-0abc1234def567890', loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c'], namePrefix: o.namePrefix, sharedNetworks: o.sharedNetworks })
      : new AzureNetwork(stack, 'net', {
          resourceGroupName: o.resourceGroupName ?? 'rg-uc',
          location: o.location ?? 'japaneast',
          virtualNetworkName: 'vnet-uc',
          loadBalancerSubnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc/providers/Microsoft.Network/virtualNetworks/vnet-uc/subnets/snet-lb',
          namePrefix: o.namePrefix,
          sharedNetworks: o.sharedNetworks,
        });
  return { stack, network };
}

const pool = (s: { stack: TerraformStack; network: NetworkBinding }, name: string) => new FrontEndPool(s.stack, 'fe', { network: s.network, name, clients: ['10.30.0.0/16'], loadBalancing: 'dns' });

describe('boundary names repeated in one VPC / resource group by networks that share no roles', () => {
  const where = (cloud: Cloud) => (cloud === 'aws' ? 'VPC vpc-0abc1234def567890 \\(AWS security group names are unique per VPC\\)' : 'resource group rg-uc \\(Azure NSG, application security group and load balancer names are unique per resource group\\)');

  test.each(CLOUDS)('%s: one role name in two stacks is refused, naming both roles, the scope and the fix', (cloud) => {
    const app = Testing.app({ context: CONTEXT });
    pool(stackWith(app, 'site-a', cloud), 'fe-pool1');
    pool(stackWith(app, 'site-b', cloud), 'fe-pool1');
    const e = thrown(() => app.synth());
    expect(e.path).toBe('site-a/fe');
    expect(e.problem).toMatch(new RegExp(`^the boundary name "fe-pool1" is also used by site-b/fe on site-b/net, in the same ${where(cloud)}: the second would fail at apply$`));
    expect(e.fix).toMatch(/different namePrefix values \(e\.g\. namePrefix: "site-a-"\)/);
  });

  test.each(CLOUDS)('%s: a group the library makes per network (the Skype site group of the Front End pools) is a name too', (cloud) => {
    const app = Testing.app({ context: CONTEXT });
    pool(stackWith(app, 'site-a', cloud), 'fe-a');
    pool(stackWith(app, 'site-b', cloud), 'fe-b');
    const e = thrown(() => app.synth());
    expect(e.path).toBe('site-a/net/skype-front-ends');
    expect(e.problem).toMatch(/^the boundary name "skype-front-ends" is also used by site-b\/net\/skype-front-ends on site-b\/net/);
  });

  test.each(CLOUDS)('%s: two networks of one stack on one VPC / resource group too', (cloud) => {
    const app = Testing.app({ context: CONTEXT });
    const { stack, network } = stackWith(app, 'one', cloud);
    const second = cloud === 'aws' ? new AwsNetwork(stack, 'net2', { vpcId: 'vpc-0abc1234def567890' }) : new AzureNetwork(stack, 'net2', { resourceGroupName: 'rg-uc', location: 'japaneast' });
    new DomainController(stack, 'dc', { network, name: 'dc-corp' });
    new WindowsServer(stack, 'fs', { network: second, name: 'dc-corp-members', services: ['smb'] });
    expect(thrown(() => app.synth()).problem).toMatch(/^the boundary name "dc-corp-members" is also used by one\/fs on one\/net2/);
  });

  test.each(CLOUDS)('%s: accepted with a namePrefix per network, or in another VPC / resource group', (cloud) => {
    const app = Testing.app({ context: CONTEXT });
    pool(stackWith(app, 'site-a', cloud, { namePrefix: 'a-' }), 'fe-pool1');
    pool(stackWith(app, 'site-b', cloud, { namePrefix: 'b-' }), 'fe-pool1');
    pool(stackWith(app, 'site-c', cloud, { vpcId: 'vpc-0def1234abc567890', resourceGroupName: 'rg-other' }), 'fe-pool1');
    expect(() => app.synth()).not.toThrow();
  });
});

describe('AWS load balancer and target group names', () => {
  test('one name in two VPCs of one region is refused (AWS wants them unique per region and account)', () => {
    const app = Testing.app({ context: CONTEXT });
    pool(stackWith(app, 'site-a', 'aws', { vpcId: 'vpc-0aaa1234def567890', region: 'eu-west-1' }), 'fe-pool1');
    pool(stackWith(app, 'site-b', 'aws', { vpcId: 'vpc-0bbb1234def567890', region: 'eu-west-1' }), 'fe-pool1');
    const e = thrown(() => app.synth());
    expect(e.path).toBe('site-b/fe');
    expect(e.problem).toBe('the load balancer name "fe-pool1" is also taken by site-a/fe in the same region (eu-west-1): AWS wants load balancer names unique per region and account, so the second would fail at apply');
    expect(e.fix).toMatch(/different namePrefix values/);
  });

  test('accepted in two regions, and in one region with a namePrefix per network', () => {
    const app = Testing.app({ context: CONTEXT });
    pool(stackWith(app, 'site-a', 'aws', { vpcId: 'vpc-0aaa1234def567890', region: 'eu-west-1' }), 'fe-pool1');
    pool(stackWith(app, 'site-b', 'aws', { vpcId: 'vpc-0bbb1234def567890', region: 'eu-central-1' }), 'fe-pool1');
    pool(stackWith(app, 'site-c', 'aws', { vpcId: 'vpc-0ccc1234def567890', region: 'eu-west-1', namePrefix: 'c-' }), 'fe-pool1');
    expect(() => app.synth()).not.toThrow();
  });

  test('a load balancer name starting with "internal-" is refused (AWS reserves it)', () => {
    const app = Testing.app({ context: CONTEXT });
    pool(stackWith(app, 'site', 'aws', { namePrefix: 'internal-' }), 'fe-pool1');
    const e = thrown(() => app.synth());
    expect(e.path).toBe('site/fe');
    expect(e.problem).toBe('the load balancer name "internal-fe-pool1" (namePrefix "internal-" and role name "fe-pool1") starts with "internal-", which AWS reserves and refuses');
    expect(e.fix).toMatch(/namePrefix or role name that does not start with "internal-"/);
  });
});

describe('Azure: at most 4,000 address prefixes per NSG', () => {
  /** n distinct /32 addresses in 10.200.0.0/16 and up. */
  const addresses = (n: number) => Array.from({ length: n }, (_, i) => `10.${200 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}/32`);

  test('4,001 addresses admitted on one role are refused at synth, naming the role, the count and the list', () => {
    const b = newStack('azure');
    const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'] });
    fs.allowFrom(addresses(4001), 9000, { label: 'agents' });
    const e = thrown(() => synthJson(b.stack));
    expect(e.path).toBe('test-azure/fs');
    expect(e.problem).toMatch(/^the NSG of role "fs01" would list 4001 address prefixes as sources and destinations over its \d+ rules, over the 4000 an Azure NSG takes \(largest: "custom-agents" 4001 on 1 rule\)$/);
    expect(e.fix).toMatch(/summarize the address lists/);
  });

  test('sources and destinations count together (2,001 in, 2,000 out)', () => {
    const b = newStack('azure');
    const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'] });
    const list = addresses(4001);
    fs.allowFrom(list.slice(0, 2001), 9000, { label: 'agents' });
    fs.allowTo(list.slice(2001), 9001, { label: 'collectors' });
    expect(thrown(() => synthJson(b.stack)).problem).toMatch(/would list 4001 address prefixes/);
  });

  test('up to 4,000 synthesizes, and checkDeployable agrees', () => {
    const b = newStack('azure');
    const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'] });
    fs.allowFrom(addresses(4000), 9000, { label: 'agents' });
    const { json } = synthJson(b.stack);
    expect(checkDeployable([{ name: 'test-azure', json: json as unknown as DeployJson }]).problems.filter((p) => p.check === 'azure-nsg-prefixes')).toEqual([]);
  });
});

describe("attachHost given the other cloud's id", () => {
  const cases: readonly [Cloud, string, (stack: TerraformStack) => string, RegExp][] = [
    ['aws', 'an Azure NIC id', () => '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-fs01', /host\.networkInterfaceId "\/subscriptions\/0000\/.*nic-fs01", an Azure resource id, but test-aws\/fs is on AWS/],
    ['aws', 'a reference to an azurerm_network_interface', (s) => new NetworkInterface(s, 'nic', { name: 'nic', location: 'japaneast', resourceGroupName: 'rg', ipConfiguration: [{ name: 'ip', privateIpAddressAllocation: 'Dynamic' }] }).id, /host\.networkInterfaceId a reference, a reference to the Azure resource azurerm_network_interface\.nic\.id, but test-aws\/fs is on AWS/],
    ['aws', 'an EC2 instance id', () => 'i-0123456789abcdef0', /host\.networkInterfaceId "i-0123456789abcdef0", an EC2 instance id, not a network interface/],
    ['aws', "a reference to an instance's id", (s) => new Instance(s, 'vm', { ami: 'ami-0123456789abcdef0', instanceType: 't3.micro' }).id, /a reference to the EC2 instance id aws_instance\.vm\.id, not a network interface/],
    ['azure', 'an AWS ENI id', () => 'eni-0123456789abcdef0', /host\.networkInterfaceId "eni-0123456789abcdef0", an AWS network interface id, but test-azure\/fs is on Azure/],
    ['azure', "a reference to an instance's interface", (s) => new Instance(s, 'vm', { ami: 'ami-0123456789abcdef0', instanceType: 't3.micro' }).primaryNetworkInterfaceId, /a reference to the AWS resource aws_instance\.vm\.primary_network_interface_id, but test-azure\/fs is on Azure/],
  ];
  test.each(cases)('%s: %s is refused, with the fix', (cloud, _what, id, problem) => {
    const b = newStack(cloud);
    const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'] });
    const e = thrown(() => fs.attachHost({ networkInterfaceId: id(b.stack) }));
    expect(e.path).toBe(`test-${cloud}/fs`);
    expect(e.problem).toMatch(problem);
    expect(e.fix).toMatch(cloud === 'aws' ? /ENI|primary network interface/ : /id of the Azure NIC/);
  });

  test.each(CLOUDS)("%s: the cloud's own ids and references are taken", (cloud) => {
    const b = newStack(cloud);
    const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'] });
    if (cloud === 'aws') {
      fs.attachHost({ networkInterfaceId: 'eni-0123456789abcdef0' });
      fs.attachHost({ networkInterfaceId: new Instance(b.stack, 'vm', { ami: 'ami-0123456789abcdef0', instanceType: 't3.micro' }).primaryNetworkInterfaceId });
    } else {
      fs.attachHost({ networkInterfaceId: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-fs01' });
      fs.attachHost({ networkInterfaceId: new NetworkInterface(b.stack, 'nic', { name: 'nic', location: 'japaneast', resourceGroupName: 'rg', ipConfiguration: [{ name: 'ip', privateIpAddressAllocation: 'Dynamic' }] }).id });
    }
    expect(() => synthJson(b.stack)).not.toThrow();
  });
});

describe('Azure: a network in another region than the network it shares', () => {
  test('refused at construction, naming both locations and the fix', () => {
    const app = Testing.app({ context: CONTEXT });
    const hub = stackWith(app, 'hub', 'azure', { location: 'japaneast' });
    const e = thrown(() => stackWith(app, 'site', 'azure', { location: 'westeurope', namePrefix: 'site-', sharedNetworks: [hub.network] }));
    expect(e.path).toBe('site/net');
    expect(e.problem).toMatch(/^location "westeurope" is another region than that of hub\/net in its sharedNetworks \("japaneast"\)/);
    expect(e.fix).toMatch(/location: "japaneast"/);
  });

  test('the same region written two ways ("Japan East", "japaneast") is one region', () => {
    const app = Testing.app({ context: CONTEXT });
    const hub = stackWith(app, 'hub', 'azure', { location: 'Japan East' });
    new DomainController(hub.stack, 'dc', { network: hub.network, name: 'dc-corp' });
    const site = stackWith(app, 'site', 'azure', { location: 'japaneast', namePrefix: 'site-', sharedNetworks: [hub.network] });
    new WindowsServer(site.stack, 'fs', { network: site.network, name: 'fs01', services: ['smb'] });
    expect(() => app.synth()).not.toThrow();
  });
});
