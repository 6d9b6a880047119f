/**
 * Stage "merge": a role's flows become its allow rules, one per (direction, peer, transport), and on
 * Azure per source ports too.
 *
 * Properties (test/plan/merge.test.ts):
 * - never widens, never loses: a rule's ports are exactly the union of its flows' ports;
 * - keeps catalog ids: a rule cites every catalog id of its flows (sorted, once each), and each
 *   flow stays a contribution with its own ports, so a rendered range can cite exactly its sources;
 * - deterministic: buckets in first-seen order, names from the bucket key only (never the ports);
 * - refuses what the cloud cannot say: invalid ports or CIDRs, ports on a port-less transport, a
 *   transport the cloud lacks without a written justification (then an all-protocols rule);
 * - says what it renders differently: AWS has no source ports (a note per flow) and no health probe peer.
 * No cdktf imports.
 */
import type { Transport } from '../catalog/types';
import { parseCidr } from '../model/cidr';
import { MsPortsError } from '../model/errors';
import type { Flow, FlowDirection, RoleIntent } from '../model/intent';
import { formatPorts, formatRange, normalize, type PortRange } from '../model/ports';
import { describe, peerKey, safeName } from './names';
import type { CloudProfile } from './profiles';
import { PORTLESS, type Contribution, type DraftRule, type PlanPeer } from './types';

/** The flows of one future rule: one direction, peer and transport (and source ports on Azure). */
export interface Bucket {
  direction: FlowDirection;
  peer: PlanPeer;
  transport: Transport | 'all';
  /** The flows' ports, concatenated: normalized once, when the bucket is complete. */
  ports: PortRange[];
  sourcePorts?: PortRange[];
  contributions: Contribution[];
}

/** One flow well formed: ports on port transports only, within 1-65535; a CIDR group with valid ranges. */
export function validateFlow(role: RoleIntent, flow: Flow): void {
  if (!PORTLESS.has(flow.transport) && flow.ports.length === 0) {
    throw new MsPortsError(role.path, `a ${flow.transport} flow for "${flow.purpose}" has no ports`, 'give at least one port or range');
  }
  if (PORTLESS.has(flow.transport) && flow.ports.length > 0) {
    throw new MsPortsError(
      role.path,
      `${flow.transport.toUpperCase()} carries no ports, but ports ${formatPorts(flow.ports)} were given for "${flow.purpose}"`,
      'drop the ports from this flow',
    );
  }
  for (const r of flow.ports) {
    if (!Number.isInteger(r.from) || !Number.isInteger(r.to) || r.from < 1 || r.to > 65535 || r.from > r.to) {
      throw new MsPortsError(role.path, `port range ${r.from}-${r.to} is invalid`, 'use ports 1-65535 with from <= to');
    }
  }
  const peer = flow.peer;
  if (peer.kind === 'cidrs') {
    if (peer.cidrs.length === 0) {
      throw new MsPortsError(role.path, `the peer group "${peer.name}" has no address ranges`, `list at least one CIDR for "${peer.name}"`);
    }
    for (const c of peer.cidrs) {
      try {
        parseCidr(c);
      } catch (e) {
        throw new MsPortsError(role.path, `${(e as Error).message} (in peer group "${peer.name}")`, 'write a network address with a prefix, e.g. 10.30.0.0/16');
      }
    }
  }
  // The internet and management-port guards are checks (lib/checks), run by planNetwork after planning.
}

/** Every flow valid, and expressible in the cloud (or justified to become an all-protocols rule). */
export function checkFlows(role: RoleIntent, profile: CloudProfile): void {
  for (const f of role.flows) validateFlow(role, f);
  for (const f of role.flows) {
    if (profile.unsupportedTransports.includes(f.transport) && !f.justification) {
      throw new MsPortsError(
        role.path,
        `${f.transport.toUpperCase()} (${f.catalogIds.join(', ')}: ${f.purpose}) cannot be expressed in ${profile.cloud === 'azure' ? 'an Azure NSG, which knows Tcp, Udp, Icmp, Esp, Ah and *' : profile.cloud}`,
        'leave this service out, or allow all protocols for it on purpose by passing a written justification (it appears in the rule description)',
      );
    }
  }
}

/** The role's flows bucketed by direction, peer, transport (and source ports on Azure), in first-seen order; ports normalized. */
export function bucketFlows(role: RoleIntent, profile: CloudProfile, notes: string[]): Bucket[] {
  const buckets = new Map<string, Bucket>();
  const aws = profile.cloud === 'aws';
  for (const f of role.flows) {
    if (aws && f.peer.kind === 'lb-probe') continue;
    const transport: Transport | 'all' = profile.unsupportedTransports.includes(f.transport) ? 'all' : f.transport;
    // Source ports: Azure NSG rules take them; AWS security groups cannot, so the rule admits any source port there.
    const sourcePorts = f.sourcePorts?.length && !aws ? normalize(f.sourcePorts) : undefined;
    if (f.sourcePorts?.length && aws) {
      notes.push(
        `${f.catalogIds.join(' ')}: documented from source ports ${formatPorts(f.sourcePorts)}; AWS security groups have no source ports, so ${transport} ${formatPorts(f.ports)} to ${peerKey(f.peer)} is allowed from any source port`,
      );
    }
    const key = `${f.direction}|${peerKey(f.peer)}|${transport}${sourcePorts ? `|src ${formatPorts(sourcePorts)}` : ''}`;
    const b = buckets.get(key);
    const contribution = internContribution(f);
    if (b) {
      if (f.peer.kind === 'cidrs' && b.peer.kind === 'cidrs' && f.peer.cidrs !== b.peer.cidrs && sortedCidrs(f.peer.cidrs) !== sortedCidrs(b.peer.cidrs)) {
        throw new MsPortsError(role.path, `peer group "${f.peer.name}" is given two different address lists`, 'use one name per address list');
      }
      for (const r of f.ports) b.ports.push(r);
      b.contributions.push(contribution);
    } else {
      buckets.set(key, { direction: f.direction, peer: f.peer, transport, ports: transport === 'all' ? [] : [...f.ports], sourcePorts, contributions: [contribution] });
    }
  }
  const out: Bucket[] = [];
  for (const b of buckets.values()) {
    b.ports = normalize(b.ports);
    out.push(b);
  }
  return out;
}

/** One allow rule per bucket: stable name, cited description; priority 0 until assigned. */
export function draftRules(buckets: readonly Bucket[], profile: CloudProfile): DraftRule[] {
  const max = profile.ruleNameMaxLength > 80 ? 80 : profile.ruleNameMaxLength;
  const out: DraftRule[] = [];
  for (const b of buckets) {
    const src = b.sourcePorts ? `-from-${b.sourcePorts.map(formatRange).join('-')}` : '';
    const name = safeName(`${b.direction === 'ingress' ? 'in-from' : 'out-to'}-${peerKey(b.peer)}-${b.transport}${src}`, max);
    const ids = idsOf(b.contributions);
    const just = b.contributions.find((c) => c.justification)?.justification;
    const lead = `${b.direction === 'ingress' ? 'in' : 'out'} ${b.transport} ${formatPorts(b.ports)}${b.sourcePorts ? ` from src ${formatPorts(b.sourcePorts)}` : ''}${just ? ` justified: ${just}` : ''}`;
    const description = describe(lead, ids, profile);
    // (The same properties in the same order as ever; sourcePorts only where there are some.)
    out.push(
      b.sourcePorts
        ? { name, access: 'allow', direction: b.direction, peer: b.peer, transport: b.transport, ports: b.ports, sourcePorts: b.sourcePorts, catalogIds: ids, contributions: b.contributions, description, priority: 0 }
        : { name, access: 'allow', direction: b.direction, peer: b.peer, transport: b.transport, ports: b.ports, catalogIds: ids, contributions: b.contributions, description, priority: 0 },
    );
  }
  return out;
}

/**
 * The contribution of a flow, shared by every rule (in every plan of the process) with the same
 * catalog ids, ports, purpose and justification: every site of an app repeats the same documented
 * flows, and a plan is kept for the whole synth (contributions were half of a plan's memory).
 * Immutable (frozen); the cache is bounded.
 */
export function internContribution(f: Flow): Contribution {
  // Looked up by parts (purpose, ids, ports, justification): the catalog's strings carry their
  // hashes, so no long key is built and hashed per flow.
  let byIds = contributions.get(f.purpose);
  if (!byIds) contributions.set(f.purpose, (byIds = new Map()));
  const ids = f.catalogIds.length === 1 ? f.catalogIds[0] : f.catalogIds.join(' ');
  let byPorts = byIds.get(ids);
  if (!byPorts) byIds.set(ids, (byPorts = new Map()));
  const ports = formatPorts(f.ports);
  let byReason = byPorts.get(ports);
  if (!byReason) byPorts.set(ports, (byReason = new Map()));
  let c = byReason.get(f.justification);
  if (!c) {
    if (contributionCount >= CONTRIBUTIONS_MAX) {
      contributions.clear();
      contributionCount = 0;
      return internContribution(f);
    }
    c = Object.freeze({ catalogIds: Object.freeze([...f.catalogIds]), ports: Object.freeze(normalize(f.ports)), purpose: f.purpose, justification: f.justification });
    byReason.set(f.justification, c);
    contributionCount++;
  }
  return c;
}
/** Interned contributions by purpose, catalog ids, ports and justification (bounded: cleared when full). */
const contributions = new Map<string, Map<string, Map<string, Map<string | undefined, Contribution>>>>();
let contributionCount = 0;
const CONTRIBUTIONS_MAX = 65536;

/** An address list's CIDRs sorted and joined: what two lists of one peer group are compared by (once per list). */
function sortedCidrs(cidrs: readonly string[]): string {
  let text = sortedCidrsOf.get(cidrs);
  if (text === undefined) {
    text = [...cidrs].sort().join();
    sortedCidrsOf.set(cidrs, text);
  }
  return text;
}
const sortedCidrsOf = new WeakMap<readonly string[], string>();

/** The catalog ids of some contributions, unique and sorted (a lone contribution's once per contribution). */
export function idsOf(list: readonly Contribution[]): string[] {
  if (list.length > 32) return [...new Set(list.flatMap((c) => c.catalogIds))].sort();
  if (list.length !== 1) {
    // (A few ids, mostly: a linear scan is cheaper than a set.)
    const ids: string[] = [];
    for (const c of list) for (const id of c.catalogIds) if (!ids.includes(id)) ids.push(id);
    return ids.sort();
  }
  let ids = idsOfContribution.get(list[0]);
  if (!ids) {
    ids = [...new Set(list[0].catalogIds)].sort();
    idsOfContribution.set(list[0], ids);
  }
  return [...ids];
}
const idsOfContribution = new WeakMap<Contribution, readonly string[]>();
