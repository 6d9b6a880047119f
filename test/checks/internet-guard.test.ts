/** The internet guard judges a peer by the public address space its ranges cover together (issue 12). */
import { coversInternet, publicCoverage, INTERNET_THRESHOLD } from '../../lib/model/cidr';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { PstnGateway } from '../../lib/skype/outside';
import { CLOUDS, newStack, synthJson } from '../support/stacks';
import { thrown } from '../support/errors';


describe('publicCoverage: exact, by the union of ranges', () => {
  test('two halves of IPv4 cover all of public IPv4, like 0.0.0.0/0', () => {
    const split = publicCoverage(['0.0.0.0/1', '128.0.0.0/1']);
    const whole = publicCoverage(['0.0.0.0/0']);
    expect(split).toEqual(whole);
    expect(split.ipv4Share).toBe(1);
    // 2^32 minus the special-purpose blocks (0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
    // 192.0.0/24, 192.0.2/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4, 240/4)
    const reserved = 3 * 2 ** 24 + 2 ** 22 + 2 ** 16 + 2 ** 20 + 2 * 2 ** 8 + 2 ** 16 + 2 ** 17 + 2 * 2 ** 8 + 2 * 2 ** 28;
    expect(split.ipv4Addresses).toBe(BigInt(2 ** 32 - reserved));
  });

  test('overlaps count once; private space counts for nothing', () => {
    expect(publicCoverage(['11.0.0.0/8', '11.0.0.0/9', '11.128.0.0/9']).ipv4Addresses).toBe(1n << 24n);
    expect(publicCoverage(['10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12', 'fd00::/8']).ipv4Addresses).toBe(0n);
    expect(publicCoverage(['10.0.0.0/7']).ipv4Addresses).toBe(1n << 24n); // 11.0.0.0/8 is public
  });

  test('IPv4-mapped and NAT64 IPv6 ranges count as the IPv4 addresses they embed', () => {
    expect(publicCoverage(['::ffff:0:0/96']).ipv4Share).toBe(1);
    expect(publicCoverage(['64:ff9b::/96']).ipv4Share).toBe(1);
    expect(publicCoverage(['::ffff:0:0/97']).ipv4Addresses).toBe(publicCoverage(['0.0.0.0/1']).ipv4Addresses);
    expect(publicCoverage(['::ffff:0:0/96']).ipv6Addresses).toBe(0n);
  });

  test('IPv6: global unicast minus documentation space', () => {
    expect(publicCoverage(['::/0']).ipv6Share).toBe(1);
    expect(publicCoverage(['2000::/4', '3000::/4']).ipv6Share).toBe(1);
    expect(publicCoverage(['2001:db8::/32']).ipv6Addresses).toBe(0n);
    expect(publicCoverage(['fc00::/7', 'fe80::/10']).ipv6Addresses).toBe(0n);
  });

  test('the threshold: a /8 of public IPv4 or a /24 of public IPv6 is the internet; less is not', () => {
    expect(INTERNET_THRESHOLD.ipv4).toBe(1n << 24n);
    expect(coversInternet(['11.0.0.0/8'])).toBe(true);
    expect(coversInternet(['11.0.0.0/9', '12.0.0.0/9'])).toBe(true); // two halves of a /8's worth
    expect(coversInternet(['11.0.0.0/9'])).toBe(false);
    expect(coversInternet(['203.0.113.0/24', '198.51.100.0/24', '10.0.0.0/8'])).toBe(false);
    expect(coversInternet(['2001::/24'])).toBe(true);
    expect(coversInternet(['2001:4860::/32'])).toBe(false);
    expect(coversInternet(['::ffff:0:0/104'])).toBe(false); // 0.0.0.0/8 embedded: not public
    expect(coversInternet(['::ffff:b00:0/104'])).toBe(true); // 11.0.0.0/8 embedded
  });
});

describe.each(CLOUDS)('the guard on every peer (%s)', (cloud) => {
  test('admins split in two halves on a DomainController: refused, naming admins and the management ports', () => {
    const b = newStack(cloud);
    new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], admins: ['0.0.0.0/1', '128.0.0.0/1'] });
    const e = thrown(() => synthJson(b.stack));
    expect(e.path).toBe('test-' + cloud + '/dc');
    expect(e.problem).toMatch(/^\[MSP-INTERNET-MGMT\] management port\(s\) 3389,5985-5986 .*admins admits 0\.0\.0\.0\/1, 128\.0\.0\.0\/1 \(together all of public IPv4 space\)/);
    expect(e.fix).toMatch(/admins/);
  });

  test('clients split in two halves on a FrontEndPool: refused, naming clients', () => {
    const b = newStack(cloud);
    new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['0.0.0.0/1', '128.0.0.0/1'] });
    const e = thrown(() => synthJson(b.stack));
    expect(e.problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] clients is 0\.0\.0\.0\/1, 128\.0\.0\.0\/1 .*would admit the internet to Skype for Business Front End pool "fe-pool1", which is not internet-facing/);
    expect(e.fix).toMatch(/name the networks in clients/);
    expect(e.code).toBe('MSP-INTERNET-EXPOSURE');
  });

  test.each([
    ['reverseProxy', { reverseProxy: ['::/1', '8000::/1'] }],
    ['servers', { servers: ['::ffff:0:0/96'] }],
    ['pstnGateways', { collocatedMediation: true, pstnGateways: ['64:ff9b::/96'] }],
  ])('%s covering the internet (IPv6, IPv4-mapped, NAT64) is refused by its prop name', (prop, extra) => {
    const b = newStack(cloud);
    new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['10.30.0.0/16'], ...extra });
    const e = thrown(() => synthJson(b.stack));
    expect(e.problem).toMatch(new RegExp(`^\\[MSP-INTERNET-(EXPOSURE|MGMT)\\] (${prop} is |management port.*: ${prop} admits )`));
  });

  test('allowFrom and allowTo: named by the call and label; egress says "would reach"', () => {
    const b = newStack(cloud);
    const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] });
    fs.allowTo(['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/1'], 443, { label: 'updates' });
    const e = thrown(() => synthJson(b.stack));
    expect(e.problem).toMatch(/allowTo\(\.\.\., \{ label: 'updates' \}\) is .* would reach the internet from/);
    expect(e.problem).not.toMatch(/would admit/);

    const b2 = newStack(cloud);
    const fs2 = new WindowsServer(b2.stack, 'fs', { network: b2.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] });
    fs2.allowFrom(['::ffff:0:0/96'], 3389, { label: 'rdp' });
    expect(thrown(() => synthJson(b2.stack)).problem).toMatch(/MSP-INTERNET-MGMT.*management port\(s\) 3389.*allowFrom\(\.\.\., \{ label: 'rdp' \}\)/);
  });

  test('narrow public ranges and private ranges pass; a justification passes and is reported', () => {
    const b = newStack(cloud);
    const fe = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['10.30.0.0/16', '203.0.113.0/24', '2001:db8:1::/48'] });
    fe.allowFrom(['0.0.0.0/1', '128.0.0.0/1'], 443, { label: 'web', justification: 'public meeting join page, reviewed 2026-01' });
    expect(() => synthJson(b.stack)).not.toThrow();
    const checks = b.network.plan().checks!;
    expect(checks.findings.filter((f) => f.check === 'MSP-JUSTIFIED').map((f) => f.problem)).toEqual([
      'justified on purpose: allowFrom(..., { label: \'web\' }) ingress tcp 443: "public meeting join page, reviewed 2026-01"',
    ]);
  });
});

describe.each(CLOUDS)('outside roles (%s)', (cloud) => {
  test('a PSTN gateway declared by addresses that cover the internet is refused where it is wired in', () => {
    const b = newStack(cloud);
    const gw = PstnGateway.fromAddresses(b.stack, 'gw', { network: b.network, name: 'pstn-sbc', cidrs: ['0.0.0.0/1', '128.0.0.0/1'] });
    new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['10.30.0.0/16'], collocatedMediation: true, pstnGateways: gw });
    const e = thrown(() => synthJson(b.stack));
    expect(e.path).toBe(`test-${cloud}/fe`);
    expect(e.problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] outside role "pstn-sbc" is 0\.0\.0\.0\/1, 128\.0\.0\.0\/1 \(together all of public IPv4 space\)/);
  });
});
