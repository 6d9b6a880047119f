/** Test helpers: build a stack with a network binding for either cloud, synthesize, parse. */
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsNetwork, type AwsNetworkProps } from '../../lib/aws/network';
import { AzureNetwork, type AzureNetworkProps } from '../../lib/azure/network';
import type { NetworkBinding } from '../../lib/core/binding';

export type Cloud = 'azure' | 'aws';
export const CLOUDS: readonly Cloud[] = ['azure', 'aws'];

export interface Built {
  readonly app: App;
  readonly stack: TerraformStack;
  readonly network: NetworkBinding;
}

export function newStack(cloud: Cloud, overrides: Partial<AzureNetworkProps & AwsNetworkProps> = {}): Built {
  const app = Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off' } });
  const stack = new TerraformStack(app, `test-${cloud}`);
  const network =
    cloud === 'azure'
      ? new AzureNetwork(stack, 'net', {
          resourceGroupName: 'rg-test',
          location: 'japaneast',
          loadBalancerSubnetId: '/subscriptions/x/resourceGroups/rg-test/providers/Microsoft.Network/virtualNetworks/v/subnets/lb',
          ...overrides,
        })
      : new AwsNetwork(stack, 'net', { vpcId: 'vpc-0test', loadBalancerSubnetIds: ['subnet-0a', 'subnet-0b'], ...overrides });
  return { app, stack, network };
}

export interface TfJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
}

export function synthJson(stack: TerraformStack): { text: string; json: TfJson } {
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as TfJson };
}

/** All resources of one type, as a list. */
export function resources(json: TfJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource[type] ?? {});
}
