/**
 * `legacyNetbios` (NetBIOS 137-139 of Net Logon, WINS 137 and WINS replication 42, KB832017) between
 * controller sets of one domain in and outside the cloud. The rule (DomainController): two controller
 * sets of a domain exchange every NetBIOS/WINS row both ways when either of them sets legacyNetbios
 * (an outside set says so with `DomainController.fromAddresses(..., { legacyNetbios: true })`); a
 * member reaches a controller set on the rows it plays (Net Logon 137-139, WINS 137) when that set
 * sets it. Judged by the verifier over the synthesized Terraform on both clouds, against the
 * catalog's rows, and by difference with the same estate without NetBIOS: nothing else changes.
 */
import { WINDOWS_SERVICE_PORTS } from '../../lib/catalog/windows';
import type { PortEntry } from '../../lib/catalog/types';
import type { TerraformJson } from '../../lib/verify';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { thrown } from '../support/errors';
import { CLOUDS, newStack, synthJson, type Cloud } from '../support/stacks';
import { documentedLines, minus, passing, probes, type DocumentedFlow, type Host } from '../support/verify-pairs';

/** The catalog's NetBIOS rows of Net Logon and the WINS rows (KB832017 per-service tables). */
const NETBIOS_ROWS: readonly PortEntry[] = WINDOWS_SERVICE_PORTS.filter((e) => (e.role === 'netlogon' && e.appProtocol.startsWith('NetBIOS')) || e.role === 'wins');
/** What a domain member sends to a controller set with NetBIOS on: the rows whose peers include members. */
const MEMBER_ROWS = NETBIOS_ROWS.filter((e) => e.peers.includes('domain-members'));

const O1: Host = { label: 'O1 (outside)', at: '192.168.10.5', outside: true };
const O2: Host = { label: 'O2 (outside, legacyNetbios)', at: '192.168.30.5', outside: true };
const X1: Host = { label: 'X1 (legacyNetbios)', at: 'dc-x1' };
const X2: Host = { label: 'X2', at: 'dc-x2' };
const FS: Host = { label: 'member', at: 'fs01' };
const HOSTS = [O1, O2, X1, X2, FS];

/** One domain: O1 on-premises (the first set), X1 and X2 in the cloud, O2 on-premises; a member server. */
function estate(cloud: Cloud, netbios: boolean): TerraformJson {
  const { stack, network } = newStack(cloud);
  const o1 = DomainController.fromAddresses(stack, 'o1', { network, name: 'dc-o1', cidrs: ['192.168.10.0/28'] });
  const x1 = new DomainController(stack, 'x1', { network, name: 'dc-x1', sameDomainAs: o1, legacyNetbios: netbios });
  new DomainController(stack, 'x2', { network, name: 'dc-x2', sameDomainAs: o1 });
  DomainController.fromAddresses(stack, 'o2', { network, name: 'dc-o2', cidrs: ['192.168.30.0/28'], sameDomainAs: o1, legacyNetbios: netbios });
  new WindowsServer(stack, 'fs', { network, name: 'fs01', services: ['smb'], domain: x1 });
  return synthJson(stack).json as unknown as TerraformJson;
}

describe.each(CLOUDS)('legacyNetbios with controller sets outside the cloud (%s)', (cloud) => {
  const documented: DocumentedFlow[] = [];
  const both = (a: Host, b: Host) => documented.push({ from: a, to: b, rows: NETBIOS_ROWS }, { from: b, to: a, rows: NETBIOS_ROWS });
  both(X1, O1); // X1 sets it
  both(X1, O2); // both set it
  both(X1, X2); // X1 sets it
  both(X2, O2); // O2 sets it
  // X2 and O1: neither sets it, nothing; O1 and O2: both outside, nothing rendered
  documented.push({ from: FS, to: X1, rows: MEMBER_ROWS }, { from: FS, to: O2, rows: MEMBER_ROWS });

  const on = estate(cloud, true);
  const off = estate(cloud, false);
  const probeList = probes([on, off], documented);
  const expected = documentedLines(documented, probeList);
  const after = passing(on, HOSTS, probeList);
  const before = passing(off, HOSTS, probeList);

  test('the rows come from the catalog: Net Logon 137-139 and WINS 137 and 42', () => {
    expect(NETBIOS_ROWS.map((e) => `${e.transports.join()}/${e.ports.join()}`).sort()).toEqual(['tcp/139', 'tcp/42', 'udp/137', 'udp/137', 'udp/138', 'udp/42']);
    expect(MEMBER_ROWS.map((e) => e.id).sort()).toEqual(['win.netlogon.netbios-dgm.udp.138', 'win.netlogon.netbios-ns.udp.137', 'win.netlogon.netbios-ssn.tcp.139', 'win.wins.netbios-ns.udp.137']);
  });

  test('without legacyNetbios no NetBIOS or WINS port passes (the baseline)', () => {
    expect([...before].filter((l) => expected.has(l))).toEqual([]);
  });

  test('every documented NetBIOS/WINS flow passes, both ways between controller sets', () => {
    expect(minus(expected, after)).toEqual([]);
  });

  test('nothing else is opened (no WINS replication 42 for members), nothing closed', () => {
    expect(minus(after, new Set([...before, ...expected]))).toEqual([]);
    expect(minus(before, after)).toEqual([]);
  });
});

test('fromAddresses checks legacyNetbios like every other prop', () => {
  const { stack, network } = newStack('aws');
  const e = thrown(() => DomainController.fromAddresses(stack, 'o', { network, cidrs: ['192.168.10.0/28'], legacyNetbios: 'yes' as unknown as boolean }));
  expect(e.message).toMatch(/test-aws\/o: .*legacyNetbios.*"yes".*Fix:/);
});
