/**
 * Windows Live Messenger (KB927847, seed 002, ja-JP revision 3.0; English revision 2.9 at
 * support.microsoft.com/kb/927847): every feature row of the port table and every URL. The service
 * is retired, so every entry is `legacy`: nothing is rendered unless a user enables it. Plain data.
 *
 * Microsoft published no addresses for Messenger, and its media and file transfer go peer to peer
 * to contacts anywhere: the port rows can only be rendered to the whole internet, which needs a
 * written reason from the user (MessengerEgress `internetJustification`). The URLs are names.
 */
import type { NameEntry, PortEntry, SourceRef, Transport } from './types';

export const MESSENGER_DOC = '002_2c49bec7dc32abbd.txt';
export const MESSENGER_PORTS_TABLE = 'Network ports used by Windows Live Messenger features';
export const MESSENGER_URLS_TABLE = 'URLs Windows Live Messenger connects to';
const ORIGINAL = 'http://support.microsoft.com/kb/927847';

const src = (table: string, row: number): SourceRef => ({ document: MESSENGER_DOC, table, rows: [row], confidence: 'official', original: ORIGINAL });

const LEGACY_CLIENT = 'Used with a contact on a legacy client (MSN Messenger 5.0 or any Windows Messenger), as the table footnote says.';

interface Group {
  readonly key: string;
  readonly transports: readonly Transport[];
  readonly ports: readonly string[];
  readonly appProtocol: string;
  readonly decision?: string;
}

function feature(row: number, key: string, service: string, purpose: string, groups: readonly Group[], decision?: string): PortEntry[] {
  return groups.map((g) => ({
    id: `messenger.${key}.${g.key}`,
    family: 'messenger',
    role: 'messenger-client',
    service: `Windows Live Messenger: ${service}`,
    transports: g.transports,
    ports: g.ports,
    appProtocol: g.appProtocol,
    direction: 'outbound',
    peers: ['internet'],
    requirement: 'legacy',
    purpose,
    source: src(MESSENGER_PORTS_TABLE, row),
    decision: [decision, g.decision].filter(Boolean).join(' ') || undefined,
  }));
}

const tcp = (key: string, ports: string[], appProtocol = 'MSNP/HTTP/HTTPS'): Group => ({ key, transports: ['tcp'], ports, appProtocol });
const both = (key: string, ports: string[], appProtocol: string, decision?: string): Group => ({ key, transports: ['tcp', 'udp'], ports, appProtocol, decision });

/** Seed 002 port table: one entry per feature row and transport group (12 rows). */
export const MESSENGER_PORTS: readonly PortEntry[] = [
  ...feature(1, 'sign-in', 'sign-in', 'sign in to the Messenger service', [tcp('tcp', ['80', '443', '1863'])]),
  ...feature(2, 'network-detection', 'network detection', 'network (NAT and firewall) detection', [
    tcp('tcp', ['7001'], 'network detection'),
    { key: 'udp', transports: ['udp'], ports: ['9', '7001'], appProtocol: 'network detection' },
  ]),
  ...feature(3, 'audio', 'audio', 'audio conversations', [tcp('tcp', ['80', '443', '1863']), both('media', ['30000-65535'], 'RTP')]),
  ...feature(4, 'audio-legacy', 'audio (legacy)', 'audio with a legacy client', [{ key: 'udp', transports: ['udp'], ports: ['5004-65535'], appProtocol: 'RTP' }], LEGACY_CLIENT),
  ...feature(5, 'video', 'webcam and video conversations', 'webcam and video conversations', [tcp('tcp', ['80'], 'HTTP'), both('media', ['5000-65535'], 'RTP')]),
  ...feature(6, 'file-transfer', 'file transfer', 'file transfer', [tcp('tcp', ['443', '1863']), both('p2p', ['1025-65535'], 'peer to peer')]),
  ...feature(7, 'file-transfer-legacy', 'file transfer (legacy)', 'file transfer with a legacy client', [tcp('tcp', ['6891-6900'], 'peer to peer')], LEGACY_CLIENT),
  ...feature(8, 'folder-sharing', 'sharing folders', 'sharing folders', [tcp('tcp', ['1863']), both('p2p', ['1025-65535'], 'peer to peer')]),
  ...feature(9, 'whiteboard', 'whiteboard and application sharing', 'whiteboard and application sharing', [tcp('tcp', ['1503'], 'T.120')]),
  ...feature(10, 'remote-assistance', 'Remote Assistance', 'Remote Assistance to or from a contact', [
    tcp('tcp', ['3389'], 'RDP'),
    both('dynamic', ['49152-65535'], 'RPC/peer to peer'),
  ]),
  ...feature(11, 'call', 'Windows Live Call', 'Windows Live Call (PC to phone)', [
    tcp('tcp', ['443', '5061'], 'SIP/TLS'),
    {
      key: 'udp',
      transports: ['udp'],
      ports: ['5004-65525'],
      appProtocol: 'RTP',
      decision:
        'UDP "5004-65525" as published in both the English (rev. 2.9) and Japanese (rev. 3.0) texts; probably a typo for 65535, but kept as published (never widened).',
    },
  ]),
  ...feature(12, 'games', 'games', 'games and activities', [tcp('tcp', ['80', '443', '1863']), both('p2p', ['1025-65535'], 'peer to peer')]),
];

function url(row: number, text: string, purpose: string, decision?: string): NameEntry {
  const m = /^(https?):\/\/([^/:]+)(?::(\d+))?\/?$/i.exec(text);
  if (!m) throw new Error(`messenger catalog: cannot parse URL ${text}`);
  const host = m[2].toLowerCase();
  const port = m[3] ? Number(m[3]) : m[1].toLowerCase() === 'https' ? 443 : 80;
  return {
    id: `messenger.url.${row}`,
    family: 'messenger',
    service: 'Windows Live Messenger',
    names: [host],
    tcpPorts: [port],
    requirement: 'legacy',
    purpose,
    source: src(MESSENGER_URLS_TABLE, row),
    decision: [
      'The URL is split into its host (the name rule) and its scheme\'s port (http 80, https 443) or explicit port.',
      row >= 15 ? 'Present in the Japanese seed; cut off in the stored English text (ms-port-facts.md section 6: UNVERIFIED in English).' : undefined,
      decision,
    ]
      .filter(Boolean)
      .join(' '),
  };
}

/** Seed 002 URL table (22 rows): built lazily, since each row is parsed from its URL. */
let names: NameEntry[] | undefined;
export function messengerNames(): readonly NameEntry[] {
  return (names ??= [
    url(1, 'https://login.live.com', 'Windows Live ID authentication over HTTPS and x509 certificates for secure peer-to-peer folder sharing', 'The seed writes "Login.live.com"; names are case-insensitive and lowercased.'),
    url(2, 'http://login.live.com', 'Windows Live ID authentication over HTTP'),
    url(3, 'https://*.contacts.msn.com', 'contact list retrieval'),
    url(4, 'https://*.storage.msn.com', 'user tiles, personal status messages and display names (SOAP over HTTPS)'),
    url(5, 'http://*.storage.msn.com', 'user tile storage (HTTP DAV) and pictures from Windows Live Spaces'),
    url(6, 'http://c.msn.com', 'anonymous unique id to customize Windows Live features'),
    url(7, 'http://*.messenger.msn.com', 'core Messenger operations'),
    url(8, 'http://g.msn.com', 'redirect URL to Microsoft web sites'),
    url(9, 'http://crl.microsoft.com', 'current certificate revocation lists'),
    url(10, 'http://messenger.hotmail.com:1863', 'Messenger server channel: Microsoft Notification Protocol (MSNP)', 'The URL names port 1863 (MSNP, not HTTP): the name rule uses that port.'),
    url(11, 'http://gateway.messenger.hotmail.com', 'HTTP gateway used when the firewall blocks the Messenger ports'),
    url(12, 'http://config.messenger.msn.com', 'configuration download'),
    url(13, 'https://ows.messenger.msn.com', 'sending offline messages'),
    url(14, 'https://rsi.hotmail.com', 'receiving offline messages'),
    url(15, 'http://sqm.microsoft.com', 'service quality monitoring (SQM) uploads, no personal information'),
    url(16, 'http://*.edge.messenger.live.com', 'core operations, e.g. echo servers that set up direct peer-to-peer connections'),
    url(17, 'http://relay.data.edge.messenger.live.com', 'media relay for files, voice or video'),
    url(18, 'http://rad.msn.com', 'advertising content and sponsored expressions (display pictures, emoticons)'),
    url(19, 'http://appdirectory.messenger.msn.com', 'activities and games run inside Messenger'),
    url(20, 'https://images.messenger.msn.com', 'Messenger image files'),
    url(21, 'http://spaces.live.com', 'contact cards'),
    url(22, 'http://relay.voice.messenger.msn.com', 'media relay for voice'),
  ]);
}
