/**
 * Active Directory domain controllers (KB832017, seed 004; trusts: KB179442). One construct is the
 * set of domain controllers of one domain (they share one boundary and replicate with each other);
 * its `members` group is what every domain member joins, so the controllers admit members with one
 * set of rules whatever the number of member roles.
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import type { PeerClass, PortEntry } from '../catalog/types';
import { AD_TRUST_PORTS, AD_TRUST_PPTP_PORTS } from '../catalog/windows-trusts';
import { bool, checkCidrSet, checkOutsideProps, checkProps, cidrList, internal, outsideCidrsCheck, list, object, satisfies, type Check, type PropSchema } from '../core/props';
import { isConstructLike, peerCheck, ROLE_PROPS, SecurityRole, type OutsideRoleProps, type PeerInput, type RoleDeclaration, type SecurityRoleProps } from '../core/role';
import { declareFlows, declarePairs, type EntryOptions, type PeerSide } from '../model/declare';
import { MsPortsError } from '../model/errors';
import type { Flow, Peer, SkippedEntry } from '../model/intent';
import { normalize, subtract, type PortRange } from '../model/ports';
import { dynamicRpcRanges, type DynamicRpc } from '../model/rpc';

/**
 * What members and clients need from a domain controller, by catalog id (KB832017 per-service
 * tables). Decisions: Group Policy's DCOM rows (TCP and UDP on the dynamic range) serve remote
 * Group Policy management and RSoP, not policy processing, so they are left out; the AD table's
 * IPsec rows (ISAKMP 500, NAT-T 4500, ESP) belong to DCs behind IPsec-filtering routers and come
 * with `ipsecTunnel`; NetBIOS and WINS come only with `legacyNetbios`.
 */
export const DC_MEMBER_ENTRIES: readonly string[] = [
  'win.dns.dns.udp.53',
  'win.dns.dns.tcp.53',
  'win.kerberos.kerberos.tcp.88',
  'win.kerberos.kerberos.udp.88',
  'win.kerberos.kpasswd.tcp.464',
  'win.kerberos.kpasswd.udp.464',
  'win.active-directory.ldap.tcp.389',
  'win.active-directory.ldap.udp.389',
  'win.active-directory.ldap-ssl.tcp.636',
  'win.active-directory.global-catalog.tcp.3268',
  'win.active-directory.global-catalog.tcp.3269',
  'win.active-directory.smb.tcp.445',
  'win.active-directory.rpc.tcp.135',
  'win.active-directory.rpc-dynamic.tcp',
  'win.active-directory.adws.tcp.9389',
  'win.active-directory.icmp.icmp',
  'win.w32time.ntp.udp.123',
  'win.netlogon.smb.tcp.445',
  'win.netlogon.ldap.udp.389',
  'win.netlogon.rpc.tcp.135',
  'win.netlogon.rpc-dynamic.tcp',
  'win.group-policy.ldap.tcp.389',
  'win.group-policy.smb.tcp.445',
  'win.group-policy.rpc.tcp.135',
  'win.group-policy.rpc-dynamic.tcp',
];

/** DC-to-DC replication on top of the member flows: DFSR (SYSVOL); 5722 only for Windows Server 2008/2008 R2 DCs. */
export const DC_REPLICATION_ENTRIES: readonly string[] = [
  'win.dfsr.rpc.tcp.135',
  'win.dfsr.rpc.tcp.5722',
  'win.dfsr.rpc-dynamic.tcp',
  'win.dfsr.ldap.tcp.389',
  'win.dfsr.dc-locator.udp.389',
];

/** Legacy name resolution, off by default: NetBIOS (Net Logon, footnote 2 of KB832017: optional) and WINS. */
export const DC_NETBIOS_ENTRIES: readonly string[] = [
  'win.netlogon.netbios-dgm.udp.138',
  'win.netlogon.netbios-ns.udp.137',
  'win.netlogon.netbios-ssn.tcp.139',
  'win.wins.netbios-ns.udp.137',
  'win.wins.wins-replication.tcp.42',
  'win.wins.wins-replication.udp.42',
];

/** AD behind IPsec-filtering routers (KB832017, Active Directory section): ESP, ISAKMP, NAT-T. */
export const DC_IPSEC_TUNNEL_ENTRIES: readonly string[] = [
  'win.active-directory.ipsec-esp.esp',
  'win.active-directory.ipsec-isakmp.udp.500',
  'win.active-directory.nat-t.udp.4500',
];

/** Management: from the admin networks only, never from the internet. */
export const DC_ADMIN_ENTRIES: readonly string[] = ['win.rds.rds.tcp.3389', 'win.rds.rds.udp.3389', 'win.winrm.http.tcp.5985', 'win.winrm.https.tcp.5986'];

export interface DomainControllerProps extends SecurityRoleProps {
  /**
   * Member networks (workstations, servers) by CIDR. Renders the member ports (DNS, Kerberos, LDAP,
   * GC, SMB, RPC, W32Time, ADWS, ICMP) as ingress from these addresses; clients open every flow, so
   * no egress towards them. Member roles join with `allowMembers` instead. Default: none.
   */
  readonly clients?: readonly string[];
  /** Admin networks for RDP 3389 and WinRM 5985-5986 (ingress only). Default: none (no management ports open). */
  readonly admins?: readonly string[];
  /** The dynamic RPC setting (KB832017). Default `modern` (49152-65535). */
  readonly dynamicRpc?: DynamicRpc;
  /**
   * NetBIOS (137-139) and WINS (42). Default false. Members and clients reach these controllers on
   * them; between two controller sets of the domain (in the cloud or outside by addresses) every
   * NetBIOS/WINS row is rendered both ways when either set sets it.
   */
  readonly legacyNetbios?: boolean;
  /** The domain has Windows Server 2008 / 2008 R2 DCs: DFSR on 5722. Default false. */
  readonly windowsServer2008Dfsr?: boolean;
  /** The DCs sit behind IPsec-filtering routers (ESP, ISAKMP 500, NAT-T 4500). Default false. */
  readonly ipsecTunnel?: boolean;
  /**
   * Domain controllers of trusted domains or forests (CIDRs, DomainController constructs, or
   * DomainController.fromAddresses for controllers outside the cloud): the trust ports of KB179442,
   * both ways (ingress from them and egress to them). A trust is between domains: every controller
   * set of this domain (`sameDomainAs`) and every set of the trusted domain exchange the trust
   * ports, whichever set declared it. Default: none.
   */
  readonly trusts?: readonly PeerInput[];
  /**
   * Another set of controllers of the same domain (e.g. another site): this set shares its
   * members and controllers groups, so every member reaches every controller and all of them
   * replicate, with no extra rules per set. Default: a new domain.
   */
  readonly sameDomainAs?: DomainController;
  /**
   * Trust options (KB179442): time sync across the trust, SMB during trust creation, a PPTP trust
   * tunnel. They hold for every trust of this domain, between every controller set of it and every
   * set of the other domain, both ways (and for the other domain's trusts with this one). Default: none.
   */
  readonly trustOptions?: { readonly timeSync?: boolean; readonly creation?: boolean; readonly pptpTunnel?: boolean };
}

/**
 * A group boundary of a domain: its members, its controllers, or the controllers of trusted
 * domains. Created by DomainController; not constructed directly. The controllers declare ingress
 * from the group and the planner mirrors it as the group's egress, so hosts that join the group
 * get both, and the controllers need one set of rules per group, not per member role.
 */
export class DomainMembers extends SecurityRole {
  /** Controller sets outside the cloud that this group's members reach (set by DomainController). */
  private readonly outsideControllers: DomainController[] = [];

  constructor(scope: Construct, id: string, props: SecurityRoleProps, kind = 'Active Directory domain members') {
    super(scope, id, props, kind, { group: true });
  }

  /** @internal Members reach these controllers outside the cloud by their addresses. */
  addOutsideControllers(dc: DomainController): void {
    if (!this.outsideControllers.includes(dc)) this.outsideControllers.push(dc);
  }

  plays(): readonly PeerClass[] {
    return ['domain-members'];
  }

  protected declare(): RoleDeclaration {
    // Controllers in the cloud declare ingress from this group (mirrored as its egress); controllers
    // outside the cloud declare nothing, so the group reaches them on their documented member ports.
    const sides: PeerSide[] = this.outsideControllers.map((dc) => ({ peer: dc.peer, plays: dc.plays(), ...dc.catalogEntries() }));
    return declarePairs({ entries: [] }, { path: this.node.path, plays: this.plays() }, sides);
  }
}

/** `dynamicRpc`, checked at construction with the same parser the plan uses. */
export const DYNAMIC_RPC_CHECK: Check = (v, _at, ctx) => {
  dynamicRpcRanges(v as DynamicRpc, ctx.path);
};

/** Run-time checks of DomainControllerProps (one per prop; keep in step with the interface). */
const DOMAIN_CONTROLLER_PROPS: PropSchema = {
  ...ROLE_PROPS,
  clients: cidrList(),
  admins: cidrList(),
  dynamicRpc: DYNAMIC_RPC_CHECK,
  legacyNetbios: bool(),
  windowsServer2008Dfsr: bool(),
  ipsecTunnel: bool(),
  trusts: (v, at, ctx) => {
    list(peerCheck())(v, at, ctx);
    checkCidrSet(ctx, at, (v as unknown[]).map((x, i) => ({ at: `${at}[${i}]`, value: x })).filter((x) => typeof x.value === 'string'));
  },
  sameDomainAs: satisfies((v) => v instanceof DomainController || (isConstructLike(v) && !(v instanceof SecurityRole)), 'a DomainController', 'pass another DomainController construct of the same domain, e.g. sameDomainAs: dc'),
  trustOptions: object({ timeSync: bool(), creation: bool(), pptpTunnel: bool() }, 'trustOptions'),
  // DomainController.fromAddresses: the controllers' addresses (`cidrs`, passed on as `outsideCidrs`)
  cidrs: outsideCidrsCheck('DomainController'),
  outsideCidrs: internal(cidrList()),
};

/** The catalog entries of a list of ids (the module's constant lists: each looked up once). */
function pick(ids: readonly string[]): readonly PortEntry[] {
  let entries = picked.get(ids);
  if (!entries) {
    entries = Object.freeze(ids.map((id) => catalog.port(id)));
    picked.set(ids, entries);
  }
  return entries;
}
const picked = new WeakMap<readonly string[], readonly PortEntry[]>();

/** Props of domain controllers outside the cloud (on-premises, another network), by address. */
export interface DomainControllerOutsideProps extends OutsideRoleProps {
  /** The dynamic RPC setting of those controllers. Default `modern` (49152-65535). */
  readonly dynamicRpc?: DynamicRpc;
  /** The domain has Windows Server 2008 / 2008 R2 DCs: DFSR on 5722. Default false. */
  readonly windowsServer2008Dfsr?: boolean;
  /** Another controller set of the same domain (cloud or outside): they replicate and share its members. */
  readonly sameDomainAs?: DomainController;
  /**
   * Those controllers use NetBIOS (137-139) and WINS (42). Default false. Cloud controller sets of
   * the domain then exchange every NetBIOS/WINS row with them both ways (as they do when the cloud
   * set sets legacyNetbios), and domain members reach them on the member rows (137-139).
   */
  readonly legacyNetbios?: boolean;
}

/** The trust ports of KB179442: the table's rows and the prose's (ICMP, PPTP). */
const TRUST_ENTRIES: readonly PortEntry[] = [...AD_TRUST_PORTS, ...AD_TRUST_PPTP_PORTS];

/** The NetBIOS/WINS entry ids, for `enabled` (the Net Logon NetBIOS rows are optional). */
const NETBIOS_ENABLED: ReadonlySet<string> = new Set(DC_NETBIOS_ENTRIES);

/**
 * What the controller sets of one domain share: the sets themselves (`sameDomainAs`), the domains
 * it has a trust with (a trust is rendered between every set of both, both ways), and the group the
 * cloud controllers of those domains join. Not exported: reached through DomainController.
 */
class Domain {
  /** The controller sets, in creation order. */
  readonly sets: DomainController[] = [];
  /** Domains this one trusts or is trusted by, in the order the trusts were declared. */
  readonly trusts = new Set<Domain>();
  /** The group the cloud controllers of trusted domains join; the first cloud set owns it. */
  trusted?: DomainMembers;

  cloudSets(): DomainController[] {
    return this.sets.filter((d) => !d.isOutside);
  }

  outsideSets(): DomainController[] {
    return this.sets.filter((d) => d.isOutside);
  }

  /** The trust conditions (`trustOptions`) any set of the domain sets. */
  options(): Set<string> {
    const out = new Set<string>();
    for (const d of this.sets) for (const c of d.trustConditions()) out.add(c);
    return out;
  }

  /**
   * Makes the cloud controllers of `other` members of this domain's trusted group (created on
   * first need, under this domain's first cloud set), and the other way round. Idempotent; called
   * whenever a trust is declared or a set joins a domain that has trusts.
   */
  link(other: Domain): void {
    for (const [a, b] of [[this, other], [other, this]] as const) {
      const owner = a.cloudSets()[0];
      const joiners = b.cloudSets();
      if (!owner || joiners.length === 0) continue;
      a.trusted ??= new DomainMembers(owner, 'trusted', { network: owner.network, name: `${owner.roleName}-trusts` }, 'controllers of trusted domains (KB179442)');
      for (const j of joiners) if (!j.memberOf.includes(a.trusted.roleName)) j.joinGroup(a.trusted);
    }
  }
}

/** Conditions as a stable key. */
const conditionKey = (c: ReadonlySet<string>) => [...c].sort().join(',');

/** The domain controllers of one Active Directory domain, on Azure or AWS depending on `network`. */
export class DomainController extends SecurityRole {
  /**
   * Domain controllers outside the cloud (on-premises, another network), by their addresses. Cloud
   * roles that join the domain reach them on the KB832017 member ports, cloud controller sets of
   * the same domain (`sameDomainAs`) replicate with them both ways, and trusts render both ways.
   */
  static fromAddresses(scope: Construct, id: string, props: DomainControllerOutsideProps): DomainController {
    // What an outside set uses: its domain's options and trusts (rendered by the domain's cloud sets); never a boundary's own props.
    checkOutsideProps(scope, id, 'DomainController', props, DOMAIN_CONTROLLER_PROPS, ['network', 'name', 'dynamicRpc', 'windowsServer2008Dfsr', 'sameDomainAs', 'legacyNetbios', 'trusts', 'trustOptions']);
    return new DomainController(scope, id, { ...props, outsideCidrs: props?.cidrs } as DomainControllerProps & { outsideCidrs?: readonly string[] });
  }

  /** The group every domain member joins (`allowMembers`, or `joinDomain` on a role). */
  readonly members: DomainMembers;
  /**
   * The group of this domain's controllers, for what replication needs beyond the member ports
   * (DFSR 5722 on Windows Server 2008/2008 R2 DCs). Only created when that is the case, so that
   * controller hosts attach one group fewer otherwise.
   */
  readonly controllers?: DomainMembers;
  private readonly props: DomainControllerProps;
  private readonly partners = new Set<DomainController>();
  /**
   * Trusted controllers this set was given by address (CIDRs, lists, outside DomainControllers),
   * in the order given; `dc` is set for an outside DomainController (its domain's options apply).
   */
  private readonly trustCidrs: { readonly peer: Peer; readonly dc?: DomainController }[] = [];
  private readonly domain: Domain;

  constructor(scope: Construct, id: string, props: DomainControllerProps) {
    super(scope, id, checkProps(scope, id, 'DomainController', props, DOMAIN_CONTROLLER_PROPS), 'Active Directory domain controllers', {
      outside: (props as { outsideCidrs?: readonly string[] })?.outsideCidrs,
    });
    this.props = props;
    if (props.clients !== undefined && props.clients.length === 0) {
      throw new MsPortsError(this.node.path, 'clients is an empty list', 'list the member networks, or leave clients out and use allowMembers');
    }
    if (props.admins !== undefined && props.admins.length === 0) {
      throw new MsPortsError(this.node.path, 'admins is an empty list', 'list the admin networks, or leave admins out');
    }
    const same = props.sameDomainAs;
    if (same && same.network !== props.network) {
      throw new MsPortsError(this.node.path, `sameDomainAs ${same.node.path} is on another network binding`, 'put all controllers of a domain on one network binding');
    }
    this.members = same ? same.members : new DomainMembers(this, 'members', { network: props.network, name: `${this.roleName}-members` });
    if (same && props.windowsServer2008Dfsr && !same.controllers) {
      throw new MsPortsError(this.node.path, `windowsServer2008Dfsr is set, but not on ${same.node.path}, whose domain groups this set shares`, 'set windowsServer2008Dfsr on the first controller set of the domain');
    }
    this.controllers = same
      ? same.controllers
      : props.windowsServer2008Dfsr
        ? new DomainMembers(this, 'controllers', { network: props.network, name: `${this.roleName}-dcs` }, 'Active Directory domain controllers (replication group)')
        : undefined;
    this.domain = same ? same.domain : new Domain();
    this.domain.sets.push(this);
    if (this.isOutside) {
      this.members.addOutsideControllers(this);
    } else {
      // Controllers are members of their own domain: they reach each other through the members
      // group, and the controllers group carries only what replication needs beyond that.
      this.joinGroup(this.members);
      if (this.controllers) this.joinGroup(this.controllers);
    }
    // A set that joins a domain with trusts takes part in them (cloud sets join the trusted groups).
    for (const other of this.domain.trusts) this.domain.link(other);
    // CIDR strings form one address list; every other list or named group keeps its own name.
    const single = (props.trusts ?? []).filter((t): t is string => typeof t === 'string');
    if (single.length) this.trustCidrs.push({ peer: this.resolvePeer(single, 'trusted-dcs') });
    let n = 1;
    for (const t of props.trusts ?? []) {
      if (t instanceof DomainController) this.addTrust(t);
      else if (typeof t !== 'string') this.trustCidrs.push({ peer: this.resolvePeer(t, `trusted-dcs-${++n}`) });
    }
  }

  plays(): readonly PeerClass[] {
    return ['domain-controllers', 'domain-members'];
  }

  /**
   * What the controllers listen on (member, replication and management rows), for a set outside
   * the cloud; with `legacyNetbios`, the NetBIOS/WINS rows too.
   */
  catalogEntries(): { readonly entries: readonly PortEntry[]; readonly options?: EntryOptions } {
    const base = this.listening();
    if (!this.props?.legacyNetbios) return base;
    return { entries: [...base.entries, ...pick(DC_NETBIOS_ENTRIES)], options: { ...base.options, enabled: NETBIOS_ENABLED } };
  }

  /** Member and replication rows, NetBIOS aside (rendered with controller sets by the pair rule). */
  private listening(): { readonly entries: readonly PortEntry[]; readonly options: EntryOptions } {
    const p = this.props;
    const conditions = new Set<string>(p?.windowsServer2008Dfsr ? ['ws2008-dc'] : []);
    return { entries: [...pick(DC_MEMBER_ENTRIES), ...pick(DC_REPLICATION_ENTRIES)], options: { conditions, dynamicRpc: dynamicRpcRanges(p?.dynamicRpc, this.node.path) } };
  }

  /** Every controller set of this domain (this one included), in creation order. */
  get controllerSets(): readonly DomainController[] {
    return [...this.domain.sets];
  }

  /** @internal The trust conditions this set's `trustOptions` turn on. */
  trustConditions(): string[] {
    const o = this.props?.trustOptions;
    return [...(o?.timeSync ? ['trust-time-sync'] : []), ...(o?.creation ? ['trust-creation'] : []), ...(o?.pptpTunnel ? ['trust-pptp-tunnel'] : [])];
  }

  /** Let these roles join the domain: they reach the controllers (and whatever admits domain members). */
  allowMembers(...roles: SecurityRole[]): void {
    for (const r of roles) r.joinGroup(this.members);
  }

  /**
   * Another DomainController of the same domain (a separate boundary, e.g. another site):
   * replication both ways. Each joins the other's members (and controllers) group.
   */
  addReplicationPartner(other: DomainController): void {
    if (other === this) throw new MsPortsError(this.node.path, 'a domain controller set cannot be its own replication partner', 'its own hosts already replicate through its boundary');
    if (this.partners.has(other)) return;
    if (other.isOutside || this.isOutside) {
      const [cloud, outside] = other.isOutside ? [this, other] : [other, this];
      cloud.partners.add(outside);
      outside.partners.add(cloud);
      cloud.members.addOutsideControllers(outside);
      return;
    }
    this.partners.add(other);
    other.joinGroup(this.members);
    if (this.controllers) other.joinGroup(this.controllers);
    other.addReplicationPartner(this);
  }

  /**
   * The controllers of a trusted domain or forest: the KB179442 trust ports, both ways, between
   * every controller set of this domain and every set of theirs (in the cloud: through each
   * domain's "trusted controllers" group, which the other domain's cloud controllers join; outside
   * the cloud: by address, both directions rendered on the cloud side).
   */
  addTrust(other: DomainController): void {
    if (other === this) throw new MsPortsError(this.node.path, 'a domain cannot trust itself', 'name the controllers of another domain or forest');
    if (other.domain === this.domain) {
      throw new MsPortsError(this.node.path, `${other.node.path} is a controller set of its own domain (sameDomainAs): a domain cannot trust itself`, 'name the controllers of another domain or forest');
    }
    if (other.isOutside && !this.trustCidrs.some((t) => t.peer.kind === 'cidrs' && t.peer.name === other.roleName)) this.trustCidrs.push({ peer: other.peer, dc: other });
    this.domain.trusts.add(other.domain);
    other.domain.trusts.add(this.domain);
    this.domain.link(other.domain);
  }

  /**
   * The trusted controllers this set renders by address, with the conditions of each trust: this
   * set's own address trusts first (as given), then those of the domain's other sets, then the
   * outside sets of every trusted domain. A list already present (same addresses) is not repeated;
   * a name already used for other addresses is prefixed with the declaring set's name.
   */
  private trustAddressPeers(): { readonly peer: Peer; readonly conditions: ReadonlySet<string>; readonly dynamicRpc?: readonly PortRange[] }[] {
    const own = this.domain.options();
    const out: { peer: Peer; conditions: ReadonlySet<string>; dynamicRpc?: readonly PortRange[] }[] = [];
    const add = (peer: Peer, dc: DomainController | undefined, from: DomainController) => {
      if (peer.kind !== 'cidrs') return;
      const cidrs = [...peer.cidrs].sort().join();
      if (out.some((o) => o.peer.kind === 'cidrs' && [...o.peer.cidrs].sort().join() === cidrs)) return;
      const named = out.some((o) => o.peer.kind === 'cidrs' && o.peer.name === peer.name) ? { ...peer, name: `${from.roleName}-${peer.name}` } : peer;
      const conditions = dc ? new Set([...own, ...dc.domain.options()]) : own;
      out.push({ peer: named, conditions, dynamicRpc: dc ? dynamicRpcRanges(dc.props.dynamicRpc, dc.node.path) : undefined });
    };
    for (const t of this.trustCidrs) add(t.peer, t.dc, this);
    for (const set of this.domain.sets) if (set !== this) for (const t of set.trustCidrs) add(t.peer, t.dc, set);
    for (const other of this.domain.trusts) for (const dc of other.outsideSets()) add(dc.peer, dc, this);
    return out;
  }

  /**
   * The trust flows of this (cloud) set: ingress from the domain's trusted group (the other
   * domains' cloud controllers; mirrored as their egress), and both directions with trusted
   * controllers by address. Conditional rows (`trustOptions`) hold per pair of domains: on the
   * group when they hold for every domain in it, else from each of the other domain's cloud sets.
   */
  private declareTrusts(base: { path: string; dynamicRpc: readonly PortRange[] }): { flows: Flow[]; back: Flow[]; skipped: SkippedEntry[] } {
    const own = this.domain.options();
    const withCloud = [...this.domain.trusts].filter((d) => d.cloudSets().length > 0);
    const pairConditions = (d: Domain) => new Set([...own, ...d.options()]);
    const group = this.domain.trusted && withCloud.length ? this.domain.trusted : undefined;
    // Conditions that hold for every domain whose controllers are in the group.
    const common = new Set([...(withCloud.length ? pairConditions(withCloud[0]) : [])].filter((c) => withCloud.every((d) => pairConditions(d).has(c))));
    const address = this.trustAddressPeers();
    // Peers by conditions, in first-seen order (one batch when every trust has the same options).
    const batches = new Map<string, { conditions: ReadonlySet<string>; peers: Peer[] }>();
    const batch = (conditions: ReadonlySet<string>, peer: Peer) => {
      const k = conditionKey(conditions);
      const b = batches.get(k) ?? { conditions, peers: [] };
      b.peers.push(peer);
      batches.set(k, b);
    };
    for (const a of address) batch(a.conditions, a.peer);
    if (group) batch(common, { kind: 'role', role: group.roleName });
    const flows: Flow[] = [];
    for (const b of batches.values()) flows.push(...declareFlows(TRUST_ENTRIES, { ...base, conditions: b.conditions, peers: { 'trusted-domain-controllers': b.peers } }).flows);
    // Rows whose condition holds for some of the group's domains only: from those domains' cloud sets.
    for (const d of withCloud) {
      const extra = new Set([...pairConditions(d)].filter((c) => !common.has(c)));
      if (extra.size === 0) continue;
      const rows = TRUST_ENTRIES.filter((e) => e.condition !== undefined && extra.has(e.condition));
      flows.push(...declareFlows(rows, { ...base, conditions: extra, peers: { 'trusted-domain-controllers': d.cloudSets().map((x) => x.peer) } }).flows);
    }
    // Trusted controllers by address declare nothing: these controllers also reach them on the
    // trust ports they listen on (KB179442 is symmetric), in their dynamic RPC range when known.
    const back: Flow[] = [];
    for (const a of address) {
      back.push(...declareFlows(TRUST_ENTRIES, { ...base, dynamicRpc: a.dynamicRpc ?? base.dynamicRpc, conditions: a.conditions, peers: { 'trusted-domain-controllers': [a.peer] }, asPeer: true }).flows);
    }
    // What no pair renders, for the report.
    const all = new Set([...own, ...withCloud.flatMap((d) => [...d.options()]), ...address.flatMap((a) => [...a.conditions])]);
    const any = address.length > 0 || group !== undefined;
    const skipped = any ? declareFlows(TRUST_ENTRIES, { ...base, conditions: all, peers: { 'trusted-domain-controllers': [{ kind: 'role', role: this.roleName }] } }).skipped : [];
    return { flows, back, skipped };
  }

  /**
   * NetBIOS/WINS (KB832017: Net Logon 137-139, WINS 137 and replication 42). Members and clients
   * reach this set on them when it sets legacyNetbios. Decision: between two controller sets of the
   * domain (another cloud set, a replication partner, a set outside the cloud), every row is
   * rendered both ways when either set sets legacyNetbios, since the flag of a set outside the cloud
   * could not be expressed before and one side's flag stands for the pair; WINS replication (42)
   * is between controller sets only, never from members.
   */
  private declareNetbios(base: { path: string; dynamicRpc: readonly PortRange[] }, clients: Peer[], membersPeer: Peer): { flows: Flow[]; back: Flow[]; rendered: boolean } {
    const on = !!this.props.legacyNetbios;
    const rows = pick(DC_NETBIOS_ENTRIES);
    const o = { ...base, enabled: NETBIOS_ENABLED };
    const others = [...new Set([...this.domain.sets, ...this.partners])].filter((d) => d !== this);
    const paired = others.filter((d) => on || !!d.props.legacyNetbios);
    const flows: Flow[] = [];
    if (on) {
      // Controllers of the domain replicate WINS through the controllers group when there is one
      // (every cloud set joins it), else each cloud set (this one included) by its boundary.
      // Net Logon's rows reach the controllers through the members group, which they all join.
      const wins: Peer[] = this.controllers ? [{ kind: 'role', role: this.controllers.roleName }] : [this.peer, ...paired.filter((d) => !d.isOutside).map((d) => d.peer)];
      flows.push(...declareFlows(rows, { ...o, peers: { clients, 'domain-members': [...clients, membersPeer], 'domain-controllers': [membersPeer], 'pool-members': wins } }).flows);
    } else {
      // Cloud sets that set it: this set admits them on every row (they declare theirs from us).
      const cloud = paired.filter((d) => !d.isOutside).map((d) => d.peer);
      if (cloud.length) flows.push(...declareFlows(rows, { ...o, peers: { 'domain-members': cloud, 'domain-controllers': cloud, 'pool-members': cloud } }).flows);
    }
    // Sets outside the cloud: both directions here.
    const outside = paired.filter((d) => d.isOutside);
    const back: Flow[] = [];
    for (const d of outside) {
      const peers = { 'domain-members': [d.peer], 'domain-controllers': [d.peer], 'pool-members': [d.peer] };
      flows.push(...declareFlows(rows, { ...o, peers }).flows);
      back.push(...declareFlows(rows, { ...o, dynamicRpc: dynamicRpcRanges(d.props.dynamicRpc, d.node.path), peers, asPeer: true }).flows);
    }
    return { flows, back, rendered: on || paired.length > 0 };
  }

  protected declare(): RoleDeclaration {
    const p = this.props;
    const clients: Peer[] = p.clients ? [{ kind: 'cidrs', name: 'clients', cidrs: [...p.clients] }] : [];
    const membersPeer: Peer = { kind: 'role', role: this.members.roleName };
    const admins: Peer[] = p.admins ? [{ kind: 'cidrs', name: 'admins', cidrs: [...p.admins] }] : [];
    // Controllers reach each other as members of their domain; the controllers group, when there is
    // one, adds what replication needs beyond the member ports.
    const dcs: Peer[] = [this.controllers ? { kind: 'role', role: this.controllers.roleName } : membersPeer];
    // Controller sets of this domain outside the cloud: admitted by address, and reached on the ports
    // they listen on (both directions of replication and of the member flows).
    const outsideSets = [...new Set([...this.domain.sets, ...this.partners])].filter((d) => d.isOutside);
    const outsidePeers = outsideSets.map((d) => d.peer);
    const peers: Partial<Record<PeerClass, Peer[]>> = {
      clients,
      'domain-members': [...clients, membersPeer, ...outsidePeers],
      'domain-controllers': [...dcs, ...outsidePeers],
      'pool-members': dcs,
      admins,
    };
    const conditions = new Set<string>();
    if (p.windowsServer2008Dfsr) conditions.add('ws2008-dc');
    if (p.ipsecTunnel) conditions.add('ad-ipsec-tunnel');
    const dynamicRpc = dynamicRpcRanges(p.dynamicRpc, this.node.path);
    const base = { path: this.node.path, conditions, dynamicRpc };

    const entries = [...pick(DC_MEMBER_ENTRIES), ...pick(DC_REPLICATION_ENTRIES), ...(p.ipsecTunnel ? pick(DC_IPSEC_TUNNEL_ENTRIES) : []), ...pick(DC_ADMIN_ENTRIES)];
    const declared = declareFlows(entries, { ...base, peers });
    // Replication flows from the controllers group: only the ports the members group (which every
    // controller joins) does not already admit, per transport. Never widened: a subtraction.
    const fromMembers = (t: string) =>
      normalize(declared.flows.filter((f) => f.transport === t && f.peer.kind === 'role' && f.peer.role === membersPeer.role && f.direction === 'ingress').flatMap((f) => f.ports));
    const own = {
      skipped: declared.skipped,
      flows: declared.flows.flatMap((f) => {
        if (!(this.controllers && f.peer.kind === 'role' && f.peer.role === this.controllers.roleName)) return [f];
        const covered = declared.flows.some((m) => m.transport === f.transport && m.peer.kind === 'role' && m.peer.role === membersPeer.role);
        if (f.transport !== 'tcp' && f.transport !== 'udp') return covered ? [] : [f];
        const rest = subtract(f.ports, fromMembers(f.transport));
        return rest.length ? [{ ...f, ports: rest }] : [];
      }),
    };
    const netbios = this.declareNetbios({ path: this.node.path, dynamicRpc }, clients, membersPeer);
    const trust = this.declareTrusts({ path: this.node.path, dynamicRpc });
    const outsideBack = outsideSets.flatMap((d) => {
      const e = d.listening();
      return declareFlows(e.entries, { ...e.options, path: this.node.path, peers: { 'domain-members': [d.peer], 'domain-controllers': [d.peer] }, asPeer: true }).flows;
    });
    const skipped = [...own.skipped, ...trust.skipped];
    if (!p.legacyNetbios) {
      const reason = netbios.rendered ? 'legacy NetBIOS/WINS: rendered only with controller sets of the domain that set legacyNetbios; enable with legacyNetbios' : 'legacy NetBIOS/WINS; enable with legacyNetbios';
      for (const id of DC_NETBIOS_ENTRIES) skipped.push({ catalogId: id, reason });
    }
    if (!p.ipsecTunnel) for (const id of DC_IPSEC_TUNNEL_ENTRIES) skipped.push({ catalogId: id, reason: 'only for DCs behind IPsec-filtering routers; enable with ipsecTunnel' });
    return { flows: [...own.flows, ...netbios.flows, ...trust.back, ...outsideBack, ...netbios.back, ...trust.flows], skipped };
  }
}
