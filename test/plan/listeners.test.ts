/**
 * Stage "listeners" (lib/plan/listeners.ts): unique load-balanced ports within the cloud's limit,
 * one order, the probe port.
 */
import fc from 'fast-check';
import type { Listener } from '../../lib/model/intent';
import { checkListeners, probePortOf, sortListeners } from '../../lib/plan/listeners';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';
import { thrown } from '../support/errors';
import { role } from './stage-fixtures';

const listener = (port: number, transport: 'tcp' | 'udp' = 'tcp', frontend?: string): Listener => ({ port, transport, catalogIds: [`lb.${port}`], purpose: 'p', ...(frontend ? { frontend } : {}) });

describe('listeners: checks', () => {
  test('a port is listed once per transport and frontend', () => {
    expect(() => checkListeners(role('edge', [], { listeners: [listener(443), listener(443, 'udp'), listener(443, 'tcp', 'av'), listener(443, 'tcp', 'webconf')] }), AWS_PROFILE)).not.toThrow();
    expect(thrown(() => checkListeners(role('fe', [], { listeners: [listener(443), listener(443)] }), AWS_PROFILE)).problem).toBe('load balancer port tcp/443 is listed twice');
    expect(thrown(() => checkListeners(role('edge', [], { listeners: [listener(443, 'tcp', 'av'), listener(443, 'tcp', 'av')] }), AWS_PROFILE)).problem).toBe('load balancer port tcp/443 on frontend av is listed twice');
  });

  test('AWS takes 50 listeners per NLB and not one more; Azure more', () => {
    const many = (n: number) => role('fe', [], { listeners: Array.from({ length: n }, (_, i) => listener(1000 + i)) });
    expect(() => checkListeners(many(50), AWS_PROFILE)).not.toThrow();
    const e = thrown(() => checkListeners(many(51), AWS_PROFILE));
    expect(e.path).toBe('stack/fe');
    expect(e.problem).toBe('51 load-balanced ports exceed the NLB limit of 50 listeners (not adjustable)');
    expect(() => checkListeners(many(51), AZURE_PROFILE)).not.toThrow();
  });
});

describe('listeners: order and probe port', () => {
  const arbitrary = fc.uniqueArray(
    fc.record({ port: fc.integer({ min: 1, max: 20 }), transport: fc.constantFrom('tcp' as const, 'udp' as const), frontend: fc.constantFrom(undefined, 'a', 'b') }),
    { selector: (l) => `${l.port} ${l.transport} ${l.frontend}`, maxLength: 20 },
  );

  test('property: the sorted list keeps every listener, by port, then transport, then frontend, whatever the input order', () => {
    fc.assert(
      fc.property(arbitrary, (specs) => {
        const list = specs.map((s) => listener(s.port, s.transport, s.frontend));
        const out = sortListeners(list);
        expect(out).not.toBe(list);
        expect(sortListeners([...list].reverse())).toEqual(out);
        expect([...out].sort((a, b) => list.indexOf(a) - list.indexOf(b))).toEqual(list);
        for (let i = 1; i < out.length; i++) {
          const [a, b] = [out[i - 1], out[i]];
          const ka = [a.port, a.transport, a.frontend ?? ''];
          const kb = [b.port, b.transport, b.frontend ?? ''];
          expect(ka[0] < kb[0] || (ka[0] === kb[0] && (ka[1] < kb[1] || (ka[1] === kb[1] && ka[2] < kb[2])))).toBe(true);
        }
      }),
    );
  });

  test('the probe port: the role\'s own, else the lowest listener port; none without listeners', () => {
    const listeners = [listener(5061), listener(443)];
    expect(probePortOf(role('fe', [], { listeners }), sortListeners(listeners))).toBe(443);
    expect(probePortOf(role('fe', [], { listeners, probePort: 5061 }), sortListeners(listeners))).toBe(5061);
    expect(probePortOf(role('fe', []), [])).toBeUndefined();
  });
});
