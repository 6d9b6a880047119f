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
import { bool, checkCidrSet, checkProps, cidrList, internal, outsideCidrsCheck, list, object, satisfies, type Check, type PropSchema } from '../core/props';
import { isConstructLike, peerCheck, ROLE_PROPS, SecurityRole, type OutsideRoleProps, type PeerInput, type RoleDeclaration, type SecurityRoleProps } from '../core/role';
import { declareFlows, declarePairs, type EntryOptions, type PeerSide } from '../model/declare';
import { MsPortsError } from '../model/errors';
import type { Peer } from '../model/intent';
import { normalize, subtract } from '../model/ports';
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
  /** NetBIOS (137-139) and WINS (42). Default false. */
  readonly legacyNetbios?: boolean;
  /** The domain has Windows Server 2008 / 2008 R2 DCs: DFSR on 5722. Default false. */
  readonly windowsServer2008Dfsr?: boolean;
  /** The DCs sit behind IPsec-filtering routers (ESP, ISAKMP 500, NAT-T 4500). Default false. */
  readonly ipsecTunnel?: boolean;
  /**
   * Domain controllers of trusted domains or forests (CIDRs, DomainController constructs, or
   * DomainController.fromAddresses for controllers outside the cloud): the trust ports of KB179442,
   * both ways (ingress from them and egress to them). Default: none.
   */
  readonly trusts?: readonly PeerInput[];
  /**
   * Another set of controllers of the same domain (e.g. another site): this set shares its
   * members and controllers groups, so every member reaches every controller and all of them
   * replicate, with no extra rules per set. Default: a new domain.
   */
  readonly sameDomainAs?: DomainController;
  /** Trust options (KB179442): time sync across the trust, SMB during trust creation, a PPTP trust tunnel. */
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
}

/** The domain controllers of one Active Directory domain, on Azure or AWS depending on `network`. */
export class DomainController extends SecurityRole {
  /**
   * Domain controllers outside the cloud (on-premises, another network), by their addresses. Cloud
   * roles that join the domain reach them on the KB832017 member ports, cloud controller sets of
   * the same domain (`sameDomainAs`) replicate with them both ways, and trusts render both ways.
   */
  static fromAddresses(scope: Construct, id: string, props: DomainControllerOutsideProps): DomainController {
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
  private readonly trustCidrs: Peer[] = [];
  private readonly domainSets: DomainController[];
  private trusted?: DomainMembers;

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
    this.domainSets = same ? same.domainSets : [];
    this.domainSets.push(this);
    if (this.isOutside) {
      this.members.addOutsideControllers(this);
      return;
    }
    // Controllers are members of their own domain: they reach each other through the members
    // group, and the controllers group carries only what replication needs beyond that.
    this.joinGroup(this.members);
    if (this.controllers) this.joinGroup(this.controllers);
    // CIDR strings form one address list; every other list or named group keeps its own name.
    const single = (props.trusts ?? []).filter((t): t is string => typeof t === 'string');
    if (single.length) this.trustCidrs.push(this.resolvePeer(single, 'trusted-dcs'));
    let n = 1;
    for (const t of props.trusts ?? []) {
      if (t instanceof DomainController) this.addTrust(t);
      else if (typeof t !== 'string') this.trustCidrs.push(this.resolvePeer(t, `trusted-dcs-${++n}`));
    }
  }

  plays(): readonly PeerClass[] {
    return ['domain-controllers', 'domain-members'];
  }

  /** What the controllers listen on (member, replication and management rows), for a set outside the cloud. */
  catalogEntries(): { readonly entries: readonly PortEntry[]; readonly options?: EntryOptions } {
    const p = this.props;
    const conditions = new Set<string>(p?.windowsServer2008Dfsr ? ['ws2008-dc'] : []);
    return { entries: [...pick(DC_MEMBER_ENTRIES), ...pick(DC_REPLICATION_ENTRIES)], options: { conditions, dynamicRpc: dynamicRpcRanges(p?.dynamicRpc, this.node.path) } };
  }

  /** Every controller set of this domain (this one included), in creation order. */
  get controllerSets(): readonly DomainController[] {
    return [...this.domainSets];
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
   * The controllers of a trusted domain or forest: the KB179442 trust ports, both ways. They join
   * this domain's "trusted controllers" group, and these controllers join theirs.
   */
  addTrust(other: DomainController): void {
    if (other === this) throw new MsPortsError(this.node.path, 'a domain cannot trust itself', 'name the controllers of another domain or forest');
    if (other.isOutside) {
      // Outside the cloud: named by its addresses; this set renders both directions of the trust ports.
      if (!this.trustCidrs.some((p) => p.kind === 'cidrs' && p.name === other.roleName)) this.trustCidrs.push(other.peer);
      return;
    }
    if (this.isOutside) {
      other.addTrust(this);
      return;
    }
    const group = this.trustedGroup();
    if (other.memberOf.includes(group.roleName)) return;
    other.joinGroup(group);
    other.addTrust(this);
  }

  private trustedGroup(): DomainMembers {
    this.trusted ??= new DomainMembers(this, 'trusted', { network: this.network, name: `${this.roleName}-trusts` }, 'controllers of trusted domains (KB179442)');
    return this.trusted;
  }

  protected declare(): RoleDeclaration {
    const p = this.props;
    const clients: Peer[] = p.clients ? [{ kind: 'cidrs', name: 'clients', cidrs: [...p.clients] }] : [];
    const membersPeer: Peer = { kind: 'role', role: this.members.roleName };
    const admins: Peer[] = p.admins ? [{ kind: 'cidrs', name: 'admins', cidrs: [...p.admins] }] : [];
    // Controllers reach each other as members of their domain; the controllers group, when there is
    // one, adds what replication needs beyond the member ports.
    const dcs: Peer[] = [this.controllers ? { kind: 'role', role: this.controllers.roleName } : membersPeer];
    const trustPeers: Peer[] = [...this.trustCidrs, ...(this.trusted ? [{ kind: 'role' as const, role: this.trusted.roleName }] : [])];
    // Controller sets of this domain outside the cloud: admitted by address, and reached on the ports
    // they listen on (both directions of replication and of the member flows).
    const outsideSets = [...new Set([...this.domainSets, ...this.partners])].filter((d) => d.isOutside);
    const outsidePeers = outsideSets.map((d) => d.peer);
    const peers: Partial<Record<PeerClass, Peer[]>> = {
      clients,
      'domain-members': [...clients, membersPeer, ...outsidePeers],
      'domain-controllers': [...dcs, ...outsidePeers],
      'pool-members': dcs,
      admins,
      'trusted-domain-controllers': trustPeers,
    };
    const conditions = new Set<string>();
    if (p.windowsServer2008Dfsr) conditions.add('ws2008-dc');
    if (p.ipsecTunnel) conditions.add('ad-ipsec-tunnel');
    if (p.trustOptions?.timeSync) conditions.add('trust-time-sync');
    if (p.trustOptions?.creation) conditions.add('trust-creation');
    if (p.trustOptions?.pptpTunnel) conditions.add('trust-pptp-tunnel');
    const enabled = new Set<string>(p.legacyNetbios ? DC_NETBIOS_ENTRIES : []);
    const dynamicRpc = dynamicRpcRanges(p.dynamicRpc, this.node.path);
    const base = { path: this.node.path, conditions, enabled, dynamicRpc };

    const entries = [
      ...pick(DC_MEMBER_ENTRIES),
      ...pick(DC_REPLICATION_ENTRIES),
      ...(p.legacyNetbios ? pick(DC_NETBIOS_ENTRIES) : []),
      ...(p.ipsecTunnel ? pick(DC_IPSEC_TUNNEL_ENTRIES) : []),
      ...pick(DC_ADMIN_ENTRIES),
    ];
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
    const trust = declareFlows([...AD_TRUST_PORTS, ...AD_TRUST_PPTP_PORTS], { ...base, peers: { 'trusted-domain-controllers': trustPeers } });
    // Trusted controllers given by address declare nothing: these controllers also reach them on
    // the trust ports they listen on (KB179442 is symmetric).
    const trustBack = declareFlows([...AD_TRUST_PORTS, ...AD_TRUST_PPTP_PORTS], { ...base, peers: { 'trusted-domain-controllers': this.trustCidrs }, asPeer: true });
    const outsideBack = outsideSets.flatMap((d) => {
      const e = d.catalogEntries();
      return declareFlows(e.entries, { ...e.options, path: this.node.path, peers: { 'domain-members': [d.peer], 'domain-controllers': [d.peer] }, asPeer: true }).flows;
    });
    own.flows.push(...trustBack.flows, ...outsideBack);
    const skipped = [...own.skipped, ...(trustPeers.length ? trust.skipped : [])];
    if (!p.legacyNetbios) for (const id of DC_NETBIOS_ENTRIES) skipped.push({ catalogId: id, reason: 'legacy NetBIOS/WINS; enable with legacyNetbios' });
    if (!p.ipsecTunnel) for (const id of DC_IPSEC_TUNNEL_ENTRIES) skipped.push({ catalogId: id, reason: 'only for DCs behind IPsec-filtering routers; enable with ipsecTunnel' });
    return { flows: [...own.flows, ...(trustPeers.length ? trust.flows : [])], skipped };
  }
}
