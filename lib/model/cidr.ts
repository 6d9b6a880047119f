/**
 * CIDR parsing and validation (IPv4 and IPv6). No cdktf imports.
 * A CIDR must be a network address (host bits zero): AWS rejects anything else, and a host
 * address with a prefix is almost always a typo for something narrower or wider.
 */

export type IpVersion = 4 | 6;

export interface Cidr {
  readonly text: string;
  readonly version: IpVersion;
  readonly prefix: number;
}

export class CidrError extends Error {
  constructor(readonly value: string, readonly hint: string) {
    super(`invalid CIDR "${value}": ${hint}`);
    this.name = 'CidrError';
  }
}

function parseV4(addr: string, original: string): number[] {
  const parts = addr.split('.');
  if (parts.length !== 4) throw new CidrError(original, 'an IPv4 address has four dot-separated numbers');
  return parts.map((p) => {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) {
      throw new CidrError(original, `"${p}" is not an octet; each IPv4 octet is 0-255`);
    }
    return Number(p);
  });
}

/**
 * The canonical text of an IPv6 address (RFC 5952): lowercase hex without leading zeros, the
 * longest run of two or more zero groups (the first of equal runs) written as `::`.
 */
export function formatV6(words: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < words.length; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: readonly number[]) => ws.map((w) => w.toString(16)).join(':');
  if (bestLen < 2) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}

function parseV6(addr: string, original: string): number[] {
  const bad = () => new CidrError(original, 'not a valid IPv6 address');
  if (!/^[0-9a-fA-F:]+$/.test(addr)) throw bad();
  const halves = addr.split('::');
  if (halves.length > 2) throw bad();
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) throw bad();
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  return all.map((g) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw bad();
    return parseInt(g, 16);
  });
}

/** Parses and validates "10.30.0.0/16" or "fd00::/8". */
export function parseCidr(value: string): Cidr {
  // Every flow repeats its peer's CIDRs: each valid spelling is parsed once per process.
  const known = typeof value === 'string' ? parsedCidrs.get(value) : undefined;
  if (known) return known;
  const c = Object.freeze(parseCidrText(value));
  if (parsedCidrs.size >= PARSED_CIDRS_MAX) parsedCidrs.clear();
  parsedCidrs.set(value, c);
  return c;
}

/** Valid CIDRs parsed so far (bounded: cleared when full). */
const parsedCidrs = new Map<string, Cidr>();
const PARSED_CIDRS_MAX = 65536;

function parseCidrText(value: string): Cidr {
  if (typeof value !== 'string' || value.trim() !== value || value === '') {
    throw new CidrError(String(value), 'write an address and a prefix length, e.g. "10.30.0.0/16"');
  }
  const slash = value.split('/');
  if (slash.length !== 2) {
    throw new CidrError(value, 'add a prefix length, e.g. "10.30.0.0/16" (use /32 or /128 for one host)');
  }
  const [addr, prefixText] = slash;
  const v6 = addr.includes(':');
  const max = v6 ? 128 : 32;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    throw new CidrError(value, `the prefix length must be 0-${max}`);
  }
  const prefix = Number(prefixText);
  const words = v6 ? parseV6(addr, value) : parseV4(addr, value);
  // IPv4: leading zeros are refused, never guessed (some tools read "010" as octal 8, others as 10).
  if (!v6 && (addr.split('.').some((o) => o.length > 1 && o.startsWith('0')) || String(prefix) !== prefixText)) {
    throw new CidrError(value, `leading zeros are ambiguous (some tools read them as octal); write ${words.join('.')}/${prefix}`);
  }
  const bitsPerWord = v6 ? 16 : 8;
  // host bits must be zero
  let hostBitsSet = false;
  const network = words.map((w, i) => {
    const start = i * bitsPerWord;
    const keep = Math.max(0, Math.min(bitsPerWord, prefix - start));
    const mask = keep === 0 ? 0 : ((0xffff << (bitsPerWord - keep)) & ((1 << bitsPerWord) - 1));
    if ((w & ~mask & ((1 << bitsPerWord) - 1)) !== 0) hostBitsSet = true;
    return w & mask;
  });
  if (hostBitsSet) {
    const net = v6 ? formatV6(network) : network.join('.');
    throw new CidrError(value, `host bits are set; the network address is ${net}/${prefix}`);
  }
  // IPv6: only the RFC 5952 spelling (what AWS and Azure report back) is accepted, so the output
  // never holds a spelling that differs from the cloud's and plans a change on every apply.
  const canonical = `${v6 ? formatV6(words) : words.join('.')}/${prefix}`;
  if (canonical !== value) {
    throw new CidrError(value, `not written in canonical form (RFC 5952: lowercase, no leading zeros, the longest zero run as "::"); write ${canonical}`);
  }
  return { text: value, version: v6 ? 6 : 4, prefix };
}

/** The first and last address of a block, as big integers (for containment checks). */
export function cidrBounds(c: Cidr): { readonly first: bigint; readonly last: bigint } {
  const [addr] = c.text.split('/');
  const bits = c.version === 4 ? 32 : 128;
  const words = c.version === 4 ? addr.split('.').map(Number) : parseV6(addr, c.text);
  const width = c.version === 4 ? 8n : 16n;
  const first = words.reduce((acc, w) => (acc << width) | BigInt(w), 0n);
  const size = 1n << BigInt(bits - c.prefix);
  return { first, last: first + size - 1n };
}

/** Why a list of CIDRs is refused: a duplicate, or one block inside another. */
export interface CidrListProblem {
  /** The value as written (the later one in the list, or the narrower block). */
  readonly value: string;
  /** The value it repeats or lies within. */
  readonly other: string;
  readonly kind: 'duplicate' | 'contained';
}

/**
 * Checks one list of CIDRs (already parsed) for duplicates and blocks that lie within another.
 * Such lists are refused, not merged: dropping what the user wrote would hide a typo (often the
 * user meant another block). Two blocks overlap only by containment (CIDR blocks nest or are
 * disjoint), so this covers every overlap.
 */
export function cidrListProblem(cidrs: readonly Cidr[]): CidrListProblem | undefined {
  if (cidrs.length < 2) return undefined;
  // Bounds once per block, then a sweep in address order (a list of thousands of prefixes is judged
  // in n log n, not n^2 bound computations): which blocks repeat an earlier one or lie within another.
  const bounds = cidrs.map(cidrBounds);
  const order = cidrs.map((_, i) => i).sort((a, b) => {
    const x = bounds[a];
    const y = bounds[b];
    return cidrs[a].version - cidrs[b].version || (x.first < y.first ? -1 : x.first > y.first ? 1 : x.last > y.last ? -1 : x.last < y.last ? 1 : a - b);
  });
  let firstBad = Infinity;
  let maxLast = -1n;
  let version = 0;
  for (let k = 0; k < order.length; ) {
    // one group of identical blocks (adjacent in this order)
    const i = order[k];
    let end = k + 1;
    while (end < order.length && cidrs[order[end]].version === cidrs[i].version && bounds[order[end]].first === bounds[i].first && bounds[order[end]].last === bounds[i].last) end++;
    if (cidrs[i].version !== version) {
      version = cidrs[i].version;
      maxLast = -1n;
    }
    // every block of the group but the first in list order repeats it; all lie within an earlier, other block if one reaches as far
    if (end - k > 1) firstBad = Math.min(firstBad, order[k + 1]);
    if (maxLast >= bounds[i].last) firstBad = Math.min(firstBad, i);
    if (bounds[i].last > maxLast) maxLast = bounds[i].last;
    k = end;
  }
  if (firstBad === Infinity) return undefined;
  // The first block with a problem, in list order, against the first block (in list order) it repeats or lies within.
  const i = firstBad;
  const a = bounds[i];
  for (let j = 0; j < cidrs.length; j++) {
    if (i === j || cidrs[i].version !== cidrs[j].version) continue;
    const b = bounds[j];
    if (a.first === b.first && a.last === b.last) {
      if (j < i) return { value: cidrs[i].text, other: cidrs[j].text, kind: 'duplicate' };
      continue;
    }
    if (a.first >= b.first && a.last <= b.last) return { value: cidrs[i].text, other: cidrs[j].text, kind: 'contained' };
  }
  return undefined;
}

/** True for 0.0.0.0/0 and ::/0 (and any /0). */
export function isWholeInternet(c: Cidr): boolean {
  return c.prefix === 0;
}

const PRIVATE_V4: readonly [number, number][] = [
  [0x0a000000, 8], // 10.0.0.0/8
  [0xac100000, 12], // 172.16.0.0/12
  [0xc0a80000, 16], // 192.168.0.0/16
  [0x64400000, 10], // 100.64.0.0/10 shared address space (RFC 6598)
  [0xa9fe0000, 16], // 169.254.0.0/16 link local
  [0x7f000000, 8], // 127.0.0.0/8 loopback
];

/**
 * True when any part of the block is public address space, i.e. the block is not wholly inside a
 * private, shared, link-local or loopback range (10.0.0.0/7 is public: it holds 11.0.0.0/8).
 */
export function isPublic(c: Cidr): boolean {
  const addr = c.text.split('/')[0];
  if (c.version === 4) {
    const n = addr.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    return !PRIVATE_V4.some(([net, len]) => c.prefix >= len && Math.floor(n / 2 ** (32 - len)) === Math.floor(net / 2 ** (32 - len)));
  }
  const words = parseV6(addr, c.text);
  const first = words[0];
  if (c.prefix === 128 && words.slice(0, 7).every((w) => w === 0) && words[7] === 1) return false; // ::1 loopback
  if (c.prefix >= 7 && (first & 0xfe00) === 0xfc00) return false; // fc00::/7 unique local
  if (c.prefix >= 10 && (first & 0xffc0) === 0xfe80) return false; // fe80::/10 link local
  return true;
}

/** The first and last address of a block, as integers (IPv4: 32 bits, IPv6: 128 bits). */
export interface AddressInterval {
  readonly version: IpVersion;
  readonly first: bigint;
  readonly last: bigint;
}

/** The address interval a CIDR covers. */
export function cidrInterval(c: Cidr): AddressInterval {
  // Parsed CIDRs are shared and frozen (see parseCidr): each block's interval is computed once.
  if (!Object.isFrozen(c)) return computeInterval(c);
  let i = intervals.get(c);
  if (!i) {
    i = Object.freeze(computeInterval(c));
    intervals.set(c, i);
  }
  return i;
}
const intervals = new WeakMap<Cidr, AddressInterval>();

function computeInterval(c: Cidr): AddressInterval {
  const addr = c.text.split('/')[0];
  const words = c.version === 4 ? parseV4(addr, c.text) : parseV6(addr, c.text);
  const bits = BigInt(c.version === 4 ? 8 : 16);
  const first = words.reduce((acc, w) => (acc << bits) + BigInt(w), 0n);
  const width = c.version === 4 ? 32 : 128;
  const size = 1n << BigInt(width - c.prefix);
  return { version: c.version, first, last: first + size - 1n };
}

/** An inclusive interval of addresses of one IP version. */
export type Span = readonly [bigint, bigint];

/** Sorted, merged, non-overlapping spans. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1n) {
      if (b > last[1]) last[1] = b;
    } else out.push([a, b]);
  }
  return out;
}

/** `spans` minus `holes`, both merged. */
export function subtractSpans(spans: readonly Span[], holes: readonly Span[]): Span[] {
  let out: Span[] = mergeSpans(spans);
  for (const [h0, h1] of mergeSpans(holes)) {
    const next: Span[] = [];
    for (const [a, b] of out) {
      if (h1 < a || h0 > b) {
        next.push([a, b]);
        continue;
      }
      if (h0 > a) next.push([a, h0 - 1n]);
      if (h1 < b) next.push([h1 + 1n, b]);
    }
    out = next;
  }
  return out;
}

/** `a` intersected with `b`. */
export function intersectSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  return subtractSpans(a, subtractSpans(a, b));
}

export function spanSize(spans: readonly Span[]): bigint {
  return mergeSpans(spans).reduce((n, [a, b]) => n + (b - a + 1n), 0n);
}

function blocks(list: readonly string[]): Span[] {
  return list.map((t) => {
    const i = cidrInterval(parseCidr(t));
    return [i.first, i.last] as const;
  });
}

/**
 * IPv4 space that is not public: "this network", private (RFC 1918), shared (RFC 6598), loopback,
 * link local, IETF protocol assignments, documentation (RFC 5737), benchmarking (RFC 2544),
 * multicast and the reserved class E block with the broadcast address (IANA IPv4 special-purpose
 * address registry).
 */
export const NON_PUBLIC_IPV4: readonly string[] = Object.freeze([
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
]);

/** Public IPv6 space: global unicast 2000::/3 minus documentation 2001:db8::/32 (RFC 3849). */
export const PUBLIC_IPV6: readonly string[] = Object.freeze(['2000::/3']);
export const NON_PUBLIC_IPV6: readonly string[] = Object.freeze(['2001:db8::/32']);

/**
 * IPv6 blocks that carry IPv4 addresses in their low 32 bits and reach IPv4 hosts: IPv4-mapped
 * (::ffff:0:0/96, RFC 4291) and the NAT64 well-known prefix (64:ff9b::/96, RFC 6052). A rule on
 * them is judged by the IPv4 addresses it covers.
 */
export const IPV4_EMBEDDING_IPV6: readonly string[] = Object.freeze(['::ffff:0:0/96', '64:ff9b::/96']);

/** How much public address space a list of ranges covers, by the union of the ranges. */
export interface PublicCoverage {
  /** Public IPv4 addresses covered (IPv4 ranges and IPv4-mapped / NAT64 IPv6 ranges together). */
  readonly ipv4Addresses: bigint;
  /** Share of public IPv4 space covered, 0-1. */
  readonly ipv4Share: number;
  /** Public IPv6 addresses covered (2000::/3 minus documentation space). */
  readonly ipv6Addresses: bigint;
  /** Share of public IPv6 space covered, 0-1. */
  readonly ipv6Share: number;
}

let publicV4: Span[] | undefined;
let publicV6: Span[] | undefined;

/** Public address space as spans, per IP version (see NON_PUBLIC_IPV4, PUBLIC_IPV6). */
export function publicSpans(): { readonly 4: readonly Span[]; readonly 6: readonly Span[] } {
  publicV4 ??= subtractSpans([[0n, (1n << 32n) - 1n]], blocks(NON_PUBLIC_IPV4));
  publicV6 ??= subtractSpans(blocks(PUBLIC_IPV6), blocks(NON_PUBLIC_IPV6));
  return { 4: publicV4, 6: publicV6 };
}

/**
 * The public address space a list of CIDRs covers, exactly: the union of the ranges (overlaps
 * counted once) intersected with public space, by interval arithmetic. IPv4-mapped and NAT64
 * IPv6 ranges count as the IPv4 addresses they embed, so `::ffff:0:0/96` covers all of IPv4.
 * Throws CidrError for an invalid CIDR.
 */
export function publicCoverage(cidrs: readonly string[]): PublicCoverage {
  // Roles repeat the same peer lists on many flows (and every site of an app names its own few):
  // each distinct list is measured once per process.
  const key = cidrs.join(' ');
  let c = coverageCache.get(key);
  if (!c) {
    if (coverageCache.size >= COVERAGE_CACHE_MAX) coverageCache.clear();
    c = Object.freeze(measureCoverage(cidrs));
    coverageCache.set(key, c);
  }
  return c;
}

/** Distinct peer lists measured so far (bounded: cleared when full). */
const coverageCache = new Map<string, PublicCoverage>();
const COVERAGE_CACHE_MAX = 4096;
let embeddingSpans: Span[] | undefined;
let publicSizes: { 4: bigint; 6: bigint } | undefined;

function measureCoverage(cidrs: readonly string[]): PublicCoverage {
  if (allNonPublicV4(cidrs)) return NO_COVERAGE;
  const pub = publicSpans();
  const v4: Span[] = [];
  const v6: Span[] = [];
  const embedding = (embeddingSpans ??= blocks(IPV4_EMBEDDING_IPV6));
  const sizes = (publicSizes ??= { 4: spanSize(pub[4]), 6: spanSize(pub[6]) });
  for (const text of cidrs) {
    const i = cidrInterval(parseCidr(text));
    if (i.version === 4) {
      v4.push([i.first, i.last]);
      continue;
    }
    v6.push([i.first, i.last]);
    for (const [e0, e1] of embedding) {
      const a = i.first > e0 ? i.first : e0;
      const b = i.last < e1 ? i.last : e1;
      if (a <= b) v4.push([a - e0, b - e0]);
    }
  }
  const cover = (mine: Span[], pub: Span[]) => (mine.length === 0 ? 0n : spanSize(subtractSpans(pub, subtractSpans(pub, mine))));
  const a4 = cover(v4, [...pub[4]]);
  const a6 = cover(v6, [...pub[6]]);
  const share = (n: bigint, total: bigint) => Number((n * 1_000_000_000n) / total) / 1e9;
  return { ipv4Addresses: a4, ipv4Share: share(a4, sizes[4]), ipv6Addresses: a6, ipv6Share: share(a6, sizes[6]) };
}

/** What a list within non-public IPv4 space covers (the share of an empty intersection is 0). */
const NO_COVERAGE: PublicCoverage = Object.freeze({ ipv4Addresses: 0n, ipv4Share: 0, ipv6Addresses: 0n, ipv6Share: 0 });
let nonPublicV4: Span[] | undefined;

/** True when every range is IPv4 and lies within one non-public block (most peer lists: private networks). */
function allNonPublicV4(cidrs: readonly string[]): boolean {
  nonPublicV4 ??= mergeSpans(blocks(NON_PUBLIC_IPV4));
  for (const text of cidrs) {
    const i = cidrInterval(parseCidr(text));
    if (i.version !== 4 || !nonPublicV4.some(([a, b]) => a <= i.first && i.last <= b)) return false;
  }
  return true;
}

/**
 * What the guards call "the internet": a peer whose ranges, together, cover at least this many
 * public addresses. IPv4: 2^24, the size of a /8 and 1/256 of all IPv4 space (about 0.4 % of
 * public IPv4): more than any client or partner network a role serves, and the largest unit IANA
 * ever allocated; `0.0.0.0/1 + 128.0.0.0/1` covers all of it. IPv6: 2^104, the size of a /24:
 * larger than the /29-/32 allocations the RIRs make to an organization, and a real share of the
 * space in use (2001::/16 holds most of it).
 */
export const INTERNET_THRESHOLD: { readonly ipv4: bigint; readonly ipv6: bigint } = Object.freeze({ ipv4: 1n << 24n, ipv6: 1n << 104n });

/** True when the ranges together cover what the guards treat as the internet (see INTERNET_THRESHOLD). */
export function coversInternet(cidrs: readonly string[]): boolean {
  return isInternetCoverage(publicCoverage(cidrs));
}

/** True when a coverage reaches what the guards treat as the internet (see INTERNET_THRESHOLD). */
export function isInternetCoverage(c: PublicCoverage): boolean {
  return c.ipv4Addresses >= INTERNET_THRESHOLD.ipv4 || c.ipv6Addresses >= INTERNET_THRESHOLD.ipv6;
}

/** True when a coverage holds any public address. */
export function isPublicCoverage(c: PublicCoverage): boolean {
  return c.ipv4Addresses > 0n || c.ipv6Addresses > 0n;
}

/** Every address: what the peer `'internet'` stands for. */
export const ALL_ADDRESSES: readonly string[] = Object.freeze(['0.0.0.0/0', '::/0']);

/**
 * The public address space several lists cover together: the union of all their ranges (a range
 * in two lists counts once), measured like `publicCoverage`. Lists are measured apart first, so
 * lists wholly within private space cost nothing. Throws CidrError for an invalid CIDR.
 */
export function publicCoverageOfUnion(lists: readonly (readonly string[])[]): PublicCoverage {
  const kept = lists.filter((l) => isPublicCoverage(publicCoverage(l)));
  if (kept.length === 0) return NO_COVERAGE;
  if (kept.length === 1) return publicCoverage(kept[0]);
  return Object.freeze(measureCoverage(kept.flat()));
}

/** Whether an address (IPv4 or IPv6, no prefix) lies within a CIDR. */
export function cidrContains(block: string, address: string): boolean {
  const b = cidrInterval(parseCidr(block));
  const a = cidrInterval(parseCidr(address.includes('/') ? address : `${address}/${address.includes(':') ? 128 : 32}`));
  return a.version === b.version && a.first >= b.first && a.last <= b.last;
}
