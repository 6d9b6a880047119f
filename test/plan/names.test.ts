/**
 * Stage "name" (lib/plan/names.ts): safe, stable names; descriptions that cite every id or count
 * it; unique names per direction; the one rule order.
 */
import fc from 'fast-check';
import { MsPortsError } from '../../lib/model/errors';
import { checkRuleNames, describe as describeIds, fnv1a, peerKey, safeName, sortRules } from '../../lib/plan/names';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';
import type { DraftRule, PlanPeer } from '../../lib/plan/types';
import { role } from './stage-fixtures';

const SAFE = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;

function draft(name: string, extra: Partial<DraftRule> = {}): DraftRule {
  return { name, access: 'allow', direction: 'ingress', peer: { kind: 'internet' }, transport: 'tcp', ports: [], catalogIds: [], contributions: [], priority: 0, description: '', ...extra };
}

describe('names: safeName', () => {
  test('property: any text becomes a name of [A-Za-z0-9_.-], alphanumeric at both ends, within the length, no "--"', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 10, max: 120 }), (raw, max) => {
        const s = safeName(raw, max);
        expect(s).toMatch(SAFE);
        expect(s.length).toBeLessThanOrEqual(max);
        expect(s).not.toContain('--');
        expect(safeName(raw, max)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  test('property: a name that is already safe and short enough is kept as written', () => {
    const safeChar = fc.constantFrom(...'abcxyzABZ019_.-'.split(''));
    const alnum = fc.constantFrom(...'abcxyzABZ019'.split(''));
    fc.assert(
      fc.property(alnum, fc.array(safeChar, { maxLength: 60 }), alnum, (a, mid, z) => {
        const raw = `${a}${mid.join('')}${z}`;
        fc.pre(!raw.includes('--'));
        expect(safeName(raw)).toBe(raw);
      }),
    );
  });

  test('shortened names keep a hash of the whole name: two long names with one prefix stay apart', () => {
    const a = safeName(`in-from-net-${'x'.repeat(100)}-tcp`, 80);
    const b = safeName(`in-from-net-${'x'.repeat(100)}-udp`, 80);
    expect(a.length).toBeLessThanOrEqual(80);
    expect(b.length).toBeLessThanOrEqual(80);
    expect(a).not.toBe(b);
    expect(a.slice(0, 60)).toBe(b.slice(0, 60));
  });

  test('punctuation runs collapse to one dash; nothing left becomes "x"', () => {
    expect(safeName(' a  b//c__ ')).toBe('a-b-c');
    expect(safeName('--//--')).toBe('x');
  });
});

describe('names: fnv1a', () => {
  test('an unsigned 32-bit number, the same for the same text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (t) => {
        const h = fnv1a(t);
        expect(Number.isInteger(h)).toBe(true);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThan(2 ** 32);
        expect(fnv1a(t)).toBe(h);
      }),
    );
  });

  test('names differing in their last characters spread over a priority range (no clustering)', () => {
    const names = Array.from({ length: 200 }, (_, i) => `ingress:in-from-net-peer${i}-${i % 2 ? 'tcp' : 'udp'}`);
    const slots = new Set(names.map((n) => fnv1a(n) % 3900));
    // 200 names over 3900 slots: a uniform hash collides a handful of times at most
    expect(slots.size).toBeGreaterThan(190);
    expect(new Set(names.map(fnv1a)).size).toBe(200);
  });
});

describe('names: describe', () => {
  const lead = fc.string({ unit: fc.constantFrom(...'abc xyz-0123:/'.split('')), minLength: 1, maxLength: 40 });
  const ids = fc.array(fc.string({ unit: fc.constantFrom(...'abcdef.0123456789'.split('')), minLength: 1, maxLength: 24 }), { maxLength: 30 });

  test.each([
    ['Azure', AZURE_PROFILE],
    ['AWS', AWS_PROFILE],
  ])('property (%s): within the length; ids are cited in order, and those left out are counted exactly', (_, profile) => {
    fc.assert(
      fc.property(lead, ids, (l, list) => {
        const out = describeIds(l, list, profile);
        expect(out.length).toBeLessThanOrEqual(profile.descriptionMaxLength);
        const head = l.replace(/\s+/g, ' ').trim();
        if (list.length === 0) {
          expect(out).toBe(head);
          return;
        }
        // The text is "<lead>: <the first k ids>" and, when k < all, " +<the rest> more, see report".
        const forms = list.map((_, i) => {
          const k = i + 1;
          return `${head}: ${list.slice(0, k).join(' ')}${k < list.length ? ` +${list.length - k} more, see report` : ''}`;
        });
        expect(forms).toContain(out);
      }),
      { numRuns: 300 },
    );
  });

  test('characters a cloud refuses in a description are replaced', () => {
    const out = describeIds('in tcp 443 & "quoted" <x>', ['a.b'], AWS_PROFILE);
    expect(out).toMatch(AWS_PROFILE.descriptionCharset);
    expect(out).toBe('in tcp 443 quoted x: a.b');
  });
});

describe('names: peerKey', () => {
  test('one key per peer: kinds never share a key, even for one name', () => {
    const peers: PlanPeer[] = [
      { kind: 'cidrs', name: 'x', cidrs: ['10.0.0.0/8'] },
      { kind: 'role', role: 'x' },
      { kind: 'internet' },
      { kind: 'lb-probe' },
      { kind: 'any' },
    ];
    const keys = peers.map(peerKey);
    expect(new Set(keys).size).toBe(peers.length);
    expect(keys).toEqual(['net-x', 'role-x', 'internet', 'lbprobe', 'any']);
  });
});

describe('names: checkRuleNames and sortRules', () => {
  test('two rules of one direction with one name are refused; one name in both directions is fine', () => {
    expect(() => checkRuleNames(role('a', []), [draft('in-x'), draft('in-x', { direction: 'egress' })])).not.toThrow();
    expect(() => checkRuleNames(role('a', []), [draft('in-x'), draft('in-x')])).toThrow(MsPortsError);
    expect(() => checkRuleNames(role('a', []), [draft('in-x'), draft('in-x')])).toThrow(/stack\/a: two rules would both be named "in-x"/);
  });

  test('property: ingress first, then by priority, then by name, whatever the input order', () => {
    const rule = fc.record({ name: fc.constantFrom('a', 'b', 'c', 'd', 'e'), direction: fc.constantFrom('ingress' as const, 'egress' as const), priority: fc.integer({ min: 100, max: 105 }) });
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 12 }), (spec) => {
        const rules = spec.map((s) => draft(s.name, s));
        const reversed = [...rules].reverse();
        sortRules(rules);
        sortRules(reversed);
        expect(reversed.map((r) => [r.direction, r.priority, r.name])).toEqual(rules.map((r) => [r.direction, r.priority, r.name]));
        for (let i = 1; i < rules.length; i++) {
          const a = rules[i - 1];
          const b = rules[i];
          const rank = (r: DraftRule) => [r.direction === 'ingress' ? 0 : 1, r.priority];
          const [da, pa] = rank(a);
          const [db, pb] = rank(b);
          expect(da < db || (da === db && (pa < pb || (pa === pb && a.name <= b.name)))).toBe(true);
        }
      }),
    );
  });
});
