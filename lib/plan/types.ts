/**
 * The planner's vocabulary: what a plan holds (RolePlan, PlannedRule, AwsRuleResource), what the
 * stages pass each other (Contribution, DraftRule) and what a network binding asks for
 * (PlanOptions, ForeignRole). Types only, plus the two facts every stage shares (which transports
 * carry no ports, and the exhaustiveness guard). No cdktf imports.
 */
import type { Transport } from '../catalog/types';
import type { CheckPack, CheckReport } from '../checks/types';
import type { Cidr } from '../model/cidr';
import type { Flow, FlowDirection, IpsecNote, Listener, Peer, SkippedEntry } from '../model/intent';
import type { PortRange } from '../model/ports';
import type { CloudProfile } from './profiles';

/** A peer in a planned rule: an intent peer, or `any` (deny-all rules only). */
export type PlanPeer = Peer | { readonly kind: 'any' };

/** Which flows went into a rule: kept so each rendered range can cite exactly its own sources. */
export interface Contribution {
  readonly catalogIds: readonly string[];
  readonly ports: readonly PortRange[];
  readonly purpose: string;
  readonly justification?: string;
}

export interface PlannedRule {
  /** Stable name: direction, peer and transport; never the ports (they may merge). */
  readonly name: string;
  readonly access: 'allow' | 'deny';
  readonly direction: FlowDirection;
  readonly peer: PlanPeer;
  /** `all`: every protocol (deny-all and allow-all rules). */
  readonly transport: Transport | 'all';
  /** Normalized; empty for port-less transports and `all`. */
  readonly ports: readonly PortRange[];
  /** Source ports (Azure only; AWS security groups have none). Absent: any. */
  readonly sourcePorts?: readonly PortRange[];
  readonly catalogIds: readonly string[];
  readonly contributions: readonly Contribution[];
  /** Azure priority (100-4096, unique per direction). 0 on AWS. */
  readonly priority: number;
  readonly description: string;
}

/** A planned rule while its priority is assigned (the stages between merge and the finished plan). */
export type DraftRule = { -readonly [K in keyof PlannedRule]: PlannedRule[K] };

/** One AWS rule resource: one peer address or group, one transport, one range. */
export interface AwsRuleResource {
  readonly key: string;
  /** The planned rule this resource renders (one planned rule becomes peer x range resources). */
  readonly rule: string;
  readonly direction: FlowDirection;
  readonly peer:
    | { readonly kind: 'cidr'; readonly cidr: Cidr }
    | { readonly kind: 'role'; readonly role: string }
    /** A customer-managed prefix list: one rule that counts `maxEntries` against the quota. */
    | { readonly kind: 'prefix-list'; readonly name: string; readonly version: 4 | 6; readonly cidrs: readonly Cidr[]; readonly maxEntries: number; readonly description: string; /** An existing list, referenced by id (nothing created). */ readonly existingId?: string }
    /** An existing security group the user named, referenced by id (one rule). */
    | { readonly kind: 'group-id'; readonly name: string; readonly id: string };
  readonly transport: Transport | 'all';
  readonly range?: PortRange;
  /** What the resource counts against the security group quota (1, or a prefix list's max entries). */
  readonly weight: number;
  readonly catalogIds: readonly string[];
  readonly description: string;
  /**
   * Which of the role's security groups holds the rule: 0 is the role's own group; 1, 2, ... are the
   * extra groups for the same hosts when the rules exceed the per-group quota.
   */
  readonly group?: number;
}

export interface RolePlan {
  readonly name: string;
  readonly path: string;
  readonly kind: string;
  /** Faces the internet by design (Edge external interface, reverse proxy): its load balancer is public. */
  readonly internetFacing: boolean;
  /** True for the load balancer boundary the planner adds on AWS. */
  readonly synthetic: boolean;
  readonly rules: readonly PlannedRule[];
  readonly awsRules: readonly AwsRuleResource[];
  /** AWS: how many security groups the role's rules take (1, or more when spread over the quota). */
  readonly awsSecurityGroups: number;
  readonly listeners: readonly Listener[];
  readonly probePort?: number;
  readonly ipsec: readonly IpsecNote[];
  readonly skipped: readonly SkippedEntry[];
  readonly egressAllowAllReason?: string;
  /** A group boundary that other roles' hosts join (see RoleIntent.group). */
  readonly group: boolean;
  /** Groups this role's hosts must also join (attach their security group / ASG). */
  readonly memberOf: readonly string[];
  /** What this cloud renders differently from the documented flow (e.g. AWS has no source ports), one line each. */
  readonly notes?: readonly string[];
  /**
   * Set for a role outside the cloud: nothing is rendered for it; its rules are the mirror of the
   * cloud roles' flows with it, to set on the firewall in front of it.
   */
  readonly outside?: { readonly cidrs: readonly string[] };
  /** Set for a stand-in of roles in other stacks (see RoleIntent.remote): a boundary only, no rules rendered here. */
  readonly remote?: { readonly members: readonly string[] };
  /** Groups and stand-ins of shared networks this role's hosts also join, by alias (see RoleIntent.joinsForeign). */
  readonly joinsForeign?: readonly string[];
  /** The product version of the role, in words (see RoleIntent.productVersion). */
  readonly productVersion?: string;
}

/** A group or stand-in of another network, as a network that shares it sees it (see PlanOptions.foreign). */
export interface ForeignRole {
  /** Its flows after its own network's planning, peers named by their alias on this network: merged into members' NSGs on Azure. Empty for a boundary only. */
  readonly groupFlows: readonly Flow[];
  /** AWS: how many security groups its hosts attach (the group's own and its extra ones). */
  readonly awsSecurityGroups: number;
  readonly group: boolean;
  /**
   * AWS: the network load balancer(s) of a shared role with load-balanced ports: egress towards the
   * role on those ports also reaches its load balancers' security group (by its alias), as within one network.
   */
  readonly loadBalancer?: { readonly alias: string; readonly tcp: readonly PortRange[]; readonly udp: readonly PortRange[] };
}

export interface NetworkPlan {
  readonly cloud: 'azure' | 'aws';
  readonly roles: readonly RolePlan[];
  /**
   * Every group's flows after mirroring, peers by this network's role names: what a member on a
   * network that shares this one renders into its own NSG (Azure). Absent on plans built by hand.
   */
  readonly groupFlows?: ReadonlyMap<string, readonly Flow[]>;
  /** What the check packs found (failed warnings and suppressed findings; errors throw). Absent on plans built by hand. */
  readonly checks?: CheckReport;
}

export interface PlanOptions {
  readonly profile: CloudProfile;
  /** Construct path of the network binding, for errors about the network as a whole. */
  readonly path: string;
  /** AWS rules per security group per direction and IP version (default 60; raise it only with a raised quota). */
  readonly awsRulesPerSecurityGroup?: number;
  /** Azure priorities for the allow rules (default 100-3999; 4000-4096 hold probe and deny rules). */
  readonly azurePriorityRange?: { readonly from: number; readonly to: number };
  /** Check packs to run after the library's own (lib/checks). Default: none. */
  readonly checkPacks?: readonly CheckPack[];
  /** AWS security groups per network interface (default 5, adjustable up to 16): bounds how far a role's rules spread. */
  readonly awsSecurityGroupsPerEni?: number;
  /**
   * Roles of shared networks (other stacks) that this network's roles name as peers or join, by
   * their alias here (`<role>.<network alias>`). Flows towards them are not mirrored here: their own
   * network renders that side (towards a stand-in of this network's roles).
   */
  readonly foreign?: ReadonlyMap<string, ForeignRole>;
}

/** Transports that carry no ports (and the `all` of allow-all and deny-all rules). */
export const PORTLESS: ReadonlySet<string> = new Set(['icmp', 'gre', 'esp', 'ah', 'all']);

/**
 * The default branch of an exhaustive switch: a new peer kind (or any new union member) fails to
 * compile here until the stage handles it, and fails loudly if it arrives at run time anyway.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`[cdktf-ms-ports] internal: ${what} ${JSON.stringify(value)} is not handled`);
}
