/**
 * The egress example, the same on both clouds: client networks (virtual desktops in the cloud,
 * 10.40.0.0/22, and on-premises clients, 10.30.0.0/16) and a Skype for Business Front End pool
 * (servers in 10.10.1.0/24) reaching Office 365 (every required endpoint set, all service areas and
 * categories), OneDrive (from the clients) and, opted in, Windows Live Messenger (names only, from
 * the clients). Only the network binding differs between azure.ts and aws.ts.
 */
import type { Construct } from 'constructs';
import { MessengerEgress, Office365Egress, OneDriveEgress, ClientNetwork, FrontEndPool, type NetworkBinding } from 'cdktf-ms-ports';

export const CLIENTS = '10.30.0.0/16';
export const FE_SUBNET = '10.10.1.0/24';
export const VDI_SUBNET = '10.40.0.0/22';
const AZURE_FIREWALL_POLICY =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc/providers/Microsoft.Network/firewallPolicies/fwp-egress';

export interface EgressEstate {
  readonly desktops: ClientNetwork;
  readonly pool: FrontEndPool;
  readonly office365: Office365Egress;
  readonly onedrive: OneDriveEgress;
  readonly messenger: MessengerEgress;
}

export function egressEstate(scope: Construct, network: NetworkBinding): EgressEstate {
  const firewall = { azureFirewallPolicyId: AZURE_FIREWALL_POLICY };
  const pac = { proxy: 'proxy.contoso.com:8080' };
  const desktops = new ClientNetwork(scope, 'desktops', { network, name: 'vdi-clients', clientMediaPorts: '50000-50199' });
  const pool = new FrontEndPool(scope, 'fe', { network, name: 'fe-pool1', clients: [desktops, CLIENTS], clientMediaPorts: '50000-50199', loadBalancing: 'hardware' });
  // The desktops and the pool get the address rules (roles); the name rules name every source subnet.
  const office365 = new Office365Egress(scope, 'o365', {
    network,
    from: [pool, desktops, CLIENTS],
    firewall: { ...firewall, priority: 1100, sourceAddresses: [CLIENTS, VDI_SUBNET, FE_SUBNET] },
    pac,
  });
  const onedrive = new OneDriveEgress(scope, 'onedrive', { network, from: [desktops, CLIENTS], firewall: { ...firewall, priority: 1200, sourceAddresses: [CLIENTS, VDI_SUBNET] }, pac });
  const messenger = new MessengerEgress(scope, 'messenger', { network, from: [desktops, CLIENTS], firewall: { ...firewall, priority: 1300, sourceAddresses: [CLIENTS, VDI_SUBNET] }, pac });
  return { desktops, pool, office365, onedrive, messenger };
}
