/** Example: the whole Skype for Business site (site.ts) on Azure. */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AzureNetwork } from '../../lib/azure/network';
import { skypeSite, type SkypeSite } from './site';

export class SkypeSiteAzureStack extends TerraformStack {
  readonly network: AzureNetwork;
  readonly site: SkypeSite;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, 'azurerm', { features: [{}] });
    this.network = new AzureNetwork(this, 'net', {
      resourceGroupName: 'rg-uc-site',
      location: 'japaneast',
      virtualNetworkName: 'vnet-uc-site',
      loadBalancerSubnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc-site/providers/Microsoft.Network/virtualNetworks/vnet-uc-site/subnets/snet-lb',
    });
    this.site = skypeSite(this, this.network);
  }
}
