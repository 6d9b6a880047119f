/**
 * Skype for Business Server: what the load balancers in front of the pools must do besides
 * balancing their ports, from "Load balancing requirements for Skype for Business"
 * (`SKYPE_LB_DOC`, English original at the commit read). Source-address persistence and the TCP idle
 * timeout of the Front End and Director web services, and the client's source address kept at the
 * A/V Edge. The ports themselves are the load balancer entries of skype-server.ts and skype-edge.ts;
 * each setting names the listeners it applies to, and the catalog test holds every one of them to
 * an existing load balancer entry.
 *
 * Lists are cited like tables: `table` is the heading of the bullet list (or table), `rows` the
 * 1-based bullet (or data row) numbers. `quote` keeps the source's words for the value.
 *
 * Plain data: no imports besides the catalog types.
 */
import type { LoadBalancedPort, LoadBalancerSettingEntry, SourceRef } from './types';

/** The load balancing requirements page (repository:path) and the English original at the commit read. */
export const SKYPE_LB_DOC: { readonly document: string; readonly original: string; readonly url: string } = {
  document: 'MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfbServer/plan-your-deployment/network-requirements/load-balancing.md',
  original:
    'MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfbServer/plan-your-deployment/network-requirements/load-balancing.md@54e4254523dd9c317b4700d141f4a6a7fd0dcd8e',
  url: 'https://learn.microsoft.com/skypeforbusiness/plan-your-deployment/network-requirements/load-balancing',
};

/** Headings of the lists and tables cited (the original's words; list headings joined to their lead-in). */
export const LB_AV_EDGE_LIST = 'Hardware Load Balancer Requirements for Edge Servers Running the A/V Edge Service';
export const LB_WEB_SERVICES_LIST = 'Other Hardware Load Balancer requirements: the hardware load balancer requirements for Director and Front End pool Web Services';
export const LB_AFFINITY_TABLE = 'Summary of Hardware Load Balancer Affinity Requirements';
export const LB_MONITOR_INTERNAL_TABLE = 'Port Monitoring for Hardware Load Balancers: Front End Server User Pool - HLB Internal Interface';
export const LB_MONITOR_EXTERNAL_TABLE = 'Port Monitoring for Hardware Load Balancers: Front End Server User Pool - HLB External Interface';

/** Items (or data rows) of every list and table cited here, in the English original. */
export const SKYPE_LB_TABLE_ROWS: Readonly<Record<string, number>> = {
  [LB_AV_EDGE_LIST]: 6,
  [LB_WEB_SERVICES_LIST]: 3,
  [LB_AFFINITY_TABLE]: 3,
  [LB_MONITOR_INTERNAL_TABLE]: 2,
  [LB_MONITOR_EXTERNAL_TABLE]: 2,
};

function lb(table: string, ...rows: number[]): SourceRef {
  return { document: SKYPE_LB_DOC.document, table, rows, confidence: 'official', original: SKYPE_LB_DOC.original };
}

const tcp = (pool: LoadBalancedPort['pool'], port: number): LoadBalancedPort => ({ pool, port, transport: 'tcp' });

export const SKYPE_LOAD_BALANCER_SETTINGS: readonly LoadBalancerSettingEntry[] = [
  {
    id: 'sfb.lb-setting.web.source-persistence',
    family: 'skype-server',
    setting: 'Source-address persistence on the internal web services VIP (ports 80 and 443) of Front End and Director pools',
    value: 'source address',
    behavior: 'source-address-persistence',
    ports: [tcp('sfb-front-end', 80), tcp('sfb-front-end', 443), tcp('sfb-director', 443)],
    quote:
      'For internal Web Services VIPs, set Source_addr persistence (internal port 80, 443) on the hardware load balancer. For Skype for Business Server, Source_addr persistence means that multiple connections coming from a single IP address are always sent to one server to maintain session state.',
    purpose: 'Keep a client on one server of the pool for the web services session state.',
    source: lb(LB_WEB_SERVICES_LIST, 1),
    also: [lb(LB_AFFINITY_TABLE, 1, 2, 3), lb(LB_MONITOR_INTERNAL_TABLE, 1, 2)],
    decision:
      'The library renders one load balancer per pool, not separate internal and external web services VIPs. Persistence goes on the internal web services ports the source names, 80 and 443 (the affinity summary says "Source address affinity" for the internal web services FQDN in all three rows; the port monitoring table gives the internal 443 and 80 VIPs the persistence profile "Source"). The external web services (node ports 4443 and 8080 in the port monitoring table) are documented with no affinity, so they get none. The Director\'s load balancer tables list 443 and no 80, so the Director gets it on 443. Applied in both load balancing modes: with DNS load balancing the pool keeps a hardware load balancer for exactly this web traffic. Azure renders it as load distribution SourceIP (client and frontend address), AWS as target group stickiness of type source_ip.',
  },
  {
    id: 'sfb.lb-setting.web.tcp-idle-timeout',
    family: 'skype-server',
    setting: 'TCP idle timeout of the Front End and Director web services',
    value: '1800 seconds',
    behavior: 'tcp-idle-timeout',
    seconds: 1800,
    ports: [tcp('sfb-front-end', 80), tcp('sfb-front-end', 443), tcp('sfb-front-end', 4443), tcp('sfb-front-end', 8080), tcp('sfb-director', 443), tcp('sfb-director', 4443)],
    quote: 'Use TCP idle timeout of 1800 seconds.',
    purpose: 'Keep idle web services connections (web app, mobile clients) open for 30 minutes.',
    source: lb(LB_WEB_SERVICES_LIST, 2),
    decision:
      'The bullet stands in the list of "hardware load balancer requirements for Director and Front End pool Web Services" and, unlike the persistence bullet before it, is not limited to the internal VIPs: it applies to every web services port the pool\'s load balancer balances, internal (80, 443) and external (4443 and 8080, the node ports of the external web services VIP in the port monitoring table). Not to 444 (server-to-server HTTPS) or the SIP and application ports, which are no web services. Azure renders it as idle_timeout_in_minutes 30 on the rule, AWS as tcp_idle_timeout_seconds 1800 on the NLB listener.',
  },
  {
    id: 'sfb.lb-setting.av-edge.client-address',
    family: 'skype-edge',
    setting: 'The client\'s source address is kept at the A/V Edge service',
    value: 'not translated',
    behavior: 'keep-client-address',
    ports: [
      { pool: 'sfb-edge-external', service: 'A/V Edge service', port: 443, transport: 'tcp' },
      { pool: 'sfb-edge-external', service: 'A/V Edge service', port: 3478, transport: 'udp' },
      { pool: 'sfb-edge-internal', port: 443, transport: 'tcp' },
      { pool: 'sfb-edge-internal', port: 3478, transport: 'udp' },
    ],
    quote: 'The load balancer must not change the source address of the client.',
    purpose: 'The A/V Edge relays media for the client by the client\'s own address (STUN/TURN candidates), so it must see that address.',
    source: lb(LB_AV_EDGE_LIST, 6),
    decision:
      'The list is about the load balancers of Edge Servers running the A/V Edge service, internal and external (its first bullet names "both internal and external ports 443"), so the setting applies to the A/V listeners of both: the A/V Edge VIP (443/TCP, 3478/UDP) and the internal VIP\'s A/V ports (443/TCP, 3478/UDP). Not to the Access and Web Conferencing Edge VIPs, which the list does not name. AWS renders it as preserve_client_ip = true on those target groups (UDP target groups always preserve it); an Azure load balancer rule has no source address translation to turn off, and the role\'s NSG admits the clients by their own addresses.',
  },
];
