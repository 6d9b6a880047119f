/**
 * Firewall ports for Active Directory domains and trusts, from KB179442 "How to configure a firewall
 * for Active Directory domains and trusts" (English original at the commit in `KB179442_DOC.original`,
 * ms.date 03/24/2022).
 *
 * `AD_TRUST_PORTS` encodes the table "Windows Server 2008 and later versions" (client port -> server
 * port): one entry per (table row, server transport). The entry's role, `ad-trust`, is the domain
 * controller on the far side of a trust, which listens on the server port; its peers are the domain
 * controllers of the other domain. `source.rows` is the 1-based data-row number in that table. The
 * client-port column is not encoded (it is the callers' ephemeral range), except where it disagrees
 * with the server column, which the entry's `decision` explains.
 *
 * `AD_TRUST_PPTP_PORTS` encodes the port statements made in the page's prose (the "Active Directory"
 * section): ICMP ping used by the LDAP client and the Windows Redirector, and the PPTP compulsory
 * tunnel (TCP 1723 plus IP protocol 47). Their `source.table` is `KB179442_PROSE`; its "rows" are those
 * statements in page order: 1 ICMP, 2 PPTP TCP 1723, 3 GRE.
 *
 * Not encoded: the pre-2008 table (1024-65535 client ports, no W32Time, 464 or DFSR rows), the NetBIOS
 * ports needed only for trusts to NetBIOS-only domains (Windows NT, Samba DCs), which the page only
 * refers to, and the Windows NT 4.0 / 2000 UDP 138 name-resolution note.
 *
 * Plain data: no cdktf or provider import, no computation at load. Checked by
 * `test/catalog/windows-trusts.test.ts`.
 */

import type { PortEntry, SourceRef } from './types';

/** The source document (learn.microsoft.com URL) and the English Markdown it is built from. */
export const KB179442_DOC = {
  document: 'https://learn.microsoft.com/troubleshoot/windows-server/active-directory/config-firewall-for-ad-domains-and-trusts',
  original:
    'MicrosoftDocs/SupportArticles-docs:support/windows-server/active-directory/config-firewall-for-ad-domains-and-trusts.md@5bbcd668422f264576277bcd847bd762f795482e',
} as const;

/** The table encoded by `AD_TRUST_PORTS` (13 data rows). */
export const KB179442_TABLE = 'KB179442: Windows Server 2008 and later (client port -> server port)';

/** Port statements made in the page's prose, cited by `AD_TRUST_PPTP_PORTS` (rows: 1 ICMP, 2 TCP 1723, 3 GRE). */
export const KB179442_PROSE = 'KB179442: prose';

function row(...rows: number[]): SourceRef {
  return { document: KB179442_DOC.document, table: KB179442_TABLE, rows, confidence: 'official', original: KB179442_DOC.original };
}

function prose(...rows: number[]): SourceRef {
  return { document: KB179442_DOC.document, table: KB179442_PROSE, rows, confidence: 'official', original: KB179442_DOC.original };
}

const DYNAMIC_RPC_DECISION =
  'The table gives the server port as 49152-65535/TCP, the Windows Server 2008+ default dynamic range; encoded as the dynamic-rpc token so the deployment\'s dynamic RPC setting applies (the (*) footnote points to KB224196 and KB832017 for restricting these RPC ports).';

/** Every row of KB179442's Windows Server 2008 and later table, one entry per server transport. */
export const AD_TRUST_PORTS: readonly PortEntry[] = [
  // Row 1: 49152-65535/UDP -> 123/UDP, W32Time
  {
    id: 'trust.w32time.udp.123',
    family: 'windows',
    role: 'ad-trust',
    service: 'W32Time',
    transports: ['udp'],
    ports: ['123'],
    appProtocol: 'NTP',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'conditional',
    condition: 'trust-time-sync',
    purpose: 'Time synchronisation with a domain controller on the other side of the trust.',
    source: row(1),
    decision: 'The note under the table says 123/UDP is needed across an external trust only when the Windows Time Service was manually set to sync with a server across it; encoded conditional on trust-time-sync.',
  },
  // Row 2: 49152-65535/TCP -> 135/TCP, RPC Endpoint Mapper
  {
    id: 'trust.rpc-epmap.tcp.135',
    family: 'windows',
    role: 'ad-trust',
    service: 'RPC Endpoint Mapper',
    transports: ['tcp'],
    ports: ['135'],
    appProtocol: 'MS-RPC endpoint mapper',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Lets the other domain\'s controllers look up which dynamic port serves the LSA, SAM and NetLogon RPC interfaces.',
    source: row(2),
  },
  // Row 3: 49152-65535/TCP -> 464/TCP/UDP, Kerberos password change
  {
    id: 'trust.kpasswd.tcp.464',
    family: 'windows',
    role: 'ad-trust',
    service: 'Kerberos password change',
    transports: ['tcp'],
    ports: ['464'],
    appProtocol: 'Kerberos kpasswd',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Kerberos set/change password requests over TCP.',
    source: row(3),
    decision: 'The row\'s client column says TCP only while its server column says 464/TCP/UDP; the server column decides, so the row gives a TCP and a UDP entry.',
  },
  {
    id: 'trust.kpasswd.udp.464',
    family: 'windows',
    role: 'ad-trust',
    service: 'Kerberos password change',
    transports: ['udp'],
    ports: ['464'],
    appProtocol: 'Kerberos kpasswd',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Kerberos set/change password requests over UDP.',
    source: row(3),
    decision: 'The row\'s client column says TCP only while its server column says 464/TCP/UDP; the server column decides, so the row gives a TCP and a UDP entry.',
  },
  // Row 4: 49152-65535/TCP -> 49152-65535/TCP, RPC for LSA, SAM, NetLogon (*)
  {
    id: 'trust.rpc-dynamic.tcp',
    family: 'windows',
    role: 'ad-trust',
    service: 'RPC for LSA, SAM, NetLogon',
    transports: ['tcp'],
    ports: ['dynamic-rpc'],
    appProtocol: 'MS-RPC (LSA, SAM, NetLogon)',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Trust validation, secure channel and name/SID lookups through the LSA, SAM and NetLogon RPC interfaces.',
    source: row(4),
    decision: DYNAMIC_RPC_DECISION,
  },
  // Row 5: 49152-65535/TCP/UDP -> 389/TCP/UDP, LDAP
  {
    id: 'trust.ldap.tcp.389',
    family: 'windows',
    role: 'ad-trust',
    service: 'LDAP',
    transports: ['tcp'],
    ports: ['389'],
    appProtocol: 'LDAP',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Directory queries against the other domain over LDAP on TCP.',
    source: row(5),
  },
  {
    id: 'trust.ldap.udp.389',
    family: 'windows',
    role: 'ad-trust',
    service: 'LDAP',
    transports: ['udp'],
    ports: ['389'],
    appProtocol: 'CLDAP',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Connectionless LDAP pings that locate and check a domain controller of the other domain.',
    source: row(5),
  },
  // Row 6: 49152-65535/TCP -> 636/TCP, LDAP SSL
  {
    id: 'trust.ldaps.tcp.636',
    family: 'windows',
    role: 'ad-trust',
    service: 'LDAP SSL',
    transports: ['tcp'],
    ports: ['636'],
    appProtocol: 'LDAPS',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'optional',
    purpose: 'Directory queries protected by SSL/TLS.',
    source: row(6),
    decision: 'The page\'s opening note says 636 need not be opened when no client uses LDAP over SSL/TLS; encoded optional.',
  },
  // Row 7: 49152-65535/TCP -> 3268/TCP, LDAP GC
  {
    id: 'trust.gc.tcp.3268',
    family: 'windows',
    role: 'ad-trust',
    service: 'LDAP GC',
    transports: ['tcp'],
    ports: ['3268'],
    appProtocol: 'LDAP (Global Catalog)',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Forest-wide searches against a global catalog server.',
    source: row(7),
  },
  // Row 8: 49152-65535/TCP -> 3269/TCP, LDAP GC SSL
  {
    id: 'trust.gc-ssl.tcp.3269',
    family: 'windows',
    role: 'ad-trust',
    service: 'LDAP GC SSL',
    transports: ['tcp'],
    ports: ['3269'],
    appProtocol: 'LDAPS (Global Catalog)',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'optional',
    purpose: 'Global catalog searches protected by SSL/TLS.',
    source: row(8),
    decision: 'The page\'s opening note says 3269 need not be opened when no client uses LDAP over SSL/TLS; encoded optional.',
  },
  // Row 9: 53, 49152-65535/TCP/UDP -> 53/TCP/UDP, DNS
  {
    id: 'trust.dns.tcp.53',
    family: 'windows',
    role: 'ad-trust',
    service: 'DNS',
    transports: ['tcp'],
    ports: ['53'],
    appProtocol: 'DNS',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Name resolution between the two domains over TCP (large answers, zone data).',
    source: row(9),
    decision: 'The client column also lists source port 53 (DNS servers querying each other); like every row here, only the server port is encoded.',
  },
  {
    id: 'trust.dns.udp.53',
    family: 'windows',
    role: 'ad-trust',
    service: 'DNS',
    transports: ['udp'],
    ports: ['53'],
    appProtocol: 'DNS',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Name resolution between the two domains, including domain controller SRV lookups.',
    source: row(9),
    decision: 'The client column also lists source port 53 (DNS servers querying each other); like every row here, only the server port is encoded.',
  },
  // Row 10: 49152-65535/TCP -> 49152-65535/TCP, FRS RPC (*)
  {
    id: 'trust.frs-rpc.tcp',
    family: 'windows',
    role: 'ad-trust',
    service: 'FRS RPC',
    transports: ['tcp'],
    ports: ['dynamic-rpc'],
    appProtocol: 'MS-RPC (FRS)',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'optional',
    purpose: 'SYSVOL replication by the legacy File Replication Service.',
    source: row(10),
    decision:
      'Optional: FRS replicates SYSVOL only among the domain controllers of one domain, so trust traffic between domain controllers of different domains or forests never uses it (the page also notes not all rows are needed in every scenario). Kept because it is a table row. ' +
      DYNAMIC_RPC_DECISION,
  },
  // Row 11: 49152-65535/TCP/UDP -> 88/TCP/UDP, Kerberos
  {
    id: 'trust.kerberos.tcp.88',
    family: 'windows',
    role: 'ad-trust',
    service: 'Kerberos',
    transports: ['tcp'],
    ports: ['88'],
    appProtocol: 'Kerberos',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Kerberos authentication and cross-realm referral tickets over TCP.',
    source: row(11),
  },
  {
    id: 'trust.kerberos.udp.88',
    family: 'windows',
    role: 'ad-trust',
    service: 'Kerberos',
    transports: ['udp'],
    ports: ['88'],
    appProtocol: 'Kerberos',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Kerberos authentication and cross-realm referral tickets over UDP.',
    source: row(11),
  },
  // Row 12: 49152-65535/TCP/UDP -> 445/TCP, SMB (**)
  {
    id: 'trust.smb.tcp.445',
    family: 'windows',
    role: 'ad-trust',
    service: 'SMB',
    transports: ['tcp'],
    ports: ['445'],
    appProtocol: 'SMB',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'conditional',
    condition: 'trust-creation',
    purpose: 'SMB named-pipe access used while the trust is being set up.',
    source: row(12),
    decision:
      'The (**) footnote says the port is used only to create the trust, not to operate it; encoded conditional on trust-creation. The client column says TCP/UDP but the server port is 445/TCP only, so one TCP entry.',
  },
  // Row 13: 49152-65535/TCP -> 49152-65535/TCP, DFSR RPC (*)
  {
    id: 'trust.dfsr-rpc.tcp',
    family: 'windows',
    role: 'ad-trust',
    service: 'DFSR RPC',
    transports: ['tcp'],
    ports: ['dynamic-rpc'],
    appProtocol: 'MS-RPC (DFSR)',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'optional',
    purpose: 'SYSVOL replication by DFS Replication.',
    source: row(13),
    decision:
      'Optional: DFSR replicates SYSVOL only among the domain controllers of one domain, so trust traffic between domain controllers of different domains or forests never uses it (the page also notes not all rows are needed in every scenario). Kept because it is a table row. ' +
      DYNAMIC_RPC_DECISION,
  },
];

/** The PPTP trust tunnel and the ICMP ping that the same page asks for, from its prose. */
export const AD_TRUST_PPTP_PORTS: readonly PortEntry[] = [
  {
    id: 'trust.icmp',
    family: 'windows',
    role: 'ad-trust',
    service: 'ICMP ping (LDAP client, Windows Redirector)',
    transports: ['icmp'],
    ports: [],
    appProtocol: 'ICMP echo',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'required',
    purpose: 'Reachability checks the LDAP client makes during long-running requests and the Redirector makes before connecting or after a DFS referral.',
    source: prose(1),
    decision:
      'Required: the page says the LDAP client fails a pending request with LDAP_TIMEOUT when pings go unanswered, and gives "<any> ICMP -> DC IP addr = allow" as the rule to keep. The sample rule allows any source; the peers are narrowed to the other domain\'s controllers because this file is about trust traffic.',
  },
  {
    id: 'trust.pptp.tcp.1723',
    family: 'windows',
    role: 'ad-trust',
    service: 'PPTP',
    transports: ['tcp'],
    ports: ['1723'],
    appProtocol: 'PPTP',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'conditional',
    condition: 'trust-pptp-tunnel',
    purpose: 'Control connection of a PPTP compulsory tunnel that carries the trust traffic through the firewall.',
    source: prose(2),
    decision: 'Only when the trust is established through a PPTP compulsory tunnel, which the page offers as a way to open fewer ports. The page gives this port in a one-row table inside the prose; cited as prose row 2.',
  },
  {
    id: 'trust.pptp.gre',
    family: 'windows',
    role: 'ad-trust',
    service: 'PPTP (GRE, IP protocol 47)',
    transports: ['gre'],
    ports: [],
    appProtocol: 'GRE',
    direction: 'inbound',
    peers: ['trusted-domain-controllers'],
    requirement: 'conditional',
    condition: 'trust-pptp-tunnel',
    purpose: 'Encapsulated data packets of the PPTP tunnel.',
    source: prose(3),
    decision: 'Only when the trust is established through a PPTP compulsory tunnel; the page asks for IP protocol 47 in addition to TCP 1723.',
  },
];
