/**
 * Skype for Business Edge pool (1-12 servers): two boundaries, since an Edge Server has two network
 * cards — the internal interface (reached by the Front End and Director pools) and the external
 * interface (Access, Web Conferencing and A/V Edge services, facing the internet by design). Ports
 * from the Edge environmental requirements tables (ms-port-facts §1.3-1.6) and the Edge rows of the
 * IPsec exception table (seed 001).
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import type { CatalogRole } from '../catalog/roles';
import type { PeerClass, PortEntry } from '../catalog/types';
import type { ExistingPeer } from '../core/existing';
import { SecurityRole, type RoleDeclaration, type SecurityRoleProps } from '../core/role';
import { declareIpsec, declareListeners, frontendKey, frontendName, type EntryOptions, type PeerSide } from '../model/declare';
import { MsPortsError } from '../model/errors';
import { entriesOf, SkypeRole, type OutsideMarker, type PeersInput, type SkypeOutsideProps } from './skype-role';
import { bool, checkOutsideProps, checkProps, cidrList, integer, object, oneOf, str, type PropSchema } from '../core/props';
import { POOLS, SKYPE_OUTSIDE_KEYS, skypeRoleProps, VERSION } from './props';
import type { SkypeVersion } from '../catalog/versions';
import { m365Snapshot, setCitation, type EndpointSet } from '../catalog/m365-endpoints';
import { HYBRID_ENDPOINT_SETS } from '../catalog/skype-hybrid';
import { cidrContains, parseCidr } from '../model/cidr';
import type { Flow, Peer } from '../model/intent';
import { parsePorts } from '../model/ports';
import { SkypeHybridEgress } from '../egress/hybrid';

/** How the Edge pool is balanced (edge-environmental-requirements: single, DNS or hardware load balancing). */
export type EdgeLoadBalancing = 'single' | 'dns' | 'hardware';

export interface EdgeServerProps extends SecurityRoleProps {
  /**
   * The Front End and Director pools that talk to the Edge (its next hop and the others), as roles or
   * CIDRs. Renders, on the internal interface: SIP/MTLS 5061 both ways, PSOM 8057 and A/V
   * authentication 5062 from the Front End pools, A/V media relay 3478/UDP and 443/TCP, 4443 from the
   * pool that holds the Central Management store, XMPP 23456 from the XMPP gateway pool; and the
   * pools' Bandwidth Policy Service 5080 from the Edge. Required unless `nextHop` is given.
   */
  readonly pools?: PeersInput;
  /** The pool the Edge routes to (its next hop): a Front End pool or Director, added to `pools`. */
  readonly nextHop?: SecurityRole;
  /** Internal client networks (CIDRs or ClientNetwork roles): A/V media relay 3478/UDP and 443/TCP to the internal interface. Default: none. */
  readonly clients?: readonly (string | SecurityRole | ExistingPeer)[];
  /** `single` server, `dns` load balancing, or `hardware` load balancing (internet-facing pass-through VIPs for 443/TCP, 5061/TCP, 3478/UDP). Default `dns`. */
  readonly loadBalancing?: EdgeLoadBalancing;
  /** Number of Edge Servers in the pool: 1 for `single`, 1-12 otherwise (the documented supported maximum). Default 1 (single) or 2. */
  readonly serverCount?: number;
  /**
   * Skype for Business Server version: 2015, 2019 or `'SE'` (Subscription Edition). Default `'SE'`.
   * 2019 and SE share their port tables; XMPP exists in 2015 only (catalog/versions.ts).
   */
  readonly version?: SkypeVersion;
  /** Federation and public IM on the Access Edge (SIP/MTLS 5061 in and out). Default true. */
  readonly federation?: boolean;
  /** XMPP federation (5269 in and out, 23456 from the XMPP gateway pool): Skype for Business Server 2015 only. Default false. */
  readonly xmpp?: boolean;
  /** Centralized Logging Service 50001-50003 to the internal interface, from the site's servers, the pools and these admin networks. Default: off. */
  readonly centralizedLogging?: { readonly admins?: readonly string[] };
  /** With `hardware`: an internal VIP as well (only with Exchange 2007/2010 UM or legacy clients using the Edge). Default false. */
  readonly internalVip?: boolean;
  /** Name of the external interface's boundary. Default `<name>-ext`. */
  readonly externalName?: string;
  /**
   * Hybrid with Microsoft 365: the port table of "Plan hybrid connectivity" (Skype for Business Server
   * 2019 docs; catalog/skype-hybrid.ts) on the external interface — Access Edge SIP 5061 and A/V Edge
   * STUN (TCP 443/50000-59999, UDP 3478) to and from Microsoft 365, with the table's source ports —
   * towards the published addresses of Microsoft 365 endpoint sets 11 and 12 (the Teams/Skype service
   * area sets with addresses) from the shipped snapshot; and the Front End pools given as `nextHop` or
   * `pools` (roles in the cloud) join an egress group to endpoint set 56 (server-to-server
   * authentication, lib/egress/hybrid.ts). Default false: nothing of it is rendered.
   */
  readonly hybrid?: boolean;
}

/** The services of the Edge external interface, as `serviceAddresses` keys: the services of the external VIP table, in its order (made on first use). */
let edgeServices: readonly string[] | undefined;
function edgeServiceKeys(): readonly string[] {
  return (edgeServices ??= Object.freeze([
    ...new Set(catalog.loadBalancer('sfb-edge-external', 'hardware').flatMap((e) => (e.service ? [frontendKey(frontendName(e.service))] : []))),
  ]));
}

/** The external interface of an Edge pool: created by EdgeServer, internet-facing by design. */
export class EdgeExternalInterface extends SkypeRole {
  constructor(
    scope: Construct,
    id: string,
    props: SecurityRoleProps,
    private readonly edge: EdgeServer,
  ) {
    super(scope, id, props, 'Skype for Business Edge external interface', { internetFacing: true });
  }

  plays(): readonly PeerClass[] {
    return ['edge-external', 'edge-peers'];
  }

  /**
   * Access, Web Conferencing and A/V Edge: one external address each per server (the services of the
   * external VIP table), in every load balancing mode. Attach a server with
   * `attachHost({ networkInterfaceId, serviceAddresses: { access, webConferencing, av } })`.
   */
  hostServices(): readonly string[] {
    return edgeServiceKeys();
  }

  protected catalogRoles(): readonly CatalogRole[] {
    return ['sfb-edge-external'];
  }

  protected entryOptions(): EntryOptions {
    return { conditions: this.edge.conditions() };
  }

  protected declare(): RoleDeclaration {
    const internet: PeerSide = { peer: { kind: 'internet' }, plays: ['internet'], entries: [] };
    // Edge Servers of the pool talk to each other from their public A/V addresses.
    const peers: PeerSide = { peer: this.peer, plays: ['edge-peers'], entries: [] };
    const m365: PeerSide[] = this.edge.hybrid ? hybridPeers().map((peer) => ({ peer, plays: ['microsoft-online'], entries: [] })) : [];
    const declared = this.declarePairs([internet, peers, ...m365]);
    const own = { flows: declared.flows.map(withHybridSourcePorts), skipped: declared.skipped };
    const conditions = this.edge.conditions();
    const mode = this.edge.loadBalancing;
    const lb = mode === 'hardware' ? declareListeners(catalog.loadBalancer('sfb-edge-external', 'hardware'), { conditions }) : { listeners: [], skipped: [] };
    const ipsec = declareIpsec(catalog.ipsec('sfb-edge-av-external'), { clientMediaPorts: 'any' });
    return { flows: own.flows, listeners: lb.listeners, probePort: lb.listeners.length ? 443 : undefined, ipsec: ipsec.ipsec, skipped: [...own.skipped, ...lb.skipped] };
  }
}

/** Microsoft 365's published addresses standing for "Office 365" in the hybrid table: sets 11 and 12 of the snapshot, one peer per IP version (made on first use). */
let hybridPeerList: readonly Peer[] | undefined;
function hybridPeers(): readonly Peer[] {
  if (hybridPeerList) return hybridPeerList;
  const snap = m365Snapshot();
  const sets = HYBRID_ENDPOINT_SETS.map((id) => snap.endpoints.find((s) => s.id === id)).filter((s): s is EndpointSet => s !== undefined);
  const all = [...new Set(sets.flatMap((s) => s.ips ?? []))];
  // A range inside another of the union (set 11's ranges lie within set 12's) is named once.
  const kept = all.filter((c) => !all.some((d) => d !== c && cidrContains(d, c)));
  const peers: Peer[] = [];
  for (const v of [4, 6] as const) {
    const cidrs = kept.filter((c) => parseCidr(c).version === v);
    if (!cidrs.length) continue;
    // One rule per range on AWS (no prefix list): the quota counts the same, and the rules name the addresses themselves.
    peers.push({ kind: 'cidrs', name: `m365-hybrid-v${v}`, cidrs });
  }
  return (hybridPeerList = Object.freeze(peers));
}

/** A hybrid row's flow, with the table's source ports and the endpoint sets (snapshot version) it uses. */
function withHybridSourcePorts(f: Flow): Flow {
  const id = f.catalogIds[0];
  if (!id?.startsWith('sfb.hybrid.')) return f;
  const e = catalog.port(id);
  const v = m365Snapshot().version;
  return { ...f, catalogIds: [...f.catalogIds, ...HYBRID_ENDPOINT_SETS.map((s) => setCitation(s, v))], ...(e.sourcePorts ? { sourcePorts: parsePorts(e.sourcePorts) } : {}) };
}

/** Run-time checks of EdgeServerProps (one per prop; keep in step with the interface). */
const EDGE_SERVER_PROPS: PropSchema = {
  ...skypeRoleProps('EdgeServer'),
  pools: POOLS,
  nextHop: () => undefined, // checked by the constructor (a Front End pool or Director)
  loadBalancing: oneOf(['single', 'dns', 'hardware']),
  serverCount: integer(1, 12),
  version: VERSION,
  federation: bool(),
  xmpp: bool(),
  centralizedLogging: object({ admins: cidrList() }, 'centralizedLogging'),
  internalVip: bool(),
  externalName: str({ nonEmpty: true }),
  hybrid: bool(),
};

/** A Skype for Business Edge pool (its internal interface; `external` is the other card), on Azure or AWS. */
export class EdgeServer extends SkypeRole {
  /** An Edge pool outside the cloud, by the addresses of its internal interface. */
  static fromAddresses(scope: Construct, id: string, props: SkypeOutsideProps & { readonly xmpp?: boolean; readonly version?: SkypeVersion }): EdgeServer {
    checkOutsideProps(scope, id, 'EdgeServer', props, EDGE_SERVER_PROPS, [...SKYPE_OUTSIDE_KEYS, 'version', 'xmpp', 'federation', 'centralizedLogging', 'internalVip']);
    const cls = (props as EdgeServerProps).centralizedLogging;
    if (cls?.admins !== undefined) {
      throw new MsPortsError(
        [scope.node.path, id].filter((s) => s !== '').join('/'),
        `EdgeServer.fromAddresses got centralizedLogging.admins ${JSON.stringify(cls.admins)}: an Edge outside the cloud admits its admin networks outside the cloud, so it would be ignored`,
        'pass centralizedLogging: {} (the cloud servers reach its CLS ports), and admit the admin networks at the Edge itself',
      );
    }
    return new EdgeServer(scope, id, { ...props, outsideCidrs: props.cidrs } as EdgeServerProps & OutsideMarker);
  }

  /** The external interface (Access, Web Conferencing, A/V Edge); undefined for an Edge outside the cloud. */
  readonly external?: EdgeExternalInterface;
  readonly loadBalancing: EdgeLoadBalancing;
  /** Hybrid with Microsoft 365 (the hybrid port table on the external interface). */
  readonly hybrid: boolean;
  /** The Front End pools' hybrid egress (endpoint set 56), when hybrid and a Front End pool in the cloud is given. */
  readonly hybridEgress?: SkypeHybridEgress;
  private readonly props: EdgeServerProps;

  constructor(scope: Construct, id: string, props: EdgeServerProps) {
    super(scope, id, checkProps(scope, id, 'EdgeServer', props, EDGE_SERVER_PROPS), 'Skype for Business Edge internal interface');
    this.props = props;
    const lb = props.loadBalancing ?? 'dns';
    this.loadBalancing = lb;
    this.hybrid = props.hybrid === true;
    if (props.xmpp) this.require2015('xmpp is set', 'leave xmpp out (XMPP gateways and proxies exist in Skype for Business Server 2015 only)');
    if (this.isOutside) return;
    const n = props.serverCount ?? (lb === 'single' ? 1 : 2);
    if (!Number.isInteger(n) || n < 1 || n > 12 || (lb === 'single' && n !== 1)) {
      throw new MsPortsError(this.node.path, `serverCount ${String(props.serverCount)} does not fit loadBalancing "${lb}"`, 'use 1 for a single Edge Server, or 1-12 for a load-balanced pool (12 is the documented supported maximum)');
    }
    if (props.internalVip && lb !== 'hardware') {
      throw new MsPortsError(this.node.path, `internalVip is set, but loadBalancing is "${lb}"`, 'an internal VIP exists only with hardware load balancing');
    }
    if (props.pools === undefined && props.nextHop === undefined) {
      throw new MsPortsError(this.node.path, 'neither pools nor nextHop is given', 'pass the Front End (and Director) pools that route to this Edge, e.g. nextHop: frontEndPool or pools: [frontEndPool, director]');
    }
    if (props.nextHop !== undefined) {
      if (!(props.nextHop instanceof SecurityRole) || !props.nextHop.plays().some((c) => c === 'front-end' || c === 'director')) {
        throw new MsPortsError(this.node.path, `nextHop ${String((props.nextHop as { node?: { path: string } })?.node?.path ?? props.nextHop)} is not a Front End pool or Director`, 'pass the FrontEndPool or Director the Edge routes to');
      }
      this.connect(props.nextHop);
    }
    if (props.pools !== undefined) this.addPeers('pools', props.pools, 'pools', ['front-end', 'director']);
    if (props.centralizedLogging?.admins !== undefined) this.addPeers('centralizedLogging.admins', [...props.centralizedLogging.admins], 'cls-admins', ['admins']);
    this.external = new EdgeExternalInterface(this, 'external', { network: props.network, name: props.externalName ?? `${this.roleName}-ext`, version: this.version } as SecurityRoleProps, this);
    if (this.hybrid) {
      const given = [props.nextHop, ...(Array.isArray(props.pools) ? props.pools : [props.pools])];
      const frontEnds = given.filter((r): r is SecurityRole => r instanceof SecurityRole && !r.isOutside && r.network === this.network && r.plays().includes('front-end'));
      const unique = [...new Set(frontEnds)];
      if (unique.length) this.hybridEgress = new SkypeHybridEgress(this, 'hybrid-egress', { network: props.network, name: `${this.roleName}-hybrid`, from: unique, firewall: false });
    }
  }

  /** Conditions of the Edge tables that hold for this pool. */
  conditions(): Set<string> {
    const p = this.props ?? ({} as EdgeServerProps);
    const set = new Set<string>();
    if (p.federation ?? true) set.add('federation');
    if (p.xmpp) set.add('xmpp');
    if (p.centralizedLogging) set.add('centralized-logging');
    if (p.internalVip) set.add('edge-internal-vip');
    if (p.hybrid) set.add('hybrid');
    return set;
  }

  plays(): readonly PeerClass[] {
    return ['edge-internal'];
  }

  /** The Edge names the site's server groups for rows documented for every server only; pools it routes to are wired (pools, nextHop). */
  protected siteGroupClasses(): readonly PeerClass[] {
    return ['servers'];
  }

  protected catalogRoles(): readonly CatalogRole[] {
    return ['sfb-edge-internal'];
  }

  catalogEntries(): { readonly entries: readonly PortEntry[]; readonly options?: EntryOptions } {
    return { entries: this.ofVersion(entriesOf(this.catalogRoles())), options: { conditions: this.conditions() } };
  }

  protected declare(): RoleDeclaration {
    const own = this.declarePairs();
    const lb = this.props.internalVip ? declareListeners(catalog.loadBalancer('sfb-edge-internal', 'hardware'), { conditions: this.conditions() }) : { listeners: [], skipped: [] };
    const ipsec = declareIpsec(catalog.ipsec('sfb-edge-av-internal'), { clientMediaPorts: 'any' });
    return { flows: own.flows, listeners: lb.listeners, probePort: lb.listeners.length ? lb.listeners[0].port : undefined, ipsec: ipsec.ipsec, skipped: [...own.skipped, ...lb.skipped] };
  }

  protected declareOutside(): RoleDeclaration {
    return { flows: [], ipsec: declareIpsec(catalog.ipsec('sfb-edge-av-internal'), { clientMediaPorts: 'any' }).ipsec };
  }
}
