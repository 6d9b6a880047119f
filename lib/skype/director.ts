/**
 * Skype for Business Server Director pool: the Director rows of the server port table (seed 001),
 * the "all servers" rows, and the Director rows of the hardware-only or DNS load balancing table.
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import { SKYPE_ROLE_KINDS, type CatalogRole } from '../catalog/roles';
import type { PeerClass } from '../catalog/types';
import type { RoleDeclaration } from '../core/role';
import { declareListeners, type EntryOptions } from '../model/declare';
import { MsPortsError } from '../model/errors';
import { formatPorts } from '../model/ports';
import { entriesOf, SkypeRole, type OutsideMarker, type PeersInput, type SkypeOutsideProps, type SkypeRoleProps } from './skype-role';
import { bool, checkOutsideProps, checkProps, integer, oneOf, type PropSchema } from '../core/props';
import { PEERS, SKYPE_OUTSIDE_KEYS, skypeRoleProps } from './props';

export interface DirectorProps extends SkypeRoleProps {
  /**
   * `hardware`: balanced by a hardware load balancer only (seed 001 HLB-only table: 443, 444, 5061, 4443).
   * `dns`: DNS load balancing, the load balancer carries web traffic only (443, 4443). Default `hardware`.
   */
  readonly loadBalancing?: 'hardware' | 'dns';
  /** Reverse proxy publishing the Director's web services (CIDRs or a ReverseProxy): 4443 (and 8080) from it. Default: none. */
  readonly reverseProxy?: PeersInput;
  /** Edge Servers' internal interface (CIDRs or an EdgeServer): SIP 5061 both ways. Default: none. */
  readonly edgeInternal?: PeersInput;
  /** Enable the optional SIP/TCP 5060 listener for static routes to trusted services. Default false. */
  readonly sipTcp5060?: boolean;
  /** Health probe port; one of the load-balanced ports. Default 5061 (hardware) or 443 (dns). */
  readonly probePort?: number;
}

const DIRECTOR_ROLES = SKYPE_ROLE_KINDS.director.catalogRoles;

/** Run-time checks of DirectorProps (one per prop; keep in step with the interface). */
const DIRECTOR_PROPS: PropSchema = {
  ...skypeRoleProps('Director'),
  loadBalancing: oneOf(['hardware', 'dns']),
  reverseProxy: PEERS,
  edgeInternal: PEERS,
  sipTcp5060: bool(),
  probePort: integer(1, 65535),
};

/** A Skype for Business Director pool, on Azure or AWS depending on `network`. */
export class Director extends SkypeRole {
  /** A Director pool outside the cloud, by its addresses: wired cloud roles render both directions. */
  static fromAddresses(scope: Construct, id: string, props: SkypeOutsideProps): Director {
    checkOutsideProps(scope, id, 'Director', props, DIRECTOR_PROPS, [...SKYPE_OUTSIDE_KEYS, 'sipTcp5060']);
    return new Director(scope, id, { ...props, outsideCidrs: props.cidrs } as DirectorProps & OutsideMarker);
  }

  private readonly props: DirectorProps;

  constructor(scope: Construct, id: string, props: DirectorProps) {
    super(scope, id, checkProps(scope, id, 'Director', props, DIRECTOR_PROPS), 'Skype for Business Director pool', { siteKind: 'director' });
    this.props = props;
    if (this.isOutside) return;
    if (props.reverseProxy !== undefined) this.addPeers('reverseProxy', props.reverseProxy, 'reverse-proxy', ['reverse-proxy'], { entries: entriesOf(['sfb-reverse-proxy']) });
    if (props.edgeInternal !== undefined) this.addPeers('edgeInternal', props.edgeInternal, 'edge-internal', ['edge-internal'], { entries: entriesOf(['sfb-edge-internal']) });
  }

  plays(): readonly PeerClass[] {
    return SKYPE_ROLE_KINDS.director.plays;
  }

  protected catalogRoles(): readonly CatalogRole[] {
    return DIRECTOR_ROLES;
  }

  protected entryOptions(): EntryOptions {
    return { enabled: new Set<string>(this.props?.sipTcp5060 ? ['sfb.dir.sip.5060'] : []) };
  }

  protected declare(): RoleDeclaration {
    const p = this.props;
    const own = this.declarePairs();
    const mode = p.loadBalancing ?? 'hardware';
    const lb = declareListeners(catalog.loadBalancer('sfb-director', mode), {});
    const probePort = p.probePort ?? (mode === 'hardware' ? 5061 : 443);
    if (!lb.listeners.some((l) => l.port === probePort)) {
      throw new MsPortsError(this.node.path, `probePort ${probePort} is not a load-balanced port`, `use one of ${formatPorts(lb.listeners.map((l) => ({ from: l.port, to: l.port })))}`);
    }
    return { flows: own.flows, listeners: lb.listeners, probePort, skipped: [...own.skipped, ...lb.skipped] };
  }
}
