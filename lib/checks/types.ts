/**
 * Checks in the spirit of cdk-nag: pure functions over a planned role and its intent, grouped in
 * packs, with suppressions that carry a written reason. Engine-free (no cdktf).
 */
import type { Flow, RoleIntent } from '../model/intent';
import type { NetworkPlan, RolePlan } from '../plan/planner';

export type CheckLevel = 'error' | 'warning';

/** What one check found on one role (a rule, or the role as a whole). */
export interface FindingDraft {
  /** The planned rule at fault (its stable name), if the finding is about one rule. */
  readonly rule?: string;
  /** What is wrong, naming the prop or value the user wrote. */
  readonly problem: string;
  /** What to change. */
  readonly fix: string;
  /** Catalog ids involved, for the report. */
  readonly catalogIds?: readonly string[];
}

/** A group boundary a role's hosts join, with its flows: its rules apply to the role's hosts too. */
export interface JoinedGroup {
  /** The group's role name on this network (an alias `<role>.<network>` for a group of a shared network). */
  readonly name: string;
  /** The group's own flows (as its construct declared them; for a shared network's group, as its plan holds them). */
  readonly flows: readonly Flow[];
}

/**
 * Everything a check sees about one role. A platform engineer's check gets a deeply frozen copy:
 * nothing it changes reaches the plan that is rendered.
 */
export interface CheckContext {
  readonly cloud: 'azure' | 'aws';
  /** The planned role (rules, AWS rule resources, listeners). */
  readonly role: RolePlan;
  /** The role's intent as the construct declared it; absent for roles the planner adds (AWS load balancers). */
  readonly intent?: RoleIntent;
  /** The whole network plan, for checks that look across roles. */
  readonly plan: NetworkPlan;
  /**
   * The groups the role's hosts join (RoleIntent.memberOf), with their flows: what the role admits
   * and sends in total is its own flows and these. Empty for a role that joins none.
   */
  readonly joined?: readonly JoinedGroup[];
  /** AWS rules per security group per direction and IP version in force (default 60). */
  readonly awsRulesPerSecurityGroup: number;
  /** Azure priorities available to allow rules. */
  readonly azurePriorityRange: { readonly from: number; readonly to: number };
}

/** One check: an id, what it looks for, and the function that looks. */
export interface Check {
  /** Stable id, e.g. `MSP-INTERNET-MGMT` (letters, digits, hyphens). */
  readonly id: string;
  /** One line: what the check looks for. */
  readonly title: string;
  /** Why it matters (shown in the report). */
  readonly why: string;
  /** `error` fails synth; `warning` is printed and reported. */
  readonly level: CheckLevel;
  /** False for checks no written reason can waive. Default true. */
  readonly suppressible?: boolean;
  /** Pure: the findings on one role (empty when the role complies). */
  readonly run: (ctx: CheckContext) => readonly FindingDraft[];
}

/** A named list of checks. The library's own pack always runs; platform engineers add theirs. */
export interface CheckPack {
  readonly name: string;
  readonly checks: readonly Check[];
}

/** A waiver of one check on one role, with the reason a reviewer reads in the report. */
export interface Suppression {
  /** The check id. */
  readonly id: string;
  /** Why, in words (10-120 characters of the description-safe set, not one character repeated; see lib/checks/reason.ts): copied into the report. */
  readonly reason: string;
  /** Only findings on these rule names; default all findings of the check on the role. */
  readonly rules?: readonly string[];
}

/** A finding with its outcome, as the report lists it. */
export interface CheckResult {
  readonly pack: string;
  readonly check: string;
  readonly level: CheckLevel;
  readonly role: string;
  readonly path: string;
  readonly rule?: string;
  readonly status: 'fail' | 'suppressed';
  readonly problem: string;
  readonly fix: string;
  readonly catalogIds: readonly string[];
  /** The suppression's reason, for suppressed findings. */
  readonly reason?: string;
}

/** Per check: how many roles it looked at, and its outcome (the report's checks table). */
export interface CheckSummary {
  readonly pack: string;
  readonly check: string;
  readonly title: string;
  readonly level: CheckLevel;
  readonly suppressible: boolean;
  readonly roles: number;
  readonly failed: number;
  readonly suppressed: number;
}

/** The outcome of one check on one role. */
export interface CheckStatus {
  readonly pack: string;
  readonly check: string;
  readonly role: string;
  /** `fail` when any finding failed, else `suppressed` when any was suppressed, else `pass`. */
  readonly status: 'pass' | 'fail' | 'suppressed';
}

export interface CheckReport {
  readonly summary: readonly CheckSummary[];
  /** One entry per check and role, in role then check order. */
  readonly statuses: readonly CheckStatus[];
  /** Every finding, failed or suppressed, in a stable order (role, check, rule). */
  readonly findings: readonly CheckResult[];
}
