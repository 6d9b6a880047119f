/**
 * The egress example, the same on both clouds: a client network (10.30.0.0/16) and a Skype for
 * Business Front End pool (servers in 10.10.1.0/24) reaching Office 365 (every required endpoint
 * set, all service areas and categories), OneDrive (from the clients) and, opted in, Windows Live
 * Messenger (names only, from the clients). Only the network binding differs between azure.ts and aws.ts.
 */
import type { Construct } from 'constructs';
import type { NetworkBinding } from '../../lib/core/binding';
import { MessengerEgress } from '../../lib/egress/messenger';
import { Office365Egress } from '../../lib/egress/office365';
import { OneDriveEgress } from '../../lib/egress/onedrive';
import { FrontEndPool } from '../../lib/skype/front-end-pool';

export const CLIENTS = '10.30.0.0/16';
export const FE_SUBNET = '10.10.1.0/24';
const AZURE_FIREWALL_POLICY =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc/providers/Microsoft.Network/firewallPolicies/fwp-egress';

export interface EgressEstate {
  readonly pool: FrontEndPool;
  readonly office365: Office365Egress;
  readonly onedrive: OneDriveEgress;
  readonly messenger: MessengerEgress;
}

export function egressEstate(scope: Construct, network: NetworkBinding): EgressEstate {
  const firewall = { azureFirewallPolicyId: AZURE_FIREWALL_POLICY };
  const pac = { proxy: 'proxy.contoso.com:8080' };
  const pool = new FrontEndPool(scope, 'fe', { network, name: 'fe-pool1', clients: [CLIENTS], servers: [FE_SUBNET], loadBalancing: 'hardware' });
  const office365 = new Office365Egress(scope, 'o365', {
    network,
    from: [pool, CLIENTS],
    firewall: { ...firewall, priority: 1100, sourceAddresses: [CLIENTS, FE_SUBNET] },
    pac,
  });
  const onedrive = new OneDriveEgress(scope, 'onedrive', { network, from: [CLIENTS], firewall: { ...firewall, priority: 1200 }, pac });
  const messenger = new MessengerEgress(scope, 'messenger', { network, from: [CLIENTS], firewall: { ...firewall, priority: 1300 }, pac });
  return { pool, office365, onedrive, messenger };
}
