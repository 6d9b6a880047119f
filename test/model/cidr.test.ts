import fc from 'fast-check';
import { Cidr, cidrBounds, CidrError, cidrListProblem, isPublic, isWholeInternet, parseCidr } from '../../lib/model/cidr';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function expectCidrError(value: string, messagePattern?: RegExp): CidrError {
  let caught: unknown;
  try {
    parseCidr(value);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CidrError);
  const err = caught as CidrError;
  expect(err).toBeInstanceOf(Error);
  expect(err.name).toBe('CidrError');
  expect(err.value).toBe(value);
  expect(err.hint.length).toBeGreaterThan(10);
  expect(err.message).toContain(`"${value}"`);
  expect(err.message).toContain(err.hint);
  if (messagePattern) expect(err.message).toMatch(messagePattern);
  return err;
}

/** The network address suggested by a host-bits error, e.g. "10.30.0.0/16". */
function suggestedNetwork(err: CidrError): string {
  const m = /network address is (\S+)$/.exec(err.hint);
  expect(m).not.toBeNull();
  return m![1];
}

/** Independent model: the address as a BigInt of `bits` bits. */
function v4ToBig(octets: readonly number[]): bigint {
  return octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
}

function v6ToBig(groups: readonly number[]): bigint {
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function hostBitsSet(addr: bigint, bits: number, prefix: number): boolean {
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  return (addr & hostMask) !== 0n;
}

function networkOf(addr: bigint, bits: number, prefix: number): bigint {
  const hostBits = BigInt(bits - prefix);
  return (addr >> hostBits) << hostBits;
}

function bigToV4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 0xffn)).join('.');
}

/** Parses a valid IPv4 or IPv6 address (test-side, used only on module output) into a BigInt. */
function addrToBig(addr: string): bigint {
  if (!addr.includes(':')) return v4ToBig(addr.split('.').map(Number));
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return v6ToBig(groups.map((g) => parseInt(g, 16)));
}

/**
 * Independent model of RFC 5952 section 4: the text form of eight groups, found by trying every
 * "::" placement and keeping the shortest text (ties: the leftmost run), a single zero group never
 * compressed.
 */
function canonicalV6(words: readonly number[]): string {
  let best = words.map((w) => w.toString(16)).join(':');
  for (let len = 8; len >= 2; len--) {
    for (let start = 0; start + len <= 8; start++) {
      if (!words.slice(start, start + len).every((w) => w === 0)) continue;
      const text = `${words.slice(0, start).map((w) => w.toString(16)).join(':')}::${words.slice(start + len).map((w) => w.toString(16)).join(':')}`;
      if (text.length < best.length) best = text;
    }
    if (best.includes('::')) return best;
  }
  return best;
}

function suggestedCanonical(err: CidrError): string {
  const m = /write (\S+)$/.exec(err.hint);
  expect(m).not.toBeNull();
  return m![1];
}

const octet = fc.integer({ min: 0, max: 255 });
const octets = fc.tuple(octet, octet, octet, octet);
const group = fc.integer({ min: 0, max: 0xffff });
const groups = fc.array(group, { minLength: 8, maxLength: 8 });

/** An IPv4 network address with its prefix, host bits cleared. */
const v4Network = fc.tuple(octets, fc.integer({ min: 0, max: 32 })).map(([o, prefix]) => {
  const net = networkOf(v4ToBig(o), 32, prefix);
  return { text: `${bigToV4(net)}/${prefix}`, prefix };
});

// ---------------------------------------------------------------------------
// Valid CIDRs
// ---------------------------------------------------------------------------

describe('parseCidr: valid input', () => {
  it.each<[string, 4 | 6, number]>([
    ['10.30.0.0/16', 4, 16],
    ['0.0.0.0/0', 4, 0],
    ['192.168.1.7/32', 4, 32],
    ['255.255.255.255/32', 4, 32],
    ['172.16.0.0/12', 4, 12],
    ['fd00::/8', 6, 8],
    ['::/0', 6, 0],
    ['2001:db8::/32', 6, 32],
    ['::1/128', 6, 128],
    ['fe80::/10', 6, 10],
    ['2001:db8:1:2:3:4:5:6/128', 6, 128],
    ['2001:db8:0:1:1:1:1:1/128', 6, 128],
    ['1:0:0:1::/128', 6, 128],
  ])('parses %s', (text, version, prefix) => {
    const c = parseCidr(text);
    expect(c).toEqual<Cidr>({ text, version, prefix });
  });
});

// ---------------------------------------------------------------------------
// Invalid CIDRs
// ---------------------------------------------------------------------------

describe('parseCidr: errors', () => {
  it('rejects an octet above 255 and names it', () => {
    const err = expectCidrError('10.0.0.300/16', /octet/);
    expect(err.hint).toContain('"300"');
    expect(err.hint).toContain('0-255');
  });

  it('rejects a missing prefix and says how to add one', () => {
    const err = expectCidrError('10.30.0.0', /prefix length/);
    expect(err.hint).toContain('/32');
  });

  it('rejects an IPv4 prefix above 32', () => {
    expectCidrError('10.30.0.0/33', /0-32/);
  });

  it('rejects an IPv6 prefix above 128', () => {
    expectCidrError('fd00::/129', /0-128/);
  });

  it('rejects host bits and names the network address', () => {
    const err = expectCidrError('10.30.0.1/16', /host bits/);
    expect(err.hint).toContain('10.30.0.0/16');
    expect(suggestedNetwork(err)).toBe('10.30.0.0/16');
  });

  it('rejects IPv4 host bits at a non-octet boundary', () => {
    const err = expectCidrError('172.31.0.0/12', /host bits/);
    expect(suggestedNetwork(err)).toBe('172.16.0.0/12');
  });

  it('rejects IPv6 host bits and suggests a network address that parses', () => {
    const err = expectCidrError('fd00::1/8', /host bits/);
    const suggestion = suggestedNetwork(err);
    expect(suggestion.endsWith('/8')).toBe(true);
    expect(suggestion.startsWith('fd00:')).toBe(true);
    const c = parseCidr(suggestion);
    expect(c.version).toBe(6);
    expect(addrToBig(suggestion.split('/')[0])).toBe(addrToBig('fd00::'));
  });

  it.each([
    ['010.020.0.0/16', '10.20.0.0/16'],
    ['10.0.0.00/24', '10.0.0.0/24'],
    ['10.0.0.0/08', '10.0.0.0/8'],
    ['192.168.001.0/24', '192.168.1.0/24'],
  ])('refuses leading zeros in %s (read as octal by some tools) and names %s', (value, canonical) => {
    const err = expectCidrError(value, /leading zeros/);
    expect(suggestedCanonical(err)).toBe(canonical);
  });

  it.each([
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:db8:0:0:0:0:0:0/32', '2001:db8::/32'],
    ['2001:0db8::/32', '2001:db8::/32'],
    ['2001:db8::1:1:1:1:1/128', '2001:db8:0:1:1:1:1:1/128'],
    ['1:0:0:1:0:0:0:0/128', '1:0:0:1::/128'],
    ['fd00::/08', 'fd00::/8'],
  ])('refuses the non-canonical IPv6 spelling %s and names %s', (value, canonical) => {
    const err = expectCidrError(value, /canonical/);
    expect(suggestedCanonical(err)).toBe(canonical);
  });

  it('rejects an IPv6 address with nine groups', () => {
    expectCidrError('1:2:3:4:5:6:7:8:9/64', /IPv6/);
  });

  it('rejects surrounding whitespace', () => {
    expectCidrError(' 10.0.0.0/8', /prefix length/);
    expectCidrError('10.0.0.0/8 ');
  });

  it.each([
    '',
    '/8',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0/8',
    '10.0.0.0.0/8',
    '10.0..0/8',
    '10.0.0.-1/8',
    '10.0.0.0/-1',
    '10.0.0.0/1a',
    '10.0.0.0/0x8',
    'a.b.c.d/8',
    '10.0.0.0/ 8',
    '1:2:3:4:5:6:7/64',
    '1::2::3/64',
    '1:2:3:4::5:6:7:8/64',
    ':1::/64',
    '12345::/16',
    'g::/16',
    'fd00::/1000',
  ])('rejects %p', (value) => {
    expectCidrError(value);
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

describe('parseCidr (properties)', () => {
  it('accepts an IPv4 address/prefix iff its host bits are zero; otherwise names the network', () => {
    fc.assert(
      fc.property(octets, fc.integer({ min: 0, max: 32 }), (o, prefix) => {
        const text = `${o.join('.')}/${prefix}`;
        const addr = v4ToBig(o);
        if (hostBitsSet(addr, 32, prefix)) {
          const err = expectCidrError(text, /host bits/);
          expect(suggestedNetwork(err)).toBe(`${bigToV4(networkOf(addr, 32, prefix))}/${prefix}`);
        } else {
          expect(parseCidr(text)).toEqual({ text, version: 4, prefix });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every IPv4 network address, whatever the prefix', () => {
    fc.assert(
      fc.property(v4Network, ({ text, prefix }) => {
        expect(parseCidr(text)).toEqual({ text, version: 4, prefix });
      }),
      { numRuns: 500 },
    );
  });

  it('accepts an IPv6 address/prefix iff its host bits are zero; the suggested network parses and is right', () => {
    fc.assert(
      fc.property(groups, fc.integer({ min: 0, max: 128 }), fc.boolean(), (g, prefix, clearHost) => {
        const addr = clearHost ? networkOf(v6ToBig(g), 128, prefix) : v6ToBig(g);
        const words = [...Array(8).keys()].map((i) => Number((addr >> BigInt(16 * (7 - i))) & 0xffffn));
        const text = `${words.map((w) => w.toString(16)).join(':')}/${prefix}`;
        if (hostBitsSet(addr, 128, prefix)) {
          const err = expectCidrError(text, /host bits/);
          const suggestion = suggestedNetwork(err);
          expect(parseCidr(suggestion).prefix).toBe(prefix);
          expect(addrToBig(suggestion.split('/')[0])).toBe(networkOf(addr, 128, prefix));
        } else if (text === `${canonicalV6(words)}/${prefix}`) {
          expect(parseCidr(text)).toEqual({ text, version: 6, prefix });
        } else {
          const err = expectCidrError(text, /canonical/);
          expect(suggestedCanonical(err)).toBe(`${canonicalV6(words)}/${prefix}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('accepts an IPv6 network in exactly one spelling, the canonical one, and names it otherwise', () => {
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 0, maxLength: 7 }),
        fc.integer({ min: 0, max: 128 }),
        (head, prefix) => {
          const full = [...head, ...Array<number>(8 - head.length).fill(0)];
          const compressed = `${head.map((w) => w.toString(16)).join(':')}::/${prefix}`;
          const fullText = `${full.map((w) => w.toString(16)).join(':')}/${prefix}`;
          const ok = !hostBitsSet(v6ToBig(full), 128, prefix);
          const canonical = `${canonicalV6(full)}/${prefix}`;
          for (const text of [compressed, fullText]) {
            if (!ok) expectCidrError(text, /host bits/);
            else if (text === canonical) expect(parseCidr(text)).toEqual({ text, version: 6, prefix });
            else expect(suggestedCanonical(expectCidrError(text, /canonical/))).toBe(canonical);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects every IPv4 prefix above 32 and every octet above 255', () => {
    fc.assert(
      fc.property(octets, fc.integer({ min: 33, max: 999 }), fc.integer({ min: 256, max: 999 }), fc.nat(3), (o, badPrefix, badOctet, at) => {
        expectCidrError(`${o.join('.')}/${badPrefix}`, /0-32/);
        const parts = o.map(String);
        parts[at] = String(badOctet);
        expectCidrError(`${parts.join('.')}/32`, /octet/);
      }),
    );
  });
});

// ---------------------------------------------------------------------------
// isWholeInternet / isPublic
// ---------------------------------------------------------------------------

describe('isWholeInternet', () => {
  it.each(['0.0.0.0/0', '::/0'])('is true for %s', (text) => {
    expect(isWholeInternet(parseCidr(text))).toBe(true);
  });

  it.each(['0.0.0.0/1', '128.0.0.0/1', '10.0.0.0/8', '8.8.8.8/32', '::/1', '2001:db8::/32'])(
    'is false for %s',
    (text) => {
      expect(isWholeInternet(parseCidr(text))).toBe(false);
    },
  );

  it('is true exactly for prefix 0', () => {
    fc.assert(
      fc.property(v4Network, ({ text, prefix }) => {
        expect(isWholeInternet(parseCidr(text))).toBe(prefix === 0);
      }),
    );
  });
});

describe('isPublic', () => {
  it.each([
    '10.0.0.0/8',
    '10.30.0.0/16',
    '172.16.0.0/12',
    '172.31.255.0/24',
    '192.168.0.0/16',
    '192.168.1.7/32',
    '100.64.0.0/10',
    '100.127.0.0/16',
    '169.254.0.0/16',
    '127.0.0.0/8',
    'fd00::/8',
    'fc00::/7',
    'fe80::/10',
  ])('is false for the private/shared/link-local range %s', (text) => {
    expect(isPublic(parseCidr(text))).toBe(false);
  });

  it.each([
    '8.8.8.0/24',
    '0.0.0.0/0',
    '::/0',
    '2001:db8::/32',
    '172.15.0.0/16',
    '172.32.0.0/16',
    '192.169.0.0/16',
    '100.63.0.0/16',
    '100.128.0.0/16',
    '11.0.0.0/8',
    '2606:4700::/32',
  ])('is true for %s', (text) => {
    expect(isPublic(parseCidr(text))).toBe(true);
  });

  it('is false for every network inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and 100.64.0.0/10', () => {
    const blocks: [number, number, number][] = [
      // [first octet, second-octet min, second-octet max]
      [10, 0, 255],
      [172, 16, 31],
      [192, 168, 168],
      [100, 64, 127],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...blocks).chain(([a, lo, hi]) =>
          fc.tuple(fc.constant(a), fc.integer({ min: lo, max: hi }), octet, octet, fc.integer({ min: 16, max: 32 })),
        ),
        ([a, b, c, d, prefix]) => {
          const net = networkOf(v4ToBig([a, b, c, d]), 32, prefix);
          expect(isPublic(parseCidr(`${bigToV4(net)}/${prefix}`))).toBe(false);
        },
      ),
    );
  });

  it('agrees with a containment model for IPv4 networks of prefix 0-8 or 16-32', () => {
    // Non-public IPv4 blocks handled by the module: [network, prefix].
    const privateBlocks: [string, number][] = [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['100.64.0.0', 10],
      ['169.254.0.0', 16],
      ['127.0.0.0', 8],
    ];
    const inside = (net: bigint, prefix: number) =>
      privateBlocks.some(([b, bp]) => prefix >= bp && networkOf(net, 32, bp) === addrToBig(b));
    fc.assert(
      fc.property(
        fc.oneof(octets, fc.tuple(fc.constantFrom(10, 100, 127, 169, 172, 192), octet, octet, octet)),
        fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 16, max: 32 })),
        (o, prefix) => {
          const net = networkOf(v4ToBig(o), 32, prefix);
          expect(isPublic(parseCidr(`${bigToV4(net)}/${prefix}`))).toBe(!inside(net, prefix));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is true for a supernet that reaches beyond a private block (as for 0.0.0.0/0 and 172.0.0.0/8)', () => {
    // 172.0.0.0/8 and 10.0.0.0/7 contain private space but are public because they are not inside it;
    // 192.168.0.0/15 also holds 192.169.0.0/16 and 169.254.0.0/15 also holds 169.255.0.0/16, both public.
    expect(['172.0.0.0/8', '10.0.0.0/7', '192.168.0.0/15', '169.254.0.0/15'].map((t) => isPublic(parseCidr(t)))).toEqual(
      [true, true, true, true],
    );
  });

  it('is false for every network inside fc00::/7', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0xfc00, max: 0xfdff }), fc.integer({ min: 16, max: 128 }), (first, prefix) => {
        expect(isPublic(parseCidr(`${first.toString(16)}::/${prefix}`))).toBe(false);
      }),
    );
  });
});

describe('cidrListProblem', () => {
  /** The definition, pair by pair: the first block (in list order) that repeats an earlier one or lies within another, against the first such other. */
  function byPairs(cidrs: readonly Cidr[]) {
    for (let i = 0; i < cidrs.length; i++) {
      for (let j = 0; j < cidrs.length; j++) {
        if (i === j || cidrs[i].version !== cidrs[j].version) continue;
        const a = cidrBounds(cidrs[i]);
        const b = cidrBounds(cidrs[j]);
        if (a.first === b.first && a.last === b.last) {
          if (j < i) return { value: cidrs[i].text, other: cidrs[j].text, kind: 'duplicate' };
          continue;
        }
        if (a.first >= b.first && a.last <= b.last) return { value: cidrs[i].text, other: cidrs[j].text, kind: 'contained' };
      }
    }
    return undefined;
  }

  test('finds what the pairwise definition finds, on random lists of nesting, repeating, mixed-family blocks', () => {
    const v4 = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 20, max: 26 })).map(([a, b, p]) => parseCidr(`${canonicalV4(`10.${a}.${b * 4}.0`, p)}/${p}`));
    const v6 = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 46, max: 48 })).map(([a, p]) => parseCidr(`2001:db8:${a === 0 ? '' : (a * 4).toString(16)}::/${p}`.replace('db8:::', 'db8::')));
    fc.assert(
      fc.property(fc.array(fc.oneof(v4, v4, v6), { maxLength: 12 }), (list) => {
        expect(cidrListProblem(list)).toEqual(byPairs(list));
      }),
      { numRuns: 400 },
    );
  });

  test('names the first problem in list order', () => {
    const list = ['10.0.0.0/24', '10.1.0.0/16', '10.0.0.0/24', '10.1.2.0/24', '10.0.0.0/8'].map(parseCidr);
    expect(cidrListProblem(list)).toEqual({ value: '10.0.0.0/24', other: '10.0.0.0/8', kind: 'contained' });
    expect(cidrListProblem(list.slice(0, 4))).toEqual({ value: '10.0.0.0/24', other: '10.0.0.0/24', kind: 'duplicate' });
    expect(cidrListProblem(list.slice(0, 2))).toBeUndefined();
  });

  test('a list of thousands of blocks is judged without comparing every pair (an NSG takes 4,000)', () => {
    const list = Array.from({ length: 20000 }, (_, i) => parseCidr(`10.${Math.floor(i / 256) % 256}.${i % 256}.0/24`));
    const started = Date.now();
    expect(cidrListProblem(list)).toBeUndefined();
    expect(cidrListProblem([...list, parseCidr('10.7.0.0/16')])).toEqual({ value: '10.7.0.0/24', other: '10.7.0.0/16', kind: 'contained' });
    // pair by pair this took minutes (400 million bound computations); the sweep takes well under a second
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/** The network address of a.b.c.0 with prefix p (host bits cleared), as parseCidr wants it. */
function canonicalV4(net: string, p: number): string {
  const n = net.split('.').map(Number).reduce((acc, x) => acc * 256 + x, 0);
  const mask = p === 0 ? 0 : Math.floor(n / 2 ** (32 - p)) * 2 ** (32 - p);
  return [mask >>> 24, (mask >>> 16) & 255, (mask >>> 8) & 255, mask & 255].join('.');
}
