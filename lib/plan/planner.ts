/**
 * The planner: turns role intents into the fewest correct rules per security boundary, with
 * stable names and priorities, cited descriptions, and cloud limits enforced. No cdktf imports.
 */
import type { Transport } from '../catalog/types';
import { runChecks } from '../checks/run';
import type { CheckPack, CheckReport } from '../checks/types';
import { parseCidr, type Cidr } from '../model/cidr';
import { compareText, textOrderFor } from '../model/compare';
import { MsPortsError } from '../model/errors';
import type { Flow, FlowDirection, IpsecNote, Listener, Peer, RoleIntent, SkippedEntry } from '../model/intent';
import { formatPorts, formatRange, intersect, normalize, subtract, type PortRange } from '../model/ports';
import {
  AWS_PROFILE as AWS_DESCRIPTION_PROFILE,
  AWS_DEFAULT_RULES_PER_SG,
  AWS_DEFAULT_SGS_PER_ENI,
  AZURE_MAX_RULES_PER_NSG,
  AZURE_PRIORITY_MAX,
  AZURE_PRIORITY_MIN,
  safeText,
  type CloudProfile,
} from './profiles';

/** A peer in a planned rule: an intent peer, or `any` (deny-all rules only). */
export type PlanPeer = Peer | { readonly kind: 'any' };

/** Which flows went into a rule: kept so each rendered range can cite exactly its own sources. */
export interface Contribution {
  readonly catalogIds: readonly string[];
  readonly ports: readonly PortRange[];
  readonly purpose: string;
  readonly justification?: string;
}

export interface PlannedRule {
  /** Stable name: direction, peer and transport; never the ports (they may merge). */
  readonly name: string;
  readonly access: 'allow' | 'deny';
  readonly direction: FlowDirection;
  readonly peer: PlanPeer;
  /** `all`: every protocol (deny-all and allow-all rules). */
  readonly transport: Transport | 'all';
  /** Normalized; empty for port-less transports and `all`. */
  readonly ports: readonly PortRange[];
  /** Source ports (Azure only; AWS security groups have none). Absent: any. */
  readonly sourcePorts?: readonly PortRange[];
  readonly catalogIds: readonly string[];
  readonly contributions: readonly Contribution[];
  /** Azure priority (100-4096, unique per direction). 0 on AWS. */
  readonly priority: number;
  readonly description: string;
}

/** One AWS rule resource: one peer address or group, one transport, one range. */
export interface AwsRuleResource {
  readonly key: string;
  /** The planned rule this resource renders (one planned rule becomes peer x range resources). */
  readonly rule: string;
  readonly direction: FlowDirection;
  readonly peer:
    | { readonly kind: 'cidr'; readonly cidr: Cidr }
    | { readonly kind: 'role'; readonly role: string }
    /** A customer-managed prefix list: one rule that counts `maxEntries` against the quota. */
    | { readonly kind: 'prefix-list'; readonly name: string; readonly version: 4 | 6; readonly cidrs: readonly Cidr[]; readonly maxEntries: number; readonly description: string };
  readonly transport: Transport | 'all';
  readonly range?: PortRange;
  /** What the resource counts against the security group quota (1, or a prefix list's max entries). */
  readonly weight: number;
  readonly catalogIds: readonly string[];
  readonly description: string;
  /**
   * Which of the role's security groups holds the rule: 0 is the role's own group; 1, 2, ... are the
   * extra groups for the same hosts when the rules exceed the per-group quota.
   */
  readonly group?: number;
}

export interface RolePlan {
  readonly name: string;
  readonly path: string;
  readonly kind: string;
  /** Faces the internet by design (Edge external interface, reverse proxy): its load balancer is public. */
  readonly internetFacing: boolean;
  /** True for the load balancer boundary the planner adds on AWS. */
  readonly synthetic: boolean;
  readonly rules: readonly PlannedRule[];
  readonly awsRules: readonly AwsRuleResource[];
  /** AWS: how many security groups the role's rules take (1, or more when spread over the quota). */
  readonly awsSecurityGroups: number;
  readonly listeners: readonly Listener[];
  readonly probePort?: number;
  readonly ipsec: readonly IpsecNote[];
  readonly skipped: readonly SkippedEntry[];
  readonly egressAllowAllReason?: string;
  /** A group boundary that other roles' hosts join (see RoleIntent.group). */
  readonly group: boolean;
  /** Groups this role's hosts must also join (attach their security group / ASG). */
  readonly memberOf: readonly string[];
  /** What this cloud renders differently from the documented flow (e.g. AWS has no source ports), one line each. */
  readonly notes?: readonly string[];
  /**
   * Set for a role outside the cloud: nothing is rendered for it; its rules are the mirror of the
   * cloud roles' flows with it, to set on the firewall in front of it.
   */
  readonly outside?: { readonly cidrs: readonly string[] };
  /** Set for a stand-in of roles in other stacks (see RoleIntent.remote): a boundary only, no rules rendered here. */
  readonly remote?: { readonly members: readonly string[] };
  /** Groups and stand-ins of shared networks this role's hosts also join, by alias (see RoleIntent.joinsForeign). */
  readonly joinsForeign?: readonly string[];
}

/** A group or stand-in of another network, as a network that shares it sees it (see PlanOptions.foreign). */
export interface ForeignRole {
  /** Its flows after its own network's planning, peers named by their alias on this network: merged into members' NSGs on Azure. Empty for a boundary only. */
  readonly groupFlows: readonly Flow[];
  /** AWS: how many security groups its hosts attach (the group's own and its extra ones). */
  readonly awsSecurityGroups: number;
  readonly group: boolean;
  /**
   * AWS: the network load balancer(s) of a shared role with load-balanced ports: egress towards the
   * role on those ports also reaches its load balancers' security group (by its alias), as within one network.
   */
  readonly loadBalancer?: { readonly alias: string; readonly tcp: readonly PortRange[]; readonly udp: readonly PortRange[] };
}

export interface NetworkPlan {
  readonly cloud: 'azure' | 'aws';
  readonly roles: readonly RolePlan[];
  /**
   * Every group's flows after mirroring, peers by this network's role names: what a member on a
   * network that shares this one renders into its own NSG (Azure). Absent on plans built by hand.
   */
  readonly groupFlows?: ReadonlyMap<string, readonly Flow[]>;
  /** What the check packs found (failed warnings and suppressed findings; errors throw). Absent on plans built by hand. */
  readonly checks?: CheckReport;
}

export interface PlanOptions {
  readonly profile: CloudProfile;
  /** Construct path of the network binding, for errors about the network as a whole. */
  readonly path: string;
  /** AWS rules per security group per direction and IP version (default 60; raise it only with a raised quota). */
  readonly awsRulesPerSecurityGroup?: number;
  /** Azure priorities for the allow rules (default 100-3999; 4000-4096 hold probe and deny rules). */
  readonly azurePriorityRange?: { readonly from: number; readonly to: number };
  /** Check packs to run after the library's own (lib/checks). Default: none. */
  readonly checkPacks?: readonly CheckPack[];
  /** AWS security groups per network interface (default 5, adjustable up to 16): bounds how far a role's rules spread. */
  readonly awsSecurityGroupsPerEni?: number;
  /**
   * Roles of shared networks (other stacks) that this network's roles name as peers or join, by
   * their alias here (`<role>.<network alias>`). Flows towards them are not mirrored here: their own
   * network renders that side (towards a stand-in of this network's roles).
   */
  readonly foreign?: ReadonlyMap<string, ForeignRole>;
}

/** Ports that must never face the internet without a written reason (defined with the checks). */
export { MANAGEMENT_PORTS } from '../checks/management-ports';

const PORTLESS: ReadonlySet<string> = new Set(['icmp', 'gre', 'esp', 'ah', 'all']);

/** Suffix of the load balancer boundary the planner adds for AWS network load balancers. */
export const LB_ROLE_SUFFIX = '-nlb';

export function peerKey(peer: PlanPeer): string {
  switch (peer.kind) {
    case 'cidrs':
      return `net-${peer.name}`;
    case 'role':
      return `role-${peer.role}`;
    case 'internet':
      return 'internet';
    case 'lb-probe':
      return 'lbprobe';
    case 'any':
      return 'any';
  }
}

/**
 * 32-bit FNV-1a with a final avalanche (MurmurHash3 fmix32), so names that differ only in their
 * last characters (`...-tcp`, `...-udp`) land far apart: small, stable, the same in every engine.
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const SAFE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;

/** Makes a name safe for every cloud: [A-Za-z0-9_.-], starts and ends alphanumeric, at most `max`. */
export function safeName(raw: string, max = 80): string {
  // Most names are safe as written (what the replacements below would leave unchanged).
  if (raw.length <= max && SAFE_NAME.test(raw) && !raw.includes('--')) return raw;
  let s = raw.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
  if (s === '') s = 'x';
  if (s.length > max) {
    const tag = fnv1a(raw).toString(36);
    s = `${s.slice(0, max - tag.length - 1).replace(/[^A-Za-z0-9]+$/, '')}-${tag}`;
  }
  return s;
}

/**
 * A description that cites catalog ids and fits the cloud: ids that do not fit are counted
 * ("+N more, see report"), never silently cut.
 */
export function describe(lead: string, ids: readonly string[], profile: CloudProfile): string {
  const max = profile.descriptionMaxLength;
  const head = safeText(lead);
  let out = ids.length ? `${head}: ${ids[0]}` : head;
  for (let i = 1; i < ids.length; i++) {
    const rest = ids.length - i - 1;
    const next = `${out} ${ids[i]}`;
    const reserve = rest > 0 ? ` +${rest} more, see report`.length : 0;
    if (next.length + reserve > max) {
      out = `${out} +${ids.length - i} more, see report`;
      break;
    }
    out = next;
  }
  if (out.length > max) out = out.slice(0, max);
  return out;
}

function validateFlow(role: RoleIntent, flow: Flow): void {
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

interface Group {
  direction: FlowDirection;
  peer: PlanPeer;
  transport: Transport | 'all';
  /** The flows' ports, concatenated: normalized once, when the group is complete. */
  ports: PortRange[];
  sourcePorts?: PortRange[];
  contributions: Contribution[];
}

/**
 * The intents to plan (mirrored, load balancers added, group flows merged into members on Azure),
 * and every group's own flows before that merge (what members on a sharing network render).
 */
function mirrorAndAugment(roles: readonly RoleIntent[], options: PlanOptions): { intents: RoleIntent[]; groupFlows: Map<string, readonly Flow[]> } {
  const byName = new Map<string, RoleIntent>();
  for (const r of roles) {
    if (byName.has(r.name)) {
      throw new MsPortsError(
        r.path,
        `role name "${r.name}" is already used by ${byName.get(r.name)!.path}`,
        'give each role a unique `name` (it becomes part of resource names)',
      );
    }
    byName.set(r.name, r);
  }
  // The flows each role gets besides its own, in the order they are found.
  const extra = new Map<string, Flow[]>();
  mirrorFlows(roles, byName, options, extra);
  // Egress towards a shared network's role with a load balancer also reaches the load balancer (its
  // own network admits this network's roles there through their stand-in).
  if (options.foreign) addForeignLoadBalancerFlows(roles, options.foreign, extra);
  // Load balancers, after the mirror: a pool admits on its listener ports what others declared towards it too.
  const lbRoles: RoleIntent[] = [];
  for (const r of roles) {
    if (r.listeners.length === 0) continue;
    if (options.profile.cloud === 'azure') addExtra(extra, r.name, probeFlow(r));
    else lbRoles.push(loadBalancerRole(r, byName, extra));
  }
  mirrorFlows(lbRoles, byName, options, extra);
  const all = lbRoles.length ? [...roles, ...lbRoles] : roles;
  const mirrored = all.map((r) => withExtraFlows(r, extra.get(r.name)));
  const mirroredByName = new Map(mirrored.map((r) => [r.name, r]));
  const lbIdentities = options.profile.cloud === 'aws' ? loadBalancerIdentities(mirrored, mirroredByName) : [];
  const summarized = [...mirrored, ...lbIdentities].map((r) => summarizeGroupPeers(r, mirroredByName, lbIdentities));
  const summarizedByName = new Map(summarized.map((r) => [r.name, r]));
  const merged = summarized.map((r) => dropFlowsCoveredByGroups(r, summarizedByName));
  const mergedByName = new Map(merged.map((r) => [r.name, r]));
  checkMemberships(merged, mergedByName, options);
  const groupFlows = new Map<string, readonly Flow[]>();
  for (const r of merged) if (r.group) groupFlows.set(r.name, r.flows);
  if (options.profile.cloud !== 'azure') return { intents: merged, groupFlows };
  // Azure: a NIC has one NSG, so a group's rules are rendered into each member's NSG (a group of a
  // shared network too: its flows come from that network's plan).
  return { intents: merged.map((r) => withGroupFlows(r, mergedByName, options)), groupFlows };
}

function addExtra(extra: Map<string, Flow[]>, role: string, f: Flow): void {
  const list = extra.get(role);
  if (list) list.push(f);
  else extra.set(role, [f]);
}

/**
 * Mirrors role-to-role flows, so both boundaries admit them (AWS egress is closed; Azure is made so).
 * A flow with a role outside the cloud (addresses) is mirrored onto that role too, for the report.
 */
function mirrorFlows(list: readonly RoleIntent[], byName: ReadonlyMap<string, RoleIntent>, options: PlanOptions, extra: Map<string, Flow[]>): void {
  for (const r of list) {
    if (r.outside) continue;
    for (const f of r.flows) {
      if (f.peer.kind === 'cidrs' && f.peer.outsideRole) {
        const outside = byName.get(f.peer.outsideRole);
        if (outside?.outside) {
          addExtra(extra, outside.name, { ...f, direction: f.direction === 'ingress' ? 'egress' : 'ingress', peer: { kind: 'role', role: r.name } });
        }
        continue;
      }
      if (f.peer.kind !== 'role') continue;
      if (options.foreign?.has(f.peer.role)) continue; // rendered by the shared network, towards its stand-in
      const other = byName.get(f.peer.role);
      if (!other) {
        throw new MsPortsError(r.path, `a flow refers to role "${f.peer.role}", which is not in this network`, 'create that role on the same network binding before wiring it');
      }
      if (other.outside) {
        throw new MsPortsError(r.path, `a flow names role "${other.name}", which is outside the cloud, as a boundary`, 'name an outside role by its addresses (its `peer`), not by a boundary reference');
      }
      addExtra(extra, other.name, {
        ...f,
        direction: f.direction === 'ingress' ? 'egress' : 'ingress',
        peer: { kind: 'role', role: r.name },
      });
    }
  }
}

function addForeignLoadBalancerFlows(roles: readonly RoleIntent[], foreign: ReadonlyMap<string, ForeignRole>, extra: Map<string, Flow[]>): void {
  for (const r of roles) {
    if (r.outside) continue;
    for (const f of r.flows) {
      if (f.direction !== 'egress' || f.peer.kind !== 'role' || (f.transport !== 'tcp' && f.transport !== 'udp')) continue;
      const lb = foreign.get(f.peer.role)?.loadBalancer;
      const ports = lb ? intersect(f.ports, lb[f.transport]) : [];
      if (lb && ports.length) addExtra(extra, r.name, { ...f, peer: { kind: 'role', role: lb.alias }, ports });
    }
  }
}

/** Azure: the load balancer's health probe reaches the pool on the probe port. */
function probeFlow(r: RoleIntent): Flow {
  const probe = r.probePort ?? r.listeners[0].port;
  return {
    direction: 'ingress',
    peer: { kind: 'lb-probe' },
    transport: 'tcp',
    ports: [{ from: probe, to: probe }],
    catalogIds: [...new Set(r.listeners.filter((l) => l.port === probe).flatMap((l) => l.catalogIds))],
    purpose: 'load balancer health probe',
  };
}

/** AWS: the network load balancer of a pool, a boundary of its own (admits what the pool admits on its listener ports). */
function loadBalancerRole(r: RoleIntent, byName: Map<string, RoleIntent>, extra: ReadonlyMap<string, Flow[]>): RoleIntent {
  const lbName = `${r.name}${LB_ROLE_SUFFIX}`;
  const lbFlows: Flow[] = [];
  for (const t of ['tcp', 'udp'] as const) {
    const lp = normalize(r.listeners.filter((l) => l.transport === t).map((l) => ({ from: l.port, to: l.port })));
    if (lp.length === 0) continue;
    // What the summarizing groups the pool joins admit for every member (rows documented for all
    // pools of its kind) reaches the pool's virtual IP too.
    const carried = (r.memberOf ?? []).flatMap((g) => (byName.get(g)?.summarizeMemberEgress ? [...byName.get(g)!.flows, ...(extra.get(g) ?? [])] : []));
    for (const f of [...r.flows, ...(extra.get(r.name) ?? []), ...carried]) {
      if (f.direction !== 'ingress' || f.transport !== t) continue;
      if (f.peer.kind === 'role' && f.peer.role === r.name) continue;
      const ports = intersect(f.ports, lp);
      if (ports.length) lbFlows.push({ ...f, ports });
    }
    lbFlows.push({
      direction: 'egress',
      peer: { kind: 'role', role: r.name },
      transport: t,
      ports: lp,
      catalogIds: [...new Set(r.listeners.filter((l) => l.transport === t).flatMap((l) => l.catalogIds))],
      purpose: 'load balancer to targets, pass-through and health checks',
    });
  }
  if (byName.has(lbName)) {
    throw new MsPortsError(r.path, `role name "${lbName}" collides with the load balancer of "${r.name}"`, `rename the role "${lbName}"`);
  }
  const lb: RoleIntent = {
    name: lbName,
    path: `${r.path}/nlb`,
    kind: `network load balancer of ${r.name}`,
    internetFacing: r.internetFacing,
    flows: lbFlows,
    listeners: [],
    ipsec: [],
    skipped: [],
    egress: 'declared',
    ...(r.remote ? { remote: r.remote } : {}),
  };
  byName.set(lbName, lb);
  return lb;
}

/** A role with the flows mirrored onto it (a role outside the cloud keeps only those). */
function withExtraFlows(r: RoleIntent, more: readonly Flow[] | undefined): RoleIntent {
  if (!more) return r.outside && r.flows.length ? { ...r, flows: [] } : r;
  return { ...r, flows: r.outside || r.flows.length === 0 ? more : [...r.flows, ...more] };
}

function checkMemberships(roles: readonly RoleIntent[], byName: ReadonlyMap<string, RoleIntent>, options: PlanOptions): void {
  for (const r of roles) {
    for (const g of r.memberOf ?? []) {
      if (options.foreign?.get(g)?.group) continue;
      const group = byName.get(g);
      if (!group || !group.group) {
        throw new MsPortsError(r.path, `the role joins "${g}", which is not a group on this network`, 'join a group (e.g. a domain\'s members group) created on the same network binding');
      }
    }
  }
}

/** Azure: a member's flows and those of every group it joins (rendered into its NSG). */
function withGroupFlows(r: RoleIntent, byName: ReadonlyMap<string, RoleIntent>, options: PlanOptions): RoleIntent {
  if (!r.memberOf?.length) return r;
  const flows = [...r.flows];
  for (const g of r.memberOf) {
    for (const f of byName.get(g)?.flows ?? options.foreign?.get(g)?.groupFlows ?? []) flows.push(f);
  }
  return { ...r, flows };
}

/** The summarizing group (see RoleIntent.summarizeMemberEgress) a role's hosts join, if any (the first by name). */
function summarizingGroupOf(name: string, byName: ReadonlyMap<string, RoleIntent>): string | undefined {
  for (const g of byName.get(name)?.memberOf ?? []) if (byName.get(g)?.summarizeMemberEgress) return g;
  return undefined;
}

/**
 * AWS: for each summarizing group some of whose members have a network load balancer, a boundary
 * those load balancers attach besides their own (`<group>-nlb`, no rules of its own): what the group
 * sends to its members' load balancers is then one rule set towards it, however many pools have one.
 */
function loadBalancerIdentities(roles: readonly RoleIntent[], byName: Map<string, RoleIntent>): RoleIntent[] {
  const out: RoleIntent[] = [];
  for (const g of roles) {
    if (!g.group || !g.summarizeMemberEgress) continue;
    const hasLb = roles.some((r) => r.listeners.length > 0 && !r.remote && !r.outside && (r.memberOf ?? []).includes(g.name));
    if (!hasLb) continue;
    const name = `${g.name}${LB_ROLE_SUFFIX}`;
    if (byName.has(name)) {
      throw new MsPortsError(byName.get(name)!.path, `role name "${name}" collides with the load balancers of group "${g.name}"`, `rename the role "${name}"`);
    }
    const lb: RoleIntent = { name, path: `${g.path}/nlb`, kind: `network load balancers of ${g.kind}`, internetFacing: false, flows: [], listeners: [], ipsec: [], skipped: [], egress: 'declared', group: true };
    byName.set(name, lb);
    out.push(lb);
  }
  return out;
}

/**
 * A group that asks for it (`summarizeMemberEgress`: the Skype site's server groups) names the pools
 * of a summarizing group through that group: its flows with a role that is a member of one (its own
 * members, or the pools of another kind) become flows with the group, and its egress towards such a
 * role's load balancer (AWS) becomes egress towards the group's load balancer boundary, on the union
 * of the ports. Its rule count then stays flat however many pools join. What passes is unchanged:
 * the other side of each such flow is the role itself, which names only its own documented ports
 * (a member admits the group on its ports; a role sends to the group on its own rows).
 */
function summarizeGroupPeers(g: RoleIntent, byName: ReadonlyMap<string, RoleIntent>, lbIdentities: readonly RoleIntent[]): RoleIntent {
  if (!g.group || !g.summarizeMemberEgress) return g;
  const lbNames = new Set(lbIdentities.map((l) => l.name));
  let changed = false;
  const flows = g.flows.map((f) => {
    if (f.peer.kind !== 'role') return f;
    const peer = f.peer.role;
    const viaGroup = summarizingGroupOf(peer, byName);
    if (viaGroup) {
      changed = true;
      return { ...f, peer: { kind: 'role' as const, role: viaGroup } };
    }
    if (f.direction === 'egress' && peer.endsWith(LB_ROLE_SUFFIX)) {
      const pool = summarizingGroupOf(peer.slice(0, -LB_ROLE_SUFFIX.length), byName);
      if (pool && lbNames.has(`${pool}${LB_ROLE_SUFFIX}`)) {
        changed = true;
        return { ...f, peer: { kind: 'role' as const, role: `${pool}${LB_ROLE_SUFFIX}` } };
      }
    }
    return f;
  });
  return changed ? { ...g, flows } : g;
}

/**
 * A role whose hosts are members of a group boundary is reached through the group: its flows with
 * itself (pool members) on ports the group's flows already carry, per direction and transport, are
 * redundant and dropped by subtraction, never widened. Keeps a pool's rule count flat.
 */
function dropFlowsCoveredByGroups(r: RoleIntent, byName: ReadonlyMap<string, RoleIntent>): RoleIntent {
  if (!r.memberOf?.length || !hasFlowWithItself(r)) return r; // nothing to drop
  const groups: RoleIntent[] = [];
  for (const name of r.memberOf) {
    const g = byName.get(name);
    if (g?.group === true) groups.push(g);
  }
  if (groups.length === 0) return r;
  // Ingress from itself is carried by the role's ingress from a group it is in; egress to itself by
  // a group's egress to the role (the role's hosts are the group's members).
  // The ports of the covering flows by direction and transport (a key is present when any flow covers).
  const covers = new Map<string, PortRange[]>();
  for (const f of r.flows) {
    const peer = f.peer;
    if (peer.kind === 'role' && groups.some((g) => g.name === peer.role)) addCover(covers, f);
  }
  for (const g of groups) {
    for (const x of g.flows) if (x.peer.kind === 'role' && (x.peer.role === r.name || x.peer.role === g.name)) addCover(covers, x);
  }
  const flows: Flow[] = [];
  for (const f of r.flows) {
    if (!(f.peer.kind === 'role' && f.peer.role === r.name)) {
      flows.push(f);
      continue;
    }
    const covering = covers.get(`${f.direction}|${f.transport}`);
    if (!covering) {
      flows.push(f);
      continue;
    }
    if (PORTLESS.has(f.transport)) continue;
    const rest = subtract(f.ports, covering);
    if (rest.length) flows.push({ ...f, ports: rest });
  }
  return { ...r, flows };
}

function hasFlowWithItself(r: RoleIntent): boolean {
  for (const f of r.flows) if (f.peer.kind === 'role' && f.peer.role === r.name) return true;
  return false;
}

function addCover(covers: Map<string, PortRange[]>, x: Flow): void {
  const key = `${x.direction}|${x.transport}`;
  const list = covers.get(key);
  if (list) for (const p of x.ports) list.push(p);
  else covers.set(key, [...x.ports]);
}

/** Each rule's priority: by the hash of its direction and name, in name order, the next free one on a collision. */
function assignPriorities<R extends { readonly direction: FlowDirection; readonly name: string }>(rules: readonly R[], from: number, to: number, path: string): Map<R, number> {
  const out = new Map<R, number>();
  const span = to - from + 1;
  for (const direction of ['ingress', 'egress'] as const) {
    // Names are unique per direction (planRole checks): sorted by code units, as Array.prototype.sort does.
    const list = rules.filter((r) => r.direction === direction).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (list.length > span) {
      throw new MsPortsError(path, `${list.length} ${direction} rules do not fit priorities ${from}-${to}`, 'widen priorityRange on the network binding, or split the role');
    }
    const used = new Set<number>();
    for (const r of list) {
      let p = from + (fnv1a(`${direction}:${r.name}`) % span);
      while (used.has(p)) p = p === to ? from : p + 1;
      used.add(p);
      out.set(r, p);
    }
  }
  return out;
}

/**
 * The contribution of a flow, shared by every rule (in every plan of the process) with the same
 * catalog ids, ports, purpose and justification: every site of an app repeats the same documented
 * flows, and a plan is kept for the whole synth (contributions were half of a plan's memory).
 * Immutable (frozen); the cache is bounded.
 */
function internContribution(f: Flow): Contribution {
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
function idsOf(list: readonly Contribution[]): string[] {
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

/** Every flow valid, and expressible in the cloud (or justified to become an all-protocols rule). */
function checkFlows(role: RoleIntent, profile: CloudProfile): void {
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

/** The role's flows grouped by direction, peer, transport (and source ports on Azure), in first-seen order; ports normalized. */
function groupFlows(role: RoleIntent, profile: CloudProfile, notes: string[]): Group[] {
  const groups = new Map<string, Group>();
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
    const g = groups.get(key);
    const contribution = internContribution(f);
    if (g) {
      if (f.peer.kind === 'cidrs' && g.peer.kind === 'cidrs' && f.peer.cidrs !== g.peer.cidrs && sortedCidrs(f.peer.cidrs) !== sortedCidrs(g.peer.cidrs)) {
        throw new MsPortsError(role.path, `peer group "${f.peer.name}" is given two different address lists`, 'use one name per address list');
      }
      for (const r of f.ports) g.ports.push(r);
      g.contributions.push(contribution);
    } else {
      groups.set(key, { direction: f.direction, peer: f.peer, transport, ports: transport === 'all' ? [] : [...f.ports], sourcePorts, contributions: [contribution] });
    }
  }
  const out: Group[] = [];
  for (const g of groups.values()) {
    g.ports = normalize(g.ports);
    out.push(g);
  }
  return out;
}

/** A planned rule while its priority is assigned. */
type DraftRule = { -readonly [K in keyof PlannedRule]: PlannedRule[K] };

/** One allow rule per group: stable name, cited description; priority 0 until assigned. */
function draftRules(groups: readonly Group[], profile: CloudProfile): DraftRule[] {
  const max = profile.ruleNameMaxLength > 80 ? 80 : profile.ruleNameMaxLength;
  const out: DraftRule[] = [];
  for (const g of groups) {
    const src = g.sourcePorts ? `-from-${g.sourcePorts.map(formatRange).join('-')}` : '';
    const name = safeName(`${g.direction === 'ingress' ? 'in-from' : 'out-to'}-${peerKey(g.peer)}-${g.transport}${src}`, max);
    const ids = idsOf(g.contributions);
    const just = g.contributions.find((c) => c.justification)?.justification;
    const lead = `${g.direction === 'ingress' ? 'in' : 'out'} ${g.transport} ${formatPorts(g.ports)}${g.sourcePorts ? ` from src ${formatPorts(g.sourcePorts)}` : ''}${just ? ` justified: ${just}` : ''}`;
    const description = describe(lead, ids, profile);
    // (The same properties in the same order as ever; sourcePorts only where there are some.)
    out.push(
      g.sourcePorts
        ? { name, access: 'allow', direction: g.direction, peer: g.peer, transport: g.transport, ports: g.ports, sourcePorts: g.sourcePorts, catalogIds: ids, contributions: g.contributions, description, priority: 0 }
        : { name, access: 'allow', direction: g.direction, peer: g.peer, transport: g.transport, ports: g.ports, catalogIds: ids, contributions: g.contributions, description, priority: 0 },
    );
  }
  return out;
}

function checkRuleNames(role: RoleIntent, rules: readonly DraftRule[]): void {
  const names = new Set<string>();
  for (const d of rules) {
    const key = `${d.direction}:${d.name}`;
    if (names.has(key)) {
      throw new MsPortsError(role.path, `two rules would both be named "${d.name}"`, 'give peer groups names that differ in letters and digits, not only in punctuation');
    }
    names.add(key);
  }
}

/** Azure's closing rule of a direction (the NSG's own defaults would admit the virtual network). */
function denyAll(direction: FlowDirection): DraftRule {
  return {
    name: direction === 'ingress' ? 'deny-all-inbound' : 'deny-all-outbound',
    access: 'deny',
    direction,
    peer: { kind: 'any' },
    transport: 'all',
    ports: [],
    catalogIds: [],
    contributions: [],
    priority: AZURE_PRIORITY_MAX,
    description: `least privilege: denies what the rules above do not allow (overrides AllowVnet${direction === 'ingress' ? 'In' : 'Out'}Bound)`,
  };
}

/** Ingress first, then by priority, then by name. */
function sortRules(rules: DraftRule[]): void {
  const byName = textOrderFor(rules.map((r) => r.name));
  rules.sort((a, b) => (a.direction === b.direction ? a.priority - b.priority || byName(a.name, b.name) : a.direction === 'ingress' ? -1 : 1));
}

function planRole(role: RoleIntent, synthetic: boolean, options: PlanOptions): RolePlan {
  const profile = options.profile;
  // (Small steps, each its own function: every step is optimized on its own, and one shape the
  // engine has not seen yet costs that step's code only.)
  checkFlows(role, profile);
  const azureGroup = profile.cloud === 'azure' && role.group === true;
  // Group by (direction, peer, transport); union ports; never widen.
  const notes: string[] = [];
  const rules = azureGroup ? [] : draftRules(groupFlows(role, profile, notes), profile);
  checkRuleNames(role, rules);
  if (role.outside || role.remote) {
    // no priorities: nothing is rendered for them
  } else if (profile.cloud === 'azure') {
    const range = options.azurePriorityRange ?? { from: AZURE_PRIORITY_MIN, to: 3999 };
    if (range.from < AZURE_PRIORITY_MIN || range.to > 3999 || range.from > range.to) {
      throw new MsPortsError(options.path, `priorityRange ${range.from}-${range.to} is invalid`, `use a range within ${AZURE_PRIORITY_MIN}-3999 (4000-4096 are reserved for probe and deny rules)`);
    }
    const prio = assignPriorities(rules, range.from, range.to, role.path);
    for (const r of rules) r.priority = prio.get(r)!;
    if (!azureGroup) {
      rules.push(denyAll('ingress'));
      if (role.egress === 'declared') rules.push(denyAll('egress'));
    }
    if (rules.length > AZURE_MAX_RULES_PER_NSG) {
      throw new MsPortsError(role.path, `the NSG of role "${role.name}" needs ${rules.length} rules, over Azure's 1000 per NSG`, 'split the role or narrow its peers');
    }
  }
  sortRules(rules);

  const awsRules = profile.cloud === 'aws' && !role.outside && !role.remote ? expandAws(role, rules, options) : [];

  // Listeners: unique ports per transport, within the cloud's limit.
  const seen = new Set<string>();
  for (const l of role.listeners) {
    const k = `${l.frontend ?? ''}:${l.transport}:${l.port}`;
    if (seen.has(k)) throw new MsPortsError(role.path, `load balancer port ${l.transport}/${l.port}${l.frontend ? ` on frontend ${l.frontend}` : ''} is listed twice`, 'list each port once');
    seen.add(k);
  }
  if (role.listeners.length > profile.maxListeners) {
    throw new MsPortsError(
      role.path,
      `${role.listeners.length} load-balanced ports exceed the ${profile.cloud === 'aws' ? 'NLB limit of 50 listeners (not adjustable)' : 'Azure limit of 1500 rules'}`,
      'split the ports over two load balancers',
    );
  }
  const listeners = [...role.listeners].sort((a, b) => a.port - b.port || compareText(a.transport, b.transport) || compareText(a.frontend ?? '', b.frontend ?? ''));
  return {
    name: role.name,
    path: role.path,
    kind: role.kind,
    internetFacing: role.internetFacing,
    synthetic,
    rules,
    awsRules,
    awsSecurityGroups: awsRules.reduce((m, r) => Math.max(m, (r.group ?? 0) + 1), 1),
    listeners,
    probePort: role.listeners.length ? role.probePort ?? listeners[0].port : undefined,
    ipsec: role.ipsec,
    skipped: role.skipped,
    egressAllowAllReason: role.egress === 'declared' ? undefined : role.egress.allowAllReason,
    group: role.group === true,
    memberOf: [...(role.memberOf ?? [])].sort(),
    ...(notes.length ? { notes: [...new Set(notes)].sort() } : {}),
    outside: role.outside,
    ...(role.remote ? { remote: role.remote } : {}),
    ...(role.joinsForeign?.length ? { joinsForeign: [...role.joinsForeign].sort() } : {}),
  };
}

function expandAws(role: RoleIntent, rules: readonly PlannedRule[], options: PlanOptions): AwsRuleResource[] {
  const quota = options.awsRulesPerSecurityGroup ?? AWS_DEFAULT_RULES_PER_SG;
  const out: AwsRuleResource[] = [];
  for (const rule of rules) expandAwsRule(rule, awsPeers(role, rule), out);
  const byKey = textOrderFor(out.map((r) => r.key));
  const sorted = out.sort((a, b) => (a.direction === b.direction ? byKey(a.key, b.key) : a.direction === 'ingress' ? -1 : 1));
  return spreadOverGroups(role, sorted, quota, options);
}

/** What a rule's resources name: each address, a prefix list, or the role's security group. */
function awsPeers(role: RoleIntent, rule: PlannedRule): AwsRuleResource['peer'][] {
  const peer = rule.peer;
  if (peer.kind === 'cidrs') {
    if (peer.prefixList) return [prefixListPeer(role, peer.name, peer.cidrs, peer.prefixList)];
    return peer.cidrs.map((c) => ({ kind: 'cidr' as const, cidr: parseCidr(c) }));
  }
  if (peer.kind === 'internet') return [{ kind: 'cidr', cidr: parseCidr('0.0.0.0/0') }, { kind: 'cidr', cidr: parseCidr('::/0') }];
  if (peer.kind === 'role') return [{ kind: 'role', role: peer.role }];
  return [];
}

/** One resource per peer and port range of a rule (one for a port-less rule), each citing the ids of its range. */
function expandAwsRule(rule: PlannedRule, peers: readonly AwsRuleResource['peer'][], out: AwsRuleResource[]): void {
  const ranges: (PortRange | undefined)[] = rule.ports.length ? [...rule.ports] : [undefined];
  const just = rule.contributions.find((c) => c.justification)?.justification;
  // The ids each range cites: those of the contributions it overlaps (the same for every peer).
  const rangeIds = rule.ports.length ? overlapping(rule.contributions, rule.ports).map(idsOf) : [[...rule.catalogIds]];
  for (const peer of peers) {
    const peerTag = peer.kind === 'cidr' ? peer.cidr.text : peer.kind === 'prefix-list' ? `prefix list ${peer.name}` : `role ${peer.role}`;
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i];
      const ids = peer === peers[0] ? rangeIds[i] : [...rangeIds[i]];
      const span = r ? formatRange(r) : 'all';
      out.push({
        key: safeName(`${rule.name}-${span}${peer.kind === 'cidr' ? `-${peer.cidr.text}` : ''}`, 120),
        weight: peer.kind === 'prefix-list' ? peer.maxEntries : 1,
        rule: rule.name,
        direction: rule.direction,
        peer,
        transport: rule.transport,
        range: r,
        catalogIds: ids,
        description: describe(`${rule.transport} ${span} ${peerTag}${just ? ` justified: ${just}` : ''}`, ids, AWS_DESCRIPTION_PROFILE),
      });
    }
  }
}

/**
 * For each range of a rule (its ports: sorted, disjoint), the contributions whose ports overlap it,
 * in contribution order: one walk over each contribution's (sorted) ports.
 */
function overlapping(list: readonly Contribution[], ranges: readonly PortRange[]): Contribution[][] {
  const out: Contribution[][] = ranges.map(() => []);
  for (const c of list) {
    let i = 0;
    for (const p of c.ports) {
      while (i < ranges.length && ranges[i].to < p.from) i++;
      for (let k = i; k < ranges.length && ranges[k].from <= p.to; k++) {
        const at = out[k];
        if (at[at.length - 1] !== c) at.push(c);
      }
    }
  }
  return out;
}

/** The quota bucket a rule resource counts in: direction and IP version (AWS counts them apart). */
function bucketOf(r: AwsRuleResource): string {
  return `${r.direction}:${r.peer.kind === 'role' ? 4 : r.peer.kind === 'prefix-list' ? r.peer.version : r.peer.cidr.version}`;
}

/**
 * Spreads a role's rule resources over as many security groups for the same hosts as the quota
 * needs (AWS counts rules per group, direction and IP version). The ranges of one rule for one peer
 * stay in one group; they fill groups in name order (first fit), so the assignment is deterministic.
 * Fails only when the hosts could not attach that many groups.
 */
function spreadOverGroups(role: RoleIntent, rules: AwsRuleResource[], quota: number, options: PlanOptions): AwsRuleResource[] {
  const count = new Map<string, number>();
  // A prefix-list rule weighs its max entries; every other rule 1.
  for (const r of rules) count.set(bucketOf(r), (count.get(bucketOf(r)) ?? 0) + r.weight);
  if ([...count.values()].every((n) => n <= quota)) return rules;
  const perEni = options.awsSecurityGroupsPerEni ?? AWS_DEFAULT_SGS_PER_ENI;
  // The interface keeps a group of its own (its primary group: an ENI never has none), and
  // `aws_network_interface_sg_attachment` adds to it: perEni - 1 attachments, the role's own group one of them.
  const attachable = perEni - 1;
  const available = attachable - 1 - (role.memberOf ?? []).length - (role.joinsForeign ?? []).length;
  // Units: the resources of one planned rule and one peer address or group (its port ranges), in name order.
  const units = new Map<string, AwsRuleResource[]>();
  for (const r of rules) {
    // A prefix list is one unit per range: each of its rules weighs the whole list already.
    const k = `${bucketOf(r)}|${r.rule}|${r.peer.kind === 'role' ? r.peer.role : r.peer.kind === 'prefix-list' ? `${r.peer.name}|${r.key}` : r.peer.cidr.text}`;
    units.set(k, [...(units.get(k) ?? []), r]);
  }
  const fill: Map<string, number>[] = [];
  const groupOf = new Map<AwsRuleResource, number>();
  for (const [k, list] of [...units.entries()].sort(([a], [b]) => compareText(a, b))) {
    const bucket = k.split('|')[0];
    const weight = list.reduce((n, r) => n + r.weight, 0);
    if (weight > quota) {
      throw new MsPortsError(
        role.path,
        `rule "${list[0].rule}" of role "${role.name}" needs ${weight} ${bucket.startsWith('ingress') ? 'inbound' : 'outbound'} rules for one peer${list[0].peer.kind === 'prefix-list' ? ' (a prefix-list rule counts its max entries)' : ''}, over the quota of ${quota} per security group`,
        `summarize the peer's CIDRs or ranges, or raise the account's "rules per security group" quota and set rulesPerSecurityGroup to at least ${weight}`,
      );
    }
    let g = fill.findIndex((m) => (m.get(bucket) ?? 0) + weight <= quota);
    if (g < 0) {
      fill.push(new Map());
      g = fill.length - 1;
    }
    fill[g].set(bucket, (fill[g].get(bucket) ?? 0) + weight);
    for (const r of list) groupOf.set(r, g);
  }
  const extra = fill.length - 1;
  if (extra > available) {
    const worst = [...count.entries()].sort((a, b) => b[1] - a[1])[0];
    throw new MsPortsError(
      role.path,
      `the rules of role "${role.name}" need ${fill.length} security groups (${worst[1]} ${worst[0].startsWith('ingress') ? 'inbound' : 'outbound'} IPv${worst[0].slice(-1)} rules at ${quota} per group), but a network interface takes at most ${perEni} security groups, one of them its own (primary) group, so a host attaches at most ${attachable}, and the role's hosts also join ${(role.memberOf ?? []).length + (role.joinsForeign ?? []).length} group(s), which leaves room for ${Math.max(available + 1, 0)}`,
      `summarize peer CIDRs, narrow configurable media ranges, raise the account's "rules per security group" quota (rulesPerSecurityGroup) or "security groups per network interface" quota (securityGroupsPerNetworkInterface, up to 16)`,
    );
  }
  return rules.map((r) => ({ ...r, group: groupOf.get(r) ?? 0 }));
}

/** A CIDR group rendered as one customer-managed prefix list: one IP version, within its fixed size. */
function prefixListPeer(role: RoleIntent, name: string, cidrs: readonly string[], hint: NonNullable<Extract<Peer, { kind: 'cidrs' }>['prefixList']>): AwsRuleResource['peer'] {
  const parsed = cidrs.map((c) => parseCidr(c));
  const versions = new Set(parsed.map((c) => c.version));
  if (versions.size !== 1) {
    throw new MsPortsError(role.path, `prefix list "${hint.name}" (peer group "${name}") mixes IPv4 and IPv6 addresses`, 'give each IP version its own peer group and prefix list');
  }
  if (!Number.isInteger(hint.maxEntries) || hint.maxEntries < parsed.length || hint.maxEntries > 1000) {
    throw new MsPortsError(role.path, `prefix list "${hint.name}" has max entries ${hint.maxEntries} for ${parsed.length} CIDRs`, 'use max entries from the number of CIDRs up to 1000');
  }
  return { kind: 'prefix-list', name: hint.name, version: parsed[0].version, cidrs: parsed, maxEntries: hint.maxEntries, description: hint.description };
}

/** Plans every role of one network binding. Deterministic: same input, same plan. */
export function planNetwork(roles: readonly RoleIntent[], options: PlanOptions): NetworkPlan {
  const { intents: expanded, groupFlows } = mirrorAndAugment(roles, options);
  const original = new Set(roles.map((r) => r.name));
  const planned = expanded.map((r) => planRole(r, !original.has(r.name), options));
  if (options.profile.cloud === 'aws') checkGroupsPerInterface(planned, options);
  const plan: NetworkPlan = { cloud: options.profile.cloud, roles: planned, groupFlows };
  const checks = runChecks(plan, roles, {
    packs: options.checkPacks,
    awsRulesPerSecurityGroup: options.awsRulesPerSecurityGroup ?? AWS_DEFAULT_RULES_PER_SG,
    azurePriorityRange: options.azurePriorityRange ?? { from: AZURE_PRIORITY_MIN, to: 3999 },
    path: options.path,
  });
  return { ...plan, checks };
}

/**
 * AWS: a role's hosts attach its own security groups and every group (with that group's extra
 * groups) it joins; the total must fit the security groups a network interface takes, less the
 * interface's own (primary) group, which `aws_network_interface_sg_attachment` adds to.
 */
function checkGroupsPerInterface(roles: readonly RolePlan[], options: PlanOptions): void {
  const perEni = options.awsSecurityGroupsPerEni ?? AWS_DEFAULT_SGS_PER_ENI;
  const attachable = perEni - 1;
  const byName = new Map(roles.map((r) => [r.name, r]));
  const groupsOf = (g: string) => byName.get(g)?.awsSecurityGroups ?? options.foreign?.get(g)?.awsSecurityGroups ?? 1;
  for (const r of roles) {
    const foreign = r.joinsForeign ?? [];
    if (r.outside || r.remote || r.group || r.synthetic) continue;
    const joined = [...r.memberOf, ...foreign.filter((g) => !r.memberOf.includes(g))];
    const parts = [`${r.name} ${r.awsSecurityGroups}`, ...joined.map((g) => `${g} ${groupsOf(g)}`)];
    const total = r.awsSecurityGroups + joined.reduce((n, g) => n + groupsOf(g), 0);
    if (total > attachable) {
      throw new MsPortsError(
        r.path,
        `the hosts of role "${r.name}" would attach ${total} security groups (${parts.join(', ')}), but a network interface takes at most ${perEni}, one of them its own (primary) group, so a host attaches at most ${attachable}`,
        `raise the account's "security groups per network interface" quota and set securityGroupsPerNetworkInterface to at least ${total + 1} (up to 16), raise rulesPerSecurityGroup, or let the role join fewer groups`,
      );
    }
  }
}

export type { Listener, IpsecNote, SkippedEntry };
