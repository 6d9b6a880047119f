/**
 * Example: a Skype for Business Front End pool on Azure, hardware load balanced, with a collocated
 * Mediation role and a reverse proxy. The same construct and props as aws.ts.
 */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AzureNetwork, FrontEndPool, DomainController } from 'cdktf-ms-ports';

export class SkypeFrontEndAzureStack extends TerraformStack {
  readonly network: AzureNetwork;
  readonly pool: FrontEndPool;
  readonly dc: DomainController;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, 'azurerm', { features: [{}] });
    this.network = new AzureNetwork(this, 'net', {
      resourceGroupName: 'rg-uc',
      location: 'japaneast',
      virtualNetworkName: 'vnet-uc',
      loadBalancerSubnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc/providers/Microsoft.Network/virtualNetworks/vnet-uc/subnets/snet-lb',
    });
    // The pool's servers join the corp domain: they reach its controllers on the KB832017 ports.
    this.dc = new DomainController(this, 'dc', { network: this.network, name: 'dc-corp', clients: ['10.20.0.0/16'] });
    this.pool = new FrontEndPool(this, 'fe', {
      network: this.network,
      name: 'fe-pool1',
      clients: ['10.30.0.0/16'],
      servers: ['10.10.1.0/24'],
      reverseProxy: ['10.10.9.0/28'],
      loadBalancing: 'hardware',
      domain: this.dc,
    });
  }
}
