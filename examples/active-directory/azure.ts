/** Example: the Active Directory estate on Azure. */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AzureNetwork } from 'cdktf-ms-ports';
import { activeDirectoryEstate, type ActiveDirectoryEstate } from './estate';

export class ActiveDirectoryAzureStack extends TerraformStack {
  readonly network: AzureNetwork;
  readonly estate: ActiveDirectoryEstate;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, 'azurerm', { features: [{}] });
    this.network = new AzureNetwork(this, 'net', { resourceGroupName: 'rg-identity', location: 'japaneast', virtualNetworkName: 'vnet-identity' });
    this.estate = activeDirectoryEstate(this, this.network);
  }
}
