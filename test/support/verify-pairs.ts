/**
 * What passes between named hosts, judged by the project's verifier (lib/verify) over synthesized
 * Terraform, and what a set of catalog rows documents between them, both as sets of
 * `sender > receiver transport[/port]` lines, so tests can compare them exactly.
 *
 * A host is a cloud role (by its `name`) or an address outside the cloud. Towards an address only
 * the sender's egress is judged; from an address, the receiver's ingress (and on Azure its NSG
 * order). Two addresses are never paired: nothing of either side is in the Terraform.
 *
 * Ports probed: every end of every TCP/UDP range a rule names, in the stacks given, and of the
 * documented ranges, each with its neighbours, so a range that is wider, narrower or merged over a
 * gap shows up as a line on one side only.
 */
import { entryRanges } from '../../lib/catalog/index';
import type { PortEntry, Transport } from '../../lib/catalog/types';
import type { PortRange } from '../../lib/model/ports';
import { flowVerifier, parseStack, type TerraformJson } from '../../lib/verify';

export interface Host {
  /** Label in the result lines. */
  readonly label: string;
  /** A role name, or an address outside the cloud. */
  readonly at: string;
  /** True for an address outside the cloud. */
  readonly outside?: boolean;
}

/** Windows Server 2008 and later default dynamic RPC range (KB832017; KB179442's table). */
export const MODERN_DYNAMIC_RPC: readonly PortRange[] = [{ from: 49152, to: 65535 }];

const PORTLESS: readonly Transport[] = ['icmp', 'gre', 'esp', 'ah'];

/** One documented flow between two hosts, on the ports of catalog rows. */
export interface DocumentedFlow {
  readonly from: Host;
  readonly to: Host;
  readonly rows: readonly PortEntry[];
}

/** The ranges of catalog rows, per transport (`dynamic-rpc` as the modern range). */
function rowRanges(rows: readonly PortEntry[]): { transport: Transport; ranges: readonly PortRange[] }[] {
  return rows.flatMap((e) => e.transports.map((t) => ({ transport: t, ranges: PORTLESS.includes(t) ? [] : entryRanges(e, MODERN_DYNAMIC_RPC) })));
}

/** The probe points: rule range ends in the stacks and documented range ends, with neighbours. */
export function probes(stacks: readonly TerraformJson[], documented: readonly DocumentedFlow[]): string[] {
  const ends: Record<'tcp' | 'udp', Set<number>> = { tcp: new Set(), udp: new Set() };
  const add = (t: string, n: number) => {
    if (t !== 'tcp' && t !== 'udp') return;
    for (const p of [n - 1, n, n + 1]) if (p >= 1 && p <= 65535) ends[t].add(p);
  };
  for (const json of stacks) {
    const s = parseStack(json);
    for (const r of s.awsRules) if (r.from !== undefined) [r.from, r.to ?? r.from].forEach((n) => add(r.protocol, n));
    for (const r of s.azureRules) {
      for (const spec of r.ports) {
        if (spec === '*') continue;
        const [a, b] = spec.split('-').map(Number);
        add(r.protocol.toLowerCase(), a);
        add(r.protocol.toLowerCase(), b ?? a);
      }
    }
  }
  for (const d of documented) for (const { transport, ranges } of rowRanges(d.rows)) for (const r of ranges) [r.from, r.to].forEach((n) => add(transport, n));
  return [...PORTLESS, ...(['tcp', 'udp'] as const).flatMap((t) => [...ends[t]].sort((a, b) => a - b).map((n) => `${n}/${t}`))];
}

const line = (from: Host, to: Host, probe: string) => `${from.label} > ${to.label} ${probe.includes('/') ? probe.split('/').reverse().join('/') : probe}`;

/** Every (sender, receiver, probe) that the verifier lets pass among the hosts. */
export function passing(json: TerraformJson, hosts: readonly Host[], probeList: readonly string[]): Set<string> {
  const judge = flowVerifier(json);
  const out = new Set<string>();
  for (const from of hosts) {
    for (const to of hosts) {
      if (from === to || (from.outside && to.outside)) continue;
      for (const port of probeList) if (judge({ from: from.at, to: to.at, port }).allowed) out.add(line(from, to, port));
    }
  }
  return out;
}

/** The probe points that documented flows cover, as lines. */
export function documentedLines(documented: readonly DocumentedFlow[], probeList: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const d of documented) {
    if (d.from.outside && d.to.outside) continue;
    for (const { transport, ranges } of rowRanges(d.rows)) {
      for (const probe of probeList) {
        const [n, t] = probe.includes('/') ? [Number(probe.split('/')[0]), probe.split('/')[1]] : [undefined, probe];
        if (t !== transport) continue;
        if (n === undefined || ranges.some((r) => r.from <= n && n <= r.to)) out.add(line(d.from, d.to, probe));
      }
    }
  }
  return out;
}

/** Lines in `a` and not in `b`, sorted. */
export function minus(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((x) => !b.has(x)).sort();
}
