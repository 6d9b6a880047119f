/**
 * Turns catalog entries into flows, given which peers stand behind each peer class. Used by every
 * pattern; cloud-neutral (no cdktf). Entries that are not turned into flows are reported as
 * skipped with the reason, never dropped silently.
 */
import { entryRanges } from '../catalog/index';
import type { IpsecExceptionEntry, LoadBalancerEntry, PeerClass, PortEntry } from '../catalog/types';
import { MsPortsError } from './errors';
import type { Flow, IpsecNote, Listener, Peer, SkippedEntry } from './intent';
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
  /** What the user wrote for each override, by entry id (e.g. `mediaPorts.video "50000-65535"`), for errors. */
  readonly portOverrideLabels?: ReadonlyMap<string, string>;
  /** The dynamic RPC range, for entries that use the `dynamic-rpc` token. */
  readonly dynamicRpc?: readonly PortRange[];
  /** Reverse direction: declare the flows of the entries' peers towards the role (e.g. a server reaching a client's media ports). */
  readonly asPeer?: boolean;
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
export function resolvePorts(e: PortEntry, o: Pick<DeclareOptions, 'path' | 'portOverrides' | 'portOverrideLabels' | 'dynamicRpc'>): PortRange[] {
  const documented = normalize(entryRanges(e, o.dynamicRpc ?? []));
  const override = o.portOverrides?.get(e.id);
  if (!override) return documented;
  const label = o.portOverrideLabels?.get(e.id);
  const given = label ? `${label} (ports ${formatPorts(override)} for ${e.id})` : `ports ${formatPorts(override)} for ${e.id}`;
  if (!e.configurable) {
    throw new MsPortsError(o.path, `${e.id} is not configurable, but ${given} were given for it`, 'remove the override; only configurable ranges (media ports) can be narrowed');
  }
  if (!contains(documented, override)) {
    throw new MsPortsError(
      o.path,
      `${given} ${label ? 'lies' : 'lie'} outside the documented range ${formatPorts(documented)}`,
      `${label ? `set ${label.split(' ')[0]} to` : 'configure'} a range within ${formatPorts(documented)} (a narrower range is fine; a wider one is not documented)`,
    );
  }
  return normalize(override);
}

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

export function declareListeners(entries: readonly LoadBalancerEntry[], o: Pick<DeclareOptions, 'conditions' | 'enabled'>): { listeners: Listener[]; skipped: SkippedEntry[] } {
  const listeners: Listener[] = [];
  const skipped: SkippedEntry[] = [];
  for (const e of entries) {
    const why = applies(e, o);
    if (why) {
      skipped.push({ catalogId: e.id, reason: why });
      continue;
    }
    const same = listeners.find((l) => l.port === e.port && l.transport === e.transport);
    if (same) {
      listeners[listeners.indexOf(same)] = { ...same, catalogIds: [...same.catalogIds, e.id] };
      continue;
    }
    listeners.push({ port: e.port, transport: e.transport, catalogIds: [e.id], purpose: e.purpose });
  }
  return { listeners, skipped };
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
