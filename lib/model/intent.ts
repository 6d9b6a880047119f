/**
 * Cloud-neutral intent: which flows a role admits and sends, which ports its load balancer
 * listens on, and which IPsec exemptions apply. Constructs fill these; the planner turns them
 * into rules; renderers turn rules into resources. No cdktf imports.
 */
import type { Transport } from '../catalog/types';
import type { Suppression } from '../checks/types';
import type { PortRange } from './ports';

/** The other end of a flow. */
export type Peer =
  /**
   * A named group of address ranges (validated CIDRs), e.g. `clients`. `outsideRole` is set when
   * the addresses are those of a role declared outside the cloud (on-premises, another network):
   * the planner then also lists the mirrored flow on that role, as a rule to set outside.
   */
  | {
      readonly kind: 'cidrs';
      readonly name: string;
      readonly cidrs: readonly string[];
      readonly outsideRole?: string;
      /** The prop the user wrote the ranges in (e.g. `clients`, `reverseProxy`), for error messages. Default: derived from `name`. */
      readonly prop?: string;
      /** Render as one AWS customer-managed prefix list (see PrefixListHint). */
      readonly prefixList?: PrefixListHint;
    }
  /** Another role (or the same role) in the same network, by its unique role name. */
  | { readonly kind: 'role'; readonly role: string }
  /** The whole internet (0.0.0.0/0 and ::/0). Only for internet-facing roles or with a written reason. */
  | { readonly kind: 'internet' }
  /** The cloud load balancer's health probes (Azure: service tag AzureLoadBalancer). */
  | { readonly kind: 'lb-probe' }
  /**
   * Something that already exists in the cloud and that the user names: an AWS security group or
   * managed prefix list, an Azure application security group or service tag. Rendered as a reference
   * on its cloud (refused on the other). `name` is unique on the network (rule names).
   */
  | { readonly kind: 'existing'; readonly name: string; readonly ref: ExistingRef; readonly prop?: string };

/** What an existing peer refers to (see `Peers` in lib/core/existing.ts). */
export type ExistingRef =
  | { readonly type: 'aws-security-group'; readonly id: string }
  /** A managed prefix list; a rule naming it counts `maxEntries` against the security group quota. */
  | { readonly type: 'aws-prefix-list'; readonly id: string; readonly maxEntries: number }
  | { readonly type: 'azure-application-security-group'; readonly id: string }
  /** An Azure service tag (e.g. `AzureMonitor`, `Sql.WestEurope`). */
  | { readonly type: 'azure-service-tag'; readonly tag: string };

/**
 * Render a CIDR group on AWS as one customer-managed prefix list (one IP version) instead of one rule
 * per CIDR. A rule that references it counts `maxEntries` against the security group quota. Azure ignores it.
 */
export interface PrefixListHint {
  /** Unique on the network; the same name must always carry the same addresses. */
  readonly name: string;
  /** Fixed size of the list (at least the number of CIDRs); what each referencing rule costs in the quota. */
  readonly maxEntries: number;
  /** Cites the source (e.g. the endpoint set id and snapshot version); on each entry. */
  readonly description: string;
}

export type FlowDirection = 'ingress' | 'egress';

export interface Flow {
  readonly direction: FlowDirection;
  readonly peer: Peer;
  readonly transport: Transport;
  /** Normalized port set; empty for port-less transports and for `all` flows. */
  readonly ports: readonly PortRange[];
  /**
   * Source ports the documented client sends from (e.g. seed 003 media ranges). Absent: any. Azure
   * renders them; AWS security groups have no source ports, so the planner leaves them out there and says so.
   */
  readonly sourcePorts?: readonly PortRange[];
  /** Catalog ids this flow implements; `custom:<label>` for a user's extra rule. */
  readonly catalogIds: readonly string[];
  readonly purpose: string;
  /** A written reason, required for anything the self-checks would otherwise refuse. */
  readonly justification?: string;
}

/** A port the role's load balancer balances (pass-through, never TLS-terminating). */
export interface Listener {
  /**
   * The virtual IP (frontend) the port belongs to, when a pool has several that share ports (the
   * Edge external interface: one VIP each for Access, Web Conferencing and A/V Edge). Default: the one.
   */
  readonly frontend?: string;
  readonly port: number;
  readonly transport: 'tcp' | 'udp';
  readonly catalogIds: readonly string[];
  readonly purpose: string;
  /** What the load balancer must do on this port besides balancing it, from the catalog's load balancer settings. Absent: nothing documented. */
  readonly settings?: ListenerSettings;
}

/** Documented load balancer settings of one listener (see LoadBalancerSettingEntry). */
export interface ListenerSettings {
  /** Every connection of one client address to one server (source-address affinity). */
  readonly sourceAddressPersistence?: true;
  /** Keep idle TCP connections this many seconds. */
  readonly tcpIdleTimeoutSeconds?: number;
  /** The server sees the client's own source address. */
  readonly keepClientAddress?: true;
  /** The catalog setting ids these come from. */
  readonly catalogIds: readonly string[];
}

/** An IPsec exemption the role's Windows hosts need (cloud security groups cannot express IPsec). */
export interface IpsecNote {
  readonly catalogId: string;
  readonly ruleName: string;
  readonly direction: 'inbound' | 'outbound';
  readonly transports: readonly ('tcp' | 'udp')[];
  /** `any`, or the resolved client media range ("1024-65535"). */
  readonly sourcePorts: string;
  readonly destinationPorts: string;
  readonly reason: string;
}

/** A catalog entry a role knows of but did not turn into a rule, and why (nothing is dropped silently). */
export interface SkippedEntry {
  readonly catalogId: string;
  readonly reason: string;
}

/** Everything one role (one security boundary) declares. */
export interface RoleIntent {
  /** Unique within the network; used in resource names. */
  readonly name: string;
  /** Construct path, for error messages. */
  readonly path: string;
  /** What the role is (e.g. `Skype for Business Front End pool`). */
  readonly kind: string;
  /** True only for roles that face the internet by design (Edge external, reverse proxy). */
  readonly internetFacing: boolean;
  readonly flows: readonly Flow[];
  readonly listeners: readonly Listener[];
  /** The health probe port for the load balancer, when there are listeners. */
  readonly probePort?: number;
  readonly ipsec: readonly IpsecNote[];
  readonly skipped: readonly SkippedEntry[];
  /** `declared`: only declared egress flows. Otherwise all egress is allowed, for the given reason. */
  readonly egress: 'declared' | { readonly allowAllReason: string };
  /**
   * A group is a boundary that hosts of other roles join (e.g. "members of domain X"): on AWS a
   * security group the members attach as well; on Azure an application security group whose
   * rules are rendered into each member's NSG (a NIC has one NSG).
   */
  readonly group?: boolean;
  /**
   * For a group: send to its own members through one rule set towards the group (union of the
   * members' ports) instead of one per member role. Members' ingress still names only their ports.
   */
  readonly summarizeMemberEgress?: boolean;
  /** Names of the groups this role's hosts join. */
  readonly memberOf?: readonly string[];
  /** Checks waived on this role, each with a written reason (see lib/checks). */
  readonly suppressions?: readonly Suppression[];
  /**
   * Set for a role that lives outside the cloud (declared by its addresses): it gets no boundary
   * and no cloud rules; its side of every flow is listed in the report as rules to set elsewhere.
   */
  readonly outside?: { readonly cidrs: readonly string[] };
  /**
   * Set for a stand-in of roles in other stacks (cross-stack wiring): a boundary of this network
   * that those roles' hosts (or load balancers) join, so this network's rules name it without
   * referring to the other stacks. Nothing is rendered for it here: the roles it stands for render
   * their own side in their stacks; its mirrored side is listed in the report.
   */
  readonly remote?: { readonly members: readonly string[] };
  /**
   * Groups and stand-ins of other networks (shared networks) that this role's hosts also join, by
   * their alias on this network (`<role>.<network alias>`): counted in the AWS interface limit and
   * attached with the role's own groups.
   */
  readonly joinsForeign?: readonly string[];
  /** The product version the role runs, in words (e.g. `Skype for Business Server Subscription Edition (SE)`), for the report. Absent: not versioned. */
  readonly productVersion?: string;
}
