/**
 * MSP-QUOTA-HEADROOM: a boundary within 10 % of a cloud quota (AWS rules per security group per
 * direction and IP version; Azure rules per NSG and priorities per direction). Over the quota is a
 * hard error of the planner, not a check.
 */
import { AZURE_MAX_RULES_PER_NSG } from '../plan/profiles';
import type { Check, FindingDraft } from './types';

const HEADROOM = 0.1;

export const quotaHeadroom: Check = {
  id: 'MSP-QUOTA-HEADROOM',
  title: 'Less than 10 % headroom under a cloud quota',
  why: 'The next peer or service added would fail at synth (or at apply, if the quota was lowered): plan the split or the quota raise now.',
  level: 'warning',
  run(ctx) {
    const out: FindingDraft[] = [];
    if (ctx.role.outside || ctx.role.remote) return out; // nothing rendered for roles outside the cloud or stand-ins
    const near = (used: number, limit: number) => used > limit * (1 - HEADROOM);
    if (ctx.cloud === 'aws') {
      // Rules per group, direction and IP version, counted in one pass (a prefix-list rule weighs its max entries).
      const counts = new Map<number, number[]>();
      for (const r of ctx.role.awsRules) {
        const g = r.group ?? 0;
        let c = counts.get(g);
        if (!c) counts.set(g, (c = [0, 0, 0, 0]));
        const version = r.peer.kind === 'role' || r.peer.kind === 'group-id' ? 4 : r.peer.kind === 'prefix-list' ? r.peer.version : r.peer.cidr.version;
        c[(r.direction === 'ingress' ? 0 : 2) + (version === 4 ? 0 : 1)] += r.weight;
      }
      const groups = [...counts.keys()].sort((a, b) => a - b);
      for (const g of groups) {
        const c = counts.get(g)!;
        for (const direction of ['ingress', 'egress'] as const) {
          for (const version of [4, 6] as const) {
            const n = c[(direction === 'ingress' ? 0 : 2) + (version === 4 ? 0 : 1)];
            if (near(n, ctx.awsRulesPerSecurityGroup)) {
              out.push({
                problem: `the security group${groups.length > 1 ? ` ${g + 1} of ${groups.length}` : ''} uses ${n} of ${ctx.awsRulesPerSecurityGroup} ${direction === 'ingress' ? 'inbound' : 'outbound'} IPv${version} rules (less than 10 % headroom)`,
                fix: 'summarize peer CIDRs or narrow media ranges, or raise the account quota and rulesPerSecurityGroup before adding more',
              });
            }
          }
        }
      }
      return out;
    }
    if (ctx.role.group) return out;
    if (near(ctx.role.rules.length, AZURE_MAX_RULES_PER_NSG)) {
      out.push({ problem: `the NSG holds ${ctx.role.rules.length} of ${AZURE_MAX_RULES_PER_NSG} rules`, fix: 'split the role or narrow its peers' });
    }
    const span = ctx.azurePriorityRange.to - ctx.azurePriorityRange.from + 1;
    for (const direction of ['ingress', 'egress'] as const) {
      const n = ctx.role.rules.filter((r) => r.direction === direction && r.access === 'allow').length;
      if (near(n, span)) {
        out.push({ problem: `${n} ${direction} rules use most of the priorities ${ctx.azurePriorityRange.from}-${ctx.azurePriorityRange.to}`, fix: 'widen priorityRange or split the role' });
      }
    }
    return out;
  },
};
