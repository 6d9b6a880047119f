/**
 * Skype for Business Server Mediation Server pool (stand-alone; a Mediation service collocated on a
 * Front End pool is FrontEndPool's `collocatedMediation`): the Mediation rows of the server port
 * table, the "all servers" and "all internal servers" rows (audio media, which Mediation
 * terminates), the Mediation row of the hardware load balancer table (5070), the Mediation IPsec
 * exemptions (seed 001), and what Mediation sends its PSTN gateways (SIP on the gateways' listening
 * ports, media on their media ports: lib/catalog/skype-mediation-gateway.ts).
 */
import type { ExistingPeer } from '../core/existing';
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import { SKYPE_ROLE_KINDS, type CatalogRole } from '../catalog/roles';
import type { PeerClass } from '../catalog/types';
import type { RoleDeclaration, SecurityRole } from '../core/role';
import { declareIpsec, declareListeners, type EntryOptions } from '../model/declare';
import { MsPortsError } from '../model/errors';
import { formatPorts, type PortRange } from '../model/ports';
import { SkypeRole, type OutsideMarker, type PeersInput, type SkypeOutsideProps, type SkypeRoleProps } from './skype-role';
import { checkOutsideProps, checkProps, object, oneOf, type PropSchema } from '../core/props';
import { mediaRangeCheck, PEERS, PSTN_GATEWAY_PORTS, SKYPE_OUTSIDE_KEYS, skypeRoleProps } from './props';

/**
 * The PSTN gateways' own ports, as their trunks define them (Topology Builder: "Listening port for
 * IP/PSTN gateway", TCP or TLS) and as the gateways are configured: where the Mediation service
 * sends SIP and media. One value for all gateways of the role.
 */
export interface PstnGatewayPorts {
  /**
   * The gateways' SIP listening port over TCP. Default 5081: seed 001 gives "outgoing SIP to the
   * PSTN gateway" only for a collocated Mediation Server (5081/TCP), taken as the default for a
   * stand-alone one too (catalog sfb.med.sip.5081, sfb.fe.mediation.5081; the decision is recorded there).
   */
  readonly sipTcp?: number;
  /** The gateways' SIP listening port over TLS. Default 5082 (seed 001 collocated row; sfb.med.sip-tls.5082, sfb.fe.mediation.5082). */
  readonly sipTls?: number;
  /**
   * The gateways' media port range, e.g. "16384-32767" (TCP and UDP, as the audio row names). No
   * Microsoft table gives one, so there is no default: without it the Mediation service's media to
   * the gateways is not rendered, and the report lists it as not rendered (sfb.med.gateway-media,
   * sfb.fe.mediation.gateway-media). The gateways' media to Mediation (49152-57500) renders either way.
   */
  readonly media?: string;
}

export interface MediationServerProps extends SkypeRoleProps {
  /**
   * PSTN gateways / SBCs (CIDRs or PstnGateway roles). Required. Renders SIP 5067 (TLS) and 5068
   * and the audio media range (49152-57500, `mediaPorts.audio`) from the gateways, and the
   * Mediation Server's SIP to them on their listening ports (`pstnGatewayPorts`, default 5081/TCP
   * and 5082/TLS) and its media to them (with `pstnGatewayPorts.media`).
   */
  readonly pstnGateways: PeersInput;
  /** The gateways' own SIP listening ports and media range. Default: SIP 5081/TCP and 5082/TLS, no media (listed as not rendered). */
  readonly pstnGatewayPorts?: PstnGatewayPorts;
  /**
   * Client networks whose users call the PSTN through this pool (CIDRs or ClientNetwork roles).
   * Required, non-empty: the Mediation service terminates their audio. Renders the "all internal
   * servers" audio range (49152-57500, `mediaPorts.audio`) from them and the client table's media
   * rows (their `clientMediaPorts`) from the pool to them, both ways with a ClientNetwork role.
   */
  readonly clients: readonly (string | SecurityRole | ExistingPeer)[];
  /** `hardware`: a hardware load balancer carries 5070 (seed 001 HLB-only table). `dns`: no load balancer. Default `hardware`. */
  readonly loadBalancing?: 'hardware' | 'dns';
  /** Narrower audio media range as configured, within 49152-57500. */
  readonly mediaPorts?: { readonly audio?: string };
}

const MEDIATION_ROLES = SKYPE_ROLE_KINDS.mediation.catalogRoles;

/** Run-time checks of MediationServerProps (one per prop; keep in step with the interface). */
const MEDIATION_SERVER_PROPS: PropSchema = {
  ...skypeRoleProps('MediationServer'),
  pstnGateways: PEERS,
  pstnGatewayPorts: PSTN_GATEWAY_PORTS,
  loadBalancing: oneOf(['hardware', 'dns']),
  mediaPorts: object({ audio: mediaRangeCheck(['sfb.internal.audio-media.49152-57500']) }, 'mediaPorts'),
};

/** A Skype for Business Mediation Server pool, on Azure or AWS depending on `network`. */
export class MediationServer extends SkypeRole {
  /** A Mediation pool outside the cloud, by its addresses: wired cloud roles render both directions. */
  static fromAddresses(scope: Construct, id: string, props: SkypeOutsideProps): MediationServer {
    checkOutsideProps(scope, id, 'MediationServer', props, MEDIATION_SERVER_PROPS, [...SKYPE_OUTSIDE_KEYS, 'mediaPorts', 'pstnGatewayPorts']);
    return new MediationServer(scope, id, { ...props, pstnGateways: [], clients: [], outsideCidrs: props.cidrs } as MediationServerProps & OutsideMarker);
  }

  private readonly props: MediationServerProps;

  constructor(scope: Construct, id: string, props: MediationServerProps) {
    super(scope, id, checkProps(scope, id, 'MediationServer', props, MEDIATION_SERVER_PROPS), 'Skype for Business Mediation Server pool', { siteKind: 'mediation' });
    this.props = props;
    if (this.isOutside) return;
    if (props.pstnGateways === undefined) {
      throw new MsPortsError(this.node.path, 'pstnGateways is missing', 'pass the PSTN gateways or SBCs (CIDRs or PstnGateway roles) the Mediation Server talks to');
    }
    if (!Array.isArray(props.clients) || props.clients.length === 0) {
      throw new MsPortsError(
        this.node.path,
        `clients is ${JSON.stringify(props.clients)}: the Mediation service terminates the clients' audio (seed 001 "all internal servers" 49152-57500 row, peers clients), so without them neither direction of that flow is rendered`,
        'list the client networks whose users call through this pool (CIDRs or ClientNetwork roles), as for the Front End pool, e.g. clients: [desktops, "10.30.0.0/16"]',
      );
    }
    this.addPeers('pstnGateways', props.pstnGateways, 'pstn-gateways', ['pstn-gateway']);
  }

  plays(): readonly PeerClass[] {
    return SKYPE_ROLE_KINDS.mediation.plays;
  }

  protected catalogRoles(): readonly CatalogRole[] {
    return MEDIATION_ROLES;
  }

  protected entryOptions(): EntryOptions {
    const overrides = new Map<string, PortRange[]>();
    this.override(overrides, 'sfb.internal.audio-media.49152-57500', this.props?.mediaPorts?.audio, 'mediaPorts.audio');
    const gw = this.props?.pstnGatewayPorts;
    this.override(overrides, 'sfb.med.sip.5081', gw?.sipTcp === undefined ? undefined : String(gw.sipTcp), 'pstnGatewayPorts.sipTcp');
    this.override(overrides, 'sfb.med.sip-tls.5082', gw?.sipTls === undefined ? undefined : String(gw.sipTls), 'pstnGatewayPorts.sipTls');
    this.override(overrides, 'sfb.med.gateway-media', gw?.media, 'pstnGatewayPorts.media');
    return { portOverrides: overrides };
  }

  protected declare(): RoleDeclaration {
    const own = this.declarePairs();
    const lb = (this.props.loadBalancing ?? 'hardware') === 'hardware' ? declareListeners(catalog.loadBalancer('sfb-mediation', 'hardware'), {}) : { listeners: [], skipped: [] };
    const ipsec = declareIpsec(catalog.ipsec('sfb-mediation'), { clientMediaPorts: formatPorts(this.clientMedia) });
    return { flows: own.flows, listeners: lb.listeners, probePort: lb.listeners[0]?.port, ipsec: ipsec.ipsec, skipped: [...own.skipped, ...lb.skipped, ...ipsec.skipped] };
  }

  protected declareOutside(): RoleDeclaration {
    return { flows: [], ipsec: declareIpsec(catalog.ipsec('sfb-mediation'), { clientMediaPorts: formatPorts(this.clientMedia) }).ipsec };
  }
}
