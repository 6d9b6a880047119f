/**
 * Runs check packs over a planned network: one stage after planning. Unsuppressed errors throw
 * MsPortsError (the first, with a count of the rest); a suppression must name a known,
 * suppressible check, carry a written reason, and match at least one finding.
 *
 * The library's pack always runs first, from the list captured at load (frozen), whatever packs are
 * passed. Other packs' checks get a deeply frozen copy of the plan, intent and groups: what they
 * change cannot reach the plan that is rendered (a change throws, and the runner reports it as the
 * check's finding).
 */
import { compareText } from '../model/compare';
import { MsPortsError } from '../model/errors';
import type { RoleIntent } from '../model/intent';
import { formatPorts } from '../model/ports';
import type { ForeignRole, NetworkPlan, RolePlan } from '../plan/types';
import { frozenCopy } from './freeze';
import { propOf } from './internet';
import { MS_PORTS_PACK } from './pack';
import { checkReason } from './reason';
import type { Check, CheckContext, CheckPack, CheckReport, CheckResult, CheckStatus, CheckSummary, JoinedGroup, Suppression } from './types';

const CHECK_ID = /^[A-Za-z][A-Za-z0-9-]{1,63}$/;

/** The library's pack as loaded (frozen): what always runs first. */
const LIBRARY_PACK: { readonly name: string; readonly checks: readonly Check[] } = Object.freeze({ name: MS_PORTS_PACK.name, checks: Object.freeze([...MS_PORTS_PACK.checks]) });

export interface RunChecksOptions {
  /** Packs to run besides the library's own (which always runs first). */
  readonly packs?: readonly CheckPack[];
  readonly awsRulesPerSecurityGroup: number;
  readonly azurePriorityRange: { readonly from: number; readonly to: number };
  /** Construct path of the network binding, for errors about the packs. */
  readonly path: string;
  /** Groups of shared networks (other stacks) by alias: their flows count for the roles that join them. */
  readonly foreign?: ReadonlyMap<string, ForeignRole>;
}

/** Validates a suppression as the report will show it (same rules as a rule justification). */
export function validateSuppression(path: string, s: Suppression): void {
  if (!s || typeof s.id !== 'string' || !CHECK_ID.test(s.id)) {
    throw new MsPortsError(path, `suppression id "${s?.id}" is not a check id`, 'name the check, e.g. "MSP-INTERNET-EXPOSURE"');
  }
  checkReason(path, s.reason, `the reason for suppressing ${s.id}`);
}

/**
 * Every written reason of an intent (flow justifications, the allow-all-egress reason) is words, as
 * the constructs demand: intents built by hand get the same rule, and a malformed one is refused,
 * never counted as a justification.
 */
function validateReasons(intent: RoleIntent): void {
  for (const f of intent.flows) {
    if (f.justification !== undefined) {
      checkReason(intent.path, f.justification, `the justification of ${propOf(f)} (${f.direction} ${f.transport} ${formatPorts(f.ports) || 'all'})`);
    }
  }
  if (intent.egress !== 'declared') checkReason(intent.path, intent.egress?.allowAllReason, 'allowAllEgress.reason');
}

/** The groups a role's hosts join, with their flows: this network's groups by intent, shared networks' by their plan. */
function joinedGroups(intent: RoleIntent | undefined, intentOf: ReadonlyMap<string, RoleIntent>, foreign: ReadonlyMap<string, ForeignRole> | undefined): readonly JoinedGroup[] {
  if (!intent?.memberOf?.length) return NO_GROUPS;
  const out: JoinedGroup[] = [];
  for (const name of intent.memberOf) {
    const own = intentOf.get(name);
    const flows = own?.group ? own.flows : (foreign?.get(name)?.groupFlows ?? []);
    out.push({ name, flows });
  }
  return out;
}
const NO_GROUPS: readonly JoinedGroup[] = Object.freeze([]);

function allChecks(options: RunChecksOptions): { pack: string; check: Check }[] {
  const out: { pack: string; check: Check }[] = [];
  const ids = new Map<string, string>();
  for (const pack of [LIBRARY_PACK, ...(options.packs ?? [])]) {
    for (const check of pack.checks) {
      if (!CHECK_ID.test(check.id)) throw new MsPortsError(options.path, `check id "${check.id}" in pack "${pack.name}" is invalid`, 'use 2-64 letters, digits and hyphens, starting with a letter');
      const other = ids.get(check.id);
      if (other) throw new MsPortsError(options.path, `check id "${check.id}" is defined by pack "${other}" and pack "${pack.name}"`, 'give every check a unique id (prefix it with your pack name)');
      ids.set(check.id, pack.name);
      out.push({ pack: pack.name, check });
    }
  }
  return out;
}

/** Runs every pack over every planned role. Throws for unsuppressed errors and bad suppressions. */
export function runChecks(plan: NetworkPlan, intents: readonly RoleIntent[], options: RunChecksOptions): CheckReport {
  const checks = allChecks(options);
  const byId = new Map(checks.map((c) => [c.check.id, c]));
  const intentOf = new Map(intents.map((i) => [i.name, i]));
  for (const i of intents) validateReasons(i);
  // What other packs' checks see: one deep, frozen copy of the plan and intents, made when first needed.
  let view: { plan: NetworkPlan; roles: Map<string, RolePlan>; intents: Map<string, RoleIntent> } | undefined;
  const viewOf = () => {
    if (!view) {
      const copy = frozenCopy({ plan, intents });
      view = { plan: copy.plan, roles: new Map(copy.plan.roles.map((r) => [r.name, r])), intents: new Map(copy.intents.map((i) => [i.name, i])) };
    }
    return view;
  };
  const findings: CheckResult[] = [];
  const statuses: CheckStatus[] = [];
  const summary = new Map<string, { pack: string; check: Check; roles: number; failed: number; suppressed: number }>();
  for (const c of checks) summary.set(c.check.id, { ...c, roles: 0, failed: 0, suppressed: 0 });

  for (const role of plan.roles) {
    const intent = intentOf.get(role.name);
    const suppressions = intent?.suppressions ?? [];
    const used = new Set<Suppression>();
    for (const s of suppressions) {
      validateSuppression(role.path, s);
      const c = byId.get(s.id);
      if (!c) throw new MsPortsError(role.path, `the suppression names check "${s.id}", which no pack defines`, `use one of ${[...byId.keys()].join(', ')}`);
      if (c.check.suppressible === false) {
        throw new MsPortsError(role.path, `check ${s.id} cannot be suppressed (${c.check.title})`, 'fix the finding; where the API allows it, a written justification on the flow itself is the escape');
      }
    }
    const joined = joinedGroups(intent, intentOf, options.foreign);
    const ctx: CheckContext = {
      cloud: plan.cloud,
      role,
      intent,
      plan,
      joined,
      awsRulesPerSecurityGroup: options.awsRulesPerSecurityGroup,
      azurePriorityRange: { ...options.azurePriorityRange },
    };
    let readOnly: CheckContext | undefined;
    for (const { pack, check } of checks) {
      const sum = summary.get(check.id)!;
      sum.roles++;
      let drafts;
      try {
        if (pack === LIBRARY_PACK.name && LIBRARY_PACK.checks.includes(check)) drafts = check.run(ctx);
        else {
          if (!readOnly) {
            const v = viewOf();
            readOnly = Object.freeze({
              ...ctx,
              role: v.roles.get(role.name)!,
              intent: intent ? v.intents.get(intent.name) : undefined,
              plan: v.plan,
              joined: frozenCopy(joined),
              azurePriorityRange: Object.freeze({ ...options.azurePriorityRange }),
            });
          }
          drafts = check.run(readOnly);
        }
      } catch (e) {
        if (e instanceof MsPortsError) throw e;
        drafts = [{ problem: `the check threw: ${(e as Error).message}`, fix: `fix check ${check.id} of pack ${pack}` }];
      }
      let failed = 0;
      let suppressed = 0;
      for (const d of drafts) {
        const s = suppressions.length ? suppressions.find((x) => x.id === check.id && (!x.rules || (d.rule !== undefined && x.rules.includes(d.rule)))) : undefined;
        if (s) used.add(s);
        if (s) suppressed++;
        else failed++;
        findings.push({
          pack,
          check: check.id,
          level: check.level,
          role: role.name,
          path: role.path,
          rule: d.rule,
          status: s ? 'suppressed' : 'fail',
          problem: d.problem,
          fix: d.fix,
          catalogIds: [...(d.catalogIds ?? [])],
          reason: s?.reason,
        });
      }
      sum.failed += failed;
      sum.suppressed += suppressed;
      statuses.push({ pack, check: check.id, role: role.name, status: failed ? 'fail' : suppressed ? 'suppressed' : 'pass' });
    }
    for (const s of suppressions) {
      if (!used.has(s)) {
        throw new MsPortsError(
          role.path,
          `the suppression of ${s.id}${s.rules ? ` on rules ${s.rules.join(', ')}` : ''} matches no finding`,
          'remove the suppression (the check passes), or name the rules it finds (see the report\'s checks table)',
        );
      }
    }
  }
  const errors = findings.filter((f) => f.level === 'error' && f.status === 'fail');
  if (errors.length) {
    const e = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error finding${errors.length > 2 ? 's' : ''})` : '';
    const code = byId.get(e.check)!.check.suppressible === false ? '' : `, or suppress ${e.check} on the role with a written reason`;
    throw new MsPortsError(e.path, `[${e.check}] ${e.problem}${more}`, `${e.fix}${code}`, e.check);
  }
  const order = (a: CheckResult, b: CheckResult) =>
    compareText(a.role, b.role) || compareText(a.check, b.check) || compareText(a.rule ?? '', b.rule ?? '') || compareText(a.problem, b.problem);
  const summaries: CheckSummary[] = [...summary.values()].map((s) => ({
    pack: s.pack,
    check: s.check.id,
    title: s.check.title,
    level: s.check.level,
    suppressible: s.check.suppressible !== false,
    roles: s.roles,
    failed: s.failed,
    suppressed: s.suppressed,
  }));
  return { summary: summaries, statuses, findings: findings.sort(order) };
}
