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
    const net = v6 ? network.map((w) => w.toString(16)).join(':') : network.join('.');
    throw new CidrError(value, `host bits are set; the network address is ${net}/${prefix}`);
  }
  return { text: value, version: v6 ? 6 : 4, prefix };
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
