/**
 * Egress planning for Microsoft's online services, engine-free: which endpoint sets a selection
 * takes, the address flows they become (IPv4 and IPv6, one peer group per set and version), how
 * those flows are spread over AWS security groups within the quota, and how names (FQDNs) are
 * translated to each cloud's wildcard syntax, with every decision written down. No cdktf.
 */
import type { NameEntry } from '../catalog/types';
import { parseServicePorts, setAddresses, setCitation, type EndpointCategory, type EndpointSet, type ServiceArea } from '../catalog/m365-endpoints';
import type { Cidr } from '../model/cidr';
import type { Flow, Peer } from '../model/intent';
import { formatPorts, normalize, subtract, union, type PortRange } from '../model/ports';
import { compareText } from '../model/compare';

/** Which endpoint sets to take. */
export interface EndpointSelection {
  readonly serviceAreas: readonly ServiceArea[];
  readonly categories: readonly EndpointCategory[];
  /** Take optional sets too (by default only `required: true` sets). */
  readonly includeOptional: boolean;
  /** Optional sets to take by id, on top of the required ones. */
  readonly optionalSetIds?: readonly number[];
}

/** The endpoint sets a selection takes, in id order, and the ones it leaves out with the reason. */
export function selectEndpointSets(sets: readonly EndpointSet[], s: EndpointSelection): { selected: EndpointSet[]; left: { id: number; reason: string }[] } {
  const selected: EndpointSet[] = [];
  const left: { id: number; reason: string }[] = [];
  for (const set of [...sets].sort((a, b) => a.id - b.id)) {
    if (!s.serviceAreas.includes(set.serviceArea)) left.push({ id: set.id, reason: `service area ${set.serviceArea} not selected` });
    else if (!s.categories.includes(set.category)) left.push({ id: set.id, reason: `category ${set.category} not selected` });
    else if (!set.required && !s.includeOptional && !(s.optionalSetIds ?? []).includes(set.id)) left.push({ id: set.id, reason: `optional${set.notes ? ` (${set.notes})` : ''}; not enabled` });
    else selected.push(set);
  }
  return { selected, left };
}

/** The peer group name of a set's addresses of one IP version (also the AWS prefix list name). */
export function setPeerName(id: number, version: 4 | 6): string {
  return `m365-set${id}-ipv${version}`;
}

/** The address peers of a set: one per IP version that has addresses; AWS renders each as a prefix list. */
export function setPeers(set: EndpointSet, version: string): Peer[] {
  const { v4, v6 } = setAddresses(set);
  const out: Peer[] = [];
  for (const [v, list] of [
    [4, v4],
    [6, v6],
  ] as const) {
    if (list.length === 0) continue;
    const name = setPeerName(set.id, v);
    out.push({
      kind: 'cidrs',
      name,
      cidrs: list.map((c: Cidr) => c.text),
      prefixList: { name, maxEntries: list.length, description: `Microsoft 365 endpoint set ${set.id} ${set.serviceArea} ${set.category} snapshot v${version}` },
    });
  }
  return out;
}

/** The egress flows of a set's addresses, on its TCP and UDP ports, citing the set id and snapshot version. */
export function setFlows(set: EndpointSet, version: string): Flow[] {
  const cite = setCitation(set.id, version);
  const out: Flow[] = [];
  for (const peer of setPeers(set, version)) {
    for (const [t, spec] of [
      ['tcp', set.tcpPorts],
      ['udp', set.udpPorts],
    ] as const) {
      if (spec === undefined) continue;
      out.push({
        direction: 'egress',
        peer,
        transport: t,
        ports: parseServicePorts(spec, `endpoint set ${set.id}`),
        catalogIds: [cite],
        purpose: `Microsoft 365 ${set.serviceArea} endpoint set ${set.id} (${set.category}${set.required ? ', required' : ', optional'})`,
      });
    }
  }
  return out;
}

/** What one peer group costs in an AWS security group's egress quota, per IP version. */
export interface PeerCost {
  readonly peer: string;
  readonly version: 4 | 6;
  /** What one rule to the peer weighs: the prefix list's max entries (or its CIDRs, one rule each). */
  readonly weight: number;
  /** Rules: the weight times the port ranges over every transport. */
  readonly cost: number;
}

/**
 * The quota cost of a list of flows, per peer group, as the planner will count it on AWS: flows of
 * one peer merge per transport (ranges unioned, never widened); each range is one rule; a prefix-list
 * rule counts its max entries. Source ports are dropped on AWS, so they do not split rules there.
 */
export function awsPeerCosts(flows: readonly Flow[]): PeerCost[] {
  const byPeer = new Map<string, { version: 4 | 6; weight: number; ports: Map<string, PortRange[]> }>();
  for (const f of flows) {
    if (f.peer.kind !== 'cidrs') continue;
    const entry = byPeer.get(f.peer.name) ?? {
      version: (f.peer.cidrs[0].includes(':') ? 6 : 4) as 4 | 6,
      weight: f.peer.prefixList ? f.peer.prefixList.maxEntries : f.peer.cidrs.length,
      ports: new Map<string, PortRange[]>(),
    };
    entry.ports.set(f.transport, union(entry.ports.get(f.transport) ?? [], f.ports));
    byPeer.set(f.peer.name, entry);
  }
  return [...byPeer.entries()].map(([peer, e]) => ({
    peer,
    version: e.version,
    weight: e.weight,
    cost: e.weight * [...e.ports.values()].reduce((n, p) => n + normalize(p).length, 0),
  }));
}

// ---------------------------------------------------------------------------------------------
// Names (FQDNs)

/** Names to allow, from one endpoint set or catalog entry. */
export interface NameSource {
  /** The citation: `m365.set12.v2024073100` or a catalog id. */
  readonly id: string;
  readonly names: readonly string[];
  /** TCP ports the names are reached on. */
  readonly tcpPorts: readonly PortRange[];
  /** UDP ports of the source, which no name filter can check (reported). */
  readonly udpPorts?: readonly PortRange[];
  readonly purpose: string;
}

export function nameSourceOfSet(set: EndpointSet, version: string): NameSource | undefined {
  if (!set.urls?.length) return undefined;
  return {
    id: setCitation(set.id, version),
    names: set.urls,
    tcpPorts: set.tcpPorts ? parseServicePorts(set.tcpPorts, `endpoint set ${set.id}`) : [],
    udpPorts: set.udpPorts ? parseServicePorts(set.udpPorts, `endpoint set ${set.id}`) : undefined,
    purpose: `Microsoft 365 ${set.serviceArea} endpoint set ${set.id} (${set.category})`,
  };
}

export function nameSourceOfEntry(e: NameEntry): NameSource {
  return { id: e.id, names: e.names, tcpPorts: normalize(e.tcpPorts.map((p) => ({ from: p, to: p }))), purpose: e.purpose };
}

export type NameCloud = 'azure' | 'aws' | 'pac';

/** A name translated to one cloud: the targets to write, or why it cannot be written. */
export type Translation = { readonly targets: readonly string[]; readonly note?: string } | { readonly skip: string };

/**
 * Translates a name as Microsoft writes it to one cloud's syntax. Azure application rules: `*.x`
 * matches subdomains only, a `*` is allowed only leading. AWS Network Firewall domain lists: `.x`
 * matches `x` and its subdomains; no `*`. PAC: `shExpMatch` patterns express every form. Nothing is
 * widened silently: each cloud-specific compromise comes back as a `note`; what cannot be written is a `skip`.
 */
export function translateName(raw: string, cloud: NameCloud, tenantName?: string): Translation {
  let n = raw.trim().toLowerCase().replace(/\/+$/, '').replace(/\.$/, '');
  if (/^\*\.\*\./.test(n)) {
    return { skip: `${raw}: a double wildcard cannot be written in ${cloud} without widening it to one level less` };
  }
  const labels = n.split('.');
  // The tenant part: `<tenant>` (generated docs tables) or a whole-label `*` between other labels (the web service).
  const tenantAt = labels.findIndex((l, i) => l === '<tenant>' || (i > 0 && i < labels.length - 1 && l === '*'));
  if (tenantAt >= 0) {
    if (tenantName) {
      labels[tenantAt] = tenantName.toLowerCase();
      n = labels.join('.');
    } else if (cloud === 'pac') {
      labels[tenantAt] = '*';
      return { targets: [`shexp:${labels.join('.')}`], note: `${raw}: the tenant part is matched by a wildcard in the PAC file` };
    } else {
      return {
        skip: `${raw}: the tenant part (a wildcard in the middle of the name) cannot be written in ${cloud === 'azure' ? 'an Azure Firewall application rule (only a leading *)' : 'an AWS Network Firewall domain list (no *)'}; pass tenantName to allow the tenant's own name`,
      };
    }
  }
  if (n.startsWith('*.')) {
    const rest = n.slice(2);
    if (rest.includes('*')) return { skip: `${raw}: only one leading wildcard is supported` };
    if (cloud === 'azure') return { targets: [n] };
    if (cloud === 'aws') return { targets: [`.${rest}`], note: `${raw}: AWS ".${rest}" also matches ${rest} itself (a domain list has no subdomains-only form)` };
    return { targets: [`suffix:.${rest}`] };
  }
  if (n.startsWith('*')) {
    const rest = n.slice(1);
    if (rest.includes('*')) return { skip: `${raw}: only one leading wildcard is supported` };
    if (cloud === 'azure') return { targets: [n], note: `${raw}: Azure "${n}" matches ${rest} and any name ending in "${rest}", as Microsoft lists it` };
    if (cloud === 'aws') {
      return {
        targets: [`.${rest}`],
        note: `${raw}: AWS domain lists cannot match part of a label; ".${rest}" allows ${rest} and its subdomains only, so names such as "x${rest}" are NOT allowed on AWS (narrowed, never widened)`,
      };
    }
    return { targets: [`shexp:${n}`] };
  }
  if (n.includes('*')) {
    return { skip: `${raw}: a wildcard that is not leading cannot be written in ${cloud}` };
  }
  return { targets: [cloud === 'pac' ? `exact:${n}` : n] };
}

/** One Azure application rule: a source's names on its HTTP/HTTPS ports. */
export interface AzureAppRule {
  /** Rule name: the citation made safe. */
  readonly name: string;
  readonly sourceId: string;
  readonly fqdns: readonly string[];
  readonly protocols: readonly { readonly type: 'Http' | 'Https'; readonly port: number }[];
  readonly description: string;
}

/** The name half of an egress plan, per cloud. */
export interface NamePlan {
  readonly azureRules: readonly AzureAppRule[];
  /** AWS domain-list targets, sorted and unique. */
  readonly awsTargets: readonly string[];
  /** Citations of the sources behind the AWS targets. */
  readonly awsSourceIds: readonly string[];
  /** PAC matchers (`exact:x`, `suffix:.x`, `shexp:pattern`), sorted and unique. */
  readonly pac: readonly string[];
  /** Proxy-bypass list entries (Windows proxy override syntax), sorted and unique. */
  readonly bypass: readonly string[];
  /** Names or ports not rendered, per cloud, with the reason. */
  readonly skipped: readonly string[];
  /** Per-cloud compromises (wildcard semantics), one line each. */
  readonly notes: readonly string[];
}

/** Application-rule protocol for a port: 443 is HTTPS, 80 HTTP; a URL's explicit port keeps its scheme (`http` here). */
function appProtocol(port: number, httpsPorts: ReadonlySet<number>): 'Http' | 'Https' {
  return httpsPorts.has(port) ? 'Https' : 'Http';
}

export interface NamePlanOptions {
  readonly tenantName?: string;
  readonly version?: string;
  /** Ports rendered as HTTP(S) in name rules; others are reported. Default 80, 443 and the catalog's explicit URL ports. */
  readonly httpPorts?: readonly number[];
}

const AZURE_APP_PORT_MAX = 64000;

/** Plans the name half for Azure, AWS and the PAC file from the selected sources, deterministically. */
export function planNames(sources: readonly NameSource[], o: NamePlanOptions = {}): NamePlan {
  const httpPorts = new Set(o.httpPorts ?? [80, 443]);
  const httpsPorts = new Set([443]);
  const azureRules: AzureAppRule[] = [];
  const aws = new Set<string>();
  const awsIds = new Set<string>();
  const pac = new Set<string>();
  const bypass = new Set<string>();
  const skipped: string[] = [];
  const notes = new Set<string>();
  for (const s of [...sources].sort((a, b) => compareText(a.id, b.id))) {
    const ports = s.tcpPorts.flatMap((r) => (r.to - r.from < 64 ? Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i) : []));
    const web = ports.filter((p) => httpPorts.has(p) && p <= AZURE_APP_PORT_MAX);
    const other = s.tcpPorts.filter((r) => !(r.from === r.to && httpPorts.has(r.from)));
    if (other.length) {
      skipped.push(`${s.id}: TCP ${formatPorts(other)} is not HTTP/HTTPS, so no name rule can check it (application rules and domain lists inspect HTTP Host and TLS SNI); the address rules cover it where the set publishes addresses`);
    }
    if (s.udpPorts?.length) {
      skipped.push(`${s.id}: UDP ${formatPorts(s.udpPorts)} cannot be checked by name; the address rules cover it where the set publishes addresses`);
    }
    if (web.length === 0) continue;
    const azure: string[] = [];
    for (const name of s.names) {
      for (const cloud of ['azure', 'aws', 'pac'] as const) {
        const t = translateName(name, cloud, o.tenantName);
        if ('skip' in t) {
          skipped.push(`${s.id} (${cloud}): ${t.skip}`);
          continue;
        }
        if (t.note) notes.add(`${cloud}: ${t.note}`);
        for (const target of t.targets) {
          if (cloud === 'azure') azure.push(target);
          else if (cloud === 'aws') {
            aws.add(target);
            awsIds.add(s.id);
          } else pac.add(target);
        }
      }
      const b = translateName(name, 'pac', o.tenantName);
      if (!('skip' in b)) for (const t of b.targets) bypass.add(bypassEntry(t));
    }
    if (azure.length) {
      azureRules.push({
        name: s.id.replace(/[^A-Za-z0-9_.-]+/g, '-'),
        sourceId: s.id,
        fqdns: [...new Set(azure)].sort(),
        protocols: [...new Set(web)].sort((a, b) => a - b).map((port) => ({ type: appProtocol(port, httpsPorts), port })),
        description: `${s.id}${o.version && !s.id.includes(`.v${o.version}`) ? ` snapshot v${o.version}` : ''}: ${s.purpose}`.slice(0, 140),
      });
    }
  }
  return {
    azureRules,
    awsTargets: [...aws].sort(),
    awsSourceIds: [...awsIds].sort(),
    pac: [...pac].sort(),
    bypass: [...bypass].sort(),
    skipped,
    notes: [...notes].sort(),
  };
}

function bypassEntry(matcher: string): string {
  const [kind, value] = [matcher.slice(0, matcher.indexOf(':')), matcher.slice(matcher.indexOf(':') + 1)];
  if (kind === 'suffix') return `*${value}`;
  return value;
}

/** AWS Network Firewall capacity for a domain list: rules used, capacity with headroom (fixed at creation). */
export interface FirewallCapacity {
  readonly targets: number;
  readonly targetTypes: number;
  /** Estimated rules: one per target and target type (cloud-limits.md 5: the exact count is not published). */
  readonly used: number;
  readonly headroomPercent: number;
  /** used x (1 + headroom), rounded up to a multiple of 100, at most 30000. */
  readonly capacity: number;
}

export const AWS_STATEFUL_CAPACITY_MAX = 30000;

export function sizeCapacity(targets: number, targetTypes: number, headroomPercent: number): FirewallCapacity {
  const used = targets * targetTypes;
  const capacity = Math.min(AWS_STATEFUL_CAPACITY_MAX, Math.max(100, Math.ceil((used * (100 + headroomPercent)) / 100 / 100) * 100));
  return { targets, targetTypes, used, headroomPercent, capacity };
}

/** An address rule for the cloud firewall: sources are CIDRs (client networks), so NSGs cannot carry it. */
export interface FirewallAddressRule {
  /** Stable name: peer and transport (`m365-set11-ipv4-udp`). */
  readonly name: string;
  /** The endpoint set citation (set id and snapshot version). */
  readonly citation: string;
  readonly transport: 'tcp' | 'udp';
  readonly ports: readonly PortRange[];
  readonly version: 4 | 6;
  readonly cidrs: readonly string[];
}

/**
 * The endpoint-set flows the name rules cannot check, for the cloud firewall: UDP, TCP ports other
 * than 80 and 443, and every port of a set without names. One rule per peer group and transport,
 * ports merged (never widened), in name order.
 */
export function firewallAddressRules(flows: readonly Flow[], namedPeers: ReadonlySet<string>): FirewallAddressRule[] {
  const web = [
    { from: 80, to: 80 },
    { from: 443, to: 443 },
  ];
  const byKey = new Map<string, { peer: Extract<Flow['peer'], { kind: 'cidrs' }>; transport: 'tcp' | 'udp'; ports: PortRange[]; citation: string }>();
  for (const f of flows) {
    if (f.peer.kind !== 'cidrs' || (f.transport !== 'tcp' && f.transport !== 'udp')) continue;
    const ports = f.transport === 'tcp' && namedPeers.has(f.peer.name) ? subtract(normalize(f.ports), web) : normalize(f.ports);
    if (ports.length === 0) continue;
    const key = `${f.peer.name}-${f.transport}`;
    const e = byKey.get(key);
    if (e) e.ports = union(e.ports, ports);
    else byKey.set(key, { peer: f.peer, transport: f.transport, ports, citation: f.catalogIds[0] });
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, e]) => ({ name, citation: e.citation, transport: e.transport, ports: e.ports, version: (e.peer.cidrs[0].includes(':') ? 6 : 4) as 4 | 6, cidrs: [...e.peer.cidrs] }));
}

/** Peer names of the selected sets that publish names (their TCP 80/443 go by name). */
export function namedSetPeers(sets: readonly EndpointSet[]): Set<string> {
  const out = new Set<string>();
  for (const s of sets) {
    if (!s.urls?.length) continue;
    out.add(setPeerName(s.id, 4));
    out.add(setPeerName(s.id, 6));
  }
  return out;
}
