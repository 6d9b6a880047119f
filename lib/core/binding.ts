/**
 * The network binding: the construct that decides the cloud. Roles register with it; at synth
 * it plans every role and hands the plan to its cloud renderer. This file (and role.ts) is the
 * only place the patterns meet cdktf; the catalog, model and planner stay engine-free.
 */
import { App, Aspects, TerraformStack, Token, Tokenization, type IAspect, type TerraformResource } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import type { Check as PackCheck, CheckPack } from '../checks/types';
import { MsPortsError } from '../model/errors';
import { normalize } from '../model/ports';
import { frontendKey } from '../model/declare';
import { assertStackEngine, BINDING_BRAND, currentEngine } from './engine';
import type { Flow, Listener, RoleIntent } from '../model/intent';
import { fnv1a, LB_ROLE_SUFFIX, planNetwork, safeName, type ForeignRole, type NetworkPlan } from '../plan/planner';
import type { CloudProfile } from '../plan/profiles';
import { ruleKey, type ReportInput } from '../report/report';
import { declareNetwork, stackName, warningsOn, writeAppReport } from './report-files';
import { bool, list, object, oneOf, satisfies, showValue, str, validateProps, type Check, type PropSchema } from './props';
import type { SecurityRole } from './role';
import { compareText } from '../model/compare';

const RENDER_HOOKS = Symbol.for('cdktf-ms-ports/render-before-prepare');
/** On a hooked stack: the aspect that renders its bindings on paths that do not prepare the stack. */
const RENDER_ASPECT = Symbol.for('cdktf-ms-ports/render-aspect');

/**
 * Takes a rendering aspect off its stack once `app.synth()` has rendered the stack's bindings: any
 * aspect on a stack makes cdktf compute the path of every construct in it while invoking aspects
 * (about 50 ms at 200 stacks), for an aspect that would do nothing. cdktf has no public way to
 * remove an aspect; cdktf 0.21 and CDK Terrain keep them in the `_aspects` array of `Aspects.of`.
 * Should that change, the aspect stays where it is, which is harmless (its bindings have rendered,
 * so it does nothing).
 */
function dropRenderAspect(stack: IConstruct): void {
  const aspect = (stack as IConstruct & { [RENDER_ASPECT]?: IAspect })[RENDER_ASPECT];
  const list = aspect && (Aspects.of(stack) as unknown as { _aspects?: unknown })._aspects;
  if (!Array.isArray(list)) return;
  const at = list.indexOf(aspect);
  if (at >= 0) list.splice(at, 1);
}

const ROLE_NAME = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;

/** Roles and sharing networks registered with any binding so far: indexes built from them are kept while it stays the same. */
let registrations = 0;

/**
 * While bindings render (no program code runs until they are done, so no role can change): each
 * role's intent, made once. A role of a network that shares another is read by both networks.
 * The three render entry points (the app's synth hook, the stack's prepareStack hook, renderOnce)
 * open and close it inline rather than through a wrapper: resources are created below them, and
 * cdktf captures every frame of the stack for each one.
 */
let renderPass: Map<SecurityRole, RoleIntent> | undefined;

function intentOf(role: SecurityRole): RoleIntent {
  if (!renderPass) return role.intent();
  let intent = renderPass.get(role);
  if (!intent) {
    intent = role.intent();
    renderPass.set(role, intent);
  }
  return intent;
}

/** The stacks from `from` to `to` along stack dependencies (both ends included), if `from` depends on `to`. */
function dependencyChain(from: TerraformStack, to: TerraformStack, seen = new Set<TerraformStack>()): TerraformStack[] | undefined {
  if (seen.has(from)) return undefined;
  seen.add(from);
  for (const d of from.dependencies) {
    if (d === to) return [from, to];
    const rest = dependencyChain(d, to, seen);
    if (rest) return [from, ...rest];
  }
  return undefined;
}

/** Every network binding of an app (by its root), in creation order: boundary names must differ across all of them where they share a name scope. */
const appNetworks = new WeakMap<IConstruct, NetworkBinding[]>();
/** Per app: the boundary names of all its networks by cloud, name scope and name, with the registrations they were indexed at. */
const appNameIndex = new WeakMap<IConstruct, { at: number; names: Map<string, { network: NetworkBinding; role: SecurityRole }[]> }>();

/**
 * Which cloud an id given as a host's network interface belongs to, by its form: an Azure resource id
 * (`/subscriptions/...`) or a reference to an `azurerm_` resource; an AWS id (`eni-`, `i-`) or a
 * reference to an `aws_` resource. `instance`: an EC2 instance id or reference to one (not an
 * interface). Undefined when the form says nothing (a made-up literal, a variable).
 */
function idForm(value: string): { cloud: 'aws' | 'azure'; instance: boolean; what: string } | undefined {
  const refs: string[] = [];
  if (Token.isUnresolved(value)) {
    for (const t of Tokenization.reverseString(value).tokens) {
      const id = (t as { identifier?: unknown }).identifier;
      if (typeof id === 'string') refs.push(id);
    }
  }
  for (const m of value.matchAll(/\$\{([a-z0-9_.]+)\}/gi)) refs.push(m[1]);
  for (const r of refs) {
    const ref = r.replace(/^data\./, '');
    if (/^azurerm_/.test(ref)) return { cloud: 'azure', instance: false, what: `a reference to the Azure resource ${ref}` };
    if (/^aws_instance\.[^.]+\.id$/.test(ref)) return { cloud: 'aws', instance: true, what: `a reference to the EC2 instance id ${ref}` };
    if (/^aws_/.test(ref)) return { cloud: 'aws', instance: false, what: `a reference to the AWS resource ${ref}` };
  }
  if (/^\/subscriptions\//i.test(value)) return { cloud: 'azure', instance: false, what: 'an Azure resource id' };
  if (/^eni-[0-9a-z]+$/.test(value)) return { cloud: 'aws', instance: false, what: 'an AWS network interface id' };
  if (/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(value)) return { cloud: 'aws', instance: true, what: 'an EC2 instance id' };
  return undefined;
}

const boundaryNameKey = (cloud: string, scope: string, name: string) => `${cloud}\n${scope}\n${name}`;

/**
 * One host (VM or instance) of a role, attached in one call: its network interface joins the
 * role's boundary and every group the role joined (`alsoAttach`), and is registered with the
 * role's load balancer when it has one.
 */
export interface HostAttachment {
  /**
   * Azure: the NIC id (`azurerm_network_interface.id`); AWS: the ENI id (`aws_network_interface.id`,
   * or an instance's `primary_network_interface_id`). Required.
   */
  readonly networkInterfaceId: string;
  /**
   * Azure only, for roles with a load balancer: the NIC's IP configuration that joins the backend
   * pool. Default: none (an error when the role has a load balancer; refused otherwise).
   */
  readonly ipConfigurationName?: string;
  /**
   * AWS only, for roles with a load balancer: the private IPv4 address registered in every target
   * group (target type `ip`). Default: none (an error when the role has a load balancer; refused otherwise).
   */
  readonly privateIp?: string;
  /** Name of the host in construct ids (1-40 of [a-z0-9-]). Default: `host-<n>` in call order. */
  readonly name?: string;
  /**
   * For a role whose servers have one address per service (the Edge external interface: Access,
   * Web Conferencing and A/V Edge, each on 443): the host's address of each service, all on the
   * network interface `networkInterfaceId`. With a load balancer each service's backend pool (Azure)
   * or target groups (AWS) hold that service's addresses only; then these replace
   * `ipConfigurationName` / `privateIp`, which would put one address behind every service. Without a
   * load balancer (single server, DNS load balancing) they are checked and need no resource: the
   * interface's boundary covers all its addresses. Default: none (refused on other roles).
   */
  readonly serviceAddresses?: EdgeServiceAddresses;
}

/** One address of a host for one service: the field of the host's cloud, as for the host itself. */
export interface ServiceAddress {
  /** Azure: the NIC's IP configuration that holds the service's address; it joins that service's backend pool. */
  readonly ipConfigurationName?: string;
  /** AWS: the service's private IPv4 address on the ENI; it is registered in that service's target groups. */
  readonly privateIp?: string;
}

/**
 * The external addresses of one Edge Server, one per service (Edge environmental requirements: one
 * IP address per service, each on 443).
 */
export interface EdgeServiceAddresses {
  readonly access: ServiceAddress;
  readonly webConferencing: ServiceAddress;
  readonly av: ServiceAddress;
}

/** An object with these props, each required (a missing one would leave the pack or check unusable). */
function required(keys: readonly string[], example: string): Check {
  return (v, at, ctx) => {
    for (const k of keys) {
      if ((v as Record<string, unknown>)[k] === undefined) throw new MsPortsError(ctx.path, `${at}.${k} is missing`, example);
    }
  };
}

const CHECK_EXAMPLE = "give every check its id, title, why, level ('error' or 'warning') and run function, e.g. { id: 'ACME-1', title: '...', why: '...', level: 'error', run: (ctx) => [] }";

/** One check of a pack (lib/checks Check): the props it is run and reported by, nothing else. */
const CHECK_OF_PACK: Check = (v, at, ctx) => {
  object(
    {
      id: str({ nonEmpty: true }),
      title: str(),
      why: str(),
      level: oneOf(['error', 'warning']),
      suppressible: bool(),
      run: satisfies((x) => typeof x === 'function', 'a function', `write ${at}.run as a function from the check context to a list of findings`),
    },
    'a check',
  )(v, at, ctx);
  required(['id', 'title', 'why', 'level', 'run'], CHECK_EXAMPLE)(v, at, ctx);
};

/** A check pack (lib/checks CheckPack): a name and at least one check. */
const CHECK_PACK: Check = (v, at, ctx) => {
  object({ name: str({ nonEmpty: true }), checks: list(CHECK_OF_PACK, { nonEmpty: true }) }, 'a check pack')(v, at, ctx);
  required(['name'], 'give the pack a name, e.g. { name: "acme", checks: [...] }')(v, at, ctx);
  required(['checks'], `give the pack a list of checks: { name, checks: [check, ...] }; ${CHECK_EXAMPLE}`)(v, at, ctx);
};

/**
 * A pack's checks as the network runs them: copied at construction (a later change to the pack does
 * not change what runs), each `run` answering a list of findings, each finding an object with its
 * problem and fix. Anything else is an MsPortsError naming the check and pack, not a TypeError
 * inside the check runner.
 */
function guardedPack(path: string, pack: CheckPack): CheckPack {
  const checks = pack.checks.map((c) => {
    const { id, title, why, level, suppressible } = c;
    const run = c.run;
    const guarded: PackCheck['run'] = (ctx) => {
      const found: unknown = run.call(c, ctx);
      const where = `check ${id} of pack "${pack.name}"`;
      if (!Array.isArray(found)) {
        throw new MsPortsError(path, `${where} returned ${showValue(found)}, not a list of findings (on role ${ctx.role.path})`, 'return [] when the role complies, or a list of findings { problem, fix, rule?, catalogIds? }');
      }
      for (const d of found) {
        const f = d as Record<string, unknown> | null;
        if (f === null || typeof f !== 'object' || typeof f.problem !== 'string' || typeof f.fix !== 'string' || (f.rule !== undefined && typeof f.rule !== 'string') || (f.catalogIds !== undefined && !Array.isArray(f.catalogIds))) {
          throw new MsPortsError(path, `${where} returned ${showValue(found)} (on role ${ctx.role.path})`, 'return a list of findings, each finding an object with problem and fix (strings), and optionally rule (a string) and catalogIds (a list)');
        }
      }
      return found as ReturnType<PackCheck['run']>;
    };
    return Object.freeze({ id, title, why, level, ...(suppressible !== undefined ? { suppressible } : {}), run: guarded });
  });
  return Object.freeze({ name: pack.name, checks: Object.freeze(checks) });
}

/** Run-time checks of NetworkBindingProps, shared by every binding's schema. */
export const BINDING_PROPS: PropSchema = {
  namePrefix: str(),
  checkPacks: list(CHECK_PACK),
  sharedNetworks: list(satisfies((v) => v instanceof NetworkBinding, 'a network binding', 'pass the network bindings (AwsNetwork / AzureNetwork) of the stacks that hold the shared roles, e.g. sharedNetworks: [coreNetwork]'), { nonEmpty: true }),
};

const HOST_PROPS: PropSchema = {
  networkInterfaceId: str({ nonEmpty: true }),
  ipConfigurationName: str({ nonEmpty: true }),
  privateIp: str({ nonEmpty: true }),
  name: str({ nonEmpty: true }),
  serviceAddresses: () => undefined, // checked by attachHost against the role's services
};

const SERVICE_ADDRESS_PROPS: PropSchema = {
  ipConfigurationName: str({ nonEmpty: true }),
  privateIp: str({ nonEmpty: true }),
};

/** Common props of every network binding. */
export interface NetworkBindingProps {
  /** Prefix for cloud resource names (security groups, NSGs, ASGs, load balancers). Default: none. */
  readonly namePrefix?: string;
  /**
   * Check packs to run at synth besides the library's own (`MS_PORTS_PACK`, which always runs).
   * Default: none. See lib/checks for the `CheckPack` shape.
   */
  readonly checkPacks?: readonly CheckPack[];
  /**
   * Networks of other stacks whose roles this network's roles wire to (cross-stack): shared roles
   * such as the domain controllers or an Edge pool live in one stack, and each site stack lists that
   * stack's network here. Then `siteRole.connect(sharedRole)` and `sharedGroup` joins work across the
   * two: this stack renders its roles' side (referencing the shared boundaries through cdktf
   * cross-stack references), the shared stack renders the shared roles' side towards a stand-in
   * boundary that this stack's hosts join, so the shared stack never refers back to a site stack
   * and its rules do not grow with the number of sites. This stack gets a dependency on theirs.
   * Same cloud and build; Azure: the same virtual network (ASG rules cannot span two); AWS: the same
   * VPC or a peered VPC in the same Region (security group references). Default: none.
   */
  readonly sharedNetworks?: readonly NetworkBinding[];
}

/** A stand-in of roles in other stacks on a shared network (see NetworkBindingProps.sharedNetworks). */
interface StandIn {
  readonly name: string;
  readonly members: SecurityRole[];
  /** What this network's roles render towards it: (role name, flow with the stand-in as peer). */
  readonly flows: readonly (readonly [string, Flow])[];
  readonly listeners: readonly Listener[];
  readonly probePort?: number;
  readonly kind: string;
  readonly internetFacing: boolean;
}

export abstract class NetworkBinding extends Construct {
  /** Which cloud this binding renders to. */
  abstract readonly cloud: 'azure' | 'aws';
  protected abstract readonly profile: CloudProfile;
  readonly namePrefix: string;
  private readonly checkPacks: CheckPack[];
  /** The CDK engine of this build of the library: `cdktf` (`cdktf-ms-ports`) or `cdktn` (`cdktf-ms-ports/cdktn`). */
  readonly engine: string;
  private readonly roles: SecurityRole[] = [];
  private readonly hosts = new Map<SecurityRole, { name: string; host: HostAttachment }[]>();
  private renderedPlan?: NetworkPlan;
  private readonly addresses = new Map<string, string[]>();
  /** Networks of other stacks whose roles this network's roles may wire to. */
  readonly sharedNetworks: readonly NetworkBinding[];
  /** Stand-ins of other stacks' roles, by name, fixed once this network renders. */
  private renderedStandIns?: Map<string, StandIn>;
  /** Once rendered: the stand-in each role of a sharing network joins (looked up once per role and network at synth). */
  private standInByRole?: Map<SecurityRole, string>;
  /** Networks of other stacks that list this one in their sharedNetworks. */
  private readonly consumers: NetworkBinding[] = [];
  private aliasOnce?: string;
  /** The hash of each stand-in signature met so far (see sideTowards). */
  private readonly signatureHashes = new Map<string, string>();
  /** Once rendered: what a sharing network's plan must know of this network's roles (the same for every sharing network). */
  private foreignView?: Map<string, ForeignRole>;
  /** The boundary names of this network and the networks sharing it, by cloud and name scope (see checkNamesAcrossSharing), with the registrations they were indexed at. */
  private boundaryNames?: { at: number; names: Map<string, { network: NetworkBinding; role: SecurityRole; order: number }[]> };

  constructor(scope: Construct, id: string, props: NetworkBindingProps = {}) {
    super(scope, id);
    this.engine = currentEngine().name;
    Object.defineProperty(this, BINDING_BRAND, { value: this.engine });
    // Before anything looks the stack up: a stack of the other engine would be found (both mark
    // stacks with the same symbol) and get this build's provider resources.
    assertStackEngine(this, 'the network binding');
    this.namePrefix = props.namePrefix ?? '';
    this.checkPacks = (props.checkPacks ?? []).map((p) => guardedPack(this.node.path, p));
    // Fixed at construction: a list changed later would bypass the checks below (and could close a cycle).
    this.sharedNetworks = Object.freeze([...(props.sharedNetworks ?? [])]);
    if (this.namePrefix && !/^[a-z0-9][a-z0-9-]{0,20}$/.test(this.namePrefix)) {
      throw new MsPortsError(this.node.path, `namePrefix "${this.namePrefix}" is not usable in every cloud`, 'use 1-21 lowercase letters, digits or hyphens, starting with a letter or digit');
    }
    const stack = TerraformStack.of(this);
    const aliases = new Map<string, NetworkBinding>();
    this.sharedNetworks.forEach((n, i) => {
      const at = `sharedNetworks[${i}]`;
      if (TerraformStack.of(n) === stack) {
        throw new MsPortsError(this.node.path, `${at} (${n.node.path}) is in this network's own stack`, 'list only networks of other stacks; roles in one stack share one network binding');
      }
      if (n.sharedNetworks.includes(this)) {
        throw new MsPortsError(this.node.path, `${at} (${n.node.path}) lists this network among its own sharedNetworks`, 'share in one direction only: the site stacks list the shared stack\'s network, not the other way round');
      }
      const theirs = TerraformStack.of(n);
      if (theirs.dependsOn(stack)) {
        const chain = dependencyChain(theirs, stack) ?? [theirs, stack];
        throw new MsPortsError(
          this.node.path,
          `${at} (${n.node.path}) is in stack ${theirs.node.id}, which already depends on this network's stack ${stack.node.id} (${chain.map((s) => s.node.id).join(' -> ')}): sharing it would make the stacks depend on each other in a cycle, which cdktf cannot deploy`,
          `share in one direction only: keep the shared roles in one stack whose networks list no network of the stacks that share them, and let the other stacks list that stack's network (move the roles of ${this.node.path} to stack ${theirs.node.id}, or those of ${n.node.path} to a stack that does not depend on ${stack.node.id})`,
        );
      }
      const clash = aliases.get(n.alias);
      if (clash) {
        throw new MsPortsError(this.node.path, `${at} (${n.node.path}) and ${clash.node.path} have the same alias "${n.alias}" (from their stack ids)`, 'give the shared stacks ids that differ in letters and digits');
      }
      aliases.set(n.alias, n);
      n.consumers.push(this);
      registrations++;
      stack.addDependency(theirs);
    });
    NetworkBinding.renderBeforePrepare(stack, this);
    declareNetwork(this);
    const all = appNetworks.get(this.node.root) ?? [];
    appNetworks.set(this.node.root, all);
    all.push(this);
  }

  /** Called by every role's constructor. Creates the role's boundary resources at once, so that others can reference them. */
  register(role: SecurityRole): void {
    if (this.renderedPlan) {
      throw new MsPortsError(role.node.path, 'the role was added after the network was synthesized', 'create every role before synthesizing');
    }
    if (!ROLE_NAME.test(role.roleName)) {
      throw new MsPortsError(
        role.node.path,
        `role name "${role.roleName}" cannot be used in resource names`,
        'pass `name` with 2-40 lowercase letters, digits and hyphens, starting with a letter (e.g. "fe-pool1")',
      );
    }
    const clash = this.roles.find((r) => r.roleName === role.roleName);
    if (clash) {
      throw new MsPortsError(role.node.path, `role name "${role.roleName}" is already used by ${clash.node.path}`, 'give each role on one network a unique `name`');
    }
    if (TerraformStack.of(role) !== TerraformStack.of(this)) {
      throw new MsPortsError(role.node.path, `the role is in another stack than its network ${this.node.path}`, 'create the role in the same stack as the network binding');
    }
    this.roles.push(role);
    registrations++;
    if (!role.isOutside) this.createBoundary(role);
  }

  /**
   * Attaches one host to a role (use `role.attachHost(host)`): the cloud's association resources
   * are created at synth, when the groups the role joined are final.
   */
  attachHost(role: SecurityRole, host: HostAttachment): void {
    if (!this.roles.includes(role)) throw new MsPortsError(role.node.path, `the role is not on network ${this.node.path}`, 'attach hosts through the role\'s own network binding');
    if (this.renderedPlan) throw new MsPortsError(role.node.path, 'a host was attached after the network was synthesized', 'attach every host before synthesizing');
    validateProps(role.node.path, 'attachHost', host, HOST_PROPS, 'host.');
    if (typeof host.networkInterfaceId !== 'string') {
      throw new MsPortsError(role.node.path, 'attachHost was called without host.networkInterfaceId', 'pass the network interface id of the host, e.g. attachHost({ networkInterfaceId: nic.id })');
    }
    if (role.isOutside) {
      throw new MsPortsError(role.node.path, `${role.node.path} is a role outside the cloud, which has no boundary to attach hosts to`, 'attach hosts to the cloud roles; the outside role\'s own side is listed in the report');
    }
    if (role.isGroup) {
      throw new MsPortsError(role.node.path, `${role.node.path} is a group: hosts join it through the roles that joined it`, 'attach the host to its role (e.g. the file server); the role\'s groups come with it');
    }
    this.checkInterfaceId(role, host.networkInterfaceId);
    if (host.serviceAddresses !== undefined) this.checkServiceAddresses(role, host.serviceAddresses);
    const list = this.hosts.get(role) ?? [];
    const name = host.name ?? `host-${list.length + 1}`;
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) {
      throw new MsPortsError(role.node.path, `host.name "${name}" cannot be used in construct ids`, 'use 1-40 lowercase letters, digits and hyphens');
    }
    const same = list.find((h) => h.name === name || h.host.networkInterfaceId === host.networkInterfaceId);
    if (same) {
      throw new MsPortsError(role.node.path, `host "${name}" (${host.networkInterfaceId}) repeats host "${same.name}" (${same.host.networkInterfaceId})`, 'attach each network interface once, under a unique name');
    }
    list.push({ name, host });
    this.hosts.set(role, list);
  }

  /** `host.networkInterfaceId`: not an id of the other cloud, and on AWS an interface rather than an instance. */
  private checkInterfaceId(role: SecurityRole, id: string): void {
    const form = idForm(id);
    if (!form) return;
    const shown = Token.isUnresolved(id) ? 'a reference' : `"${id}"`;
    if (form.cloud !== this.cloud) {
      throw new MsPortsError(
        role.node.path,
        `attachHost got host.networkInterfaceId ${shown}, ${form.what}, but ${role.node.path} is on ${this.cloud === 'aws' ? 'AWS' : 'Azure'} (network ${this.node.path})`,
        this.cloud === 'aws'
          ? 'pass the ENI id of the EC2 host (aws_network_interface id, or the instance\'s primary_network_interface_id); Azure NICs attach to roles on an AzureNetwork'
          : 'pass the id of the Azure NIC (azurerm_network_interface id, /subscriptions/.../networkInterfaces/...); AWS interfaces attach to roles on an AwsNetwork',
      );
    }
    if (form.instance) {
      throw new MsPortsError(
        role.node.path,
        `attachHost got host.networkInterfaceId ${shown}, ${form.what}, not a network interface: security groups attach to an ENI`,
        'pass the instance\'s primary network interface (instance.primaryNetworkInterfaceId), or the id of an aws_network_interface',
      );
    }
  }

  /** `host.serviceAddresses`: only on a role with one address per service, naming each of its services once, each an object. */
  private checkServiceAddresses(role: SecurityRole, addresses: unknown): void {
    const services = role.hostServices();
    if (services.length === 0) {
      throw new MsPortsError(role.node.path, `attachHost got host.serviceAddresses, but ${role.node.path} has one address per host`, 'remove serviceAddresses (it is for the Edge external interface, whose servers have one address per service); pass ipConfigurationName (Azure) or privateIp (AWS) for a load-balanced role');
    }
    const schema: PropSchema = Object.fromEntries(services.map((k) => [k, object(SERVICE_ADDRESS_PROPS, 'attachHost')]));
    if (addresses === null || typeof addresses !== 'object' || Array.isArray(addresses)) {
      throw new MsPortsError(role.node.path, `host.serviceAddresses is ${JSON.stringify(addresses)}, not an object`, `pass one address per service: serviceAddresses: { ${services.map((k) => `${k}: { ... }`).join(', ')} }`);
    }
    validateProps(role.node.path, 'attachHost', addresses, schema, 'host.serviceAddresses.');
    const missing = services.filter((k) => (addresses as Record<string, unknown>)[k] === undefined);
    if (missing.length) {
      throw new MsPortsError(role.node.path, `host.serviceAddresses has no address for ${missing.join(', ')}`, `give every service of the host its own address: ${services.join(', ')}`);
    }
  }

  /**
   * The address of `host` for the load balancer frontend (virtual IP) `frontend` of a role with one
   * address per service, or undefined when the host gives none.
   */
  protected serviceAddressOf(host: HostAttachment, frontend: string): ServiceAddress | undefined {
    return (host.serviceAddresses as Readonly<Record<string, ServiceAddress>> | undefined)?.[frontendKey(frontend)];
  }

  /** The hosts attached to a role, in call order. */
  protected hostsOf(role: SecurityRole): readonly { name: string; host: HostAttachment }[] {
    return this.hosts.get(role) ?? [];
  }

  /** The roles registered so far, in registration order. */
  get registeredRoles(): readonly SecurityRole[] {
    return [...this.roles];
  }

  /**
   * How roles of this network are named on networks that share it: `<role>.<alias>`, the alias
   * from this network's stack id (lowercase letters, digits, hyphens).
   */
  get alias(): string {
    // The stack id cannot change: computed once (every flow of a sharing network's roles asks for it at synth).
    return (this.aliasOnce ??= safeName(TerraformStack.of(this).node.id.toLowerCase(), 30).replace(/[_.]/g, '-'));
  }

  /** True when `other` is one of this network's shared networks. */
  sharesFrom(other: NetworkBinding): boolean {
    return this.sharedNetworks.includes(other);
  }

  /** The name of a role of a shared network (or of its stand-in for this network's roles) on this network. */
  foreignAlias(owner: NetworkBinding, name: string): string {
    return `${name}.${owner.alias}`;
  }

  /** The shared network and role name behind an alias used on this network, or undefined. */
  protected resolveForeign(alias: string): { network: NetworkBinding; name: string } | undefined {
    const dot = alias.lastIndexOf('.');
    if (dot < 0) return undefined;
    const network = this.sharedNetworks.find((n) => n.alias === alias.slice(dot + 1));
    return network ? { network, name: alias.slice(0, dot) } : undefined;
  }

  /**
   * The stand-ins of this network for roles of other stacks whose flows name this network's roles
   * (wired with connect(), or members of its groups with services for them): one per distinct set of
   * such flows (and, on AWS, load-balanced ports), so identical sites share one and nothing is widened
   * for any of them. Named by that set's hash: stable however many sites join.
   */
  protected standIns(): Map<string, StandIn> {
    if (this.renderedStandIns) return this.renderedStandIns;
    const out = new Map<string, StandIn>();
    for (const consumer of this.consumers) {
      for (const role of consumer.roles) {
        const side = this.sideTowards(consumer, role);
        if (!side) continue;
        const entry = out.get(side.name);
        if (entry) {
          entry.members.push(role);
          continue;
        }
        if (this.roles.some((r) => r.roleName === side.name)) {
          throw new MsPortsError(role.node.path, `the stand-in "${side.name}" of ${this.node.path} for this role clashes with a role of that name`, `rename the role "${side.name}"`);
        }
        out.set(side.name, { name: side.name, members: [role], flows: side.flows, listeners: side.listeners, probePort: side.probePort, kind: role.kind, internetFacing: role.internetFacing });
      }
    }
    for (const s of out.values()) {
      // By path (each computed once: a construct's path is built anew on every read).
      const byPath = s.members.map((m) => ({ m, path: m.node.path })).sort((a, b) => compareText(a.path, b.path));
      byPath.forEach((x, i) => (s.members[i] = x.m));
    }
    return new Map([...out.entries()].sort(([a], [b]) => compareText(a, b)));
  }

  /**
   * What this network's roles must render towards a role of a network that shares this one: its
   * flows that name this network's roles, mirrored (their direction turned, keyed by our role), and
   * the stand-in that carries them. Undefined when it names none of our roles.
   */
  private sideTowards(consumer: NetworkBinding, role: SecurityRole): { name: string; flows: [string, Flow][]; listeners: readonly Listener[]; probePort?: number } | undefined {
    if (role.isOutside) return undefined;
    const intent = intentOf(role);
    const flows: [string, Flow, string][] = [];
    for (const f of intent.flows) {
      if (f.peer.kind !== 'role') continue;
      const target = consumer.resolveForeign(f.peer.role);
      if (!target || target.network !== this) continue;
      if (role.isGroup) {
        throw new MsPortsError(role.node.path, `the group names ${target.name} of ${this.node.path}, a role of another stack`, 'wire the group\'s member roles to the shared roles instead');
      }
      const mirrored: Flow = { ...f, direction: f.direction === 'ingress' ? 'egress' : 'ingress', peer: { kind: 'role', role: '' } };
      flows.push([target.name, mirrored, `${target.name} ${JSON.stringify(mirrored)}`]);
    }
    if (flows.length === 0) return undefined;
    flows.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    const listeners = this.cloud === 'aws' ? intent.listeners : [];
    const probePort = listeners.length ? intent.probePort : undefined;
    const signature = JSON.stringify({ flows: flows.map((f) => f[2]), listeners: listeners.map((l) => `${l.frontend ?? ''}:${l.transport}/${l.port}`).sort(), probePort: probePort ?? 0 });
    // Identical sites have identical signatures: each distinct one is hashed once.
    let hash = this.signatureHashes.get(signature);
    if (hash === undefined) this.signatureHashes.set(signature, (hash = fnv1a(signature).toString(36)));
    const name = safeName(`remote-${role.plays()[0] ?? 'roles'}-${hash}`, 40).toLowerCase();
    return { name, flows: flows.map(([r, f]) => [r, { ...f, peer: { kind: 'role', role: name } }]), listeners, probePort };
  }

  /** The stand-in of this network that a role of another stack (naming this network's roles) joins, if any. */
  standInOf(role: SecurityRole): string | undefined {
    if (this.standInByRole) {
      const name = this.standInByRole.get(role);
      if (name) return name;
      // Never a silent loss: a role that names this network's roles now, but did not when it rendered.
      if (this.consumers.includes(role.network) && this.sideTowards(role.network, role)) {
        throw new MsPortsError(role.node.path, `the role has flows with roles of ${this.node.path}, which was synthesized before they were wired`, 'wire every role before synthesizing, and synthesize the whole app (app.synth()) rather than one stack at a time');
      }
      return undefined;
    }
    return this.consumers.includes(role.network) ? this.sideTowards(role.network, role)?.name : undefined;
  }

  /** The intents of every role (built fresh: roles may still be wired until synth), with the stand-ins of other stacks' roles. */
  intents(): RoleIntent[] {
    const standIns = this.standIns();
    const mirrored = new Map<string, Flow[]>();
    for (const s of standIns.values()) {
      for (const [role, f] of s.flows) mirrored.set(role, [...(mirrored.get(role) ?? []), f]);
    }
    const intents: RoleIntent[] = this.roles.map((r) => {
      const i = intentOf(r);
      const joins = this.foreignJoins(r);
      const extra = mirrored.get(r.roleName) ?? [];
      return joins.length || extra.length ? { ...i, flows: [...i.flows, ...extra], ...(joins.length ? { joinsForeign: joins } : {}) } : i;
    });
    for (const s of standIns.values()) {
      intents.push({
        name: s.name,
        path: `${this.node.path}/remote/${s.name}`,
        kind: `stand-in for ${s.kind} in other stacks`,
        internetFacing: s.internetFacing,
        flows: [],
        listeners: s.listeners,
        probePort: s.probePort,
        ipsec: [],
        skipped: [],
        egress: 'declared',
        remote: { members: s.members.map((m) => m.node.path) },
      });
    }
    return intents;
  }

  /** The stand-ins of shared networks a role of this network joins (its flows name their roles), by alias. */
  private foreignJoins(role: SecurityRole): string[] {
    const out: string[] = [];
    for (const n of this.sharedNetworks) {
      const name = n.standInOf(role);
      if (name) out.push(this.foreignAlias(n, name));
    }
    return out.sort();
  }

  /** What this network's plan must know of the shared networks' roles its roles name or join. */
  private foreignRoles(): Map<string, ForeignRole> {
    const out = new Map<string, ForeignRole>();
    if (this.sharedNetworks.length === 0) return out;
    for (const n of this.sharedNetworks) {
      // The same for every network sharing n (named by n's alias): made once n has rendered.
      if (n.foreignView) {
        for (const [k, v] of n.foreignView) out.set(k, v);
        continue;
      }
      const view = new Map<string, ForeignRole>();
      const plan = n.plan();
      const requalify = (flows: readonly Flow[]): Flow[] => flows.map((f) => (f.peer.kind === 'role' ? { ...f, peer: { kind: 'role', role: this.foreignAlias(n, f.peer.role) } } : f));
      const names = new Set(plan.roles.map((r) => r.name));
      for (const rp of plan.roles) {
        if (rp.outside) continue;
        const lbName = `${rp.name}${LB_ROLE_SUFFIX}`;
        const ports = (t: 'tcp' | 'udp') => normalize(rp.listeners.filter((l) => l.transport === t).map((l) => ({ from: l.port, to: l.port })));
        view.set(this.foreignAlias(n, rp.name), {
          group: rp.group,
          groupFlows: rp.group ? requalify(plan.groupFlows?.get(rp.name) ?? []) : [],
          awsSecurityGroups: rp.awsSecurityGroups,
          ...(plan.cloud === 'aws' && !rp.synthetic && rp.listeners.length && names.has(lbName) ? { loadBalancer: { alias: this.foreignAlias(n, lbName), tcp: ports('tcp'), udp: ports('udp') } } : {}),
        });
      }
      if (n.renderedPlan) n.foreignView = view;
      for (const [k, v] of view) out.set(k, v);
    }
    return out;
  }

  /**
   * Plans every role. Throws MsPortsError for bad input or a rule set over a cloud limit. Before
   * synth the plan is made afresh (roles may still be wired); after synth it is the rendered plan.
   */
  plan(): NetworkPlan {
    if (this.renderedPlan) return this.renderedPlan;
    for (const n of this.sharedNetworks) {
      if (n.cloud !== this.cloud) {
        throw new MsPortsError(this.node.path, `sharedNetworks lists ${n.node.path}, a network on ${n.cloud}, but this network is on ${this.cloud}`, 'share networks of the same cloud only; reach the other cloud\'s roles by address (<Kind>.fromAddresses)');
      }
    }
    const foreign = this.foreignRoles();
    return planNetwork(this.intents(), { profile: this.profile, path: this.node.path, checkPacks: this.checkPacks, ...this.planOptions(), ...(foreign.size ? { foreign } : {}) });
  }

  /**
   * Renders the bindings of a stack when `app.synth()` prepares it, before cdktf's preparing resolve
   * pass: cross-stack references in what the renderers create (a subnet id from another stack for a
   * load balancer, another stack's security group) are only detected by that pass. Without this, a
   * rule or load balancer created at aspect time (after preparation) would reference a resource that
   * is not in its stack. Hooks the stack instance's public `prepareStack`, once per stack. Few
   * helper frames: cdktf captures the whole call stack for every token the provider classes create,
   * and keeps it, so each frame here costs time and memory per resource.
   */
  private static renderBeforePrepare(stack: TerraformStack, binding: NetworkBinding): void {
    const hooked = stack as TerraformStack & { [RENDER_HOOKS]?: NetworkBinding[] };
    let bindings = hooked[RENDER_HOOKS];
    if (!bindings) {
      const list: NetworkBinding[] = [];
      bindings = list;
      Object.defineProperty(hooked, RENDER_HOOKS, { value: list });
      // Paths that do not prepare the stack (Testing.synth, a stack synthesizer called directly)
      // render in an aspect: one per stack for all its bindings, in order (cdktf visits every
      // construct of the stack once per aspect, and compares aspects per construct: one aspect per
      // binding made that quadratic in the number of bindings of a stack).
      const aspect: IAspect = {
        visit(node: IConstruct) {
          if (node === stack) for (const b of list) b.renderOnce();
        },
      };
      Aspects.of(stack).add(aspect);
      Object.defineProperty(hooked, RENDER_ASPECT, { value: aspect });
      const prepare = stack.prepareStack;
      stack.prepareStack = function prepareStack(this: TerraformStack) {
        // renderOnce, unrolled: the renderers' resources are created one frame below this one.
        const outer = renderPass;
        renderPass ??= new Map();
        try {
          for (const b of list) {
            if (b.renderedPlan) continue;
            const plan = b.planForRender(true);
            b.renderPlan(plan);
            b.afterRender(plan, true);
          }
        } finally {
          renderPass = outer;
        }
        prepare.call(this);
      };
    } else {
      // A binding added after app.synth() took the aspect off (a second synth): it needs it again.
      const aspect = (hooked as IConstruct & { [RENDER_ASPECT]?: IAspect })[RENDER_ASPECT];
      if (aspect && !Aspects.of(stack).all.includes(aspect)) Aspects.of(stack).add(aspect);
    }
    bindings.push(binding);
    NetworkBinding.renderBeforeAppSynth(stack.node.root);
  }

  /**
   * In `app.synth()`, renders every binding of the app (stacks in the order the app prepares them,
   * each stack's bindings in order, as the stacks' hooks would) before the app prepares any stack:
   * the resources are then created two frames below the program's `app.synth()` call instead of
   * five (cdktf's synth, its forEach and callback, the stack's hook), and every captured stack is
   * that much shorter. The stack hooks above stay for apps synthesized another way. Hooks the app
   * instance's public `synth`, once per app.
   */
  private static renderBeforeAppSynth(root: IConstruct): void {
    if (!App.isApp(root) || RENDER_HOOKS in root) return;
    Object.defineProperty(root, RENDER_HOOKS, { value: true });
    const original = root.synth;
    root.synth = function synth(this: App) {
      const outer = renderPass;
      renderPass ??= new Map();
      try {
        for (const s of this.node.findAll()) {
          const list = TerraformStack.isStack(s) ? (s as TerraformStack & { [RENDER_HOOKS]?: NetworkBinding[] })[RENDER_HOOKS] : undefined;
          if (!list) continue;
          for (const b of list) {
            if (b.renderedPlan) continue;
            const plan = b.planForRender(true);
            b.renderPlan(plan);
            b.afterRender(plan, true);
          }
          dropRenderAspect(s);
        }
      } finally {
        renderPass = outer;
      }
      original.call(this);
    };
  }

  /** `inAppSynth`: rendering while `app.synth()` prepares the stacks, where every binding renders before any stack is written. */
  private renderOnce(inAppSynth = false): void {
    if (this.renderedPlan) return;
    const outer = renderPass;
    renderPass ??= new Map();
    try {
      const plan = this.planForRender(inAppSynth);
      this.renderPlan(plan);
      this.afterRender(plan, inAppSynth);
    } finally {
      renderPass = outer;
    }
  }

  /**
   * The plan to render, kept as the rendered plan (from here on roles and hosts are refused), with
   * the shared networks rendered first and this network's stand-in boundaries created: this
   * network's rules and attachments name their boundaries and stand-ins.
   */
  private planForRender(inAppSynth: boolean): NetworkPlan {
    for (const n of this.sharedNetworks) n.renderOnce(inAppSynth);
    this.checkNamesAcrossSharing();
    this.checkNamesAcrossApp();
    const standIns = this.standIns();
    this.renderedStandIns = standIns;
    this.standInByRole = new Map([...standIns.values()].flatMap((s) => s.members.map((m): [SecurityRole, string] => [m, s.name])));
    const plan = this.plan();
    this.renderedPlan = plan;
    if (standIns.size) {
      const scope = new Construct(this, 'remote');
      for (const s of standIns.values()) this.createStandInBoundary(scope, s.name, s.kind, plan.roles.some((r) => r.name === `${s.name}${LB_ROLE_SUFFIX}`));
    }
    return plan;
  }

  /** After rendering: the warnings, and the app report once every binding has rendered. */
  private afterRender(plan: NetworkPlan, inAppSynth: boolean): void {
    if (warningsOn(this)) {
      for (const f of plan.checks?.findings ?? []) {
        if (f.status === 'fail') console.warn(`[cdktf-ms-ports] warning ${f.check} ${f.path}${f.rule ? ` rule ${f.rule}` : ''}: ${f.problem}. Fix: ${f.fix}`);
      }
    }
    writeAppReport({ construct: this, input: () => this.reportInput() }, inAppSynth);
  }

  /**
   * The report input of this network: its plan and the Terraform address of every rendered rule
   * resource. Complete after synth.
   */
  reportInput(): ReportInput {
    // Once rendered, the addresses are final: the report reads them in place (no copy per network).
    return { stack: stackName(this), network: this.node.path, plan: this.plan(), addresses: this.renderedPlan ? this.addresses : new Map(this.addresses) };
  }

  /** Renderers record each rule resource they create, so the report can name its Terraform address. */
  protected recordRuleResource(role: string, direction: string, rule: string, resource: TerraformResource): void {
    const key = ruleKey(role, direction, rule);
    const list = this.addresses.get(key) ?? [];
    // The element's own logical id: computed once and kept by cdktf, which reuses it when it writes the stack.
    const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
    // cdktf's logical ids arrive as two-byte strings; decoding (no escapes in an address: same text) makes a
    // one-byte copy, so the report's pieces, which all name addresses, take half the memory and encode faster.
    list.push(address.includes('%') ? address : decodeURIComponent(address));
    this.addresses.set(key, list);
  }

  protected planOptions(): { awsRulesPerSecurityGroup?: number; azurePriorityRange?: { from: number; to: number } } {
    return {};
  }

  /** What a role's load balancer balances, as one string: a load balancer created early must still match it at synth. */
  protected listenerSetKey(listeners: readonly Listener[], probePort: number): string {
    return `${listeners.map((l) => `${l.frontend ? `${l.frontend}:` : ''}${l.transport}/${l.port}`).join(',')} probe ${probePort}`;
  }

  /**
   * Networks that share one another's roles usually share one VPC (or resource group): the names of
   * their boundaries must then differ, or the cloud refuses the second at apply time. Checked here,
   * at synth, with the fix.
   */
  private checkNamesAcrossSharing(): void {
    const scope = this.nameScope();
    if (scope === undefined) return;
    // The first clash in the order of the networks sharing with this one (each shared network, then
    // the networks sharing it, in the order they were created), each network's roles in order. Each
    // shared network indexes its sharing networks' boundary names once, so a hub with n sites costs
    // n lookups per site rather than every site's roles per site.
    let first: { at: number; order: number; mine: SecurityRole; role: SecurityRole; network: NetworkBinding } | undefined;
    this.sharedNetworks.forEach((n, at) => {
      const names = n.boundaryNamesOfSharing();
      for (const mine of this.roles) {
        if (mine.isOutside) continue;
        for (const e of names.get(boundaryNameKey(this.cloud, scope, `${this.namePrefix}${mine.roleName}`)) ?? []) {
          if (e.network === this) continue;
          if (!first || at < first.at || (at === first.at && e.order < first.order)) first = { at, order: e.order, mine, role: e.role, network: e.network };
        }
      }
    });
    if (first) {
      throw new MsPortsError(
        first.mine.node.path,
        `the boundary name "${first.network.namePrefix}${first.role.roleName}" is also used by ${first.role.node.path} on ${first.network.node.path}, in the same ${scope}`,
        `give the networks that share roles different namePrefix values (e.g. namePrefix: "${TerraformStack.of(this).node.id.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 20)}-")`,
      );
    }
  }

  /**
   * Boundary names are unique where the cloud wants them unique (AWS security group names per VPC;
   * Azure NSG and ASG names per resource group), whichever stacks or networks of the app create them:
   * two networks on one VPC or resource group, sharing roles or not, get their names checked
   * against each other here, at synth, rather than by the cloud at apply time.
   */
  private checkNamesAcrossApp(): void {
    const scope = this.nameScope();
    if (scope === undefined) return;
    const root = this.node.root;
    let index = appNameIndex.get(root);
    if (index?.at !== registrations) {
      const names = new Map<string, { network: NetworkBinding; role: SecurityRole }[]>();
      for (const network of appNetworks.get(root) ?? []) {
        const s = network.nameScope();
        if (s === undefined) continue;
        for (const role of network.roles) {
          if (role.isOutside) continue;
          const key = boundaryNameKey(network.cloud, s, `${network.namePrefix}${role.roleName}`);
          const list = names.get(key);
          if (list) list.push({ network, role });
          else names.set(key, [{ network, role }]);
        }
      }
      appNameIndex.set(root, (index = { at: registrations, names }));
    }
    for (const mine of this.roles) {
      if (mine.isOutside) continue;
      const name = `${this.namePrefix}${mine.roleName}`;
      // Networks that share roles with this one are judged by checkNamesAcrossSharing (from the sharing side).
      const other = index.names.get(boundaryNameKey(this.cloud, scope, name))?.find((e) => e.network !== this && !this.sharesFrom(e.network) && !e.network.sharesFrom(this));
      if (!other) continue;
      const rule = this.cloud === 'aws' ? 'AWS security group names are unique per VPC' : 'Azure NSG, application security group and load balancer names are unique per resource group';
      throw new MsPortsError(
        mine.node.path,
        `the boundary name "${name}" is also used by ${other.role.node.path} on ${other.network.node.path}, in the same ${scope} (${rule}): the second would fail at apply`,
        `give the networks in one ${this.cloud === 'aws' ? 'VPC' : 'resource group'} different namePrefix values (e.g. namePrefix: "${TerraformStack.of(this).node.id.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 20)}-"), or give one of the roles another name`,
      );
    }
  }

  /**
   * The boundary names of this network's roles and of the roles of every network sharing it, by
   * cloud, name scope and name, in order. Kept until another role or sharing network is registered.
   */
  private boundaryNamesOfSharing(): Map<string, { network: NetworkBinding; role: SecurityRole; order: number }[]> {
    if (this.boundaryNames?.at === registrations) return this.boundaryNames.names;
    const names = new Map<string, { network: NetworkBinding; role: SecurityRole; order: number }[]>();
    let order = 0;
    for (const network of [this, ...this.consumers]) {
      const scope = network.nameScope();
      if (scope === undefined) continue;
      for (const role of network.roles) {
        if (role.isOutside) continue;
        const key = boundaryNameKey(network.cloud, scope, `${network.namePrefix}${role.roleName}`);
        const list = names.get(key);
        const entry = { network, role, order: order++ };
        if (list) list.push(entry);
        else names.set(key, [entry]);
      }
    }
    this.boundaryNames = { at: registrations, names };
    return names;
  }

  /** Where this cloud wants boundary names unique (the VPC, the resource group), when written as a literal. */
  protected abstract nameScope(): string | undefined;

  /** Creates the role's security boundary (NSG + ASG, or security group) when the role is constructed. */
  protected abstract createBoundary(role: SecurityRole): void;

  /**
   * Creates the boundary of a stand-in for roles of other stacks (AWS: a security group, and one
   * for their load balancers when `loadBalanced`; Azure: an application security group): no rules
   * of its own; this network's rules name it and the other stacks' hosts join it.
   */
  protected abstract createStandInBoundary(scope: Construct, name: string, kind: string, loadBalanced: boolean): void;

  /** Creates the rules, load balancers and outputs of a whole plan, once, at synth. */
  protected abstract renderPlan(plan: NetworkPlan): void;
}

