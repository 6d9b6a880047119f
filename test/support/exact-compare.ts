/**
 * The comparison of the exactness suite: probe points, the endpoints of a synthesized site (hosts by
 * their network interfaces, outside addresses), passes versus documented per ordered pair, and a
 * readable list of discrepancies (ports extra / missing, with the catalog rows involved).
 */
import { catalog } from '../../lib/catalog/index';
import { parseStack, type TerraformJson } from '../../lib/verify';
import { allDocumented, covers, documentedRanges, rowsOf, type DocumentedRange } from './exact-oracle';
import type { SiteModel, SiteRole } from './exact-site';
import { hostName, hostNics, passingPorts, withHosts, type Endpoint, type HostNic } from './host-flows';

const PORTLESS = ['icmp', 'esp', 'ah', 'gre'];

/** Every range end of every rule of the stack and of every documented range, with its neighbours, per transport; and the port-less transports. */
export function probePoints(json: TerraformJson, documented: readonly DocumentedRange[]): string[] {
  const ends: Record<'tcp' | 'udp', Set<number>> = { tcp: new Set(), udp: new Set() };
  const add = (t: string, a: number, b: number) => {
    for (const tt of t === '*' || t === '-1' ? ['tcp', 'udp'] : [t]) {
      if (tt !== 'tcp' && tt !== 'udp') continue;
      for (const p of [a - 1, a, b, b + 1]) if (p >= 1 && p <= 65535) ends[tt].add(p);
    }
  };
  const s = parseStack(json);
  for (const r of s.awsRules) if (r.from !== undefined && r.from >= 0) add(r.protocol.toLowerCase(), r.from, r.to ?? r.from);
  for (const r of s.azureRules) {
    for (const spec of r.ports) {
      if (spec === '*') continue;
      const [a, b] = spec.split('-').map(Number);
      add(r.protocol.toLowerCase(), a, b ?? a);
    }
  }
  for (const d of documented) if (d.from !== undefined) add(d.transport, d.from, d.to!);
  return [...PORTLESS, ...(['tcp', 'udp'] as const).flatMap((t) => [...ends[t]].sort((a, b) => a - b).map((n) => `${n}/${t}`))];
}

export interface SiteHosts {
  /** Role name -> its attached interfaces, in host order. */
  readonly byRole: Map<string, HostNic[]>;
  /** Roles whose hosts do not all carry the same groups (then one host cannot stand for the others). */
  readonly uneven: string[];
}

/** The interfaces of each role (named `<nic|eni>-<role>-<n>` by the site builder). */
export function siteHosts(json: TerraformJson): SiteHosts {
  const byRole = new Map<string, HostNic[]>();
  for (const h of hostNics(json)) {
    const m = /(?:nic-|eni-)(.+)-(\d)$/.exec(h.nic);
    if (!m) throw new Error(`interface ${h.nic} is not one of the site's`);
    (byRole.get(m[1]) ?? byRole.set(m[1], []).get(m[1])!).push(h);
  }
  const key = (h: HostNic) => `${[...h.groups].sort().join(',')}|${h.nsg ?? ''}`;
  const uneven = [...byRole].filter(([, hs]) => new Set(hs.map(key)).size > 1).map(([r]) => r);
  return { byRole, uneven };
}

export interface PairResult {
  readonly from: string;
  readonly to: string;
  readonly extra: string[];
  readonly missing: string[];
  /** Rows documenting the missing probes; rows of either side's kind that name the extra probes (any peer). */
  readonly missingRows: string[];
  readonly extraRows: string[];
}

export interface SiteComparison {
  readonly pairs: number;
  readonly probes: number;
  readonly results: PairResult[];
  /** Pairs whose ports pass and are documented, for a count of what was confirmed. */
  readonly agreeing: number;
}

/** Compares, for every ordered pair of the model's roles (one host each, and two hosts of one role), what passes with what is documented. */
export function compareSite(json: TerraformJson, model: SiteModel): SiteComparison {
  const aws = parseStack(json).cloud === 'aws';
  const internet = model.roles.find((r) => r.kind === 'internet');
  const hosts = siteHosts(json);
  const probes = probePoints(json, allDocumented(model));
  const endpoint = (r: SiteRole, n = 0): Endpoint | undefined => {
    if (r.outsideAddress) return n === 0 ? { label: r.name, at: r.outsideAddress, outside: true } : undefined;
    const nic = hosts.byRole.get(r.name)?.[n];
    if (!nic) throw new Error(`role ${r.name} has no host ${n + 1} attached`);
    return { label: n === 0 ? r.name : `${r.name}#2`, at: hostName(nic.nic), outside: false };
  };
  const pairs: { a: SiteRole; b: SiteRole; ea: Endpoint; eb: Endpoint }[] = [];
  for (const a of model.roles) {
    for (const b of model.roles) {
      if (a === b) {
        const e2 = endpoint(a, 1);
        if (e2) pairs.push({ a, b, ea: endpoint(a)!, eb: e2 });
      } else if (!(a.outsideAddress && b.outsideAddress)) pairs.push({ a, b, ea: endpoint(a)!, eb: endpoint(b)! });
    }
  }
  const all = [...hosts.byRole.values()].flat();
  const passing = passingPorts(withHosts(json, all), pairs.map((p) => [p.ea, p.eb] as const), probes);
  const results: PairResult[] = [];
  let agreeing = 0;
  for (const { a, b, ea, eb } of pairs) {
    // AWS has no prefix for "the public internet" (Azure's service tag Internet): a row whose peer is
    // the internet is written 0.0.0.0/0 and ::/0, which any other address outside the cloud falls in
    // as well. So on AWS an outside address gets the internet's documented flows too (an oracle
    // reading, not a finding: a security group cannot say "every address but these").
    const asInternet = (r: SiteRole) => (aws && internet && r.outsideAddress && r !== internet ? internet : undefined);
    const doc = [
      ...documentedRanges(model, a, b),
      ...(asInternet(a) ? documentedRanges(model, asInternet(a)!, b) : []),
      ...(asInternet(b) ? documentedRanges(model, a, asInternet(b)!) : []),
    ];
    const docProbes = new Set(probes.filter((p) => doc.some((d) => covers(d, p))));
    const pass = passing.get(`${ea.label} > ${eb.label}`)!;
    const extra = probes.filter((p) => pass.has(p) && !docProbes.has(p));
    const missing = probes.filter((p) => docProbes.has(p) && !pass.has(p));
    if (extra.length === 0 && missing.length === 0) {
      if (docProbes.size > 0) agreeing++;
      continue;
    }
    const missingRows = [...new Set(doc.filter((d) => missing.some((p) => covers(d, p))).map((d) => d.row))];
    const near = [...rowsOf(a.kind), ...rowsOf(b.kind)];
    const extraRows = [...new Set(near.filter((e) => extra.some((p) => e.transports.includes((p.split('/')[1] ?? p) as never) && (p.includes('/') ? catalog.byPort(Number(p.split('/')[0])).includes(e) : true))).map((e) => e.id))];
    results.push({ from: ea.label, to: eb.label, extra, missing, missingRows, extraRows });
  }
  return { pairs: pairs.length, probes: probes.length, results, agreeing };
}

/** Probe points as compact text: runs of consecutive probe points (in probe order) as `a..b`, per transport. */
export function compact(points: readonly string[], probes?: readonly string[]): string {
  const byT = new Map<string, number[]>();
  const portless: string[] = [];
  for (const p of points) {
    if (!p.includes('/')) portless.push(p);
    else {
      const [n, t] = p.split('/');
      (byT.get(t) ?? byT.set(t, []).get(t)!).push(Number(n));
    }
  }
  void probes;
  const parts = [...portless];
  for (const [t, ns] of byT) {
    const runs: string[] = [];
    let start = ns[0];
    let prev = ns[0];
    for (const n of [...ns.slice(1), NaN]) {
      if (n === prev + 1) {
        prev = n;
        continue;
      }
      runs.push(start === prev ? `${start}` : `${start}-${prev}`);
      start = prev = n;
    }
    parts.push(`${t} ${runs.join(',')}`);
  }
  return parts.join('; ');
}

/** One line per discrepant pair. */
export function describe(results: readonly PairResult[]): string[] {
  return results.map(
    (r) =>
      `${r.from} > ${r.to}:` +
      (r.extra.length ? ` EXTRA [${compact(r.extra)}] (rows naming these ports on either side: ${r.extraRows.join(', ') || 'none'})` : '') +
      (r.missing.length ? ` MISSING [${compact(r.missing)}] (rows: ${r.missingRows.join(', ')})` : ''),
  );
}
