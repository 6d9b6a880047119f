/**
 * Stage "group": group boundaries (a domain's members, the Skype site's server groups) carry what
 * every member shares, so rule counts stay flat as members are added.
 *
 * Properties (test/plan/groups.test.ts):
 * - never widens: a flow is only renamed to a group its peer belongs to (summarizeGroupPeers), or
 *   cut by subtraction where a group's flows already carry the same ports (dropFlowsCoveredByGroups);
 *   no port is ever added;
 * - loses nothing uncovered: a port dropped from a role's flow with itself is on a covering group
 *   flow of the same direction and transport;
 * - only members: a role may join only groups of this network or shared groups (else an error);
 * - Azure: a member's NSG carries its own flows, then those of each group it joins, in join order
 *   (a NIC has one NSG); the groups' own flows are kept apart for networks that share them.
 * No cdktf imports.
 */
import { MsPortsError } from '../model/errors';
import type { Flow, RoleIntent } from '../model/intent';
import { subtract, type PortRange } from '../model/ports';
import { LB_ROLE_SUFFIX } from './names';
import { PORTLESS, type PlanOptions } from './types';
import type { Wired } from './wire';

/** The intents to plan, and every group's own flows before they are merged into members (what members on a sharing network render). */
export interface Grouped {
  readonly intents: readonly RoleIntent[];
  readonly groupFlows: Map<string, readonly Flow[]>;
}

/** Groups summarize their peers, members drop what their groups carry, memberships are checked; on Azure members take their groups' flows. */
export function groupRoles(wired: Wired, options: PlanOptions): Grouped {
  const wiredByName = new Map(wired.roles.map((r) => [r.name, r]));
  const summarized = wired.roles.map((r) => summarizeGroupPeers(r, wiredByName, wired.lbIdentities));
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

/** Every group a role joins is a group of this network, or a shared network's group. */
export function checkMemberships(roles: readonly RoleIntent[], byName: ReadonlyMap<string, RoleIntent>, options: PlanOptions): void {
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
export function withGroupFlows(r: RoleIntent, byName: ReadonlyMap<string, RoleIntent>, options: PlanOptions): RoleIntent {
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
 * A group that asks for it (`summarizeMemberEgress`: the Skype site's server groups) names the pools
 * of a summarizing group through that group: its flows with a role that is a member of one (its own
 * members, or the pools of another kind) become flows with the group, and its egress towards such a
 * role's load balancer (AWS) becomes egress towards the group's load balancer boundary, on the union
 * of the ports. Its rule count then stays flat however many pools join. What passes is unchanged:
 * the other side of each such flow is the role itself, which names only its own documented ports
 * (a member admits the group on its ports; a role sends to the group on its own rows).
 */
export function summarizeGroupPeers(g: RoleIntent, byName: ReadonlyMap<string, RoleIntent>, lbIdentities: readonly RoleIntent[]): RoleIntent {
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
export function dropFlowsCoveredByGroups(r: RoleIntent, byName: ReadonlyMap<string, RoleIntent>): RoleIntent {
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
