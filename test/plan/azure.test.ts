/**
 * Stage "prioritize, fit Azure" (lib/plan/azure.ts): unique priorities from names, not positions;
 * closed NSGs; Azure's limits refused with a fix.
 */
import fc from 'fast-check';
import type { FlowDirection } from '../../lib/model/intent';
import { assignPriorities, azurePriorityRange, denyAll, fitAzure } from '../../lib/plan/azure';
import type { DraftRule } from '../../lib/plan/types';
import { thrown } from '../support/errors';
import { azureOptions, role } from './stage-fixtures';

type Named = { direction: FlowDirection; name: string };

function draft(name: string, direction: FlowDirection = 'ingress'): DraftRule {
  return { name, access: 'allow', direction, peer: { kind: 'internet' }, transport: 'tcp', ports: [{ from: 443, to: 443 }], catalogIds: ['x'], contributions: [], priority: 0, description: 'x' };
}

const names = (prefix: string) => fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { maxLength: 60 }).map((ns) => ns.map((n) => `${prefix}-peer${n}-tcp`));

describe('azure: assignPriorities', () => {
  test('property: unique per direction, within the range, and the same whatever the input order or the other direction', () => {
    fc.assert(
      fc.property(names('in'), names('out'), fc.integer({ min: 100, max: 3000 }), fc.integer({ min: 60, max: 999 }), (ins, outs, from, width) => {
        const to = from + width;
        const rules: Named[] = [...ins.map((name) => ({ direction: 'ingress' as const, name })), ...outs.map((name) => ({ direction: 'egress' as const, name }))];
        const prio = assignPriorities(rules, from, to, 'p');
        for (const direction of ['ingress', 'egress'] as const) {
          const mine = rules.filter((r) => r.direction === direction).map((r) => prio.get(r)!);
          expect(new Set(mine).size).toBe(mine.length);
          expect(mine.every((p) => p >= from && p <= to)).toBe(true);
        }
        const byName = (m: Map<Named, number>) => new Map([...m].map(([r, p]) => [`${r.direction} ${r.name}`, p]));
        // Reversed input: the same priorities.
        expect(byName(assignPriorities([...rules].reverse(), from, to, 'p'))).toEqual(byName(prio));
        // Without the egress rules, the ingress rules keep theirs.
        const onlyIn = byName(assignPriorities(rules.filter((r) => r.direction === 'ingress'), from, to, 'p'));
        for (const [k, p] of onlyIn) expect(byName(prio).get(k)).toBe(p);
      }),
      { numRuns: 100 },
    );
  });

  test('a range holds exactly as many rules of a direction as it has priorities', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ direction: 'ingress' as const, name: `r${i}` }));
    expect([...assignPriorities(ten, 100, 109, 'p').values()].sort((a, b) => a - b)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    const e = thrown(() => assignPriorities([...ten, { direction: 'ingress', name: 'r10' }], 100, 109, 'stack/a'));
    expect(e.path).toBe('stack/a');
    expect(e.problem).toBe('11 ingress rules do not fit priorities 100-109');
  });
});

describe('azure: fitAzure and denyAll', () => {
  test('a role\'s NSG is closed inbound at 4096, outbound too when its egress is declared', () => {
    const rules = [draft('in-a'), draft('out-b', 'egress')];
    fitAzure(role('a', []), rules, azureOptions());
    expect(rules.map((r) => [r.name, r.access, r.direction])).toEqual([
      ['in-a', 'allow', 'ingress'],
      ['out-b', 'allow', 'egress'],
      ['deny-all-inbound', 'deny', 'ingress'],
      ['deny-all-outbound', 'deny', 'egress'],
    ]);
    for (const r of rules.slice(0, 2)) expect(r.priority >= 100 && r.priority <= 3999).toBe(true);
    const open: DraftRule[] = [draft('in-a')];
    fitAzure(role('a', [], { egress: { allowAllReason: 'updates' } }), open, azureOptions());
    expect(open.map((r) => r.name)).toEqual(['in-a', 'deny-all-inbound']);
  });

  test('a group gets no deny rules (its rules live in its members\' NSGs)', () => {
    const rules: DraftRule[] = [];
    fitAzure(role('g', [], { group: true }), rules, azureOptions());
    expect(rules).toEqual([]);
  });

  test('a deny-all rule denies every protocol from any peer at the last priority, citing nothing', () => {
    expect(denyAll('ingress')).toMatchObject({ access: 'deny', peer: { kind: 'any' }, transport: 'all', ports: [], catalogIds: [], contributions: [], priority: 4096 });
    expect(denyAll('egress').description).toMatch(/overrides AllowVnetOutBound/);
  });

  test('the priority range: the default 100-3999, a given one used, an invalid one refused on the network', () => {
    expect(azurePriorityRange(azureOptions())).toEqual({ from: 100, to: 3999 });
    const rules = [draft('in-a'), draft('in-b')];
    fitAzure(role('a', []), rules, azureOptions({ azurePriorityRange: { from: 500, to: 501 } }));
    expect(rules.slice(0, 2).map((r) => r.priority).sort()).toEqual([500, 501]);
    for (const range of [
      { from: 99, to: 200 },
      { from: 100, to: 4000 },
      { from: 300, to: 200 },
    ]) {
      const e = thrown(() => fitAzure(role('a', []), [draft('in-a')], azureOptions({ azurePriorityRange: range })));
      expect(e.path).toBe('stack/net');
      expect(e.problem).toBe(`priorityRange ${range.from}-${range.to} is invalid`);
    }
  });

  test('more than 1000 rules in one NSG are refused, naming the role', () => {
    const rules = Array.from({ length: 500 }, (_, i) => draft(`in-${i}`)).concat(Array.from({ length: 500 }, (_, i) => draft(`out-${i}`, 'egress')));
    const e = thrown(() => fitAzure(role('big', []), rules, azureOptions()));
    expect(e.path).toBe('stack/big');
    expect(e.problem).toBe('the NSG of role "big" needs 1002 rules, over Azure\'s 1000 per NSG');
  });
});
