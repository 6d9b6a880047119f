/**
 * Stage "wire": every flow gets its other side. Within the planner this is the only place that
 * writes the reverse of a flow: role-to-role flows are mirrored onto the other role, flows with a
 * role outside the cloud onto that role (for the report), and load balancers are added as peers
 * of their own (Azure: the health probe; AWS: a network load balancer boundary per pool, and one
 * per summarizing group whose members have one).
 *
 * Properties (test/plan/wire.test.ts):
 * - mirror symmetry: for each flow of A with role B in this network, B gets the same flow (ports,
 *   transport, catalog ids, purpose) in the other direction with peer A; nothing else is added;
 * - a role outside the cloud keeps only what is mirrored onto it; a role of a shared network
 *   (PlanOptions.foreign) gets nothing here (its own network renders that side);
 * - never widens: a load balancer admits only what its pool admits, cut to its listener ports, and
 *   sends to the pool on exactly those ports; the Azure probe opens only the probe port;
 * - keeps catalog ids: every added flow cites the ids of what it was derived from;
 * - refuses: two roles with one name, a flow naming a role not in the network, an outside role
 *   named as a boundary, a role name that collides with a load balancer's.
 * No cdktf imports.
 */
import { MsPortsError } from '../model/errors';
import type { Flow, RoleIntent } from '../model/intent';
import { intersect, normalize } from '../model/ports';
import { LB_ROLE_SUFFIX } from './names';
import type { ForeignRole, PlanOptions } from './types';

/** The network's roles wired: each with the flows mirrored onto it, then the added load balancer roles and identities. */
export interface Wired {
  /** The roles in input order, then AWS load balancer roles, then the load balancer identities. */
  readonly roles: readonly RoleIntent[];
  /** AWS: the boundaries the load balancers of a summarizing group's members attach (see loadBalancerIdentities). */
  readonly lbIdentities: readonly RoleIntent[];
}

/** The roles with both sides of every flow, and the load balancers as roles (AWS) or probe flows (Azure). */
export function wireRoles(roles: readonly RoleIntent[], options: PlanOptions): Wired {
  const byName = rolesByName(roles);
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
  return { roles: lbIdentities.length ? [...mirrored, ...lbIdentities] : mirrored, lbIdentities };
}

/** The roles by name; two roles with one name are an error (names become part of resource names). */
export function rolesByName(roles: readonly RoleIntent[]): Map<string, RoleIntent> {
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
  return byName;
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
export function mirrorFlows(list: readonly RoleIntent[], byName: ReadonlyMap<string, RoleIntent>, options: PlanOptions, extra: Map<string, Flow[]>): void {
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

/** Egress towards a shared role with a load balancer, on its load-balanced ports, towards that load balancer too. */
export function addForeignLoadBalancerFlows(roles: readonly RoleIntent[], foreign: ReadonlyMap<string, ForeignRole>, extra: Map<string, Flow[]>): void {
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
export function probeFlow(r: RoleIntent): Flow {
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

/**
 * AWS: the network load balancer of a pool, a boundary of its own (admits what the pool admits on
 * its listener ports). Adds it to `byName`.
 */
export function loadBalancerRole(r: RoleIntent, byName: Map<string, RoleIntent>, extra: ReadonlyMap<string, Flow[]>): RoleIntent {
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
export function withExtraFlows(r: RoleIntent, more: readonly Flow[] | undefined): RoleIntent {
  if (!more) return r.outside && r.flows.length ? { ...r, flows: [] } : r;
  return { ...r, flows: r.outside || r.flows.length === 0 ? more : [...r.flows, ...more] };
}

/**
 * AWS: for each summarizing group some of whose members have a network load balancer, a boundary
 * those load balancers attach besides their own (`<group>-nlb`, no rules of its own): what the group
 * sends to its members' load balancers is then one rule set towards it, however many pools have one.
 * Adds them to `byName`.
 */
export function loadBalancerIdentities(roles: readonly RoleIntent[], byName: Map<string, RoleIntent>): RoleIntent[] {
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
