/**
 * Many sites in many stacks (issue 10): shared roles in a hub stack, sites in their own stacks with
 * `sharedNetworks`. The wiring must hold across stacks as it does within one: every flow the same
 * roles get in one stack passes across stacks (checked on the synthesized Terraform of every stack,
 * following cdktf cross-stack references), nothing more; the hub never refers to a site and does
 * not change when identical sites are added; bad wiring is refused with the fix.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import type { NetworkBinding } from '../../lib/core/binding';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { hub, site } from '../../examples/multi-stack/estate';
import { HubAwsStack, SiteAwsStack } from '../../examples/multi-stack/aws';
import { HubAzureStack, SiteAzureStack } from '../../examples/multi-stack/azure';
import { TfReach, type Host } from '../support/reach-tf';
import { verifyAppFlow } from '../../lib/verify/verify';
import type { TerraformJson } from '../../lib/verify/terraform';
import { thrown } from '../support/errors';

function expectMsPortsError(fn: () => unknown, want: { path: string; problem: RegExp; fix: RegExp }): void {
  const e = thrown(fn);
  expect({ path: e.path, problem: e.problem, fix: e.fix }).toEqual({ path: want.path, problem: expect.stringMatching(want.problem), fix: expect.stringMatching(want.fix) });
}

type Cloud = 'aws' | 'azure';
const CONTEXT = { 'cdktf-ms-ports:warnings': 'off' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-shared-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const outdir = () => path.join(tmp, `app-${++n}`);

/** The hub and `sites` site stacks (the example's classes). */
function manyStacks(cloud: Cloud, sites: number): { dir: string; reach: TfReach; hubText: string } {
  const dir = outdir();
  const app = new App({ outdir: dir, context: CONTEXT });
  const Hub = cloud === 'aws' ? HubAwsStack : HubAzureStack;
  const Site = cloud === 'aws' ? SiteAwsStack : SiteAzureStack;
  const h = new Hub(app, 'hub');
  for (let i = 1; i <= sites; i++) new (Site as typeof SiteAwsStack)(app, `site${i}`, h as HubAwsStack, { name: `site${i}`, clients: `10.${30 + i}.0.0/16` });
  app.synth();
  return { dir, reach: new TfReach(dir), hubText: fs.readFileSync(path.join(dir, 'stacks', 'hub', 'cdk.tf.json'), 'utf8') };
}

/** The same roles (hub and one site) in one stack on one network. */
function oneStack(cloud: Cloud): TfReach {
  const dir = outdir();
  const app = new App({ outdir: dir, context: CONTEXT });
  const stack = new TerraformStack(app, 'one');
  let network: NetworkBinding;
  if (cloud === 'aws') {
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    network = new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc1234def567890', loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c'] });
  } else {
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    network = new AzureNetwork(stack, 'net', { resourceGroupName: 'rg', location: 'japaneast', loadBalancerSubnetId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/lb' });
  }
  site(stack, network, hub(stack, network), '10.31.0.0/16');
  app.synth();
  return new TfReach(dir);
}

const HUB_ROLES = ['dc-corp', 'dir-pool1', 'edge-pool1'];
const SITE_ROLES = ['fe-pool', 'fs01'];

function hosts(cloud: Cloud, reach: TfReach, layout: { hub: string; sites: string[] }): Map<string, Host> {
  const out = new Map<string, Host>();
  for (const r of HUB_ROLES) out.set(r, reach.host(layout.hub, r));
  if (cloud === 'aws') out.set('dir-pool1 VIP', reach.loadBalancer(layout.hub, 'dir'));
  for (const s of layout.sites) {
    const tag = layout.sites.length > 1 || s !== layout.hub ? `${s}:` : '';
    for (const r of SITE_ROLES) out.set(`${tag}${r}`, reach.host(s, r));
    if (cloud === 'aws') out.set(`${tag}fe-pool VIP`, reach.loadBalancer(s, 'fe'));
  }
  return out;
}

describe.each(['aws', 'azure'] as const)('shared roles in a hub stack, sites in their own stacks (%s)', (cloud) => {
  const one = oneStack(cloud);
  const many1 = manyStacks(cloud, 1);
  const many3 = manyStacks(cloud, 3);
  const ports = new Set([...one.ports, ...many1.reach.ports, ...many3.reach.ports]);
  const expected = one.flows(hosts(cloud, one, { hub: 'one', sites: ['one'] }), ports);

  test('every role-to-role flow of the one-stack layout passes across stacks, and no other', () => {
    const got = many1.reach.flows(hosts(cloud, many1.reach, { hub: 'hub', sites: ['site1'] }), ports);
    const strip = (s: string) => s.replace(/site1:/g, '');
    expect(expected.size).toBeGreaterThan(90);
    expect([...got].map(strip).sort()).toEqual([...expected].sort());
    // documented flows both ways between a site and the hub (KB832017, seed 001 and the Edge tables)
    for (const f of ['fe-pool > edge-pool1 tcp/5061', 'edge-pool1 > fe-pool tcp/5061', 'fe-pool > dir-pool1 tcp/444', 'dir-pool1 > fe-pool tcp/444', 'fe-pool > dc-corp tcp/389', 'fe-pool > dc-corp udp/53', 'fs01 > dc-corp tcp/88', 'dc-corp > fs01 tcp/445', 'fe-pool > fs01 tcp/445']) {
      expect({ f, passes: expected.has(f) }).toEqual({ f, passes: true });
    }
    if (cloud === 'aws') expect(expected.has('edge-pool1 > fe-pool VIP tcp/5061')).toBe(true);
  });

  test('with three sites each site gets the same flows, and between sites only what domain membership documents', () => {
    const got = many3.reach.flows(hosts(cloud, many3.reach, { hub: 'hub', sites: ['site1', 'site2', 'site3'] }), ports);
    for (const s of ['site1', 'site2', 'site3']) {
      const mine = [...got].filter((f) => !/site\d:/.test(f.replace(new RegExp(`${s}:`, 'g'), ''))).map((f) => f.replace(new RegExp(`${s}:`, 'g'), ''));
      expect({ s, flows: mine.sort() }).toEqual({ s, flows: [...expected].sort() });
    }
    const across = [...got].filter((f) => /site(\d):.* site(?!\1)\d:/.test(f));
    // Between sites only what domain members get: members of the domain reach member servers' SMB,
    // wherever they are (in one stack, what the controllers, members too, reach on that server).
    expect(across.length).toBeGreaterThan(0);
    for (const f of across) {
      const [, to, port] = /> site\d:(\S+) (\S+)$/.exec(f)!;
      expect({ f, documented: expected.has(`dc-corp > ${to} ${port}`) }).toEqual({ f, documented: true });
    }
  });

  test('the verifier follows the cross-stack references: site and hub roles by <stack>/<role>', () => {
    const stacks = ['hub', 'site1', 'site2', 'site3'].map((name) => ({ name, json: many3.reach.stackJson(name) as TerraformJson }));
    const check = (from: string, to: string, port: string) => verifyAppFlow(stacks, { from, to, port }).allowed;
    expect(check('site2/fe-pool', 'hub/edge-pool1', '5061/tcp')).toBe(true);
    expect(check('hub/edge-pool1', 'site2/fe-pool', '5061/tcp')).toBe(true);
    expect(check('site1/fs01', 'hub/dc-corp', '88/udp')).toBe(true);
    expect(check('hub/dc-corp', 'site3/fs01', '445/tcp')).toBe(true);
    expect(check('site1/fe-pool', 'site3/fs01', '445/tcp')).toBe(true); // a domain member
    expect(check('hub/dc-corp', 'site3/fs01', '3389/tcp')).toBe(false);
    expect(check('site1/fe-pool', 'hub/edge-pool1', '3389/tcp')).toBe(false);
    expect(check('site1/fs01', 'hub/edge-pool1', '5061/tcp')).toBe(false);
    if (cloud === 'aws') expect(check('hub/edge-pool1', 'site2/site2-fe-pool-nlb', '5061/tcp')).toBe(true);
    const v = verifyAppFlow(stacks, { from: 'site2/fe-pool', to: 'hub/edge-pool1', port: '5061/tcp' });
    expect(v.text).toMatch(/^(aws|azure): site2\/fe-pool -> hub\/edge-pool1 on 5061\/tcp: ALLOWED/);
    expect(v.decidedBy.map((d) => d.where)).toEqual(['outbound at site2/fe-pool', 'inbound at hub/edge-pool1']);
  });

  test('the hub never refers to a site, and identical sites leave it byte-identical', () => {
    expect(many3.hubText).toBe(many1.hubText);
    const hubJson = JSON.parse(many3.hubText) as { data?: Record<string, unknown> };
    expect(hubJson.data?.terraform_remote_state).toBeUndefined();
    for (const s of ['site1', 'site2', 'site3']) {
      const json = many3.reach.stackJson(s) as { data?: { terraform_remote_state?: Record<string, unknown> } };
      expect(Object.keys(json.data?.terraform_remote_state ?? {})).toEqual(['cross-stack-reference-input-hub']);
    }
  });

  test('the hub renders its side towards one stand-in per distinct site role; the report says whom each stands for', () => {
    const report = JSON.parse(fs.readFileSync(path.join(many3.dir, 'reports', 'firewall-report.json'), 'utf8')) as { stack: string; roles: { name: string; standInFor?: string[] }[] }[];
    const standIns = report.flatMap((n) => n.roles.filter((r) => r.standInFor).map((r) => ({ stack: n.stack, for: r.standInFor })));
    // the Front End pools and the file servers (and, on AWS, the Front End pools' load balancers), all in the hub
    const fe = ['site1/fe', 'site2/fe', 'site3/fe'];
    const fs01 = ['site1/file-server', 'site2/file-server', 'site3/file-server'];
    expect(standIns.map((s) => s.for).sort()).toEqual((cloud === 'aws' ? [fe, fe, fs01] : [fe, fs01]).sort());
    expect(new Set(standIns.map((s) => s.stack))).toEqual(new Set(['hub']));
    const md = fs.readFileSync(path.join(many3.dir, 'reports', 'firewall-report.md'), 'utf8');
    expect(md).toContain('Stand-in for roles in other stacks');
  });
});

describe('stand-ins are never shared by roles that need different flows', () => {
  test.each(['aws', 'azure'] as const)('%s: a site that differs gets its own stand-in; the others keep theirs', (cloud) => {
    const build = (variant: boolean) => {
      const app = new App({ outdir: outdir(), context: CONTEXT });
      const Hub = cloud === 'aws' ? HubAwsStack : HubAzureStack;
      const Site = (cloud === 'aws' ? SiteAwsStack : SiteAzureStack) as typeof SiteAwsStack;
      const h = new Hub(app, 'hub') as HubAwsStack;
      const s1 = new Site(app, 'site1', h, { name: 'site1', clients: '10.31.0.0/16' });
      if (variant) {
        // a second site with a file server that also serves link tracking to members: other flows, so another stand-in
        const stack = new TerraformStack(app, 'site2');
        const network: NetworkBinding =
          cloud === 'aws'
            ? new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc1234def567890', namePrefix: 'site2-', sharedNetworks: [h.network] })
            : new AzureNetwork(stack, 'net', { resourceGroupName: 'rg-site2', location: 'japaneast', virtualNetworkName: 'vnet-uc', namePrefix: 'site2-', sharedNetworks: [h.network] });
        new WindowsServer(stack, 'fs', { network, name: 'fs02', services: ['smb', 'link-tracking'], domain: h.hub.dc });
      }
      return { hub: h.network.plan(), site: s1.network.plan() };
    };
    const a = build(false);
    const b = build(true);
    const standIns = (p: typeof a.hub) => p.roles.filter((r) => r.remote).map((r) => r.name);
    expect(standIns(b.hub).length).toBe(standIns(a.hub).length + 1);
    for (const name of standIns(a.hub)) expect(standIns(b.hub)).toContain(name);
    // The first site keeps every rule as it was (name, priority, ports). On AWS nothing else changes
    // (the hub's members group carries members' egress); on Azure its members' NSGs (a group's rules
    // go into each member's NSG) also reach the new server's stand-in, as in one stack.
    const newStandIn = standIns(b.hub).find((x) => !standIns(a.hub).includes(x))!;
    const rules = (p: typeof a.site) => p.roles.flatMap((r) => r.rules.map((x) => ({ role: r.name, name: x.name, priority: x.priority, ports: x.ports, peer: x.peer })));
    const before = rules(a.site);
    const after = rules(b.site);
    for (const r of before) expect(after).toContainEqual(r);
    const added = after.filter((r) => !before.some((x) => JSON.stringify(x) === JSON.stringify(r)));
    if (cloud === 'aws') expect(added).toEqual([]);
    else {
      expect(added.length).toBeGreaterThan(0);
      for (const r of added) expect(r.peer).toEqual({ kind: 'role', role: `${newStandIn}.hub` });
    }
  });
});

describe('bad cross-stack wiring is refused with the fix', () => {
  const hubAndSite = (cloud: Cloud, share: boolean, siteProps: Record<string, unknown> = {}) => {
    const app = new App({ outdir: outdir(), context: CONTEXT });
    const h = (cloud === 'aws' ? new HubAwsStack(app, 'hub') : new HubAzureStack(app, 'hub')) as HubAwsStack;
    const stack = new TerraformStack(app, 'site');
    const shared = share ? { sharedNetworks: [h.network] } : {};
    const network: NetworkBinding =
      cloud === 'aws'
        ? new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc1234def567890', loadBalancerSubnetIds: ['subnet-0a'], ...shared, ...siteProps })
        : new AzureNetwork(stack, 'net', { resourceGroupName: 'rg-site', location: 'japaneast', virtualNetworkName: 'vnet-uc', loadBalancerSubnetId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-uc/subnets/lb', ...shared, ...siteProps });
    return { app, h, stack, network };
  };

  test.each(['aws', 'azure'] as const)('%s: wiring to a role of a network that is not shared names the prop to set', (cloud) => {
    const { h, stack, network } = hubAndSite(cloud, false);
    const fe = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool', clients: ['10.31.0.0/16'], clientMediaPorts: '50000-50199', loadBalancing: 'dns' });
    expectMsPortsError(() => fe.connect(h.hub.edge), { path: 'site/fe', problem: /is on another network binding \(hub\/net\)/, fix: /sharedNetworks/ });
    expectMsPortsError(() => new WindowsServer(stack, 'fs', { network, name: 'fs01', services: ['smb'], domain: h.hub.dc }), { path: 'site/fs', problem: /group hub\/dc\/members is on another network binding/, fix: /sharedNetworks/ });
  });

  test('a shared network in the same stack, or shared both ways, or of the other cloud', () => {
    const app = new App({ outdir: outdir(), context: CONTEXT });
    const a = new TerraformStack(app, 'a');
    const netA = new AwsNetwork(a, 'net', { vpcId: 'vpc-0a' });
    expectMsPortsError(() => new AwsNetwork(a, 'net2', { vpcId: 'vpc-0a', sharedNetworks: [netA] }), { path: 'a/net2', problem: /in this network's own stack/, fix: /other stacks/ });
    const b = new TerraformStack(app, 'b');
    const netB = new AwsNetwork(b, 'net', { vpcId: 'vpc-0a', sharedNetworks: [netA] });
    const c = new TerraformStack(app, 'c');
    const azure = new AzureNetwork(c, 'net', { resourceGroupName: 'rg', location: 'japaneast', sharedNetworks: [netB] });
    new DomainController(c, 'dc', { network: azure, name: 'dc' });
    expectMsPortsError(() => azure.plan(), { path: 'c/net', problem: /a network on aws, but this network is on azure/, fix: /same cloud/ });
    expectMsPortsError(() => new AwsNetwork(a, 'net3', { vpcId: 'vpc-0a', sharedNetworks: ['net' as unknown as NetworkBinding] }), { path: 'a/net3', problem: /sharedNetworks\[0\]/, fix: /network bindings/ });
  });

  test.each(['aws', 'azure'] as const)('%s: two networks that share roles in one VPC / resource group need different name prefixes', (cloud) => {
    const { app, stack, network } = hubAndSite(cloud, true, cloud === 'aws' ? {} : { resourceGroupName: 'rg-uc-hub' });
    new WindowsServer(stack, 'dc-copy', { network, name: 'dc-corp', services: ['smb'] });
    const where = cloud === 'aws' ? 'VPC vpc-0abc1234def567890' : 'resource group rg-uc-hub';
    expectMsPortsError(() => app.synth(), { path: 'site/dc-copy', problem: new RegExp(`"dc-corp" is also used by hub/dc on hub/net, in the same ${where}`), fix: /namePrefix: "site-"/ });
  });

  test.each(['aws', 'azure'] as const)('%s: two site networks sharing one hub clash with each other, not only with the hub', (cloud) => {
    const { app, h, stack, network } = hubAndSite(cloud, true, cloud === 'aws' ? { namePrefix: 'site-' } : { namePrefix: 'site-', resourceGroupName: 'rg-uc-hub' });
    new WindowsServer(stack, 'fs', { network, name: 'fs01', services: ['smb'], domain: h.hub.dc });
    const other = new TerraformStack(app, 'other');
    const otherProps = { namePrefix: 'site-', sharedNetworks: [h.network] };
    const otherNet: NetworkBinding =
      cloud === 'aws'
        ? new AwsNetwork(other, 'net', { vpcId: 'vpc-0abc1234def567890', loadBalancerSubnetIds: ['subnet-0a'], ...otherProps })
        : new AzureNetwork(other, 'net', { resourceGroupName: 'rg-uc-hub', location: 'japaneast', virtualNetworkName: 'vnet-uc', loadBalancerSubnetId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-uc/subnets/lb', ...otherProps });
    new WindowsServer(other, 'rds', { network: otherNet, name: 'rds01', services: ['rds'], domain: h.hub.dc });
    new WindowsServer(other, 'fs-copy', { network: otherNet, name: 'fs01', services: ['smb'], domain: h.hub.dc });
    const where = cloud === 'aws' ? 'VPC vpc-0abc1234def567890' : 'resource group rg-uc-hub';
    // The site rendered first finds the clash with the site created after it.
    expectMsPortsError(() => app.synth(), { path: 'site/fs', problem: new RegExp(`"site-fs01" is also used by other/fs-copy on other/net, in the same ${where}`), fix: /namePrefix: "site-"/ });
  });

  test('AWS: the groups a host joins in the hub (members group, stand-in) count against the interface limit', () => {
    const { app, h, stack, network } = hubAndSite('aws', true, { securityGroupsPerNetworkInterface: 3, namePrefix: 'site-' });
    const fe = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool', clients: ['10.31.0.0/16'], clientMediaPorts: '50000-50199', loadBalancing: 'hardware', domain: h.hub.dc });
    fe.connect(h.hub.edge);
    expectMsPortsError(() => app.synth(), {
      path: 'site/fe',
      problem: /the hosts of role "fe-pool" would attach 4 security groups \(fe-pool 1, dc-corp-members\.hub 1, skype-front-ends 1, remote-servers-[a-z0-9]+\.hub 1\), but a network interface takes at most 3/,
      fix: /securityGroupsPerNetworkInterface/,
    });
  });

  test('a site role wired after the hub was synthesized is refused, not rendered on one side only', () => {
    const { h, stack, network } = hubAndSite('aws', true, { namePrefix: 'site-' });
    Testing.synth(h);
    const fe = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool', clients: ['10.31.0.0/16'], clientMediaPorts: '50000-50199', loadBalancing: 'dns' });
    fe.connect(h.hub.edge);
    expectMsPortsError(() => Testing.synth(stack), { path: 'site/fe', problem: /has flows with roles of hub\/net, which was synthesized before they were wired/, fix: /app\.synth\(\)/ });
  });

  test('Azure: networks in two virtual networks cannot share (ASG rules cannot span them)', () => {
    expectMsPortsError(() => hubAndSite('azure', true, { virtualNetworkName: 'vnet-other' }), { path: 'site/net', problem: /virtual network "vnet-uc", but this network is in "vnet-other"/, fix: /fromAddresses/ });
  });
});

describe('synthesizing shared networks needs no collator', () => {
  // Names and paths of the examples are simple text: the order of stand-ins, their members and the
  // load-balanced ports is the code-unit order (compareText), so a synth never loads ICU's
  // collator (about 10 ms the first time, in every synth) and does not depend on the machine's locale.
  test.each(['aws', 'azure'] as const)('%s: a hub and two sites synthesize without localeCompare', (cloud) => {
    const spy = jest.spyOn(String.prototype, 'localeCompare');
    try {
      manyStacks(cloud, 2);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
