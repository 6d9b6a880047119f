/**
 * Azure binding: one NSG and one application security group per role, one
 * `azurerm_network_security_rule` per planned rule (explicit deny after the allows, so
 * AllowVnetInBound does not let the whole virtual network in), and a Standard internal load
 * balancer with backend pool, TCP probe and one rule per load-balanced port. Deep imports only.
 */
import { ApplicationSecurityGroup } from '@cdktf/provider-azurerm/lib/application-security-group';
import { Lb } from '@cdktf/provider-azurerm/lib/lb';
import { LbBackendAddressPool } from '@cdktf/provider-azurerm/lib/lb-backend-address-pool';
import { LbProbe } from '@cdktf/provider-azurerm/lib/lb-probe';
import { LbRule } from '@cdktf/provider-azurerm/lib/lb-rule';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { Construct } from 'constructs';
import { NetworkBinding, type NetworkBindingProps } from '../core/binding';
import type { SecurityRole } from '../core/role';
import { MsPortsError } from '../model/errors';
import { formatRange } from '../model/ports';
import type { NetworkPlan, PlannedRule, PlanPeer, RolePlan } from '../plan/planner';
import { AZURE_PROFILE, type CloudProfile } from '../plan/profiles';
import { renderRoleOutputs } from '../render/outputs';

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

const PROTOCOL: Record<string, string> = { tcp: 'Tcp', udp: 'Udp', icmp: 'Icmp', esp: 'Esp', ah: 'Ah', all: '*' };

/** The Azure network binding: pass it as `network` to any role construct. */
export class AzureNetwork extends NetworkBinding {
  readonly cloud = 'azure' as const;
  protected readonly profile: CloudProfile = AZURE_PROFILE;
  private readonly props: AzureNetworkProps;
  private readonly nsgs = new Map<string, NetworkSecurityGroup>();
  private readonly asgs = new Map<string, ApplicationSecurityGroup>();

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id, props);
    for (const key of ['resourceGroupName', 'location'] as const) {
      if (!props || typeof props[key] !== 'string' || props[key] === '') {
        throw new MsPortsError(this.node.path, `${key} is missing`, `pass ${key} to AzureNetwork`);
      }
    }
    this.props = props;
  }

  /** The NSG of a role; associate it with the role's NICs or subnet. */
  networkSecurityGroupOf(role: SecurityRole): NetworkSecurityGroup {
    return this.lookup(this.nsgs, role);
  }

  /** The application security group of a role; put the role's NICs in it. */
  applicationSecurityGroupOf(role: SecurityRole): ApplicationSecurityGroup {
    return this.lookup(this.asgs, role);
  }

  private lookup<T>(map: Map<string, T>, role: SecurityRole): T {
    const v = map.get(role.roleName);
    if (!v) throw new MsPortsError(role.node.path, 'the role is not on this network', 'create the role with `network` set to this binding');
    return v;
  }

  protected planOptions() {
    return { azurePriorityRange: this.props.priorityRange };
  }

  protected createBoundary(role: SecurityRole): void {
    const tags = { ...this.props.tags, 'ms-ports-role': role.roleName };
    this.asgs.set(
      role.roleName,
      new ApplicationSecurityGroup(role, 'application-security-group', {
        name: `${this.namePrefix}asg-${role.roleName}`,
        location: this.props.location,
        resourceGroupName: this.props.resourceGroupName,
        tags,
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
    const roles = new Map(this.registeredRoles.map((r) => [r.roleName, r]));
    for (const rp of plan.roles) {
      if (rp.outside) continue;
      const owner = roles.get(rp.name)!;
      if (rp.rules.length) {
        const scope = new Construct(owner, 'rules');
        for (const rule of rp.rules) this.renderRule(scope, rp, rule);
      }
      if (rp.listeners.length) this.renderLoadBalancer(owner, rp);
      renderRoleOutputs(owner, this.node.id, rp, {
        networkSecurityGroupId: this.nsgs.get(rp.name)?.id,
        applicationSecurityGroupId: this.asgs.get(rp.name)!.id,
        alsoAttach: rp.memberOf.map((g) => this.asgs.get(g)!.id),
      });
    }
  }

  private address(peer: PlanPeer, side: 'source' | 'destination'): Record<string, string | string[]> {
    const cap = side === 'source' ? 'source' : 'destination';
    switch (peer.kind) {
      case 'cidrs':
        return peer.cidrs.length === 1 ? { [`${cap}AddressPrefix`]: peer.cidrs[0] } : { [`${cap}AddressPrefixes`]: [...peer.cidrs] };
      case 'role':
        return { [`${cap}ApplicationSecurityGroupIds`]: [this.asgs.get(peer.role)!.id] };
      case 'internet':
        return { [`${cap}AddressPrefix`]: 'Internet' };
      case 'lb-probe':
        return { [`${cap}AddressPrefix`]: 'AzureLoadBalancer' };
      case 'any':
        return { [`${cap}AddressPrefix`]: '*' };
    }
  }

  private renderRule(scope: Construct, rp: RolePlan, rule: PlannedRule): void {
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
    const resource = new NetworkSecurityRule(scope, rule.name, {
      name: rule.name,
      resourceGroupName: this.props.resourceGroupName,
      networkSecurityGroupName: this.nsgs.get(rp.name)!.name,
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
    });
    this.recordRuleResource(rp.name, rule.direction, rule.name, resource);
  }

  private renderLoadBalancer(owner: SecurityRole, rp: RolePlan): void {
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
    const pool = new LbBackendAddressPool(scope, 'backend-pool', { name: `${rp.name}-backend`, loadbalancerId: lb.id });
    const probePort = rp.probePort!;
    const probe = new LbProbe(scope, 'probe', { name: `tcp-${probePort}`, loadbalancerId: lb.id, protocol: 'Tcp', port: probePort });
    for (const l of rp.listeners) {
      const prefix = l.frontend ? `${l.frontend}-` : '';
      new LbRule(scope, `rule-${prefix}${l.transport}-${l.port}`, {
        name: `${prefix}${l.transport}-${l.port}`,
        loadbalancerId: lb.id,
        protocol: l.transport === 'tcp' ? 'Tcp' : 'Udp',
        frontendPort: l.port,
        backendPort: l.port,
        frontendIpConfigurationName: l.frontend ?? 'frontend',
        backendAddressPoolIds: [pool.id],
        probeId: probe.id,
      });
    }
  }
}
