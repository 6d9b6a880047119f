import fc from 'fast-check';
import { compareText } from '../../lib/model/compare';

const sign = (n: number) => Math.sign(n);
const simple = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789.-/'.split('')), maxLength: 12 });

describe('compareText: the order of localeCompare, with or without the collator', () => {
  test('names of lowercase letters, digits, "-", "." and "/" sort as localeCompare sorts them', () => {
    fc.assert(
      fc.property(simple, simple, (a, b) => {
        expect(sign(compareText(a, b))).toBe(sign(a.localeCompare(b)));
      }),
      { numRuns: 20000 },
    );
    // shared prefixes, where the two orders could part
    fc.assert(
      fc.property(simple, simple, simple, (p, a, b) => {
        expect(sign(compareText(p + a, p + b))).toBe(sign((p + a).localeCompare(p + b)));
      }),
      { numRuns: 5000 },
    );
  });

  test('any other text is compared by localeCompare itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (a, b) => {
        expect(sign(compareText(a, b))).toBe(a === b ? 0 : sign(a.localeCompare(b)));
      }),
      { numRuns: 5000 },
    );
    // where code-unit order and collation differ: case, "_", accents
    expect(sign(compareText('a', 'B'))).toBe(-1);
    expect(sign(compareText('B', 'a'))).toBe(1);
    expect(sign(compareText('a-b', 'a_b'))).toBe(sign('a-b'.localeCompare('a_b')));
    expect(sign(compareText('é', 'f'))).toBe(-1);
    expect(['b', 'A', 'a', 'B', 'a-1', 'a_1', 'a.1'].sort(compareText)).toEqual(['b', 'A', 'a', 'B', 'a-1', 'a_1', 'a.1'].sort((x, y) => x.localeCompare(y)));
  });
});
