/**
 * Turns catalog entries into flows, given which peers stand behind each peer class. Used by every
 * pattern; cloud-neutral (no cdktf). Entries that are not turned into flows are reported as
 * skipped with the reason, never dropped silently.
 */
import { catalog, entryRanges } from '../catalog/index';
import type { IpsecExceptionEntry, LoadBalancerEntry, PeerClass, PortEntry } from '../catalog/types';
import { MsPortsError } from './errors';
import { peerId } from './peer';
import type { Flow, IpsecNote, Listener, ListenerSettings, Peer, SkippedEntry } from './intent';
import { contains, formatPorts, normalize, type PortRange } from './ports';

export interface DeclareOptions {
  /** Construct path, for errors. */
  readonly path: string;
  /** Concrete peers per class; a class that is absent or empty has no peer configured. */
  readonly peers: Partial<Record<PeerClass, readonly Peer[]>>;
  /** Conditions that hold (e.g. `mediation-collocated`). */
  readonly conditions?: ReadonlySet<string>;
  /** Optional (or legacy) entry ids the user enabled. */
  readonly enabled?: ReadonlySet<string>;
  /** Narrower port ranges for configurable entries, by entry id; must lie within the documented range. */
  readonly portOverrides?: ReadonlyMap<string, readonly PortRange[]>;
  /** The dynamic RPC range, for entries that use the `dynamic-rpc` token. */
  readonly dynamicRpc?: readonly PortRange[];
  /** Reverse direction: declare the flows of the entries' peers towards the role (e.g. a server reaching a client's media ports). */
  readonly asPeer?: boolean;
}

/** How a role's entries resolve: conditions, enabled optional entries, narrower ranges, the RPC range. */
export type EntryOptions = Pick<DeclareOptions, 'conditions' | 'enabled' | 'portOverrides' | 'dynamicRpc'>;

/**
 * The other end of a flow, as a role of a known kind: how it is addressed (`peer`), which peer
 * classes it plays (a Director plays `servers` and `director`), and, for a peer that declares no
 * flows of its own (a role outside the cloud, an address list given for a prop), the catalog
 * entries its kind implements, so that this role can render both directions of every documented
 * flow of the pair. In-cloud roles leave `entries` empty: they declare their own side, and the
 * planner mirrors role-to-role flows.
 */
export interface PeerSide {
  readonly peer: Peer;
  readonly plays: readonly PeerClass[];
  readonly entries: readonly PortEntry[];
  readonly options?: EntryOptions;
}

export interface Declared {
  readonly flows: Flow[];
  readonly skipped: SkippedEntry[];
}

/** Whether an entry applies, and why not if it does not. */
export function applies(e: { id: string; requirement: string; condition?: string }, o: Pick<DeclareOptions, 'conditions' | 'enabled'>): string | undefined {
  if (e.requirement === 'conditional' && !(e.condition && o.conditions?.has(e.condition))) return `condition "${e.condition}" does not hold`;
  if ((e.requirement === 'optional' || e.requirement === 'legacy') && !o.enabled?.has(e.id)) return `${e.requirement}; not enabled`;
  return undefined;
}

/** Ports of an entry after a validated override. */
export function resolvePorts(e: PortEntry, o: Pick<DeclareOptions, 'path' | 'portOverrides' | 'dynamicRpc'>): readonly PortRange[] {
  const documented = documentedPorts(e, o.dynamicRpc ?? []);
  const override = o.portOverrides?.get(e.id);
  if (!override) return documented;
  // The peer's own ports (a gateway's listening port): the value given replaces the default, whatever it is.
  if (e.peerPorts) return normalize(override);
  if (!e.configurable) {
    throw new MsPortsError(o.path, `${e.id} is not configurable, but ports ${formatPorts(override)} were given for it`, 'remove the override; only configurable ranges (media ports) can be narrowed');
  }
  if (!contains(documented, override)) {
    throw new MsPortsError(
      o.path,
      `ports ${formatPorts(override)} for ${e.id} lie outside the documented range ${formatPorts(documented)}`,
      `configure a range within ${formatPorts(documented)} (a narrower range is fine; a wider one is not documented)`,
    );
  }
  return normalize(override);
}

/** An entry's documented ports; those without the dynamic RPC token are the same for every role: resolved once (frozen). */
function documentedPorts(e: PortEntry, dynamicRpc: readonly PortRange[]): readonly PortRange[] {
  let fixed = fixedPorts.get(e);
  if (fixed) return fixed;
  const ports = normalize(entryRanges(e, dynamicRpc));
  if (e.ports.includes('dynamic-rpc')) return ports;
  fixed = Object.freeze(ports.map((r) => Object.freeze(r)));
  fixedPorts.set(e, fixed);
  return fixed;
}
const fixedPorts = new WeakMap<PortEntry, readonly PortRange[]>();

export function declareFlows(entries: readonly PortEntry[], o: DeclareOptions): Declared {
  const flows: Flow[] = [];
  const skipped: SkippedEntry[] = [];
  for (const e of entries) {
    const why = applies(e, o);
    if (why) {
      skipped.push({ catalogId: e.id, reason: why });
      continue;
    }
    const ports = e.transports.some((t) => t === 'tcp' || t === 'udp') ? resolvePorts(e, o) : [];
    if (e.peerPorts && ports.length === 0) {
      // Never "all ports": a peer's ports that no source gives are rendered only once the user names them.
      skipped.push({ catalogId: e.id, reason: `the peer's own ports, for which no source gives a default: set ${e.peerPorts.prop} to render it` });
      continue;
    }
    const inbound = o.asPeer ? e.direction === 'outbound' : e.direction === 'inbound';
    for (const cls of e.peers) {
      const peers = o.peers[cls];
      if (!peers || peers.length === 0) {
        skipped.push({ catalogId: e.id, reason: cls === 'local' ? 'peer is the same host: no network rule needed' : `no peer configured for "${cls}"` });
        continue;
      }
      for (const peer of peers) {
        for (const t of e.transports) {
          flows.push({
            direction: inbound ? 'ingress' : 'egress',
            peer,
            transport: t,
            ports: t === 'tcp' || t === 'udp' ? ports : [],
            catalogIds: [e.id],
            purpose: e.purpose,
          });
        }
      }
    }
  }
  return { flows, skipped };
}

/** A short frontend (VIP) name from a load balancer entry's service: `Access Edge service` -> `access`. */
export function frontendName(service: string): string {
  const words = service.toLowerCase().replace(/a\/v/g, 'av').replace(/\b(edge|service|server)\b/g, ' ').replace(/[^a-z0-9]+/g, ' ').trim().split(/\s+/);
  return words.join('-') || 'frontend';
}

/** The key of a frontend in a host's `serviceAddresses`: `web-conferencing` -> `webConferencing`. */
export function frontendKey(frontend: string): string {
  return frontend.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function declareListeners(entries: readonly LoadBalancerEntry[], o: Pick<DeclareOptions, 'conditions' | 'enabled'>): { listeners: Listener[]; skipped: SkippedEntry[] } {
  const listeners: Listener[] = [];
  const skipped: SkippedEntry[] = [];
  for (const e of entries) {
    const why = applies(e, o);
    if (why) {
      skipped.push({ catalogId: e.id, reason: why });
      continue;
    }
    const frontend = e.service ? frontendName(e.service) : undefined;
    const settings = listenerSettings(e);
    const same = listeners.find((l) => l.port === e.port && l.transport === e.transport && l.frontend === frontend);
    if (same) {
      const merged = mergeSettings(same.settings, settings);
      listeners[listeners.indexOf(same)] = { ...same, catalogIds: [...same.catalogIds, e.id], ...(merged ? { settings: merged } : {}) };
      continue;
    }
    listeners.push({ ...(frontend ? { frontend } : {}), port: e.port, transport: e.transport, catalogIds: [e.id], purpose: e.purpose, ...(settings ? { settings } : {}) });
  }
  return { listeners, skipped };
}

/** The catalog's documented load balancer settings of one load balancer entry's listener, or undefined. */
function listenerSettings(e: LoadBalancerEntry): ListenerSettings | undefined {
  let out: ListenerSettings | undefined;
  for (const s of catalog.loadBalancerSettingsFor(e)) {
    const one: ListenerSettings =
      s.behavior === 'source-address-persistence'
        ? { sourceAddressPersistence: true, catalogIds: [s.id] }
        : s.behavior === 'tcp-idle-timeout'
          ? { tcpIdleTimeoutSeconds: s.seconds!, catalogIds: [s.id] }
          : { keepClientAddress: true, catalogIds: [s.id] };
    out = mergeSettings(out, one);
  }
  return out;
}

function mergeSettings(a: ListenerSettings | undefined, b: ListenerSettings | undefined): ListenerSettings | undefined {
  if (!a || !b) return a ?? b;
  const idle = [a.tcpIdleTimeoutSeconds, b.tcpIdleTimeoutSeconds].filter((x): x is number => x !== undefined);
  return {
    ...(a.sourceAddressPersistence || b.sourceAddressPersistence ? { sourceAddressPersistence: true as const } : {}),
    // Two documented timeouts on one port: the longer, so that neither cuts a connection the other keeps.
    ...(idle.length ? { tcpIdleTimeoutSeconds: Math.max(...idle) } : {}),
    ...(a.keepClientAddress || b.keepClientAddress ? { keepClientAddress: true as const } : {}),
    catalogIds: [...new Set([...a.catalogIds, ...b.catalogIds])].sort(),
  };
}

export function declareIpsec(
  entries: readonly IpsecExceptionEntry[],
  o: Pick<DeclareOptions, 'conditions' | 'enabled'> & { clientMediaPorts: string },
): { ipsec: IpsecNote[]; skipped: SkippedEntry[] } {
  const ipsec: IpsecNote[] = [];
  const skipped: SkippedEntry[] = [];
  for (const e of entries) {
    const why = applies({ id: e.id, requirement: e.condition ? 'conditional' : 'required', condition: e.condition }, o);
    if (why) {
      skipped.push({ catalogId: e.id, reason: why });
      continue;
    }
    ipsec.push({
      catalogId: e.id,
      ruleName: e.ruleName,
      direction: e.direction,
      transports: e.transports,
      sourcePorts: e.sourcePorts === 'any' ? 'any' : o.clientMediaPorts,
      destinationPorts: 'any',
      reason: e.purpose,
    });
  }
  return { ipsec, skipped };
}


/**
 * Every documented flow of one role with the peers it is wired to, from this role's side:
 * - its own entries, each towards the sides that play the entry's peer classes (`pool-members`
 *   is the role itself, when `selfPeer` is given);
 * - for each side that carries entries (outside roles, address lists), that kind's entries whose
 *   peer classes this role plays, reversed: what the peer listens on becomes this role's egress,
 *   what the peer opens towards this role becomes its ingress.
 * Pure and deterministic; never widens (ports come from the entries and validated overrides).
 */
export function declarePairs(
  own: { readonly entries: readonly PortEntry[]; readonly options?: EntryOptions },
  self: { readonly path: string; readonly plays: readonly PeerClass[]; readonly selfPeer?: Peer },
  sides: readonly PeerSide[],
): Declared {
  const peers: Partial<Record<PeerClass, Peer[]>> = {};
  const seen = new Set<string>();
  for (const side of sides) {
    for (const cls of side.plays) {
      const key = `${cls}|${peerId(side.peer)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      (peers[cls] ??= []).push(side.peer);
    }
  }
  if (self.selfPeer) peers['pool-members'] = [self.selfPeer];
  const mine = declareFlows(own.entries, { ...own.options, path: self.path, peers });
  const flows = [...mine.flows];
  for (const side of sides) {
    if (side.entries.length === 0) continue;
    const towardsSelf: Partial<Record<PeerClass, Peer[]>> = {};
    for (const cls of self.plays) towardsSelf[cls] = [side.peer];
    flows.push(...declareFlows(side.entries, { ...side.options, path: self.path, peers: towardsSelf, asPeer: true }).flows);
  }
  return { flows, skipped: mine.skipped };
}
