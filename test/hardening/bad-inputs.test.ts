/**
 * The corpus of bad inputs from a new user's trial (issue 12): each must fail with an MsPortsError
 * that names the construct path, the prop and value as written, and the fix, on both clouds. Before
 * the hardening these were accepted and emitted verbatim, silently ignored, crashed with a raw
 * TypeError or constructs error, or named a catalog id or a prop that does not exist.
 */
import { MsPortsError } from '../../lib/model/errors';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { Director } from '../../lib/skype/director';
import { EdgeServer } from '../../lib/skype/edge';
import { MediationServer } from '../../lib/skype/mediation';
import { PstnGateway } from '../../lib/skype/outside';
import { ReverseProxy } from '../../lib/skype/reverse-proxy';
import { DomainController as DC } from '../../lib/windows/domain-controller';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import { CLOUDS, newStack, synthJson, type Built, type Cloud } from '../support/stacks';

/** Loose props, as a JavaScript caller (or swc without a type check) would pass them. */
type Loose = Record<string, unknown>;

const fe = (b: Built, props: Loose) => new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['10.30.0.0/16'], ...props } as never);
const dc = (b: Built, props: Loose = {}) => new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], ...props } as never);
const ws = (b: Built, props: Loose) => new WindowsServer(b.stack, 'srv', { network: b.network, name: 'srv01', services: ['smb'], clients: ['10.20.0.0/16'], ...props } as never);

interface Case {
  /** What the user wrote. */
  readonly input: string;
  /** Builds the program (throws at construction or at synth). */
  readonly build: (b: Built, cloud: Cloud) => void;
  /** Fragments the error message must hold (prop, value, fix). */
  readonly expected: readonly (string | RegExp)[];
  /** The construct path the error names, below the stack. Default `fe`. */
  readonly at?: string;
  /** Network props for newStack. */
  readonly network?: Loose;
  readonly clouds?: readonly Cloud[];
}

export const BAD_INPUTS: readonly Case[] = [
  // canonical addresses
  { input: "clients: ['010.020.0.0/16']", build: (b) => fe(b, { clients: ['010.020.0.0/16'] }), expected: ['clients[0]', '"010.020.0.0/16"', 'leading zeros', 'write 10.20.0.0/16'] },
  { input: "admins: ['10.0.99.0/024']", at: 'dc', build: (b) => dc(b, { admins: ['10.0.99.0/024'] }), expected: ['admins[0]', '"10.0.99.0/024"', 'write 10.0.99.0/24'] },
  { input: "admins: ['2001:DB8::/32']", at: 'dc', build: (b) => dc(b, { admins: ['2001:DB8::/32'] }), expected: ['admins[0]', '"2001:DB8::/32"', 'canonical', 'write 2001:db8::/32'] },
  { input: "clients: ['2001:db8:0:0:0:0:0:0/32']", build: (b) => fe(b, { clients: ['2001:db8:0:0:0:0:0:0/32'] }), expected: ['clients[0]', 'write 2001:db8::/32'] },
  { input: "allowFrom(['fd00::1:0:0:0:0/64'], 5061, ...)", build: (b) => fe(b, {}).allowFrom(['fd00::1:0:0:0:0/64'], 5061, { label: 'probe' }), expected: ['allowFrom peer[0]', '"fd00::1:0:0:0:0/64"', 'write fd00:0:0:1::/64'] },
  // duplicate and nested ranges in one list
  { input: "clients: ['10.30.0.0/16', '10.30.0.0/16']", build: (b) => fe(b, { clients: ['10.30.0.0/16', '10.30.0.0/16'] }), expected: ['clients lists 10.30.0.0/16 twice', 'list each range once in clients'] },
  { input: "clients: ['10.30.0.0/16', '10.30.1.0/24']", build: (b) => fe(b, { clients: ['10.30.0.0/16', '10.30.1.0/24'] }), expected: ['clients lists 10.30.1.0/24, which lies within 10.30.0.0/16', 'drop 10.30.1.0/24 from clients'] },
  { input: "servers: ['10.10.1.0/24', '10.10.0.0/16'] (nested across items)", build: (b) => fe(b, { servers: ['10.10.1.0/24', '10.10.0.0/16'] }), expected: ['servers lists 10.10.1.0/24, which lies within 10.10.0.0/16'] },
  {
    input: "AWS rulesPerSecurityGroup: 1000 and admins: ['10.0.99.0/24', '10.0.99.0/24'] (was a raw 'There is already a Construct with name' error)",
    at: 'dc',
    network: { rulesPerSecurityGroup: 1000 },
    clouds: ['aws'],
    build: (b) => dc(b, { admins: ['10.0.99.0/24', '10.0.99.0/24'] }),
    expected: ['admins lists 10.0.99.0/24 twice'],
  },
  { input: "allowFrom({ name: 'mon', cidrs: ['10.99.0.0/24', '10.99.0.0/25'] }, ...)", build: (b) => fe(b, {}).allowFrom({ name: 'mon', cidrs: ['10.99.0.0/24', '10.99.0.0/25'] }, 5061, { label: 'probe' }), expected: ['allowFrom peer.cidrs lists 10.99.0.0/25, which lies within 10.99.0.0/24'] },
  { input: "trusts: ['10.1.0.0/16', '10.1.0.0/16']", at: 'dc', build: (b) => dc(b, { trusts: ['10.1.0.0/16', '10.1.0.0/16'] }), expected: ['trusts lists 10.1.0.0/16 twice'] },
  {
    input: "Director clients: ['10.30.0.0/16', '10.30.0.0/16']",
    at: 'dir',
    build: (b) => new Director(b.stack, 'dir', { network: b.network, clients: ['10.30.0.0/16', '10.30.0.0/16'] }),
    expected: ['clients lists 10.30.0.0/16 twice'],
  },
  {
    input: "PstnGateway.fromAddresses cidrs: ['192.168.50.10/32', '192.168.50.10/32'] wired to a MediationServer (caught on the flows' address lists)",
    at: 'med',
    build: (b) => {
      const gw = PstnGateway.fromAddresses(b.stack, 'sbc', { network: b.network, cidrs: ['192.168.50.10/32', '192.168.50.10/32'] });
      new MediationServer(b.stack, 'med', { network: b.network, pstnGateways: [gw], clients: ['10.30.0.0/16'] });
    },
    expected: ['the address list "sbc" lists 192.168.50.10/32 twice'],
  },
  { input: "MediationServer mediaPorts: { audio: '40000-57500' }", at: 'med', build: (b) => new MediationServer(b.stack, 'med', { network: b.network, pstnGateways: ['192.168.50.0/28'], clients: ['10.30.0.0/16'], mediaPorts: { audio: '40000-57500' } }), expected: ['mediaPorts.audio "40000-57500" lies outside the documented range 49152-57500'] },
  { input: "EdgeServer version: '2015' (a string)", at: 'edge', build: (b) => new EdgeServer(b.stack, 'edge', { network: b.network, nextHop: fe(b, {}), version: '2015' } as never), expected: ['version "2015" is not a Skype for Business Server version'] },
  { input: 'ReverseProxy http8O80: true (typo)', at: 'rp', build: (b) => new ReverseProxy(b.stack, 'rp', { network: b.network, pools: [fe(b, {})], http8O80: true } as never), expected: ['ReverseProxy has no prop "http8O80"', 'did you mean "http8080"?'] },
  {
    input: "DomainController.fromAddresses cidrs: ['192.168.10.0/24', '192.168.10.0/28']",
    at: 'dc-onprem',
    build: (b) => {
      const onPrem = DC.fromAddresses(b.stack, 'dc-onprem', { network: b.network, cidrs: ['192.168.10.0/24', '192.168.10.0/28'] });
      dc(b, { sameDomainAs: onPrem });
    },
    expected: ['cidrs lists 192.168.10.0/28, which lies within 192.168.10.0/24'],
  },
  { input: "new DomainController(..., { cidrs: ['192.168.10.0/24'] }) (cidrs belong to fromAddresses)", at: 'dc', build: (b) => dc(b, { cidrs: ['192.168.10.0/24'] }), expected: ['cidrs ["192.168.10.0/24"] is given to the DomainController constructor, which would ignore it', 'DomainController.fromAddresses'] },
  // errors name the prop the user wrote
  { input: "mediaPorts: { video: '50000-65535' }", build: (b) => synthJson(fe(b, { mediaPorts: { video: '50000-65535' } }).node.scope as never), expected: ['mediaPorts.video "50000-65535"', 'outside the documented range 57501-65535', 'set mediaPorts.video to a range within 57501-65535'] },
  { input: "clientMediaPorts: '80-65535'", build: (b) => synthJson(fe(b, { clientMediaPorts: '80-65535' }).node.scope as never), expected: ['clientMediaPorts "80-65535"', 'outside the documented range 1024-65535', 'set clientMediaPorts to'] },
  {
    input: 'AzureNetwork priorityRange: { from: 50, to: 200 }',
    at: 'net',
    clouds: ['azure'],
    build: (b) => new AzureNetwork(b.stack, 'net2', { resourceGroupName: 'rg', location: 'japaneast', priorityRange: { from: 50, to: 200 } }),
    expected: [/test-azure\/net2: priorityRange.from 50 is not a whole number in 100-3999/],
  },
  {
    input: 'AzureNetwork priorityRange: { from: 3000, to: 2000 }',
    at: 'net',
    clouds: ['azure'],
    build: (b) => new AzureNetwork(b.stack, 'net2', { resourceGroupName: 'rg', location: 'japaneast', priorityRange: { from: 3000, to: 2000 } }),
    expected: [/test-azure\/net2: priorityRange \{"from":3000,"to":2000\} is not a range from low to high/],
  },
  // unknown props and entries
  { input: 'colocatedMediation: true', build: (b) => fe(b, { colocatedMediation: true, pstnGateways: ['10.40.0.0/24'] }), expected: ['FrontEndPool has no prop "colocatedMediation"', 'did you mean "collocatedMediation"?'] },
  { input: "mediaPorts: { vidoe: '60000-65535' }", build: (b) => fe(b, { mediaPorts: { vidoe: '60000-65535' } }), expected: ['no prop "mediaPorts.vidoe"', 'did you mean "mediaPorts.video"?'] },
  { input: "loadBalancing: 'dsn'", build: (b) => fe(b, { loadBalancing: 'dsn' }), expected: ['loadBalancing "dsn" is not one of "hardware", "dns"', 'did you mean "dns"?'] },
  { input: "conditions: ['iis-admin'] on services ['w3svc']", at: 'srv', build: (b) => ws(b, { services: ['w3svc'], conditions: ['iis-admin'] }), expected: ['conditions lists "iis-admin"', 'would do nothing', 'did you mean "iis-admin-site"?'] },
  { input: "trustOptions: { timesync: true }", at: 'dc', build: (b) => dc(b, { trustOptions: { timesync: true } }), expected: ['no prop "trustOptions.timesync"', 'did you mean "trustOptions.timeSync"?'] },
  { input: "AwsNetwork rulesPerSecurityGroups: 120", at: 'net2', clouds: ['aws'], build: (b) => new AwsNetwork(b.stack, 'net2', { vpcId: 'vpc-1', rulesPerSecurityGroups: 120 } as never), expected: ['AwsNetwork has no prop "rulesPerSecurityGroups"', 'did you mean "rulesPerSecurityGroup"?'] },
  { input: "AzureNetwork loadBalancerSubnetIds: ['...']", at: 'net2', clouds: ['azure'], build: (b) => new AzureNetwork(b.stack, 'net2', { resourceGroupName: 'rg', location: 'japaneast', loadBalancerSubnetIds: ['s'] } as never), expected: ['AzureNetwork has no prop "loadBalancerSubnetIds"', 'did you mean "loadBalancerSubnetId"?'] },
  { input: "allowFrom(..., { lable: 'x' })", build: (b) => fe(b, {}).allowFrom('10.99.0.0/24', 5061, { lable: 'probe' } as never), expected: ['allowFrom has no prop "options.lable"', 'did you mean "options.label"?'] },
  // cross-prop and reference checks
  { input: "pstnGateways: ['10.40.0.0/24'] without collocatedMediation", build: (b) => fe(b, { pstnGateways: ['10.40.0.0/24'] }), expected: ['pstnGateways is given but the pool does not run the Mediation service', 'set collocatedMediation: true'] },
  { input: 'WindowsServer domain: a FrontEndPool', at: 'srv', build: (b) => ws(b, { domain: fe(b, {}) }), expected: ['domain is not a DomainController (got role test-', 'pass the DomainController construct'] },
  { input: "FrontEndPool domain: 'corp.example'", build: (b) => fe(b, { domain: 'corp.example' }), expected: ['domain "corp.example" is not a DomainController'] },
  { input: "DomainController sameDomainAs: 'dc'", at: 'dc', build: (b) => dc(b, { sameDomainAs: 'dc' }), expected: ['sameDomainAs "dc" is not a DomainController'] },
  // transports outside the supported set
  { input: "allowFrom(..., { transport: 'sctp' })", build: (b) => fe(b, {}).allowFrom('10.99.0.0/24', 5061, { label: 'probe', transport: 'sctp' } as never), expected: ['options.transport "sctp" is not one of "tcp", "udp", "icmp", "gre", "esp", "ah"'] },
  { input: "allowTo(..., { transport: 'TCP' })", build: (b) => fe(b, {}).allowTo('10.99.0.0/24', 5061, { label: 'probe', transport: 'TCP' } as never), expected: ['options.transport "TCP" is not one of', 'did you mean "tcp"?'] },
  // wrong types
  { input: "clients: '10.30.0.0/16' (a string, not a list)", build: (b) => fe(b, { clients: '10.30.0.0/16' }), expected: ['clients "10.30.0.0/16" is not a list', 'write clients as a list'] },
  { input: "services: 'smb' (a string; was a raw TypeError)", at: 'srv', build: (b) => ws(b, { services: 'smb' }), expected: ['services "smb" is a string, not a list'] },
  { input: "collocatedMediation: 'yes'", build: (b) => fe(b, { collocatedMediation: 'yes' }), expected: ['collocatedMediation "yes" is a string, not true or false'] },
  { input: "probePort: '5061'", build: (b) => fe(b, { probePort: '5061' }), expected: ['probePort "5061" is not a whole number in 1-65535'] },
  { input: "mediaPorts: '57501-65535'", build: (b) => fe(b, { mediaPorts: '57501-65535' }), expected: ['mediaPorts "57501-65535" is a string, not an object'] },
  { input: 'tags: { env: 1 }', at: 'net2', clouds: ['aws'], build: (b) => new AwsNetwork(b.stack, 'net2', { vpcId: 'vpc-1', tags: { env: 1 } } as never), expected: ['tags.env 1 is a number, not a string'] },
  { input: 'loadBalancerSubnetIds: "subnet-1"', at: 'net2', clouds: ['aws'], build: (b) => new AwsNetwork(b.stack, 'net2', { vpcId: 'vpc-1', loadBalancerSubnetIds: 'subnet-1' } as never), expected: ['loadBalancerSubnetIds "subnet-1" is a string, not a list'] },
  { input: 'new WindowsServer(stack, id) without props (was a raw TypeError)', at: 'srv', build: (b) => new WindowsServer(b.stack, 'srv', undefined as never), expected: ['the props of WindowsServer are undefined'] },
  { input: "dynamicRpc: 'modrn' (now at construction)", at: 'dc', build: (b) => dc(b, { dynamicRpc: 'modrn' }), expected: ['dynamicRpc "modrn" is not a known setting'] },
  { input: "allowFrom({ name: 'mon', cidr: [...] }, ...)", build: (b) => fe(b, {}).allowFrom({ name: 'mon', cidr: ['10.99.0.0/24'] } as never, 5061, { label: 'probe' }), expected: ['no prop "allowFrom peer.cidr"', 'did you mean "allowFrom peer.cidrs"?'] },
  { input: 'allowFrom(42, ...)', build: (b) => fe(b, {}).allowFrom(42 as never, 5061, { label: 'probe' }), expected: ['allowFrom peer 42 is not a CIDR, a list of CIDRs, a role construct'] },
  { input: "allowFrom(..., { label: 'probe', purpose: 7 })", build: (b) => fe(b, {}).allowFrom('10.99.0.0/24', 5061, { label: 'probe', purpose: 7 } as never), expected: ['options.purpose 7 is a number, not a string'] },
];

describe.each(BAD_INPUTS.map((c) => [c.input, c] as const))('bad input: %s', (_input, c) => {
  test.each(c.clouds ?? CLOUDS)('%s: a clear MsPortsError naming the path, prop, value and fix', (cloud) => {
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
    expect(msg.startsWith(`[cdktf-ms-ports] test-${cloud}/${c.at === 'net' ? 'net2' : c.at ?? 'fe'}: `)).toBe(true);
    expect(msg).toContain('. Fix: ');
    for (const f of c.expected) {
      if (typeof f === 'string') expect(msg).toContain(f);
      else expect(msg).toMatch(f);
    }
  });
});

test('the corpus is large and every entry names what the user wrote', () => {
  expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(35);
  expect(new Set(BAD_INPUTS.map((c) => c.input)).size).toBe(BAD_INPUTS.length);
});
