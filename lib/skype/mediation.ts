/**
 * Skype for Business Server Mediation Server pool (stand-alone; a Mediation service collocated on a
 * Front End pool is FrontEndPool's `collocatedMediation`): the Mediation rows of the server port
 * table, the "all servers" and "all internal servers" rows (audio media, which Mediation
 * terminates), the Mediation row of the hardware load balancer table (5070), and the Mediation
 * IPsec exemptions (seed 001).
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import type { PeerClass } from '../catalog/types';
import type { RoleDeclaration } from '../core/role';
import { declareIpsec, declareListeners, type EntryOptions } from '../model/declare';
import { MsPortsError } from '../model/errors';
import { formatPorts, type PortRange } from '../model/ports';
import { SkypeRole, type OutsideMarker, type PeersInput, type SkypeOutsideProps, type SkypeRoleProps } from './skype-role';
import { checkProps, object, oneOf, type PropSchema } from '../core/props';
import { mediaRangeCheck, PEERS, skypeRoleProps } from './props';

export interface MediationServerProps extends SkypeRoleProps {
  /**
   * PSTN gateways / SBCs (CIDRs or PstnGateway roles). Required. Renders SIP 5067 (TLS) and 5068
   * from the gateways, and the audio media range (49152-57500, `mediaPorts.audio`) from them; the
   * Mediation Server's SIP towards a gateway uses the gateway's configured listening port, which
   * seed 001 does not list for stand-alone Mediation (the collocated rows name 5081/5082).
   */
  readonly pstnGateways: PeersInput;
  /** `hardware`: a hardware load balancer carries 5070 (seed 001 HLB-only table). `dns`: no load balancer. Default `hardware`. */
  readonly loadBalancing?: 'hardware' | 'dns';
  /** Narrower audio media range as configured, within 49152-57500. */
  readonly mediaPorts?: { readonly audio?: string };
}

const MEDIATION_ROLES = ['sfb-mediation', 'sfb-all-servers', 'sfb-internal-servers'];

/** Run-time checks of MediationServerProps (one per prop; keep in step with the interface). */
const MEDIATION_SERVER_PROPS: PropSchema = {
  ...skypeRoleProps('MediationServer'),
  pstnGateways: PEERS,
  loadBalancing: oneOf(['hardware', 'dns']),
  mediaPorts: object({ audio: mediaRangeCheck(['sfb.internal.audio-media.49152-57500']) }, 'mediaPorts'),
};

/** A Skype for Business Mediation Server pool, on Azure or AWS depending on `network`. */
export class MediationServer extends SkypeRole {
  /** A Mediation pool outside the cloud, by its addresses: wired cloud roles render both directions. */
  static fromAddresses(scope: Construct, id: string, props: SkypeOutsideProps): MediationServer {
    return new MediationServer(scope, id, { ...props, pstnGateways: [], outsideCidrs: props.cidrs } as MediationServerProps & OutsideMarker);
  }

  private readonly props: MediationServerProps;

  constructor(scope: Construct, id: string, props: MediationServerProps) {
    super(scope, id, checkProps(scope, id, 'MediationServer', props, MEDIATION_SERVER_PROPS), 'Skype for Business Mediation Server pool', { siteKind: 'mediation' });
    this.props = props;
    if (this.isOutside) return;
    if (props.pstnGateways === undefined) {
      throw new MsPortsError(this.node.path, 'pstnGateways is missing', 'pass the PSTN gateways or SBCs (CIDRs or PstnGateway roles) the Mediation Server talks to');
    }
    this.addPeers('pstnGateways', props.pstnGateways, 'pstn-gateways', ['pstn-gateway']);
  }

  plays(): readonly PeerClass[] {
    return ['servers', 'mediation'];
  }

  protected catalogRoles(): readonly string[] {
    return MEDIATION_ROLES;
  }

  protected entryOptions(): EntryOptions {
    const overrides = new Map<string, PortRange[]>();
    this.override(overrides, 'sfb.internal.audio-media.49152-57500', this.props?.mediaPorts?.audio, 'mediaPorts.audio');
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
