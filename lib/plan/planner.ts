/**
 * The planner: turns role intents into the fewest correct rules per security boundary, with
 * stable names and priorities, cited descriptions, and cloud limits enforced. No cdktf imports.
 *
 * It only composes the stages, in pipeline order; each stage is a file of its own with its
 * properties in its header and its own tests (test/plan/<stage>.test.ts):
 *   wire.ts       the other side of every flow, load balancers as peers
 *   groups.ts     group boundaries carry what members share
 *   merge.ts      flows to rules per direction, peer and transport (validated, never widened)
 *   names.ts      stable names, cited descriptions, rule order
 *   azure.ts      priorities, deny-all rules, NSG limit
 *   aws.ts        rule resources, spread over security groups, groups per interface
 *   listeners.ts  load-balanced ports
 * then the check packs (lib/checks).
 */
import { runChecks } from '../checks/run';
import type { IpsecNote, Listener, RoleIntent, SkippedEntry } from '../model/intent';
import { checkGroupsPerInterface, expandAws } from './aws';
import { azurePriorityRange, fitAzure } from './azure';
import { groupRoles } from './groups';
import { checkListeners, probePortOf, sortListeners } from './listeners';
import { bucketFlows, checkFlows, draftRules } from './merge';
import { checkRuleNames, sortRules } from './names';
import { AWS_DEFAULT_RULES_PER_SG } from './profiles';
import type { NetworkPlan, PlanOptions, RolePlan } from './types';
import { wireRoles } from './wire';

export type { AwsRuleResource, Contribution, ForeignRole, NetworkPlan, PlannedRule, PlanOptions, PlanPeer, RolePlan } from './types';
export { describe, fnv1a, LB_ROLE_SUFFIX, peerKey, safeName } from './names';
/** Ports that must never face the internet without a written reason (defined with the checks). */
export { MANAGEMENT_PORTS } from '../checks/management-ports';

/** Plans every role of one network binding. Deterministic: same input, same plan. */
export function planNetwork(roles: readonly RoleIntent[], options: PlanOptions): NetworkPlan {
  const { intents, groupFlows } = groupRoles(wireRoles(roles, options), options);
  const original = new Set(roles.map((r) => r.name));
  const planned = intents.map((r) => planRole(r, !original.has(r.name), options));
  if (options.profile.cloud === 'aws') checkGroupsPerInterface(planned, options);
  const plan: NetworkPlan = { cloud: options.profile.cloud, roles: planned, groupFlows };
  const checks = runChecks(plan, roles, {
    packs: options.checkPacks,
    awsRulesPerSecurityGroup: options.awsRulesPerSecurityGroup ?? AWS_DEFAULT_RULES_PER_SG,
    azurePriorityRange: azurePriorityRange(options),
    path: options.path,
    foreign: options.foreign,
  });
  return { ...plan, checks };
}

/** One role's plan: merge, name, prioritize and fit the cloud, listeners. */
function planRole(role: RoleIntent, synthetic: boolean, options: PlanOptions): RolePlan {
  const profile = options.profile;
  checkFlows(role, profile);
  const notes: string[] = [];
  // An Azure group's rules are rendered into its members' NSGs (groups.ts), none of its own.
  const rules = profile.cloud === 'azure' && role.group === true ? [] : draftRules(bucketFlows(role, profile, notes), profile);
  checkRuleNames(role, rules);
  const rendered = !role.outside && !role.remote;
  if (rendered && profile.cloud === 'azure') fitAzure(role, rules, options);
  sortRules(rules);
  const awsRules = rendered && profile.cloud === 'aws' ? expandAws(role, rules, options) : [];
  checkListeners(role, profile);
  const listeners = sortListeners(role.listeners);
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
    probePort: probePortOf(role, listeners),
    ipsec: role.ipsec,
    skipped: role.skipped,
    egressAllowAllReason: role.egress === 'declared' ? undefined : role.egress.allowAllReason,
    group: role.group === true,
    memberOf: [...(role.memberOf ?? [])].sort(),
    ...(notes.length ? { notes: [...new Set(notes)].sort() } : {}),
    outside: role.outside,
    ...(role.remote ? { remote: role.remote } : {}),
    ...(role.joinsForeign?.length ? { joinsForeign: [...role.joinsForeign].sort() } : {}),
    ...(role.productVersion ? { productVersion: role.productVersion } : {}),
  };
}

export type { Listener, IpsecNote, SkippedEntry };
