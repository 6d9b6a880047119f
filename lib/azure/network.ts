/**
 * Azure binding: one NSG and one application security group per role, one
 * `azurerm_network_security_rule` per planned rule (explicit deny after the allows, so
 * AllowVnetInBound does not let the whole virtual network in), and a Standard internal load
 * balancer with backend pool, TCP probe and one rule per load-balanced port. Deep imports only.
 */
import type { ApplicationSecurityGroup } from '@cdktf/provider-azurerm/lib/application-security-group';
import type { Lb } from '@cdktf/provider-azurerm/lib/lb';
import type { LbBackendAddressPool } from '@cdktf/provider-azurerm/lib/lb-backend-address-pool';
import type { LbProbe } from '@cdktf/provider-azurerm/lib/lb-probe';
import type { LbRule } from '@cdktf/provider-azurerm/lib/lb-rule';
import type { NetworkInterfaceApplicationSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/network-interface-application-security-group-association';
import type { NetworkInterfaceBackendAddressPoolAssociation } from '@cdktf/provider-azurerm/lib/network-interface-backend-address-pool-association';
import type { NetworkInterfaceSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/network-interface-security-group-association';
import type { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import type { NetworkSecurityRule, NetworkSecurityRuleConfig } from '@cdktf/provider-azurerm/lib/network-security-rule';
import type { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { BINDING_PROPS, NetworkBinding, type NetworkBindingProps } from '../core/binding';
import { checkProps, integer, list, object, str, stringMap, type PropSchema } from '../core/props';
import type { SecurityRole } from '../core/role';
import { MsPortsError } from '../model/errors';
import { assertNever } from '../model/peer';
import { formatRange } from '../model/ports';
import type { Listener } from '../model/intent';
import type { NetworkPlan, PlannedRule, PlanPeer, RolePlan } from '../plan/planner';
import { ASG_VIRTUAL_NETWORK_TAG, AZURE_PRIORITY_MIN, AZURE_PROFILE, type CloudProfile } from '../plan/profiles';
import { renderExistingPeersOutput, renderOutsideRoleOutputs, renderRoleOutputs } from '../render/outputs';
import { requirePeer } from '../render/peers';
import { TokenCache } from '../render/tokens';
import { compareText } from '../model/compare';
import { frontendKey } from '../model/declare';
import { AZURE_NSG_MAX_PREFIXES } from '../verify/deployable';

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Every provider class the binding creates, loaded on first use (the first role on an Azure
 * network; deep paths, as everywhere). Loading the library loads no Azure provider code: an AWS
 * app needs no @cdktf/provider-azurerm installed (270 MB), and a program that never creates an
 * Azure role (a catalog tool) does not load about 650 KB of it. A missing provider package is an
 * MsPortsError at `owner` naming the package to install.
 */
function providerClasses(owner: string) {
  return (loaded ??= requirePeer(owner, 'Azure network security groups and load balancers', () => ({
    ApplicationSecurityGroup: (require('@cdktf/provider-azurerm/lib/application-security-group') as typeof import('@cdktf/provider-azurerm/lib/application-security-group')).ApplicationSecurityGroup,
    Lb: (require('@cdktf/provider-azurerm/lib/lb') as typeof import('@cdktf/provider-azurerm/lib/lb')).Lb,
    LbBackendAddressPool: (require('@cdktf/provider-azurerm/lib/lb-backend-address-pool') as typeof import('@cdktf/provider-azurerm/lib/lb-backend-address-pool')).LbBackendAddressPool,
    LbProbe: (require('@cdktf/provider-azurerm/lib/lb-probe') as typeof import('@cdktf/provider-azurerm/lib/lb-probe')).LbProbe,
    LbRule: (require('@cdktf/provider-azurerm/lib/lb-rule') as typeof import('@cdktf/provider-azurerm/lib/lb-rule')).LbRule,
    NetworkInterfaceApplicationSecurityGroupAssociation: (require('@cdktf/provider-azurerm/lib/network-interface-application-security-group-association') as typeof import('@cdktf/provider-azurerm/lib/network-interface-application-security-group-association')).NetworkInterfaceApplicationSecurityGroupAssociation,
    NetworkInterfaceBackendAddressPoolAssociation: (require('@cdktf/provider-azurerm/lib/network-interface-backend-address-pool-association') as typeof import('@cdktf/provider-azurerm/lib/network-interface-backend-address-pool-association')).NetworkInterfaceBackendAddressPoolAssociation,
    NetworkInterfaceSecurityGroupAssociation: (require('@cdktf/provider-azurerm/lib/network-interface-security-group-association') as typeof import('@cdktf/provider-azurerm/lib/network-interface-security-group-association')).NetworkInterfaceSecurityGroupAssociation,
    NetworkSecurityGroup: (require('@cdktf/provider-azurerm/lib/network-security-group') as typeof import('@cdktf/provider-azurerm/lib/network-security-group')).NetworkSecurityGroup,
    NetworkSecurityRule: (require('@cdktf/provider-azurerm/lib/network-security-rule') as typeof import('@cdktf/provider-azurerm/lib/network-security-rule')).NetworkSecurityRule,
    PublicIp: (require('@cdktf/provider-azurerm/lib/public-ip') as typeof import('@cdktf/provider-azurerm/lib/public-ip')).PublicIp,
  })));
}
let loaded:
  | {
      ApplicationSecurityGroup: typeof ApplicationSecurityGroup;
      Lb: typeof Lb;
      LbBackendAddressPool: typeof LbBackendAddressPool;
      LbProbe: typeof LbProbe;
      LbRule: typeof LbRule;
      NetworkInterfaceApplicationSecurityGroupAssociation: typeof NetworkInterfaceApplicationSecurityGroupAssociation;
      NetworkInterfaceBackendAddressPoolAssociation: typeof NetworkInterfaceBackendAddressPoolAssociation;
      NetworkInterfaceSecurityGroupAssociation: typeof NetworkInterfaceSecurityGroupAssociation;
      NetworkSecurityGroup: typeof NetworkSecurityGroup;
      NetworkSecurityRule: typeof NetworkSecurityRule;
      PublicIp: typeof PublicIp;
    }
  | undefined;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface AzureNetworkProps extends NetworkBindingProps {
  readonly resourceGroupName: string;
  readonly location: string;
  /** For documentation and tags: the virtual network the roles' NICs are in (ASGs must be in one VNet). */
  readonly virtualNetworkName?: string;
  /** Subnet for internal load balancer frontends. Required as soon as a role has load-balanced ports. */
  readonly loadBalancerSubnetId?: string;
  /**
   * Availability zones of the public IP addresses of internet-facing load balancers (Edge external
   * interface with hardware load balancing). Default: none (regional).
   */
  readonly publicIpZones?: readonly string[];
  /** Priorities for the allow rules. Default 100-3999 (4000-4096 hold the probe and deny rules). */
  readonly priorityRange?: { readonly from: number; readonly to: number };
  readonly tags?: Readonly<Record<string, string>>;
}

/** Run-time checks of AzureNetworkProps (one per prop; keep in step with the interface). */
const AZURE_NETWORK_PROPS: PropSchema = {
  ...BINDING_PROPS,
  resourceGroupName: str({ nonEmpty: true }),
  location: str({ nonEmpty: true }),
  virtualNetworkName: str({ nonEmpty: true }),
  loadBalancerSubnetId: str({ nonEmpty: true }),
  publicIpZones: list(str({ nonEmpty: true }), { nonEmpty: true }),
  priorityRange: (v, at, ctx) => {
    object({ from: integer(AZURE_PRIORITY_MIN, 3999), to: integer(AZURE_PRIORITY_MIN, 3999) }, 'priorityRange')(v, at, ctx);
    const r = v as { from?: number; to?: number };
    if (r.from === undefined || r.to === undefined || r.from > r.to) {
      throw new MsPortsError(ctx.path, `${at} ${JSON.stringify(v)} is not a range from low to high`, `write ${at}: { from, to } with ${AZURE_PRIORITY_MIN} <= from <= to <= 3999 (4000-4096 hold the probe and deny rules)`);
    }
  },
  tags: stringMap(),
};

/** The load balancer pieces of a role on Azure, for use in the same program. */
export interface AzureLoadBalancer {
  /** The Standard load balancer (`azurerm_lb`): internal, or public for internet-facing roles. */
  readonly loadBalancer: Lb;
  /** Its backend pool: the role's NICs join it (`role.attachHost`, or your own association). With one pool per frontend, that of the first frontend. */
  readonly backendPool: LbBackendAddressPool;
  /**
   * Every backend pool, by frontend (`frontend` is "frontend" for a role with one virtual IP). A role
   * with one virtual IP per service (the Edge external interface: access, av, web-conferencing) has one
   * pool per frontend, each holding that service's IP configurations: its rules share backend port 443,
   * and Azure refuses two rules without floating IP on the same backend port, protocol and pool.
   */
  readonly backendPools: readonly { readonly frontend: string; readonly backendPool: LbBackendAddressPool }[];
  /** The TCP health probe on the role's probe port. */
  readonly probe: LbProbe;
  /** One rule per load-balanced port (and frontend), by port then transport. */
  readonly rules: readonly LbRule[];
}

/** The groups a role's hosts join besides its own ASG: its groups, then stand-ins of shared networks. */
function joinedGroups(rp: RolePlan): string[] {
  return [...rp.memberOf, ...(rp.joinsForeign ?? []).filter((g) => !rp.memberOf.includes(g))];
}

/** An Azure region as the API compares it: "Japan East" and "japaneast" are one region. */
function azureRegion(location: string): string {
  return location.toLowerCase().replace(/\s+/g, '');
}

const PROTOCOL: Record<string, string> = { tcp: 'Tcp', udp: 'Udp', icmp: 'Icmp', esp: 'Esp', ah: 'Ah', all: '*' };

/** The Azure network binding: pass it as `network` to any role construct. */
export class AzureNetwork extends NetworkBinding {
  /** Reference attributes read once per resource (see TokenCache). */
  private readonly tokens = new TokenCache();
  readonly cloud = 'azure' as const;
  protected readonly profile: CloudProfile = AZURE_PROFILE;
  private readonly props: AzureNetworkProps;
  private readonly nsgs = new Map<string, NetworkSecurityGroup>();
  private readonly asgs = new Map<string, ApplicationSecurityGroup>();
  /**
   * Each resource's id / name token, read once: every read of `asg.id` or `nsg.name` makes a new
   * token with its own captured stack trace, kept alive for the whole process. Rules reuse one.
   */
  private readonly lbs = new Map<string, { parts: AzureLoadBalancer; listeners: string }>();

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id, checkProps(scope, id, 'AzureNetwork', props, AZURE_NETWORK_PROPS));
    for (const key of ['resourceGroupName', 'location'] as const) {
      if (!props || typeof props[key] !== 'string' || props[key] === '') {
        throw new MsPortsError(this.node.path, `${key} is missing`, `pass ${key} to AzureNetwork`);
      }
    }
    this.props = props;
    for (const n of this.sharedNetworks) {
      const vnet = n instanceof AzureNetwork ? n.props.virtualNetworkName : undefined;
      if (n instanceof AzureNetwork && (vnet === undefined || props.virtualNetworkName === undefined)) {
        // NSG rules here name the shared network's ASGs: Azure accepts that only within one virtual network.
        throw new MsPortsError(
          this.node.path,
          `sharedNetworks lists ${n.node.path}, but ${vnet === undefined ? `${n.node.path}` : 'this network'} gives no virtualNetworkName${vnet === undefined && props.virtualNetworkName === undefined ? ' (nor does this one)' : ''}, so nothing shows the two are in one virtual network`,
          'pass virtualNetworkName to both AzureNetworks (NSG rules that name application security groups cannot span two virtual networks)',
        );
      }
      const theirs = n instanceof AzureNetwork ? n.props.location : undefined;
      if (theirs !== undefined && !Token.isUnresolved(theirs) && !Token.isUnresolved(props.location) && azureRegion(theirs) !== azureRegion(props.location)) {
        // One virtual network is in one region; its ASGs and NSGs are too.
        throw new MsPortsError(
          this.node.path,
          `location "${props.location}" is another region than that of ${n.node.path} in its sharedNetworks ("${theirs}"): NSG rules here would name application security groups of another region, which Azure refuses (a virtual network, and the ASGs of its NICs, lie in one region)`,
          `give both AzureNetworks the region of their virtual network (location: "${theirs}"), or declare the other network's roles by address (<Kind>.fromAddresses)`,
        );
      }
      if (vnet && props.virtualNetworkName && vnet !== props.virtualNetworkName) {
        throw new MsPortsError(
          this.node.path,
          `sharedNetworks lists ${n.node.path} in virtual network "${vnet}", but this network is in "${props.virtualNetworkName}"; NSG rules that name application security groups cannot span two virtual networks`,
          'share networks within one virtual network, or declare the other network\'s roles by address (<Kind>.fromAddresses)',
        );
      }
    }
  }

  /** The NSG of a role; associate it with the role's NICs or subnet. */
  networkSecurityGroupOf(role: SecurityRole): NetworkSecurityGroup {
    return this.lookup(this.nsgs, role);
  }

  /** The application security group of a role; put the role's NICs in it. */
  applicationSecurityGroupOf(role: SecurityRole): ApplicationSecurityGroup {
    return this.lookup(this.asgs, role);
  }

  /**
   * The load balancer, backend pool, probe and rules of a role with load-balanced ports. Created
   * on first use (or at synth), so a program can reference them; the output is the same either way.
   */
  loadBalancerOf(role: SecurityRole): AzureLoadBalancer {
    this.lookup(this.asgs, role);
    const intent = role.intent();
    const listeners = [...intent.listeners].sort((a, b) => a.port - b.port || compareText(a.transport, b.transport) || compareText(a.frontend ?? '', b.frontend ?? ''));
    if (listeners.length === 0) throw new MsPortsError(role.node.path, 'the role has no load-balanced ports, so it has no load balancer', 'use loadBalancerOf only for roles with a load balancer (e.g. a Front End pool)');
    return this.ensureLoadBalancer(role, listeners, intent.probePort ?? listeners[0].port);
  }

  private lookup<T>(map: Map<string, T>, role: SecurityRole): T {
    const v = map.get(role.roleName);
    if (!v) throw new MsPortsError(role.node.path, 'the role is not on this network', 'create the role with `network` set to this binding');
    return v;
  }

  protected planOptions() {
    return { azurePriorityRange: this.props.priorityRange };
  }

  protected nameScope(): string | undefined {
    return Token.isUnresolved(this.props.resourceGroupName) ? undefined : `resource group ${this.props.resourceGroupName}`;
  }

  protected createStandInBoundary(scope: Construct, name: string, _kind: string): void {
    const { ApplicationSecurityGroup } = providerClasses(this.node.path);
    this.asgs.set(
      name,
      new ApplicationSecurityGroup(new Construct(scope, name), 'application-security-group', {
        name: `${this.namePrefix}asg-${name}`,
        location: this.props.location,
        resourceGroupName: this.props.resourceGroupName,
        tags: this.asgTags(name),
      }),
    );
  }

  /**
   * Tags of an application security group: the role it stands for and, when given, the virtual network
   * it serves (NSG rules may name ASGs of one virtual network only; reviewers and checkDeployable read it).
   */
  private asgTags(role: string): Record<string, string> {
    return { ...this.props.tags, 'ms-ports-role': role, ...(this.props.virtualNetworkName ? { [ASG_VIRTUAL_NETWORK_TAG]: this.props.virtualNetworkName } : {}) };
  }

  /** The application security group id of a role by its name here, or by its alias (a shared network's role or stand-in). */
  private asgId(name: string): string {
    const own = this.asgs.get(name);
    if (own) return this.tokens.read(own, 'id');
    const foreign = this.resolveForeign(name);
    if (foreign && foreign.network instanceof AzureNetwork) return foreign.network.asgId(foreign.name);
    throw new MsPortsError(this.node.path, `no application security group is known for "${name}"`, 'wire roles of shared networks through connect() or joinGroup() before synthesizing');
  }

  protected createBoundary(role: SecurityRole): void {
    const { ApplicationSecurityGroup, NetworkSecurityGroup } = providerClasses(this.node.path);
    const tags = { ...this.props.tags, 'ms-ports-role': role.roleName };
    this.asgs.set(
      role.roleName,
      new ApplicationSecurityGroup(role, 'application-security-group', {
        name: `${this.namePrefix}asg-${role.roleName}`,
        location: this.props.location,
        resourceGroupName: this.props.resourceGroupName,
        tags: this.asgTags(role.roleName),
      }),
    );
    if (role.isGroup) return; // a group is an ASG only: its rules go into the members' NSGs
    this.nsgs.set(
      role.roleName,
      new NetworkSecurityGroup(role, 'network-security-group', {
        name: `${this.namePrefix}nsg-${role.roleName}`,
        location: this.props.location,
        resourceGroupName: this.props.resourceGroupName,
        tags,
      }),
    );
  }

  protected renderPlan(plan: NetworkPlan): void {
    const { NetworkSecurityRule } = providerClasses(this.node.path);
    for (const rp of plan.roles) if (!rp.remote && !rp.outside) this.checkNsgPrefixes(rp);
    const roles = new Map(this.registeredRoles.map((r) => [r.roleName, r]));
    for (const rp of plan.roles) {
      if (rp.remote) continue;
      if (rp.outside) {
        renderOutsideRoleOutputs(roles.get(rp.name)!, this.node.id, rp);
        continue;
      }
      const owner = roles.get(rp.name)!;
      if (rp.rules.length) {
        const scope = new Construct(owner, 'rules');
        // Constructed here, not in a helper: every resource captures the call stack (cdktf tokens), one frame fewer each.
        for (const rule of rp.rules) this.recordRuleResource(rp.name, rule.direction, rule.name, new NetworkSecurityRule(scope, rule.name, this.ruleConfig(rp, rule)));
      }
      const lb = rp.listeners.length ? this.ensureLoadBalancer(owner, rp.listeners, rp.probePort!) : undefined;
      this.renderHosts(owner, rp, lb);
      renderRoleOutputs(owner, this.node.id, rp, {
        networkSecurityGroupId: this.nsgs.has(rp.name) ? this.tokens.read(this.nsgs.get(rp.name)!, 'id') : undefined,
        applicationSecurityGroupId: this.tokens.read(this.asgs.get(rp.name)!, 'id'),
        alsoAttach: joinedGroups(rp).map((g) => this.asgId(g)),
        ...(lb ? { backendPoolIds: Object.fromEntries(lb.backendPools.map((b) => [b.frontend, this.tokens.read(b.backendPool, 'id')])) } : {}),
      });
    }
    renderExistingPeersOutput(this, this.node.id, plan, { virtualNetwork: this.props.virtualNetworkName });
  }

  /**
   * An NSG takes at most 4,000 IP addresses and ranges as sources and destinations over all its rules
   * (Azure networking limits; counted here as sources and destinations together, the stricter
   * reading, as checkDeployable does). More fails at apply: refused here, naming the largest lists.
   */
  private checkNsgPrefixes(rp: RolePlan): void {
    let total = 0;
    const byPeer = new Map<string, { prefixes: number; rules: number }>();
    for (const r of rp.rules) {
      if (r.peer.kind !== 'cidrs') continue;
      total += r.peer.cidrs.length;
      const e = byPeer.get(r.peer.name) ?? { prefixes: 0, rules: 0 };
      e.prefixes += r.peer.cidrs.length;
      e.rules++;
      byPeer.set(r.peer.name, e);
    }
    if (total <= AZURE_NSG_MAX_PREFIXES) return;
    const largest = [...byPeer.entries()].sort((a, b) => b[1].prefixes - a[1].prefixes || compareText(a[0], b[0])).slice(0, 3);
    throw new MsPortsError(
      rp.path,
      `the NSG of role "${rp.name}" would list ${total} address prefixes as sources and destinations over its ${rp.rules.length} rules, over the ${AZURE_NSG_MAX_PREFIXES} an Azure NSG takes (largest: ${largest.map(([n, e]) => `"${n}" ${e.prefixes} on ${e.rules} rule${e.rules === 1 ? '' : 's'}`).join(', ')})`,
      'summarize the address lists into fewer, larger prefixes, or name the peers by role (application security groups count no prefixes)',
    );
  }

  private address(peer: PlanPeer, side: 'source' | 'destination'): Record<string, string | string[]> {
    const cap = side === 'source' ? 'source' : 'destination';
    switch (peer.kind) {
      case 'cidrs':
        return peer.cidrs.length === 1 ? { [`${cap}AddressPrefix`]: peer.cidrs[0] } : { [`${cap}AddressPrefixes`]: [...peer.cidrs] };
      case 'role':
        return { [`${cap}ApplicationSecurityGroupIds`]: [this.asgId(peer.role)] };
      case 'internet':
        return { [`${cap}AddressPrefix`]: 'Internet' };
      case 'lb-probe':
        return { [`${cap}AddressPrefix`]: 'AzureLoadBalancer' };
      case 'any':
        return { [`${cap}AddressPrefix`]: '*' };
      case 'existing': {
        const ref = peer.ref;
        if (ref.type === 'azure-application-security-group') return { [`${cap}ApplicationSecurityGroupIds`]: [ref.id] };
        if (ref.type === 'azure-service-tag') return { [`${cap}AddressPrefix`]: ref.tag };
        throw new MsPortsError(this.node.path, `peer "${peer.name}" is an AWS ${ref.type === 'aws-security-group' ? 'security group' : 'prefix list'}, but this network is on Azure`, 'name an Azure application security group (Peers.applicationSecurityGroup) or service tag (Peers.serviceTag), or the peer\'s addresses');
      }
      default:
        return assertNever(peer, 'peer kind');
    }
  }



  /** The NSG rule resource of a planned rule. */
  private ruleConfig(rp: RolePlan, rule: PlannedRule): NetworkSecurityRuleConfig {
    const protocol = PROTOCOL[rule.transport];
    if (!protocol) {
      throw new MsPortsError(
        rp.path,
        `${rule.transport.toUpperCase()} (${rule.catalogIds.join(', ')}) cannot be expressed in an Azure NSG, which knows only Tcp, Udp, Icmp, Esp, Ah and *`,
        'leave this flow out of the role, or add an explicit rule with transport "all" and a written justification',
      );
    }
    const self = rule.access === 'deny' ? ({ kind: 'any' } as const) : ({ kind: 'role', role: rp.name } as const);
    const [source, destination] = rule.direction === 'ingress' ? [rule.peer, self] : [self, rule.peer];
    const ports =
      rule.ports.length === 0
        ? { destinationPortRange: '*' }
        : rule.ports.length === 1
          ? { destinationPortRange: formatRange(rule.ports[0]) }
          : { destinationPortRanges: rule.ports.map(formatRange) };
    return {
      name: rule.name,
      resourceGroupName: this.props.resourceGroupName,
      networkSecurityGroupName: this.tokens.read(this.nsgs.get(rp.name)!, 'name'),
      priority: rule.priority,
      direction: rule.direction === 'ingress' ? 'Inbound' : 'Outbound',
      access: rule.access === 'allow' ? 'Allow' : 'Deny',
      protocol,
      ...(rule.sourcePorts && rule.sourcePorts.length > 1
        ? { sourcePortRanges: rule.sourcePorts.map(formatRange) }
        : { sourcePortRange: rule.sourcePorts?.length ? formatRange(rule.sourcePorts[0]) : '*' }),
      ...ports,
      ...this.address(source, 'source'),
      ...this.address(destination, 'destination'),
      description: rule.description,
    };
  }

  /** NSG and ASG associations of each attached host's NIC, and its backend pool associations (one per service for a role with one address per service). */
  private renderHosts(owner: SecurityRole, rp: RolePlan, lb: AzureLoadBalancer | undefined): void {
    const { NetworkInterfaceApplicationSecurityGroupAssociation, NetworkInterfaceBackendAddressPoolAssociation, NetworkInterfaceSecurityGroupAssociation } = providerClasses(this.node.path);
    const perService = lb !== undefined && lb.backendPools.length > 1;
    for (const { name, host } of this.hostsOf(owner)) {
      const at = `${owner.node.path} host "${name}"`;
      if (host.privateIp !== undefined) {
        throw new MsPortsError(owner.node.path, `${at}: host.privateIp "${host.privateIp}" is not used on Azure (the backend pool takes the NIC's IP configuration)`, 'remove privateIp; pass ipConfigurationName for roles with a load balancer');
      }
      for (const [service, a] of Object.entries(host.serviceAddresses ?? {})) {
        if (a.privateIp !== undefined) {
          throw new MsPortsError(owner.node.path, `${at}: host.serviceAddresses.${service}.privateIp "${a.privateIp}" is not used on Azure (the backend pool takes the NIC's IP configuration)`, `pass serviceAddresses.${service}.ipConfigurationName instead`);
        }
        if (a.ipConfigurationName === undefined) {
          throw new MsPortsError(owner.node.path, `${at}: host.serviceAddresses.${service}.ipConfigurationName is missing`, `pass the name of the NIC's IP configuration that holds the ${service} address`);
        }
        const same = Object.entries(host.serviceAddresses ?? {}).find(([k, b]) => k < service && b.ipConfigurationName === a.ipConfigurationName);
        if (same) {
          throw new MsPortsError(owner.node.path, `${at}: host.serviceAddresses.${same[0]} and .${service} are both IP configuration "${a.ipConfigurationName}"`, 'give each service its own IP configuration (its own address), as Microsoft deploys the Edge: one address per service');
        }
      }
      if (perService) {
        if (host.ipConfigurationName !== undefined || host.serviceAddresses === undefined) {
          throw new MsPortsError(
            owner.node.path,
            `${at}: role "${rp.name}" has one virtual IP and backend pool per service (${lb.backendPools.map((p) => p.frontend).join(', ')}), so ${host.ipConfigurationName !== undefined ? `one host.ipConfigurationName "${host.ipConfigurationName}" would put one address behind every service` : 'host.serviceAddresses is missing'}`,
            `pass the IP configuration of each service instead: serviceAddresses: { ${owner.hostServices().map((k) => `${k}: { ipConfigurationName: "..." }`).join(', ')} }`,
          );
        }
      } else {
        if (lb && host.ipConfigurationName === undefined) {
          throw new MsPortsError(owner.node.path, `${at}: role "${rp.name}" has a load balancer, but host.ipConfigurationName is missing`, 'pass the NIC\'s IP configuration name (e.g. "ipconfig1"), so the host joins the backend pool');
        }
        if (!lb && host.ipConfigurationName !== undefined) {
          throw new MsPortsError(owner.node.path, `${at}: host.ipConfigurationName "${host.ipConfigurationName}" is given, but role "${rp.name}" has no load balancer`, 'remove ipConfigurationName');
        }
      }
      const scope = new Construct(owner, `host-${name}`);
      new NetworkInterfaceSecurityGroupAssociation(scope, 'nsg', { networkInterfaceId: host.networkInterfaceId, networkSecurityGroupId: this.tokens.read(this.nsgs.get(rp.name)!, 'id') });
      for (const g of [rp.name, ...joinedGroups(rp)]) {
        new NetworkInterfaceApplicationSecurityGroupAssociation(scope, `asg-${g}`, { networkInterfaceId: host.networkInterfaceId, applicationSecurityGroupId: this.asgId(g) });
      }
      if (lb && !perService) {
        new NetworkInterfaceBackendAddressPoolAssociation(scope, 'backend-pool', {
          networkInterfaceId: host.networkInterfaceId,
          ipConfigurationName: host.ipConfigurationName!,
          backendAddressPoolId: this.tokens.read(lb.backendPool, 'id'),
        });
      }
      if (perService) {
        for (const { frontend, backendPool } of lb.backendPools) {
          const ipConfigurationName = this.serviceAddressOf(host, frontend)!.ipConfigurationName!;
          new NetworkInterfaceBackendAddressPoolAssociation(scope, `backend-pool-${frontend}`, {
            networkInterfaceId: host.networkInterfaceId,
            ipConfigurationName,
            backendAddressPoolId: this.tokens.read(backendPool, 'id'),
          });
        }
      }
    }
  }

  /**
   * A rule's documented settings (catalog load balancer settings): source-address persistence as load
   * distribution SourceIP (every connection of a client address to one server), the TCP idle timeout
   * in whole minutes (Azure takes 4-100). The client's source address needs nothing: a rule has no
   * source translation to turn off.
   */
  private ruleSettings(owner: SecurityRole, l: Listener): { loadDistribution?: string; idleTimeoutInMinutes?: number } {
    const s = l.settings;
    if (!s) return {};
    const out: { loadDistribution?: string; idleTimeoutInMinutes?: number } = {};
    if (s.sourceAddressPersistence) out.loadDistribution = 'SourceIP';
    if (s.tcpIdleTimeoutSeconds !== undefined && l.transport === 'tcp') {
      const minutes = s.tcpIdleTimeoutSeconds / 60;
      if (!Number.isInteger(minutes) || minutes < 4 || minutes > 100) {
        throw new MsPortsError(owner.node.path, `the TCP idle timeout of ${s.tcpIdleTimeoutSeconds} s on port ${l.port} (${s.catalogIds.join(', ')}) is not a whole number of minutes from 4 to 100`, 'Azure load balancer rules take idle_timeout_in_minutes 4-100');
      }
      out.idleTimeoutInMinutes = minutes;
    }
    return out;
  }

  /** Creates the role's load balancer once (on first use or at synth); later calls must agree on the ports. */
  private ensureLoadBalancer(owner: SecurityRole, listeners: readonly Listener[], probePort: number): AzureLoadBalancer {
    const { Lb, LbBackendAddressPool, LbProbe, LbRule, PublicIp } = providerClasses(this.node.path);
    const key = this.listenerSetKey(listeners, probePort);
    const existing = this.lbs.get(owner.roleName);
    if (existing) {
      if (existing.listeners !== key) {
        throw new MsPortsError(owner.node.path, `the load balancer was created for ${existing.listeners}, but the role now balances ${key}`, 'finish configuring the role before calling loadBalancerOf');
      }
      return existing.parts;
    }
    const rp = { name: owner.roleName, internetFacing: owner.internetFacing, listeners };
    const subnetId = this.props.loadBalancerSubnetId;
    if (!subnetId && !rp.internetFacing) {
      throw new MsPortsError(owner.node.path, `role "${rp.name}" has ${rp.listeners.length} load-balanced ports but the network has no loadBalancerSubnetId`, 'pass loadBalancerSubnetId to AzureNetwork');
    }
    const scope = new Construct(owner, 'load-balancer');
    const tags = { ...this.props.tags, 'ms-ports-role': rp.name };
    // One frontend per virtual IP (the Edge external interface has one each for Access, Web
    // Conferencing and A/V Edge, which share 443). Internet-facing roles get Standard static public IPs.
    const frontendNames = [...new Set(rp.listeners.map((l) => l.frontend ?? 'frontend'))].sort();
    const frontends = frontendNames.map((name) =>
      rp.internetFacing
        ? {
            name,
            publicIpAddressId: new PublicIp(scope, name === 'frontend' ? 'public-ip' : `public-ip-${name}`, {
              name: `${this.namePrefix}pip-${rp.name}${name === 'frontend' ? '' : `-${name}`}`,
              location: this.props.location,
              resourceGroupName: this.props.resourceGroupName,
              allocationMethod: 'Static',
              sku: 'Standard',
              zones: this.props.publicIpZones ? [...this.props.publicIpZones] : undefined,
              tags,
            }).id,
          }
        : { name, subnetId, privateIpAddressAllocation: 'Dynamic' },
    );
    const lb = new Lb(scope, 'lb', {
      name: `${this.namePrefix}lb-${rp.name}`,
      location: this.props.location,
      resourceGroupName: this.props.resourceGroupName,
      sku: 'Standard',
      frontendIpConfiguration: frontends,
      tags,
    });
    // One backend pool per frontend when the role has several (one address per service on each
    // server: the services share backend port 443, which Azure allows on one pool for one rule only);
    // otherwise the one pool.
    const perService = frontendNames.length > 1;
    if (perService) {
      const services = new Set(owner.hostServices());
      const unknown = frontendNames.filter((f) => !services.has(frontendKey(f)));
      if (unknown.length) {
        throw new MsPortsError(owner.node.path, `role "${rp.name}" balances frontends ${frontendNames.join(', ')}, but its hosts have no addresses for ${unknown.join(', ')}`, 'give the role one host service per frontend (hostServices)');
      }
    }
    const pools = (perService ? frontendNames : ['frontend']).map((frontend) => ({
      frontend,
      backendPool: new LbBackendAddressPool(scope, perService ? `backend-pool-${frontend}` : 'backend-pool', { name: perService ? `${rp.name}-${frontend}-backend` : `${rp.name}-backend`, loadbalancerId: this.tokens.read(lb, 'id') }),
    }));
    const probe = new LbProbe(scope, 'probe', { name: `tcp-${probePort}`, loadbalancerId: this.tokens.read(lb, 'id'), protocol: 'Tcp', port: probePort });
    const rules: LbRule[] = [];
    for (const l of rp.listeners) {
      const prefix = l.frontend ? `${l.frontend}-` : '';
      const pool = perService ? pools.find((p) => p.frontend === l.frontend)!.backendPool : pools[0].backendPool;
      const rule = new LbRule(scope, `rule-${prefix}${l.transport}-${l.port}`, {
        name: `${prefix}${l.transport}-${l.port}`,
        loadbalancerId: this.tokens.read(lb, 'id'),
        protocol: l.transport === 'tcp' ? 'Tcp' : 'Udp',
        frontendPort: l.port,
        backendPort: l.port,
        frontendIpConfigurationName: l.frontend ?? 'frontend',
        backendAddressPoolIds: [this.tokens.read(pool, 'id')],
        probeId: this.tokens.read(probe, 'id'),
        ...this.ruleSettings(owner, l),
      });
      rules.push(rule);
    }
    const parts: AzureLoadBalancer = { loadBalancer: lb, backendPool: pools[0].backendPool, backendPools: pools, probe, rules };
    this.lbs.set(owner.roleName, { parts, listeners: key });
    return parts;
  }
}
