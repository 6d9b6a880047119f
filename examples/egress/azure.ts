/** Example: the egress estate (estate.ts) on Azure: NSG rules in the pool's NSG, Azure Firewall application rules, PAC files. */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AzureNetwork } from 'cdktf-ms-ports';
import { egressEstate, type EgressEstate } from './estate';

export class EgressAzureStack extends TerraformStack {
  readonly network: AzureNetwork;
  readonly estate: EgressEstate;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, 'azurerm', { features: [{}] });
    this.network = new AzureNetwork(this, 'net', {
      // its own resource group: NSG and ASG names (fe-pool1, ...) are unique per resource group, and the
      // Skype front-end example uses rg-uc
      resourceGroupName: 'rg-uc-egress',
      location: 'japaneast',
      virtualNetworkName: 'vnet-uc',
      loadBalancerSubnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc/providers/Microsoft.Network/virtualNetworks/vnet-uc/subnets/snet-lb',
    });
    this.estate = egressEstate(this, this.network);
  }
}
