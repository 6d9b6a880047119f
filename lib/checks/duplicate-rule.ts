/**
 * MSP-DUPLICATE: two rules of one boundary that admit the same addresses on the same protocol
 * and overlapping ports (usually two peer props given the same ranges). On AWS, two rule
 * resources with the same peer, protocol and range are refused by the API at apply time
 * (InvalidPermission.Duplicate): that case is an error no reason can waive.
 */
import { formatPorts, formatRange, intersect } from '../model/ports';
import { samePeer } from './peer-cover';
import type { Check, FindingDraft } from './types';

export const duplicateRule: Check = {
  id: 'MSP-DUPLICATE',
  title: 'Rules that duplicate another rule of the same boundary',
  why: 'Duplicates hide which peer a port is really for, and AWS refuses identical rule resources at apply time.',
  level: 'warning',
  run(ctx) {
    const out: FindingDraft[] = [];
    const rules = ctx.role.rules.filter((r) => r.access === 'allow');
    for (let i = 0; i < rules.length; i++) {
      for (let j = i + 1; j < rules.length; j++) {
        const a = rules[i];
        const b = rules[j];
        if (a.direction !== b.direction || a.transport !== b.transport || !samePeer(a.peer, b.peer)) continue;
        // Rules for disjoint source ports (Azure) do not overlap.
        if (a.sourcePorts?.length && b.sourcePorts?.length && intersect(a.sourcePorts, b.sourcePorts).length === 0) continue;
        const overlap = a.ports.length === 0 && b.ports.length === 0 ? [] : intersect(a.ports, b.ports);
        if (a.ports.length && overlap.length === 0) continue;
        out.push({
          rule: b.name,
          problem: `rules "${a.name}" and "${b.name}" admit the same addresses on ${a.transport} ${formatPorts(overlap) || 'all'}`,
          fix: 'give each address range to one peer prop only (e.g. not the same CIDR in clients and servers)',
          catalogIds: [...new Set([...a.catalogIds, ...b.catalogIds])].sort(),
        });
      }
    }
    return out;
  },
};

export const awsDuplicateResource: Check = {
  id: 'MSP-AWS-DUPLICATE',
  title: 'AWS rule resources AWS would refuse as duplicates',
  why: 'Two security group rules with the same peer, protocol and port range fail at apply with InvalidPermission.Duplicate.',
  level: 'error',
  suppressible: false,
  run(ctx) {
    if (ctx.cloud !== 'aws') return [];
    const seen = new Map<string, string>();
    const out: FindingDraft[] = [];
    for (const r of ctx.role.awsRules) {
      const peer = r.peer.kind === 'cidr' ? r.peer.cidr.text : r.peer.kind === 'prefix-list' ? `pl:${r.peer.existingId ?? r.peer.name}` : r.peer.kind === 'group-id' ? `sgid:${r.peer.id}` : `sg:${r.peer.role}`;
      const key = `${r.group ?? 0}|${r.direction}|${peer}|${r.transport}|${r.range ? formatRange(r.range) : 'all'}`;
      const first = seen.get(key);
      if (first) {
        out.push({
          rule: r.rule,
          problem: `rule resources "${first}" and "${r.key}" are identical (${r.direction}, ${peer}, ${r.transport} ${r.range ? formatRange(r.range) : 'all'}): AWS refuses the second at apply`,
          fix: 'give each address range to one peer prop only (e.g. not the same CIDR in clients and servers)',
          catalogIds: r.catalogIds,
        });
      } else seen.set(key, r.key);
    }
    return out;
  },
};
