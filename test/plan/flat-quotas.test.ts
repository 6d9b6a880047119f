/**
 * Flat quotas without widening (issue 22 item 3): fifty Front End pools, each with its own domain's
 * controllers and two member servers, in ONE network at the clouds' default quotas. Judged on the
 * synthesized Terraform by checkDeployable (rules per group, direction and IP version; groups per
 * interface with its own; NSG rules and priorities), and the pool's rule count does not grow with the
 * number of pools.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import type { NetworkBinding } from '../../lib/core/binding';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { checkDeployable, type DeployJson } from '../../lib/verify/deployable';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';

type Cloud = 'aws' | 'azure';

function estate(cloud: Cloud, sites: number): { json: DeployJson; network: NetworkBinding } {
  const app = Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off' } });
  const stack = new TerraformStack(app, `flat-${cloud}-${sites}`);
  let network: NetworkBinding;
  if (cloud === 'aws') {
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    network = new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc1234def567890', loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'] });
  } else {
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    network = new AzureNetwork(stack, 'net', { resourceGroupName: 'rg', location: 'japaneast', virtualNetworkName: 'vnet', loadBalancerSubnetId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/lb' });
  }
  for (let i = 0; i < sites; i++) {
    const clients = `10.64.${i}.0/24`;
    const dc = new DomainController(stack, `dc-s${i}`, { network, clients: [clients], admins: ['10.0.99.0/24'], dynamicRpc: 'modern' });
    new FrontEndPool(stack, `fe-s${i}`, { network, clients: [clients], servers: [`10.65.${i}.0/24`], reverseProxy: [`10.66.${i}.0/28`], loadBalancing: 'hardware', domain: dc });
    new WindowsServer(stack, `fs-s${i}`, { network, services: ['smb'], clients: [clients], admins: ['10.0.99.0/24'], domain: dc });
    new WindowsServer(stack, `rds-s${i}`, { network, services: ['rds'], remoteDesktopUsers: [clients], admins: ['10.0.99.0/24'], domain: dc });
  }
  return { json: JSON.parse(Testing.synth(stack)) as DeployJson, network };
}

/** Rule resources (AWS) or NSG rules (Azure) of one security group / NSG, by its Terraform name fragment, per direction. */
function counts(cloud: Cloud, json: DeployJson, boundary: string): { in: number; out: number } {
  const r = json.resource ?? {};
  if (cloud === 'aws') {
    const of = (type: string) => Object.values(r[type] ?? {}).filter((x) => String((x as { security_group_id?: string }).security_group_id).includes(`aws_security_group.${boundary}_`)).length;
    return { in: of('aws_vpc_security_group_ingress_rule'), out: of('aws_vpc_security_group_egress_rule') };
  }
  const rules = Object.values(r.azurerm_network_security_rule ?? {}) as { network_security_group_name: string; direction: string }[];
  const mine = rules.filter((x) => String(x.network_security_group_name).includes(`azurerm_network_security_group.${boundary}_`));
  return { in: mine.filter((x) => x.direction === 'Inbound').length, out: mine.filter((x) => x.direction === 'Outbound').length };
}

describe.each(['aws', 'azure'] as const)('fifty Front End pools in one %s network', (cloud) => {
  const fifty = estate(cloud, 50);
  const one = estate(cloud, 1);

  test('synthesize within the default quotas: nothing the cloud would reject', () => {
    expect(checkDeployable([{ name: 'flat', json: fifty.json }]).problems).toEqual([]);
  });

  test('a pool, its domain and its members get the same rule counts with 1 pool as with 50 (flat)', () => {
    for (const b of ['fe-s0_security-group', 'dc-s0_security-group', 'fs-s0_security-group', 'fe-s0_network-security-group', 'dc-s0_network-security-group']) {
      if (cloud === 'aws' && b.includes('network-security-group')) continue;
      if (cloud === 'azure' && !b.includes('network-security-group')) continue;
      const a = counts(cloud, one.json, b.split('_')[0]);
      expect({ b, ...counts(cloud, fifty.json, b.split('_')[0]) }).toEqual({ b, ...a });
      expect(a.in + a.out).toBeGreaterThan(0);
    }
    if (cloud === 'aws') {
      // the kinds' group holds the same rules too
      expect(counts(cloud, fifty.json, 'net_skype-front-ends')).toEqual(counts(cloud, one.json, 'net_skype-front-ends'));
    }
  });

  if (cloud === 'aws') {
    test('every pool interface attaches at most four groups (five with its own)', () => {
      const outputs = Object.entries(fifty.json.output ?? {}).filter(([k]) => /^net-fe-s\d+-boundary$/.test(k));
      expect(outputs).toHaveLength(50);
      for (const [, o] of outputs) {
        const v = o.value as { securityGroupId: string; alsoAttach: string[] };
        expect(1 + v.alsoAttach.length).toBeLessThanOrEqual(4);
      }
    });
  }
});
