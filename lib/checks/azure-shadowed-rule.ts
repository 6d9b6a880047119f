/**
 * MSP-AZURE-SHADOWED: an Azure NSG rule that never matches, because a rule of higher precedence
 * (lower priority number) in the same direction covers its peer, protocol and ports.
 */
import { contains, formatPorts } from '../model/ports';
import { peerCovers } from './peer-cover';
import type { Check, FindingDraft } from './types';

export const azureShadowedRule: Check = {
  id: 'MSP-AZURE-SHADOWED',
  title: 'Azure rule shadowed by a rule of higher precedence',
  why: 'An NSG evaluates rules in priority order and stops at the first match: a covered rule is dead weight that misleads reviewers.',
  level: 'warning',
  run(ctx) {
    if (ctx.cloud !== 'azure' || ctx.role.outside || ctx.role.remote) return []; // outside roles and stand-ins: nothing rendered
    const out: FindingDraft[] = [];
    const rules = ctx.role.rules;
    for (const r of rules) {
      const by = rules.find(
        (s) =>
          s !== r &&
          s.direction === r.direction &&
          s.priority < r.priority &&
          (s.transport === 'all' || s.transport === r.transport) &&
          // (cheap tests first: a role peer covers only the same role)
          (s.peer.kind !== 'role' || r.peer.kind !== 'role' || s.peer.role === r.peer.role) &&
          (s.transport === 'all' || s.ports.length === 0 ? true : contains(s.ports, r.ports)) &&
          // a rule limited to some source ports covers only rules within those source ports
          (!s.sourcePorts?.length || (r.sourcePorts?.length ? contains(s.sourcePorts, r.sourcePorts) : false)) &&
          peerCovers(s.peer, r.peer),
      );
      if (!by) continue;
      out.push({
        rule: r.name,
        problem: `rule "${r.name}" (priority ${r.priority}, ${r.transport} ${formatPorts(r.ports) || 'all'}) never matches: "${by.name}" (priority ${by.priority}) already ${by.access === 'allow' ? 'allows' : 'denies'} all of it`,
        fix: 'remove the covered rule or the peer that duplicates another peer\'s ranges, or narrow the covering rule',
        catalogIds: r.catalogIds,
      });
    }
    return out;
  },
};
