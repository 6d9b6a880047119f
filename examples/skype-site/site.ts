/**
 * Example: a whole Skype for Business Server site, the same program on Azure and AWS (only the
 * network binding differs). Front End pool (hardware load balanced), Director, Mediation pool with
 * two PSTN gateways, Edge pool (hardware load balanced, internet-facing VIPs), reverse proxy,
 * Persistent Chat, Office Web Apps and a client network of virtual desktops in the cloud; the domain's
 * first controllers stay on-premises (declared by address), its second site is in the cloud; Exchange
 * Unified Messaging stays on-premises too.
 */
import type { Construct } from 'constructs';
import { ClientNetwork, Director, EdgeServer, FrontEndPool, MediationServer, OfficeWebAppsServer, ExchangeUnifiedMessaging, PstnGateway, PersistentChatPool, ReverseProxy, DomainController, type NetworkBinding } from 'cdktf-ms-ports';

export interface SkypeSite {
  readonly pool: FrontEndPool;
  readonly director: Director;
  readonly mediation: MediationServer;
  readonly edge: EdgeServer;
  readonly reverseProxy: ReverseProxy;
  readonly chat: PersistentChatPool;
  readonly officeWebApps: OfficeWebAppsServer;
  readonly desktops: ClientNetwork;
  readonly dcOnPrem: DomainController;
  readonly dcCloud: DomainController;
}

export function skypeSite(scope: Construct, network: NetworkBinding): SkypeSite {
  // The domain: first controllers on-premises, a second controller site in the cloud.
  const dcOnPrem = DomainController.fromAddresses(scope, 'dc-onprem', { network, name: 'dc-corp-onprem', cidrs: ['192.168.10.0/28'] });
  const dcCloud = new DomainController(scope, 'dc-cloud', { network, name: 'dc-corp-cloud', sameDomainAs: dcOnPrem, admins: ['10.0.99.0/24'] });

  const desktops = new ClientNetwork(scope, 'desktops', { network, name: 'vdi-clients', clientMediaPorts: '50000-50199', domain: dcCloud });
  const gateways = PstnGateway.fromAddresses(scope, 'gateways', { network, name: 'pstn-sbc', cidrs: ['192.168.50.10/32', '192.168.50.11/32'] });
  ExchangeUnifiedMessaging.fromAddresses(scope, 'exchange-um', { network, name: 'exchange-um', cidrs: ['192.168.20.0/28'] });

  const officeWebApps = new OfficeWebAppsServer(scope, 'owa', { network, name: 'owa', clients: [desktops], clientMediaPorts: '50000-50199', domain: dcCloud });
  const pool = new FrontEndPool(scope, 'fe', {
    network,
    name: 'fe-pool1',
    clients: [desktops, '10.30.0.0/16'],
    clientMediaPorts: '50000-50199',
    loadBalancing: 'hardware',
    centralManagementStore: true,
    officeWebApps,
    domain: dcCloud,
  });
  const director = new Director(scope, 'dir', { network, name: 'dir-pool1', clients: [desktops, '10.30.0.0/16'], clientMediaPorts: '50000-50199', loadBalancing: 'hardware', domain: dcCloud });
  const mediation = new MediationServer(scope, 'med', { network, name: 'med-pool1', pstnGateways: [gateways], clients: [desktops, '10.30.0.0/16'], clientMediaPorts: '50000-50199', domain: dcCloud });
  const chat = new PersistentChatPool(scope, 'pchat', { network, name: 'pchat-pool1', version: 2015, clients: [desktops, '10.30.0.0/16'], clientMediaPorts: '50000-50199', domain: dcCloud });
  const edge = new EdgeServer(scope, 'edge', { network, name: 'edge-pool1', pools: [pool, director], clients: [desktops], loadBalancing: 'hardware', serverCount: 2 });
  const reverseProxy = new ReverseProxy(scope, 'rp', { network, name: 'rp1', pools: [pool, director], officeWebApps });
  pool.connect(edge);
  director.connect(edge);
  return { pool, director, mediation, edge, reverseProxy, chat, officeWebApps, desktops, dcOnPrem, dcCloud };
}
