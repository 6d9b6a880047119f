/**
 * Any Windows Server role composed from KB832017 services by name: a DNS server, DHCP, an RDS host,
 * WinRM, IIS, a file server, a print server, a certificate authority, ... Each service's documented
 * ports come from the catalog; peers come from the props.
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import type { PeerClass, PortEntry } from '../catalog/types';
import { checkProps, cidrList, list, nearest, str, type PropSchema } from '../core/props';
import { checkJustification, isConstructLike, peerCheck, ROLE_PROPS, SecurityRole, type PeerInput, type RoleDeclaration, type SecurityRoleProps } from '../core/role';
import { declareFlows } from '../model/declare';
import { MsPortsError } from '../model/errors';
import type { Peer } from '../model/intent';
import { dynamicRpcRanges, type DynamicRpc } from '../model/rpc';
import { DomainController, DYNAMIC_RPC_CHECK } from './domain-controller';

export interface WindowsServerProps extends SecurityRoleProps {
  /** KB832017 service keys, e.g. ['smb'], ['rds'], ['dns', 'dhcp'], ['w3svc'], ['print-spooler'], ['certificate-services']. */
  readonly services: readonly string[];
  /** Client networks for client-facing services (SMB shares, IIS, DHCP, printing). Default: none. */
  readonly clients?: readonly string[];
  /** Admin networks for management services (RDP, WinRM). Default: none. Never the internet without a justification. */
  readonly admins?: readonly string[];
  /** Users of an RDS session host (RDP 3389), besides the admins. Default: none. */
  readonly remoteDesktopUsers?: readonly string[];
  /** Other servers that use server-to-server services (RDS licensing, connection broker). Default: none. */
  readonly servers?: readonly PeerInput[];
  /** The domain this server joins: it reaches the controllers, and domain members reach it. */
  readonly domain?: DomainController;
  /** The dynamic RPC setting. Default `modern` (49152-65535). */
  readonly dynamicRpc?: DynamicRpc;
  /** Optional or legacy catalog entries to enable, by id (e.g. NetBIOS 'win.smb.netbios-ssn.tcp.139'). */
  readonly enable?: readonly string[];
  /** Conditions that hold for conditional entries (e.g. 'iis-admin-site'). */
  readonly conditions?: readonly string[];
  /**
   * Written reason to render services an NSG cannot express (GRE for PPTP on Azure) as all
   * protocols. Without it, such a service is an error on Azure.
   */
  readonly allProtocolsJustification?: string;
}

/** The conditions the entries of these services know (a condition no entry uses would do nothing). */
function knownConditions(services: readonly string[]): string[] {
  const keys = services.filter((k) => catalog.serviceKeys().includes(k));
  return [...new Set(keys.flatMap((k) => catalog.service(k).entries.map((id) => catalog.port(id).condition).filter((c): c is string => c !== undefined)))].sort();
}

/** Run-time checks of WindowsServerProps (one per prop; keep in step with the interface). */
const WINDOWS_SERVER_PROPS: PropSchema = {
  ...ROLE_PROPS,
  services: list(str()),
  clients: cidrList(),
  admins: cidrList(),
  remoteDesktopUsers: cidrList(),
  servers: list(peerCheck()),
  domain: (v, at, ctx) => {
    if (!(v instanceof DomainController) && !(isConstructLike(v) && !(v instanceof SecurityRole))) {
      throw new MsPortsError(ctx.path, `${at} is not a DomainController (got ${v instanceof SecurityRole ? `role ${v.node.path}` : typeof v})`, 'pass the DomainController construct of the domain, e.g. domain: dc');
    }
  },
  dynamicRpc: DYNAMIC_RPC_CHECK,
  enable: list(str()),
  conditions: (v, at, ctx) => {
    list(str())(v, at, ctx);
    const services = Array.isArray(ctx.props.services) ? (ctx.props.services as string[]) : [];
    const known = knownConditions(services);
    for (const c of v as string[]) {
      if (!known.includes(c)) {
        const near = nearest(c, known);
        throw new MsPortsError(
          ctx.path,
          `${at} lists "${c}", which no entry of services ${services.join(', ')} depends on, so it would do nothing`,
          known.length ? `${near ? `did you mean "${near}"? ` : ''}conditions of these services: ${known.join(', ')}` : 'these services have no conditional entries: remove conditions',
        );
      }
    }
  },
  allProtocolsJustification: str(),
};

/** A Windows server composed from catalog services, on Azure or AWS depending on `network`. */
export class WindowsServer extends SecurityRole {
  private readonly props: WindowsServerProps;
  private domain?: DomainController;

  constructor(scope: Construct, id: string, props: WindowsServerProps) {
    super(scope, id, checkProps(scope, id, 'WindowsServer', props, WINDOWS_SERVER_PROPS), `Windows Server (${(props.services ?? []).join(', ')})`);
    this.props = props;
    if (!Array.isArray(props.services) || props.services.length === 0) {
      throw new MsPortsError(this.node.path, 'services is empty', `name at least one KB832017 service, e.g. services: ['smb']; known: ${catalog.serviceKeys().join(', ')}`);
    }
    for (const key of props.services) {
      if (!catalog.serviceKeys().includes(key)) {
        throw new MsPortsError(this.node.path, `unknown service "${key}"`, `use one of: ${catalog.serviceKeys().join(', ')}`);
      }
    }
    for (const id of props.enable ?? []) {
      if (!catalog.has(id)) throw new MsPortsError(this.node.path, `enable lists an unknown catalog id "${id}"`, 'use ids from the catalog (see the report)');
    }
    for (const [name, list] of [['clients', props.clients], ['admins', props.admins], ['remoteDesktopUsers', props.remoteDesktopUsers]] as const) {
      if (list !== undefined && list.length === 0) {
        throw new MsPortsError(this.node.path, `${name} is an empty list`, `list at least one CIDR, or leave ${name} out`);
      }
    }
    if (props.allProtocolsJustification !== undefined) checkJustification(this.node.path, props.allProtocolsJustification, 'allProtocolsJustification');
    if (props.domain) {
      this.domain = props.domain;
      props.domain.allowMembers(this);
    }
  }

  /** Join a domain: reach its controllers, and let its members reach this server's member-facing services. */
  joinDomain(dc: DomainController): void {
    if (this.domain && this.domain !== dc) {
      throw new MsPortsError(this.node.path, `the server already joined ${this.domain.node.path}`, 'a server joins one domain');
    }
    this.domain = dc;
    dc.allowMembers(this);
  }

  protected declare(): RoleDeclaration {
    const p = this.props;
    const self: Peer = { kind: 'role', role: this.roleName };
    const cidrs = (name: string, list?: readonly string[]): Peer[] => (list ? [{ kind: 'cidrs', name, cidrs: [...list] }] : []);
    const clients = cidrs('clients', p.clients);
    // A domain of a shared network (another stack) is named by its alias here: this server admits its
    // members group; what the members reach in turn is rendered by their own boundaries.
    const members: Peer[] = this.domain
      ? [{ kind: 'role', role: this.domain.network === this.network ? this.domain.members.roleName : this.network.foreignAlias(this.domain.network, this.domain.members.roleName) }]
      : [];
    // Controllers are members of their own domain (they join its members group), so the members
    // group stands for every controller set of the domain, including those added with sameDomainAs.
    const dcs: Peer[] = members;
    const servers = (p.servers ?? []).map((s, i) => this.resolvePeer(s, `servers${i === 0 ? '' : i + 1}`));
    const admins = cidrs('admins', p.admins);
    const peers: Partial<Record<PeerClass, Peer[]>> = {
      clients,
      'domain-members': [...clients, ...members],
      'domain-controllers': dcs,
      servers,
      admins,
      'pool-members': [self],
    };
    const dynamicRpc = dynamicRpcRanges(p.dynamicRpc, this.node.path);
    const base = { path: this.node.path, conditions: new Set(p.conditions ?? []), enabled: new Set(p.enable ?? []), dynamicRpc };
    const flows = [];
    const skipped = [];
    for (const key of p.services) {
      const entries: PortEntry[] = catalog.service(key).entries.map((id) => catalog.port(id));
      // An RDS session host admits its users on RDP as well as the admins.
      const svcPeers = key === 'rds' ? { ...peers, admins: [...admins, ...cidrs('rdp-users', p.remoteDesktopUsers)] } : peers;
      const d = declareFlows(entries, { ...base, peers: svcPeers });
      flows.push(...d.flows);
      skipped.push(...d.skipped);
    }
    const justified = p.allProtocolsJustification ? flows.map((f) => (f.transport === 'gre' ? { ...f, justification: p.allProtocolsJustification } : f)) : flows;
    return { flows: justified, skipped };
  }
}
