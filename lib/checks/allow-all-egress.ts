/** MSP-EGRESS-ALL: all egress allowed on purpose. Reported with the reason, for reviewers. */
import type { Check } from './types';

export const allowAllEgress: Check = {
  id: 'MSP-EGRESS-ALL',
  title: 'All egress allowed',
  why: 'Open egress lets a compromised host reach anything; reviewers should see the reason.',
  level: 'warning',
  run(ctx) {
    const reason = ctx.role.egressAllowAllReason;
    if (!reason) return [];
    return [{ problem: `all egress is allowed, for the reason "${reason}"`, fix: 'declare the flows the role sends (allowTo) and drop allowAllEgress, or suppress this check with the same reason' }];
  },
};
