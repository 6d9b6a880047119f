/**
 * The catalog: every documented port requirement, with its source. Query it by id, role, port or
 * family. Indexes are built on the first query, never at module load.
 */
import { parsePortRange, type PortRange } from '../model/ports';
import {
  SKYPE_EDGE_EXTERNAL_PORTS,
  SKYPE_EDGE_INTERNAL_PORTS,
  SKYPE_EDGE_LOAD_BALANCER_PORTS,
  SKYPE_EDGE_PEER_PORTS,
  SKYPE_REVERSE_PROXY_PORTS,
} from './skype-edge';
import { SKYPE_LOAD_BALANCER_SETTINGS } from './skype-load-balancing';
import { SKYPE_CLIENT_PORTS, SKYPE_IPSEC_EXCEPTIONS, SKYPE_LOAD_BALANCER_PORTS, SKYPE_SERVER_PORTS } from './skype-server';
import { SKYPE_MEDIATION_GATEWAY_PORTS } from './skype-mediation-gateway';
import { WINDOWS_SERVICE_PORTS, WINDOWS_SERVICES, type WindowsService } from './windows';
import { AD_TRUST_PORTS, AD_TRUST_PPTP_PORTS } from './windows-trusts';
import { SFBO_CLIENT_PORTS } from './office365';
import { ONEDRIVE_PORTS } from './onedrive';
import { MESSENGER_PORTS } from './messenger';
import { SKYPE_HYBRID_PORTS } from './skype-hybrid';
import { TEAMS_DIRECT_ROUTING_PORTS } from './teams-direct-routing';
import { FAMILY_VERSIONS, type SkypeVersion } from './versions';
import type { Family, IpsecExceptionEntry, LoadBalancerEntry, LoadBalancerSettingEntry, PortEntry, Transport } from './types';

export * from './types';
export * from './roles';
export * from './versions';
import type { CatalogRole, IpsecRole, LoadBalancedPool } from './roles';

type AnyEntry = PortEntry | LoadBalancerEntry | IpsecExceptionEntry;

interface Index {
  readonly ports: readonly PortEntry[];
  readonly loadBalancer: readonly LoadBalancerEntry[];
  readonly byId: ReadonlyMap<string, AnyEntry>;
  /** Port entries by catalog role, in catalog order (frozen: every caller shares them). */
  readonly byRole: ReadonlyMap<string, readonly PortEntry[]>;
  /** Load balancer entries by `pool|mode`, in catalog order (frozen). */
  readonly loadBalancerBy: ReadonlyMap<string, readonly LoadBalancerEntry[]>;
}

const NONE: readonly never[] = Object.freeze([]);

/** Entries grouped by a key, each group in the entries' order and frozen. */
function groupBy<T>(entries: readonly T[], key: (e: T) => string): Map<string, readonly T[]> {
  const out = new Map<string, T[]>();
  for (const e of entries) {
    const list = out.get(key(e));
    if (list) list.push(e);
    else out.set(key(e), [e]);
  }
  for (const list of out.values()) Object.freeze(list);
  return out;
}

let index: Index | undefined;

function build(): Index {
  const ports: PortEntry[] = [
    ...SKYPE_SERVER_PORTS,
    ...SKYPE_MEDIATION_GATEWAY_PORTS,
    ...SKYPE_CLIENT_PORTS,
    ...SKYPE_EDGE_EXTERNAL_PORTS,
    ...SKYPE_EDGE_PEER_PORTS,
    ...SKYPE_EDGE_INTERNAL_PORTS,
    ...SKYPE_REVERSE_PROXY_PORTS,
    ...SKYPE_HYBRID_PORTS,
    ...WINDOWS_SERVICE_PORTS,
    ...AD_TRUST_PORTS,
    ...AD_TRUST_PPTP_PORTS,
    ...SFBO_CLIENT_PORTS,
    ...ONEDRIVE_PORTS,
    ...MESSENGER_PORTS,
    ...TEAMS_DIRECT_ROUTING_PORTS,
  ];
  const loadBalancer: LoadBalancerEntry[] = [...SKYPE_LOAD_BALANCER_PORTS, ...SKYPE_EDGE_LOAD_BALANCER_PORTS];
  const byId = new Map<string, AnyEntry>();
  for (const e of [...ports, ...loadBalancer, ...SKYPE_IPSEC_EXCEPTIONS]) {
    if (byId.has(e.id)) throw new Error(`catalog: duplicate id ${e.id}`);
    byId.set(e.id, e);
  }
  return { ports, loadBalancer, byId, byRole: groupBy(ports, (e) => e.role), loadBalancerBy: groupBy(loadBalancer, (e) => `${e.pool}|${e.mode}`) };
}

function idx(): Index {
  return (index ??= build());
}

/** The ranges of an entry, with the dynamic RPC token resolved by the caller's setting. */
export function entryRanges(entry: PortEntry, dynamicRpc: readonly PortRange[] = []): PortRange[] {
  let fixed = parsedRanges.get(entry);
  if (!fixed) {
    fixed = entry.ports.map((p) => (p === 'dynamic-rpc' ? undefined : Object.freeze(parsePortRange(p))));
    parsedRanges.set(entry, fixed);
  }
  const out: PortRange[] = [];
  for (const r of fixed) {
    if (r) out.push(r);
    else out.push(...dynamicRpc);
  }
  return out;
}

/** Each catalog entry's ports parsed once (`undefined` stands for the dynamic RPC token). */
const parsedRanges = new WeakMap<PortEntry, readonly (PortRange | undefined)[]>();

export const catalog = {
  /** Every port entry (server and client tables of every family). */
  all(): readonly PortEntry[] {
    return idx().ports;
  },
  /** Any entry (port, load balancer or IPsec) by its id; throws for an unknown id. */
  byId(id: string): AnyEntry {
    const e = idx().byId.get(id);
    if (!e) throw new Error(`catalog: no entry with id "${id}"`);
    return e;
  },
  /** Port entry by id; throws when the id is unknown or not a port entry. */
  port(id: string): PortEntry {
    const e = catalog.byId(id);
    if (!('ports' in e)) throw new Error(`catalog: "${id}" is not a port entry`);
    return e;
  },
  /** Whether `role` names a catalog role (for input read at run time, e.g. the CLI). */
  isRole(role: string): role is CatalogRole {
    return idx().byRole.has(role);
  },
  has(id: string): boolean {
    return idx().byId.has(id);
  },
  byRole(role: CatalogRole): readonly PortEntry[] {
    return idx().byRole.get(role) ?? NONE;
  },
  byFamily(family: Family): readonly PortEntry[] {
    return idx().ports.filter((e) => e.family === family);
  },
  /** Entries whose ports include `port` (on `transport`, when given). Dynamic RPC entries match the modern range. */
  byPort(port: number, transport?: Transport): readonly PortEntry[] {
    return idx().ports.filter(
      (e) =>
        (!transport || e.transports.includes(transport)) &&
        entryRanges(e, [{ from: 49152, to: 65535 }]).some((r) => r.from <= port && port <= r.to),
    );
  },
  /** Load balancer entries of a pool (Front End, Director, Mediation, Edge external/internal) in a mode. */
  loadBalancer(pool: LoadBalancedPool, mode: 'hardware' | 'dns'): readonly LoadBalancerEntry[] {
    return idx().loadBalancerBy.get(`${pool}|${mode}`) ?? NONE;
  },
  /** Every documented load balancer setting (persistence, idle timeout, client address), in catalog order. */
  loadBalancerSettings(): readonly LoadBalancerSettingEntry[] {
    return SKYPE_LOAD_BALANCER_SETTINGS;
  },
  /** The settings that apply to one listener of a pool's load balancer (by pool, service, port and transport). */
  loadBalancerSettingsFor(entry: Pick<LoadBalancerEntry, 'pool' | 'service' | 'port' | 'transport'>): readonly LoadBalancerSettingEntry[] {
    return SKYPE_LOAD_BALANCER_SETTINGS.filter((s) =>
      s.ports.some((p) => p.pool === entry.pool && (p.service ?? '') === (entry.service ?? '') && p.port === entry.port && p.transport === entry.transport),
    );
  },
  ipsec(role: IpsecRole): readonly IpsecExceptionEntry[] {
    return SKYPE_IPSEC_EXCEPTIONS.filter((e) => e.role === role);
  },
  /** A Windows service (KB832017) by its key, e.g. `dns`, `smb`, `rds`; throws with the known keys. */
  service(key: string): WindowsService {
    const svc = WINDOWS_SERVICES.find((s) => s.key === key);
    if (!svc) throw new Error(`catalog: no Windows service "${key}"; known: ${WINDOWS_SERVICES.map((s) => s.key).join(', ')}`);
    return svc;
  },
  /** Every Windows service key. */
  serviceKeys(): readonly string[] {
    return WINDOWS_SERVICES.map((s) => s.key);
  },
  /**
   * The Skype for Business Server versions an entry applies to, with the source: the entry's own
   * `versions` (its `decision` or the removal list says why), else its file's default
   * (catalog/versions.ts). Undefined for entries of other products (Windows, Microsoft 365, Teams).
   */
  versionsOf(entry: PortEntry | LoadBalancerEntry | IpsecExceptionEntry): { readonly versions: readonly SkypeVersion[]; readonly source: string } | undefined {
    const d = FAMILY_VERSIONS[entry.family];
    if (!d) return undefined;
    const own = 'versions' in entry ? entry.versions : undefined;
    return own ? { versions: own, source: `${entry.id}: features Skype for Business Server 2019 removed (MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfBServer2019/deprecated.md@042b692552b21ff78ff839b7c645ddd69f7e5aa2)` } : d;
  },
  /** Whether an entry applies to a Skype for Business Server version (entries of other products: always). */
  appliesTo(entry: PortEntry | LoadBalancerEntry | IpsecExceptionEntry, version: SkypeVersion): boolean {
    const v = catalog.versionsOf(entry);
    return v === undefined || v.versions.includes(version);
  },
  /** Counts, for reports and notes. */
  counts(): { ports: number; loadBalancer: number; ipsec: number } {
    return { ports: idx().ports.length, loadBalancer: idx().loadBalancer.length, ipsec: SKYPE_IPSEC_EXCEPTIONS.length };
  },
};
