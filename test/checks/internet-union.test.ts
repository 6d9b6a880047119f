/**
 * Issue 23, "the internet, judged on what a role admits in total": per role, direction and port, the
 * union of every address admitted or reached through every path (props, allowFrom/allowTo, outside
 * roles, trusts, joined groups, egress constructs) is judged; a public range on a management port
 * needs a written reason at any size; internet-facing roles face the internet on their documented
 * rows only. Every test in the first three blocks passed silently before (no error was raised).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import { checkSourceAddresses } from '../../lib/checks/sources';
import { Office365Egress } from '../../lib/egress/office365';
import { cidrInterval, parseCidr, publicCoverage, INTERNET_THRESHOLD } from '../../lib/model/cidr';
import type { Flow, Peer, RoleIntent } from '../../lib/model/intent';
import { parsePorts } from '../../lib/model/ports';
import { planNetwork } from '../../lib/plan/planner';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';
import { EdgeServer } from '../../lib/skype/edge';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { ReverseProxy } from '../../lib/skype/reverse-proxy';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { thrown } from '../support/errors';
import { CLOUDS, newStack, synthJson, type Cloud } from '../support/stacks';

/** Every public /9 of 11.0.0.0-99.255.255.255 (none of them private or reserved). */
const NINES = Array.from({ length: 89 }, (_, i) => [`${11 + i}.0.0.0/9`, `${11 + i}.128.0.0/9`]).flat();

const fileServer = (b: ReturnType<typeof newStack>) => new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] });

describe.each(CLOUDS)('the internet given in pieces is judged as what it adds up to (%s)', (cloud) => {
  test('two allowFrom calls of one /9 each on RDP: together a /8, refused as the internet, naming both calls', () => {
    const b = newStack(cloud);
    const fs = fileServer(b);
    fs.allowFrom('11.0.0.0/9', 3389, { label: 'rdp-a' });
    fs.allowFrom('11.128.0.0/9', 3389, { label: 'rdp-b' });
    const e = thrown(() => synthJson(b.stack));
    expect(e.code).toBe('MSP-INTERNET-MGMT');
    // (the second error: the same /8 is the internet on a role that is not internet-facing)
    expect(e.problem).toBe(
      "[MSP-INTERNET-MGMT] management port(s) 3389 (custom rule rdp-a; custom rule rdp-b) would be open to the internet: allowFrom(..., { label: 'rdp-a' }) (11.0.0.0/9) and allowFrom(..., { label: 'rdp-b' }) (11.128.0.0/9) together admit 0.453 % of public IPv4 space (and 1 more error finding)",
    );
    expect(e.fix).toMatch(/allowFrom\(\.\.\., \{ label: 'rdp-a' \}\), allowFrom\(\.\.\., \{ label: 'rdp-b' \}\)/);
  });

  test('178 allowFrom calls of one /9 each on 443: refused as the internet, the first four named and the rest counted', () => {
    const b = newStack(cloud);
    const fs = fileServer(b);
    NINES.forEach((c, i) => fs.allowFrom(c, 443, { label: `web-${i}` }));
    const e = thrown(() => synthJson(b.stack));
    expect(e.code).toBe('MSP-INTERNET-EXPOSURE');
    expect(e.problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] allowFrom\(\.\.\., \{ label: 'web-0' \}\) \(11\.0\.0\.0\/9\), allowFrom\(\.\.\., \{ label: 'web-1' \}\) \(11\.128\.0\.0\/9\), allowFrom\(\.\.\., \{ label: 'web-2' \}\) \(12\.0\.0\.0\/9\), allowFrom\(\.\.\., \{ label: 'web-3' \}\) \(12\.128\.0\.0\/9\) and 174 more together cover 40\.3 % of public IPv4 space: .*\(tcp 443\) would admit the internet to Windows Server \(smb\) "fs01", which is not internet-facing$/);
    expect(e.fix).toMatch(/less than a \/8 of public IPv4 .* on ports that are not management ports \(e\.g\. a partner's public \/16 on 443\)/);
  });

  test('egress in pieces: two allowTo calls of one /9 each say "would reach"', () => {
    const b = newStack(cloud);
    const fs = fileServer(b);
    fs.allowTo(['11.0.0.0/9'], 443, { label: 'updates-a' });
    fs.allowTo(['11.128.0.0/9'], 443, { label: 'updates-b' });
    expect(thrown(() => synthJson(b.stack)).problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] allowTo\(\.\.\., \{ label: 'updates-a' \}\) \(11\.0\.0\.0\/9\) and allowTo\(\.\.\., \{ label: 'updates-b' \}\) \(11\.128\.0\.0\/9\) together cover .* would reach the internet from/);
  });

  test('a role prop and allowFrom together: clients /9 plus allowFrom /9 on one of the client ports', () => {
    const b = newStack(cloud);
    const fe = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['10.30.0.0/16', '11.0.0.0/9'] });
    fe.allowFrom('11.128.0.0/9', 443, { label: 'partners' });
    const e = thrown(() => synthJson(b.stack));
    expect(e.problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] clients \(10\.30\.0\.0\/16, 11\.0\.0\.0\/9\) and allowFrom\(\.\.\., \{ label: 'partners' \}\) \(11\.128\.0\.0\/9\) together cover 0\.453 % of public IPv4 space: .*\(tcp 443\) would admit the internet to Skype for Business Front End pool "fe-pool1"/);
  });

  test('trusts: a CIDR and an outside controller set, each a /9, reach RPC and LDAP from a /8 together', () => {
    const b = newStack(cloud);
    const partner = DomainController.fromAddresses(b.stack, 'partner', { network: b.network, name: 'dc-partner', cidrs: ['20.128.0.0/9'] });
    new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], trusts: ['20.0.0.0/9', partner] });
    // (the partner domain's members group reaches its controllers' public /9 on LDAP and RPC: a finding of its own)
    partner.members.suppress('MSP-PUBLIC-MGMT', 'partner members are not in this cloud, test only');
    const e = thrown(() => synthJson(b.stack));
    expect(e.path).toBe(`test-${cloud}/dc`);
    expect(e.problem).toMatch(/^\[MSP-INTERNET-MGMT\] management port\(s\) [0-9,-]*135[0-9,-]*389.* would be open to the internet: trusts \(20\.0\.0\.0\/9\) and outside role "dc-partner" \(20\.128\.0\.0\/9\) together admit 0\.453 % of public IPv4 space/);
    expect(e.problem).toMatch(/49152-65535/); // the dynamic RPC range of the trust is a management port too
  });

  test('a joined group: an egress construct\'s Microsoft 365 ranges and the member\'s own allowTo add up to a /8 on 443', () => {
    const b = newStack(cloud);
    const fs = fileServer(b);
    new Office365Egress(b.stack, 'o365', { network: b.network, name: 'o365', from: [fs], firewall: false, serviceAreas: ['exchange'] });
    // 40.0.0.0/8 without 40.96.0.0/13 (Exchange Online's range, endpoint set 1, which the group carries on 443)
    const rest = ['40.0.0.0/10', '40.64.0.0/11', '40.104.0.0/13', '40.112.0.0/12', '40.128.0.0/9'];
    expect(publicCoverage(rest).ipv4Addresses).toBeLessThan(INTERNET_THRESHOLD.ipv4);
    fs.allowTo(rest, 443, { label: 'mirrors' });
    const e = thrown(() => synthJson(b.stack));
    expect(e.path).toBe(`test-${cloud}/fs`);
    expect(e.problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] .*allowTo\(\.\.\., \{ label: 'mirrors' \}\) \(40\.0\.0\.0\/10, .*\).* of group "o365" .*together cover .* would reach the internet from Windows Server \(smb\) "fs01"/s);
  });
});

describe.each(CLOUDS)('management ports take no public range without a written reason, at any size (%s)', (cloud) => {
  test('a public /24 of admins on RDP and WinRM: refused by MSP-PUBLIC-MGMT, which says what is allowed below the threshold', () => {
    const b = newStack(cloud);
    new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], admins: ['20.1.2.0/24'] });
    const e = thrown(() => synthJson(b.stack));
    expect(e.code).toBe('MSP-PUBLIC-MGMT');
    expect(e.problem).toMatch(/^\[MSP-PUBLIC-MGMT\] admins admits 20\.1\.2\.0\/24 \(together 256 public IPv4 addresses\) on management port\(s\) tcp\/udp 3389,5985-5986 .* of Active Directory domain controllers "dc-corp": less than the internet, but management ports \(RDP 3389, .*\) take no public range without a written justification \(allowed without a justification: public ranges .* on ports that are not management ports/);
    expect(e.fix).toMatch(/admins.*or suppress MSP-PUBLIC-MGMT on the role with a written reason$/);
  });

  test('the same admins, suppressed with a written reason: synthesized, and the report keeps the reason', () => {
    const b = newStack(cloud);
    const dc = new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], admins: ['20.1.2.0/24'] });
    dc.suppress('MSP-PUBLIC-MGMT', 'admin office NAT address, VPN retired in CAB-88');
    synthJson(b.stack);
    expect(b.network.plan().checks!.findings).toEqual([expect.objectContaining({ check: 'MSP-PUBLIC-MGMT', status: 'suppressed', reason: 'admin office NAT address, VPN retired in CAB-88' })]);
  });

  test('SMB out to one public /28 from a file server: refused; with a justification it passes and is reported', () => {
    const b = newStack(cloud);
    fileServer(b).allowTo('52.10.20.16/28', 445, { label: 'partner-smb' });
    expect(thrown(() => synthJson(b.stack)).problem).toMatch(/^\[MSP-PUBLIC-MGMT\] allowTo\(\.\.\., \{ label: 'partner-smb' \}\) reaches 52\.10\.20\.16\/28 .* on management port\(s\) tcp 445/);
    const ok = newStack(cloud);
    fileServer(ok).allowTo('52.10.20.16/28', 445, { label: 'partner-smb', justification: 'partner scanner share, contract 2026-07' });
    synthJson(ok.stack);
    expect(ok.network.plan().checks!.findings.map((f) => f.check)).toEqual(['MSP-JUSTIFIED']);
  });

  test('a custom rule on the dynamic RPC range of a controller is RPC: a public /24 there is refused', () => {
    const b = newStack(cloud);
    const dc = new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'] });
    dc.allowFrom('20.1.2.0/24', '50000-50100', { label: 'app' });
    expect(thrown(() => synthJson(b.stack)).problem).toMatch(/^\[MSP-PUBLIC-MGMT\] allowFrom\(\.\.\., \{ label: 'app' \}\) admits 20\.1\.2\.0\/24 .* on management port\(s\) tcp 50000-50100/);
  });
});

describe.each(CLOUDS)('internet-facing by design only on the documented rows (%s)', (cloud) => {
  const site = (b: ReturnType<typeof newStack>) => {
    const fe = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['10.30.0.0/16'] });
    const edge = new EdgeServer(b.stack, 'edge', { network: b.network, name: 'edge1', nextHop: fe, loadBalancing: 'single' });
    const rp = new ReverseProxy(b.stack, 'rp', { network: b.network, name: 'rp1', pools: [fe] });
    return { fe, edge, rp };
  };

  test('the Edge external interface and the reverse proxy on their rows alone: no finding', () => {
    const b = newStack(cloud);
    site(b);
    synthJson(b.stack);
    expect(b.network.plan().checks!.findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  test('an allowFrom of another port from the internet on the Edge external interface is refused', () => {
    const b = newStack(cloud);
    site(b).edge.external!.allowFrom('internet', 8443, { label: 'extra' });
    const e = thrown(() => synthJson(b.stack));
    expect(e.path).toBe(`test-${cloud}/edge/external`);
    expect(e.problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] allowFrom\(\.\.\., \{ label: 'extra' \}\) is 'internet' \(0\.0\.0\.0\/0 and ::\/0\): .*\(tcp 8443\) would admit the internet to Skype for Business Edge external interface "edge1-ext", which is internet-facing only on its documented internet rows$/);
  });

  test('egress beyond its rows, and SMB out, on the Edge external interface need a justification like any role', () => {
    const b = newStack(cloud);
    site(b).edge.external!.allowTo('internet', 8080, { label: 'proxy-out' });
    expect(thrown(() => synthJson(b.stack)).problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] allowTo\(\.\.\., \{ label: 'proxy-out' \}\) is 'internet'.* would reach the internet from Skype for Business Edge external interface "edge1-ext", which is internet-facing only on its documented internet rows$/);
    const smb = newStack(cloud);
    site(smb).edge.external!.allowTo('52.10.20.16/28', 445, { label: 'smb-out' });
    expect(thrown(() => synthJson(smb.stack)).problem).toMatch(/^\[MSP-PUBLIC-MGMT\] allowTo\(\.\.\., \{ label: 'smb-out' \}\) reaches 52\.10\.20\.16\/28/);
  });

  test('the reverse proxy: 443 from the internet is its row; 8080 from the internet is not', () => {
    const b = newStack(cloud);
    site(b).rp.allowFrom('internet', 8080, { label: 'alt-web' });
    expect(thrown(() => synthJson(b.stack)).problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] allowFrom\(\.\.\., \{ label: 'alt-web' \}\) is 'internet'.*\(tcp 8080\) would admit the internet to reverse proxy for the Skype for Business web services "rp1"/);
  });
});

describe.each(CLOUDS)('what stays allowed below the threshold (%s)', (cloud) => {
  test('a partner\'s public /16 in clients, on ports that are not management ports: allowed, rendered', () => {
    const b = newStack(cloud);
    new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['10.30.0.0/16', '52.10.0.0/16'] });
    const { text } = synthJson(b.stack);
    expect(text).toContain('52.10.0.0/16');
    expect(b.network.plan().checks!.findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  test('two /9s on two different ports: judged per port, each below the threshold', () => {
    const b = newStack(cloud);
    const fs = fileServer(b);
    fs.allowFrom('11.0.0.0/9', 443, { label: 'web' });
    fs.allowFrom('11.128.0.0/9', 8443, { label: 'alt-web' });
    expect(() => synthJson(b.stack)).not.toThrow();
  });

  test('a justified piece is left out of the union: what remains is judged', () => {
    const b = newStack(cloud);
    const fs = fileServer(b);
    fs.allowFrom('11.0.0.0/9', 443, { label: 'web', justification: 'public download mirror, CAB-91' });
    fs.allowFrom('11.128.0.0/9', 443, { label: 'partners' });
    expect(() => synthJson(b.stack)).not.toThrow();
  });
});

/** Intents built by hand (the planner API): groups and members, judged on the same union. */
describe.each(CLOUDS)('planner API: a member and the groups it joins (%s)', (cloud: Cloud) => {
  type Cidrs = Extract<Peer, { kind: 'cidrs' }>;
  const peer = (name: string, cidrs: string[]): Cidrs => ({ kind: 'cidrs', name, cidrs });
  const flow = (p: Cidrs, ports: string, extra: Partial<Flow> = {}): Flow => ({ direction: 'ingress', peer: p, transport: 'tcp', ports: parsePorts([ports]), catalogIds: [`custom:${p.name}`], purpose: p.name, ...extra });
  const role = (name: string, flows: Flow[], extra: Partial<RoleIntent> = {}): RoleIntent => ({ name, path: `stack/${name}`, kind: 'test role', internetFacing: false, flows, listeners: [], ipsec: [], skipped: [], egress: 'declared', ...extra });
  const plan = (roles: RoleIntent[]) => planNetwork(roles, { profile: cloud === 'azure' ? AZURE_PROFILE : AWS_PROFILE, path: 'stack/net' });

  test('half a /8 on the group, half on the member: the member is refused, naming both', () => {
    const group = role('members', [flow(peer('a', ['11.0.0.0/9']), '443')], { group: true });
    const member = role('app', [flow(peer('b', ['11.128.0.0/9']), '443')], { memberOf: ['members'] });
    const e = thrown(() => plan([group, member]));
    expect(e.path).toBe('stack/app');
    expect(e.problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] allowFrom\(\.\.\., \{ label: 'b' \}\) \(11\.128\.0\.0\/9\) and allowFrom\(\.\.\., \{ label: 'a' \}\) of group "members" \(11\.0\.0\.0\/9\) together cover/);
  });

  test('a group that reaches the internet on its own is reported once, on the group, not on every member', () => {
    const group = role('members', [flow(peer('a', ['11.0.0.0/8']), '443')], { group: true });
    const members = ['app1', 'app2'].map((n) => role(n, [flow(peer('lan', ['10.1.0.0/16']), '443')], { memberOf: ['members'] }));
    const e = thrown(() => plan([group, ...members]));
    expect(e.path).toBe('stack/members');
    expect(e.problem).not.toMatch(/more error finding/);
  });

  test('every address of a union is counted once, exactly (interval arithmetic, not the sum of sizes)', () => {
    // 11.0.0.0/9 twice and its halves: still half a /8, below the threshold
    const r = role('app', [flow(peer('a', ['11.0.0.0/9']), '443'), flow(peer('b', ['11.0.0.0/10', '11.64.0.0/10']), '443'), flow(peer('c', ['11.0.0.0/9']), '443-444')]);
    expect(() => plan([r])).not.toThrow();
    const half = cidrInterval(parseCidr('11.0.0.0/9'));
    expect(half.last - half.first + 1n).toBe(INTERNET_THRESHOLD.ipv4 / 2n);
  });
});

/**
 * For the egress constructs' firewall sources (`from` CIDRs, `firewall.sourceAddresses`): the helper
 * lib/egress is to call (the call itself belongs to the egress constructs' prop validation).
 */
describe('checkSourceAddresses: sources of rules outside a role, judged by their union', () => {
  test('two /9s in two props cover a /8 together: refused, naming both props', () => {
    const e = thrown(() => checkSourceAddresses('app/o365', 'the firewall name rules', [{ prop: 'from', cidrs: ['11.0.0.0/9', '10.1.0.0/16'] }, { prop: 'firewall.sourceAddresses', cidrs: ['11.128.0.0/9'] }]));
    expect(e.path).toBe('app/o365');
    expect(e.problem).toBe('from and firewall.sourceAddresses together cover 0.453 % of public IPv4 space: the internet would be a source of the firewall name rules');
    expect(e.fix).toMatch(/less than a \/8 of public IPv4/);
  });
  test('a partner /16 and private networks: accepted', () => {
    expect(() => checkSourceAddresses('app/o365', 'the firewall name rules', [{ prop: 'from', cidrs: ['10.0.0.0/8', '52.10.0.0/16'] }, { prop: 'firewall.sourceAddresses', cidrs: [] }])).not.toThrow();
  });
});

describe.each(CLOUDS)('a group of a shared network (another stack) counts for the roles that join it (%s)', (cloud) => {
  test('the hub domain reaches its on-premises controllers at a public /9; a site member adds the other half on LDAP: refused on the member', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-union-')), context: { 'cdktf-ms-ports:report': 'off', 'cdktf-ms-ports:warnings': 'off' } });
    const net = (stack: TerraformStack, extra: object) =>
      cloud === 'aws'
        ? new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc1234def567890', loadBalancerSubnetIds: ['subnet-0a'], ...extra })
        : new AzureNetwork(stack, 'net', { resourceGroupName: 'rg', location: 'japaneast', virtualNetworkName: 'vnet-uc', loadBalancerSubnetId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-uc/subnets/lb', ...extra });
    const hubStack = new TerraformStack(app, 'hub');
    const hub = net(hubStack, {});
    const dc = new DomainController(hubStack, 'dc', { network: hub, name: 'dc-corp', clients: ['10.20.0.0/16'] });
    DomainController.fromAddresses(hubStack, 'onprem', { network: hub, name: 'dc-onprem', cidrs: ['20.0.0.0/9'], sameDomainAs: dc });
    // (the hub's own findings: its controllers and members group reach a public /9 on LDAP and RPC)
    dc.suppress('MSP-PUBLIC-MGMT', 'on-premises controllers over the internet, test only');
    dc.members.suppress('MSP-PUBLIC-MGMT', 'on-premises controllers over the internet, test only');
    const siteStack = new TerraformStack(app, 'site');
    const site = net(siteStack, { namePrefix: 'site-', sharedNetworks: [hub] });
    const fs1 = new WindowsServer(siteStack, 'fs', { network: site, name: 'fs01', services: ['smb'], clients: ['10.31.0.0/16'], domain: dc });
    fs1.allowTo('20.128.0.0/9', 389, { label: 'ldap-b' });
    const e = thrown(() => site.plan());
    expect(e.path).toBe('site/fs');
    expect(e.problem).toMatch(/^\[MSP-INTERNET-EXPOSURE\] allowTo\(\.\.\., \{ label: 'ldap-b' \}\) \(20\.128\.0\.0\/9\) and .* of group "dc-corp-members\.[a-z0-9-]+" \(20\.0\.0\.0\/9\) together cover 0\.453 % of public IPv4 space: .*would reach the internet from/);
  });
});
