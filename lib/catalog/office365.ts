/**
 * Office 365: what Skype for Business Online clients must reach (seed 003, a Microsoft support
 * article, ja-JP): the outbound FQDN allow list, the external firewall port table with the client
 * source-port ranges per modality, and the HTTPS timeout note. The address ranges and names of the
 * Microsoft 365 endpoint sets come from the shipped endpoints snapshot (m365-endpoints.ts), not
 * from this file. Plain data: no cdktf, no file reads.
 *
 * The English original of seed 003 was not located (ms-port-facts.md section 4.6: UNVERIFIED), so
 * every entry cites the seed only. Skype for Business Online itself was retired; Teams uses the
 * Skype service area of the endpoint sets (set 11: UDP 3478-3481, set 12: TCP 80/443).
 */
import type { NameEntry, PortEntry, SettingEntry, SourceRef } from './types';

export const SFBO_DOC = '003_cf88cd113275125d.txt';
/** The numbered list of outbound connections the ISA Server 2006 allow rule must permit. */
export const SFBO_FQDN_TABLE = 'Outbound connections to allow (ISA Server 2006 allow rule conditions)';
/** The table of ports to open on the external firewall. */
export const SFBO_PORTS_TABLE = 'Ports to open on the external firewall';

const src = (table: string, rows: number[]): SourceRef => ({ document: SFBO_DOC, table, rows, confidence: 'official' });

const CLIENT = 'sfbo-client' as const;
const PEERS = ['microsoft-online'] as const;

/**
 * Who the rows are for, recorded on every entry of the port table. The table's source column reads
 * "クライアント" (client) on every row, with Office 365 as the destination, and the rows name client
 * software (Lync clients, Lync Mobile 2010): no row documents a server sending them.
 */
const CLIENT_ROWS_DECISION =
  'The table names the client as the source of every row (and Office 365 as the destination): rendered for client roles only (roles that play clients, e.g. ClientNetwork), on both clouds; server roles in `from` reach Office 365 through the endpoint sets alone. ' +
  'Where the row\'s ports lie within what a Skype endpoint set publishes for the same addresses (443/TCP in set 12, 3478-3481/UDP in set 11), the set\'s rule, which every source role gets, cites the row: that opens nothing beyond the set.';

/** Destination-port decision shared by the three media rows. */
const MEDIA_DECISION =
  'The cell reads "443 TCP, 50000-59999 UDP and TCP (optional) 3478 and 347x UDP,": "(optional)" qualifies the 50000-59999 range it follows (the note below the table says the Online Edge listens on the whole range), so 443/TCP and the STUN ports are required and the range is optional. ' +
  'The source ports apply to both UDP and TCP, as the source-port cell says. Rendered to the addresses of the Skype service area endpoint sets (11, 12).';

function media(
  row: number,
  key: 'audio' | 'video' | 'desktop-sharing',
  what: string,
  sourceRange: string,
  stun: readonly string[],
): PortEntry[] {
  const base = {
    family: 'office365' as const,
    role: CLIENT,
    service: `Skype for Business Online ${what}`,
    direction: 'outbound' as const,
    peers: PEERS,
    sourcePorts: [sourceRange],
    source: src(SFBO_PORTS_TABLE, [row]),
    decision: `${CLIENT_ROWS_DECISION} ${MEDIA_DECISION}`,
  };
  return [
    { ...base, id: `o365.sfbo.${key}.tcp443`, transports: ['tcp'], ports: ['443'], appProtocol: 'TLS (media over TCP fallback)', requirement: 'required', purpose: `${what} over TCP 443 from the client's ${what} source ports` },
    { ...base, id: `o365.sfbo.${key}.stun`, transports: ['udp'], ports: [...stun], appProtocol: 'STUN/TURN, RTP', requirement: 'required', purpose: `${what} media and candidate negotiation over UDP ${stun.join(', ')}` },
    {
      ...base,
      id: `o365.sfbo.${key}.media-range`,
      transports: ['tcp', 'udp'],
      ports: ['50000-59999'],
      appProtocol: 'RTP/SRTP',
      requirement: 'optional',
      purpose: `${what} media to the Online Edge's 50000-59999 range (optional)`,
    },
  ];
}

/** Seed 003 port table: client to Office 365, by modality. */
export const SFBO_CLIENT_PORTS: readonly PortEntry[] = [
  {
    id: 'o365.sfbo.sip.443',
    family: 'office365',
    role: CLIENT,
    service: 'Skype for Business Online SIP signalling',
    transports: ['tcp'],
    ports: ['443'],
    appProtocol: 'SIP/TLS',
    direction: 'outbound',
    peers: PEERS,
    requirement: 'required',
    purpose: 'SIP signalling from the client to Office 365 (ephemeral source ports)',
    source: src(SFBO_PORTS_TABLE, [1]),
    decision: CLIENT_ROWS_DECISION,
  },
  {
    id: 'o365.sfbo.psom.443',
    family: 'office365',
    role: CLIENT,
    service: 'Skype for Business Online web conferencing',
    transports: ['tcp'],
    ports: ['443'],
    appProtocol: 'PSOM/TLS',
    direction: 'outbound',
    peers: PEERS,
    requirement: 'required',
    purpose: 'Persistent Shared Object Model (PSOM) web conferencing',
    source: src(SFBO_PORTS_TABLE, [2]),
    decision: CLIENT_ROWS_DECISION,
  },
  {
    id: 'o365.sfbo.https-download.443',
    family: 'office365',
    role: CLIENT,
    service: 'Skype for Business Online downloads',
    transports: ['tcp'],
    ports: ['443'],
    appProtocol: 'HTTPS',
    direction: 'outbound',
    peers: PEERS,
    requirement: 'required',
    purpose: 'HTTPS downloads (address book, meeting content)',
    source: src(SFBO_PORTS_TABLE, [3]),
    decision: CLIENT_ROWS_DECISION,
  },
  ...media(4, 'audio', 'audio', '50000-50019', ['3478', '3479']),
  ...media(5, 'video', 'video', '50020-50039', ['3478', '3480']),
  ...media(6, 'desktop-sharing', 'desktop sharing', '50040-50059', ['3478', '3481']),
  {
    id: 'o365.sfbo.mobile-push.5223',
    family: 'office365',
    role: CLIENT,
    service: 'Lync Mobile push notifications',
    transports: ['tcp'],
    ports: ['5223'],
    appProtocol: 'Push notification (TLS)',
    direction: 'outbound',
    peers: PEERS,
    requirement: 'legacy',
    purpose: 'Lync Mobile 2010 push notifications on iOS and Windows Phone 7.5 (legacy clients)',
    source: src(SFBO_PORTS_TABLE, [7]),
    decision: `${CLIENT_ROWS_DECISION} The row names Lync Mobile 2010 on iOS and Windows Phone 7.5 only: legacy clients, so legacy (enable by id).`,
  },
];

const fqdn = (row: number, name: string, purpose: string, decision?: string): NameEntry => ({
  id: `o365.sfbo.fqdn.${name.replace(/^\*\./, '').replace(/\./g, '-')}`,
  family: 'office365',
  service: 'Skype for Business Online / Office 365',
  names: [name],
  tcpPorts: [443],
  requirement: 'required',
  purpose,
  source: src(SFBO_FQDN_TABLE, [row]),
  decision:
    decision ??
    'The rule conditions name the protocols "TCP and HTTPS" but no port: HTTPS on 443 is rendered; nothing on port 80 is assumed (the endpoint sets list port 80 where Microsoft requires it).',
});

/** Seed 003: outbound names the proxy or firewall must allow (strongly recommended conditions of the allow rule). */
export const SFBO_NAMES: readonly NameEntry[] = [
  fqdn(1, '*.microsoftonline.com', 'Microsoft Online sign-in and portal'),
  fqdn(2, '*.microsoftonline-p.com', 'Microsoft Online identity (partner) endpoints'),
  fqdn(3, '*.onmicrosoft.com', 'tenant domains (for example autodiscover and SharePoint of the tenant)'),
  fqdn(4, '*.sharepoint.com', 'SharePoint Online'),
  fqdn(5, '*.outlook.com', 'Exchange Online / Outlook'),
  fqdn(6, '*.lync.com', 'Skype for Business Online services'),
  fqdn(7, '*.verisign.com', 'certificate status of the certificate authority'),
  fqdn(8, '*.verisign.net', 'certificate status of the certificate authority'),
  fqdn(9, '*.public-trust.com', 'certificate status of the certificate authority'),
  fqdn(
    10,
    'sa.symcb.com',
    'certificate revocation list for microsoftonline.com',
    'The note after the item says this is the certificate revocation library of microsoftonline.com; the conditions name "TCP and HTTPS" only, so 443 is rendered (no port 80 assumed).',
  ),
];

/** Seed 003: the HTTPS/SSL timeout the allow rule should have. Reported (proxies and firewalls), not a rule. */
export const SFBO_SETTINGS: readonly SettingEntry[] = [
  {
    id: 'o365.sfbo.https-timeout',
    family: 'office365',
    setting: 'HTTPS/SSL connection timeout of the proxy or firewall',
    value: '8 hours',
    purpose: 'long-lived SIP/TLS and conferencing connections must not be cut by the proxy',
    source: src(SFBO_FQDN_TABLE, [13]),
    decision:
      'Items 11-13 of the list are rule conditions, not names (11: protocols TCP and HTTPS; 12: apply to all users; 13: HTTPS/SSL timeout 8 hours). Neither Azure Firewall application rules nor the AWS Network Firewall domain list has a per-rule timeout, so the value is reported beside the rules and in the PAC file.',
  },
];
