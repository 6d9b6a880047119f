/** MSP-UNREACHABLE: a role no flow reaches (only the load balancer probe, or nothing, comes in). */
import type { Check } from './types';

export const unreachableRole: Check = {
  id: 'MSP-UNREACHABLE',
  title: 'A role that no flow reaches',
  why: 'A boundary that admits nothing is either unused or missing its wiring (clients, servers, a domain).',
  level: 'warning',
  run(ctx) {
    if (ctx.role.group || ctx.role.synthetic || ctx.role.outside || ctx.role.remote) return []; // outside roles get no boundary
    const reached = ctx.role.rules.some((r) => r.direction === 'ingress' && r.access === 'allow' && r.peer.kind !== 'lb-probe');
    if (reached) return [];
    return [{ problem: `no flow reaches ${ctx.role.kind} "${ctx.role.name}": its boundary admits nothing`, fix: 'give the role its peers (clients, servers, allowFrom) or remove it' }];
  },
};
