/**
 * The benchmark's topologies, built with the library as a user would write them. A site is a
 * hardware-balanced Front End pool, the site's domain controllers and two member Windows servers
 * (a file server and an RDS host) on the site's own network; the full site has every role the
 * library has. Used by `npm run bench` (bench/child.ts) and by the floor generator's test.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack, type App } from 'cdktf';
import type { Construct } from 'constructs';
import { hub, site, type Hub } from '../examples/multi-stack/estate';
import { skypeSite } from '../examples/skype-site/site';
import { AwsNetwork } from '../lib/aws/network';
import { AzureNetwork } from '../lib/azure/network';
import type { NetworkBinding } from '../lib/core/binding';
import { FrontEndPool } from '../lib/skype/front-end-pool';
import { DomainController } from '../lib/windows/domain-controller';
import { WindowsServer } from '../lib/windows/windows-server';

export type Cloud = 'azure' | 'aws';
export const CLOUDS: readonly Cloud[] = ['azure', 'aws'];

export interface Topology {
  /** Short name used in file names and the table. */
  readonly name: string;
  /** What it is, for the table. */
  readonly title: string;
  readonly sites: number;
  /**
   * `one`: every site in one stack on one network; `per-site`: one stack (with its provider and
   * network) per site; `hub`: shared roles (domain controllers, Director, Edge pool) in a hub stack
   * and one stack per site wired to them (`sharedNetworks`).
   */
  readonly stacks: 'one' | 'per-site' | 'hub';
  readonly site: 'basic' | 'full';
}

export const TOPOLOGIES: readonly Topology[] = [
  { name: 'full-site', title: 'one full site (every role)', sites: 1, stacks: 'one', site: 'full' },
  { name: 'sites-20', title: '20 sites, one stack', sites: 20, stacks: 'one', site: 'basic' },
  { name: 'sites-100', title: '100 sites, one stack', sites: 100, stacks: 'one', site: 'basic' },
  { name: 'sites-200', title: '200 sites, one stack', sites: 200, stacks: 'one', site: 'basic' },
  { name: 'stacks-200', title: '200 sites in 200 stacks', sites: 200, stacks: 'per-site', site: 'basic' },
  { name: 'hub-100', title: 'hub + 100 site stacks (shared roles)', sites: 100, stacks: 'hub', site: 'basic' },
];

export function topology(name: string): Topology {
  const t = TOPOLOGIES.find((x) => x.name === name);
  if (!t) throw new Error(`unknown topology "${name}"; known: ${TOPOLOGIES.map((x) => x.name).join(', ')}`);
  return t;
}

/** A stack with its provider, as in the examples. */
function newStack(app: App, id: string, cloud: Cloud): TerraformStack {
  const stack = new TerraformStack(app, id);
  if (cloud === 'azure') new AzurermProvider(stack, 'azurerm', { features: [{}] });
  else new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  return stack;
}

/**
 * A site's network binding, as in the examples. `site`: a site of its own (its own virtual network
 * and resource group, or VPC), whose boundary names may repeat another site's; without it the
 * network is the hub's (or the only one), and sites sharing it give a namePrefix.
 */
function newNetwork(stack: TerraformStack, id: string, cloud: Cloud, extra: { namePrefix?: string; sharedNetworks?: NetworkBinding[] } = {}, site?: number): NetworkBinding {
  const own = site === undefined ? '' : `-s${site}`;
  if (cloud === 'azure') {
    return new AzureNetwork(stack, id, {
      ...extra,
      resourceGroupName: `rg-uc${own}`,
      location: 'japaneast',
      virtualNetworkName: `vnet-uc${own}`,
      loadBalancerSubnetId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc${own}/providers/Microsoft.Network/virtualNetworks/vnet-uc${own}/subnets/snet-lb`,
    });
  }
  // The full site's Front End pool, wired to every documented peer, needs more than the default 60
  // inbound rules: the bench account has a raised quota, as such estates do.
  return new AwsNetwork(stack, id, {
    ...extra,
    vpcId: site === undefined ? 'vpc-0abc1234def567890' : `vpc-0abc1234def5${site.toString(16).padStart(5, '0')}`,
    loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'],
    publicSubnetIds: ['subnet-0fff5555aaa66666b', 'subnet-0ccc7777ddd88888e'],
    rulesPerSecurityGroup: 200,
  });
}

/** Site i's address plan: clients 10.64.i.0/24, servers 10.65.i.0/24, reverse proxy 10.66.i.0/28. */
function addresses(i: number) {
  return { clients: `10.64.${i}.0/24`, servers: `10.65.${i}.0/24`, reverseProxy: `10.66.${i}.0/28`, admins: '10.0.99.0/24' };
}

/** One basic site: Front End pool (hardware LB), domain controllers, file server, RDS host. */
function basicSite(scope: Construct, network: NetworkBinding, i: number): void {
  const a = addresses(i);
  const s = `s${i}`;
  const dc = new DomainController(scope, `dc-${s}`, { network, clients: [a.clients], admins: [a.admins], dynamicRpc: 'modern' });
  new FrontEndPool(scope, `fe-${s}`, { network, clients: [a.clients], servers: [a.servers], reverseProxy: [a.reverseProxy], loadBalancing: 'hardware', domain: dc });
  new WindowsServer(scope, `fs-${s}`, { network, services: ['smb'], clients: [a.clients], admins: [a.admins], domain: dc });
  new WindowsServer(scope, `rds-${s}`, { network, services: ['rds'], remoteDesktopUsers: [a.clients], admins: [a.admins], domain: dc });
}

/** A site wired to the hub's shared roles: Front End pool (hardware LB), file server and RDS host in the hub's domain. */
function hubSite(scope: Construct, network: NetworkBinding, shared: Hub, i: number): void {
  const a = addresses(i);
  const { pool } = site(scope, network, shared, a.clients);
  pool.connect(shared.director);
  new WindowsServer(scope, 'rds', { network, name: 'rds01', services: ['rds'], remoteDesktopUsers: [a.clients], admins: [a.admins], domain: shared.dc });
}

/**
 * The full site: every role the library has. The Skype site of the examples (Front End, Director,
 * Mediation, Edge, reverse proxy, Persistent Chat, Office Web Apps, a client network, PSTN gateways,
 * Exchange UM and controllers on-premises by address, a cloud controller site), plus Windows servers
 * of several services in its domain and a trusted forest's controllers.
 */
function fullSite(scope: Construct, network: NetworkBinding): void {
  const a = addresses(0);
  const site = skypeSite(scope, network);
  const forest = new DomainController(scope, 'dc-partner', { network, clients: ['10.80.0.0/16'], admins: [a.admins], legacyNetbios: true });
  site.dcCloud.addTrust(forest);
  const services: readonly (readonly string[])[] = [['smb'], ['rds'], ['dns', 'dhcp'], ['w3svc'], ['winrm']];
  services.forEach((svc, n) => {
    new WindowsServer(scope, `win-${svc.join('-')}`, { network, name: `win${n}`, services: svc, clients: [a.clients], admins: [a.admins], remoteDesktopUsers: [a.clients], domain: site.dcCloud });
  });
}

/**
 * Builds the topology into `app`. Every site has its own network binding (its own virtual network or
 * VPC): `one` puts all of them in one stack, `per-site` gives each its own stack and provider.
 * Returns the network bindings.
 */
export function buildTopology(app: App, t: Topology, cloud: Cloud): NetworkBinding[] {
  if (t.site === 'full') {
    const stack = newStack(app, `${t.name}-${cloud}`, cloud);
    const network = newNetwork(stack, 'net', cloud);
    fullSite(stack, network);
    return [network];
  }
  const networks: NetworkBinding[] = [];
  if (t.stacks === 'hub') {
    const hubStack = newStack(app, `${t.name}-${cloud}-hub`, cloud);
    const hubNetwork = newNetwork(hubStack, 'net', cloud);
    const shared = hub(hubStack, hubNetwork);
    networks.push(hubNetwork);
    for (let i = 0; i < t.sites; i++) {
      const stack = newStack(app, `${t.name}-${cloud}-s${i}`, cloud);
      const network = newNetwork(stack, 'net', cloud, { namePrefix: `s${i}-`, sharedNetworks: [hubNetwork] });
      hubSite(stack, network, shared, i);
      networks.push(network);
    }
    return networks;
  }
  const shared = t.stacks === 'one' ? newStack(app, `${t.name}-${cloud}`, cloud) : undefined;
  for (let i = 0; i < t.sites; i++) {
    const stack = shared ?? newStack(app, `${t.name}-${cloud}-s${i}`, cloud);
    const network = newNetwork(stack, `net-s${i}`, cloud, {}, i);
    basicSite(stack, network, i);
    networks.push(network);
  }
  return networks;
}
