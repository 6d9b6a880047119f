/**
 * Skype for Business Server Front End pool. Every Front End row of the server port table (seed 001),
 * plus the "all servers" and "all internal servers" rows, from the right peers; load balancer ports
 * from the hardware-only or the DNS-load-balancing table; the IPsec exemptions of a Front End.
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import type { PeerClass } from '../catalog/types';
import { bool, checkProps, cidrList, integer, object, oneOf, satisfies, str, type PropSchema } from '../core/props';
import { peerCheck, ROLE_PROPS, SecurityRole, serverListCheck, type PeerInput, type RoleDeclaration, type SecurityRoleProps } from '../core/role';
import { declareFlows, declareIpsec, declareListeners } from '../model/declare';
import { MsPortsError } from '../model/errors';
import type { Peer } from '../model/intent';
import { formatPorts, size, type PortRange } from '../model/ports';

/** Props shared by the Skype for Business server roles. */
export interface SkypeServerRoleProps extends SecurityRoleProps {
  /**
   * Client networks (CIDRs) whose users sign in to this role. Required, non-empty.
   * Source: seed 001, server table rows whose peers are clients.
   */
  readonly clients: readonly string[];
  /**
   * Other Skype for Business servers that talk to this role: CIDRs, or role constructs on the same
   * network (wired both ways). Default: none besides the role's own members.
   */
  readonly servers?: readonly (string | SecurityRole)[];
  /**
   * Client media port range as configured with Set-CsConferencingConfiguration (ClientMediaPortRange).
   * Default "1024-65535" (seed 001 client table); a narrower range is accepted, a wider one is an error.
   */
  readonly clientMediaPorts?: string;
  /** The Active Directory domain the servers join (they reach its controllers). Default: none. */
  readonly domain?: { allowMembers(...roles: SecurityRole[]): void };
}

export interface FrontEndPoolProps extends SkypeServerRoleProps {
  /**
   * `hardware`: the pool is balanced by a hardware load balancer only (seed 001 HLB-only table).
   * `dns`: DNS load balancing, with the load balancer for web traffic only (seed 001 DNS-LB table).
   * Default `hardware`.
   */
  readonly loadBalancing?: 'hardware' | 'dns';
  /** The pool also runs the Mediation service (adds 5070/5067/5068 in, 5081/5082 out, and LB 5070). Default false. */
  readonly collocatedMediation?: boolean;
  /** PSTN gateways / SBCs, required with `collocatedMediation`. */
  readonly pstnGateways?: PeerInput;
  /** Reverse proxy that publishes the external web services (4443, 8080). Default: none. */
  readonly reverseProxy?: PeerInput;
  /** Edge Servers' internal interface (Bandwidth Policy Service 5080). Default: none. */
  readonly edgeInternal?: PeerInput;
  /** File Share server the pool reads (SMB 445 outbound). Default: none. */
  readonly fileShare?: PeerInput;
  /** The Central Management Store lives on this pool (Master Replicator Agent pushes over 445 to `servers`). Default false. */
  readonly centralManagementStore?: boolean;
  /** E9-1-1 gateways (5066 outbound). Default: none (the entry is skipped). */
  readonly e911Gateways?: PeerInput;
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
const FE_ROLES = ['sfb-front-end', 'sfb-all-servers', 'sfb-internal-servers'];
const DEFAULT_CLIENT_MEDIA = '1024-65535';

/** Run-time checks of FrontEndPoolProps (one per prop; keep in step with the interface). */
const FRONT_END_POOL_PROPS: PropSchema = {
  ...ROLE_PROPS,
  // an empty list gets the pool's own message below
  clients: (v, at, ctx) => (Array.isArray(v) && v.length === 0 ? undefined : cidrList()(v, at, ctx)),
  servers: serverListCheck(),
  clientMediaPorts: str({ nonEmpty: true }),
  domain: satisfies((v) => typeof (v as { allowMembers?: unknown })?.allowMembers === 'function', 'a DomainController', 'pass the DomainController construct of the domain, e.g. domain: dc'),
  loadBalancing: oneOf(['hardware', 'dns']),
  collocatedMediation: bool(),
  pstnGateways: (v, at, ctx) => {
    if (ctx.props.collocatedMediation !== true) {
      throw new MsPortsError(ctx.path, `${at} is given but collocatedMediation is not set, so no rule would use the gateways`, 'set collocatedMediation: true if the pool runs the Mediation service, or remove pstnGateways');
    }
    peerCheck()(v, at, ctx);
  },
  reverseProxy: peerCheck(),
  edgeInternal: peerCheck(),
  fileShare: peerCheck(),
  centralManagementStore: bool(),
  e911Gateways: peerCheck(),
  sipTcp5060: bool(),
  mediaPorts: object({ video: str({ nonEmpty: true }), audio: str({ nonEmpty: true }), applicationSharing: str({ nonEmpty: true }) }, 'mediaPorts'),
  conferencingAttendant: bool(),
  probePort: integer(1, 65535),
};

/** A Skype for Business Server Front End pool, on Azure or AWS depending on `network`. */
export class FrontEndPool extends SecurityRole {
  private readonly props: FrontEndPoolProps;
  private readonly serverPeers: Peer[] = [];

  constructor(scope: Construct, id: string, props: FrontEndPoolProps) {
    super(scope, id, checkProps(scope, id, 'FrontEndPool', props, FRONT_END_POOL_PROPS), 'Skype for Business Front End pool');
    this.props = props;
    if (!Array.isArray(props.clients) || props.clients.length === 0) {
      throw new MsPortsError(this.node.path, 'clients is empty', 'list the client networks that sign in to the pool, e.g. clients: ["10.30.0.0/16"]');
    }
    if (props.collocatedMediation && !props.pstnGateways) {
      throw new MsPortsError(this.node.path, 'collocatedMediation is set but no pstnGateways are given', 'pass pstnGateways (the gateways or SBCs that send SIP on 5067/5068)');
    }
    const lb = props.loadBalancing ?? 'hardware';
    if (lb !== 'hardware' && lb !== 'dns') {
      throw new MsPortsError(this.node.path, `loadBalancing "${String(lb)}" is unknown`, 'use "hardware" or "dns"');
    }
    const cidrs: string[] = [];
    for (const s of props.servers ?? []) {
      if (typeof s === 'string') cidrs.push(s);
      else this.addServer(s);
    }
    if (cidrs.length) this.serverPeers.push({ kind: 'cidrs', name: 'servers', cidrs });
    props.domain?.allowMembers(this);
  }

  /** Join an Active Directory domain: the pool's servers reach its controllers (KB832017 flows). */
  joinDomain(domain: { allowMembers(...roles: SecurityRole[]): void }): void {
    domain.allowMembers(this);
  }

  /** Admit another Skype server role (both ways: it also reaches this pool, and this pool it, per the catalog). */
  addServer(role: SecurityRole): void {
    const peer = this.resolvePeer(role, 'servers');
    if (!this.serverPeers.some((p) => p.kind === 'role' && peer.kind === 'role' && p.role === peer.role)) this.serverPeers.push(peer);
    if (role instanceof FrontEndPool && !role.serverPeers.some((p) => p.kind === 'role' && p.role === this.roleName)) role.addServer(this);
  }

  private range(spec: string | undefined, what: string): PortRange[] | undefined {
    return spec === undefined ? undefined : this.ports(spec, what);
  }

  protected declare(): RoleDeclaration {
    const p = this.props;
    const self: Peer = { kind: 'role', role: this.roleName };
    const clients: Peer = { kind: 'cidrs', name: 'clients', cidrs: [...p.clients] };
    const opt = (input: PeerInput | undefined, name: string): Peer[] => (input === undefined ? [] : [this.resolvePeer(input, name)]);
    const peers: Partial<Record<PeerClass, Peer[]>> = {
      clients: [clients],
      servers: this.serverPeers,
      'pool-members': [self],
      'pstn-gateway': opt(p.pstnGateways, 'pstn-gateways'),
      'reverse-proxy': opt(p.reverseProxy, 'reverse-proxy'),
      'edge-internal': opt(p.edgeInternal, 'edge-internal'),
      'file-share': opt(p.fileShare, 'file-share'),
      'e911-gateway': opt(p.e911Gateways, 'e911-gateways'),
    };
    const conditions = new Set<string>();
    if (p.collocatedMediation) conditions.add('mediation-collocated');
    if (p.centralManagementStore) conditions.add('cms-host');
    if (p.e911Gateways !== undefined) conditions.add('e911');
    if (p.conferencingAttendant ?? true) conditions.add('conferencing-attendant');
    conditions.add('application-sharing');
    const enabled = new Set<string>(p.sipTcp5060 ? ['sfb.fe.sip.5060'] : []);

    const overrides = new Map<string, PortRange[]>();
    const labels = new Map<string, string>();
    const set = (id: string, spec: string | undefined, what: string) => {
      const r = this.range(spec, what);
      if (r) overrides.set(id, r);
      if (r) labels.set(id, `${what} "${spec}"`);
    };
    set('sfb.fe.av-media.57501-65535', p.mediaPorts?.video, 'mediaPorts.video');
    set('sfb.internal.audio-media.49152-57500', p.mediaPorts?.audio, 'mediaPorts.audio');
    set('sfb.fe.app-sharing-media.49152-65535', p.mediaPorts?.applicationSharing, 'mediaPorts.applicationSharing');
    const clientMedia = this.range(p.clientMediaPorts ?? DEFAULT_CLIENT_MEDIA, 'clientMediaPorts')!;
    // Seed 001 client table: the audio and video ranges need at least 20 ports each.
    if (size(clientMedia) < 20) {
      throw new MsPortsError(this.node.path, `clientMediaPorts ${formatPorts(clientMedia)} holds ${size(clientMedia)} ports`, 'configure at least 20 client media ports (sfb.client.media-audio, sfb.client.media-video)');
    }
    for (const id of ['sfb.client.media-audio', 'sfb.client.media-video', 'sfb.client.media-file-transfer', 'sfb.client.media-app-sharing']) {
      overrides.set(id, clientMedia);
      labels.set(id, `clientMediaPorts "${p.clientMediaPorts ?? DEFAULT_CLIENT_MEDIA}"`);
    }

    const base = { path: this.node.path, peers, conditions, enabled, portOverrides: overrides, portOverrideLabels: labels };
    const own = declareFlows(FE_ROLES.flatMap((r) => catalog.byRole(r)), base);
    // The pool sends media to clients on the clients' media ports (client table rows whose peers include servers).
    const clientMediaEntries = catalog.byRole('sfb-client').filter((e) => e.direction === 'inbound' && e.peers.includes('servers'));
    const toClients = declareFlows(clientMediaEntries, { ...base, peers: { servers: [clients] }, asPeer: false });
    const egressToClients = toClients.flows.map((f) => ({ ...f, direction: 'egress' as const }));

    const mode = p.loadBalancing ?? 'hardware';
    const lb = declareListeners(catalog.loadBalancer('sfb-front-end', mode), { conditions, enabled });
    const probePort = p.probePort ?? (mode === 'hardware' ? 5061 : 443);
    if (!lb.listeners.some((l) => l.port === probePort)) {
      throw new MsPortsError(this.node.path, `probePort ${probePort} is not a load-balanced port`, `use one of ${formatPorts(lb.listeners.map((l) => ({ from: l.port, to: l.port })))}`);
    }
    const ipsecEntries = [...catalog.ipsec('sfb-front-end'), ...(p.collocatedMediation ? catalog.ipsec('sfb-mediation') : [])];
    const ipsec = declareIpsec(ipsecEntries, { conditions, enabled, clientMediaPorts: formatPorts(clientMedia) });
    return {
      flows: [...own.flows, ...egressToClients],
      listeners: lb.listeners,
      probePort,
      ipsec: ipsec.ipsec,
      skipped: [...own.skipped, ...lb.skipped, ...ipsec.skipped],
    };
  }
}

/** Alias, for code that prefers the product in the name. */
export const SkypeFrontEndPool = FrontEndPool;
