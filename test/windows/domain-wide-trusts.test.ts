/**
 * A trust (KB179442) is between domains: every controller set of the trusting domain (the declaring
 * set, sets declared `sameDomainAs` it, in the cloud or outside by addresses) and every controller
 * set of the trusted domain exchange the trust rows, both ways; `trustOptions` apply to every such
 * pair. Judged by the verifier over the synthesized Terraform on both clouds, against the catalog's
 * KB179442 rows, and by difference with the same estate without the trust: nothing else changes.
 */
import { AD_TRUST_PORTS, AD_TRUST_PPTP_PORTS } from '../../lib/catalog/windows-trusts';
import type { PortEntry } from '../../lib/catalog/types';
import type { TerraformJson } from '../../lib/verify';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { CLOUDS, newStack, synthJson, type Cloud } from '../support/stacks';
import { documentedLines, minus, passing, probes, type DocumentedFlow, type Host } from '../support/verify-pairs';

/** KB179442's rows that hold with time sync and trust creation on (optional rows stay off; no PPTP tunnel). */
function trustRows(conditions: ReadonlySet<string>): PortEntry[] {
  return [...AD_TRUST_PORTS, ...AD_TRUST_PPTP_PORTS].filter((e) => e.requirement === 'required' || (e.requirement === 'conditional' && e.condition !== undefined && conditions.has(e.condition)));
}

const A0: Host = { label: 'A0 (outside)', at: '192.168.10.5', outside: true };
const A1: Host = { label: 'A1', at: 'dc-a1' };
const A2: Host = { label: 'A2', at: 'dc-a2' };
const FS_A: Host = { label: 'member of A', at: 'fs-a' };
const B1: Host = { label: 'B1', at: 'dc-b1' };
const B2: Host = { label: 'B2 (outside)', at: '192.168.20.5', outside: true };
const FS_B: Host = { label: 'member of B', at: 'fs-b' };
const C: Host = { label: 'C (trust by address)', at: '10.9.0.5', outside: true };
const HOSTS = [A0, A1, A2, FS_A, B1, B2, FS_B, C];

/**
 * Domain A: controllers on-premises (A0, the first set), A1 in the cloud (declares the trust with
 * domain B and the trust options), A2 in the cloud (declares a trust with domain C, known only by
 * address). Domain B: B1 in the cloud, B2 on-premises. One member server in each domain.
 */
function estate(cloud: Cloud, trusts: boolean): TerraformJson {
  const { stack, network } = newStack(cloud);
  const b1 = new DomainController(stack, 'b1', { network, name: 'dc-b1' });
  DomainController.fromAddresses(stack, 'b2', { network, name: 'dc-b2', cidrs: ['192.168.20.0/28'], sameDomainAs: b1 });
  const a0 = DomainController.fromAddresses(stack, 'a0', { network, name: 'dc-a0', cidrs: ['192.168.10.0/28'] });
  const a1 = new DomainController(stack, 'a1', { network, name: 'dc-a1', sameDomainAs: a0, ...(trusts ? { trusts: [b1], trustOptions: { timeSync: true, creation: true } } : {}) });
  new DomainController(stack, 'a2', { network, name: 'dc-a2', sameDomainAs: a0, ...(trusts ? { trusts: ['10.9.0.0/24'] } : {}) });
  new WindowsServer(stack, 'fs-a', { network, name: 'fs-a', services: ['smb'], domain: a1 });
  new WindowsServer(stack, 'fs-b', { network, name: 'fs-b', services: ['smb'], domain: b1 });
  return synthJson(stack).json as unknown as TerraformJson;
}

describe.each(CLOUDS)('trusts reach every controller set of both domains (%s)', (cloud) => {
  const rows = trustRows(new Set(['trust-time-sync', 'trust-creation']));
  const pairs: [Host, Host][] = [];
  for (const a of [A0, A1, A2]) for (const b of [B1, B2, C]) pairs.push([a, b], [b, a]);
  const documented: DocumentedFlow[] = pairs.map(([from, to]) => ({ from, to, rows }));

  const withTrusts = estate(cloud, true);
  const without = estate(cloud, false);
  const probeList = probes([withTrusts, without], documented);
  const expected = documentedLines(documented, probeList);
  const after = passing(withTrusts, HOSTS, probeList);
  const before = passing(without, HOSTS, probeList);

  test('the rows are read from the catalog: both conditional rows and ICMP are among them', () => {
    expect(rows.map((e) => e.id)).toEqual(expect.arrayContaining(['trust.w32time.udp.123', 'trust.smb.tcp.445', 'trust.icmp', 'trust.kerberos.tcp.88']));
    expect(rows.map((e) => e.id)).not.toContain('trust.pptp.tcp.1723');
    // A0 > C and C > A0 are outside-to-outside (nothing to render); every other pair is judged
    expect(expected.size).toBeGreaterThan(0);
    for (const [from, to] of pairs) if (!(from.outside && to.outside)) expect([...expected].some((l) => l.startsWith(`${from.label} > ${to.label} `))).toBe(true);
  });

  test('without the trusts, no trust row passes between the domains (the baseline)', () => {
    expect([...before].filter((l) => expected.has(l))).toEqual([]);
  });

  test('every documented trust flow passes, both ways, for every pair of controller sets', () => {
    expect(minus(expected, after)).toEqual([]);
  });

  test('nothing else is opened, and nothing that passed before is closed', () => {
    const union = new Set([...before, ...expected]);
    expect(minus(after, union)).toEqual([]);
    expect(minus(before, after)).toEqual([]);
  });
});

/** Every line between two groups of hosts (either way), for exact comparison across domains. */
const across = (lines: ReadonlySet<string>, a: readonly Host[], b: readonly Host[]) =>
  new Set([...lines].filter((l) => a.some((x) => b.some((y) => l.startsWith(`${x.label} > ${y.label} `) || l.startsWith(`${y.label} > ${x.label} `)))));

describe.each(CLOUDS)('trusts and sets declared in any order, options per pair of domains (%s)', (cloud) => {
  const host = (n: string): Host => ({ label: n, at: n });
  const both = (a: readonly Host[], b: readonly Host[], rows: readonly PortEntry[]) => a.flatMap((x) => b.flatMap((y) => [{ from: x, to: y, rows }, { from: y, to: x, rows }]));

  test('a set added to either domain after the trust takes part in it', () => {
    const { stack, network } = newStack(cloud);
    const a1 = new DomainController(stack, 'a1', { network, name: 'dc-a1' });
    const b1 = new DomainController(stack, 'b1', { network, name: 'dc-b1' });
    a1.addTrust(b1);
    new DomainController(stack, 'b3', { network, name: 'dc-b3', sameDomainAs: b1 });
    new DomainController(stack, 'a2', { network, name: 'dc-a2', sameDomainAs: a1 });
    const json = synthJson(stack).json as unknown as TerraformJson;
    const a = [host('dc-a1'), host('dc-a2')];
    const b = [host('dc-b1'), host('dc-b3')];
    const documented = both(a, b, trustRows(new Set()));
    const probeList = probes([json], documented);
    expect([...across(passing(json, [...a, ...b], probeList), a, b)].sort()).toEqual([...documentedLines(documented, probeList)].sort());
  });

  test('trustOptions hold for the trusts of the domain that sets them: on the group where every domain in it has them, else per set', () => {
    // A trusts B and C; only C sets time sync: 123/udp between A and C both ways, not between A and B.
    const { stack, network } = newStack(cloud);
    const a1 = new DomainController(stack, 'a1', { network, name: 'dc-a1' });
    const b1 = new DomainController(stack, 'b1', { network, name: 'dc-b1' });
    const c1 = new DomainController(stack, 'c1', { network, name: 'dc-c1', trustOptions: { timeSync: true } });
    a1.addTrust(b1);
    c1.addTrust(a1);
    const json = synthJson(stack).json as unknown as TerraformJson;
    const [a, b, c] = [[host('dc-a1')], [host('dc-b1')], [host('dc-c1')]];
    const documented = [...both(a, b, trustRows(new Set())), ...both(a, c, trustRows(new Set(['trust-time-sync'])))];
    const probeList = probes([json], documented);
    const got = passing(json, [...a, ...b, ...c], probeList);
    const expected = documentedLines(documented, probeList);
    expect([...across(got, a, [...b, ...c])].sort()).toEqual([...expected].sort());
    expect([...across(got, b, c)]).toEqual([]); // B and C have no trust with each other
    expect(expected.has('dc-c1 > dc-a1 udp/123') && expected.has('dc-a1 > dc-c1 udp/123') && !expected.has('dc-a1 > dc-b1 udp/123')).toBe(true);
  });

  test('a set cannot trust its own domain', () => {
    const { stack, network } = newStack(cloud);
    const a1 = new DomainController(stack, 'a1', { network, name: 'dc-a1' });
    const a2 = new DomainController(stack, 'a2', { network, name: 'dc-a2', sameDomainAs: a1 });
    expect(() => a2.addTrust(a1)).toThrow(/test-\w+\/a2: test-\w+\/a1 is a controller set of its own domain.*Fix: name the controllers of another domain/);
    expect(() => new DomainController(stack, 'a3', { network, name: 'dc-a3', sameDomainAs: a1, trusts: [a2] })).toThrow(/test-\w+\/a3: .*own domain/);
  });
});
