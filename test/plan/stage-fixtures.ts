/**
 * Small hand-built intents for the planner's stage tests (test/plan/<stage>.test.ts), and a
 * brute-force port-set model the properties compare against (independent of lib/model/ports).
 */
import fc from 'fast-check';
import type { Flow, Peer, RoleIntent } from '../../lib/model/intent';
import type { PortRange } from '../../lib/model/ports';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';
import type { PlanOptions } from '../../lib/plan/types';

export const clients: Peer = { kind: 'cidrs', name: 'clients', cidrs: ['10.30.0.0/16'] };
export const servers: Peer = { kind: 'cidrs', name: 'servers', cidrs: ['10.10.0.0/24', '10.11.0.0/24'] };
export const roleRef = (role: string): Peer => ({ kind: 'role', role });

/** A flow; ports as [from, to] pairs (or single ports). */
export function flow(ports: (number | [number, number])[], extra: Partial<Flow> = {}): Flow {
  const ranges = ports.map((p) => (typeof p === 'number' ? { from: p, to: p } : { from: p[0], to: p[1] }));
  return { direction: 'ingress', peer: clients, transport: 'tcp', ports: ranges, catalogIds: [`test.${ranges.map((r) => `${r.from}-${r.to}`).join('_')}`], purpose: 'test', ...extra };
}

export function role(name: string, flows: Flow[], extra: Partial<RoleIntent> = {}): RoleIntent {
  return { name, path: `stack/${name}`, kind: 'test role', internetFacing: false, flows, listeners: [], ipsec: [], skipped: [], egress: 'declared', ...extra };
}

export const azureOptions = (extra: Partial<PlanOptions> = {}): PlanOptions => ({ profile: AZURE_PROFILE, path: 'stack/net', ...extra });
export const awsOptions = (extra: Partial<PlanOptions> = {}): PlanOptions => ({ profile: AWS_PROFILE, path: 'stack/net', ...extra });

/** Every port of some ranges (keep them small in properties). */
export function portSet(ranges: readonly PortRange[]): Set<number> {
  const s = new Set<number>();
  for (const r of ranges) for (let p = r.from; p <= r.to; p++) s.add(p);
  return s;
}

export const sorted = (s: Iterable<number>): number[] => [...s].sort((a, b) => a - b);

/** A small port range within 1-600 (so port sets stay cheap to enumerate). */
export const smallRange = fc.tuple(fc.integer({ min: 1, max: 560 }), fc.integer({ min: 0, max: 40 })).map(([from, len]): PortRange => ({ from, to: from + len }));
export const smallRanges = fc.array(smallRange, { minLength: 1, maxLength: 4 });
