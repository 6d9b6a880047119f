/**
 * The full Skype for Business + Active Directory site of the exactness suite, built on either cloud
 * with every role kind, load balanced, with two hosts attached to every role in the cloud
 * (`attachHost`), wired in one of the suite's ways. Next to the constructs it returns the suite's
 * own description of the site (kinds, options, wiring), which the oracle (exact-oracle.ts) reads:
 * the description is written here by hand from the props set below, never read from the library.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import type { NetworkBinding } from '../../lib/core/binding';
import type { SecurityRole } from '../../lib/core/role';
import { ClientNetwork } from '../../lib/skype/client-network';
import { Director } from '../../lib/skype/director';
import { EdgeServer } from '../../lib/skype/edge';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { MediationServer } from '../../lib/skype/mediation';
import { OfficeWebAppsServer } from '../../lib/skype/office-web-apps';
import { PstnGateway } from '../../lib/skype/outside';
import { PersistentChatPool } from '../../lib/skype/persistent-chat';
import { ReverseProxy } from '../../lib/skype/reverse-proxy';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import type { TerraformJson } from '../../lib/verify';
import type { Cloud } from './stacks';

/** The kinds of role the oracle knows (its own names, not the library's). */
export type Kind =
  | 'front-end'
  | 'director'
  | 'mediation'
  | 'persistent-chat'
  | 'office-web-apps'
  | 'edge-internal'
  | 'edge-external'
  | 'reverse-proxy'
  | 'client-network'
  | 'domain-controller'
  | 'windows-server'
  | 'pstn-gateway'
  | 'internet'
  /** A `servers` CIDR: a Skype server of any pool kind (Front End, Director, Mediation, Persistent Chat). */
  | 'skype-server-any'
  /** A DomainController `clients` CIDR: member workstations and servers. */
  | 'member-network';

/** One role of the site, as the oracle sees it. */
export interface SiteRole {
  /** The role's `name` (boundary output) or, outside the cloud, a label. */
  readonly name: string;
  readonly kind: Kind;
  /** Outside the cloud: the address that stands for it in probes (a host of it). */
  readonly outsideAddress?: string;
  /** Conditions switched on by the props set (catalog `condition` keys). */
  readonly conditions: readonly string[];
  /** Configured ranges: catalog id -> ranges (configurable rows, peer-port rows). */
  readonly configured: Readonly<Record<string, string>>;
  /** The Active Directory domain whose controllers it is (DC) or which it joined (member). */
  readonly domain?: string;
  /** For a DC set: the domains it trusts (both ways: KB179442). */
  readonly trusts?: readonly string[];
}

/** The suite's description of a site: roles, and which pairs of roles are wired. */
export interface SiteModel {
  readonly roles: readonly SiteRole[];
  /** Unordered pairs of role names wired to each other (a role is always wired to itself). */
  readonly wired: readonly (readonly [string, string])[];
}

export interface BuiltSite {
  readonly cloud: Cloud;
  readonly app: App;
  readonly stack: TerraformStack;
  readonly network: NetworkBinding;
  readonly model: SiteModel;
}

export const CLIENT_MEDIA = '50000-50199';
export const GATEWAY_MEDIA = '16384-32767';
export const GATEWAY = '192.168.50.10';
/** A public address standing for the internet (both as a source and as a destination). */
export const INTERNET = '52.1.2.3';

function network(cloud: Cloud, stack: TerraformStack): NetworkBinding {
  return cloud === 'azure'
    ? new AzureNetwork(stack, 'net', {
        resourceGroupName: 'rg-exact',
        location: 'japaneast',
        virtualNetworkName: 'vnet-exact',
        loadBalancerSubnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-exact/providers/Microsoft.Network/virtualNetworks/vnet-exact/subnets/snet-lb',
      })
    : new AwsNetwork(stack, 'net', {
        vpcId: 'vpc-0abc1234def567890',
        loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'],
        publicSubnetIds: ['subnet-0fff5555aaa66666b', 'subnet-0ccc7777ddd88888e'],
      });
}

let ipSeq = 10;
/** Attach two hosts to a role in the cloud, with the cloud's pool field when the role is load balanced. */
export function attachTwo(cloud: Cloud, role: SecurityRole, balanced: boolean, services?: readonly string[]): void {
  for (const n of [1, 2]) {
    const host = `${role.roleName}-${n}`;
    const nic = cloud === 'azure' ? `/subscriptions/0/resourceGroups/rg-exact/providers/Microsoft.Network/networkInterfaces/nic-${host}` : `eni-${host}`;
    if (services) {
      const serviceAddresses = Object.fromEntries(services.map((s) => [s, cloud === 'azure' ? { ipConfigurationName: `ip-${s}` } : { privateIp: `10.9.${ipSeq % 250}.${n * 10 + services.indexOf(s)}` }]));
      ipSeq++;
      role.attachHost({ name: `h${n}`, networkInterfaceId: nic, serviceAddresses } as never);
    } else if (balanced) {
      role.attachHost(cloud === 'azure' ? { name: `h${n}`, networkInterfaceId: nic, ipConfigurationName: 'ipconfig1' } : { name: `h${n}`, networkInterfaceId: nic, privateIp: `10.9.${ipSeq++ % 250}.${n}` });
    } else {
      role.attachHost({ name: `h${n}`, networkInterfaceId: nic });
    }
  }
}

export interface SiteOptions {
  /** The Front End pool runs the Mediation service too (and so has the gateways). */
  readonly collocatedMediation?: boolean;
}

/**
 * Wiring (a): every role in the cloud (the PSTN gateway and the internet are outside by nature).
 * Domain `corp` (two controller sets, `dc-corp` and `dc-corp2` by `sameDomainAs`) trusts `partner`
 * (controller set `dc-partner`, in the cloud).
 */
export function allInCloud(cloud: Cloud, opts: SiteOptions = {}): BuiltSite {
  const app = Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off' } });
  const stack = new TerraformStack(app, `exact-${cloud}`);
  const net = network(cloud, stack);
  const dc = new DomainController(stack, 'dc', { network: net, name: 'dc-corp' });
  const dc2 = new DomainController(stack, 'dc2', { network: net, name: 'dc-corp2', sameDomainAs: dc });
  const partner = new DomainController(stack, 'partner', { network: net, name: 'dc-partner' });
  dc.addTrust(partner);
  const vdi = new ClientNetwork(stack, 'vdi', { network: net, name: 'vdi', clientMediaPorts: CLIENT_MEDIA, domain: dc });
  const gw = PstnGateway.fromAddresses(stack, 'gw', { network: net, name: 'pstn-gw', cidrs: [`${GATEWAY}/32`] });
  const owa = new OfficeWebAppsServer(stack, 'owa', { network: net, name: 'owa', clients: [vdi], clientMediaPorts: CLIENT_MEDIA, domain: dc });
  const fs = new WindowsServer(stack, 'fs', { network: net, name: 'fs01', services: ['smb'], domain: dc });
  const gatewayPorts = { media: GATEWAY_MEDIA };
  const fe = new FrontEndPool(stack, 'fe', {
    network: net,
    name: 'fe-pool',
    clients: [vdi],
    clientMediaPorts: CLIENT_MEDIA,
    loadBalancing: 'hardware',
    centralManagementStore: true,
    officeWebApps: owa,
    fileShare: fs,
    domain: dc,
    ...(opts.collocatedMediation ? { collocatedMediation: true, pstnGateways: [gw], pstnGatewayPorts: gatewayPorts } : {}),
  });
  const dir = new Director(stack, 'dir', { network: net, name: 'dir-pool', clients: [vdi], clientMediaPorts: CLIENT_MEDIA, loadBalancing: 'hardware', domain: dc });
  const med = new MediationServer(stack, 'med', { network: net, name: 'med-pool', pstnGateways: [gw], pstnGatewayPorts: gatewayPorts, clients: [vdi], clientMediaPorts: CLIENT_MEDIA, loadBalancing: 'hardware', domain: dc });
  const chat = new PersistentChatPool(stack, 'pchat', { network: net, name: 'pchat-pool', version: 2015, clients: [vdi], clientMediaPorts: CLIENT_MEDIA, domain: dc });
  const edge = new EdgeServer(stack, 'edge', { network: net, name: 'edge-pool', pools: [fe, dir], clients: [vdi], loadBalancing: 'hardware', serverCount: 2 });
  const rp = new ReverseProxy(stack, 'rp', { network: net, name: 'rp', pools: [fe, dir], officeWebApps: owa });
  fe.connect(edge);
  dir.connect(edge);

  const balanced = (r: SecurityRole) => r.intent().listeners.length > 0;
  for (const r of [dc, dc2, partner, vdi, owa, fs, fe, dir, med, chat, edge, rp]) attachTwo(cloud, r, balanced(r));
  attachTwo(cloud, edge.external!, false, edge.external!.hostServices());

  return { cloud, app, stack, network: net, model: siteModel(opts) };
}

/** The suite's description of the site of wiring (a): its roles with the options set, and which pairs are wired. */
export function siteModel(opts: SiteOptions = {}): SiteModel {
  const corp = { domain: 'corp' };
  const roles: SiteRole[] = [
    { name: 'dc-corp', kind: 'domain-controller', conditions: [], configured: {}, ...corp, trusts: ['partner'] },
    { name: 'dc-corp2', kind: 'domain-controller', conditions: [], configured: {}, ...corp, trusts: ['partner'] },
    { name: 'dc-partner', kind: 'domain-controller', conditions: [], configured: {}, domain: 'partner', trusts: ['corp'] },
    { name: 'vdi', kind: 'client-network', conditions: [], configured: clientMedia(), ...corp },
    { name: 'owa', kind: 'office-web-apps', conditions: [], configured: {}, ...corp },
    { name: 'fs01', kind: 'windows-server', conditions: [], configured: {}, ...corp },
    { name: 'fe-pool', kind: 'front-end', conditions: ['cms-host', ...(opts.collocatedMediation ? ['mediation-collocated'] : [])], configured: gatewayConfigured('fe'), ...corp },
    { name: 'dir-pool', kind: 'director', conditions: [], configured: {}, ...corp },
    { name: 'med-pool', kind: 'mediation', conditions: [], configured: gatewayConfigured('med'), ...corp },
    { name: 'pchat-pool', kind: 'persistent-chat', conditions: [], configured: {}, ...corp },
    { name: 'edge-pool', kind: 'edge-internal', conditions: ['federation'], configured: {} },
    { name: 'edge-pool-ext', kind: 'edge-external', conditions: ['federation'], configured: {} },
    { name: 'rp', kind: 'reverse-proxy', conditions: [], configured: {} },
    { name: 'pstn-gw', kind: 'pstn-gateway', outsideAddress: GATEWAY, conditions: [], configured: {} },
    { name: 'internet', kind: 'internet', outsideAddress: INTERNET, conditions: [], configured: {} },
  ];
  const skype = ['fe-pool', 'dir-pool', 'med-pool', 'pchat-pool', 'edge-pool'];
  const members = ['dc-corp', 'dc-corp2', 'vdi', 'owa', 'fs01', 'fe-pool', 'dir-pool', 'med-pool', 'pchat-pool'];
  const wired: [string, string][] = [
    // The site's Skype servers reach each other without being listed (SkypeRoleProps.servers); the
    // Edge internal interface is taken as one of them: its rows name `servers` and `mediation`.
    ...pairsAmong(skype),
    ...['fe-pool', 'dir-pool', 'med-pool', 'pchat-pool', 'owa', 'edge-pool'].map((r) => ['vdi', r] as [string, string]),
    ['owa', 'fe-pool'],
    ['owa', 'rp'],
    ['fs01', 'fe-pool'],
    ['rp', 'fe-pool'],
    ['rp', 'dir-pool'],
    ['rp', 'internet'],
    ['edge-pool-ext', 'internet'],
    ['med-pool', 'pstn-gw'],
    ...(opts.collocatedMediation ? [['fe-pool', 'pstn-gw'] as [string, string]] : []),
    // The domain: every member with every controller set, and the file server's SMB with every member.
    ...pairsAmong(members),
    ['dc-partner', 'dc-corp'],
    ['dc-partner', 'dc-corp2'],
  ];
  return { roles, wired };
}

function clientMedia(): Record<string, string> {
  return Object.fromEntries(['sfb.client.media-audio', 'sfb.client.media-video', 'sfb.client.media-file-transfer', 'sfb.client.media-app-sharing'].map((id) => [id, CLIENT_MEDIA]));
}

function gatewayConfigured(kind: 'fe' | 'med'): Record<string, string> {
  return kind === 'med' ? { 'sfb.med.gateway-media': GATEWAY_MEDIA } : { 'sfb.fe.mediation.gateway-media': GATEWAY_MEDIA };
}

function pairsAmong(names: readonly string[]): [string, string][] {
  return names.flatMap((a, i) => names.slice(i + 1).map((b) => [a, b] as [string, string]));
}

export function synth(site: BuiltSite): TerraformJson {
  return JSON.parse(Testing.synth(site.stack)) as TerraformJson;
}

/** The roles a test can put alone in the cloud in wiring (b). */
export const UNDER_TEST = ['fe-pool', 'dir-pool', 'med-pool', 'pchat-pool', 'owa', 'edge-pool', 'rp', 'vdi', 'dc-corp'] as const;
export type UnderTest = (typeof UNDER_TEST)[number];

/** Outside addresses of wiring (b): each role outside the cloud has a /28, probed at its fifth address. */
const OUTSIDE: Readonly<Record<string, string>> = {
  'fe-pool': '192.168.1.0',
  'dir-pool': '192.168.2.0',
  'med-pool': '192.168.3.0',
  'pchat-pool': '192.168.4.0',
  owa: '192.168.5.0',
  'edge-pool': '192.168.6.0',
  rp: '192.168.7.0',
  vdi: '192.168.8.0',
  'dc-corp': '192.168.9.0',
  'dc-corp2': '192.168.10.0',
  'dc-partner': '192.168.11.0',
};
const probeAddress = (net: string) => net.replace(/\.0$/, '.5');

/**
 * Wiring (b): the role under test in the cloud (hosts attached), each of its peers of wiring (a)
 * outside the cloud by its addresses (`<Kind>.fromAddresses`), wired by `connect` or by the props
 * that take roles (clients, pools, domain, officeWebApps, pstnGateways). The file server is left out
 * (a WindowsServer has no outside form; its peers by address are wiring (c)).
 */
export function peersOutside(cloud: Cloud, under: UnderTest): BuiltSite {
  const app = Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off' } });
  const stack = new TerraformStack(app, `exact-b-${cloud}-${under}`);
  const net = network(cloud, stack);
  const out = (name: string) => ({ network: net, name, cidrs: [`${OUTSIDE[name]}/28`] });
  const media = { clientMediaPorts: CLIENT_MEDIA };
  const inCloud = (n: string) => n === under;
  const gw = PstnGateway.fromAddresses(stack, 'gw', { network: net, name: 'pstn-gw', cidrs: [`${GATEWAY}/32`] });
  const gatewayPorts = { media: GATEWAY_MEDIA };
  const dc = inCloud('dc-corp') ? new DomainController(stack, 'dc', { network: net, name: 'dc-corp' }) : DomainController.fromAddresses(stack, 'dc', out('dc-corp'));
  const vdi = inCloud('vdi') ? new ClientNetwork(stack, 'vdi', { network: net, name: 'vdi', ...media, domain: dc }) : ClientNetwork.fromAddresses(stack, 'vdi', { ...out('vdi'), ...media });
  const owa = inCloud('owa') ? new OfficeWebAppsServer(stack, 'owa', { network: net, name: 'owa', clients: [vdi], ...media, domain: dc }) : OfficeWebAppsServer.fromAddresses(stack, 'owa', out('owa'));
  const fe = inCloud('fe-pool')
    ? new FrontEndPool(stack, 'fe', { network: net, name: 'fe-pool', clients: [vdi], ...media, loadBalancing: 'hardware', centralManagementStore: true, officeWebApps: owa, domain: dc })
    : FrontEndPool.fromAddresses(stack, 'fe', { ...out('fe-pool'), centralManagementStore: true });
  const dir = inCloud('dir-pool') ? new Director(stack, 'dir', { network: net, name: 'dir-pool', clients: [vdi], ...media, loadBalancing: 'hardware', domain: dc }) : Director.fromAddresses(stack, 'dir', out('dir-pool'));
  const med = inCloud('med-pool')
    ? new MediationServer(stack, 'med', { network: net, name: 'med-pool', pstnGateways: [gw], pstnGatewayPorts: gatewayPorts, clients: [vdi], ...media, loadBalancing: 'hardware', domain: dc })
    : MediationServer.fromAddresses(stack, 'med', out('med-pool'));
  const chat = inCloud('pchat-pool') ? new PersistentChatPool(stack, 'pchat', { network: net, name: 'pchat-pool', version: 2015, clients: [vdi], ...media, domain: dc }) : PersistentChatPool.fromAddresses(stack, 'pchat', { ...out('pchat-pool'), version: 2015 });
  const edge = inCloud('edge-pool') ? new EdgeServer(stack, 'edge', { network: net, name: 'edge-pool', pools: [fe, dir], clients: [vdi], loadBalancing: 'hardware', serverCount: 2 }) : EdgeServer.fromAddresses(stack, 'edge', out('edge-pool'));
  const rp = inCloud('rp') ? new ReverseProxy(stack, 'rp', { network: net, name: 'rp', pools: [fe, dir], officeWebApps: owa }) : ReverseProxy.fromAddresses(stack, 'rp', out('rp'));
  DomainController.fromAddresses(stack, 'dc2', { ...out('dc-corp2'), sameDomainAs: dc });
  const partner = DomainController.fromAddresses(stack, 'partner', out('dc-partner'));
  if (under === 'dc-corp') dc.addTrust(partner);

  const byName: Record<string, SecurityRole> = { 'fe-pool': fe, 'dir-pool': dir, 'med-pool': med, 'pchat-pool': chat, owa, 'edge-pool': edge, rp, vdi, 'dc-corp': dc };
  const site = siteModel();
  const involves = (x: string) => x === under || (under === 'edge-pool' && x === 'edge-pool-ext');
  // Outside Skype roles declare no domain membership: with the controllers under test, only the other controller sets are wired.
  const wired = site.wired.filter(([a, b]) => (involves(a) || involves(b)) && a !== 'fs01' && b !== 'fs01' && (under !== 'dc-corp' || [a, b].every((x) => x.startsWith('dc-'))));
  const self = byName[under];
  // Wire what the props above did not: the other Skype servers and the Edge (connect is symmetric).
  for (const [a, b] of wired) {
    const other = a === under ? b : b === under ? a : undefined;
    if (other === undefined || !byName[other] || other === 'vdi' || other === 'dc-corp' || under === 'vdi' || under === 'dc-corp') continue;
    self.connect(byName[other]);
  }
  if (under === 'vdi') for (const o of ['fe-pool', 'dir-pool', 'med-pool', 'pchat-pool', 'owa', 'edge-pool']) self.connect(byName[o]);
  const balanced = (r: SecurityRole) => r.intent().listeners.length > 0;
  attachTwo(cloud, self, balanced(self));
  if (under === 'edge-pool') attachTwo(cloud, (edge as EdgeServer).external!, false, (edge as EdgeServer).external!.hostServices());

  const cloudNames = new Set<string>([under, ...(under === 'edge-pool' ? ['edge-pool-ext'] : [])]);
  const roles = site.roles
    .filter((r) => r.name !== 'fs01' && (r.name !== 'edge-pool-ext' || under === 'edge-pool')) // the external interface has no outside form
    .map((r) => (cloudNames.has(r.name) || r.outsideAddress ? r : { ...r, outsideAddress: probeAddress(OUTSIDE[r.name]) }));
  return { cloud, app, stack, network: net, model: { roles, wired } };
}


/**
 * Wiring (c): the role under test in the cloud, its peers given as address props (CIDRs): `clients`,
 * `servers`, `edgeInternal`, `reverseProxy`, `officeWebApps`, `fileShare`, `pstnGateways`, and for
 * the controllers `clients` and `trusts`. Each CIDR is a role of the kind its prop names.
 */
export const UNDER_TEST_C = ['fe-pool', 'med-pool', 'dc-corp', 'fs01'] as const;

export function peersAsAddresses(cloud: Cloud, under: (typeof UNDER_TEST_C)[number]): BuiltSite {
  const app = Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off' } });
  const stack = new TerraformStack(app, `exact-c-${cloud}-${under}`);
  const net = network(cloud, stack);
  const media = { clientMediaPorts: CLIENT_MEDIA };
  const cidr = (net8: string) => `${net8}/28`;
  const at = (net8: string) => probeAddress(net8);
  const A = { clients: '10.30.0.0', servers: '10.40.0.0', edge: '10.41.0.0', rp: '10.42.0.0', owa: '10.43.0.0', fs: '10.44.0.0', gw: '192.168.50.0', members: '10.20.0.0', trust: '10.50.0.0' };
  const none = { conditions: [] as string[], configured: {} };
  const clientRole: SiteRole = { name: 'clients-cidr', kind: 'client-network', outsideAddress: at(A.clients), ...none, configured: clientMedia() };
  let roles: SiteRole[] = [];
  let wired: [string, string][] = [];
  let role: SecurityRole;
  if (under === 'fe-pool') {
    role = new FrontEndPool(stack, 'fe', {
      network: net,
      name: 'fe-pool',
      clients: [cidr(A.clients)],
      ...media,
      servers: [cidr(A.servers)],
      edgeInternal: [cidr(A.edge)],
      reverseProxy: [cidr(A.rp)],
      officeWebApps: [cidr(A.owa)],
      fileShare: [cidr(A.fs)],
      loadBalancing: 'hardware',
      centralManagementStore: true,
    });
    roles = [
      { name: 'fe-pool', kind: 'front-end', conditions: ['cms-host'], configured: {} },
      clientRole,
      { name: 'servers-cidr', kind: 'skype-server-any', outsideAddress: at(A.servers), ...none },
      { name: 'edge-cidr', kind: 'edge-internal', outsideAddress: at(A.edge), ...none, conditions: ['federation'] },
      { name: 'rp-cidr', kind: 'reverse-proxy', outsideAddress: at(A.rp), ...none },
      { name: 'owa-cidr', kind: 'office-web-apps', outsideAddress: at(A.owa), ...none },
      { name: 'fs-cidr', kind: 'windows-server', outsideAddress: at(A.fs), ...none },
    ];
  } else if (under === 'med-pool') {
    role = new MediationServer(stack, 'med', { network: net, name: 'med-pool', clients: [cidr(A.clients)], ...media, servers: [cidr(A.servers)], pstnGateways: [`${GATEWAY}/32`], pstnGatewayPorts: { media: GATEWAY_MEDIA }, loadBalancing: 'hardware' });
    roles = [
      { name: 'med-pool', kind: 'mediation', conditions: [], configured: gatewayConfigured('med') },
      clientRole,
      { name: 'servers-cidr', kind: 'skype-server-any', outsideAddress: at(A.servers), ...none },
      { name: 'pstn-gw', kind: 'pstn-gateway', outsideAddress: GATEWAY, ...none },
    ];
  } else if (under === 'dc-corp') {
    role = new DomainController(stack, 'dc', { network: net, name: 'dc-corp', clients: [`${A.members}/16`], trusts: [cidr(A.trust)] });
    roles = [
      { name: 'dc-corp', kind: 'domain-controller', ...none, domain: 'corp', trusts: ['partner'] },
      { name: 'members-cidr', kind: 'member-network', outsideAddress: at(A.members), ...none, domain: 'corp' },
      { name: 'trust-cidr', kind: 'domain-controller', outsideAddress: at(A.trust), ...none, domain: 'partner', trusts: ['corp'] },
    ];
  } else {
    role = new WindowsServer(stack, 'fs', { network: net, name: 'fs01', services: ['smb'], clients: [`${A.members}/16`] });
    roles = [
      { name: 'fs01', kind: 'windows-server', ...none },
      { name: 'clients-cidr', kind: 'client-network', outsideAddress: at(A.members), ...none },
    ];
  }
  wired = roles.filter((r) => r.name !== under).map((r) => [under, r.name]);
  attachTwo(cloud, role, role.intent().listeners.length > 0);
  return { cloud, app, stack, network: net, model: { roles, wired } };
}
