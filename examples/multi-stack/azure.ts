/**
 * Example: the hub and the site stacks of estate.ts on Azure (one virtual network, as rules that
 * name application security groups need). Every stack keeps its state in an Azure storage
 * container (one key per stack); the cdktf cross-stack references read the hub's outputs from it.
 */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AzurermBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AzureNetwork } from 'cdktf-ms-ports';
import { hub, site as siteRoles, type Hub, type Site } from './estate';

const VNET = 'vnet-uc';
/** Remote state for teams: one storage container, one key per stack (blob leases lock it). */
function state(stack: TerraformStack, id: string): void {
  new AzurermBackend(stack, { resourceGroupName: 'rg-terraform-state', storageAccountName: 'corpucterraformstate', containerName: 'tfstate', key: `uc/${id}.tfstate` });
}

const LB_SUBNET = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc-hub/providers/Microsoft.Network/virtualNetworks/vnet-uc/subnets/snet-lb';

export class HubAzureStack extends TerraformStack {
  readonly network: AzureNetwork;
  readonly hub: Hub;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    state(this, id);
    new AzurermProvider(this, 'azurerm', { features: [{}] });
    this.network = new AzureNetwork(this, 'net', { resourceGroupName: 'rg-uc-hub', location: 'japaneast', virtualNetworkName: VNET, loadBalancerSubnetId: LB_SUBNET });
    this.hub = hub(this, this.network);
  }
}

export class SiteAzureStack extends TerraformStack {
  readonly network: AzureNetwork;
  readonly site: Site;

  /** `site.name` prefixes the site's resource names (the sites share one virtual network); `site.clients` is its client network. */
  constructor(scope: Construct, id: string, shared: HubAzureStack, site: { readonly name: string; readonly clients: string }) {
    super(scope, id);
    state(this, id);
    new AzurermProvider(this, 'azurerm', { features: [{}] });
    this.network = new AzureNetwork(this, 'net', {
      resourceGroupName: `rg-uc-${id}`,
      location: 'japaneast',
      virtualNetworkName: VNET,
      loadBalancerSubnetId: LB_SUBNET,
      namePrefix: `${site.name}-`,
      sharedNetworks: [shared.network],
    });
    this.site = siteRoles(this, this.network, shared.hub, site.clients);
  }
}
