/**
 * The reverse proxy that publishes the Skype for Business web services (reverse proxy port summary,
 * ms-port-facts §1.7): HTTPS 443 from the internet (HTTP 80 optional), HTTPS 4443 to the Front End
 * and Director pools (HTTP 8080 optional), HTTPS 443 to Office Web Apps. Internet-facing by design.
 */
import type { Construct } from 'constructs';
import type { CatalogRole } from '../catalog/roles';
import type { PeerClass, PortEntry } from '../catalog/types';
import type { RoleDeclaration, SecurityRoleProps } from '../core/role';
import type { EntryOptions, PeerSide } from '../model/declare';
import { MsPortsError } from '../model/errors';
import { entriesOf, SkypeRole, type OutsideMarker, type PeersInput, type SkypeOutsideProps } from './skype-role';
import { bool, checkOutsideProps, checkProps, type PropSchema } from '../core/props';
import { PEERS, POOLS, SKYPE_OUTSIDE_KEYS, skypeRoleProps } from './props';

export interface ReverseProxyProps extends SecurityRoleProps {
  /**
   * The Front End and Director pools it publishes (roles, or CIDRs standing for such pools).
   * Renders HTTPS 4443 (and HTTP 8080 with `http8080`) from the proxy to them. Required.
   */
  readonly pools: PeersInput;
  /** Office Web Apps servers (role or CIDRs): HTTPS 443 from the proxy. Default: none. */
  readonly officeWebApps?: PeersInput;
  /** Also admit HTTP 80 from the internet (redirection, mobile Autodiscover). Default false (optional row). */
  readonly http80?: boolean;
  /** Also forward HTTP 8080 to the pools. Default false (optional row). */
  readonly http8080?: boolean;
}

/** Run-time checks of ReverseProxyProps (one per prop; keep in step with the interface). */
const REVERSE_PROXY_PROPS: PropSchema = {
  ...skypeRoleProps('ReverseProxy'),
  pools: POOLS,
  officeWebApps: PEERS,
  http80: bool(),
  http8080: bool(),
};

/** A reverse proxy for the Skype web services, on Azure or AWS depending on `network`. */
export class ReverseProxy extends SkypeRole {
  /** A reverse proxy outside the cloud (e.g. in an on-premises perimeter), by its addresses. */
  static fromAddresses(scope: Construct, id: string, props: SkypeOutsideProps & { readonly http8080?: boolean }): ReverseProxy {
    checkOutsideProps(scope, id, 'ReverseProxy', props, REVERSE_PROXY_PROPS, [...SKYPE_OUTSIDE_KEYS, 'http80', 'http8080']);
    return new ReverseProxy(scope, id, { ...props, pools: [], outsideCidrs: props.cidrs } as ReverseProxyProps & OutsideMarker);
  }

  private readonly props: ReverseProxyProps;

  constructor(scope: Construct, id: string, props: ReverseProxyProps) {
    super(scope, id, checkProps(scope, id, 'ReverseProxy', props, REVERSE_PROXY_PROPS), 'reverse proxy for the Skype for Business web services', { internetFacing: true });
    this.props = props;
    if (this.isOutside) return;
    if (props.pools === undefined) {
      throw new MsPortsError(this.node.path, 'pools is missing', 'pass the Front End and Director pools the proxy publishes, e.g. pools: [frontEndPool, director]');
    }
    this.addPeers('pools', props.pools, 'pools', ['front-end', 'director']);
    if (props.officeWebApps !== undefined) this.addPeers('officeWebApps', props.officeWebApps, 'office-web-apps', ['office-web-apps'], { entries: entriesOf(['office-web-apps']) });
  }

  plays(): readonly PeerClass[] {
    return ['reverse-proxy'];
  }

  protected catalogRoles(): readonly CatalogRole[] {
    return ['sfb-reverse-proxy'];
  }

  catalogEntries(): { readonly entries: readonly PortEntry[]; readonly options?: EntryOptions } {
    const entries = entriesOf(this.catalogRoles());
    const p = this.props;
    // The two optional rows, found by what they are (HTTP 80 from the internet, 8080 to the pools).
    const enabled = entries
      .filter((e) => e.requirement === 'optional' && ((p?.http80 && e.ports.includes('80')) || (p?.http8080 && e.ports.includes('8080'))))
      .map((e) => e.id);
    return { entries, options: { enabled: new Set(enabled) } };
  }

  protected declare(): RoleDeclaration {
    const internet: PeerSide = { peer: { kind: 'internet' }, plays: ['internet'], entries: [] };
    return this.declarePairs([internet]);
  }
}
