/**
 * Skype for Business Server Front End pool. Every Front End row of the server port table (seed 001),
 * plus the "all servers" and "all internal servers" rows, from the right peers; load balancer ports
 * from the hardware-only or the DNS-load-balancing table; the IPsec exemptions of a Front End.
 */
import type { ExistingPeer } from '../core/existing';
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import { SKYPE_ROLE_KINDS, type CatalogRole } from '../catalog/roles';
import type { PeerClass } from '../catalog/types';
import { bool, checkOutsideProps, checkProps, integer, object, oneOf, type PropSchema } from '../core/props';
import type { RoleDeclaration, SecurityRole } from '../core/role';
import { declareIpsec, declareListeners, type EntryOptions } from '../model/declare';
import { MsPortsError } from '../model/errors';
import { formatPorts, type PortRange } from '../model/ports';
import { mediaRangeCheck, PEERS, PSTN_GATEWAY_PORTS, SKYPE_OUTSIDE_KEYS, skypeRoleProps } from './props';
import type { PstnGatewayPorts } from './mediation';
import { entriesOf, SkypeRole, type OutsideMarker, type PeersInput, type SkypeOutsideProps, type SkypeRoleProps } from './skype-role';

/** Props shared by the Skype for Business server roles (kept for compatibility; see SkypeRoleProps). */
export type SkypeServerRoleProps = SkypeRoleProps;

export interface FrontEndPoolProps extends SkypeRoleProps {
  /**
   * Client networks (CIDRs or ClientNetwork roles) whose users sign in to the pool. Required,
   * non-empty. Renders the pool's rows whose peers are clients (SIP 5061, web 80/443/8080/4443,
   * PSOM 8057/8058, media ranges) as ingress, and the client table's media rows as the pool's egress
   * to the clients' media range.
   */
  readonly clients: readonly (string | SecurityRole | ExistingPeer)[];
  /**
   * `hardware`: the pool is balanced by a hardware load balancer only (seed 001 HLB-only table).
   * `dns`: DNS load balancing, with the load balancer for web traffic only (seed 001 DNS-LB table).
   * Default `hardware`.
   */
  readonly loadBalancing?: 'hardware' | 'dns';
  /** The pool also runs the Mediation service (adds 5070/5067/5068 in, SIP 5081/5082 out or the gateways' own ports `pstnGatewayPorts`, and LB 5070). Default false. */
  readonly collocatedMediation?: boolean;
  /**
   * PSTN gateways / SBCs (CIDRs or PstnGateway roles), required with `collocatedMediation` and
   * refused without it. Renders SIP 5067/5068 from the gateways, SIP to them on their listening ports
   * (`pstnGatewayPorts`, default 5081/5082), media to them with `pstnGatewayPorts.media`, and the
   * audio media range 49152-57500 from them (the Mediation service terminates their audio).
   */
  readonly pstnGateways?: PeersInput;
  /**
   * With `collocatedMediation`: the gateways' own SIP listening ports (default 5081/TCP and 5082/TLS,
   * this pool's rows of seed 001) and media range (no default: without it the collocated Mediation
   * service's media to the gateways is listed as not rendered). Refused without `collocatedMediation`.
   */
  readonly pstnGatewayPorts?: PstnGatewayPorts;
  /**
   * Reverse proxy that publishes the external web services (CIDRs or a ReverseProxy role). Renders
   * 4443 (and 8080) from it; a ReverseProxy role also renders its own side. Default: none.
   */
  readonly reverseProxy?: PeersInput;
  /**
   * Edge Servers' internal interface (CIDRs or an EdgeServer). Renders the Bandwidth Policy Service
   * 5080 and SIP 5061 from it, and the pool's SIP 5061, PSOM 8057, A/V authentication 5062, media
   * relay 3478/443 (and 4443 from the CMS pool) to it. Default: none.
   */
  readonly edgeInternal?: PeersInput;
  /** File Share server the pool reads (SMB 445 outbound), by CIDR or role. Default: none. */
  readonly fileShare?: PeersInput;
  /** Office Web Apps servers (CIDRs or an OfficeWebAppsServer): the pool reaches them on 443. Default: none. */
  readonly officeWebApps?: PeersInput;
  /** The Central Management Store lives on this pool (Master Replicator Agent pushes over 445 to servers; 4443 to the Edge). Default false. */
  readonly centralManagementStore?: boolean;
  /** The pool runs the XMPP Gateway (Skype for Business Server 2015 only): XMPP 23456 to the Edge. Default false. */
  readonly xmppGateway?: boolean;
  /** E9-1-1 gateways (5066 outbound). Default: none (the entry is skipped). */
  readonly e911Gateways?: PeersInput;
  /** Enable the optional SIP/TCP 5060 listener for static routes to trusted services. Default false. */
  readonly sipTcp5060?: boolean;
  /** Narrower media ranges, as configured on the pool. Defaults are the documented ranges. */
  readonly mediaPorts?: {
    /** Video conferencing (A/V Conferencing service), default 57501-65535. */
    readonly video?: string;
    /** Audio conferencing on all internal servers, default 49152-57500. */
    readonly audio?: string;
    /** Application sharing, default 49152-65535. */
    readonly applicationSharing?: string;
  };
  /** Conferencing Attendant runs on the pool (IPsec exemptions). Default true. */
  readonly conferencingAttendant?: boolean;
  /** Health probe port; must be one of the load-balanced ports. Default 5061 (hardware) or 443 (dns). */
  readonly probePort?: number;
}

/** Catalog roles whose rows a Front End pool implements. */
const FE_ROLES = SKYPE_ROLE_KINDS['front-end'].catalogRoles;

/** Props of a Front End pool declared outside the cloud by its addresses. */
export interface FrontEndPoolOutsideProps extends SkypeOutsideProps {
  /** The pool runs the Mediation service. Default false. */
  readonly collocatedMediation?: boolean;
  /** The pool holds the Central Management store. Default false. */
  readonly centralManagementStore?: boolean;
  /** The pool runs the XMPP Gateway (2015 only). Default false. */
  readonly xmppGateway?: boolean;
}

/** Run-time checks of FrontEndPoolProps (one per prop; keep in step with the interfaces). */
const FRONT_END_POOL_PROPS: PropSchema = {
  ...skypeRoleProps('FrontEndPool'),
  loadBalancing: oneOf(['hardware', 'dns']),
  collocatedMediation: bool(),
  pstnGateways: PEERS,
  pstnGatewayPorts: PSTN_GATEWAY_PORTS,
  reverseProxy: PEERS,
  edgeInternal: PEERS,
  fileShare: PEERS,
  officeWebApps: PEERS,
  centralManagementStore: bool(),
  xmppGateway: bool(),
  e911Gateways: PEERS,
  sipTcp5060: bool(),
  mediaPorts: object(
    {
      video: mediaRangeCheck(['sfb.fe.av-media.57501-65535']),
      audio: mediaRangeCheck(['sfb.internal.audio-media.49152-57500']),
      applicationSharing: mediaRangeCheck(['sfb.fe.app-sharing-media.49152-65535']),
    },
    'mediaPorts',
  ),
  conferencingAttendant: bool(),
  probePort: integer(1, 65535),
};

/** A Skype for Business Server Front End pool, on Azure or AWS depending on `network`. */
export class FrontEndPool extends SkypeRole {
  /**
   * A Front End pool outside the cloud (on-premises, another network), by its addresses: cloud roles
   * wired to it render every documented flow of the pair, both ways.
   */
  static fromAddresses(scope: Construct, id: string, props: FrontEndPoolOutsideProps): FrontEndPool {
    checkOutsideProps(scope, id, 'FrontEndPool', props, FRONT_END_POOL_PROPS, [...SKYPE_OUTSIDE_KEYS, 'collocatedMediation', 'centralManagementStore', 'xmppGateway', 'sipTcp5060', 'mediaPorts', 'pstnGatewayPorts', 'conferencingAttendant']);
    return new FrontEndPool(scope, id, { ...props, clients: [], outsideCidrs: props.cidrs } as FrontEndPoolProps & OutsideMarker);
  }

  private readonly props: FrontEndPoolProps;

  constructor(scope: Construct, id: string, props: FrontEndPoolProps) {
    super(scope, id, checkProps(scope, id, 'FrontEndPool', props, FRONT_END_POOL_PROPS), 'Skype for Business Front End pool', { siteKind: 'front-end' });
    this.props = props;
    if (props.xmppGateway) this.require2015('xmppGateway is set', 'leave xmppGateway out (the XMPP Gateway exists in Skype for Business Server 2015 only)');
    if (this.isOutside) return;
    if (!Array.isArray(props.clients) || props.clients.length === 0) {
      throw new MsPortsError(this.node.path, `clients is ${JSON.stringify(props.clients)}`, 'list the client networks that sign in to the pool, e.g. clients: ["10.30.0.0/16"]');
    }
    if (props.collocatedMediation && !props.pstnGateways) {
      throw new MsPortsError(this.node.path, 'collocatedMediation is set but no pstnGateways are given', 'pass pstnGateways (the gateways or SBCs that send SIP on 5067/5068)');
    }
    if (!props.collocatedMediation && props.pstnGateways !== undefined) {
      throw new MsPortsError(this.node.path, 'pstnGateways is given but the pool does not run the Mediation service', 'set collocatedMediation: true, or wire the gateways to a MediationServer');
    }
    if (!props.collocatedMediation && props.pstnGatewayPorts !== undefined) {
      throw new MsPortsError(this.node.path, 'pstnGatewayPorts is given but the pool does not run the Mediation service', 'set collocatedMediation: true, or give pstnGatewayPorts to the MediationServer that serves the gateways');
    }
    if (props.pstnGateways !== undefined) this.addPeers('pstnGateways', props.pstnGateways, 'pstn-gateways', ['pstn-gateway']);
    if (props.reverseProxy !== undefined) this.addPeers('reverseProxy', props.reverseProxy, 'reverse-proxy', ['reverse-proxy'], { entries: entriesOf(['sfb-reverse-proxy']) });
    if (props.edgeInternal !== undefined) this.addPeers('edgeInternal', props.edgeInternal, 'edge-internal', ['edge-internal'], { entries: entriesOf(['sfb-edge-internal']) });
    if (props.fileShare !== undefined) this.addPeers('fileShare', props.fileShare, 'file-share', ['file-share']);
    if (props.officeWebApps !== undefined) this.addPeers('officeWebApps', props.officeWebApps, 'office-web-apps', ['office-web-apps'], { entries: entriesOf(['office-web-apps']) });
    if (props.e911Gateways !== undefined) this.addPeers('e911Gateways', props.e911Gateways, 'e911-gateways', ['e911-gateway']);
  }

  /** Admit another Skype server role, both ways (it reaches this pool, and this pool it, per the catalog). */
  addServer(role: SecurityRole): void {
    this.connect(role);
  }

  plays(): readonly PeerClass[] {
    const p = (this.props ?? {}) as unknown as Record<string, unknown>;
    const kind = SKYPE_ROLE_KINDS['front-end'];
    // The kind's classes, and those its options add (catalog/roles.ts: collocatedMediation, centralManagementStore, xmppGateway).
    return [...kind.plays, ...Object.entries(kind.playsWith).flatMap(([prop, cls]) => (p[prop] === true ? [cls] : []))];
  }

  protected catalogRoles(): readonly CatalogRole[] {
    return FE_ROLES;
  }

  private conditions(): Set<string> {
    const p = this.props;
    const conditions = new Set<string>();
    if (p.collocatedMediation) conditions.add('mediation-collocated');
    if (p.centralManagementStore) conditions.add('cms-host');
    if (p.e911Gateways !== undefined) conditions.add('e911');
    if (p.conferencingAttendant ?? true) conditions.add('conferencing-attendant');
    conditions.add('application-sharing');
    return conditions;
  }

  protected entryOptions(): EntryOptions {
    const p = this.props;
    const overrides = new Map<string, PortRange[]>();
    this.override(overrides, 'sfb.fe.av-media.57501-65535', p.mediaPorts?.video, 'mediaPorts.video');
    this.override(overrides, 'sfb.internal.audio-media.49152-57500', p.mediaPorts?.audio, 'mediaPorts.audio');
    this.override(overrides, 'sfb.fe.app-sharing-media.49152-65535', p.mediaPorts?.applicationSharing, 'mediaPorts.applicationSharing');
    const gw = p.pstnGatewayPorts;
    this.override(overrides, 'sfb.fe.mediation.5081', gw?.sipTcp === undefined ? undefined : String(gw.sipTcp), 'pstnGatewayPorts.sipTcp');
    this.override(overrides, 'sfb.fe.mediation.5082', gw?.sipTls === undefined ? undefined : String(gw.sipTls), 'pstnGatewayPorts.sipTls');
    this.override(overrides, 'sfb.fe.mediation.gateway-media', gw?.media, 'pstnGatewayPorts.media');
    return { conditions: this.conditions(), enabled: new Set<string>(p.sipTcp5060 ? ['sfb.fe.sip.5060'] : []), portOverrides: overrides };
  }

  protected declare(): RoleDeclaration {
    const p = this.props;
    const own = this.declarePairs();
    const conditions = this.conditions();
    const mode = p.loadBalancing ?? 'hardware';
    const lb = declareListeners(catalog.loadBalancer('sfb-front-end', mode), { conditions, enabled: this.entryOptions().enabled });
    const probePort = p.probePort ?? (mode === 'hardware' ? 5061 : 443);
    if (!lb.listeners.some((l) => l.port === probePort)) {
      throw new MsPortsError(this.node.path, `probePort ${probePort} is not a load-balanced port`, `use one of ${formatPorts(lb.listeners.map((l) => ({ from: l.port, to: l.port })))}`);
    }
    const ipsecEntries = [...catalog.ipsec('sfb-front-end'), ...(p.collocatedMediation ? catalog.ipsec('sfb-mediation') : [])];
    const ipsec = declareIpsec(ipsecEntries, { conditions, clientMediaPorts: formatPorts(this.clientMedia) });
    return {
      flows: own.flows,
      listeners: lb.listeners,
      probePort,
      ipsec: ipsec.ipsec,
      skipped: [...own.skipped, ...lb.skipped, ...ipsec.skipped],
    };
  }
}

/** Alias, for code that prefers the product in the name. */
export const SkypeFrontEndPool = FrontEndPool;
