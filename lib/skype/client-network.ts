/**
 * Skype for Business clients hosted in the cloud (virtual desktops): the client port table of
 * seed 001 — the client media range (configurable, at least 20 ports), legacy file transfer
 * 6891-6901 (off by default), DHCP 67/68 for Registrar discovery (with `dhcp`) — and the client IPsec
 * exemption (UDP from the media range).
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import type { CatalogRole } from '../catalog/roles';
import type { PeerClass, PortEntry } from '../catalog/types';
import type { RoleDeclaration } from '../core/role';
import { declareIpsec, type EntryOptions, type PeerSide } from '../model/declare';
import { MsPortsError } from '../model/errors';
import { formatPorts } from '../model/ports';
import { clientEntries, LEGACY_FILE_TRANSFER, SkypeRole, type OutsideMarker, type SkypeOutsideProps, type SkypeRoleProps } from './skype-role';
import { bool, checkOutsideProps, checkProps, cidrList, internal, object, showValue, type PropSchema } from '../core/props';
import { SKYPE_OUTSIDE_KEYS, skypeRoleProps } from './props';

export interface ClientNetworkProps extends Omit<SkypeRoleProps, 'clients'> {
  /**
   * Legacy file transfer with clients of earlier versions (6891-6901/TCP between clients). Default
   * false: listed in the report as not rendered.
   */
  readonly legacyFileTransfer?: boolean;
  /**
   * DHCP servers the clients use to find the Registrar (67/68 UDP, when DNS SRV lookup fails), and
   * whether the listed IP phones use DHCP for provisioning too. Default: none (the rows are skipped).
   */
  readonly dhcp?: { readonly servers: readonly string[]; readonly ipPhones?: boolean };
}

/** Run-time checks of ClientNetworkProps (one per prop; keep in step with the interface). */
const CLIENT_NETWORK_PROPS: PropSchema = {
  ...skypeRoleProps('ClientNetwork'),
  // a client network is the clients: it has none of its own (ClientNetworkProps omits the prop)
  clients: internal((v, at, ctx) => {
    throw new MsPortsError(
      ctx.path,
      `ClientNetwork got ${at} ${showValue(v)}: a client network is the clients of the server roles and has no clients of its own, so it would be ignored`,
      'remove clients, and pass this ClientNetwork as `clients` of the server roles its users reach (e.g. new FrontEndPool(..., { clients: [clientNetwork] }))',
    );
  }),
  legacyFileTransfer: bool(),
  dhcp: (v, at, ctx) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return; // the constructor names what is missing
    object({ servers: (x, a, c) => (Array.isArray(x) && x.length === 0 ? undefined : cidrList()(x, a, c)), ipPhones: bool() }, 'dhcp')(v, at, ctx);
  },
};

/** Client networks hosted in the cloud (e.g. virtual desktops), on Azure or AWS depending on `network`. */
export class ClientNetwork extends SkypeRole {
  /** A client network outside the cloud, by its addresses: pass it as `clients` to the cloud roles. */
  static fromAddresses(scope: Construct, id: string, props: SkypeOutsideProps & { readonly legacyFileTransfer?: boolean }): ClientNetwork {
    checkOutsideProps(scope, id, 'ClientNetwork', props, CLIENT_NETWORK_PROPS, [...SKYPE_OUTSIDE_KEYS, 'legacyFileTransfer']);
    return new ClientNetwork(scope, id, { ...props, outsideCidrs: props.cidrs } as ClientNetworkProps & OutsideMarker);
  }

  private readonly props: ClientNetworkProps;
  private readonly dhcpSide?: PeerSide;

  constructor(scope: Construct, id: string, props: ClientNetworkProps) {
    super(scope, id, checkProps(scope, id, 'ClientNetwork', props, CLIENT_NETWORK_PROPS), 'Skype for Business client network');
    this.props = props;
    if (this.isOutside) return;
    if (props.dhcp !== undefined) {
      if (!props.dhcp || !Array.isArray(props.dhcp.servers) || props.dhcp.servers.length === 0) {
        throw new MsPortsError(this.node.path, `dhcp.servers is ${JSON.stringify(props.dhcp?.servers)}`, 'list the DHCP servers (CIDRs), e.g. dhcp: { servers: ["10.40.0.10/32"] }, or leave dhcp out');
      }
      this.dhcpSide = { peer: this.resolvePeer([...props.dhcp.servers], 'dhcp-servers'), plays: ['any'], entries: [] };
    }
  }

  plays(): readonly PeerClass[] {
    return ['clients'];
  }

  protected catalogRoles(): readonly CatalogRole[] {
    return ['sfb-client'];
  }

  catalogEntries(): { readonly entries: readonly PortEntry[]; readonly options?: EntryOptions } {
    const c = clientEntries(this.clientMedia, this.props?.legacyFileTransfer ?? false);
    return { entries: c.entries, options: { ...c.options, conditions: this.conditions() } };
  }

  private conditions(): Set<string> {
    const set = new Set<string>();
    if (this.props?.dhcp) set.add('dhcp-registrar-discovery');
    if (this.props?.dhcp?.ipPhones) set.add('ip-phone-devices');
    return set;
  }

  protected declare(): RoleDeclaration {
    // Clients of one network reach each other (peer-to-peer media, file transfer).
    const self: PeerSide = { peer: this.peer, plays: ['clients'], entries: [] };
    const own = this.declarePairs([self, ...(this.dhcpSide ? [this.dhcpSide] : [])]);
    const ipsec = declareIpsec(catalog.ipsec('sfb-client'), { clientMediaPorts: formatPorts(this.clientMedia) });
    const skipped = [...own.skipped, ...ipsec.skipped];
    if (!this.props.legacyFileTransfer) skipped.push({ catalogId: LEGACY_FILE_TRANSFER, reason: 'legacy file transfer with earlier clients; enable with legacyFileTransfer' });
    return { flows: own.flows, ipsec: ipsec.ipsec, skipped };
  }
}
