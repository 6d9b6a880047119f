import fc from 'fast-check';
import {
  compact,
  contains,
  formatPorts,
  formatRange,
  intersect,
  MAX_PORT,
  MIN_PORT,
  normalize,
  parsePortRange,
  parsePorts,
  PortRange,
  PortSpecError,
  range,
  samePorts,
  size,
  subtract,
  union,
} from '../../lib/model/ports';

// ---------------------------------------------------------------------------
// Helpers: a brute-force Set model and fast-check arbitraries
// ---------------------------------------------------------------------------

/** Every port of the ranges, as a Set (only used with small ranges, so it stays cheap). */
function toSet(ranges: readonly PortRange[]): Set<number> {
  const s = new Set<number>();
  for (const r of ranges) for (let p = r.from; p <= r.to; p++) s.add(p);
  return s;
}

function sortedPorts(s: Set<number>): number[] {
  return [...s].sort((a, b) => a - b);
}

function setUnion(a: Set<number>, b: Set<number>): Set<number> {
  return new Set([...a, ...b]);
}

function setIntersect(a: Set<number>, b: Set<number>): Set<number> {
  return new Set([...a].filter((p) => b.has(p)));
}

function setSubtract(a: Set<number>, b: Set<number>): Set<number> {
  return new Set([...a].filter((p) => !b.has(p)));
}

function isSubset(inner: Set<number>, outer: Set<number>): boolean {
  return [...inner].every((p) => outer.has(p));
}

/** The canonical (normalized) ranges of a port set, built independently of the module. */
function rangesOf(s: Set<number>): PortRange[] {
  const out: { from: number; to: number }[] = [];
  for (const p of sortedPorts(s)) {
    const last = out[out.length - 1];
    if (last && p === last.to + 1) last.to = p;
    else out.push({ from: p, to: p });
  }
  return out;
}

/** Asserts the list is sorted, every range is valid, and consecutive ranges have a gap of at least one port. */
function expectCanonical(ranges: readonly PortRange[]): void {
  for (const r of ranges) {
    expect(Number.isInteger(r.from)).toBe(true);
    expect(Number.isInteger(r.to)).toBe(true);
    expect(r.from).toBeGreaterThanOrEqual(MIN_PORT);
    expect(r.to).toBeLessThanOrEqual(MAX_PORT);
    expect(r.from).toBeLessThanOrEqual(r.to);
  }
  for (let i = 1; i < ranges.length; i++) {
    // not overlapping and not adjacent: at least one port lies between them
    expect(ranges[i].from).toBeGreaterThan(ranges[i - 1].to + 1);
  }
}

/** Just the numbers, so toEqual does not depend on object identity or extra fields. */
function plain(ranges: readonly PortRange[]): [number, number][] {
  return ranges.map((r) => [r.from, r.to]);
}

/** A small universe (ports 1..300) so overlaps, adjacency and containment happen often. */
const SMALL_MAX = 300;
const smallRange: fc.Arbitrary<PortRange> = fc
  .tuple(fc.integer({ min: MIN_PORT, max: SMALL_MAX }), fc.integer({ min: 0, max: 40 }))
  .map(([from, width]) => ({ from, to: Math.min(SMALL_MAX, from + width) }));
const smallList = fc.array(smallRange, { maxLength: 12 });

/**
 * Short ranges anywhere in 1..65535, biased towards the ends of the port space
 * (1 and 65535) so boundary handling is exercised too.
 */
const anyStart = fc.oneof(
  fc.integer({ min: MIN_PORT, max: MIN_PORT + 60 }),
  fc.integer({ min: MIN_PORT, max: MAX_PORT }),
  fc.integer({ min: MAX_PORT - 60, max: MAX_PORT }),
);
const wideRange: fc.Arbitrary<PortRange> = fc
  .tuple(anyStart, fc.integer({ min: 0, max: 60 }))
  .map(([from, width]) => ({ from, to: Math.min(MAX_PORT, from + width) }));
const wideList = fc.array(wideRange, { maxLength: 10 });

/** Both kinds of lists. */
const anyList = fc.oneof(smallList, wideList);

const RUNS = { numRuns: 300 };

function expectPortSpecError(fn: () => unknown, value: string, hintPattern?: RegExp): PortSpecError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(PortSpecError);
  const err = caught as PortSpecError;
  expect(err).toBeInstanceOf(Error);
  expect(err.name).toBe('PortSpecError');
  expect(err.value).toBe(value);
  expect(err.hint.length).toBeGreaterThan(10);
  expect(err.message).toContain(`"${value}"`);
  expect(err.message).toContain(err.hint);
  if (hintPattern) expect(err.hint).toMatch(hintPattern);
  return err;
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

describe('parsePortRange', () => {
  it.each<[string | number, number, number]>([
    ['5061', 5061, 5061],
    [' 5061 ', 5061, 5061],
    ['49152-65535', 49152, 65535],
    [' 49152 - 65535 ', 49152, 65535],
    ['1', 1, 1],
    ['65535', 65535, 65535],
    ['1-65535', 1, 65535],
    ['5061-5061', 5061, 5061],
    [443, 443, 443],
    [1, 1, 1],
    [65535, 65535, 65535],
  ])('parses %p as %i-%i', (spec, from, to) => {
    expect(parsePortRange(spec)).toEqual({ from, to });
  });

  it('rejects 0 and says which ports are valid', () => {
    expectPortSpecError(() => parsePortRange('0'), '0', /1 to 65535/);
    expectPortSpecError(() => parsePortRange(0), '0', /1 to 65535/);
  });

  it.each(['70000', '65536'])('rejects %s as out of range', (spec) => {
    expectPortSpecError(() => parsePortRange(spec), spec, /1 to 65535/);
  });

  it('rejects a range whose end is out of range', () => {
    expectPortSpecError(() => parsePortRange('49152-65536'), '49152-65536', /1 to 65535/);
  });

  it('rejects a reversed range and suggests the correct order', () => {
    const err = expectPortSpecError(() => parsePortRange('5062-5061'), '5062-5061', /backwards/);
    expect(err.hint).toContain('5061-5062');
  });

  it.each(['', '   ', 'abc', '1-2-3', '5061,5062', '5061-', '-5061', '50 61', '0x10', '1e3', '5061.0', '1234567'])(
    'rejects the malformed spec %p with a hint showing the accepted forms',
    (spec) => {
      const err = expectPortSpecError(() => parsePortRange(spec), spec);
      expect(err.hint).toContain('5061');
      expect(err.hint).toContain('49152-65535');
    },
  );

  it.each([1.5, -1, 0, 65536, 70000, Infinity, -Infinity])('rejects the number %p', (n) => {
    expectPortSpecError(() => parsePortRange(n), `${n}`, /whole numbers from 1 to 65535/);
  });

  it('rejects NaN', () => {
    // (the reported value is "NaN-NaN" because NaN !== NaN; only the error and hint are checked)
    expect(() => parsePortRange(NaN)).toThrow(PortSpecError);
    expect(() => parsePortRange(NaN)).toThrow(/whole numbers from 1 to 65535/);
  });

  it('accepts every valid port written as a string or a number', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_PORT, max: MAX_PORT }), (p) => {
        expect(parsePortRange(p)).toEqual({ from: p, to: p });
        expect(parsePortRange(String(p))).toEqual({ from: p, to: p });
      }),
    );
  });

  it('accepts every ordered pair as a range and rejects every reversed pair with the swapped hint', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_PORT, max: MAX_PORT }),
        fc.integer({ min: MIN_PORT, max: MAX_PORT }),
        (a, b) => {
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          expect(parsePortRange(`${lo}-${hi}`)).toEqual({ from: lo, to: hi });
          if (lo !== hi) {
            const err = expectPortSpecError(() => parsePortRange(`${hi}-${lo}`), `${hi}-${lo}`);
            expect(err.hint).toContain(`${lo}-${hi}`);
          }
        },
      ),
    );
  });

  it('rejects every integer outside 1..65535', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: MAX_PORT + 1, max: 999_999 })),
        (n) => {
          expect(() => parsePortRange(n)).toThrow(PortSpecError);
          if (n >= 0) expect(() => parsePortRange(String(n))).toThrow(PortSpecError);
        },
      ),
    );
  });
});

describe('range', () => {
  it('defaults `to` to `from`', () => {
    expect(range(5061)).toEqual({ from: 5061, to: 5061 });
  });

  it('validates both ends and the order', () => {
    expectPortSpecError(() => range(0, 10), '0-10');
    expectPortSpecError(() => range(10, 70000), '10-70000');
    expectPortSpecError(() => range(1.5), '1.5');
    const err = expectPortSpecError(() => range(200, 100), '200-100', /backwards/);
    expect(err.hint).toContain('100-200');
  });
});

describe('parsePorts', () => {
  it('parses and normalizes a mixed list', () => {
    expect(plain(parsePorts(['5062', 5061, ' 5063-5070 ', '443', '80-90', '85-100']))).toEqual([
      [80, 100],
      [443, 443],
      [5061, 5070],
    ]);
  });

  it('returns an empty set for an empty list', () => {
    expect(parsePorts([])).toEqual([]);
  });

  it('fails on the first bad spec', () => {
    expectPortSpecError(() => parsePorts(['80', '0', 'abc']), '0');
  });
});

// ---------------------------------------------------------------------------
// Concrete examples
// ---------------------------------------------------------------------------

describe('concrete examples', () => {
  it('union merges adjacent ranges without widening', () => {
    const u = union([range(49152, 57500)], [range(57501, 65535)]);
    expect(plain(u)).toEqual([[49152, 65535]]);
    expect(size(u)).toBe(65535 - 49152 + 1);
  });

  it('union keeps ranges separated by one port apart', () => {
    expect(plain(union([range(100, 199)], [range(201, 300)]))).toEqual([
      [100, 199],
      [201, 300],
    ]);
  });

  it('subtracting the dynamic range from everything leaves 1-49151', () => {
    expect(plain(subtract([range(1, 65535)], [range(49152, 65535)]))).toEqual([[1, 49151]]);
  });

  it('subtracting a hole splits a range in two', () => {
    expect(plain(subtract([range(1, 65535)], [range(5061)]))).toEqual([
      [1, 5060],
      [5062, 65535],
    ]);
  });

  it('subtracting everything leaves nothing', () => {
    expect(subtract([range(80), range(443)], [range(1, 65535)])).toEqual([]);
  });

  it('intersect of disjoint sets is empty, of nested sets is the inner one', () => {
    expect(intersect([range(1, 100)], [range(101, 200)])).toEqual([]);
    expect(plain(intersect([range(1, 65535)], [range(5061, 5062), range(443)]))).toEqual([
      [443, 443],
      [5061, 5062],
    ]);
  });

  it('size counts ports once', () => {
    expect(size([])).toBe(0);
    expect(size([range(1, 65535)])).toBe(65535);
    expect(size([range(1, 10), range(5, 15)])).toBe(15);
  });

  it('contains handles the empty set and the whole space', () => {
    expect(contains([range(1, 65535)], [range(1), range(65535)])).toBe(true);
    expect(contains([], [])).toBe(true);
    expect(contains([range(80)], [])).toBe(true);
    expect(contains([], [range(80)])).toBe(false);
    expect(contains([range(80, 90)], [range(85, 91)])).toBe(false);
  });

  it('formats ranges and lists', () => {
    expect(formatRange(range(5061))).toBe('5061');
    expect(formatRange(range(49152, 65535))).toBe('49152-65535');
    expect(formatPorts([range(80), range(443), range(49152, 65535)])).toBe('80,443,49152-65535');
    expect(formatPorts([])).toBe('');
  });

  it('samePorts compares sets, not representations', () => {
    expect(samePorts([range(1, 5), range(6, 10)], [range(1, 10)])).toBe(true);
    expect(samePorts([range(1, 10)], [range(1, 9)])).toBe(false);
    expect(samePorts([], [])).toBe(true);
  });

  it('compact is normalize', () => {
    expect(compact).toBe(normalize);
  });

  it('normalize does not mutate its input', () => {
    const input = [range(10, 20), range(1, 5), range(15, 30)];
    const copy = input.map((r) => ({ ...r }));
    normalize(input);
    expect(input).toEqual(copy);
  });

  it('normalize returns new objects, so mutating the result does not touch the input', () => {
    const input = [{ from: 1, to: 5 }];
    const out = normalize(input) as { from: number; to: number }[];
    out[0].to = 99;
    expect(input[0].to).toBe(5);
  });
});

// ---------------------------------------------------------------------------
// Properties against the Set model
// ---------------------------------------------------------------------------

describe('normalize (properties)', () => {
  it('holds exactly the same ports: never widens, never loses a port', () => {
    fc.assert(
      fc.property(anyList, (rs) => {
        const n = normalize(rs);
        expect(sortedPorts(toSet(n))).toEqual(sortedPorts(toSet(rs)));
      }),
      RUNS,
    );
  });

  it('is sorted, non-overlapping and non-adjacent', () => {
    fc.assert(
      fc.property(anyList, (rs) => {
        expectCanonical(normalize(rs));
      }),
      RUNS,
    );
  });

  it('equals the canonical ranges of the Set model (so equal sets have one representation)', () => {
    fc.assert(
      fc.property(anyList, (rs) => {
        expect(plain(normalize(rs))).toEqual(plain(rangesOf(toSet(rs))));
      }),
      RUNS,
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyList, (rs) => {
        const once = normalize(rs);
        expect(plain(normalize(once))).toEqual(plain(once));
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(
        anyList.chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length }))),
        ([rs, shuffled]) => {
          expect(plain(normalize(shuffled))).toEqual(plain(normalize(rs)));
        },
      ),
      RUNS,
    );
  });
});

describe('set operations (properties)', () => {
  it('union agrees with the Set model and is canonical', () => {
    fc.assert(
      fc.property(anyList, anyList, (a, b) => {
        const u = union(a, b);
        expectCanonical(u);
        expect(sortedPorts(toSet(u))).toEqual(sortedPorts(setUnion(toSet(a), toSet(b))));
      }),
      RUNS,
    );
  });

  it('intersect agrees with the Set model and is canonical', () => {
    fc.assert(
      fc.property(anyList, anyList, (a, b) => {
        const i = intersect(a, b);
        expectCanonical(i);
        expect(sortedPorts(toSet(i))).toEqual(sortedPorts(setIntersect(toSet(a), toSet(b))));
      }),
      RUNS,
    );
  });

  it('subtract agrees with the Set model and is canonical', () => {
    fc.assert(
      fc.property(anyList, anyList, (a, b) => {
        const d = subtract(a, b);
        expectCanonical(d);
        expect(sortedPorts(toSet(d))).toEqual(sortedPorts(setSubtract(toSet(a), toSet(b))));
      }),
      RUNS,
    );
  });

  it('results equal the canonical form of the Set model result', () => {
    fc.assert(
      fc.property(smallList, smallList, (a, b) => {
        const A = toSet(a);
        const B = toSet(b);
        expect(plain(union(a, b))).toEqual(plain(rangesOf(setUnion(A, B))));
        expect(plain(intersect(a, b))).toEqual(plain(rangesOf(setIntersect(A, B))));
        expect(plain(subtract(a, b))).toEqual(plain(rangesOf(setSubtract(A, B))));
      }),
      RUNS,
    );
  });

  it('subtract(a, b) ∪ intersect(a, b) == normalize(a), and the two parts are disjoint', () => {
    fc.assert(
      fc.property(anyList, anyList, (a, b) => {
        const d = subtract(a, b);
        const i = intersect(a, b);
        expect(plain(union(d, i))).toEqual(plain(normalize(a)));
        expect(intersect(d, i)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('union and intersect are commutative', () => {
    fc.assert(
      fc.property(anyList, anyList, (a, b) => {
        expect(plain(union(a, b))).toEqual(plain(union(b, a)));
        expect(plain(intersect(a, b))).toEqual(plain(intersect(b, a)));
      }),
      RUNS,
    );
  });

  it('size equals the size of the Set model', () => {
    fc.assert(
      fc.property(anyList, (rs) => {
        expect(size(rs)).toBe(toSet(rs).size);
      }),
      RUNS,
    );
  });

  it('contains(a, b) iff the ports of b are a subset of the ports of a', () => {
    fc.assert(
      fc.property(anyList, anyList, (a, b) => {
        expect(contains(a, b)).toBe(isSubset(toSet(b), toSet(a)));
      }),
      RUNS,
    );
  });

  it('contains holds for a subset built from a (so the true case is exercised often)', () => {
    fc.assert(
      fc.property(anyList, anyList, (a, b) => {
        const inner = intersect(a, b);
        expect(contains(a, inner)).toBe(true);
        expect(contains(a, a)).toBe(true);
        expect(contains(union(a, b), a)).toBe(true);
      }),
      RUNS,
    );
  });

  it('samePorts(a, b) iff the Set models are equal', () => {
    fc.assert(
      fc.property(smallList, smallList, (a, b) => {
        const A = toSet(a);
        const B = toSet(b);
        const equal = A.size === B.size && isSubset(A, B);
        expect(samePorts(a, b)).toBe(equal);
        expect(samePorts(a, [...a].reverse())).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('formatting (properties)', () => {
  it('formatPorts then parsePorts round-trips a normalized set', () => {
    fc.assert(
      fc.property(anyList, (rs) => {
        const n = normalize(rs);
        fc.pre(n.length > 0); // formatPorts([]) is "", which is not a port spec
        const text = formatPorts(n);
        expect(text).toMatch(/^\d+(-\d+)?(,\d+(-\d+)?)*$/);
        expect(plain(parsePorts(text.split(',')))).toEqual(plain(n));
      }),
      RUNS,
    );
  });

  it('parsePorts of the formatted ranges equals normalize of the ranges', () => {
    fc.assert(
      fc.property(anyList, (rs) => {
        expect(plain(parsePorts(rs.map(formatRange)))).toEqual(plain(normalize(rs)));
      }),
      RUNS,
    );
  });

  it('formatRange then parsePortRange round-trips one range', () => {
    fc.assert(
      fc.property(wideRange, (r) => {
        expect(parsePortRange(formatRange(r))).toEqual({ from: r.from, to: r.to });
      }),
      RUNS,
    );
  });
});
