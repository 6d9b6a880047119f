/**
 * The exactness oracle: what the catalog documents between two roles of a site, computed from the
 * catalog rows directly (`catalog.all()`: role, direction, peers, transports, ports, requirement and
 * condition) and from this file's OWN table of the catalog roles each kind of role implements and
 * the peer classes it plays. Nothing here reads the library's `plays()`, `catalogEntries()`, the
 * model or the plan: the table is written from seed 001 (Skype server, client and load balancer
 * tables), the Edge and reverse proxy tables, KB832017, KB179442 and the README's role table.
 *
 * For an ordered pair (A sends, B receives) of wired roles, the documented ports are:
 * - B's inbound rows whose peers include a class A plays (B listens, A connects), and
 * - A's outbound rows whose peers include a class B plays (A opens, B listens on the row's ports),
 * each row counted when its requirement holds for the props set (see `included`), over its ranges
 * as configured (`ranges`). Two roles that are not wired have no documented flow.
 */
import { catalog } from '../../lib/catalog/index';
import type { PeerClass, PortEntry } from '../../lib/catalog/types';
import type { Kind, SiteModel, SiteRole } from './exact-site';

/** Windows Server 2008 and later dynamic RPC range (KB832017), the library's default ('modern'). */
export const DYNAMIC_RPC = '49152-65535';

/**
 * The catalog roles whose rows each kind implements. Interpretations recorded here:
 * - Front End: the Front End rows, "All Servers" (SQL browser) and "All internal servers" (audio),
 *   as seed 001's role cells say. Mediation: its rows, "All Servers" and "All internal servers" (it
 *   terminates audio: the row's note names it). Director and Persistent Chat: their rows and "All
 *   Servers"; they terminate no audio, so not "All internal servers" (the row's decision).
 * - Domain controller: the KB832017 tables of the services a DC runs for its members and partners
 *   (Active Directory, DNS, Kerberos, Net Logon, W32Time, Group Policy, DFSR), and KB179442 (ad-trust).
 * - Windows server: the KB832017 tables of the services it is given (here `smb`).
 * - PSTN gateway and the internet implement no row: only the rows of the cloud side name them.
 */
const CATALOG_ROLES: Readonly<Record<Kind, readonly string[]>> = {
  'front-end': ['sfb-front-end', 'sfb-all-servers', 'sfb-internal-servers'],
  director: ['sfb-director', 'sfb-all-servers'],
  mediation: ['sfb-mediation', 'sfb-all-servers', 'sfb-internal-servers'],
  'persistent-chat': ['sfb-persistent-chat', 'sfb-all-servers'],
  'office-web-apps': ['office-web-apps'],
  'edge-internal': ['sfb-edge-internal'],
  'edge-external': ['sfb-edge-external'],
  'reverse-proxy': ['sfb-reverse-proxy'],
  'client-network': ['sfb-client'],
  'domain-controller': ['active-directory', 'dns', 'kerberos', 'netlogon', 'w32time', 'group-policy', 'dfsr', 'ad-trust'],
  'windows-server': ['smb'],
  'pstn-gateway': [],
  internet: [],
  // A `servers` CIDR may be any Skype server pool: it implements the rows of every pool kind.
  'skype-server-any': ['sfb-front-end', 'sfb-director', 'sfb-mediation', 'sfb-persistent-chat', 'sfb-all-servers', 'sfb-internal-servers'],
  'member-network': [],
};

/**
 * The peer classes every role of a kind plays, whatever its options. `servers` is the Skype server
 * pools (Front End, Director, Mediation, Persistent Chat); the Edge, reverse proxy and Office Web
 * Apps are named by their own classes only.
 */
const PLAYS: Readonly<Record<Kind, readonly PeerClass[]>> = {
  'front-end': ['servers', 'front-end'],
  director: ['servers', 'director'],
  mediation: ['servers', 'mediation'],
  'persistent-chat': ['servers', 'persistent-chat'],
  'office-web-apps': ['office-web-apps'],
  'edge-internal': ['edge-internal'],
  'edge-external': ['edge-external'],
  'reverse-proxy': ['reverse-proxy'],
  'client-network': ['clients'],
  'domain-controller': [],
  'windows-server': ['file-share'],
  'pstn-gateway': ['pstn-gateway'],
  internet: ['internet'],
  // The prop says "a Skype server of any role" without saying which: it plays `servers` only (the
  // classes naming one kind, front-end, mediation, ..., are not known of a bare address).
  'skype-server-any': ['servers'],
  // DomainController `clients`: "member networks (workstations, servers)": clients and domain members.
  'member-network': ['clients'],
};

/**
 * Required rows left out by a documented decision of the role (README "Active Directory" and the
 * ClientNetwork props), with the reason. Everything else that is required is documented.
 */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  'win.group-policy.dcom.tcp': 'README: Group Policy DCOM rows serve remote GP management, left out',
  'win.group-policy.dcom.udp': 'README: Group Policy DCOM rows serve remote GP management, left out',
  'win.active-directory.ipsec-isakmp.udp.500': 'README: AD IPsec rows come only with ipsecTunnel (not set); the row itself is marked required without a condition',
  'win.active-directory.nat-t.udp.4500': 'README: AD IPsec rows come only with ipsecTunnel (not set); the row itself is marked required without a condition',
  'sfb.client.file-transfer.6891-6901': 'ClientNetwork legacyFileTransfer (not set): legacy client file transfer off by default',
};

/** The classes `b` plays towards `a`'s rows (and `a` towards `b`'s, called the other way). */
export function playsFor(b: SiteRole, a: SiteRole): Set<PeerClass> {
  const out = new Set<PeerClass>(PLAYS[b.kind]);
  if (b.kind === 'front-end' && b.conditions.includes('cms-host')) out.add('cms-host');
  if (b.kind === 'front-end' && b.conditions.includes('mediation-collocated')) out.add('mediation');
  if (b.name === a.name) {
    out.add('pool-members');
    if (b.kind === 'edge-external') out.add('edge-peers');
  }
  if (b.domain !== undefined && b.domain === a.domain) {
    out.add('domain-members'); // every role of a domain is a member, its controllers included
    if (b.kind === 'domain-controller') out.add('domain-controllers');
  }
  if (b.kind === 'domain-controller' && a.kind === 'domain-controller' && b.domain !== undefined && a.trusts?.includes(b.domain)) out.add('trusted-domain-controllers');
  return out;
}

/** Whether a row holds for a role with the props set: required (less LEFT_OUT), conditions set, no optional row enabled. */
export function included(e: PortEntry, role: SiteRole): boolean {
  if (LEFT_OUT[e.id]) return false;
  if (e.requirement === 'required') return !(e.peerPorts && e.ports.length === 0 && role.configured[e.id] === undefined);
  if (e.requirement === 'conditional') return e.condition !== undefined && role.conditions.includes(e.condition) && !(e.peerPorts && e.ports.length === 0 && role.configured[e.id] === undefined);
  return false; // optional and legacy rows: the suite enables none
}

export interface Range {
  readonly transport: string;
  readonly from?: number;
  readonly to?: number;
}

const PORTLESS = ['icmp', 'gre', 'esp', 'ah'];

/** A row's ranges per transport for a role: configured, else the row's own (dynamic RPC as the modern range). */
export function ranges(e: PortEntry, role: SiteRole): Range[] {
  const specs = role.configured[e.id] !== undefined ? role.configured[e.id].split(',') : e.ports.map((p) => (p === 'dynamic-rpc' ? DYNAMIC_RPC : p));
  return e.transports.flatMap((t) => {
    if (PORTLESS.includes(t)) return [{ transport: t }];
    return specs.map((s) => {
      const [a, b] = s.split('-').map(Number);
      return { transport: t, from: a, to: b ?? a };
    });
  });
}

/** The rows of a kind, from the catalog. */
export function rowsOf(kind: Kind): PortEntry[] {
  return CATALOG_ROLES[kind].flatMap((r) => catalog.all().filter((e) => e.role === r));
}

/** One documented flow on a range, with the row that documents it. */
export interface DocumentedRange extends Range {
  readonly row: string;
}

function wiredSet(model: SiteModel): Set<string> {
  const s = new Set<string>();
  for (const [a, b] of model.wired) s.add(`${a}|${b}`).add(`${b}|${a}`);
  return s;
}

/** Documented ranges from `src` to `dst` (both roles of the model; `src === dst` for two hosts of one role). */
export function documentedRanges(model: SiteModel, src: SiteRole, dst: SiteRole, wired = wiredSet(model)): DocumentedRange[] {
  if (src.name !== dst.name && !wired.has(`${src.name}|${dst.name}`)) return [];
  const out: DocumentedRange[] = [];
  const srcPlays = playsFor(src, dst);
  for (const e of rowsOf(dst.kind)) {
    if (e.direction === 'inbound' && included(e, dst) && e.peers.some((p) => srcPlays.has(p))) out.push(...ranges(e, dst).map((r) => ({ ...r, row: e.id })));
  }
  const dstPlays = playsFor(dst, src);
  for (const e of rowsOf(src.kind)) {
    if (e.direction === 'outbound' && included(e, src) && e.peers.some((p) => dstPlays.has(p))) out.push(...ranges(e, src).map((r) => ({ ...r, row: e.id })));
  }
  return out;
}

/** Every documented range between any two roles of the model (for probe points). */
export function allDocumented(model: SiteModel): DocumentedRange[] {
  const wired = wiredSet(model);
  return model.roles.flatMap((a) => model.roles.flatMap((b) => documentedRanges(model, a, b, wired)));
}

/** Whether a probe (`443/tcp`, `icmp`) falls in a range. */
export function covers(r: Range, probe: string): boolean {
  const [n, t] = probe.includes('/') ? [Number(probe.split('/')[0]), probe.split('/')[1]] : [undefined, probe];
  if (r.transport !== t) return false;
  return n === undefined || (r.from! <= n && n <= r.to!);
}
