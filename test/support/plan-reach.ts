/**
 * A small evaluator of planned rules (engine-free): may role A open a flow to role B on a port?
 * A flow needs A's egress (its own group and, on AWS, the groups its hosts join; on Azure those
 * are already folded into its NSG) and B's ingress. Peers match by role, by a group the other role
 * joins, or, for roles outside the cloud, by their addresses. Roles outside the cloud have no side
 * here: they are not the cloud's to filter.
 */
import type { Transport } from '../../lib/catalog/types';
import type { NetworkPlan, PlannedRule, RolePlan } from '../../lib/plan/planner';

function roleOf(plan: NetworkPlan, name: string): RolePlan {
  const r = plan.roles.find((x) => x.name === name);
  if (!r) throw new Error(`no role ${name} in the plan (${plan.roles.map((x) => x.name).join(', ')})`);
  return r;
}

function rulesOf(plan: NetworkPlan, r: RolePlan): PlannedRule[] {
  if (plan.cloud === 'azure') return [...r.rules];
  return [...r.rules, ...r.memberOf.flatMap((g) => roleOf(plan, g).rules)];
}

function peerMatches(rule: PlannedRule, other: RolePlan): boolean {
  const p = rule.peer;
  if (p.kind === 'role') return p.role === other.name || other.memberOf.includes(p.role);
  if (p.kind === 'cidrs') return other.outside !== undefined && p.outsideRole === other.name;
  return false;
}

function portMatches(rule: PlannedRule, transport: Transport, port?: number): boolean {
  if (rule.transport !== 'all' && rule.transport !== transport) return false;
  if (port === undefined || rule.ports.length === 0) return true;
  return rule.ports.some((r) => r.from <= port && port <= r.to);
}

/** Whether `role` allows traffic in `direction` with `other` on transport/port. */
export function allows(plan: NetworkPlan, role: string, direction: 'ingress' | 'egress', other: string, transport: Transport, port?: number): boolean {
  const r = roleOf(plan, role);
  if (r.outside) return true;
  const o = roleOf(plan, other);
  const rules = rulesOf(plan, r).filter((x) => x.direction === direction);
  // Azure: the first matching rule by priority decides (allow before the deny-all at 4096).
  const sorted = plan.cloud === 'azure' ? rules.sort((a, b) => a.priority - b.priority) : rules;
  for (const rule of sorted) {
    if (rule.access === 'deny') {
      if (portMatches(rule, transport, port)) return false;
      continue;
    }
    if (peerMatches(rule, o) && portMatches(rule, transport, port)) return true;
  }
  return false;
}

/** Both ends agree: `from` may send and `to` admits. */
export function reaches(plan: NetworkPlan, from: string, to: string, transport: Transport, port?: number): boolean {
  return allows(plan, from, 'egress', to, transport, port) && allows(plan, to, 'ingress', from, transport, port);
}
