/**
 * Reachability read from synthesized Terraform JSON, across stacks: which role may send to which,
 * on which transport and port, once every stack of an app is applied. Role-to-role only (security
 * group / application security group references, not address prefixes). cdktf cross-stack
 * references (`terraform_remote_state` outputs) are followed back to the resource they name, so a
 * rule in a site stack that names the hub's group counts like a rule in the hub.
 *
 * AWS: a flow passes when one of the sender's groups has an egress rule naming one of the
 * receiver's groups and one of the receiver's groups has an ingress rule naming one of the
 * sender's groups (groups are allow-only). Azure: the first matching rule by priority decides, in
 * the sender's NSG outbound and in the receiver's NSG inbound (deny-all rules included).
 */
import * as fs from 'fs';
import * as path from 'path';

type Json = Record<string, unknown>;
interface StackJson {
  resource?: Record<string, Record<string, Json>>;
  output?: Record<string, { value: unknown }>;
}

export interface Host {
  /** Groups (AWS security groups, Azure ASGs) the host is in, as global ids `stack/type.key`. */
  readonly groups: ReadonlySet<string>;
  /** Azure: the NSG on the host's NIC. */
  readonly nsg?: string;
  /** False for a receiver only (a load balancer, which forwards but does not originate). */
  readonly senderOnly?: boolean;
}

interface Rule {
  readonly direction: 'ingress' | 'egress';
  readonly boundary: string;
  readonly peers: readonly string[];
  readonly any: boolean;
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly priority: number;
  readonly allow: boolean;
}

export class TfReach {
  private readonly stacks = new Map<string, StackJson>();
  private readonly rules: Rule[] = [];
  readonly ports = new Set<string>();

  /** `outdir`: an app's output directory (stacks/<id>/cdk.tf.json). */
  constructor(outdir: string) {
    const dir = path.join(outdir, 'stacks');
    for (const id of fs.readdirSync(dir).sort()) this.stacks.set(id, JSON.parse(fs.readFileSync(path.join(dir, id, 'cdk.tf.json'), 'utf8')) as StackJson);
    for (const [id, json] of this.stacks) this.readRules(id, json);
  }

  stackJson(id: string): StackJson {
    return this.stacks.get(id)!;
  }

  /** A token or literal in stack `id`, as a global resource id (`stack/type.key`) when it references one. */
  resolve(id: string, value: unknown): string {
    const text = String(value);
    const local = /^\$\{([a-z0-9_]+)\.([^.}]+)\.(id|name|arn)\}$/.exec(text);
    if (local) return `${id}/${local[1]}.${local[2]}`;
    const remote = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([^.]+)\.outputs\.([^}]+)\}$/.exec(text);
    if (remote) {
      const from = this.stacks.get(remote[1]);
      const out = from?.output?.[remote[2]];
      if (!out) throw new Error(`${id}: ${text} names no output of a stack`);
      return this.resolve(remote[1], out.value);
    }
    return text;
  }

  /** The host of a role, from its boundary output (`<network>-<role>-boundary`) in stack `id`. */
  host(id: string, role: string, network = 'net'): Host {
    const out = this.stacks.get(id)?.output?.[`${network}-${role}-boundary`];
    if (!out) throw new Error(`no boundary output for ${role} in ${id}`);
    const v = out.value as { securityGroupId?: string; applicationSecurityGroupId?: string; networkSecurityGroupId?: string; alsoAttach?: string[] };
    const own = v.securityGroupId ?? v.applicationSecurityGroupId;
    const groups = new Set([own, ...(v.alsoAttach ?? [])].filter((x): x is string => x !== undefined).map((x) => this.resolve(id, x)));
    return { groups, nsg: v.networkSecurityGroupId ? this.resolve(id, v.networkSecurityGroupId) : undefined };
  }

  /** AWS: the network load balancer(s) of a role as a host (their security groups). */
  loadBalancer(id: string, role: string): Host {
    const lbs = Object.values(this.stacks.get(id)?.resource?.aws_lb ?? {}).filter((lb) => String(((lb['//'] as Json).metadata as Json).path).includes(`/${role}/nlb/`) || String(((lb['//'] as Json).metadata as Json).path).endsWith(`/${role}/nlb/load-balancer`));
    if (lbs.length === 0) throw new Error(`no load balancer of ${role} in ${id}`);
    return { groups: new Set(lbs.flatMap((lb) => (lb.security_groups as string[]).map((g) => this.resolve(id, g)))), senderOnly: false };
  }

  private readRules(id: string, json: StackJson): void {
    const res = json.resource ?? {};
    for (const [type, direction] of [['aws_vpc_security_group_ingress_rule', 'ingress'], ['aws_vpc_security_group_egress_rule', 'egress']] as const) {
      for (const r of Object.values(res[type] ?? {})) {
        const protocol = String(r.ip_protocol);
        const from = protocol === 'tcp' || protocol === 'udp' ? Number(r.from_port) : 0;
        const to = protocol === 'tcp' || protocol === 'udp' ? Number(r.to_port) : 65535;
        if (protocol === 'tcp' || protocol === 'udp') this.ports.add(`${protocol}/${from}`).add(`${protocol}/${to}`);
        const peer = r.referenced_security_group_id;
        this.rules.push({ direction, boundary: this.resolve(id, r.security_group_id), peers: peer ? [this.resolve(id, peer)] : [], any: false, protocol: protocol === '-1' ? '*' : protocol, from, to, priority: 0, allow: true });
      }
    }
    for (const r of Object.values(res.azurerm_network_security_rule ?? {})) {
      const direction = r.direction === 'Inbound' ? 'ingress' : 'egress';
      const nsg = this.resolve(id, r.network_security_group_name);
      const ranges = r.destination_port_range !== undefined ? [String(r.destination_port_range)] : (r.destination_port_ranges as string[]);
      const peerKey = direction === 'ingress' ? 'source' : 'destination';
      const ids = (r[`${peerKey}_application_security_group_ids`] as string[] | undefined) ?? [];
      const prefix = r[`${peerKey}_address_prefix`];
      const protocol = String(r.protocol).toLowerCase();
      for (const range of ranges) {
        const [a, b] = range === '*' ? [0, 65535] : range.split('-').map(Number).concat(range.includes('-') ? [] : [Number(range)]);
        if (protocol === 'tcp' || protocol === 'udp') this.ports.add(`${protocol}/${a}`).add(`${protocol}/${b}`);
        this.rules.push({ direction, boundary: nsg, peers: ids.map((x) => this.resolve(id, x)), any: prefix === '*', protocol, from: a, to: b, priority: Number(r.priority), allow: r.access === 'Allow' });
      }
    }
  }

  private matches(r: Rule, protocol: string, port: number, peer: Host): boolean {
    return (r.protocol === '*' || r.protocol === protocol) && port >= r.from && port <= r.to && (r.any || r.peers.some((p) => peer.groups.has(p)));
  }

  /** Whether `src` may send to `dst` on protocol/port once every stack is applied. */
  allows(src: Host, dst: Host, protocol: string, port: number): boolean {
    if (src.nsg !== undefined || dst.nsg !== undefined) {
      const decide = (nsg: string | undefined, direction: 'ingress' | 'egress', peer: Host) => {
        const first = this.rules.filter((r) => r.boundary === nsg && r.direction === direction && this.matches(r, protocol, port, peer)).sort((a, b) => a.priority - b.priority)[0];
        return first?.allow === true;
      };
      return decide(src.nsg, 'egress', dst) && decide(dst.nsg, 'ingress', src);
    }
    const out = this.rules.some((r) => r.direction === 'egress' && src.groups.has(r.boundary) && this.matches(r, protocol, port, dst));
    const inn = this.rules.some((r) => r.direction === 'ingress' && dst.groups.has(r.boundary) && this.matches(r, protocol, port, src));
    return out && inn;
  }

  /** Every allowed (sender, receiver, protocol/port) among named hosts, over the ports any rule names. */
  flows(hosts: ReadonlyMap<string, Host>, ports: ReadonlySet<string> = this.ports): Set<string> {
    const out = new Set<string>();
    const senders = [...hosts.keys()].filter((h) => hosts.get(h)!.senderOnly !== false);
    const probes = [...ports].sort().map((p) => p.split('/')).map(([t, n]) => [t, Number(n)] as const);
    for (const s of senders) {
      for (const [d, dst] of hosts) {
        if (s === d) continue;
        for (const [t, n] of probes) if (this.allows(hosts.get(s)!, dst, t, n)) out.add(`${s} > ${d} ${t}/${n}`);
      }
    }
    return out;
  }
}
