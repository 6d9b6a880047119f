/**
 * Issue 23, "a justification is words": every written reason (a flow's justification, a suppression's
 * reason, allowAllEgress.reason, internetJustification, allProtocolsJustification) is judged by one
 * rule (lib/checks/reason.ts): trimmed, at least 10 characters, at least one letter, not one
 * character repeated, in the set both clouds accept in descriptions. The error names the prop.
 * Before, ten spaces or ten "a" passed as a reason everywhere (the tests marked "accepted before").
 */
import { MessengerEgress } from '../../lib/egress/messenger';
import { reasonProblem } from '../../lib/checks/reason';
import type { Flow, RoleIntent } from '../../lib/model/intent';
import { parsePorts } from '../../lib/model/ports';
import { planNetwork } from '../../lib/plan/planner';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';
import { WindowsServer } from '../../lib/windows/windows-server';
import { thrown } from '../support/errors';
import { CLOUDS, newStack, synthJson } from '../support/stacks';

/** Not reasons: accepted before (they match the old 10-120 characters pattern), refused now. */
const NOT_WORDS: readonly [string, RegExp][] = [
  ['          ', /it is only spaces/],
  ['aaaaaaaaaa', /it is one character repeated \("a"\)/],
  ['a a a a a a a', /it is one character repeated \("a"\)/],
  ['----------', /it is one character repeated \("-"\)/],
  ['1234567890', /it holds no letter/],
  ['   short   ', /it has 5 characters; a reason needs at least 10/],
];

describe('reasonProblem: the one rule', () => {
  test.each(NOT_WORDS)('%j is not a written reason', (text, why) => {
    expect(reasonProblem(text)?.why).toMatch(why);
    expect(reasonProblem(text)?.characters).toBe(false);
  });
  test.each([
    ['PPTP & friends to the lab', /holds "&"/],
    ['x'.repeat(60) + 'y'.repeat(61), /121 characters; at most 120/],
  ])('%j cannot go into a description', (text, why) => {
    expect(reasonProblem(text)).toEqual({ why: expect.stringMatching(why), characters: true });
  });
  test.each([undefined, null, 42, {}])('%p is not text', (v) => {
    expect(reasonProblem(v)?.why).toMatch(/not text/);
  });
  test.each(['partner SBC, CAB-1234', 'lab only (torn down nightly)', 'ab ab ab ab'])('%j is a written reason', (text) => {
    expect(reasonProblem(text)).toBeUndefined();
  });
});

describe.each(CLOUDS)('every prop that takes a reason, on a construct (%s)', (cloud) => {
  const fs = () => {
    const b = newStack(cloud);
    return { b, fs: new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] }) };
  };

  test.each(NOT_WORDS)('allowFrom justification %j: refused at the call, naming the call (accepted before)', (text, why) => {
    const { fs: s } = fs();
    const e = thrown(() => s.allowFrom('0.0.0.0/0', 3389, { label: 'rdp', justification: text }));
    expect(e.problem).toBe(`the justification of allowFrom(..., { label: 'rdp' }) "${text}" cannot go into a rule description: it is not a written reason (${reasonProblem(text)!.why})`);
    expect(e.problem).toMatch(why);
    expect(e.fix).toMatch(/write in words why, in 10-120 characters/);
  });

  test('an empty justification is refused, not read as "no justification"', () => {
    const { fs: s } = fs();
    expect(thrown(() => s.allowTo('52.1.2.0/24', 445, { label: 'smb', justification: '' })).problem).toMatch(/the justification of allowTo\(\.\.\., \{ label: 'smb' \}\) "" .*it is empty/);
  });

  test.each(NOT_WORDS)('allowAllEgress.reason %j: refused, naming the prop (accepted before)', (text) => {
    const b = newStack(cloud);
    const e = thrown(() => new WindowsServer(b.stack, 'fs', { network: b.network, services: ['smb'], clients: ['10.20.0.0/16'], allowAllEgress: { reason: text } }));
    expect(e.problem).toMatch(/^allowAllEgress\.reason ".*" cannot go into a rule description: it is not a written reason/);
  });

  test.each(NOT_WORDS)('a suppression reason %j: refused, naming the check (accepted before)', (text) => {
    const { fs: s } = fs();
    expect(thrown(() => s.suppress('MSP-INTERNET-EXPOSURE', text)).problem).toMatch(/^the reason for suppressing MSP-INTERNET-EXPOSURE ".*" cannot go into a rule description: it is not a written reason/);
  });

  test.each(NOT_WORDS)('MessengerEgress internetJustification %j: refused, naming the prop (accepted before)', (text) => {
    const b = newStack(cloud);
    const e = thrown(() => new MessengerEgress(b.stack, 'm', { network: b.network, from: ['10.30.0.0/16'], firewall: false, features: ['sign-in'], internetJustification: text }));
    expect(e.problem).toMatch(/^internetJustification ".*" cannot go into a rule description: it is not a written reason/);
  });

  test.each(NOT_WORDS)('WindowsServer allProtocolsJustification %j: refused, naming the prop (accepted before)', (text) => {
    const b = newStack(cloud);
    const e = thrown(() => new WindowsServer(b.stack, 'vpn', { network: b.network, services: ['rras'], clients: ['10.40.0.0/16'], allProtocolsJustification: text }));
    expect(e.problem).toMatch(/^allProtocolsJustification ".*" cannot go into a rule description: it is not a written reason/);
  });

  test('a good reason with spaces around it is kept trimmed: in the report and in the rule descriptions (kept as written before)', () => {
    const { b, fs: s } = fs();
    s.allowFrom('0.0.0.0/0', 443, { label: 'web', justification: '  public download page, CAB-91  ' });
    const { text } = synthJson(b.stack);
    expect(b.network.plan().checks!.findings.map((f) => f.problem)).toEqual([`justified on purpose: allowFrom(..., { label: 'web' }) ingress tcp 443: "public download page, CAB-91"`]);
    expect(text).toContain('justified: public download page, CAB-91');
    expect(text).not.toContain('  public download page');
  });
});

describe.each(CLOUDS)('intents built by hand get the same rule (%s)', (cloud) => {
  const internet: Flow = { direction: 'ingress', peer: { kind: 'internet' }, transport: 'tcp', ports: parsePorts(['443']), catalogIds: ['custom:web'], purpose: 'web' };
  const role = (flows: Flow[], extra: Partial<RoleIntent> = {}): RoleIntent => ({ name: 'web', path: 'stack/web', kind: 'test role', internetFacing: false, flows, listeners: [], ipsec: [], skipped: [], egress: 'declared', ...extra });
  const plan = (r: RoleIntent) => planNetwork([r], { profile: cloud === 'azure' ? AZURE_PROFILE : AWS_PROFILE, path: 'stack/net' });

  test('a flow justified with ten spaces is refused, not let through to the internet (let through before)', () => {
    const e = thrown(() => plan(role([{ ...internet, justification: '          ' }])));
    expect(e.path).toBe('stack/web');
    expect(e.problem).toMatch(/^the justification of allowFrom\(\.\.\., \{ label: 'web' \}\) \(ingress tcp 443\) "          " cannot go into a rule description: it is not a written reason \(it is only spaces\)/);
  });

  test('allow-all egress and suppressions with ten "a": refused (accepted before)', () => {
    const lan: Flow = { ...internet, peer: { kind: 'cidrs', name: 'lan', cidrs: ['10.0.0.0/16'] }, catalogIds: ['test.lan'] };
    expect(thrown(() => plan(role([lan], { egress: { allowAllReason: 'aaaaaaaaaa' } }))).problem).toMatch(/^allowAllEgress\.reason "aaaaaaaaaa" .*one character repeated/);
    expect(thrown(() => plan(role([{ ...lan, direction: 'egress' }], { suppressions: [{ id: 'MSP-UNREACHABLE', reason: 'aaaaaaaaaa' }] }))).problem).toMatch(/^the reason for suppressing MSP-UNREACHABLE "aaaaaaaaaa" .*one character repeated/);
  });
});
