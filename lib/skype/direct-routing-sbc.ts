/**
 * Microsoft Teams Direct Routing session border controller (SBC) in the cloud: a third-party
 * appliance (Azure or AWS marketplace VMs) that connects Teams Phone to PSTN trunks, PBXs and, during
 * a migration, the Skype for Business Mediation pool. Two boundaries, as the Edge has: the SBC's
 * public, Microsoft-facing interface (`external`, internet-facing by design, with exactly the rows
 * of "Plan Direct Routing" and, with `mediaBypass`, "Plan for media bypass with Direct Routing":
 * catalog/teams-direct-routing.ts) and its internal side, which plays a PSTN gateway for the
 * Skype for Business tables (a MediationServer or a Front End pool with collocated Mediation lists
 * it in `pstnGateways`: their documented rows with a gateway render both ways).
 *
 * Not modelled: a PBX or PSTN trunk behind the SBC (no Microsoft table gives their ports; use
 * `allowFrom` / `allowTo` on the SBC with the vendor's ports), and IPv6 (Direct Routing publishes
 * IPv4 ranges only).
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import type { PeerClass, PortEntry } from '../catalog/types';
import { DIRECT_ROUTING_ENVIRONMENTS, DIRECT_ROUTING_RANGES, type DirectRoutingEnvironment } from '../catalog/teams-direct-routing';
import { checkProps, cidrList, integer, object, oneOf, str, type Check, type PropSchema } from '../core/props';
import { ROLE_PROPS, SecurityRole, type RoleDeclaration, type SecurityRoleProps } from '../core/role';
import { declareFlows } from '../model/declare';
import { MsPortsError } from '../model/errors';
import type { Flow, Peer } from '../model/intent';
import { formatRange, parsePorts, PortSpecError, size, type PortRange } from '../model/ports';

export interface DirectRoutingSbcProps extends SecurityRoleProps {
  /**
   * The SBC's media port range, as configured on the SBC (the tables' "Defined on the SBC"), e.g.
   * "20000-29999". Required: no Microsoft page gives a default. At least two ports (Microsoft
   * recommends at least two per concurrent call). Media processors, transport relays and bypass
   * clients reach it; the SBC sends its media from it.
   */
  readonly mediaPorts: string;
  /**
   * The SBC's SIP/TLS listening port for the Direct Routing SIP proxies (Set-CsOnlinePSTNGateway
   * -SipSignalingPort). Default 5061; GCC High and DoD accept 5061 only.
   */
  readonly sipPort?: number;
  /**
   * Which Microsoft cloud the tenant is in: `worldwide` (Microsoft 365 / Office 365), `gcc`, `gcc-high`
   * or `dod`. Chooses the published SIP proxy, media processor and transport relay ranges. Default
   * `worldwide` (GCC shares its ranges).
   */
  readonly environment?: DirectRoutingEnvironment;
  /**
   * Media bypass (Set-CsOnlinePSTNGateway -MediaBypass $true): the Teams client networks (CIDRs) that
   * send media straight to the SBC's public address (UDP from 50000-50019 to `mediaPorts`, and back),
   * and the Teams transport relays' rows. Default: off.
   */
  readonly mediaBypass?: { readonly clients: readonly string[] };
  /** Name of the external (Microsoft-facing) interface's boundary. Default `<name>-ext`. */
  readonly externalName?: string;
}

const MIN_MEDIA_PORTS = 2;

/** `mediaPorts`: a valid range of at least two ports, named in errors with the fix. */
const MEDIA_PORTS: Check = (v, at, ctx) => {
  str({ nonEmpty: true })(v, at, ctx);
  let ranges: PortRange[];
  try {
    ranges = parsePorts([v as string]);
  } catch (e) {
    if (e instanceof PortSpecError) throw new MsPortsError(ctx.path, `${at} "${v as string}": ${e.message}`, e.hint);
    throw e;
  }
  if (size(ranges) < MIN_MEDIA_PORTS) {
    throw new MsPortsError(ctx.path, `${at} "${v as string}" holds ${size(ranges)} port`, `configure the SBC's media range with at least ${MIN_MEDIA_PORTS} ports (Microsoft recommends at least two ports per concurrent call on the SBC: teams.dr.media.in.udp)`);
  }
};

const SBC_PROPS: PropSchema = {
  ...ROLE_PROPS,
  mediaPorts: MEDIA_PORTS,
  sipPort: integer(1, 65535),
  environment: oneOf(DIRECT_ROUTING_ENVIRONMENTS),
  mediaBypass: object({ clients: cidrList() }, 'mediaBypass'),
  externalName: str({ nonEmpty: true }),
};

/** The SBC's public, Microsoft-facing interface: created by DirectRoutingSbc, internet-facing by design (its rules are the Direct Routing tables' only). */
export class DirectRoutingSbcExternal extends SecurityRole {
  constructor(
    scope: Construct,
    id: string,
    props: SecurityRoleProps,
    private readonly sbc: DirectRoutingSbc,
  ) {
    super(scope, id, props, 'Teams Direct Routing SBC external interface', { internetFacing: true });
  }

  catalogEntries(): { readonly entries: readonly PortEntry[] } {
    return { entries: catalog.byRole('teams-sbc-external') };
  }

  protected declare(): RoleDeclaration {
    const s = this.sbc;
    const ranges = DIRECT_ROUTING_RANGES[s.environment];
    const peers: Partial<Record<PeerClass, Peer[]>> = {
      'direct-routing-sip-proxy': [{ kind: 'cidrs', name: 'dr-sip-proxies', cidrs: ranges.sipProxies }],
      'direct-routing-media-processor': [{ kind: 'cidrs', name: 'dr-media-processors', cidrs: ranges.mediaProcessors }],
    };
    if (s.bypassClients) {
      // The relays are "in the same range as Media Processors": the ranges both lists hold are one
      // address list that both kinds of rows name (so the rows merge per port instead of becoming two
      // identical rules on AWS, which has no source ports to tell them apart); the processors' other
      // ranges stay a list of their own, so relay ports never reach them.
      const shared = ranges.transportRelays.filter((r) => ranges.mediaProcessors.includes(r));
      const relaysOnly = ranges.transportRelays.filter((r) => !shared.includes(r));
      const processorsOnly = ranges.mediaProcessors.filter((r) => !shared.includes(r));
      const both: Peer[] = shared.length ? [{ kind: 'cidrs', name: 'dr-media-processors-relays', cidrs: shared }] : [];
      peers['direct-routing-media-processor'] = [...both, ...(processorsOnly.length ? [{ kind: 'cidrs' as const, name: 'dr-media-processors', cidrs: processorsOnly }] : [])];
      peers['direct-routing-transport-relay'] = [...both, ...(relaysOnly.length ? [{ kind: 'cidrs' as const, name: 'dr-transport-relays', cidrs: relaysOnly }] : [])];
      peers['teams-clients'] = [{ kind: 'cidrs', name: 'teams-bypass-clients', cidrs: s.bypassClients, prop: 'mediaBypass.clients' }];
    }
    // The SBC's own settings ("Defined on the SBC") take the place of the entries' ports.
    const setting = (prop: string): string[] => (prop === 'sipPort' ? [String(s.sipPort)] : prop === 'mediaPorts' ? s.mediaPorts.map(formatRange) : []);
    const entries = this.catalogEntries().entries.map((e) => (e.setting ? { ...e, ports: setting(e.setting.prop) } : e));
    const d = declareFlows(entries, { path: this.node.path, peers, conditions: new Set(s.bypassClients ? ['media-bypass'] : []) });
    const flows: Flow[] = d.flows.map((f) => {
      const e = catalog.port(f.catalogIds[0]);
      const src = e.sourceSetting ? parsePorts(setting(e.sourceSetting.prop)) : e.sourcePorts ? parsePorts(e.sourcePorts) : undefined;
      return src ? { ...f, sourcePorts: src } : f;
    });
    return { flows, skipped: d.skipped };
  }
}

/**
 * A Teams Direct Routing SBC on Azure or AWS. Its internal side plays a PSTN gateway for the Skype
 * for Business roles (wire it as a MediationServer's `pstnGateways`); `external` carries the
 * documented Direct Routing flows with Microsoft's published ranges. Attach the SBC VM's internal
 * NIC/ENI to this role and its public one to `external`.
 */
export class DirectRoutingSbc extends SecurityRole {
  /** The Microsoft-facing interface (SIP proxies, media processors; transport relays and Teams clients with media bypass). */
  readonly external: DirectRoutingSbcExternal;
  readonly environment: DirectRoutingEnvironment;
  readonly sipPort: number;
  /** The SBC's media range (validated). */
  readonly mediaPorts: readonly PortRange[];
  /** With media bypass: the Teams client networks. */
  readonly bypassClients?: readonly string[];

  constructor(scope: Construct, id: string, props: DirectRoutingSbcProps) {
    super(scope, id, checkProps(scope, id, 'DirectRoutingSbc', props, SBC_PROPS), 'Teams Direct Routing SBC (internal side)');
    if (props.mediaPorts === undefined) {
      throw new MsPortsError(this.node.path, 'mediaPorts is missing', 'give the media port range configured on the SBC, e.g. mediaPorts: "20000-29999" (the Direct Routing tables say "Defined on the SBC" and give no default)');
    }
    this.environment = props.environment ?? 'worldwide';
    this.sipPort = props.sipPort ?? 5061;
    const allowed = DIRECT_ROUTING_RANGES[this.environment].sipPort;
    if (allowed !== 'any' && this.sipPort !== allowed) {
      throw new MsPortsError(this.node.path, `sipPort ${this.sipPort} with environment "${this.environment}"`, `use sipPort: ${allowed} (or leave it out): in GCC High and DoD "only port 5061 must be used" (Plan Direct Routing, SIP signaling: Ports)`);
    }
    this.mediaPorts = parsePorts([props.mediaPorts]);
    this.bypassClients = props.mediaBypass ? [...props.mediaBypass.clients] : undefined;
    this.external = new DirectRoutingSbcExternal(this, 'external', { network: props.network, name: props.externalName ?? `${this.roleName}-ext` }, this);
  }

  /** For the Skype for Business tables the SBC is a PSTN gateway (the Mediation service's trunk peer). */
  plays(): readonly PeerClass[] {
    return ['pstn-gateway'];
  }

  /** The internal side declares nothing of its own: the rows with the roles wired to it (Mediation) are theirs, rendered both ways. */
  protected declare(): RoleDeclaration {
    return { flows: [] };
  }
}
