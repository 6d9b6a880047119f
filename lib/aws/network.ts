/**
 * AWS binding: one security group per role with one `aws_vpc_security_group_{ingress,egress}_rule`
 * per peer x transport x range, and an internal network load balancer (TCP pass-through listeners,
 * one target group each) for roles with load-balanced ports. Deep provider imports only.
 */
import type { Lb } from '@cdktf/provider-aws/lib/lb';
import type { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import type { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { LbTargetGroupAttachment } from '@cdktf/provider-aws/lib/lb-target-group-attachment';
import type { NetworkInterfaceSgAttachment } from '@cdktf/provider-aws/lib/network-interface-sg-attachment';
import type { Ec2ManagedPrefixList } from '@cdktf/provider-aws/lib/ec2-managed-prefix-list';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import type { VpcSecurityGroupIngressRule, VpcSecurityGroupIngressRuleConfig } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { TerraformOutput, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { BINDING_PROPS, NetworkBinding, type NetworkBindingProps } from '../core/binding';
import { checkProps, integer, list, str, stringMap, type PropSchema } from '../core/props';
import type { SecurityRole } from '../core/role';
import { parseCidr } from '../model/cidr';
import { MsPortsError } from '../model/errors';
import type { Listener } from '../model/intent';
import { LB_ROLE_SUFFIX, safeName, type AwsRuleResource, type NetworkPlan, type RolePlan } from '../plan/planner';
import { AWS_DEFAULT_RULES_PER_SG, AWS_DEFAULT_SGS_PER_ENI, AWS_PROFILE, AWS_PEERINGS_OUTPUT_SUFFIX, AWS_QUOTAS_OUTPUT_SUFFIX, safeText, type CloudProfile } from '../plan/profiles';
import { renderExistingPeersOutput, renderOutsideRoleOutputs, renderRoleOutputs } from '../render/outputs';
import { requirePeer } from '../render/peers';
import { TokenCache } from '../render/tokens';
import { compareText } from '../model/compare';
import { frontendKey } from '../model/declare';

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Every provider class the binding creates, loaded on first use (the first role on an AWS network;
 * deep paths, as everywhere). Loading the library loads no AWS provider code: an Azure app needs
 * no @cdktf/provider-aws installed, and a program that never creates an AWS role (a catalog tool)
 * does not load about 1 MB of it (the load balancer classes alone are 850 KB). A missing provider
 * package is an MsPortsError at `owner` naming the package to install.
 */
function providerClasses(owner: string) {
  return (loaded ??= requirePeer(owner, 'AWS security groups and load balancers', () => ({
    Lb: (require('@cdktf/provider-aws/lib/lb') as typeof import('@cdktf/provider-aws/lib/lb')).Lb,
    LbListener: (require('@cdktf/provider-aws/lib/lb-listener') as typeof import('@cdktf/provider-aws/lib/lb-listener')).LbListener,
    LbTargetGroup: (require('@cdktf/provider-aws/lib/lb-target-group') as typeof import('@cdktf/provider-aws/lib/lb-target-group')).LbTargetGroup,
    LbTargetGroupAttachment: (require('@cdktf/provider-aws/lib/lb-target-group-attachment') as typeof import('@cdktf/provider-aws/lib/lb-target-group-attachment')).LbTargetGroupAttachment,
    NetworkInterfaceSgAttachment: (require('@cdktf/provider-aws/lib/network-interface-sg-attachment') as typeof import('@cdktf/provider-aws/lib/network-interface-sg-attachment')).NetworkInterfaceSgAttachment,
    Ec2ManagedPrefixList: (require('@cdktf/provider-aws/lib/ec2-managed-prefix-list') as typeof import('@cdktf/provider-aws/lib/ec2-managed-prefix-list')).Ec2ManagedPrefixList,
    SecurityGroup: (require('@cdktf/provider-aws/lib/security-group') as typeof import('@cdktf/provider-aws/lib/security-group')).SecurityGroup,
    VpcSecurityGroupEgressRule: (require('@cdktf/provider-aws/lib/vpc-security-group-egress-rule') as typeof import('@cdktf/provider-aws/lib/vpc-security-group-egress-rule')).VpcSecurityGroupEgressRule,
    VpcSecurityGroupIngressRule: (require('@cdktf/provider-aws/lib/vpc-security-group-ingress-rule') as typeof import('@cdktf/provider-aws/lib/vpc-security-group-ingress-rule')).VpcSecurityGroupIngressRule,
  })));
}
let loaded:
  | {
      Lb: typeof Lb;
      LbListener: typeof LbListener;
      LbTargetGroup: typeof LbTargetGroup;
      LbTargetGroupAttachment: typeof LbTargetGroupAttachment;
      NetworkInterfaceSgAttachment: typeof NetworkInterfaceSgAttachment;
      Ec2ManagedPrefixList: typeof Ec2ManagedPrefixList;
      SecurityGroup: typeof SecurityGroup;
      VpcSecurityGroupEgressRule: typeof VpcSecurityGroupEgressRule;
      VpcSecurityGroupIngressRule: typeof VpcSecurityGroupIngressRule;
    }
  | undefined;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface AwsNetworkProps extends NetworkBindingProps {
  /** The VPC the security groups and load balancers belong to. */
  readonly vpcId: string;
  /** Subnets for internal network load balancers. Required as soon as a role has load-balanced ports. */
  readonly loadBalancerSubnetIds?: readonly string[];
  /**
   * Public subnets for internet-facing network load balancers (Edge external interface with hardware
   * load balancing). Required as soon as an internet-facing role has load-balanced ports.
   */
  readonly publicSubnetIds?: readonly string[];
  /**
   * Rules per security group per direction and IP version. Default 60 (the AWS default quota).
   * Raise it only after the account's quota was raised.
   */
  readonly rulesPerSecurityGroup?: number;
  /**
   * Security groups per network interface in the account (default 5, adjustable up to 16). An
   * interface always keeps one group of its own (its primary group, e.g. the instance's), and the
   * library's `aws_network_interface_sg_attachment`s add to it: a host attaches at most this many
   * minus one (4 with the default 5) — the role's own group, the extra ones its rules are spread
   * over when they exceed `rulesPerSecurityGroup`, and the groups it joins. More is a synth-time
   * error naming the count.
   */
  readonly securityGroupsPerNetworkInterface?: number;
  /**
   * VPCs peered with this one (same region), by id. A security group rule may reference a group of
   * another VPC only through a peering: a network that shares roles with a network in another VPC
   * (`sharedNetworks`) must list that VPC here (or that network must list this one). The ids are
   * written to the output `<network>-vpc-peerings` for reviewers and checkDeployable. Default: none.
   */
  readonly peeredVpcIds?: readonly string[];
  /** Tags for every taggable resource. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Run-time checks of AwsNetworkProps (one per prop; keep in step with the interface). */
const AWS_NETWORK_PROPS: PropSchema = {
  ...BINDING_PROPS,
  vpcId: str({ nonEmpty: true }),
  loadBalancerSubnetIds: list(str({ nonEmpty: true }), { nonEmpty: true }),
  publicSubnetIds: list(str({ nonEmpty: true }), { nonEmpty: true }),
  rulesPerSecurityGroup: integer(1, 1000),
  securityGroupsPerNetworkInterface: integer(1, 16),
  peeredVpcIds: list(str({ nonEmpty: true }), { nonEmpty: true }),
  tags: stringMap(),
};

/** The load balancer pieces of a role on AWS, for use in the same program. */
export interface AwsLoadBalancer {
  /** The network load balancer (`aws_lb`): the role's only one, or that of its first virtual IP. */
  readonly loadBalancer: Lb;
  /** Every network load balancer of the role, one per virtual IP (`frontend` is "" for a role with one). */
  readonly loadBalancers: readonly { readonly frontend: string; readonly loadBalancer: Lb }[];
  /** The load balancers' own security group (attached at creation; the role admits it). */
  readonly securityGroup: SecurityGroup;
  /** One target group per load-balanced port (target type `ip`), in the order of `ports`. */
  readonly targetGroups: readonly LbTargetGroup[];
  /** One TCP/UDP pass-through listener per load-balanced port, in the order of `ports`. */
  readonly listeners: readonly LbListener[];
  /** The ports, by port, transport and frontend. */
  readonly ports: readonly { readonly port: number; readonly transport: 'tcp' | 'udp'; readonly frontend: string }[];
}

const PROTOCOL: Record<string, string> = { tcp: 'tcp', udp: 'udp', icmp: 'icmp', gre: '47', esp: '50', ah: '51', all: '-1' };

/** A literal address must be IPv4 (target type `ip`); a reference (`${...}`) is taken as it is. */
function checkIpv4(owner: SecurityRole, at: string, prop: string, value: string): void {
  if (/^\$\{/.test(value)) return;
  try {
    if (parseCidr(`${value}/32`).version !== 4) throw new Error('not IPv4');
  } catch (e) {
    throw new MsPortsError(owner.node.path, `${at}: ${prop} "${value}" is not an IPv4 address (${(e as Error).message})`, 'pass the private IPv4 address, e.g. "10.10.1.11", or a reference such as instance.privateIp');
  }
}

/**
 * Per app: the load balancer and target group names created so far, by where AWS wants them unique
 * (the region of the account; a VPC lies in one region, so a VPC stands for its region when the
 * provider's region is not written), with the role that took each.
 */
const takenLbNames = new WeakMap<IConstruct, Map<string, string>>();

/** The region of a stack's default AWS provider, when written as a literal. */
function providerRegion(stack: TerraformStack): string | undefined {
  const providers = stack.node.children.filter((c): c is TerraformProvider => c instanceof TerraformProvider && c.terraformResourceType === 'aws' && !c.alias);
  const regions = [...new Set(providers.map((p) => (p as TerraformProvider & { region?: string }).region))];
  return regions.length === 1 && typeof regions[0] === 'string' && !Token.isUnresolved(regions[0]) ? regions[0] : undefined;
}

/** The AWS network binding: pass it as `network` to any role construct. */
export class AwsNetwork extends NetworkBinding {
  /** Reference attributes read once per resource (see TokenCache). */
  private readonly tokens = new TokenCache();
  readonly cloud = 'aws' as const;
  protected readonly profile: CloudProfile = AWS_PROFILE;
  private readonly props: AwsNetworkProps;
  private readonly groups = new Map<string, SecurityGroup>();
  /**
   * Each resource's id / arn token, read once: every read of `sg.id` or `lb.arn` makes a new token
   * with its own captured stack trace, kept alive for the whole process. Rules reuse one per resource.
   */
  private readonly lbs = new Map<string, { parts: AwsLoadBalancer; listeners: string }>();
  private readonly prefixLists = new Map<string, Ec2ManagedPrefixList>();
  /** Extra security groups of roles whose rules exceed the per-group quota (same hosts), by role. */
  private readonly extraGroups = new Map<string, SecurityGroup[]>();
  /** The region of the stack's AWS provider (null when not written as a literal), read on the first load balancer. */
  private lbRegion?: string | null;
  /** The security groups attached to each host's network interface so far, and by which roles. */
  private eniGroups?: Map<string, { ids: Set<string>; roles: string[] }>;

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id, checkProps(scope, id, 'AwsNetwork', props, AWS_NETWORK_PROPS));
    if (!props || typeof props.vpcId !== 'string' || props.vpcId === '') {
      throw new MsPortsError(this.node.path, 'vpcId is missing', 'pass the id of the VPC, e.g. vpcId: "vpc-0abc..."');
    }
    const q = props.rulesPerSecurityGroup;
    if (q !== undefined && (!Number.isInteger(q) || q < 1 || q > 1000)) {
      throw new MsPortsError(this.node.path, `rulesPerSecurityGroup ${q} is invalid`, 'use the whole number your account quota allows (1-1000; the default quota is 60)');
    }
    const perEni = props.securityGroupsPerNetworkInterface;
    if (perEni !== undefined && (!Number.isInteger(perEni) || perEni < 1 || perEni > 16)) {
      throw new MsPortsError(this.node.path, `securityGroupsPerNetworkInterface ${perEni} is invalid`, 'use the whole number your account quota allows (1-16; the default quota is 5)');
    }
    for (const key of ['loadBalancerSubnetIds', 'publicSubnetIds'] as const) {
      if (props[key] && props[key]!.length === 0) {
        throw new MsPortsError(this.node.path, `${key} is empty`, 'list at least one subnet id, or leave the prop out');
      }
    }
    this.props = props;
    for (const [i, n] of this.sharedNetworks.entries()) {
      if (!(n instanceof AwsNetwork)) continue;
      const mine = props.vpcId;
      const theirs = n.props.vpcId;
      if (Token.isUnresolved(mine) || Token.isUnresolved(theirs) || mine === theirs) continue;
      if ((props.peeredVpcIds ?? []).includes(theirs) || (n.props.peeredVpcIds ?? []).includes(mine)) continue;
      throw new MsPortsError(
        this.node.path,
        `sharedNetworks[${i}] (${n.node.path}) is in VPC ${theirs}, this network in ${mine}: its rules would reference security groups across VPCs, which AWS accepts only through a VPC peering`,
        `peer the two VPCs and declare it with peeredVpcIds: ["${theirs}"], or share networks within one VPC`,
      );
    }
    if (props.peeredVpcIds) {
      new TerraformOutput(this, 'vpc-peerings', {
        value: { vpcId: props.vpcId, peeredVpcIds: [...props.peeredVpcIds] },
        description: 'VPC peerings this network relies on (security group rules reference groups across them): create them before apply',
      }).overrideLogicalId(`${id}${AWS_PEERINGS_OUTPUT_SUFFIX}`);
    }
    const raised = (q ?? AWS_DEFAULT_RULES_PER_SG) !== AWS_DEFAULT_RULES_PER_SG || (perEni ?? AWS_DEFAULT_SGS_PER_ENI) !== AWS_DEFAULT_SGS_PER_ENI;
    if (raised) {
      // What the account must allow before apply, where a reviewer (and checkDeployable) sees it.
      new TerraformOutput(this, 'account-quotas', {
        value: { vpcId: props.vpcId, securityGroupsPerNetworkInterface: perEni ?? AWS_DEFAULT_SGS_PER_ENI, rulesPerSecurityGroup: q ?? AWS_DEFAULT_RULES_PER_SG },
        description: `AWS account quotas this network's rules and attachments assume (raised from the defaults ${AWS_DEFAULT_SGS_PER_ENI} security groups per network interface, ${AWS_DEFAULT_RULES_PER_SG} rules per security group): raise them in the account before apply`,
      }).overrideLogicalId(`${id}${AWS_QUOTAS_OUTPUT_SUFFIX}`);
    }
  }

  /** Rules per security group per direction and IP version this binding plans for (the prop, or 60). */
  get rulesPerSecurityGroup(): number {
    return this.props.rulesPerSecurityGroup ?? AWS_DEFAULT_RULES_PER_SG;
  }

  /** The security group of a role (created when the role was constructed). */
  securityGroupOf(role: SecurityRole): SecurityGroup {
    const sg = this.groups.get(role.roleName);
    if (!sg) throw new MsPortsError(role.node.path, 'the role is not on this network', 'create the role with `network` set to this binding');
    return sg;
  }

  /**
   * The network load balancer(s), their security group, target groups and listeners of a role
   * with load-balanced ports. Created on first use (or at synth), so a program can reference them;
   * the output is the same either way.
   */
  loadBalancerOf(role: SecurityRole): AwsLoadBalancer {
    this.securityGroupOf(role);
    const intent = role.intent();
    const listeners = [...intent.listeners].sort((a, b) => a.port - b.port || compareText(a.transport, b.transport) || compareText(a.frontend ?? '', b.frontend ?? ''));
    if (listeners.length === 0) throw new MsPortsError(role.node.path, 'the role has no load-balanced ports, so it has no load balancer', 'use loadBalancerOf only for roles with a load balancer (e.g. a Front End pool)');
    return this.ensureLoadBalancer(role, listeners, intent.probePort ?? listeners[0].port);
  }

  protected planOptions() {
    return { awsRulesPerSecurityGroup: this.props.rulesPerSecurityGroup, awsSecurityGroupsPerEni: this.props.securityGroupsPerNetworkInterface };
  }

  protected createBoundary(role: SecurityRole): void {
    if (/^sg-/i.test(`${this.namePrefix}${role.roleName}`)) {
      throw new MsPortsError(role.node.path, `security group name "${this.namePrefix}${role.roleName}" starts with "sg-", which AWS reserves`, 'choose a role name or namePrefix that does not start with "sg-"');
    }
    this.groups.set(role.roleName, this.newGroup(role, role.roleName, role.kind));
  }

  protected nameScope(): string | undefined {
    return Token.isUnresolved(this.props.vpcId) ? undefined : `VPC ${this.props.vpcId}`;
  }

  protected createStandInBoundary(scope: Construct, name: string, kind: string, loadBalanced: boolean): void {
    const at = new Construct(scope, name);
    this.groups.set(name, this.newGroup(at, name, kind));
    if (loadBalanced) this.groups.set(`${name}${LB_ROLE_SUFFIX}`, this.newGroup(at, `${name}${LB_ROLE_SUFFIX}`, `load balancers of ${kind}`, 'load-balancer-security-group'));
  }

  /**
   * The security groups of a role by its name on this network: this network's own, or, for an
   * alias, those of a shared network (rendered before this one). The first is the role's own.
   */
  private groupsNamed(name: string): SecurityGroup[] {
    const own = this.groups.get(name);
    if (own) return [own, ...(this.extraGroups.get(name) ?? [])];
    const foreign = this.resolveForeign(name);
    if (foreign && foreign.network instanceof AwsNetwork) {
      const list = foreign.network.groupsNamed(foreign.name);
      if (list.length) return list;
    }
    throw new MsPortsError(this.node.path, `no security group is known for "${name}"`, 'wire roles of shared networks through connect() or joinGroup() before synthesizing');
  }

  private newGroup(scope: Construct, name: string, kind: string, id = 'security-group'): SecurityGroup {
    const { SecurityGroup } = providerClasses(this.node.path);
    return new SecurityGroup(scope, id, {
      name: `${this.namePrefix}${name}`,
      description: safeText(`cdktf-ms-ports: ${kind} ${name}`).slice(0, 255),
      vpcId: this.props.vpcId,
      tags: { ...this.props.tags, Name: `${this.namePrefix}${name}` },
    });
  }

  protected renderPlan(plan: NetworkPlan): void {
    const { VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule } = providerClasses(this.node.path);
    const roles = new Map(this.registeredRoles.map((r) => [r.roleName, r]));
    const ownerOf = (rp: RolePlan) => roles.get(rp.synthetic ? rp.name.slice(0, -LB_ROLE_SUFFIX.length) : rp.name)!;
    const scopes = new Map<string, Construct>();
    // Pass 1: the load balancers' own security groups, so that role rules can reference them.
    for (const rp of plan.roles) {
      if (rp.outside || rp.remote) continue;
      if (!rp.synthetic) {
        scopes.set(rp.name, ownerOf(rp));
        continue;
      }
      const scope = this.nlbScope(ownerOf(rp));
      scopes.set(rp.name, scope);
      if (!this.groups.has(rp.name)) this.groups.set(rp.name, this.newGroup(scope, rp.name, rp.kind));
    }
    // Extra security groups for roles whose rules exceed the per-group quota (same hosts).
    const extraGroups = this.extraGroups;
    for (const rp of plan.roles) {
      if (rp.outside || rp.remote || rp.awsSecurityGroups <= 1) continue;
      const owner = scopes.get(rp.name)!;
      const list: SecurityGroup[] = [];
      for (let i = 2; i <= rp.awsSecurityGroups; i++) list.push(this.newGroup(owner, `${rp.name}-${i}`, `${rp.kind} (rules ${i} of ${rp.awsSecurityGroups})`, `security-group-${i}`));
      extraGroups.set(rp.name, list);
    }
    // Pass 2: rules.
    for (const rp of plan.roles) {
      if (rp.outside || rp.remote) continue;
      const scope = new Construct(scopes.get(rp.name)!, 'rules');
      const sgs = [this.groups.get(rp.name)!, ...(extraGroups.get(rp.name) ?? [])];
      // Constructed here, not in a helper: every resource captures the call stack (cdktf tokens), one frame fewer each.
      for (const rule of rp.awsRules) {
        const config = this.ruleConfig(sgs[rule.group ?? 0], rule);
        this.recordRuleResource(rp.name, rule.direction, rule.rule, rule.direction === 'ingress' ? new VpcSecurityGroupIngressRule(scope, rule.key, config) : new VpcSecurityGroupEgressRule(scope, rule.key, config));
      }
      if (rp.egressAllowAllReason) {
        for (const cidr of ['0.0.0.0/0', '::/0']) {
          new VpcSecurityGroupEgressRule(scope, `out-to-all-${cidr.includes(':') ? 'ipv6' : 'ipv4'}`, {
            securityGroupId: this.tokens.read(sgs[0], 'id'),
            ipProtocol: '-1',
            ...(cidr.includes(':') ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
            description: `all egress, chosen on purpose: ${rp.egressAllowAllReason}`.slice(0, 255),
            tags: { ...this.props.tags, Name: `${rp.name}-out-to-all` },
          });
        }
      }
    }
    // Pass 3: network load balancers and outputs.
    for (const rp of plan.roles) {
      if (rp.remote) continue;
      if (rp.outside) {
        renderOutsideRoleOutputs(ownerOf(rp), this.node.id, rp);
        continue;
      }
      if (rp.synthetic) continue;
      const owner = ownerOf(rp);
      const lb = rp.listeners.length ? this.ensureLoadBalancer(owner, rp.listeners, rp.probePort!) : undefined;
      if (lb) this.joinLoadBalancerGroups(lb, rp, plan);
      // A group's rules may be spread over extra groups too: its members attach them all. Groups and
      // stand-ins of shared networks (aliases) come from those networks.
      const joined = [...rp.memberOf, ...(rp.joinsForeign ?? []).filter((g) => !rp.memberOf.includes(g))];
      const attach = [
        { key: rp.name, group: this.groups.get(rp.name)! },
        ...(extraGroups.get(rp.name) ?? []).map((group, i) => ({ key: `${rp.name}-${i + 2}`, group })),
        ...joined.flatMap((g) => this.groupsNamed(g).map((group, i) => ({ key: i === 0 ? g : `${g}-${i + 1}`, group }))),
      ];
      const alsoAttach = attach.slice(1).map((a) => this.tokens.read(a.group, 'id'));
      this.renderHosts(owner, rp, attach.map((a) => ({ key: a.key, id: this.tokens.read(a.group, 'id') })), lb);
      renderRoleOutputs(owner, this.node.id, rp, {
        securityGroupId: this.tokens.read(this.groups.get(rp.name)!, 'id'),
        alsoAttach,
        ...(lb
          ? {
              targetGroupArns: Object.fromEntries(
                lb.targetGroups.map((tg, i) => [`${lb.ports[i].frontend ? `${lb.ports[i].frontend}-` : ''}${lb.ports[i].transport}-${lb.ports[i].port}`, this.tokens.read(tg, 'arn')]),
              ),
            }
          : {}),
      });
    }
    renderExistingPeersOutput(this, this.node.id, plan, { vpcId: Token.isUnresolved(this.props.vpcId) ? undefined : this.props.vpcId });
  }



  /**
   * The security groups a pool's load balancers attach besides their own: the stand-ins for load
   * balancers of the shared networks it is wired to (so the shared roles reach its virtual IPs), and
   * the load balancer boundary of a summarizing group it is a member of (a Skype site's pools of one
   * kind: `<group>-nlb`, which that group's rules name).
   */
  private joinLoadBalancerGroups(lb: AwsLoadBalancer, rp: RolePlan, plan: NetworkPlan): void {
    const foreign = (rp.joinsForeign ?? []).flatMap((alias) => {
      const f = this.resolveForeign(alias);
      const sg = f && f.network instanceof AwsNetwork ? f.network.groups.get(`${f.name}${LB_ROLE_SUFFIX}`) : undefined;
      return sg ? [this.tokens.read(sg, 'id')] : [];
    });
    const groups = rp.memberOf.flatMap((g) => {
      const name = `${g}${LB_ROLE_SUFFIX}`;
      const sg = plan.roles.some((r) => r.name === name && r.synthetic && r.group) ? this.groups.get(name) : undefined;
      return sg ? [this.tokens.read(sg, 'id')] : [];
    });
    const extra = [...foreign, ...groups];
    if (extra.length === 0) return;
    for (const { loadBalancer } of lb.loadBalancers) loadBalancer.securityGroups = [this.tokens.read(lb.securityGroup, 'id'), ...extra];
  }

  /** The rule resource of an AWS rule (ingress and egress rules take the same config). */
  private ruleConfig(sg: SecurityGroup, rule: AwsRuleResource): VpcSecurityGroupIngressRuleConfig {
    const peer =
      rule.peer.kind === 'role'
        ? { referencedSecurityGroupId: this.tokens.read(this.groupsNamed(rule.peer.role)[0], 'id') }
        : rule.peer.kind === 'group-id'
        ? { referencedSecurityGroupId: rule.peer.id }
        : rule.peer.kind === 'prefix-list'
        ? { prefixListId: rule.peer.existingId ?? this.tokens.read(this.prefixList(rule.peer), 'id') }
        : rule.peer.cidr.version === 4
          ? { cidrIpv4: rule.peer.cidr.text }
          : { cidrIpv6: rule.peer.cidr.text };
    const ports = rule.range && (rule.transport === 'tcp' || rule.transport === 'udp') ? { fromPort: rule.range.from, toPort: rule.range.to } : {};
    const icmp = rule.transport === 'icmp' ? { fromPort: -1, toPort: -1 } : {};
    const ipProtocol = PROTOCOL[rule.transport];
    if (ipProtocol === undefined) {
      // Never render a rule without a protocol (AWS would read it as something else, or fail at apply).
      throw new MsPortsError(sg.node.scope!.node.path, `transport "${String(rule.transport)}" (${rule.catalogIds.join(', ')}) has no AWS protocol number here`, `use one of ${Object.keys(PROTOCOL).filter((t) => t !== 'all').join(', ')}`);
    }
    return {
      securityGroupId: this.tokens.read(sg, 'id'),
      ipProtocol,
      ...ports,
      ...icmp,
      ...peer,
      description: rule.description,
      tags: { ...this.props.tags, Name: rule.key },
    };
  }

  /** One customer-managed prefix list per name on this network (the same name always holds the same addresses). */
  private prefixList(peer: Extract<AwsRuleResource['peer'], { kind: 'prefix-list' }>): Ec2ManagedPrefixList {
    const { Ec2ManagedPrefixList } = providerClasses(this.node.path);
    const existing = this.prefixLists.get(peer.name);
    if (existing) return existing;
    const name = `${this.namePrefix}${peer.name}`;
    const list = new Ec2ManagedPrefixList(this, `prefix-list-${peer.name}`, {
      name,
      addressFamily: peer.version === 4 ? 'IPv4' : 'IPv6',
      maxEntries: peer.maxEntries,
      entry: peer.cidrs.map((c) => ({ cidr: c.text, description: safeText(peer.description).slice(0, 255) })),
      tags: { ...this.props.tags, Name: name },
    });
    this.prefixLists.set(peer.name, list);
    return list;
  }

  private nlbScope(owner: SecurityRole): Construct {
    return (owner.node.tryFindChild('nlb') as Construct | undefined) ?? new Construct(owner, 'nlb');
  }

  /**
   * Records the groups attached to one network interface (a host may be attached to several roles)
   * and returns those new to it. The interface keeps its own (primary) group, so it takes
   * `securityGroupsPerNetworkInterface` minus one attachments.
   */
  private attachedToEni(owner: SecurityRole, at: string, eni: string, groups: readonly { key: string; id: string }[]): Set<string> {
    const seen = (this.eniGroups ??= new Map()).get(eni) ?? { ids: new Set<string>(), roles: [] as string[] };
    const fresh = new Set(groups.map((g) => g.id).filter((id) => !seen.ids.has(id)));
    const perEni = this.props.securityGroupsPerNetworkInterface ?? AWS_DEFAULT_SGS_PER_ENI;
    const total = seen.ids.size + fresh.size;
    if (total > perEni - 1) {
      const roles = [...new Set([...seen.roles, owner.roleName])];
      throw new MsPortsError(
        owner.node.path,
        `${at}: network interface ${eni} would get ${total} security group attachments (roles ${roles.join(', ')}), but it takes at most ${perEni} security groups, one of them its own (primary) group, so at most ${perEni - 1} attachments`,
        `raise the account's "security groups per network interface" quota and set securityGroupsPerNetworkInterface to at least ${total + 1} (up to 16), or attach the host to fewer roles`,
      );
    }
    for (const id of fresh) seen.ids.add(id);
    seen.roles.push(owner.roleName);
    this.eniGroups.set(eni, seen);
    return fresh;
  }

  /**
   * Security group attachments of each attached host's ENI (all of `groupIds`), and its target group
   * registrations: the host's private IP in every target group, or, for a role with one virtual IP
   * per service (the Edge external interface), each service's address in that service's target groups.
   */
  private renderHosts(owner: SecurityRole, rp: RolePlan, groups: readonly { key: string; id: string }[], lb: AwsLoadBalancer | undefined): void {
    const { LbTargetGroupAttachment, NetworkInterfaceSgAttachment } = providerClasses(this.node.path);
    const perService = lb !== undefined && lb.loadBalancers.length > 1;
    const taken = new Map<string, string>();
    for (const { name, host } of this.hostsOf(owner)) {
      const at = `${owner.node.path} host "${name}"`;
      if (host.ipConfigurationName !== undefined) {
        throw new MsPortsError(owner.node.path, `${at}: host.ipConfigurationName "${host.ipConfigurationName}" is not used on AWS (target groups register the private IP)`, 'remove ipConfigurationName; pass privateIp for roles with a load balancer');
      }
      for (const [service, a] of Object.entries(host.serviceAddresses ?? {})) {
        if (a.ipConfigurationName !== undefined) {
          throw new MsPortsError(owner.node.path, `${at}: host.serviceAddresses.${service}.ipConfigurationName "${a.ipConfigurationName}" is not used on AWS (target groups register the private IP)`, `pass serviceAddresses.${service}.privateIp instead`);
        }
        if (a.privateIp === undefined) {
          throw new MsPortsError(owner.node.path, `${at}: host.serviceAddresses.${service}.privateIp is missing`, `pass the private IPv4 address of the ${service} service on the ENI`);
        }
        checkIpv4(owner, at, `host.serviceAddresses.${service}.privateIp`, a.privateIp);
        const other = taken.get(a.privateIp);
        if (other) {
          throw new MsPortsError(owner.node.path, `${at}: host.serviceAddresses.${service}.privateIp ${a.privateIp} is also the address of ${other}`, 'give each service of each server its own address, as Microsoft deploys the Edge: one address per service');
        }
        taken.set(a.privateIp, `host "${name}" ${service}`);
      }
      if (perService) {
        if (host.privateIp !== undefined || host.serviceAddresses === undefined) {
          throw new MsPortsError(
            owner.node.path,
            `${at}: role "${rp.name}" has one virtual IP and target groups per service (${lb.loadBalancers.map((l) => l.frontend).join(', ')}), so ${host.privateIp !== undefined ? `one host.privateIp "${host.privateIp}" would be registered behind every service` : 'host.serviceAddresses is missing'}`,
            `pass each service's private IP instead: serviceAddresses: { ${owner.hostServices().map((k) => `${k}: { privateIp: "..." }`).join(', ')} }`,
          );
        }
      } else {
        if (lb && host.privateIp === undefined) {
          throw new MsPortsError(owner.node.path, `${at}: role "${rp.name}" has a load balancer, but host.privateIp is missing`, 'pass the private IPv4 address of the host, so it is registered in the target groups');
        }
        if (!lb && host.privateIp !== undefined) {
          throw new MsPortsError(owner.node.path, `${at}: host.privateIp "${host.privateIp}" is given, but role "${rp.name}" has no load balancer`, 'remove privateIp');
        }
        if (host.privateIp !== undefined) checkIpv4(owner, at, 'host.privateIp', host.privateIp);
      }
      const scope = new Construct(owner, `host-${name}`);
      const attached = this.attachedToEni(owner, at, host.networkInterfaceId, groups);
      for (const g of groups) {
        // A group another role already attached to this interface is attached once (AWS refuses a second attachment).
        if (attached.has(g.id)) new NetworkInterfaceSgAttachment(scope, `sg-${g.key}`, { networkInterfaceId: host.networkInterfaceId, securityGroupId: g.id });
      }
      lb?.targetGroups.forEach((tg, i) => {
        const p = lb.ports[i];
        const targetId = perService ? this.serviceAddressOf(host, p.frontend)!.privateIp! : host.privateIp!;
        new LbTargetGroupAttachment(scope, `target${p.frontend ? `-${p.frontend}` : ''}-${p.transport}-${p.port}`, { targetGroupArn: this.tokens.read(tg, 'arn'), targetId, port: p.port });
      });
    }
  }

  /**
   * Claims a load balancer or target group name: AWS refuses a load balancer name that starts with
   * `internal-`, and wants both kinds of name unique per region and account, whichever stack or
   * network creates them. Refused here, at synth, naming the role that took the name first.
   */
  private takeLbName(owner: SecurityRole, kind: 'load balancer' | 'target group', name: string): void {
    if (kind === 'load balancer' && name.startsWith('internal-')) {
      throw new MsPortsError(
        owner.node.path,
        `the load balancer name "${name}" (namePrefix "${this.namePrefix}" and role name "${owner.roleName}") starts with "internal-", which AWS reserves and refuses`,
        'choose a namePrefix or role name that does not start with "internal-" (the load balancer is internal by its scheme, whatever its name)',
      );
    }
    const region = (this.lbRegion ??= providerRegion(TerraformStack.of(this)) ?? null);
    const scopes = [...(region ? [`region ${region}`] : []), ...(Token.isUnresolved(this.props.vpcId) ? [] : [`VPC ${this.props.vpcId}`])];
    const root = this.node.root;
    const taken = takenLbNames.get(root) ?? new Map<string, string>();
    takenLbNames.set(root, taken);
    for (const scope of scopes) {
      const first = taken.get(`${scope}\n${kind}\n${name}`);
      if (first && first !== owner.node.path) {
        throw new MsPortsError(
          owner.node.path,
          `the ${kind} name "${name}" is also taken by ${first}${scope.startsWith('VPC') ? ', in the same VPC' : ''} in ${scope.startsWith('VPC') ? 'its region' : `the same region (${region})`}: AWS wants ${kind} names unique per region and account, so the second would fail at apply`,
          `give the networks in one region different namePrefix values (e.g. namePrefix: "${TerraformStack.of(this).node.id.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 10)}-"), or give one of the roles another name`,
        );
      }
    }
    for (const scope of scopes) taken.set(`${scope}\n${kind}\n${name}`, owner.node.path);
  }

  /** The documented TCP idle timeout of a listener, within what an NLB TCP listener takes (60-6000 s). */
  private idleTimeout(owner: SecurityRole, l: Listener): number {
    const seconds = l.settings!.tcpIdleTimeoutSeconds!;
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > 6000) {
      throw new MsPortsError(owner.node.path, `the TCP idle timeout of ${seconds} s on port ${l.port} (${l.settings!.catalogIds.join(', ')}) is outside 60-6000 s`, 'an NLB TCP listener takes tcp_idle_timeout_seconds 60-6000');
    }
    return seconds;
  }

  /** Creates the role's load balancers once (on first use or at synth); later calls must agree on the ports. */
  private ensureLoadBalancer(owner: SecurityRole, listeners: readonly Listener[], probePort: number): AwsLoadBalancer {
    const { Lb, LbListener, LbTargetGroup } = providerClasses(this.node.path);
    const key = this.listenerSetKey(listeners, probePort);
    const existing = this.lbs.get(owner.roleName);
    if (existing) {
      if (existing.listeners !== key) {
        throw new MsPortsError(owner.node.path, `the load balancer was created for ${existing.listeners}, but the role now balances ${key}`, 'finish configuring the role before calling loadBalancerOf');
      }
      return existing.parts;
    }
    const rp = { name: owner.roleName, internetFacing: owner.internetFacing, listeners, probePort };
    const sgName = `${rp.name}${LB_ROLE_SUFFIX}`;
    const subnets = rp.internetFacing ? this.props.publicSubnetIds : this.props.loadBalancerSubnetIds;
    if (!subnets) {
      const prop = rp.internetFacing ? 'publicSubnetIds' : 'loadBalancerSubnetIds';
      throw new MsPortsError(owner.node.path, `role "${rp.name}" has ${rp.listeners.length} load-balanced ports but the network has no ${prop}`, `pass ${prop} to AwsNetwork`);
    }
    const scope = this.nlbScope(owner);
    // Same name and kind as the planner's load balancer boundary (planner.ts), so the output does not depend on who creates it.
    if (!this.groups.has(sgName)) this.groups.set(sgName, this.newGroup(scope, sgName, `network load balancer of ${rp.name}`));
    const loadBalancers: { frontend: string; loadBalancer: Lb }[] = [];
    const targetGroups: LbTargetGroup[] = [];
    const lbListeners: LbListener[] = [];
    const ports: { port: number; transport: 'tcp' | 'udp'; frontend: string }[] = [];
    // One NLB per virtual IP: the Edge external interface has one each for Access, Web Conferencing
    // and A/V Edge, which share 443; an NLB has one address per zone.
    const frontends = [...new Set(rp.listeners.map((l) => l.frontend ?? ''))].sort();
    if (frontends.length > 1) {
      // Each virtual IP's target groups hold that service's addresses (attachHost serviceAddresses).
      const services = new Set(owner.hostServices());
      const unknown = frontends.filter((f) => !services.has(frontendKey(f)));
      if (unknown.length) {
        throw new MsPortsError(owner.node.path, `role "${rp.name}" balances frontends ${frontends.join(', ')}, but its hosts have no addresses for ${unknown.join(', ')}`, 'give the role one host service per frontend (hostServices)');
      }
    }
    for (const frontend of frontends) {
      const tag = frontend ? `-${frontend}` : '';
      const lbName = safeName(`${this.namePrefix}${rp.name}${tag}`, 32).replace(/[_.]/g, '-');
      this.takeLbName(owner, 'load balancer', lbName);
      const lb = new Lb(scope, `load-balancer${tag}`, {
        name: lbName,
        internal: !rp.internetFacing,
        loadBalancerType: 'network',
        subnets: [...subnets],
        securityGroups: [this.tokens.read(this.groups.get(sgName)!, 'id')],
        tags: { ...this.props.tags, Name: lbName },
      });
      loadBalancers.push({ frontend, loadBalancer: lb });
      for (const l of rp.listeners.filter((x) => (x.frontend ?? '') === frontend)) {
        const protocol = l.transport === 'tcp' ? 'TCP' : 'UDP';
        const tgName = safeName(`${this.namePrefix}${rp.name}${tag}-${l.transport}${l.port}`, 32).replace(/[_.]/g, '-');
        this.takeLbName(owner, 'target group', tgName);
        const tg = new LbTargetGroup(scope, `target${tag}-${l.transport}-${l.port}`, {
          name: tgName,
          port: l.port,
          protocol,
          vpcId: this.props.vpcId,
          targetType: 'ip',
          // TCP: the pool's security group admits the load balancer's group, so targets see the NLB as
          // the source; except where the catalog documents that the server must see the client's own
          // address (the A/V Edge), where the role admits those clients itself, as it does on UDP: UDP
          // target groups always preserve the client address (AWS does not allow turning it off).
          preserveClientIp: protocol === 'UDP' || l.settings?.keepClientAddress ? 'true' : 'false',
          // Source-address persistence (catalog load balancer settings): every connection of a client address to one target.
          ...(l.settings?.sourceAddressPersistence ? { stickiness: { type: 'source_ip', enabled: true } } : {}),
          // UDP listeners are health-checked over TCP on the probe port (an NLB cannot probe UDP).
          healthCheck: { protocol: 'TCP', port: String(rp.probePort ?? l.port) },
          tags: { ...this.props.tags, Name: tgName, 'ms-ports:cites': l.catalogIds.join(' ').slice(0, 256) },
        });
        const listener = new LbListener(scope, `listener${tag}-${l.transport}-${l.port}`, {
          loadBalancerArn: this.tokens.read(lb, 'arn'),
          port: l.port,
          protocol,
          defaultAction: [{ type: 'forward', targetGroupArn: this.tokens.read(tg, 'arn') }],
          ...(l.settings?.tcpIdleTimeoutSeconds !== undefined && protocol === 'TCP' ? { tcpIdleTimeoutSeconds: this.idleTimeout(owner, l) } : {}),
          tags: { ...this.props.tags, Name: `${rp.name}${tag}-${l.transport}-${l.port}` },
        });
        targetGroups.push(tg);
        lbListeners.push(listener);
        ports.push({ port: l.port, transport: l.transport, frontend });
      }
    }
    const parts: AwsLoadBalancer = {
      loadBalancer: loadBalancers[0].loadBalancer,
      loadBalancers,
      securityGroup: this.groups.get(sgName)!,
      targetGroups,
      listeners: lbListeners,
      ports,
    };
    this.lbs.set(owner.roleName, { parts, listeners: key });
    return parts;
  }
}
