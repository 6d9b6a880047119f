/**
 * Port-range algebra: parse, validate, normalize, union, intersect, subtract, compact.
 * No cdktf, no provider imports. Every operation returns a normalized list: sorted by `from`,
 * non-overlapping and non-adjacent, so two equal port sets have one representation.
 */

/** An inclusive range of ports, 1..65535. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** An error in a port value; `hint` says how to fix it. */
export class PortSpecError extends Error {
  constructor(readonly value: string, readonly hint: string) {
    super(`invalid port value "${value}": ${hint}`);
    this.name = 'PortSpecError';
  }
}

function checkPort(n: number, original: string): number {
  if (!Number.isInteger(n) || n < MIN_PORT || n > MAX_PORT) {
    throw new PortSpecError(original, `ports are whole numbers from ${MIN_PORT} to ${MAX_PORT}`);
  }
  return n;
}

/** Builds a validated range. Throws PortSpecError for 0, 70000, fractions or a reversed range. */
export function range(from: number, to: number = from): PortRange {
  const text = Object.is(from, to) ? `${from}` : `${from}-${to}`;
  checkPort(from, text);
  checkPort(to, text);
  if (from > to) {
    throw new PortSpecError(text, `the range is written backwards; write it as ${to}-${from}`);
  }
  return { from, to };
}

const SPEC = /^\s*(\d{1,6})\s*(?:-\s*(\d{1,6})\s*)?$/;

/** Parses "5061" or "49152-65535" (a number is accepted as a single port). */
export function parsePortRange(spec: string | number): PortRange {
  if (typeof spec === 'number') {
    return range(spec, spec);
  }
  const m = SPEC.exec(spec);
  if (!m) {
    throw new PortSpecError(spec, 'write a port ("5061") or an inclusive range ("49152-65535")');
  }
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return range(from, to);
}

/** Parses a list of specs and returns the normalized set. */
export function parsePorts(specs: readonly (string | number)[]): PortRange[] {
  return normalize(specs.map(parsePortRange));
}

/** Sorts and merges overlapping or adjacent ranges. Never widens: the result holds exactly the same ports. */
export function normalize(ranges: readonly PortRange[]): PortRange[] {
  // Most inputs are already normalized (parsed lists, planner output): copied without sorting
  // (new range objects, as below: the result never shares the input's).
  const out: { from: number; to: number }[] = [];
  if (isNormalized(ranges)) {
    for (const r of ranges) out.push({ from: r.from, to: r.to });
    return out;
  }
  const sorted = [...ranges].sort(byFromThenTo);
  for (const r of sorted) {
    const last = out.length ? out[out.length - 1] : undefined;
    if (last && r.from <= last.to + 1) {
      if (r.to > last.to) last.to = r.to;
    } else {
      out.push({ from: r.from, to: r.to });
    }
  }
  return out;
}

function byFromThenTo(a: PortRange, b: PortRange): number {
  return a.from - b.from || a.to - b.to;
}

/** The fewest ranges that hold exactly the given ports (alias of normalize, named for intent). */
export const compact = normalize;

export function union(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  return normalize([...a, ...b]);
}

export function intersect(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const x = normalize(a);
  const y = normalize(b);
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const from = Math.max(x[i].from, y[j].from);
    const to = Math.min(x[i].to, y[j].to);
    if (from <= to) out.push({ from, to });
    if (x[i].to < y[j].to) i++;
    else j++;
  }
  return out;
}

/** The ports of `a` that are not in `b`. */
export function subtract(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const cut = normalize(b);
  const out: PortRange[] = [];
  for (const r of normalize(a)) {
    let from = r.from;
    for (const c of cut) {
      if (c.to < from || c.from > r.to) continue;
      if (c.from > from) out.push({ from, to: c.from - 1 });
      from = c.to + 1;
      if (from > r.to) break;
    }
    if (from <= r.to) out.push({ from, to: r.to });
  }
  return out;
}

/** True when every port of `inner` is in `outer`. */
export function contains(outer: readonly PortRange[], inner: readonly PortRange[]): boolean {
  // Normalized lists (the planner's rules) are walked in step, without building the difference.
  if (!isNormalized(outer) || !isNormalized(inner)) return subtract(inner, outer).length === 0;
  let j = 0;
  for (const r of inner) {
    while (j < outer.length && outer[j].to < r.from) j++;
    if (j === outer.length || outer[j].from > r.from || outer[j].to < r.to) return false;
  }
  return true;
}

/** Sorted, each range valid, non-overlapping and non-adjacent. */
function isNormalized(ranges: readonly PortRange[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    if (!(ranges[i].from <= ranges[i].to)) return false; // (NaN too)
    if (i > 0 && ranges[i].from <= ranges[i - 1].to + 1) return false;
  }
  return true;
}

/** The number of ports in the set. */
export function size(ranges: readonly PortRange[]): number {
  return normalize(ranges).reduce((n, r) => n + (r.to - r.from + 1), 0);
}

/** "5061" or "49152-65535". */
export function formatRange(r: PortRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`;
}

export function formatPorts(ranges: readonly PortRange[]): string {
  let out = '';
  for (let i = 0; i < ranges.length; i++) out += i ? `,${formatRange(ranges[i])}` : formatRange(ranges[i]);
  return out;
}

export function samePorts(a: readonly PortRange[], b: readonly PortRange[]): boolean {
  const x = normalize(a);
  const y = normalize(b);
  return x.length === y.length && x.every((r, i) => r.from === y[i].from && r.to === y[i].to);
}
