/**
 * Base class of every role construct: a security boundary on a network binding. Subclasses
 * declare their flows from the catalog; users add wiring and escape hatches. Nothing here
 * creates cloud resources: the binding renders the plan at synth.
 */
import { Construct } from 'constructs';
import type { PeerClass, PortEntry, Transport } from '../catalog/types';
import { propForGroup } from '../checks/internet';
import { checkReason } from '../checks/reason';
import { validateSuppression } from '../checks/run';
import type { Suppression } from '../checks/types';
import type { EntryOptions, PeerSide } from '../model/declare';
import { cidrListProblem, parseCidr, type Cidr } from '../model/cidr';
import { compareText } from '../model/compare';
import { MsPortsError } from '../model/errors';
import { existingCloud, existingText } from '../model/peer';
import type { Flow, IpsecNote, Listener, Peer, RoleIntent, SkippedEntry } from '../model/intent';
import { parsePorts, PortSpecError, type PortRange } from '../model/ports';
import { NetworkBinding, type HostAttachment } from './binding';
import { isExistingPeer, type ExistingPeer } from './existing';
import { assertSameBuild, currentEngine, ROLE_BRAND } from './engine';
import { anyOf, checkCidrSet, cidr, cidrList, object, oneOf, str, validateProps, type Check, type PropSchema } from './props';

/**
 * Who a rule admits or reaches: a CIDR, a list of CIDRs, a named CIDR group, another role on
 * the same network, or `'internet'` (refused unless the role is internet-facing or justified).
 */
export type PeerInput = string | readonly string[] | SecurityRole | ExistingPeer | { readonly name: string; readonly cidrs: readonly string[] };

/** Ports as users write them: 5061, "5061", "49152-65535", or a list of those. */
export type PortInput = number | string | readonly (number | string)[];

export interface SecurityRoleProps {
  /** The network binding that decides the cloud (`AzureNetwork` or `AwsNetwork`). */
  readonly network: NetworkBinding;
  /** Unique name on the network, used in resource names. Default: the construct id, lowercased. */
  readonly name?: string;
  /**
   * Allow all egress instead of only the declared flows, with the reason (it appears in the
   * rule description and the report). Default: only declared egress, on both clouds.
   */
  readonly allowAllEgress?: { readonly reason: string };
}

/**
 * Props of a role that lives outside the cloud: on-premises, in another virtual network or VPC,
 * in another stack, at a partner. Such a role is declared by its addresses (as AWS CDK imports an
 * existing security group): it gets no boundary and no cloud rules, but wiring a cloud role to it
 * renders, on the cloud side, every documented flow of the pair in both directions, and the report
 * lists its own side as rules to set outside the cloud.
 */
export interface OutsideRoleProps {
  /** The network binding of the cloud roles it talks to. */
  readonly network: NetworkBinding;
  /** The role's addresses (CIDRs, IPv4 or IPv6). Required, non-empty. */
  readonly cidrs: readonly string[];
  /** Unique name on the network. Default: the construct id, lowercased. */
  readonly name?: string;
}

export interface ExtraRuleOptions {
  /** Default `tcp`. */
  readonly transport?: Transport;
  /** Short label for the custom rule, cited as `custom:<label>` ([a-z0-9-], 1-40). */
  readonly label: string;
  /** What the rule is for (report only). */
  readonly purpose?: string;
  /** Written reason, required to open a non-internet-facing role or a management port to the internet. */
  readonly justification?: string;
}

/** What a subclass declares from the catalog. */
export interface RoleDeclaration {
  readonly flows: readonly Flow[];
  readonly listeners?: readonly Listener[];
  readonly probePort?: number;
  readonly ipsec?: readonly IpsecNote[];
  readonly skipped?: readonly SkippedEntry[];
}

const LABEL = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The transports a rule can carry (the catalog's set); anything else is refused, never rendered without a protocol. */
export const TRANSPORTS: readonly Transport[] = ['tcp', 'udp', 'icmp', 'gre', 'esp', 'ah'];

/**
 * A construct (it has a construct path) that is not one of this build's roles: a role of the other
 * engine's build, say. It is left to the role's own checks, which name the build it came from.
 */
export function isConstructLike(v: unknown): boolean {
  return v !== null && typeof v === 'object' && typeof (v as { node?: { path?: unknown } }).node?.path === 'string';
}

/** Run-time check of a peer as users write it (CIDR, CIDR list, role construct, `{ name, cidrs }`). */
export function peerCheck(options: { internet?: boolean } = {}): Check {
  const isPlain = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && !isConstructLike(v) && !isExistingPeer(v);
  return anyOf(
    `a CIDR, a list of CIDRs, a role construct or { name, cidrs }${options.internet ? ", or 'internet'" : ''}`,
    'name the peer by CIDR ("10.30.0.0/16"), a list of CIDRs, a role construct on the same network, or { name: "monitoring", cidrs: [...] }',
    { when: (v) => v === 'internet' && options.internet === true, check: () => undefined },
    { when: (v) => typeof v === 'string', check: cidr() },
    { when: (v) => Array.isArray(v), check: cidrList() },
    { when: isConstructLike, check: () => undefined }, // roles: checked (build, network) when resolved
    { when: isExistingPeer, check: () => undefined }, // made and validated by Peers; its cloud is checked when resolved
    { when: isPlain, check: object({ name: str({ nonEmpty: true }), cidrs: cidrList() }, 'a peer group') },
  );
}

/** A list of servers: CIDRs (one address list, so no repeats or nesting) or role constructs. */
export function serverListCheck(): Check {
  const item = anyOf(
    'a CIDR, a role construct or an existing peer',
    'list CIDRs ("10.10.1.0/24"), role constructs on the same network, or existing pieces (Peers.securityGroup(...), Peers.serviceTag(...))',
    { when: (v) => typeof v === 'string', check: cidr() },
    { when: isConstructLike, check: () => undefined },
    { when: isExistingPeer, check: () => undefined },
  );
  return (v, at, ctx) => {
    if (!Array.isArray(v)) {
      throw new MsPortsError(ctx.path, `${at} ${JSON.stringify(v) ?? String(v)} is not a list`, `write ${at} as a list, e.g. ${at}: ["10.10.1.0/24"]`);
    }
    v.forEach((x, i) => item(x, `${at}[${i}]`, ctx));
    checkCidrSet(ctx, at, v.map((x, i) => ({ at: `${at}[${i}]`, value: x })).filter((x) => typeof x.value === 'string'));
  };
}

/** The props every role accepts; patterns add theirs. */
export const ROLE_PROPS: PropSchema = {
  network: () => undefined, // checked by the SecurityRole constructor (binding, and which build it is from)
  name: str({ nonEmpty: true }),
  allowAllEgress: object({ reason: str() }, 'allowAllEgress'),
};

/** The props of a role declared outside the cloud by its addresses (OutsideRoleProps). */
export const OUTSIDE_ROLE_PROPS: PropSchema = {
  network: () => undefined, // checked by the SecurityRole constructor
  name: str({ nonEmpty: true }),
  cidrs: () => undefined, // checked by the SecurityRole constructor; repeats are caught on the address lists of the flows
};

const EXTRA_RULE_OPTIONS: PropSchema = {
  transport: oneOf(TRANSPORTS),
  label: str(),
  purpose: str(),
  justification: str(),
};

export abstract class SecurityRole extends Construct {
  readonly network: NetworkBinding;
  /** Unique name of the role on its network. */
  readonly roleName: string;
  /** What the role is, in words (e.g. "Skype for Business Front End pool"). */
  readonly kind: string;
  /** True only for roles that face the internet by design. */
  readonly internetFacing: boolean;
  /** True for a group boundary that other roles' hosts join (see RoleIntent.group). */
  readonly isGroup: boolean;
  /** For a role outside the cloud: its addresses (validated). Undefined for cloud roles. */
  readonly outsideCidrs?: readonly string[];
  private readonly extraFlows: Flow[] = [];
  private readonly egressReason?: string;
  private readonly groups = new Set<string>();
  private readonly suppressions: Suppression[] = [];
  private readonly links = new Map<string, SecurityRole>();

  protected constructor(
    scope: Construct,
    id: string,
    props: SecurityRoleProps,
    kind: string,
    options: { internetFacing?: boolean; group?: boolean; outside?: readonly string[] } = {},
  ) {
    super(scope, id);
    if (!props || !props.network) {
      throw new MsPortsError(this.node.path, 'no network binding was given', 'pass `network: new AzureNetwork(...)` or `network: new AwsNetwork(...)`');
    }
    if (!(props.network instanceof NetworkBinding)) {
      assertSameBuild(this, props.network, 'network binding', 'network');
      throw new MsPortsError(this.node.path, 'network is not a network binding', 'pass `network: new AzureNetwork(...)` or `network: new AwsNetwork(...)`');
    }
    Object.defineProperty(this, ROLE_BRAND, { value: currentEngine().name });
    this.network = props.network;
    this.kind = kind;
    this.internetFacing = options.internetFacing ?? false;
    this.isGroup = options.group ?? false;
    this.roleName = props.name ?? id.toLowerCase();
    if (options.outside !== undefined) {
      if (!Array.isArray(options.outside) || options.outside.length === 0) {
        throw new MsPortsError(this.node.path, `cidrs ${JSON.stringify(options.outside)} is not a non-empty list`, 'list the addresses of the role outside the cloud, e.g. cidrs: ["192.168.10.0/24"]');
      }
      for (const c of options.outside) {
        try {
          parseCidr(c);
        } catch (e) {
          throw new MsPortsError(this.node.path, `cidrs: ${(e as Error).message}`, 'write each address as a network with a prefix, e.g. 192.168.10.0/24');
        }
      }
      this.outsideCidrs = [...options.outside];
    }
    if (props.allowAllEgress) {
      this.egressReason = checkJustification(this.node.path, props.allowAllEgress.reason, 'allowAllEgress.reason');
    }
    props.network.register(this);
  }

  /** True for a role declared outside the cloud by its addresses. */
  get isOutside(): boolean {
    return this.outsideCidrs !== undefined;
  }

  /**
   * The services whose addresses each host of this role has apart (keys of `attachHost`'s
   * `serviceAddresses`), one per load balancer frontend. Default: none (one address per host).
   */
  hostServices(): readonly string[] {
    return [];
  }

  /**
   * The peer classes this role plays for the catalog (a Director plays `servers` and `director`):
   * which of another role's entries concern it. Default: none.
   */
  plays(): readonly PeerClass[] {
    return [];
  }

  /**
   * The catalog entries this role's kind implements, with how they resolve for this instance
   * (conditions, enabled optional entries, narrower ranges). Used when the role is the other end
   * of a flow and declares no side of its own (outside the cloud). Default: none.
   */
  catalogEntries(): { readonly entries: readonly PortEntry[]; readonly options?: EntryOptions } {
    return { entries: [] };
  }

  /** How other roles' rules name this role: its boundary, or, outside the cloud, its addresses. */
  get peer(): Peer {
    return this.outsideCidrs ? { kind: 'cidrs', name: this.roleName, cidrs: this.outsideCidrs, outsideRole: this.roleName } : { kind: 'role', role: this.roleName };
  }

  /**
   * Wires this role and `other` both ways: each renders its documented flows with the other, by
   * the classes the other plays. Idempotent. Both must be on the same network binding; at least
   * one must be in the cloud.
   */
  connect(other: SecurityRole): void {
    if (!(other instanceof SecurityRole)) {
      throw new MsPortsError(this.node.path, `${String(other)} is not a role`, 'pass a role construct (e.g. a FrontEndPool, or Director.fromAddresses(...) for one outside the cloud)');
    }
    if (other === this || this.links.has(other.node.path)) return;
    if (other.isGroup || this.isGroup) {
      const [group, role] = other.isGroup ? [other, this] : [this, other];
      throw new MsPortsError(
        this.node.path,
        `connect() got ${group.node.path}, a group boundary (${group.kind}): a group has no documented flows of its own to pair with ${role.node.path}`,
        `make the role a member instead: ${role.isGroup ? 'let the member roles join it' : 'role.joinGroup(group)'} (e.g. domainController.allowMembers(role) or role.joinDomain(domainController) for a domain's members), or connect the role to the group's owner (e.g. the DomainController)`,
      );
    }
    if (other.network !== this.network) {
      const shared = this.network.sharesFrom(other.network) || other.network.sharesFrom(this.network);
      if (!shared) {
        throw new MsPortsError(
          this.node.path,
          `role ${other.node.path} is on another network binding (${other.network.node.path})`,
          'wire roles that share one network binding; for a shared role in another stack, list its network in this network\'s sharedNetworks; declare a role elsewhere with <Kind>.fromAddresses(scope, id, { network, cidrs })',
        );
      }
      if (this.isOutside || other.isOutside) {
        throw new MsPortsError(this.node.path, `${this.isOutside ? this.node.path : other.node.path} is outside the cloud and on another network than ${this.isOutside ? other.node.path : this.node.path}`, 'declare the outside role on the network of the cloud role it talks to');
      }
    }
    if (this.isOutside && other.isOutside) {
      throw new MsPortsError(this.node.path, `both ${this.node.path} and ${other.node.path} are outside the cloud`, 'wire an outside role to a role in the cloud; flows between two outside roles are not rendered here');
    }
    this.links.set(other.node.path, other);
    other.connect(this);
  }

  /** The roles wired to this one, sorted by name (then path: roles of shared networks may share a name). */
  get connections(): readonly SecurityRole[] {
    return [...this.links.values()].sort((a, b) => compareText(a.roleName, b.roleName) || compareText(a.node.path, b.node.path));
  }

  /**
   * The side of a wired role as a peer of this one. An outside role brings its catalog entries
   * (this role renders both directions); a cloud role declares its own side (the planner mirrors).
   * A role of a shared network (another stack) brings its entries too, since each stack renders only
   * its own boundaries, and is named by its alias here. (The shared network mirrors this role's flows
   * with its roles onto them, towards the stand-in this role's hosts join: it never calls this.)
   */
  protected sideOf(role: SecurityRole): PeerSide {
    if (role.network !== this.network) {
      if (!this.network.sharesFrom(role.network)) {
        throw new MsPortsError(this.node.path, `${role.node.path} is a role of a network that shares this one: its flows with this role are mirrored from its own`, 'leave roles of sharing networks out of the sides a role declares');
      }
      const e = role.catalogEntries();
      return { peer: { kind: 'role', role: this.network.foreignAlias(role.network, role.roleName) }, plays: role.plays(), entries: e.entries, options: e.options };
    }
    const entries = role.isOutside ? role.catalogEntries() : { entries: [] };
    return { peer: role.peer, plays: role.plays(), entries: entries.entries, options: entries.options };
  }

  /** Subclasses declare their catalog flows here; called at synth (and by `intent()`). */
  protected abstract declare(): RoleDeclaration;

  /**
   * What a role outside the cloud declares: no flows (the cloud roles wired to it render both
   * directions, and the planner lists its side), but its IPsec exemptions and skipped entries.
   */
  protected declareOutside(): RoleDeclaration {
    return { flows: [] };
  }

  /** The cloud-neutral intent of this role: catalog flows plus wiring and extra rules. */
  intent(): RoleIntent {
    const d = this.isOutside ? this.declareOutside() : this.declare();
    const flows = [...d.flows, ...this.extraFlows];
    checkAddressLists(this.node.path, flows);
    return {
      name: this.roleName,
      path: this.node.path,
      kind: this.kind,
      internetFacing: this.internetFacing,
      flows,
      listeners: d.listeners ?? [],
      probePort: d.probePort,
      ipsec: d.ipsec ?? [],
      skipped: d.skipped ?? [],
      egress: this.egressReason ? { allowAllReason: this.egressReason } : 'declared',
      group: this.isGroup,
      memberOf: [...this.groups].sort(),
      suppressions: [...this.suppressions],
      outside: this.outsideCidrs ? { cidrs: this.outsideCidrs } : undefined,
    };
  }

  /**
   * Waives a check (lib/checks, e.g. `MSP-INTERNET-EXPOSURE`) on this role, with the reason a
   * reviewer reads in the report (10-120 description-safe characters). Some checks cannot be
   * suppressed, and a suppression that matches no finding fails synth: both keep waivers honest.
   */
  suppress(checkId: string, reason: string, options: { readonly rules?: readonly string[] } = {}): void {
    const written = checkJustification(this.node.path, reason, `the reason for suppressing ${checkId}`);
    const s: Suppression = { id: checkId, reason: written, rules: options.rules ? [...options.rules] : undefined };
    validateSuppression(this.node.path, s);
    this.suppressions.push(s);
  }

  /**
   * Makes this role's hosts members of a group boundary (for example a domain's members): the
   * group's rules then apply to them. Attach the group's security group (AWS) or application
   * security group (Azure) to the hosts as well; the role's `boundary` output lists it.
   */
  joinGroup(group: SecurityRole): void {
    if (!(group instanceof SecurityRole)) assertSameBuild(this, group, 'role', 'group');
    if (!group.isGroup) {
      throw new MsPortsError(this.node.path, `${group.node.path} is not a group`, 'join a group boundary, e.g. `domainController.members`');
    }
    const foreign = group.network !== this.network;
    if (foreign && !this.network.sharesFrom(group.network)) {
      throw new MsPortsError(this.node.path, `group ${group.node.path} is on another network binding (${group.network.node.path})`, 'join groups on the same network binding, or list the group\'s network in this network\'s sharedNetworks');
    }
    if (group === this) {
      throw new MsPortsError(this.node.path, 'a group cannot join itself', 'join another group');
    }
    if (this.isOutside) {
      throw new MsPortsError(this.node.path, `a role outside the cloud cannot join group ${group.node.path}`, 'wire the outside role to the cloud roles with connect(); its addresses are admitted by rules');
    }
    if (foreign && this.isGroup) {
      throw new MsPortsError(this.node.path, `a group cannot join ${group.node.path}, a group of another stack`, 'let the roles join both groups');
    }
    // A group of a shared network (another stack) is named by its alias on this network.
    this.groups.add(foreign ? this.network.foreignAlias(group.network, group.roleName) : group.roleName);
  }

  /**
   * Attaches one host of this role in one call: on Azure its NIC gets the role's NSG and joins the
   * role's application security group and every group the role joined, and its IP configuration
   * joins the load balancer's backend pool; on AWS its ENI gets the role's security group and every
   * group the role joined, and its private IP is registered in the load balancer's target groups.
   */
  attachHost(host: HostAttachment): void {
    this.network.attachHost(this, host);
  }

  /** The groups this role joined, by role name. */
  get memberOf(): readonly string[] {
    return [...this.groups].sort();
  }

  /** Escape hatch: admit `peer` on `ports`, for what the catalog cannot know. Validated like everything else. */
  allowFrom(peer: PeerInput | 'internet', ports: PortInput, options: ExtraRuleOptions): void {
    this.refuseOnOutside('allowFrom');
    this.extraFlows.push(this.extraFlow('ingress', peer, ports, options));
  }

  /** Escape hatch: let this role reach `peer` on `ports`. */
  allowTo(peer: PeerInput | 'internet', ports: PortInput, options: ExtraRuleOptions): void {
    this.refuseOnOutside('allowTo');
    this.extraFlows.push(this.extraFlow('egress', peer, ports, options));
  }

  private refuseOnOutside(method: string): void {
    if (this.isOutside) {
      throw new MsPortsError(this.node.path, `${method} was called on a role outside the cloud, which has no boundary`, `call ${method} on the cloud role at the other end (e.g. cloudRole.${method === 'allowFrom' ? 'allowTo' : 'allowFrom'}(outsideRole, ...))`);
    }
  }

  private extraFlow(direction: 'ingress' | 'egress', peer: PeerInput | 'internet', ports: PortInput, options: ExtraRuleOptions): Flow {
    const method = direction === 'ingress' ? 'allowFrom' : 'allowTo';
    if (options !== undefined) validateProps(this.node.path, method, options, EXTRA_RULE_OPTIONS, 'options.');
    peerCheck({ internet: true })(peer, `${method} peer`, { path: this.node.path, props: {} });
    if (!options || !LABEL.test(options.label ?? '')) {
      throw new MsPortsError(this.node.path, `custom rule label "${options?.label}" is invalid`, 'use 1-40 lowercase letters, digits and hyphens');
    }
    const transport = options.transport ?? 'tcp';
    const portless = transport === 'icmp' || transport === 'gre' || transport === 'esp' || transport === 'ah';
    return {
      direction,
      peer: this.resolvePeer(peer, `custom-${options.label}`),
      transport,
      ports: portless ? [] : this.ports(ports, `custom rule ${options.label}`),
      catalogIds: [`custom:${options.label}`],
      purpose: options.purpose ?? `custom rule ${options.label}`,
      justification: options.justification !== undefined ? checkJustification(this.node.path, options.justification, `the justification of ${method}(..., { label: '${options.label}' })`) : undefined,
    };
  }

  /** Parses ports with the construct path in any error. */
  protected ports(input: PortInput, what: string): PortRange[] {
    const list = Array.isArray(input) ? input : [input as number | string];
    if (list.length === 0) {
      throw new MsPortsError(this.node.path, `no ports given for ${what}`, 'give at least one port or range');
    }
    try {
      return parsePorts(list);
    } catch (e) {
      if (e instanceof PortSpecError) {
        throw new MsPortsError(this.node.path, `${e.message} (${what})`, e.hint);
      }
      throw e;
    }
  }

  /** Turns user input into a peer. CIDR lists become a named group. */
  protected resolvePeer(input: PeerInput | 'internet', groupName: string): Peer {
    if (input === 'internet') return { kind: 'internet' };
    if (input instanceof SecurityRole) {
      if (input.network !== this.network) {
        throw new MsPortsError(this.node.path, `role ${input.node.path} is on another network binding`, 'wire roles that share one network binding, or name the other side by CIDR');
      }
      const peer = input.peer;
      // a role outside the cloud is its addresses: remember the prop it was given in, for errors
      return peer.kind === 'cidrs' && !groupName.startsWith('custom-') ? { ...peer, prop: propForGroup(groupName) } : peer;
    }
    if (isExistingPeer(input)) {
      const cloud = existingCloud(input.ref);
      if (cloud !== this.network.cloud) {
        throw new MsPortsError(this.node.path, `${groupName}: ${existingText(input.ref)} is an ${cloud === 'aws' ? 'AWS' : 'Azure'} piece, but this role is on ${this.network.cloud === 'aws' ? 'AWS' : 'Azure'}`, `name a piece of the role's own cloud, or the peer's addresses`);
      }
      return { kind: 'existing', name: input.name, ref: input.ref, prop: groupName };
    }
    assertSameBuild(this, input, 'role', 'peer');
    if (typeof input === 'string') return { kind: 'cidrs', name: groupName, cidrs: [input] };
    if (Array.isArray(input)) {
      if (input.length === 0) {
        throw new MsPortsError(this.node.path, `the address list for "${groupName}" is empty`, `list at least one CIDR for "${groupName}", or leave the prop out`);
      }
      return { kind: 'cidrs', name: groupName, cidrs: [...(input as readonly string[])] };
    }
    const group = input as { name: string; cidrs: readonly string[] };
    if (!LABEL.test(group.name)) {
      throw new MsPortsError(this.node.path, `peer group name "${group.name}" is invalid`, 'use 1-40 lowercase letters, digits and hyphens');
    }
    return { kind: 'cidrs', name: group.name, cidrs: [...group.cidrs] };
  }
}

/**
 * Every address list a role's flows name, whatever prop or method it came from, is refused when it
 * repeats a range or lists one inside another (AWS would get two identical rule resources; Azure
 * a redundant prefix). Malformed CIDRs are left to the planner, which names them.
 */
function checkAddressLists(path: string, flows: readonly Flow[]): void {
  const seen = new Set<string>();
  // Flows of one peer share its list: each list is judged once (its content decides).
  const lists = new Set<readonly string[]>();
  for (const f of flows) {
    if (f.peer.kind !== 'cidrs' || lists.has(f.peer.cidrs)) continue;
    lists.add(f.peer.cidrs);
    const key = `${f.peer.name}|${f.peer.cidrs.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const parsed: Cidr[] = [];
    for (const c of f.peer.cidrs) {
      try {
        parsed.push(parseCidr(c));
      } catch {
        return;
      }
    }
    const problem = cidrListProblem(parsed);
    if (problem) {
      throw new MsPortsError(
        path,
        problem.kind === 'duplicate'
          ? `the address list "${f.peer.name}" lists ${problem.value} twice`
          : `the address list "${f.peer.name}" lists ${problem.value}, which lies within ${problem.other} from the same list`,
        problem.kind === 'duplicate' ? `list each range once in "${f.peer.name}"` : `drop ${problem.value} from "${f.peer.name}" (${problem.other} already covers it), or correct it if you meant another range`,
      );
    }
  }
}

/**
 * Validates a written reason that goes into rule descriptions (justifications, suppression reasons,
 * `allowAllEgress.reason`, ...): the one rule of lib/checks/reason.ts. Returns it trimmed.
 */
export function checkJustification(path: string, text: string, what: string): string {
  return checkReason(path, text, what);
}
