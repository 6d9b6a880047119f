/**
 * MSP-INTERNET-EXPOSURE: the internet (public address space past INTERNET_THRESHOLD, judged by the
 * union of every address the role admits or reaches on a port, whatever path it came by: see
 * exposure.ts), in either direction, on a role that is not internet-facing by design, or on an
 * internet-facing role (Edge external interface, reverse proxy) beyond its documented internet rows.
 */
import { BELOW_THRESHOLD, exposureOf, groupSegments, isInternetCoverage, leftToGroup, propsText, purposesText, sourcesText, whatText } from './exposure';
import type { Check, FindingDraft } from './types';

export const internetExposure: Check = {
  id: 'MSP-INTERNET-EXPOSURE',
  title: 'Internet where the role does not face it by design',
  why: 'Internal roles (pools, controllers, file servers) serve named networks, and internet-facing ones only their documented rows; ranges that together cover a large share of public address space are the internet whatever their spelling.',
  level: 'error',
  run(ctx) {
    const intent = ctx.intent;
    if (!intent) return [];
    const hits = exposureOf(ctx).filter((s) => isInternetCoverage(s.undesigned) && !leftToGroup(s.sources.filter((x) => !x.byDesign)));
    const out: FindingDraft[] = [];
    for (const g of groupSegments(hits, (s) => s.undesigned, (s) => s.sources.filter((x) => !x.byDesign))) {
      const facing = intent.internetFacing ? ', which is internet-facing only on its documented internet rows' : ', which is not internet-facing';
      const text = sourcesText(g.sources, g.coverage, 'is');
      out.push({
        problem:
          g.direction === 'ingress'
            ? `${text}: "${purposesText(g.purposes)}" (${whatText(g)}) would admit the internet to ${intent.kind} "${intent.name}"${facing}`
            : `${text}: "${purposesText(g.purposes)}" (${whatText(g)}) would reach the internet from ${intent.kind} "${intent.name}"${facing}`,
        fix: `name the networks in ${propsText(g.sources)} (${BELOW_THRESHOLD}), or pass a written justification to open it on purpose`,
        catalogIds: [...g.catalogIds].sort(),
      });
    }
    return out;
  },
};
