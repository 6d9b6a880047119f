/**
 * What a role admits and reaches in total, per direction and port: the union of the addresses of
 * every flow without a written justification, whatever path it came by (role props, `allowFrom` /
 * `allowTo`, roles outside the cloud, trusts, the groups the role's hosts join: a domain's members,
 * an egress construct's group). The internet given in pieces (a list of /9s, a few hundred
 * `allowFrom` calls, trusts to several large ranges) is judged as what it adds up to.
 *
 * Ports are cut into segments where any flow's range (or a management port) begins or ends, so each
 * segment is covered by one set of flows; segments with the same flows are merged again. A port-less
 * transport (ICMP, GRE, ESP, AH) is a segment of its own. Only flows that reach public address space
 * take part (private ranges and roles add nothing to the internet). Engine-free.
 */
import { catalog, entryRanges } from '../catalog/index';
import type { Transport } from '../catalog/types';
import {
  ALL_ADDRESSES,
  isInternetCoverage,
  isPublicCoverage,
  publicCoverage,
  publicCoverageOfUnion,
  type PublicCoverage,
} from '../model/cidr';
import type { Flow, FlowDirection, RoleIntent } from '../model/intent';
import { contains, formatPorts, normalize, union, type PortRange } from '../model/ports';
import { propOf } from './internet';
import { managementPortsOf, opensManagementPorts } from './management-ports';
import { reasonProblem } from './reason';
import type { CheckContext, JoinedGroup } from './types';

/** One place the user wrote addresses: a prop (or call) with its list, on the role or on a group it joins. */
export interface ExposureSource {
  /** Stable key: group, prop and list. */
  readonly key: string;
  /** The prop or call, as the user wrote it (`clients`, `allowFrom(..., { label: 'x' })`, `outside role "dc-b"`). */
  readonly prop: string;
  /** The group whose rules carry it (the role's hosts join that group); absent for the role's own flows. */
  readonly via?: string;
  /** The addresses (`'internet'` is every address). */
  readonly cidrs: readonly string[];
  /** The internet rows of an internet-facing role's own catalog entries (Edge external interface, reverse proxy). */
  readonly byDesign: boolean;
  /** Order of first appearance (own flows first, then each group's), for messages. */
  readonly order: number;
}

/** Ports of one direction covered by one set of sources. */
export interface ExposureSegment {
  readonly direction: FlowDirection;
  /** The ports (one range), or empty for a port-less transport. */
  readonly ports: readonly PortRange[];
  /** The transports of the flows that cover these ports (one, for a port-less segment). */
  readonly transports: readonly Transport[];
  /** True when the ports are management ports of the role (see managementPortsOf). */
  readonly management: boolean;
  /** The sources whose flows cover these ports, sorted by key. */
  readonly sources: readonly ExposureSource[];
  /** The flows behind them, each with its source. */
  readonly entries: readonly Candidate[];
  /** Public space every source covers together. */
  readonly all: PublicCoverage;
  /** Public space the sources that are not by design cover together (see ExposureSource.byDesign). */
  readonly undesigned: PublicCoverage;
  /**
   * On management ports: the sources (not by design) whose flows open them on purpose (see
   * opensManagementPorts), and the public space they cover together. Empty elsewhere.
   */
  readonly managementSources: readonly ExposureSource[];
  readonly managed: PublicCoverage;
}

/** True when a flow's justification is a written reason (a malformed one counts as none). */
export function isJustified(f: Flow): boolean {
  return f.justification !== undefined && reasonProblem(f.justification) === undefined;
}

/** The addresses of a flow's peer, when it can reach public space. */
function addressesOf(f: Flow): readonly string[] | undefined {
  if (f.peer.kind === 'internet') return ALL_ADDRESSES;
  if (f.peer.kind !== 'cidrs') return undefined;
  return isPublicCoverage(publicCoverage(f.peer.cidrs)) ? f.peer.cidrs : undefined;
}

/**
 * True for a flow of an internet-facing role that is one of its documented internet rows: every
 * catalog id it cites is an entry of peer class `internet` in the flow's direction, on the flow's
 * transport, and its ports lie within those entries' ports.
 */
export function isInternetRow(intent: RoleIntent, f: Flow): boolean {
  if (!intent.internetFacing || f.catalogIds.length === 0) return false;
  const direction = f.direction === 'ingress' ? 'inbound' : 'outbound';
  let ranges: PortRange[] = [];
  for (const id of f.catalogIds) {
    if (!catalog.has(id)) return false;
    const e = catalog.byId(id);
    if (!('ports' in e) || !('peers' in e)) return false;
    if (!e.peers.includes('internet') || e.direction !== direction || !e.transports.includes(f.transport)) return false;
    ranges = union(ranges, entryRanges(e));
  }
  return f.ports.length === 0 ? ranges.length === 0 : contains(ranges, f.ports);
}

/** A flow and the source it came from. */
export interface Candidate {
  readonly flow: Flow;
  readonly source: ExposureSource;
}

/** The role's own flows and its groups' that reach public space without a written justification. */
function candidates(intent: RoleIntent, joined: readonly JoinedGroup[]): Candidate[] {
  const out: Candidate[] = [];
  const sources = new Map<string, ExposureSource>();
  const add = (f: Flow, via: string | undefined) => {
    if (isJustified(f)) return;
    const cidrs = addressesOf(f);
    if (!cidrs) return;
    const byDesign = via === undefined && isInternetRow(intent, f);
    const prop = via === undefined ? propOf(f) : `${propOf(f)} of group "${via}"`;
    const key = `${via ?? ''}|${prop}|${byDesign ? 'd' : ''}|${cidrs.join(',')}`;
    let source = sources.get(key);
    if (!source) {
      source = { key, prop, via, cidrs, byDesign, order: sources.size };
      sources.set(key, source);
    }
    out.push({ flow: f, source });
  };
  for (const f of intent.flows) add(f, undefined);
  for (const g of joined) for (const f of g.flows) add(f, g.name);
  return out;
}

const PORTLESS = new Set<string>(['icmp', 'gre', 'esp', 'ah']);
const NO_PUBLIC: PublicCoverage = publicCoverageOfUnion([]);
const ALL_PORTS: readonly PortRange[] = [{ from: 1, to: 65535 }];

/** The port ranges a flow covers (a ported flow without ports covers them all). */
function portsOf(f: Flow): readonly PortRange[] {
  return f.ports.length ? f.ports : ALL_PORTS;
}

/** Segments of one direction (see the file header). */
function segmentsOf(direction: FlowDirection, cands: readonly Candidate[], management: readonly PortRange[], measure: (s: readonly ExposureSource[]) => { all: PublicCoverage; undesigned: PublicCoverage }): ExposureSegment[] {
  const bySourceOrder = (a: ExposureSource, b: ExposureSource) => a.order - b.order;
  const mine = cands.filter((c) => c.flow.direction === direction);
  if (mine.length === 0) return [];
  const out: ExposureSegment[] = [];
  const segment = (ports: readonly PortRange[], covering: readonly Candidate[], isManagement: boolean) => {
    const byKey = new Map<string, ExposureSource>();
    for (const c of covering) byKey.set(c.source.key, c.source);
    const sources = [...byKey.values()].sort(bySourceOrder);
    const entries = [...new Set(covering)];
    const transports = [...new Set(entries.map((c) => c.flow.transport))].sort();
    const managing = isManagement ? [...new Set(entries.filter((c) => !c.source.byDesign && opensManagementPorts(c.flow)).map((c) => c.source))].sort(bySourceOrder) : [];
    const managed = managing.length ? measure(managing).all : NO_PUBLIC;
    out.push({ direction, ports, transports, management: isManagement, sources, entries, ...measure(sources), managementSources: managing, managed });
  };
  // Port-less transports: one segment each.
  for (const t of [...new Set(mine.filter((c) => PORTLESS.has(c.flow.transport)).map((c) => c.flow.transport))].sort()) {
    segment([], mine.filter((c) => c.flow.transport === t), false);
  }
  const ported = mine.filter((c) => !PORTLESS.has(c.flow.transport));
  if (ported.length === 0) return out;
  const bounds = new Set<number>();
  for (const c of ported) for (const r of portsOf(c.flow)) bounds.add(r.from).add(r.to + 1);
  for (const r of management) bounds.add(r.from).add(r.to + 1);
  const cuts = [...bounds].sort((a, b) => a - b);
  const inManagement = (p: number) => management.some((r) => r.from <= p && p <= r.to);
  let open: { from: number; to: number; covering: Candidate[]; key: string; management: boolean } | undefined;
  const flush = () => {
    if (open) segment([{ from: open.from, to: open.to }], open.covering, open.management);
    open = undefined;
  };
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i];
    const to = cuts[i + 1] - 1;
    const covering = ported.filter((c) => portsOf(c.flow).some((r) => r.from <= from && from <= r.to));
    if (covering.length === 0) {
      flush();
      continue;
    }
    const key = covering.map((c) => c.source.key).sort().join('\n') + '\n' + covering.map((c) => c.flow.transport).sort().join(',');
    const isManagement = inManagement(from);
    if (open && open.to + 1 === from && open.key === key && open.management === isManagement) {
      open.to = to;
      for (const c of covering) if (!open.covering.includes(c)) open.covering.push(c);
      continue;
    }
    flush();
    open = { from, to, covering: [...covering], key, management: isManagement };
  }
  flush();
  return out;
}

/** A role's exposure: every segment of both directions (see the file header). Computed once per role and check run. */
export function exposureOf(ctx: CheckContext): readonly ExposureSegment[] {
  const intent = ctx.intent;
  if (!intent || intent.outside || intent.remote) return [];
  const joined = ctx.joined ?? [];
  const known = memo.get(intent);
  if (known && known.joined === joined) return known.segments;
  const cands = candidates(intent, joined);
  const coverages = new Map<string, { all: PublicCoverage; undesigned: PublicCoverage }>();
  const measure = (sources: readonly ExposureSource[]) => {
    const key = sources.map((s) => s.key).sort().join('\n');
    let c = coverages.get(key);
    if (!c) {
      const all = publicCoverageOfUnion(sources.map((s) => s.cidrs));
      const undesigned = sources.some((s) => s.byDesign) ? publicCoverageOfUnion(sources.filter((s) => !s.byDesign).map((s) => s.cidrs)) : all;
      c = { all, undesigned };
      coverages.set(key, c);
    }
    return c;
  };
  const allFlows = [...intent.flows, ...joined.flatMap((g) => g.flows)];
  const segments = cands.length
    ? (['ingress', 'egress'] as const).flatMap((d) => segmentsOf(d, cands, managementPortsOf(allFlows, d), measure))
    : [];
  memo.set(intent, { joined, segments });
  return segments;
}
const memo = new WeakMap<RoleIntent, { joined: readonly JoinedGroup[]; segments: readonly ExposureSegment[] }>();

/**
 * True when a member role should leave a segment to a group: all its sources are one group's flows,
 * which that group's own check reports (once, not once per member).
 */
export function leftToGroup(sources: readonly ExposureSource[]): boolean {
  const via = sources[0]?.via;
  return via !== undefined && sources.every((x) => x.via === via);
}

/** Findings grouped by direction and sources: the ports, transports, purposes and catalog ids of their segments. */
export interface ExposureGroup {
  readonly direction: FlowDirection;
  readonly sources: readonly ExposureSource[];
  readonly ports: PortRange[];
  readonly transports: Set<string>;
  readonly purposes: Set<string>;
  readonly catalogIds: Set<string>;
  /** The coverage judged (the same for every segment of the group: same sources). */
  readonly coverage: PublicCoverage;
}

/** Groups the segments a check reports, in first-seen order. */
export function groupSegments(segments: readonly ExposureSegment[], coverage: (s: ExposureSegment) => PublicCoverage, sourcesOf: (s: ExposureSegment) => readonly ExposureSource[] = (s) => s.sources): ExposureGroup[] {
  const groups = new Map<string, ExposureGroup>();
  for (const s of segments) {
    const sources = sourcesOf(s);
    const key = `${s.direction}|${sources.map((x) => x.key).join('\n')}`;
    let g = groups.get(key);
    if (!g) {
      g = { direction: s.direction, sources, ports: [], transports: new Set(), purposes: new Set(), catalogIds: new Set(), coverage: coverage(s) };
      groups.set(key, g);
    }
    g.ports.push(...s.ports);
    for (const { flow: f, source } of s.entries) {
      if (!sources.includes(source)) continue;
      g.transports.add(f.transport);
      g.purposes.add(f.purpose);
      for (const id of f.catalogIds) g.catalogIds.add(id);
    }
  }
  for (const g of groups.values()) {
    const merged = normalize(g.ports);
    g.ports.length = 0;
    g.ports.push(...merged);
  }
  return [...groups.values()];
}

/** Words for how much public space a coverage is, e.g. "all of public IPv4 space". */
export function coverageWords(c: PublicCoverage): string {
  const pct = (s: number) => (s >= 1 ? 'all' : `${(s * 100).toFixed(s < 0.01 ? 3 : 1)} %`);
  const parts: string[] = [];
  // Below 0.001 % a share reads as zero: the count says it (IPv6 as a power of two).
  if (c.ipv4Addresses > 0n) parts.push(c.ipv4Share >= 0.00001 ? `${pct(c.ipv4Share)} of public IPv4 space` : `${c.ipv4Addresses} public IPv4 address${c.ipv4Addresses === 1n ? '' : 'es'}`);
  if (c.ipv6Addresses > 0n) parts.push(c.ipv6Share >= 0.00001 ? `${pct(c.ipv6Share)} of public IPv6 space` : `about 2^${c.ipv6Addresses.toString(2).length - 1} public IPv6 addresses`);
  return parts.join(' and ') || 'no public space';
}

const MAX_SOURCES_SHOWN = 4;
const MAX_CIDRS_SHOWN = 6;

function listText(cidrs: readonly string[]): string {
  if (cidrs === ALL_ADDRESSES) return "'internet' (0.0.0.0/0 and ::/0)";
  return cidrs.length > MAX_CIDRS_SHOWN ? `${cidrs.slice(0, MAX_CIDRS_SHOWN).join(', ')} and ${cidrs.length - MAX_CIDRS_SHOWN} more` : cidrs.join(', ');
}

/**
 * The sources in words. One source: `clients is 0.0.0.0/1, 128.0.0.0/1 (together all of public IPv4
 * space)` (verb `is`, or `admits`); several: `allowFrom(..., { label: 'a' }) (11.0.0.0/9),
 * trusts (12.0.0.0/9) together cover 0.4 % of public IPv4 space`, the first four and a count.
 */
export function sourcesText(sources: readonly ExposureSource[], coverage: PublicCoverage, verb: 'is' | 'admits' | 'reaches'): string {
  if (sources.length === 1) {
    const s = sources[0];
    if (s.cidrs === ALL_ADDRESSES) return s.prop === "'internet'" ? "'internet' (0.0.0.0/0 and ::/0)" : `${s.prop} ${verb} 'internet' (0.0.0.0/0 and ::/0)`;
    return `${s.prop} ${verb} ${listText(s.cidrs)} (together ${coverageWords(coverage)})`;
  }
  const shown = sources.slice(0, MAX_SOURCES_SHOWN).map((s) => `${s.prop} (${listText(s.cidrs)})`);
  const more = sources.length > MAX_SOURCES_SHOWN ? ` and ${sources.length - MAX_SOURCES_SHOWN} more` : '';
  const head = more ? `${shown.join(', ')}${more}` : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  const v = verb === 'is' ? 'together cover' : `together ${verb === 'admits' ? 'admit' : 'reach'}`;
  return `${head} ${v} ${coverageWords(coverage)}`;
}

/** The props of the sources, for a fix (`clients, allowFrom(..., { label: 'x' })`). */
export function propsText(sources: readonly ExposureSource[]): string {
  const props = [...new Set(sources.map((s) => s.prop))];
  return props.length > MAX_SOURCES_SHOWN ? `${props.slice(0, MAX_SOURCES_SHOWN).join(', ')} and ${props.length - MAX_SOURCES_SHOWN} more` : props.join(', ');
}

/** What the guards let through below the threshold, in words (errors and README say the same). */
export const BELOW_THRESHOLD =
  'allowed without a justification: public ranges that together, per port and direction, cover less than a /8 of public IPv4 (2^24 addresses) and a /24 of public IPv6 (2^104), on ports that are not management ports (e.g. a partner\'s public /16 on 443)';

/** Purposes in words: the first three and a count. */
export function purposesText(purposes: Iterable<string>): string {
  const list = [...purposes];
  return list.length > 3 ? `${list.slice(0, 3).join('; ')} and ${list.length - 3} more` : list.join('; ');
}

/** `tcp/udp 3389` for a group's ports and transports. */
export function whatText(g: ExposureGroup): string {
  return `${[...g.transports].sort().join('/')} ${g.ports.length ? formatPorts(g.ports) : ''}`.trim();
}

export { isInternetCoverage, isPublicCoverage };
