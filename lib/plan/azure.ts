/**
 * Stage "prioritize, fit Azure": an NSG's allow rules get priorities, the NSG is closed with deny-all
 * rules, and the result must fit Azure's limits.
 *
 * Properties (test/plan/azure.test.ts):
 * - unique: priorities are unique per direction and inside the range given (default 100-3999);
 * - deterministic and stable: a rule's priority comes from the hash of its direction and name, not
 *   from its position, so the order of the input and rules of the other direction change nothing;
 * - closed: every role's NSG denies inbound at 4096 after its allow rules (outbound too when its
 *   egress is declared); a group's rules live in its members' NSGs, so a group gets no deny rules;
 * - within the limits: a range outside 100-3999, more rules than priorities, or more than 1000
 *   rules per NSG is an error naming the role or the network and the fix.
 * No cdktf imports.
 */
import { MsPortsError } from '../model/errors';
import type { FlowDirection, RoleIntent } from '../model/intent';
import { fnv1a } from './names';
import { AZURE_MAX_RULES_PER_NSG, AZURE_PRIORITY_MAX, AZURE_PRIORITY_MIN } from './profiles';
import type { DraftRule, PlanOptions } from './types';

/** The highest priority an allow rule may take: 4000-4096 hold probe and deny rules. */
const AZURE_ALLOW_PRIORITY_MAX = 3999;

/** The allow rules' priority range of a network (as given, or the default 100-3999); not validated. */
export function azurePriorityRange(options: PlanOptions): { readonly from: number; readonly to: number } {
  return options.azurePriorityRange ?? { from: AZURE_PRIORITY_MIN, to: AZURE_ALLOW_PRIORITY_MAX };
}

/** Each rule's priority: by the hash of its direction and name, in name order, the next free one on a collision. */
export function assignPriorities<R extends { readonly direction: FlowDirection; readonly name: string }>(rules: readonly R[], from: number, to: number, path: string): Map<R, number> {
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

/** Azure's closing rule of a direction (the NSG's own defaults would admit the virtual network). */
export function denyAll(direction: FlowDirection): DraftRule {
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

/**
 * Azure, a role rendered in this network: priorities on its allow rules (in place), its deny-all
 * rules appended (not for a group, whose rules go into its members' NSGs), and the NSG limit.
 */
export function fitAzure(role: RoleIntent, rules: DraftRule[], options: PlanOptions): void {
  const range = azurePriorityRange(options);
  if (range.from < AZURE_PRIORITY_MIN || range.to > AZURE_ALLOW_PRIORITY_MAX || range.from > range.to) {
    throw new MsPortsError(
      options.path,
      `priorityRange ${range.from}-${range.to} is invalid`,
      `use a range within ${AZURE_PRIORITY_MIN}-${AZURE_ALLOW_PRIORITY_MAX} (4000-4096 are reserved for probe and deny rules)`,
    );
  }
  const prio = assignPriorities(rules, range.from, range.to, role.path);
  for (const r of rules) r.priority = prio.get(r)!;
  if (role.group !== true) {
    rules.push(denyAll('ingress'));
    if (role.egress === 'declared') rules.push(denyAll('egress'));
  }
  if (rules.length > AZURE_MAX_RULES_PER_NSG) {
    throw new MsPortsError(role.path, `the NSG of role "${role.name}" needs ${rules.length} rules, over Azure's 1000 per NSG`, 'split the role or narrow its peers');
  }
}
