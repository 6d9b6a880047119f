/**
 * OneDrive: the ports and proxy-bypass names of seed 000 (a community blog post, ja-JP), checked
 * against Microsoft's "Required URLs and ports for OneDrive" page (ms-port-facts.md section 5).
 * 443 and 80 have official backing; 17125 and 6667 do not: they are kept as `community` entries,
 * off unless a user enables them by id, and marked wherever they appear. Plain data.
 */
import type { NameEntry, PortEntry, SourceRef } from './types';

export const ONEDRIVE_DOC = '000_34146a6a0e155eca.txt';
/** The blog's list of ports OneDrive uses (rows: 443, 80, 17125, 6667). */
export const ONEDRIVE_PORTS_TABLE = 'Port numbers OneDrive mainly uses';
/** The blog's list of addresses to add to the proxy exceptions. */
export const ONEDRIVE_BYPASS_TABLE = 'Addresses to add to the proxy exceptions';
/** Microsoft's page for consumer OneDrive (ms-port-facts.md 5.1). */
export const ONEDRIVE_OFFICIAL = 'https://learn.microsoft.com/sharepoint/required-urls-and-ports';
const OFFICIAL_ORIGINAL = 'MicrosoftDocs/OfficeDocs-SharePoint:SharePoint/SharePointOnline/required-urls-and-ports.md@e379c86b66e85c72e41d743bf7627428e02b859c';

const blog = (table: string, rows: number[]): SourceRef => ({ document: ONEDRIVE_DOC, table, rows, confidence: 'community' });
const official = (rows: number[]): SourceRef => ({
  document: ONEDRIVE_OFFICIAL,
  table: 'Required URLs and ports for OneDrive consumer',
  rows,
  confidence: 'official',
  original: OFFICIAL_ORIGINAL,
});

const DIRECTION_DECISION =
  'The blog\'s firewall steps create an inbound rule for local port 443; the official page is an outbound allow list for client computers, so the entry is outbound (client to OneDrive).';

export const ONEDRIVE_PORTS: readonly PortEntry[] = [
  {
    id: 'onedrive.https.443',
    family: 'onedrive',
    role: 'onedrive-client',
    service: 'OneDrive sync',
    transports: ['tcp'],
    ports: ['443'],
    appProtocol: 'HTTPS',
    direction: 'outbound',
    peers: ['microsoft-online'],
    requirement: 'required',
    purpose: 'OneDrive sync and sign-in over HTTPS (the blog calls it the most important port)',
    source: official([1, 2]),
    also: [blog(ONEDRIVE_PORTS_TABLE, [1])],
    decision: DIRECTION_DECISION,
  },
  {
    id: 'onedrive.http.80',
    family: 'onedrive',
    role: 'onedrive-client',
    service: 'OneDrive HTTP',
    transports: ['tcp'],
    ports: ['80'],
    appProtocol: 'HTTP',
    direction: 'outbound',
    peers: ['microsoft-online'],
    requirement: 'required',
    purpose: 'OneDrive HTTP traffic (both official rows list TCP 80 with 443)',
    source: official([1, 2]),
    also: [blog(ONEDRIVE_PORTS_TABLE, [2])],
    decision: `${DIRECTION_DECISION} The blog says "some HTTP traffic"; the official page lists TCP 80 on every row, so it is required.`,
  },
  {
    id: 'onedrive.community.17125',
    family: 'onedrive',
    role: 'onedrive-client',
    service: 'OneDrive (community claim)',
    transports: ['tcp'],
    ports: ['17125'],
    appProtocol: 'unknown',
    direction: 'outbound',
    peers: ['microsoft-online'],
    requirement: 'optional',
    purpose: 'COMMUNITY CLAIM, no Microsoft source: "OneDrive client internal communication"',
    source: blog(ONEDRIVE_PORTS_TABLE, [3]),
    decision:
      'No official backing (ms-port-facts.md 5.3): not in the OneDrive page, the Microsoft 365 endpoint data, KB832017 or the Skype port page. Kept as community, off unless enabled by id. The blog gives no transport; its only rule example selects TCP, so TCP is used. Rendered only as address rules to the OneDrive (SharePoint) endpoint addresses, never as a name rule.',
  },
  {
    id: 'onedrive.community.6667',
    family: 'onedrive',
    role: 'onedrive-client',
    service: 'OneDrive (community claim)',
    transports: ['tcp'],
    ports: ['6667'],
    appProtocol: 'unknown',
    direction: 'outbound',
    peers: ['microsoft-online'],
    requirement: 'optional',
    purpose: 'COMMUNITY CLAIM, no Microsoft source: "some online features"',
    source: blog(ONEDRIVE_PORTS_TABLE, [4]),
    decision:
      'No official backing (ms-port-facts.md 5.3); 6667 is conventionally IRC. Kept as community, off unless enabled by id. The blog gives no transport; its only rule example selects TCP, so TCP is used. Rendered only as address rules to the OneDrive (SharePoint) endpoint addresses.',
  },
];

const BYPASS_DECISION =
  'The blog\'s worked example writes the same list as ".onedrive.com;.office.com;*.microsoftonline.com" (and drops sharepoint.com): the list form "*.x.com" is taken. Ports: the official page lists TCP 80 and 443 for OneDrive names.';

const bypass = (row: number, name: string, purpose: string): NameEntry => ({
  id: `onedrive.bypass.${name.replace(/^\*\./, '').replace(/\./g, '-')}`,
  family: 'onedrive',
  service: 'OneDrive',
  names: [name],
  tcpPorts: [80, 443],
  requirement: 'required',
  purpose,
  source: blog(ONEDRIVE_BYPASS_TABLE, [row]),
  decision: BYPASS_DECISION,
});

/**
 * Seed 000: the proxy exceptions for OneDrive. Each name also appears in an official list
 * (ms-port-facts.md 5.3: *.onedrive.com and *.office.com in the OneDrive page, *.sharepoint.com in
 * endpoint set 31, *.microsoftonline.com in set 59), so they are required although the blog is community.
 */
export const ONEDRIVE_NAMES: readonly NameEntry[] = [
  bypass(1, '*.onedrive.com', 'OneDrive web and sync service'),
  bypass(2, '*.sharepoint.com', 'OneDrive for work or school (SharePoint Online)'),
  bypass(3, '*.office.com', 'Office web applications and portal'),
  bypass(4, '*.microsoftonline.com', 'Microsoft Entra ID (Azure AD) sign-in'),
];
