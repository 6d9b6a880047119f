/**
 * Deployable as synthesized: checks over the synthesized Terraform JSON (cdk.tf.json) of one or
 * more stacks for what the clouds reject at apply although `terraform validate` passes. Pure
 * functions, engine-free: parsed JSON in, problems out (usable from the CLI and from tests).
 *
 * Limits and rules, with their sources (see /work/shared/reference/cloud-limits.md):
 * - Azure load balancer rules: a frontend IP configuration takes one rule per frontend port and
 *   protocol (`All` is TCP and UDP); a backend pool takes one rule per backend port and protocol
 *   unless every rule sharing it uses floating IP (Azure Load Balancer "multiple frontends":
 *   learn.microsoft.com/azure/load-balancer/load-balancer-multivip-overview; provider lb_rule).
 * - Azure NSG: at most 1,000 rules per NSG, 4,000 IP addresses and ranges given as sources and
 *   destinations per NSG (read here as the sum of both, the stricter reading), priorities 100-4096
 *   and unique per direction (MicrosoftDocs/azure-docs includes/azure-virtual-network-limits.md;
 *   articles/virtual-network/network-security-groups-overview.md).
 * - Azure application security groups: every NIC of an ASG, and the NICs of the ASGs a rule names
 *   as source and destination, are in one virtual network (articles/virtual-network/
 *   application-security-groups.md). The JSON says which virtual network an ASG is in through the
 *   tag `ASG_VIRTUAL_NETWORK_TAG`; a rule naming ASGs of two networks (stacks or resource groups)
 *   is a problem unless both tags name the same virtual network.
 * - AWS: security groups per network interface, default 5, counting the interface's own (primary)
 *   group, which `aws_network_interface_sg_attachment` adds to; rules per security group, default 60
 *   per direction, counted apart for IPv4 and IPv6, a rule that references a security group counts
 *   once in each, a customer-managed prefix list counts its max entries (awsdocs/amazon-vpc-user-guide
 *   amazon-vpc-limits.md, security-group-rules.md); a rule may reference a group of another VPC only
 *   over a peering connection (security-group-rules.md "Security group referencing").
 * - AWS load balancer and target group names: 1-32 characters, letters, digits and hyphens, not
 *   starting or ending with a hyphen; a load balancer name not starting with `internal-`
 *   (Elastic Load Balancing API CreateLoadBalancer / CreateTargetGroup).
 * - AWS ids: `vpc-`, `subnet-`, `sg-`, `eni-` followed by 8 or 17 lowercase hex digits.
 */

/** Tag on an `azurerm_application_security_group` naming the virtual network its NICs are in. */
export { ASG_VIRTUAL_NETWORK_TAG } from '../plan/profiles';
import { ASG_VIRTUAL_NETWORK_TAG, AWS_PEERINGS_OUTPUT_SUFFIX, AWS_QUOTAS_OUTPUT_SUFFIX, EXISTING_PEERS_OUTPUT_SUFFIX } from '../plan/profiles';

/** One synthesized stack, parsed. */
export interface DeployJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { readonly value?: unknown }>;
}

export interface DeployStack {
  /** The stack id (cdktf cross-stack references name it). */
  readonly name: string;
  readonly json: DeployJson;
}

export type DeployCheck =
  | 'azure-lb-frontend'
  | 'azure-lb-backend'
  | 'azure-nsg-rules'
  | 'azure-nsg-prefixes'
  | 'azure-nsg-priority'
  | 'azure-asg-virtual-network'
  | 'aws-groups-per-interface'
  | 'aws-rules-per-group'
  | 'aws-load-balancer-name'
  | 'aws-group-reference-vpc'
  | 'aws-id-format';

export interface DeployProblem {
  readonly check: DeployCheck;
  readonly stack: string;
  /** Terraform address (`type.name`) or output name the problem is about. */
  readonly resource: string;
  readonly problem: string;
}

export interface DeployOptions {
  /** AWS security groups per network interface in the account, the interface's own included. Default 5. */
  readonly awsSecurityGroupsPerInterface?: number;
  /** AWS rules per security group, direction and IP version. Default 60. */
  readonly awsRulesPerSecurityGroup?: number;
  /** Weights of AWS-managed prefix lists (`pl-...`) the rules name. Default: 1 each (IPv4 and IPv6). */
  readonly awsManagedPrefixListWeights?: Readonly<Record<string, number>>;
  /** VPC peerings declared outside the stacks, as pairs of VPC ids (either order). */
  readonly vpcPeerings?: readonly (readonly [string, string])[];
}

export interface DeployReport {
  readonly problems: readonly DeployProblem[];
  /** What a check could not decide from the JSON (a reference it could not follow), one line each. */
  readonly unresolved: readonly string[];
}

export const AZURE_NSG_MAX_RULES = 1000;
export const AZURE_NSG_MAX_PREFIXES = 4000;
export const AZURE_PRIORITY_RANGE = { from: 100, to: 4096 } as const;
export const AWS_DEFAULT_GROUPS_PER_INTERFACE = 5;
export const AWS_DEFAULT_RULES_PER_GROUP = 60;
export const AWS_NAME_MAX = 32;

type Body = Record<string, unknown>;

/** A resource found by reference: its stack, type and name. */
interface Found {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly body: Body;
}

const LOCAL = /^\$\{([a-z0-9_]+)\.([^.}]+)(?:\.[a-z0-9_]+)*\}$/;
const REMOTE = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}$/;
const isToken = (v: unknown) => typeof v === 'string' && v.includes('${');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const blocks = (v: unknown): Body[] => (Array.isArray(v) ? v.filter((x): x is Body => !!x && typeof x === 'object') : v && typeof v === 'object' ? [v as Body] : []);

/** The stacks of one app, with references followed within a stack and across stacks (cdktf remote state). */
export class DeployContext {
  readonly stacks: readonly DeployStack[];
  readonly unresolved: string[] = [];
  private readonly byName: Map<string, DeployStack>;

  constructor(stacks: readonly DeployStack[]) {
    this.stacks = stacks;
    this.byName = new Map(stacks.map((s) => [s.name, s]));
  }

  /** Every resource of a type, in every stack. */
  *resources(...types: string[]): Generator<Found> {
    for (const s of this.stacks) {
      for (const type of types) {
        for (const [name, body] of Object.entries(s.json.resource?.[type] ?? {})) yield { stack: s.name, type, name, body };
      }
    }
  }

  /** The resource a value refers to (`${type.name.attr}`, or another stack's output of one), if any. */
  resolve(stack: string, value: unknown, depth = 0): Found | undefined {
    if (typeof value !== 'string' || depth > 4) return undefined;
    const remote = REMOTE.exec(value);
    if (remote) {
      const out = this.byName.get(remote[1])?.json.output?.[remote[2]]?.value;
      return this.resolve(remote[1], out, depth + 1);
    }
    const local = LOCAL.exec(value);
    if (!local || local[1] === 'data' || local[1] === 'var' || local[1] === 'local') return undefined;
    const body = this.byName.get(stack)?.json.resource?.[local[1]]?.[local[2]];
    return body ? { stack, type: local[1], name: local[2], body } : undefined;
  }

  /** A stable key for what a value names: the resource it refers to, or the literal value. */
  key(stack: string, value: unknown): string {
    const f = this.resolve(stack, value);
    if (f) return `${f.stack}:${f.type}.${f.name}`;
    return isToken(value) ? `${stack}:${String(value)}` : `literal:${String(value)}`;
  }

  note(line: string): void {
    if (!this.unresolved.includes(line)) this.unresolved.push(line);
  }
}

const address = (f: { type: string; name: string }) => `${f.type}.${f.name}`;

// ---------------------------------------------------------------- Azure

const lbProtocols = (p: unknown): string[] => (String(p).toLowerCase() === 'all' ? ['tcp', 'udp'] : [String(p).toLowerCase()]);

/** Azure load balancer rules (and NAT rules): one rule per frontend IP configuration, frontend port and protocol. */
export function azureLoadBalancerFrontends(ctx: DeployContext): DeployProblem[] {
  const out: DeployProblem[] = [];
  const seen = new Map<string, string>();
  for (const r of ctx.resources('azurerm_lb_rule', 'azurerm_lb_nat_rule')) {
    const lb = ctx.key(r.stack, r.body.loadbalancer_id);
    const ports = r.body.frontend_port !== undefined ? [Number(r.body.frontend_port)] : [];
    for (const proto of lbProtocols(r.body.protocol)) {
      for (const port of ports) {
        const k = `${lb}|${String(r.body.frontend_ip_configuration_name)}|${proto}|${port}`;
        const first = seen.get(k);
        if (first) {
          out.push({ check: 'azure-lb-frontend', stack: r.stack, resource: address(r), problem: `frontend "${String(r.body.frontend_ip_configuration_name)}" already has a rule for ${proto.toUpperCase()} ${port} (${first}): Azure takes one rule per frontend, port and protocol` });
        } else seen.set(k, address(r));
      }
    }
  }
  return out;
}

/** Azure load balancer rules: one per backend pool, backend port and protocol, unless all that share it use floating IP. */
export function azureLoadBalancerBackends(ctx: DeployContext): DeployProblem[] {
  const out: DeployProblem[] = [];
  const groups = new Map<string, { at: string; floating: boolean; stack: string }[]>();
  for (const r of ctx.resources('azurerm_lb_rule')) {
    const floating = r.body.enable_floating_ip === true || r.body.floating_ip_enabled === true;
    for (const pool of strings(r.body.backend_address_pool_ids)) {
      for (const proto of lbProtocols(r.body.protocol)) {
        const k = `${ctx.key(r.stack, pool)}|${proto}|${Number(r.body.backend_port)}`;
        groups.set(k, [...(groups.get(k) ?? []), { at: address(r), floating, stack: r.stack }]);
      }
    }
  }
  for (const [k, list] of groups) {
    if (list.length < 2 || list.every((x) => x.floating)) continue;
    const [, proto, port] = k.split('|').slice(-3);
    for (const x of list.slice(1)) {
      out.push({ check: 'azure-lb-backend', stack: x.stack, resource: x.at, problem: `backend pool ${k.split('|')[0]} already takes ${proto.toUpperCase()} ${port} from ${list[0].at}, and not every rule sharing it uses floating IP: Azure rejects the second rule` });
    }
  }
  return out;
}

interface NsgRule {
  readonly stack: string;
  readonly at: string;
  readonly nsg: string;
  readonly body: Body;
}

/** Every NSG rule, standalone or inline, with the key of its NSG. */
function nsgRules(ctx: DeployContext): NsgRule[] {
  const out: NsgRule[] = [];
  for (const r of ctx.resources('azurerm_network_security_rule')) {
    const f = ctx.resolve(r.stack, r.body.network_security_group_name);
    const nsg = f ? `${f.stack}:${address(f)}` : `${r.stack}:${String(r.body.resource_group_name)}/${String(r.body.network_security_group_name)}`;
    out.push({ stack: r.stack, at: address(r), nsg, body: r.body });
  }
  for (const n of ctx.resources('azurerm_network_security_group')) {
    blocks(n.body.security_rule).forEach((b, i) => out.push({ stack: n.stack, at: `${address(n)}.security_rule[${i}]`, nsg: `${n.stack}:${address(n)}`, body: b }));
  }
  return out;
}

const byNsg = (rules: readonly NsgRule[]) => {
  const m = new Map<string, NsgRule[]>();
  for (const r of rules) m.set(r.nsg, [...(m.get(r.nsg) ?? []), r]);
  return m;
};

const nsgName = (nsg: string) => nsg.slice(nsg.indexOf(':') + 1);

/** At most 1,000 rules per NSG. */
export function azureNsgRuleCount(ctx: DeployContext, max = AZURE_NSG_MAX_RULES): DeployProblem[] {
  return [...byNsg(nsgRules(ctx))].filter(([, list]) => list.length > max).map(([nsg, list]) => ({ check: 'azure-nsg-rules' as const, stack: list[0].stack, resource: nsgName(nsg), problem: `${list.length} rules, over the ${max} an NSG takes` }));
}

/** IP addresses and ranges a rule gives as source or destination (service tags and `*` are not addresses). */
function prefixCount(b: Body): number {
  const ip = (v: string) => /^[0-9a-fA-F:.]+(\/\d+)?$/.test(v) && /[.:]/.test(v);
  return [b.source_address_prefix, b.source_address_prefixes, b.destination_address_prefix, b.destination_address_prefixes].flatMap(strings).filter(ip).length;
}

/** At most 4,000 source and destination IP addresses and ranges per NSG. */
export function azureNsgPrefixCount(ctx: DeployContext, max = AZURE_NSG_MAX_PREFIXES): DeployProblem[] {
  const out: DeployProblem[] = [];
  for (const [nsg, list] of byNsg(nsgRules(ctx))) {
    const n = list.reduce((s, r) => s + prefixCount(r.body), 0);
    if (n > max) out.push({ check: 'azure-nsg-prefixes', stack: list[0].stack, resource: nsgName(nsg), problem: `${n} source and destination address prefixes, over the ${max} an NSG takes` });
  }
  return out;
}

/** Priorities 100-4096, unique per NSG and direction. */
export function azureNsgPriorities(ctx: DeployContext): DeployProblem[] {
  const out: DeployProblem[] = [];
  for (const [, list] of byNsg(nsgRules(ctx))) {
    const seen = new Map<string, string>();
    for (const r of list) {
      const p = r.body.priority;
      if (isToken(p)) continue;
      const n = Number(p);
      if (!Number.isInteger(n) || n < AZURE_PRIORITY_RANGE.from || n > AZURE_PRIORITY_RANGE.to) {
        out.push({ check: 'azure-nsg-priority', stack: r.stack, resource: r.at, problem: `priority ${String(p)} is outside ${AZURE_PRIORITY_RANGE.from}-${AZURE_PRIORITY_RANGE.to}` });
        continue;
      }
      const k = `${String(r.body.direction)}|${n}`;
      const first = seen.get(k);
      if (first) out.push({ check: 'azure-nsg-priority', stack: r.stack, resource: r.at, problem: `priority ${n} ${String(r.body.direction)} is already taken by ${first} in the same NSG` });
      else seen.set(k, r.at);
    }
  }
  return out;
}

/**
 * A rule names ASGs of one virtual network only. An ASG's network is its stack and resource group;
 * its virtual network is the tag ASG_VIRTUAL_NETWORK_TAG. ASGs of two networks pass only when both
 * name the same virtual network.
 */
export function azureAsgVirtualNetworks(ctx: DeployContext): DeployProblem[] {
  const out: DeployProblem[] = [];
  const existingAsgs = existingPieces(ctx);
  for (const r of nsgRules(ctx)) {
    const ids = [...strings(r.body.source_application_security_group_ids), ...strings(r.body.destination_application_security_group_ids)];
    if (ids.length < 2) continue;
    const asgs: { at: string; network: string; vnet?: string }[] = [];
    for (const id of ids) {
      const f = ctx.resolve(r.stack, id);
      const declared = existingAsgs.get(id)?.virtualNetwork;
      if (!f && declared !== undefined) {
        asgs.push({ at: id, network: `existing:${id}`, vnet: declared });
        continue;
      }
      if (!f || f.type !== 'azurerm_application_security_group') {
        ctx.note(`${r.stack} ${r.at}: application security group ${id} is not a resource of these stacks; its virtual network is unknown`);
        continue;
      }
      const tags = (f.body.tags ?? {}) as Record<string, unknown>;
      const vnet = typeof tags[ASG_VIRTUAL_NETWORK_TAG] === 'string' ? (tags[ASG_VIRTUAL_NETWORK_TAG] as string) : undefined;
      asgs.push({ at: `${f.stack}:${address(f)}`, network: `${f.stack}/${String(f.body.resource_group_name)}`, vnet });
    }
    const networks = new Set(asgs.map((a) => a.network));
    const vnets = new Set(asgs.map((a) => a.vnet).filter((v): v is string => v !== undefined));
    if (vnets.size > 1) {
      out.push({ check: 'azure-asg-virtual-network', stack: r.stack, resource: r.at, problem: `the rule names application security groups of virtual networks ${[...vnets].sort().join(' and ')}: Azure takes ASGs of one virtual network` });
    } else if (networks.size > 1 && asgs.some((a) => a.vnet === undefined)) {
      const unnamed = [...new Set(asgs.filter((a) => a.vnet === undefined).map((a) => a.network))].sort();
      out.push({
        check: 'azure-asg-virtual-network',
        stack: r.stack,
        resource: r.at,
        problem: `the rule names application security groups of ${networks.size} networks (${[...networks].sort().join(', ')}), and the virtual network of ${unnamed.join(', ')} is not named (tag ${ASG_VIRTUAL_NETWORK_TAG} on the ASGs): nothing shows they are in one virtual network, which Azure requires`,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- AWS

/** The groups an interface has before any attachment: those its own resource names, at least one (the VPC's default). */
function ownGroups(ctx: DeployContext, stack: string, eni: string): number {
  const f = ctx.resolve(stack, eni);
  if (f?.type === 'aws_network_interface') return Math.max(1, strings(f.body.security_groups).length);
  if (f?.type === 'aws_instance') return Math.max(1, strings(f.body.vpc_security_group_ids).length + strings(f.body.security_groups).length);
  return 1;
}

/**
 * Security groups per network interface, its own (primary) group included: the attachments to each
 * interface across the stacks, and each role's boundary output (its hosts must attach the role's
 * group and every `alsoAttach`).
 */
export function awsGroupsPerInterface(ctx: DeployContext, accountMax = AWS_DEFAULT_GROUPS_PER_INTERFACE): DeployProblem[] {
  const out: DeployProblem[] = [];
  const maxOf = (stack: string) => declaredQuotas(ctx, stack).securityGroupsPerNetworkInterface ?? accountMax;
  const enis = new Map<string, { stack: string; eni: string; groups: Set<string>; at: string[] }>();
  for (const a of ctx.resources('aws_network_interface_sg_attachment')) {
    const k = ctx.key(a.stack, a.body.network_interface_id);
    const e = enis.get(k) ?? { stack: a.stack, eni: String(a.body.network_interface_id), groups: new Set<string>(), at: [] };
    e.groups.add(ctx.key(a.stack, a.body.security_group_id));
    e.at.push(address(a));
    enis.set(k, e);
  }
  for (const e of enis.values()) {
    const own = ownGroups(ctx, e.stack, e.eni);
    const total = own + e.groups.size;
    const max = maxOf(e.stack);
    if (total > max) {
      out.push({ check: 'aws-groups-per-interface', stack: e.stack, resource: e.at[e.at.length - 1], problem: `network interface ${e.eni} would have ${total} security groups (${own} of its own and ${e.groups.size} attached), over the ${max} an interface takes` });
    }
  }
  for (const s of ctx.stacks) {
    for (const [name, o] of Object.entries(s.json.output ?? {})) {
      const v = o?.value as Record<string, unknown> | undefined;
      if (!v || typeof v !== 'object' || typeof v.securityGroupId !== 'string') continue;
      const groups = new Set([v.securityGroupId, ...strings(v.alsoAttach)].map((g) => ctx.key(s.name, g)));
      const max = maxOf(s.name);
      if (groups.size + 1 > max) {
        out.push({
          check: 'aws-groups-per-interface',
          stack: s.name,
          resource: `output.${name}`,
          problem: `the hosts of role "${String(v.role)}" must attach ${groups.size} security groups (its boundary and alsoAttach); with each interface's own group that is ${groups.size + 1}, over the ${max} an interface takes`,
        });
      }
    }
  }
  return out;
}

interface RuleCost {
  readonly stack: string;
  readonly at: string;
  readonly group: string;
  readonly direction: 'ingress' | 'egress';
  readonly v4: number;
  readonly v6: number;
}

/** What one rule weighs against the quota, per IP version. */
function ruleCosts(ctx: DeployContext, options: DeployOptions): RuleCost[] {
  const out: RuleCost[] = [];
  const existing = existingPieces(ctx);
  const listWeight = (stack: string, id: string): { v4: number; v6: number } => {
    const f = ctx.resolve(stack, id);
    if (f?.type === 'aws_ec2_managed_prefix_list') {
      const n = Number(f.body.max_entries);
      return String(f.body.address_family) === 'IPv6' ? { v4: 0, v6: n } : { v4: n, v6: 0 };
    }
    const declared = existing.get(id)?.maxEntries;
    if (declared !== undefined) return { v4: declared, v6: 0 };
    const w = options.awsManagedPrefixListWeights?.[id];
    if (w === undefined) ctx.note(`${stack}: prefix list ${id} is not a resource of these stacks; counted as 1 (IPv4 and IPv6)`);
    return { v4: w ?? 1, v6: w ?? 1 };
  };
  for (const direction of ['ingress', 'egress'] as const) {
    for (const r of ctx.resources(`aws_vpc_security_group_${direction}_rule`)) {
      const b = r.body;
      const cost = b.cidr_ipv4 !== undefined ? { v4: 1, v6: 0 } : b.cidr_ipv6 !== undefined ? { v4: 0, v6: 1 } : b.prefix_list_id !== undefined ? listWeight(r.stack, String(b.prefix_list_id)) : { v4: 1, v6: 1 };
      out.push({ stack: r.stack, at: address(r), group: ctx.key(r.stack, b.security_group_id), direction, ...cost });
    }
  }
  /** A legacy rule (aws_security_group_rule or an inline block): one per CIDR, group and list. */
  const legacy = (stack: string, at: string, group: string, direction: 'ingress' | 'egress', b: Body) => {
    const lists = strings(b.prefix_list_ids).map((id) => listWeight(stack, id));
    const groups = strings(b.security_groups).length + (b.self === true ? 1 : 0) + (b.source_security_group_id !== undefined ? 1 : 0);
    out.push({
      stack,
      at,
      group,
      direction,
      v4: strings(b.cidr_blocks).length + groups + lists.reduce((n, l) => n + l.v4, 0),
      v6: strings(b.ipv6_cidr_blocks).length + groups + lists.reduce((n, l) => n + l.v6, 0),
    });
  };
  for (const r of ctx.resources('aws_security_group_rule')) legacy(r.stack, address(r), ctx.key(r.stack, r.body.security_group_id), r.body.type === 'egress' ? 'egress' : 'ingress', r.body);
  for (const g of ctx.resources('aws_security_group')) {
    for (const direction of ['ingress', 'egress'] as const) blocks(g.body[direction]).forEach((b, i) => legacy(g.stack, `${address(g)}.${direction}[${i}]`, `${g.stack}:${address(g)}`, direction, b));
  }
  return out;
}

/** Existing pieces (Peers.*) the stacks' rules name, by id, with what the rules assume of them (the output <network>-existing-peers). */
function existingPieces(ctx: DeployContext): Map<string, { vpcId?: string; maxEntries?: number; virtualNetwork?: string }> {
  const out = new Map<string, { vpcId?: string; maxEntries?: number; virtualNetwork?: string }>();
  for (const s of ctx.stacks) {
    for (const [name, o] of Object.entries(s.json.output ?? {})) {
      if (!name.endsWith(EXISTING_PEERS_OUTPUT_SUFFIX) || !Array.isArray(o?.value)) continue;
      for (const e of o.value as Record<string, unknown>[]) {
        if (typeof e?.id !== 'string') continue;
        out.set(e.id, {
          vpcId: typeof e.vpcId === 'string' ? e.vpcId : undefined,
          maxEntries: typeof e.maxEntries === 'number' ? e.maxEntries : undefined,
          virtualNetwork: typeof e.virtualNetwork === 'string' ? e.virtualNetwork : undefined,
        });
      }
    }
  }
  return out;
}

/**
 * The account quotas a stack says it assumes: an AwsNetwork given raised quotas writes them in the
 * output `<network>-account-quotas` (AWS_QUOTAS_OUTPUT_SUFFIX), so a reviewer and this check see what
 * the account must allow. Absent: the account's defaults (or the options given).
 */
function declaredQuotas(ctx: DeployContext, stack: string): { securityGroupsPerNetworkInterface?: number; rulesPerSecurityGroup?: number } {
  const s = ctx.stacks.find((x) => x.name === stack);
  let out: { securityGroupsPerNetworkInterface?: number; rulesPerSecurityGroup?: number } = {};
  for (const [name, o] of Object.entries(s?.json.output ?? {})) {
    if (!name.endsWith(AWS_QUOTAS_OUTPUT_SUFFIX)) continue;
    const v = o?.value as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object') continue;
    // One stack, several networks: the smallest of each quota binds.
    const min = (a: number | undefined, b: unknown) => (typeof b === 'number' ? (a === undefined ? b : Math.min(a, b)) : a);
    out = { securityGroupsPerNetworkInterface: min(out.securityGroupsPerNetworkInterface, v.securityGroupsPerNetworkInterface), rulesPerSecurityGroup: min(out.rulesPerSecurityGroup, v.rulesPerSecurityGroup) };
  }
  return out;
}

/** Rules per security group, direction and IP version (a group reference counts in both; a prefix list its max entries). */
export function awsRulesPerGroup(ctx: DeployContext, options: DeployOptions = {}): DeployProblem[] {
  const maxOf = (stack: string) => declaredQuotas(ctx, stack).rulesPerSecurityGroup ?? options.awsRulesPerSecurityGroup ?? AWS_DEFAULT_RULES_PER_GROUP;
  const sums = new Map<string, { stack: string; at: string; n: number }>();
  for (const c of ruleCosts(ctx, options)) {
    for (const v of [4, 6] as const) {
      const w = v === 4 ? c.v4 : c.v6;
      if (w === 0) continue;
      const k = `${c.group}|${c.direction}|${v}`;
      const s = sums.get(k) ?? { stack: c.stack, at: c.at, n: 0 };
      sums.set(k, { ...s, n: s.n + w, at: c.at });
    }
  }
  const out: DeployProblem[] = [];
  for (const [k, s] of sums) {
    const max = maxOf(s.stack);
    if (s.n <= max) continue;
    const [group, direction, v] = k.split('|');
    out.push({ check: 'aws-rules-per-group', stack: s.stack, resource: group.slice(group.indexOf(':') + 1), problem: `${s.n} ${direction === 'ingress' ? 'inbound' : 'outbound'} IPv${v} rules (a group reference counts in IPv4 and IPv6, a prefix list its max entries), over the ${max} a security group takes` });
  }
  return out;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** Load balancer and target group names: 1-32 letters, digits and hyphens, no hyphen at either end; no load balancer named `internal-...`. */
export function awsLoadBalancerNames(ctx: DeployContext): DeployProblem[] {
  const out: DeployProblem[] = [];
  for (const r of ctx.resources('aws_lb', 'aws_alb', 'aws_lb_target_group', 'aws_alb_target_group')) {
    const lb = r.type === 'aws_lb' || r.type === 'aws_alb';
    const what = lb ? 'load balancer' : 'target group';
    const name = r.body.name;
    if (typeof name === 'string' && !isToken(name)) {
      if (name.length > AWS_NAME_MAX) out.push({ check: 'aws-load-balancer-name', stack: r.stack, resource: address(r), problem: `${what} name "${name}" has ${name.length} characters, over ${AWS_NAME_MAX}` });
      if (!NAME.test(name)) out.push({ check: 'aws-load-balancer-name', stack: r.stack, resource: address(r), problem: `${what} name "${name}" is not letters, digits and hyphens without a hyphen at either end` });
      if (lb && name.toLowerCase().startsWith('internal-')) out.push({ check: 'aws-load-balancer-name', stack: r.stack, resource: address(r), problem: `load balancer name "${name}" starts with "internal-", which AWS reserves` });
    }
    const prefix = r.body.name_prefix;
    if (typeof prefix === 'string' && !isToken(prefix) && prefix.length > 6) out.push({ check: 'aws-load-balancer-name', stack: r.stack, resource: address(r), problem: `${what} name_prefix "${prefix}" is over 6 characters` });
  }
  return out;
}

/** A rule references a security group of its own group's VPC, or of a VPC peered with it (declared in the stacks or the options). */
export function awsGroupReferenceVpcs(ctx: DeployContext, options: DeployOptions = {}): DeployProblem[] {
  const out: DeployProblem[] = [];
  const existing = existingPieces(ctx);
  const vpcOf = (stack: string, group: unknown): string | undefined => {
    const f = ctx.resolve(stack, group);
    const declared = typeof group === 'string' ? existing.get(group)?.vpcId : undefined;
    if (f === undefined && declared !== undefined) return `literal:${declared}`;
    if (f?.type !== 'aws_security_group') return undefined;
    return ctx.key(f.stack, f.body.vpc_id);
  };
  const peered = new Set<string>();
  const pair = (a: string, b: string) => [a, b].sort().join('|');
  for (const p of ctx.resources('aws_vpc_peering_connection')) peered.add(pair(ctx.key(p.stack, p.body.vpc_id), ctx.key(p.stack, p.body.peer_vpc_id)));
  for (const [a, b] of options.vpcPeerings ?? []) peered.add(pair(`literal:${a}`, `literal:${b}`));
  // Peerings a stack says it relies on (AwsNetwork peeredVpcIds, the output <network>-vpc-peerings).
  for (const s of ctx.stacks) {
    for (const [name, o] of Object.entries(s.json.output ?? {})) {
      const v = o?.value as { vpcId?: unknown; peeredVpcIds?: unknown } | undefined;
      if (!name.endsWith(AWS_PEERINGS_OUTPUT_SUFFIX) || typeof v?.vpcId !== 'string') continue;
      for (const other of strings(v.peeredVpcIds)) peered.add(pair(`literal:${v.vpcId}`, `literal:${other}`));
    }
  }
  const check = (stack: string, at: string, own: unknown, referenced: unknown) => {
    const from = vpcOf(stack, own);
    const to = vpcOf(stack, referenced);
    if (from === undefined || to === undefined) {
      ctx.note(`${stack} ${at}: the VPC of ${from === undefined ? String(own) : String(referenced)} is unknown here`);
      return;
    }
    if (from !== to && !peered.has(pair(from, to))) {
      const show = (k: string) => k.replace(/^literal:/, '');
      out.push({ check: 'aws-group-reference-vpc', stack, resource: at, problem: `the rule's group is in VPC ${show(from)} and references a group in VPC ${show(to)}, with no peering declared between them` });
    }
  };
  for (const direction of ['ingress', 'egress'] as const) {
    for (const r of ctx.resources(`aws_vpc_security_group_${direction}_rule`)) if (r.body.referenced_security_group_id !== undefined) check(r.stack, address(r), r.body.security_group_id, r.body.referenced_security_group_id);
  }
  for (const r of ctx.resources('aws_security_group_rule')) if (r.body.source_security_group_id !== undefined) check(r.stack, address(r), r.body.security_group_id, r.body.source_security_group_id);
  for (const g of ctx.resources('aws_security_group')) {
    for (const direction of ['ingress', 'egress'] as const) {
      blocks(g.body[direction]).forEach((b, i) => strings(b.security_groups).forEach((sg) => check(g.stack, `${address(g)}.${direction}[${i}]`, `\${${g.type}.${g.name}.id}`, sg)));
    }
  }
  return out;
}

/** `vpc-`, `subnet-`, `sg-` or `eni-` and 8 or 17 lowercase hex digits. */
export const AWS_ID = /^(vpc|subnet|sg|eni)-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const ID_LIKE = /^(vpc|subnet|sg|eni)-/;
const ID_KEYS = /(^|_)(vpc_id|peer_vpc_id|subnet_id|subnet_ids|subnets|network_interface_id|security_group_id|security_group_ids|security_groups|referenced_security_group_id|source_security_group_id|vpc_security_group_ids)$/;

/** Literal AWS ids in the attributes that hold them, each well formed (a `<account>/sg-...` reference is judged by its group id). */
export function awsIdFormats(ctx: DeployContext): DeployProblem[] {
  const out: DeployProblem[] = [];
  const visit = (stack: string, at: string, v: unknown, key: string) => {
    if (Array.isArray(v)) v.forEach((x) => visit(stack, at, x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v as Body)) visit(stack, at, x, k);
    else if (typeof v === 'string' && ID_KEYS.test(key) && !isToken(v)) {
      const id = v.includes('/') ? v.slice(v.lastIndexOf('/') + 1) : v;
      if (ID_LIKE.test(id) && !AWS_ID.test(id)) out.push({ check: 'aws-id-format', stack, resource: at, problem: `${key} "${v}" is not ${id.split('-')[0]}- and 8 or 17 lowercase hex digits` });
    }
  };
  for (const s of ctx.stacks) {
    for (const [type, byName] of Object.entries(s.json.resource ?? {})) {
      if (!type.startsWith('aws_')) continue;
      for (const [name, body] of Object.entries(byName)) visit(s.name, `${type}.${name}`, body, '');
    }
  }
  return out;
}

/** Quoted AWS ids in source text (a README, an example) that are not well formed, with their line numbers. */
export function malformedAwsIds(text: string): { readonly line: number; readonly id: string }[] {
  const out: { line: number; id: string }[] = [];
  text.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(/['"`]((?:vpc|subnet|sg|eni)-[^'"`\s]*)['"`]/g)) if (!AWS_ID.test(m[1])) out.push({ line: i + 1, id: m[1] });
  });
  return out;
}

/** Every check over the stacks of one app (or one stack). */
export function checkDeployable(stacks: readonly DeployStack[], options: DeployOptions = {}): DeployReport {
  const ctx = new DeployContext(stacks);
  const problems = [
    ...azureLoadBalancerFrontends(ctx),
    ...azureLoadBalancerBackends(ctx),
    ...azureNsgRuleCount(ctx),
    ...azureNsgPrefixCount(ctx),
    ...azureNsgPriorities(ctx),
    ...azureAsgVirtualNetworks(ctx),
    ...awsGroupsPerInterface(ctx, options.awsSecurityGroupsPerInterface),
    ...awsRulesPerGroup(ctx, options),
    ...awsLoadBalancerNames(ctx),
    ...awsGroupReferenceVpcs(ctx, options),
    ...awsIdFormats(ctx),
  ];
  return { problems, unresolved: [...ctx.unresolved] };
}
