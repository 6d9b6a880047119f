/**
 * Run-time checks shared by the Skype for Business roles' props (see lib/core/props.ts): peers
 * as users write them, media ranges checked against the catalog at construction, and the props
 * every Skype role takes (SkypeRoleProps), including those `fromAddresses` passes on.
 */
import { catalog } from '../catalog/index';
import { cidrList, integer, internal, object, outsideCidrsCheck, satisfies, str, type Check, type PropSchema } from '../core/props';
import { peerCheck, ROLE_PROPS, SecurityRole, serverListCheck } from '../core/role';
import { MsPortsError } from '../model/errors';
import { contains, formatPorts, normalize, parsePorts, PortSpecError, type PortRange } from '../model/ports';

/**
 * A configured media range (`mediaPorts.video`, `clientMediaPorts`), checked at construction
 * against the documented range of the catalog entries it narrows; errors name the prop and value.
 */
export function mediaRangeCheck(entryIds: readonly string[]): Check {
  return (v, at, ctx) => {
    str({ nonEmpty: true })(v, at, ctx);
    let given: PortRange[];
    try {
      given = parsePorts([v as string]);
    } catch (e) {
      if (e instanceof PortSpecError) throw new MsPortsError(ctx.path, `${at} "${v as string}": ${e.message}`, e.hint);
      throw e;
    }
    for (const id of entryIds) {
      const documented = normalize(catalog.port(id).ports.map((p) => parsePorts([p])[0]));
      if (!contains(documented, given)) {
        throw new MsPortsError(
          ctx.path,
          `${at} "${v as string}" lies outside the documented range ${formatPorts(documented)} (${id})`,
          `set ${at} to a range within ${formatPorts(documented)} (a narrower range is fine; a wider one is not documented)`,
        );
      }
    }
  };
}

/** A port range of a peer's own (`pstnGatewayPorts.media`): any valid range, since no source documents one to stay within. */
function peerRangeCheck(): Check {
  return (v, at, ctx) => {
    str({ nonEmpty: true })(v, at, ctx);
    try {
      parsePorts([v as string]);
    } catch (e) {
      if (e instanceof PortSpecError) throw new MsPortsError(ctx.path, `${at} "${v as string}": ${e.message}`, e.hint);
      throw e;
    }
  };
}

/** `pstnGatewayPorts` of MediationServer and FrontEndPool (collocated Mediation): the gateways' own ports. */
export const PSTN_GATEWAY_PORTS: Check = object({ sipTcp: integer(1, 65535), sipTls: integer(1, 65535), media: peerRangeCheck() }, 'pstnGatewayPorts');

/** A user's peers: CIDR, CIDR list (one address list), role, list of CIDRs and roles, or { name, cidrs }. */
export const PEERS: Check = (v, at, ctx) => (Array.isArray(v) ? serverListCheck()(v, at, ctx) : peerCheck()(v, at, ctx));

/**
 * `pools` of the Edge and the reverse proxy: peers as PEERS takes them, where every role is a Front
 * End pool or a Director (a role that plays `front-end` or `director`, in or outside the cloud).
 * Another role would get the pools' rows (SIP, PSOM, web publishing) it does not serve.
 */
export const POOLS: Check = (v, at, ctx) => {
  PEERS(v, at, ctx);
  const items: unknown[] = Array.isArray(v) ? v : [v];
  items.forEach((x, i) => {
    if (!(x instanceof SecurityRole)) return; // CIDRs stand for pools; constructs of another build are refused when wired
    if (x.plays().some((c) => c === 'front-end' || c === 'director')) return;
    throw new MsPortsError(
      ctx.path,
      `${Array.isArray(v) ? `${at}[${i}]` : at} is ${x.node.path} (${x.kind}), which is not a Front End pool or Director`,
      `list only the FrontEndPool and Director roles (or their CIDRs) in ${at}; wire other roles with their own props (e.g. clients for a ClientNetwork, domain for a DomainController)`,
    );
  });
};

/** Catalog ids of the client media rows `clientMediaPorts` narrows (seed 001 client table). */
const CLIENT_MEDIA_IDS = ['sfb.client.media-audio', 'sfb.client.media-video', 'sfb.client.media-file-transfer', 'sfb.client.media-app-sharing'];

/** `version`: a Skype for Business Server version (2015, 2019 or 'SE'). */
export const VERSION: Check = (v, at, ctx) => {
  if (v !== 2015 && v !== 2019 && v !== 'SE') {
    throw new MsPortsError(ctx.path, `${at} ${JSON.stringify(v)} is not a Skype for Business Server version`, `write ${at}: 2015, ${at}: 2019 (numbers) or ${at}: 'SE' (Subscription Edition, the default)`);
  }
};

/** The props every Skype role declared outside the cloud takes (SkypeOutsideProps, besides `cidrs`). */
export const SKYPE_OUTSIDE_KEYS: readonly string[] = ['network', 'name', 'clientMediaPorts', 'version'];

/** The props of SkypeRoleProps (and what `<kind>.fromAddresses` passes on), for the schema of `kind`. */
export function skypeRoleProps(kind: string): PropSchema {
  return {
    ...ROLE_PROPS,
    // an empty list gets the role's own message (and fromAddresses passes [])
    clients: (v, at, ctx) => (Array.isArray(v) && v.length === 0 ? undefined : serverListCheck()(v, at, ctx)),
    servers: serverListCheck(),
    clientMediaPorts: mediaRangeCheck(CLIENT_MEDIA_IDS),
    domain: satisfies((v) => typeof (v as { allowMembers?: unknown })?.allowMembers === 'function', 'a DomainController', 'pass the DomainController construct of the domain, e.g. domain: dc'),
    version: VERSION,
    cidrs: outsideCidrsCheck(kind),
    outsideCidrs: internal(cidrList()),
  };
}
