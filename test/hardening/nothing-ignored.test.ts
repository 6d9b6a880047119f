/**
 * Issue 23, "Nothing accepted and then ignored": inputs that synthesized without a word while doing
 * nothing (a typo in an egress construct's props, a prop an outside role has no use for, a group
 * given to connect(), a pack whose checks never run), or that failed with a raw JavaScript or cdktf
 * error. Each now gets an MsPortsError naming the construct path, the prop and value, and the fix,
 * on both clouds.
 */
import { TerraformStack, Testing } from 'cdktf';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import type { NetworkBinding } from '../../lib/core/binding';
import { MessengerEgress } from '../../lib/egress/messenger';
import { Office365Egress } from '../../lib/egress/office365';
import { OneDriveEgress } from '../../lib/egress/onedrive';
import { MsPortsError } from '../../lib/model/errors';
import { verifyFlow } from '../../lib/verify/verify';
import type { TerraformJson } from '../../lib/verify/terraform';
import { ClientNetwork } from '../../lib/skype/client-network';
import { Director } from '../../lib/skype/director';
import { EdgeServer } from '../../lib/skype/edge';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { MediationServer } from '../../lib/skype/mediation';
import { PstnGateway } from '../../lib/skype/outside';
import { ReverseProxy } from '../../lib/skype/reverse-proxy';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { CLOUDS, newStack, synthJson, type Built, type Cloud } from '../support/stacks';

type Loose = Record<string, unknown>;

const CLIENTS = '10.30.0.0/16';
const fe = (b: Built, props: Loose = {}) => new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: [CLIENTS], ...props } as never);
const o365 = (b: Built, props: Loose) => new Office365Egress(b.stack, 'o365', { network: b.network, from: [CLIENTS], firewall: false, ...props } as never);
const pack = (checks: unknown) => ({ name: 'platform', checks }) as never;
const check = (over: Loose = {}) => ({ id: 'PLAT-1', title: 'a check', why: 'why', level: 'warning', run: () => [], ...over });

interface Case {
  readonly input: string;
  readonly build: (b: Built, cloud: Cloud) => void;
  readonly expected: readonly (string | RegExp)[];
  /** The construct path the error names, below the stack. */
  readonly at: string;
  readonly network?: Loose;
}

export const IGNORED_INPUTS: readonly Case[] = [
  // the egress constructs validate their props like every other construct
  { input: "Office365Egress serviceArea: ['skype'] (typo)", at: 'o365', build: (b) => o365(b, { serviceArea: ['skype'] }), expected: ['Office365Egress has no prop "serviceArea"', 'did you mean "serviceAreas"?'] },
  { input: 'Office365Egress skypeOnlineClients: false (typo)', at: 'o365', build: (b) => o365(b, { skypeOnlineClients: false }), expected: ['Office365Egress has no prop "skypeOnlineClients"', 'did you mean "skypeOnlineClient"?'] },
  { input: "Office365Egress firewall: { sourceAddress: ['10.30.0.0/16'] } (typo)", at: 'o365', build: (b) => o365(b, { firewall: { sourceAddress: [CLIENTS] } }), expected: ['no prop "firewall.sourceAddress"', 'did you mean "firewall.sourceAddresses"?'] },
  { input: "Office365Egress pac: { proxy: 'p:8080', direct: true }", at: 'o365', build: (b) => o365(b, { pac: { proxy: 'proxy.contoso.com:8080', direct: true } }), expected: ['no prop "pac.direct"', 'pac.directPlainHostNames'] },
  { input: "Office365Egress optionalSets: '125'", at: 'o365', build: (b) => o365(b, { optionalSets: '125' }), expected: ['optionalSets "125" is neither \'all\' nor a list of endpoint set ids'] },
  { input: "Office365Egress skypeOnlineClient: 'no'", at: 'o365', build: (b) => o365(b, { skypeOnlineClient: 'no' }), expected: ['skypeOnlineClient "no" is a string, not true or false'] },
  { input: 'Office365Egress firewall: true', at: 'o365', build: (b) => o365(b, { firewall: true }), expected: ['firewall true is a boolean, not an object'] },
  { input: "Office365Egress firewall: { priority: '1200' }", at: 'o365', build: (b) => o365(b, { firewall: { azureFirewallPolicyId: 'p', priority: '1200' } }), expected: ['firewall.priority "1200" is not a whole number in 100-65000'] },
  { input: "Office365Egress network: 'vnet-1'", at: 'o365', build: (b) => o365(b, { network: 'vnet-1' }), expected: ['network "vnet-1" is not a network binding'] },
  { input: 'OneDriveEgress optionalSet: [125] (typo)', at: 'od', build: (b) => new OneDriveEgress(b.stack, 'od', { network: b.network, from: [CLIENTS], firewall: false, optionalSet: [125] } as never), expected: ['OneDriveEgress has no prop "optionalSet"', 'did you mean "optionalSets"?'] },
  { input: "OneDriveEgress from: [42]", at: 'od', build: (b) => new OneDriveEgress(b.stack, 'od', { network: b.network, from: [42], firewall: false } as never), expected: ['from[0] 42 is neither a role nor a CIDR'] },
  { input: "MessengerEgress feature: ['sign-in'] (typo)", at: 'msn', build: (b) => new MessengerEgress(b.stack, 'msn', { network: b.network, from: [CLIENTS], firewall: false, feature: ['sign-in'] } as never), expected: ['MessengerEgress has no prop "feature"', 'did you mean "features"?'] },
  { input: 'MessengerEgress internetJustification: 42', at: 'msn', build: (b) => new MessengerEgress(b.stack, 'msn', { network: b.network, from: [CLIENTS], firewall: false, internetJustification: 42 } as never), expected: ['internetJustification 42 is a number, not a string'] },
  // props an outside role has no use for
  { input: "FrontEndPool.fromAddresses({ ..., clients: ['10.40.0.0/16'] })", at: 'fe-onprem', build: (b) => FrontEndPool.fromAddresses(b.stack, 'fe-onprem', { network: b.network, cidrs: ['192.168.1.0/24'], clients: ['10.40.0.0/16'] } as never), expected: ['FrontEndPool.fromAddresses got clients ["10.40.0.0/16"]', 'it would be ignored', 'remove clients (FrontEndPool.fromAddresses takes network, name, clientMediaPorts'] },
  { input: "Director.fromAddresses({ ..., loadBalancing: 'dns' })", at: 'dir-onprem', build: (b) => Director.fromAddresses(b.stack, 'dir-onprem', { network: b.network, cidrs: ['192.168.2.0/24'], loadBalancing: 'dns' } as never), expected: ['Director.fromAddresses got loadBalancing "dns"', 'remove loadBalancing'] },
  { input: 'MediationServer.fromAddresses({ ..., pstnGateways: [...] })', at: 'med-onprem', build: (b) => MediationServer.fromAddresses(b.stack, 'med-onprem', { network: b.network, cidrs: ['192.168.3.0/24'], pstnGateways: ['192.168.50.0/28'] } as never), expected: ['MediationServer.fromAddresses got pstnGateways'] },
  { input: 'ReverseProxy.fromAddresses({ ..., pools: [pool] })', at: 'rp-onprem', build: (b) => ReverseProxy.fromAddresses(b.stack, 'rp-onprem', { network: b.network, cidrs: ['192.168.4.0/24'], pools: [fe(b)] } as never), expected: ['ReverseProxy.fromAddresses got pools [construct test-'] },
  { input: "EdgeServer.fromAddresses({ ..., serverCount: 4 })", at: 'edge-onprem', build: (b) => EdgeServer.fromAddresses(b.stack, 'edge-onprem', { network: b.network, cidrs: ['192.168.5.0/24'], serverCount: 4 } as never), expected: ['EdgeServer.fromAddresses got serverCount 4'] },
  { input: "EdgeServer.fromAddresses({ ..., centralizedLogging: { admins: [...] } })", at: 'edge-onprem', build: (b) => EdgeServer.fromAddresses(b.stack, 'edge-onprem', { network: b.network, cidrs: ['192.168.5.0/24'], centralizedLogging: { admins: ['10.0.99.0/24'] } } as never), expected: ['EdgeServer.fromAddresses got centralizedLogging.admins ["10.0.99.0/24"]', 'it would be ignored'] },
  { input: "ClientNetwork.fromAddresses({ ..., dhcp: { servers: [...] } })", at: 'users', build: (b) => ClientNetwork.fromAddresses(b.stack, 'users', { network: b.network, cidrs: ['192.168.6.0/24'], dhcp: { servers: ['192.168.6.10/32'] } } as never), expected: ['ClientNetwork.fromAddresses got dhcp'] },
  { input: "DomainController.fromAddresses({ ..., admins: ['10.0.99.0/24'] })", at: 'dc-onprem', build: (b) => DomainController.fromAddresses(b.stack, 'dc-onprem', { network: b.network, cidrs: ['192.168.10.0/24'], admins: ['10.0.99.0/24'] } as never), expected: ['DomainController.fromAddresses got admins ["10.0.99.0/24"]', 'remove admins (DomainController.fromAddresses takes network, name, dynamicRpc'] },
  { input: 'DomainController.fromAddresses({ ..., ipsecTunnel: true })', at: 'dc-onprem', build: (b) => DomainController.fromAddresses(b.stack, 'dc-onprem', { network: b.network, cidrs: ['192.168.10.0/24'], ipsecTunnel: true } as never), expected: ['DomainController.fromAddresses got ipsecTunnel true'] },
  { input: "DomainController.fromAddresses({ ..., allowAllEgress: { reason } })", at: 'dc-onprem', build: (b) => DomainController.fromAddresses(b.stack, 'dc-onprem', { network: b.network, cidrs: ['192.168.10.0/24'], allowAllEgress: { reason: 'patching from anywhere' } } as never), expected: ['DomainController.fromAddresses got allowAllEgress'] },
  { input: "PstnGateway.fromAddresses({ ..., cidr: [...] }) (typo)", at: 'sbc', build: (b) => PstnGateway.fromAddresses(b.stack, 'sbc', { network: b.network, cidrs: ['192.168.50.0/28'], cidr: ['192.168.51.0/28'] } as never), expected: ['PstnGateway.fromAddresses has no prop "cidr"', 'did you mean "cidrs"?'] },
  // clients on a client network
  { input: "ClientNetwork clients: ['10.40.0.0/16']", at: 'users', build: (b) => new ClientNetwork(b.stack, 'users', { network: b.network, clients: ['10.40.0.0/16'] } as never), expected: ['ClientNetwork got clients ["10.40.0.0/16"]', 'has no clients of its own', 'pass this ClientNetwork as `clients` of the server roles'] },
  // Edge and reverse proxy pools that are not pools
  {
    input: 'EdgeServer pools: [domainController]',
    at: 'edge',
    build: (b) => new EdgeServer(b.stack, 'edge', { network: b.network, pools: [new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp' }) as never] }),
    expected: ['pools[0] is test-', '/dc (Active Directory domain controllers), which is not a Front End pool or Director', 'list only the FrontEndPool and Director roles'],
  },
  {
    input: 'ReverseProxy pools: clientNetwork (one role)',
    at: 'rp',
    build: (b) => new ReverseProxy(b.stack, 'rp', { network: b.network, pools: new ClientNetwork(b.stack, 'users', { network: b.network }) }),
    expected: ['pools is test-', '/users (Skype for Business client network), which is not a Front End pool or Director'],
  },
  {
    input: "ReverseProxy pools: ['10.10.1.0/24', windowsServer]",
    at: 'rp',
    build: (b) => new ReverseProxy(b.stack, 'rp', { network: b.network, pools: ['10.10.1.0/24', new WindowsServer(b.stack, 'srv', { network: b.network, name: 'srv01', services: ['smb'] }) as never] }),
    expected: ['pools[1] is test-', 'not a Front End pool or Director'],
  },
  // connect() with a group
  {
    input: 'pool.connect(domainController.members)',
    at: 'fe',
    build: (b) => fe(b).connect(new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp' }).members),
    expected: ['connect() got test-', '/dc/members, a group boundary (Active Directory domain members)', 'role.joinGroup(group)'],
  },
  // check packs and the warnings switch
  { input: "checkPacks: [{ name: 'platform' }] (no checks; was 'pack.checks is not iterable')", at: 'net2', build: (b, c) => network2(b, c, { checkPacks: [{ name: 'platform' }] }), expected: ['checkPacks[0].checks is missing', 'give the pack a list of checks'] },
  { input: "checkPacks: [{ checks: [{ ..., level: 'critical' }] }] (never failed synth)", at: 'net2', build: (b, c) => network2(b, c, { checkPacks: [pack([check({ level: 'critical' })])] }), expected: ['checkPacks[0].checks[0].level "critical" is not one of "error", "warning"'] },
  { input: "checkPacks: [{ checks: [{ ..., run: 'x' }] }]", at: 'net2', build: (b, c) => network2(b, c, { checkPacks: [pack([check({ run: 'x' })])] }), expected: ['checkPacks[0].checks[0].run "x" is not a function'] },
  { input: 'checkPacks: [{ checks: [{ ..., suppresible: false }] }] (typo)', at: 'net2', build: (b, c) => network2(b, c, { checkPacks: [pack([check({ suppresible: false })])] }), expected: ['no prop "checkPacks[0].checks[0].suppresible"', 'did you mean "checkPacks[0].checks[0].suppressible"?'] },
  {
    input: "a check that returns null (was 'drafts is not iterable')",
    at: 'net2',
    build: (b, c) => {
      const network = network2(b, c, { checkPacks: [pack([check({ run: () => null })])] });
      new FrontEndPool(b.stack, 'fe2', { network, name: 'fe-pool2', clients: [CLIENTS], loadBalancing: 'dns' });
    },
    expected: ['check PLAT-1 of pack "platform" returned null, not a list of findings', 'return [] when the role complies'],
  },
  {
    input: 'a check that returns [null]',
    at: 'net2',
    build: (b, c) => {
      const network = network2(b, c, { checkPacks: [pack([check({ run: () => [null] })])] });
      new FrontEndPool(b.stack, 'fe2', { network, name: 'fe-pool2', clients: [CLIENTS], loadBalancing: 'dns' });
    },
    expected: ['check PLAT-1 of pack "platform" returned [null]', 'each finding an object with problem and fix'],
  },
];

/** A second network of the stack (props of the test's own cloud). */
function network2(b: Built, cloud: Cloud, props: Loose): NetworkBinding {
  return cloud === 'azure'
    ? new AzureNetwork(b.stack, 'net2', { resourceGroupName: 'rg-test', location: 'japaneast', loadBalancerSubnetId: '/subscriptions/x/lb', ...props } as never)
    : new AwsNetwork(b.stack, 'net2', { vpcId: 'vpc-0test', loadBalancerSubnetIds: ['subnet-0a'], ...props } as never);
}

describe.each(IGNORED_INPUTS.map((c) => [c.input, c] as const))('ignored input: %s', (_input, c) => {
  test.each(CLOUDS)('%s: a clear MsPortsError naming the path, prop, value and fix', (cloud) => {
    const b = newStack(cloud, c.network ?? {});
    let caught: unknown;
    try {
      c.build(b, cloud);
      synthJson(b.stack);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MsPortsError);
    const msg = (caught as Error).message;
    expect(msg.startsWith(`[cdktf-ms-ports] test-${cloud}/${c.at}: `)).toBe(true);
    expect(msg).toContain('. Fix: ');
    for (const f of c.expected) {
      if (typeof f === 'string') expect(msg).toContain(f);
      else expect(msg).toMatch(f);
    }
  });
});

describe('what an outside role uses is still taken', () => {
  test.each(CLOUDS)('%s: fromAddresses with the options that shape the flows cloud roles render with it', (cloud) => {
    const b = newStack(cloud);
    const pool = FrontEndPool.fromAddresses(b.stack, 'fe-onprem', { network: b.network, cidrs: ['192.168.1.0/24'], collocatedMediation: true, centralManagementStore: true });
    const edge = EdgeServer.fromAddresses(b.stack, 'edge-onprem', { network: b.network, cidrs: ['192.168.5.0/24'], version: 2015, xmpp: true });
    const dc = DomainController.fromAddresses(b.stack, 'dc-onprem', { network: b.network, cidrs: ['192.168.10.0/24'], dynamicRpc: 'modern', legacyNetbios: true });
    const users = ClientNetwork.fromAddresses(b.stack, 'users', { network: b.network, cidrs: ['192.168.6.0/24'], legacyFileTransfer: true });
    new Director(b.stack, 'dir', { network: b.network, name: 'dir-pool1', clients: [users], servers: [pool, edge], domain: dc });
    expect(() => synthJson(b.stack)).not.toThrow();
  });

  test.each(CLOUDS)('%s: a CIDR in ReverseProxy pools and a Director role are pools', (cloud) => {
    const b = newStack(cloud);
    const dir = new Director(b.stack, 'dir', { network: b.network, name: 'dir-pool1' });
    new ReverseProxy(b.stack, 'rp', { network: b.network, pools: ['10.10.1.0/24', dir, FrontEndPool.fromAddresses(b.stack, 'fe-onprem', { network: b.network, cidrs: ['192.168.1.0/24'] })] });
    expect(() => synthJson(b.stack)).not.toThrow();
  });

  test.each(CLOUDS)('%s: joining a group (what connect() now points to) works', (cloud) => {
    const b = newStack(cloud);
    const dc = new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp' });
    fe(b).joinGroup(dc.members);
    expect(() => synthJson(b.stack)).not.toThrow();
  });
});

describe('the warnings context value', () => {
  const app = (value: unknown) => {
    const a = Testing.app({ context: { 'cdktf-ms-ports:warnings': value, 'cdktf-ms-ports:report': 'off' } });
    const stack = new TerraformStack(a, 'w');
    const network = new AwsNetwork(stack, 'net', { vpcId: 'vpc-0test', loadBalancerSubnetIds: ['subnet-0a'], checkPacks: [pack([check({ run: () => [{ problem: 'a platform finding', fix: 'none' }] })])] });
    new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: [CLIENTS], loadBalancing: 'dns' });
    return stack;
  };

  test.each([['no'], ['0'], [0], ['disabled'], [{ off: true }]])('%p is refused, naming the key and the values it takes', (value) => {
    expect(() => Testing.synth(app(value))).toThrow(/w\/net: context cdktf-ms-ports:warnings is .*, which is not on or off.*Fix: set cdktf-ms-ports:warnings to false \(or "off"\) to silence the warnings printed at synth, or true \(or "on", the default\)/);
  });

  test.each([[false], ['off'], ['false']])('%p silences, as it says', (value) => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      Testing.synth(app(value));
      expect(warn.mock.calls.flat().join('\n')).not.toMatch(/a platform finding/);
    } finally {
      warn.mockRestore();
    }
  });

  test.each([[true], ['on'], ['true'], [undefined]])('%p prints', (value) => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      Testing.synth(app(value));
      expect(warn.mock.calls.flat().join('\n')).toMatch(/warning PLAT-1 w\/fe: a platform finding/);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('EdgeServer clients written once are taken once (was "clients lists ... twice")', () => {
  const variants: readonly [string, (b: Built) => void][] = [
    ['nextHop and one client CIDR', (b) => new EdgeServer(b.stack, 'edge', { network: b.network, nextHop: fe(b), clients: [CLIENTS] })],
    ['the pool\'s own client CIDR, hardware load balancing', (b) => new EdgeServer(b.stack, 'edge', { network: b.network, nextHop: fe(b), clients: [CLIENTS], loadBalancing: 'hardware', serverCount: 2 })],
    ['pools by CIDR and two client CIDRs', (b) => new EdgeServer(b.stack, 'edge', { network: b.network, pools: ['10.10.1.0/24'], clients: [CLIENTS, '10.31.0.0/16'] })],
    ['a client CIDR and a ClientNetwork role', (b) => new EdgeServer(b.stack, 'edge', { network: b.network, nextHop: fe(b), clients: [CLIENTS, new ClientNetwork(b.stack, 'vdi', { network: b.network, name: 'vdi' })] })],
  ];
  for (const [name, build] of variants) {
    test.each(CLOUDS)(`%s: ${name}: synthesizes, and the clients reach the A/V relay (3478/UDP) on the internal interface`, (cloud) => {
      const b = newStack(cloud, { publicSubnetIds: ['subnet-0p'] });
      build(b);
      const { json } = synthJson(b.stack);
      const verdict = verifyFlow(json as unknown as TerraformJson, { from: '10.30.1.5', to: 'edge', port: '3478/udp' });
      expect([verdict.allowed, verdict.text]).toEqual([true, expect.stringContaining('ALLOWED')]);
    });
  }
});

describe('a cycle through sharedNetworks (was a raw cdktf "circular dependency" error)', () => {
  test.each(CLOUDS)('%s: refused at construction, naming both networks, the stack chain and the fix', (cloud) => {
    const app = Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off', 'cdktf-ms-ports:report': 'off' } });
    const hub = new TerraformStack(app, 'hub');
    const site = new TerraformStack(app, 'site');
    const net = (stack: TerraformStack, id: string, shared: NetworkBinding[] = []): NetworkBinding =>
      cloud === 'azure'
        ? new AzureNetwork(stack, id, { resourceGroupName: 'rg', location: 'japaneast', virtualNetworkName: 'vnet-1', sharedNetworks: shared.length ? shared : undefined })
        : new AwsNetwork(stack, id, { vpcId: 'vpc-0test', sharedNetworks: shared.length ? shared : undefined });
    const core = net(hub, 'core');
    const siteNet = net(site, 'net', [core]);
    let caught: unknown;
    try {
      net(hub, 'extra', [siteNet]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MsPortsError);
    expect((caught as Error).message).toMatch(
      /^\[cdktf-ms-ports\] hub\/extra: sharedNetworks\[0\] \(site\/net\) is in stack site, which already depends on this network's stack hub \(site -> hub\): .*cycle.*Fix: share in one direction only/,
    );
  });

  test.each(CLOUDS)('%s: the list of shared networks cannot be changed after construction', (cloud) => {
    const b = newStack(cloud);
    expect(Object.isFrozen(b.network.sharedNetworks)).toBe(true);
    expect(() => (b.network.sharedNetworks as NetworkBinding[]).push(b.network)).toThrow(TypeError);
  });
});

test('the corpus names every input once', () => {
  expect(IGNORED_INPUTS.length).toBeGreaterThanOrEqual(30);
  expect(new Set(IGNORED_INPUTS.map((c) => c.input)).size).toBe(IGNORED_INPUTS.length);
});
