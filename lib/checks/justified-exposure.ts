/**
 * MSP-JUSTIFIED: a flow that passed a guard only because of its written justification (the
 * internet, a management port, a protocol the cloud cannot name). Reported so reviewers see it.
 */
import { formatPorts } from '../model/ports';
import { propOf } from './internet';
import type { Check, FindingDraft } from './types';

export const justifiedExposure: Check = {
  id: 'MSP-JUSTIFIED',
  title: 'Exposure accepted on a written justification',
  why: 'A justification waives a guard for one flow; reviewers should read it.',
  level: 'warning',
  run(ctx) {
    if (!ctx.intent) return [];
    const seen = new Set<string>();
    const out: FindingDraft[] = [];
    for (const f of ctx.intent.flows) {
      if (!f.justification) continue;
      const text = `${propOf(f)} ${f.direction} ${f.transport} ${formatPorts(f.ports) || 'all'}: "${f.justification}"`;
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ problem: `justified on purpose: ${text}`, fix: 'nothing, if the reason still holds; otherwise remove the flow or its justification', catalogIds: f.catalogIds });
    }
    return out;
  },
};
