/**
 * Offline flow verification over synthesized Terraform JSON, with each cloud's semantics:
 * - Azure NSG: rules in priority order, first match decides, per direction; the default rules
 *   (AllowVnetInBound 65000, AllowAzureLoadBalancerInBound 65001, DenyAllInBound 65500 and
 *   AllowVnetOutBound, AllowInternetOutBound, DenyAllOutBound); application security groups;
 *   service tags Internet, VirtualNetwork, AzureLoadBalancer. A role source is checked at its
 *   own NSG (outbound) and then at the target's NSG (inbound); NSGs are stateful.
 * - AWS security groups: the union of the allow rules of every group attached to the target
 *   (deny by default), security group references, and, for a role source, its egress rules
 *   (closed unless declared); stateful, so replies need no rule.
 * Sources are address sets (the internet, an address, a range) or role hosts; the answer says
 * which rules decided. Engine-free.
 */
import { cidrInterval, intersectSpans, mergeSpans, parseCidr, publicSpans, subtractSpans, type Span } from '../model/cidr';
import { parseApp, parseStack, type AwsRule, type AzureRule, type Boundary, type ParsedStack, type TerraformJson } from './terraform';

/** A usage error (unknown role, bad port spec): the CLI exits 2 on it. */
export class VerifyUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyUsageError';
  }
}

export type VerifyTransport = 'tcp' | 'udp' | 'icmp' | 'esp' | 'ah' | 'gre';

export interface PortSpec {
  readonly transport: VerifyTransport;
  readonly port?: number;
}

/** "5061/tcp", "53/udp", "icmp", "esp", "ah", "gre". */
export function parsePortSpec(spec: string): PortSpec {
  const s = String(spec).trim().toLowerCase();
  if (['icmp', 'esp', 'ah', 'gre'].includes(s)) return { transport: s as VerifyTransport };
  const m = /^(\d{1,5})\/(tcp|udp)$/.exec(s);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) throw new VerifyUsageError(`port "${spec}" is not <1-65535>/tcp, <1-65535>/udp, icmp, esp, ah or gre`);
  return { transport: m[2] as 'tcp' | 'udp', port: Number(m[1]) };
}

export interface FlowQuery {
  /** `internet`, an IP address or CIDR, or a role name. */
  readonly from: string;
  /**
   * A role name (the `name` the role was given), or an IP address or CIDR outside the cloud (a
   * PSTN gateway, an on-premises client network): then only the sender's outbound decides, since
   * no boundary of the stack admits traffic there; the sender must be a role, and every address of
   * the CIDR must be reached.
   */
  readonly to: string;
  /** `5061/tcp`, `53/udp`, `icmp`. */
  readonly port: string;
  /** Azure: the virtual network's address space (service tag VirtualNetwork). Default the private ranges 10/8, 172.16/12, 192.168/16, fc00::/7. */
  readonly vnet?: readonly string[];
  /** The target host's address, for rules that name the target by CIDR. Default: unknown (such rules do not match). */
  readonly toAddress?: string;
}

export interface Decision {
  /** `outbound at <from>` or `inbound at <to>`. */
  readonly where: string;
  readonly access: 'allow' | 'deny';
  /** Rule name (Azure) or description, and its Terraform address (or `default rule`). */
  readonly rule: string;
  readonly address: string;
  readonly priority?: number;
  /** Which part of the source it decided for. */
  readonly matched: string;
}

export interface Verdict {
  readonly cloud: 'azure' | 'aws';
  readonly query: FlowQuery;
  readonly allowed: boolean;
  /** The rules that decided, in evaluation order. */
  readonly decidedBy: readonly Decision[];
  /** A human-readable account, one line per decision. */
  readonly text: string;
}

type Spans = { 4: Span[]; 6: Span[] };
interface Source {
  label: string;
  spans: Spans;
  /** A role source: the groups its hosts are in. */
  host?: Boundary;
}

const DEFAULT_VNET = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];
const AZURE_LB = '168.63.129.16/32';
const ALL: Spans = { 4: [[0n, (1n << 32n) - 1n]], 6: [[0n, (1n << 128n) - 1n]] };
const none = (): Spans => ({ 4: [], 6: [] });
const isEmpty = (s: Spans) => s[4].length === 0 && s[6].length === 0;
const inter = (a: Spans, b: Spans): Spans => ({ 4: intersectSpans(a[4], b[4]), 6: intersectSpans(a[6], b[6]) });
const minus = (a: Spans, b: Spans): Spans => ({ 4: subtractSpans(a[4], b[4]), 6: subtractSpans(a[6], b[6]) });
const plus = (a: Spans, b: Spans): Spans => ({ 4: mergeSpans([...a[4], ...b[4]]), 6: mergeSpans([...a[6], ...b[6]]) });

function spansOf(cidrs: readonly string[]): Spans {
  const out = none();
  for (const c of cidrs) {
    const text = c.includes('/') ? c : `${c}/${c.includes(':') ? 128 : 32}`;
    const i = cidrInterval(parseCidr(text));
    out[i.version].push([i.first, i.last]);
  }
  return { 4: mergeSpans(out[4]), 6: mergeSpans(out[6]) };
}

function sizeText(s: Spans): string {
  const n = (list: Span[]) => list.reduce((a, [x, y]) => a + (y - x + 1n), 0n);
  const count = (v: bigint) => {
    if (v <= 1n << 48n) return String(v);
    const k = v.toString(2).length - 1; // 2^k <= v < 2^(k+1): the nearer power
    return `about 2^${v - (1n << BigInt(k)) > (1n << BigInt(k + 1)) - v ? k + 1 : k}`;
  };
  const parts = [];
  if (s[4].length) parts.push(`${count(n(s[4]))} IPv4`);
  if (s[6].length) parts.push(`${count(n(s[6]))} IPv6`);
  return `${parts.join(' and ')} addresses`;
}

function describePart(src: Source, spans: Spans, host: boolean): string {
  if (host) return `hosts of role ${src.host!.role}`;
  const whole = isEmpty(minus(src.spans, spans));
  return whole ? `all of ${src.label}` : `${sizeText(spans)} of ${src.label}`;
}

function portMatchesAzure(rule: AzureRule, p: PortSpec): boolean {
  const proto = rule.protocol.toLowerCase();
  if (proto !== '*' && proto !== p.transport) return false;
  if (p.port === undefined) return true;
  return rule.ports.some((r) => {
    if (r === '*') return true;
    const [a, b] = r.split('-').map(Number);
    return a <= p.port! && p.port! <= (b ?? a);
  });
}

const PROTO_NUMBER: Record<string, string> = { gre: '47', esp: '50', ah: '51', tcp: '6', udp: '17', icmp: '1' };

function portMatchesAws(rule: AwsRule, p: PortSpec): boolean {
  const proto = rule.protocol.toLowerCase();
  if (proto !== '-1' && proto !== 'all' && proto !== p.transport && proto !== PROTO_NUMBER[p.transport]) return false;
  if (proto === '-1' || proto === 'all' || p.port === undefined || rule.from === undefined || rule.from === -1) return true;
  return rule.from <= p.port && p.port <= (rule.to ?? rule.from);
}

interface Ctx {
  stack: ParsedStack;
  vnet: Spans;
  port: PortSpec;
  target: Boundary;
  toAddress?: Spans;
}

function azurePrefixSpans(prefix: string, ctx: Pick<Ctx, 'vnet'>): Spans {
  const p = prefix.toLowerCase();
  if (p === '*' || p === 'any' || p === '0.0.0.0/0') return p === '0.0.0.0/0' ? { 4: ALL[4], 6: [] } : ALL;
  if (p === 'internet') return { 4: [...publicSpans()[4]], 6: [...publicSpans()[6]] };
  if (p === 'virtualnetwork') return ctx.vnet;
  if (p === 'azureloadbalancer') return spansOf([AZURE_LB]);
  try {
    return spansOf([prefix]);
  } catch {
    return none(); // another service tag: matches none of the sources this verifier models
  }
}

/** Does a rule's destination (inbound) / source (outbound) side name these hosts? */
function azureHostSide(prefixes: readonly string[], groups: readonly string[], host: Boundary, ctx: Pick<Ctx, 'vnet'>, address?: Spans): boolean {
  if (groups.some((g) => host.groups.includes(g))) return true;
  return prefixes.some((p) => {
    const l = p.toLowerCase();
    if (l === '*' || l === 'any' || l === 'virtualnetwork') return true;
    return address ? !isEmpty(inter(azurePrefixSpans(p, ctx), address)) : false;
  });
}

function defaultRules(direction: 'Inbound' | 'Outbound'): AzureRule[] {
  const base = { nsg: '', protocol: '*', ports: ['*'], sourceGroups: [], destinationGroups: [], direction } as const;
  return direction === 'Inbound'
    ? [
        { ...base, address: 'default rule', name: 'AllowVnetInBound', priority: 65000, access: 'Allow', sourcePrefixes: ['VirtualNetwork'], destinationPrefixes: ['VirtualNetwork'] },
        { ...base, address: 'default rule', name: 'AllowAzureLoadBalancerInBound', priority: 65001, access: 'Allow', sourcePrefixes: ['AzureLoadBalancer'], destinationPrefixes: ['*'] },
        { ...base, address: 'default rule', name: 'DenyAllInBound', priority: 65500, access: 'Deny', sourcePrefixes: ['*'], destinationPrefixes: ['*'] },
      ]
    : [
        { ...base, address: 'default rule', name: 'AllowVnetOutBound', priority: 65000, access: 'Allow', sourcePrefixes: ['VirtualNetwork'], destinationPrefixes: ['VirtualNetwork'] },
        { ...base, address: 'default rule', name: 'AllowInternetOutBound', priority: 65001, access: 'Allow', sourcePrefixes: ['*'], destinationPrefixes: ['Internet'] },
        { ...base, address: 'default rule', name: 'DenyAllOutBound', priority: 65500, access: 'Deny', sourcePrefixes: ['*'], destinationPrefixes: ['*'] },
      ];
}

function nsgRules(ctx: Pick<Ctx, 'stack'>, nsg: string, direction: 'Inbound' | 'Outbound'): AzureRule[] {
  const own = ctx.stack.azureRules.filter((r) => r.nsg === nsg && r.direction === direction);
  return [...own, ...defaultRules(direction)].sort((a, b) => a.priority - b.priority);
}

function verifyAzure(ctx: Ctx, src: Source, decisions: Decision[]): boolean {
  const target = ctx.target;
  const nsg = target.nsg;
  if (!nsg) throw new VerifyUsageError(`role ${target.role} is a group (no NSG of its own); name a role whose hosts join it`);
  // Outbound at the source role's NSG: its hosts are one source, the target one destination.
  if (src.host?.nsg) {
    const where = `outbound at ${src.host.role}`;
    for (const r of nsgRules(ctx, src.host.nsg, 'Outbound')) {
      if (!portMatchesAzure(r, ctx.port)) continue;
      if (!azureHostSide(r.sourcePrefixes, r.sourceGroups, src.host, ctx)) continue;
      if (!azureHostSide(r.destinationPrefixes, r.destinationGroups, target, ctx, ctx.toAddress)) continue;
      decisions.push({ where, access: r.access === 'Allow' ? 'allow' : 'deny', rule: r.name, address: r.address, priority: r.priority, matched: `hosts of role ${src.host.role}` });
      if (r.access === 'Deny') return false;
      break;
    }
  }
  // Inbound at the target's NSG, first match per part of the source.
  const where = `inbound at ${target.role}`;
  let remaining: Spans = src.spans;
  let hostLeft = !!src.host;
  let allowed = false;
  for (const r of nsgRules(ctx, nsg, 'Inbound')) {
    if (isEmpty(remaining) && !hostLeft) break;
    if (!portMatchesAzure(r, ctx.port)) continue;
    if (!azureHostSide(r.destinationPrefixes, r.destinationGroups, target, ctx, ctx.toAddress)) continue;
    const ruleSpans = r.sourcePrefixes.reduce((acc, p) => plus(acc, azurePrefixSpans(p, ctx)), none());
    const part = inter(remaining, ruleSpans);
    const hostHit = hostLeft && azureHostSide(r.sourcePrefixes, r.sourceGroups, src.host!, ctx);
    if (isEmpty(part) && !hostHit) continue;
    decisions.push({ where, access: r.access === 'Allow' ? 'allow' : 'deny', rule: r.name, address: r.address, priority: r.priority, matched: describePart(src, part, hostHit && isEmpty(part)) });
    if (r.access === 'Allow') allowed = true;
    remaining = minus(remaining, part);
    if (hostHit) hostLeft = false;
  }
  return allowed;
}

function verifyAws(ctx: Ctx, src: Source, decisions: Decision[]): boolean {
  const target = ctx.target;
  const rules = ctx.stack.awsRules;
  if (src.host) {
    const where = `outbound at ${src.host.role}`;
    const out = rules.filter(
      (r) =>
        r.direction === 'egress' &&
        src.host!.groups.includes(r.securityGroup) &&
        portMatchesAws(r, ctx.port) &&
        ((r.referencedGroup !== undefined && target.groups.includes(r.referencedGroup)) ||
          (r.cidr !== undefined && (parseCidr(r.cidr).prefix === 0 || (ctx.toAddress !== undefined && !isEmpty(inter(spansOf([r.cidr]), ctx.toAddress)))))),
    );
    if (out.length === 0) {
      decisions.push({ where, access: 'deny', rule: `no egress rule of ${src.host.groups.join(', ')} reaches ${target.role} (egress is closed unless declared)`, address: 'closed egress', matched: `hosts of role ${src.host.role}` });
      return false;
    }
    for (const r of out) decisions.push({ where, access: 'allow', rule: r.description ?? r.address, address: r.address, matched: `hosts of role ${src.host.role}` });
  }
  const where = `inbound at ${target.role}`;
  let allowedSpans = none();
  let hostAllowed = false;
  for (const r of rules) {
    if (r.direction !== 'ingress' || !target.groups.includes(r.securityGroup) || !portMatchesAws(r, ctx.port)) continue;
    const part = r.cidr ? inter(src.spans, spansOf([r.cidr])) : none();
    const hostHit = !!src.host && r.referencedGroup !== undefined && src.host.groups.includes(r.referencedGroup);
    if (isEmpty(part) && !hostHit) continue;
    decisions.push({ where, access: 'allow', rule: r.description ?? r.address, address: r.address, matched: describePart(src, part, hostHit && isEmpty(part)) });
    allowedSpans = plus(allowedSpans, part);
    hostAllowed ||= hostHit;
  }
  if (isEmpty(allowedSpans) && !hostAllowed) {
    decisions.push({ where, access: 'deny', rule: `no ingress rule of ${target.groups.join(', ')} admits it (security groups deny what they do not allow)`, address: 'implicit deny', matched: `all of ${src.label}` });
    return false;
  }
  return true;
}

/** Azure: outbound at the source role's NSG towards addresses outside the cloud, first match per part of them. */
function azureToAddress(ctx: Omit<Ctx, 'target'>, src: Source & { host: Boundary }, dest: Spans, label: string, decisions: Decision[]): boolean {
  if (!src.host.nsg) throw new VerifyUsageError(`role ${src.host.role} is a group (no NSG of its own); name a role whose hosts join it`);
  const where = `outbound at ${src.host.role}`;
  let remaining = dest;
  let allowed = true;
  for (const r of nsgRules(ctx, src.host.nsg, 'Outbound')) {
    if (isEmpty(remaining)) break;
    if (!portMatchesAzure(r, ctx.port)) continue;
    if (!azureHostSide(r.sourcePrefixes, r.sourceGroups, src.host, ctx)) continue;
    const part = inter(remaining, r.destinationPrefixes.reduce((acc, p) => plus(acc, azurePrefixSpans(p, ctx)), none()));
    if (isEmpty(part)) continue;
    const whole = isEmpty(minus(dest, part));
    decisions.push({ where, access: r.access === 'Allow' ? 'allow' : 'deny', rule: r.name, address: r.address, priority: r.priority, matched: whole ? `all of ${label}` : `${sizeText(part)} of ${label}` });
    if (r.access !== 'Allow') allowed = false;
    remaining = minus(remaining, part);
  }
  return allowed && isEmpty(remaining);
}

/** AWS: the source role's egress rules towards addresses outside the cloud (their CIDRs must cover every address). */
function awsToAddress(ctx: Omit<Ctx, 'target'>, src: Source & { host: Boundary }, dest: Spans, label: string, decisions: Decision[]): boolean {
  const where = `outbound at ${src.host.role}`;
  let covered = none();
  for (const r of ctx.stack.awsRules) {
    if (r.direction !== 'egress' || !src.host.groups.includes(r.securityGroup) || !portMatchesAws(r, ctx.port) || r.cidr === undefined) continue;
    const part = inter(dest, spansOf([r.cidr]));
    if (isEmpty(part)) continue;
    decisions.push({ where, access: 'allow', rule: r.description ?? r.address, address: r.address, matched: isEmpty(minus(dest, part)) ? `all of ${label}` : `${sizeText(part)} of ${label}` });
    covered = plus(covered, part);
  }
  const left = minus(dest, covered);
  if (isEmpty(left)) return true;
  decisions.push({ where, access: 'deny', rule: `no egress rule of ${src.host.groups.join(', ')} reaches ${isEmpty(covered) ? label : `${sizeText(left)} of ${label}`} (egress is closed unless declared)`, address: 'closed egress', matched: `hosts of role ${src.host.role}` });
  return false;
}

function sourceOf(stack: ParsedStack, from: string): Source {
  // The internet: public address space, without Azure's platform address (the AzureLoadBalancer
  // tag, 168.63.129.16), which no host on the internet can send from.
  if (from === 'internet') return { label: 'the internet', spans: minus({ 4: [...publicSpans()[4]], 6: [...publicSpans()[6]] }, spansOf([AZURE_LB])) };
  const role = stack.boundaries.get(from);
  if (role) return { label: `role ${from}`, spans: none(), host: role };
  try {
    return { label: from, spans: spansOf([from]) };
  } catch {
    throw new VerifyUsageError(`--from "${from}" is neither "internet", an IP address or CIDR, nor a role of this stack (${[...stack.boundaries.keys()].sort().join(', ')})`);
  }
}

/** The roles a stack's Terraform JSON holds (by name). */
export function rolesOf(json: TerraformJson): string[] {
  return [...parseStack(json).boundaries.keys()].sort();
}

/** Evaluates one flow against one synthesized stack. Throws VerifyUsageError for bad queries. */
export function verifyFlow(json: TerraformJson, query: FlowQuery): Verdict {
  let stack: ParsedStack;
  try {
    stack = parseStack(json);
  } catch (e) {
    throw new VerifyUsageError((e as Error).message);
  }
  return verifyParsed(stack, query);
}

/**
 * Evaluates one flow across every stack of an app (roles named `<stack>/<role>`): for roles wired
 * across stacks (shared networks), following cdktf cross-stack references.
 */
export function verifyAppFlow(stacks: readonly { readonly name: string; readonly json: TerraformJson }[], query: FlowQuery): Verdict {
  let stack: ParsedStack;
  try {
    // The cloud of the stack the target role is in.
    const target = stacks.find((s) => s.name === query.to.split('/')[0]);
    stack = parseApp(stacks, target ? parseStack(target.json).cloud : undefined);
  } catch (e) {
    throw new VerifyUsageError((e as Error).message);
  }
  return verifyParsed(stack, query);
}

/**
 * Evaluates many flows against one synthesized stack, parsing it once (for tests that probe every
 * pair of hosts on every port).
 */
export function flowVerifier(json: TerraformJson): (query: FlowQuery) => Verdict {
  let stack: ParsedStack;
  try {
    stack = parseStack(json);
  } catch (e) {
    throw new VerifyUsageError((e as Error).message);
  }
  return (query) => verifyParsed(stack, query);
}

function verifyParsed(stack: ParsedStack, query: FlowQuery): Verdict {
  const port = parsePortSpec(query.port);
  const target = stack.boundaries.get(query.to);
  let destination: Spans | undefined;
  if (!target) {
    try {
      destination = spansOf([query.to]);
    } catch {
      throw new VerifyUsageError(`--to "${query.to}" is neither a role of this stack (${[...stack.boundaries.keys()].sort().join(', ')}) nor an IP address or CIDR`);
    }
  }
  const src = sourceOf(stack, query.from);
  let vnet: Spans;
  let toAddress: Spans | undefined;
  try {
    vnet = spansOf(query.vnet ?? DEFAULT_VNET);
    toAddress = query.toAddress ? spansOf([query.toAddress]) : undefined;
  } catch (e) {
    throw new VerifyUsageError((e as Error).message);
  }
  const decisions: Decision[] = [];
  let allowed: boolean;
  if (destination) {
    // An address outside the cloud: only the sender's outbound rules can decide.
    if (!src.host) throw new VerifyUsageError(`--to "${query.to}" is an address: then --from must be a role of this stack, whose outbound rules decide`);
    const host = src as Source & { host: Boundary };
    allowed = stack.cloud === 'azure' ? azureToAddress({ stack, vnet, port }, host, destination, query.to, decisions) : awsToAddress({ stack, vnet, port }, host, destination, query.to, decisions);
  } else {
    const ctx: Ctx = { stack, vnet, port, target: target!, toAddress };
    allowed = stack.cloud === 'azure' ? verifyAzure(ctx, src, decisions) : verifyAws(ctx, src, decisions);
  }
  const head = `${stack.cloud}: ${query.from} -> ${query.to} on ${query.port}: ${allowed ? 'ALLOWED' : 'DENIED'}`;
  const lines = decisions.map((d) => `  ${d.where}: ${d.access.toUpperCase()} by ${d.priority !== undefined ? `${d.rule} (priority ${d.priority}) ` : `${d.rule} `}[${d.address}] for ${d.matched}`);
  return { cloud: stack.cloud, query, allowed, decidedBy: decisions, text: [head, ...lines].join('\n') };
}
