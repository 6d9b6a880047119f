import type { CatalogRole, IpsecRole, LoadBalancedPool } from './roles';
import type { SkypeVersion } from './versions';

/**
 * Types of the port catalog. Plain data: this module (and everything under lib/catalog)
 * imports neither cdktf nor a provider package, so the knowledge outlives the engine.
 */

/** A transport the catalog can name. `gre`, `esp`, `ah` and `icmp` carry no ports. */
export type Transport = 'tcp' | 'udp' | 'icmp' | 'gre' | 'esp' | 'ah';

/** How binding a requirement is, as the source document states it. */
export type Requirement = 'required' | 'optional' | 'conditional' | 'legacy';

/** `official`: a Microsoft document. `community`: anything else (kept, marked, off by default). */
export type Confidence = 'official' | 'community';

/** Which document family an entry belongs to (one catalog file per family). */
export type Family = 'skype-server' | 'skype-edge' | 'windows' | 'office365' | 'onedrive' | 'messenger' | 'teams-direct-routing' | 'skype-hybrid';

/**
 * `inbound`: the entry's role listens on the ports and the peers connect to it.
 * `outbound`: the entry's role opens the connection to the peers, on the peers' ports.
 */
export type Direction = 'inbound' | 'outbound';

/**
 * Who is at the other end of an entry. Patterns map these classes to concrete peers
 * (client CIDRs, other roles, the pool's own members, ...).
 */
export type PeerClass =
  /** End-user devices on the internal client networks. */
  | 'clients'
  /** Other servers of the same product (for Skype: Front End, Director, Edge internal, Mediation, ...). */
  | 'servers'
  /** The other members of the same pool or role. */
  | 'pool-members'
  /** The same host (a local service). */
  | 'local'
  /** Skype for Business Front End pools specifically (Edge tables name them apart from Directors). */
  | 'front-end'
  /** Skype for Business Director pools. */
  | 'director'
  /** Mediation Server pools (stand-alone or collocated on a Front End pool). */
  | 'mediation'
  /** The Front End pool (or Standard Edition server) that holds the Central Management store. */
  | 'cms-host'
  /** The Front End pool running the XMPP Gateway (Skype for Business Server 2015 only). */
  | 'xmpp-gateway'
  /** The external interface of an Edge pool (Access, Web Conferencing and A/V Edge). */
  | 'edge-external'
  /** The public A/V Edge addresses of the other Edge Servers of the same pool (Edge-to-Edge traffic). */
  | 'edge-peers'
  | 'persistent-chat'
  | 'exchange-um'
  | 'pstn-gateway'
  | 'e911-gateway'
  | 'reverse-proxy'
  | 'edge-internal'
  | 'file-share'
  | 'office-web-apps'
  | 'sql-backend'
  | 'domain-members'
  | 'domain-controllers'
  | 'trusted-domain-controllers'
  | 'admins'
  | 'internet'
  /** Microsoft's online services (Office 365 / Microsoft 365, OneDrive): their published endpoint addresses and names. */
  | 'microsoft-online'
  /** Teams Direct Routing SIP proxies (sip.pstnhub.microsoft.com and its subnets). */
  | 'direct-routing-sip-proxy'
  /** Teams Direct Routing media processors. */
  | 'direct-routing-media-processor'
  /** Teams transport relays (media bypass). */
  | 'direct-routing-transport-relay'
  /** Teams clients reaching a Direct Routing SBC directly (media bypass). */
  | 'teams-clients'
  | 'any';

/** Where a fact comes from. */
export interface SourceRef {
  /** Seed file name (e.g. `001_bfb2592f6b08a9aa.txt`) or an official URL. */
  readonly document: string;
  /** The table, in English (e.g. `Required server ports (by server role)`). */
  readonly table: string;
  /** 1-based data-row numbers within that table (several when the source repeats a row). */
  readonly rows: readonly number[];
  readonly confidence: Confidence;
  /** The English original, `owner/repo:path@commit` or a learn.microsoft.com URL, where known. */
  readonly original?: string;
}

/** One port requirement of one role or service. */
export interface PortEntry {
  /** Stable id; never reused or renamed once published (e.g. `sfb.fe.sip-tls.5061`). */
  readonly id: string;
  readonly family: Family;
  /** The role or service whose host this entry is about (e.g. `sfb-front-end`, `active-directory`): see lib/catalog/roles.ts. */
  readonly role: CatalogRole;
  /** The service name, in English. */
  readonly service: string;
  readonly transports: readonly Transport[];
  /**
   * Port specs: `"5061"`, `"49152-65535"`. Empty for port-less transports (GRE, ESP, AH, ICMP), and
   * for ports that are the peer's own setting with no documented default (`peerPorts`). The token `"dynamic-rpc"` means the dynamic RPC range chosen by the user's RPC setting.
   */
  readonly ports: readonly string[];
  /** Application protocol as the source names it (e.g. `SIP/TLS`, `HTTPS`, `DCOM/RPC`). */
  readonly appProtocol: string;
  readonly direction: Direction;
  readonly peers: readonly PeerClass[];
  readonly requirement: Requirement;
  /** Machine key of the condition, when `requirement` is `conditional` (e.g. `mediation-collocated`). */
  readonly condition?: string;
  /**
   * Source ports the documented client sends from (seed 003: the Skype for Business Online client's
   * per-modality ranges). Absent: any source port. Azure NSG rules take them; AWS security groups cannot.
   */
  readonly sourcePorts?: readonly string[];
  /** The ports are a default the administrator may narrow (e.g. media ranges set with Set-CsConferencingConfiguration). */
  readonly configurable?: boolean;
  /**
   * The ports are the peer's own setting, not this role's (a PSTN gateway's SIP listening port, set
   * on its trunk; its media ports): `ports` holds the documented default, or nothing when no source
   * gives one, and the role prop named here replaces them with any port. An entry with no default is
   * not rendered until the prop is given, and is listed as not rendered with the prop to set.
   */
  readonly peerPorts?: { readonly prop: string };
  /**
   * The ports are this role's own setting (defined on an appliance, e.g. a Direct Routing SBC's SIP
   * listening port): `ports` holds the documented default, or nothing when no source gives one, and
   * the role prop named here sets them.
   */
  readonly setting?: { readonly prop: string };
  /**
   * The source ports are this role's own setting (the source table says "Defined on the SBC"): the
   * role prop named here gives them. Absent: `sourcePorts`, or any source port.
   */
  readonly sourceSetting?: { readonly prop: string };
  /**
   * Skype for Business Server versions the entry applies to. Absent: its file's default
   * (catalog/versions.ts FAMILY_VERSIONS, with the source); set where fewer versions have the row.
   */
  readonly versions?: readonly SkypeVersion[];
  /** One line of English: what the flow is for. */
  readonly purpose: string;
  readonly source: SourceRef;
  /** Other tables stating the same fact (e.g. KB832017's summary table). */
  readonly also?: readonly SourceRef[];
  /** How an error, duplicate or ambiguity of the source was resolved. */
  readonly decision?: string;
}

/** A port a load balancer in front of a pool must balance. */
export interface LoadBalancerEntry {
  readonly id: string;
  readonly family: Family;
  /** The pool behind the load balancer (e.g. `sfb-front-end`, `sfb-director`, `sfb-mediation`). */
  readonly pool: LoadBalancedPool;
  /** `hardware`: pools load-balanced by hardware only. `dns`: pools using DNS load balancing (HLB still needed for web). */
  readonly mode: 'hardware' | 'dns';
  /**
   * The service behind the virtual IP, when one pool has several VIPs that share a port (the Edge
   * external interface: `Access Edge service`, `Web Conferencing Edge service`, `A/V Edge service`,
   * each its own address on 443/TCP). Absent: the pool has one VIP. Source: the VIP table row.
   */
  readonly service?: string;
  readonly port: number;
  readonly transport: 'tcp' | 'udp';
  readonly appProtocol: string;
  readonly requirement: Requirement;
  readonly condition?: string;
  /**
   * Skype for Business Server versions the entry applies to. Absent: its file's default
   * (catalog/versions.ts FAMILY_VERSIONS, with the source); set where fewer versions have the row.
   */
  readonly versions?: readonly SkypeVersion[];
  readonly purpose: string;
  readonly source: SourceRef;
  readonly decision?: string;
}

/** One row of a recommended IPsec exception table: traffic to exempt from IPsec authentication. */
export interface IpsecExceptionEntry {
  readonly id: string;
  readonly family: Family;
  /** The rule name, in English (e.g. `A/V Conferencing Inbound`). */
  readonly ruleName: string;
  /** The role the exemption is about (e.g. `sfb-front-end`, `sfb-edge-av-internal`, `sfb-client`). */
  readonly role: IpsecRole;
  /** `inbound`: source Any, destination the role. `outbound`: source the role, destination Any. */
  readonly direction: Direction;
  readonly transports: readonly ('tcp' | 'udp')[];
  /** `any`, or the client media port range configured for the deployment. */
  readonly sourcePorts: 'any' | 'client-media-range';
  readonly destinationPorts: 'any';
  readonly authentication: 'none';
  readonly condition?: string;
  readonly purpose: string;
  readonly source: SourceRef;
  readonly decision?: string;
}

/**
 * Names (DNS names or patterns) a client or server must reach, as a source lists them: the half of
 * an egress requirement that address filters cannot express (it needs an FQDN firewall or a proxy).
 */
export interface NameEntry {
  /** Stable id; never reused or renamed once published (e.g. `o365.sfbo.fqdn.lync-com`). */
  readonly id: string;
  readonly family: Family;
  /** The service the names belong to, in English. */
  readonly service: string;
  /**
   * Names as the source writes them, lowercased, without scheme or path: `x.com`, `*.x.com`,
   * `*cdn.x.net`, `autodiscover.<tenant>.onmicrosoft.com`. Wildcards are translated per cloud by the planner.
   */
  readonly names: readonly string[];
  /** TCP ports the names are reached on (a URL's scheme: http 80, https 443; or its explicit port). */
  readonly tcpPorts: readonly number[];
  readonly requirement: Requirement;
  /** One line of English: what the names are for. */
  readonly purpose: string;
  readonly source: SourceRef;
  readonly decision?: string;
}

/** A documented setting that is not a port or a name (e.g. a proxy timeout). Reported, never rendered as a rule. */
export interface SettingEntry {
  readonly id: string;
  readonly family: Family;
  readonly setting: string;
  readonly value: string;
  readonly purpose: string;
  readonly source: SourceRef;
  readonly decision?: string;
}

/** What a documented load balancer setting asks of the load balancer in front of a pool. */
export type LoadBalancerBehavior =
  /** Every connection from one client address goes to the same server (source-address affinity). */
  | 'source-address-persistence'
  /** TCP connections idle up to `seconds` are kept. */
  | 'tcp-idle-timeout'
  /** The server sees the client's own source address (the load balancer does not translate it). */
  | 'keep-client-address';

/** A listener of the load balancer catalog (LoadBalancerEntry) a setting applies to, by pool, service, port and transport. */
export interface LoadBalancedPort {
  readonly pool: LoadBalancedPool;
  /** As LoadBalancerEntry.service, for a pool with one VIP per service. Absent: the pool's one VIP. */
  readonly service?: string;
  readonly port: number;
  readonly transport: 'tcp' | 'udp';
}

/**
 * A documented setting of the load balancer in front of a pool (not a port): rendered on the
 * listeners it names, in both load balancing modes (a DNS-load-balanced pool keeps a hardware load
 * balancer for what DNS cannot balance).
 */
export interface LoadBalancerSettingEntry extends SettingEntry {
  readonly behavior: LoadBalancerBehavior;
  /** The listeners it applies to; each is a port of the load balancer catalog. */
  readonly ports: readonly LoadBalancedPort[];
  /** For `tcp-idle-timeout`: the timeout in seconds. */
  readonly seconds?: number;
  /** The source's own words that state the setting, verbatim. */
  readonly quote: string;
  /** Other lists or tables of the source stating the same setting. */
  readonly also?: readonly SourceRef[];
}
