/**
 * The Microsoft 365 endpoint sets: records in the shape of Microsoft's endpoints web service
 * (https://endpoints.office.com/endpoints/worldwide; fields per ms-port-facts.md section 4.2), a
 * validator for them (also used by the refresh command on a user's download), and a diff between
 * two versions. The shipped snapshot (data/m365-endpoints-worldwide.json) is loaded on first use,
 * never at `require` time. No cdktf.
 */
import { CidrError, parseCidr, type Cidr } from '../model/cidr';
import { MsPortsError } from '../model/errors';
import { normalize, parsePortRange, PortSpecError, type PortRange } from '../model/ports';

export type ServiceArea = 'Exchange' | 'SharePoint' | 'Skype' | 'Common';
export type EndpointCategory = 'Optimize' | 'Allow' | 'Default';
export const SERVICE_AREAS: readonly ServiceArea[] = ['Exchange', 'SharePoint', 'Skype', 'Common'];
export const ENDPOINT_CATEGORIES: readonly EndpointCategory[] = ['Optimize', 'Allow', 'Default'];

/** One endpoint set, as the web service returns it. */
export interface EndpointSet {
  /** Immutable id of the endpoint set. */
  readonly id: number;
  readonly serviceArea: ServiceArea;
  readonly serviceAreaDisplayName?: string;
  /** DNS names; wildcards allowed; tenant parts are `*` (service) or `<tenant>` (generated docs tables). */
  readonly urls?: readonly string[];
  /** IPv4 and IPv6 CIDRs. */
  readonly ips?: readonly string[];
  /** Comma-separated ports or ranges, e.g. `80,443`. */
  readonly tcpPorts?: string;
  readonly udpPorts?: string;
  readonly expressRoute: boolean;
  readonly category: EndpointCategory;
  readonly required: boolean;
  readonly notes?: string;
}

/** A versioned snapshot: the version comes from the web service's version method. */
export interface EndpointSnapshot {
  /** `Worldwide` (the only instance shipped). */
  readonly instance: string;
  /** Web-service version, `YYYYMMDDNN`. */
  readonly version: string;
  /** Where the records come from. */
  readonly source: string;
  readonly endpoints: readonly EndpointSet[];
}

const KEYS = new Set(['id', 'serviceArea', 'serviceAreaDisplayName', 'urls', 'ips', 'tcpPorts', 'udpPorts', 'expressRoute', 'category', 'required', 'notes']);
const VERSION = /^\d{10}$/;
/** A DNS name or pattern: labels of letters, digits and hyphens, `*` wildcards, or the `<tenant>` placeholder. */
const NAME = /^(?=.{1,253}$)(\*|<tenant>|[a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?)(\.(\*|<tenant>|[a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?))*$/i;

function fail(where: string, problem: string, fix: string): never {
  throw new MsPortsError(where, problem, fix);
}

/** Parses a web-service port string (`80,443`, `3478-3481`); throws MsPortsError naming `where`. */
export function parseServicePorts(value: unknown, where: string): PortRange[] {
  if (typeof value !== 'string' || value.trim() === '') fail(where, `ports ${JSON.stringify(value)} are not a comma-separated string`, 'write ports like "80,443" or "3478-3481"');
  const out: PortRange[] = [];
  for (const part of value.split(',')) {
    try {
      out.push(parsePortRange(part.trim()));
    } catch (e) {
      if (e instanceof PortSpecError) fail(where, `port "${part.trim()}" is invalid: ${e.message}`, e.hint);
      throw e;
    }
  }
  return normalize(out);
}

/** Validates one record; returns it typed. Throws MsPortsError naming `where` (e.g. `file.json[3]`). */
export function validateEndpointSet(raw: unknown, where: string): EndpointSet {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(where, 'the record is not an object', 'each element of the endpoints array is an object with id, serviceArea, category, required, ...');
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!KEYS.has(k)) fail(`${where}.${k}`, `unknown field "${k}"`, `use only the web service's fields: ${[...KEYS].join(', ')}`);
  }
  if (!Number.isInteger(r.id) || (r.id as number) < 1) fail(`${where}.id`, `id ${JSON.stringify(r.id)} is not a positive whole number`, 'keep the id the web service gave the endpoint set');
  if (!SERVICE_AREAS.includes(r.serviceArea as ServiceArea)) fail(`${where}.serviceArea`, `serviceArea ${JSON.stringify(r.serviceArea)} is unknown`, `use one of ${SERVICE_AREAS.join(', ')}`);
  if (!ENDPOINT_CATEGORIES.includes(r.category as EndpointCategory)) fail(`${where}.category`, `category ${JSON.stringify(r.category)} is unknown`, `use one of ${ENDPOINT_CATEGORIES.join(', ')}`);
  for (const k of ['required', 'expressRoute'] as const) {
    if (typeof r[k] !== 'boolean') fail(`${where}.${k}`, `${k} ${JSON.stringify(r[k])} is not true or false`, `give ${k} as a JSON boolean`);
  }
  for (const k of ['serviceAreaDisplayName', 'notes'] as const) {
    if (r[k] !== undefined && typeof r[k] !== 'string') fail(`${where}.${k}`, `${k} is not a string`, `give ${k} as a string or leave it out`);
  }
  if (r.urls !== undefined) {
    if (!Array.isArray(r.urls) || r.urls.length === 0) fail(`${where}.urls`, 'urls is not a non-empty array', 'give urls as an array of DNS names, or leave it out');
    r.urls.forEach((u, i) => {
      if (typeof u !== 'string' || !NAME.test(u)) fail(`${where}.urls[${i}]`, `${JSON.stringify(u)} is not a DNS name or pattern`, 'give a name such as "outlook.office.com" or "*.sharepoint.com", without scheme or path');
    });
  }
  if (r.ips !== undefined) {
    if (!Array.isArray(r.ips) || r.ips.length === 0) fail(`${where}.ips`, 'ips is not a non-empty array', 'give ips as an array of CIDRs, or leave it out');
    r.ips.forEach((c, i) => {
      if (typeof c !== 'string') fail(`${where}.ips[${i}]`, `${JSON.stringify(c)} is not a CIDR string`, 'give an address with a prefix, e.g. "52.112.0.0/14"');
      try {
        parseCidr(c);
      } catch (e) {
        if (e instanceof CidrError) fail(`${where}.ips[${i}]`, e.message, 'give a network address with its prefix (host bits zero), e.g. "52.112.0.0/14"');
        throw e;
      }
    });
  }
  if (r.tcpPorts === undefined && r.udpPorts === undefined) fail(where, 'the record has neither tcpPorts nor udpPorts', 'every endpoint set names its ports');
  if (r.tcpPorts !== undefined) parseServicePorts(r.tcpPorts, `${where}.tcpPorts`);
  if (r.udpPorts !== undefined) parseServicePorts(r.udpPorts, `${where}.udpPorts`);
  if (r.urls === undefined && r.ips === undefined) fail(where, 'the record has neither urls nor ips', 'every endpoint set names addresses or names');
  return r as unknown as EndpointSet;
}

/** Validates a whole endpoints array (the web service's answer); ids must be unique. */
export function validateEndpointSets(raw: unknown, where: string): EndpointSet[] {
  if (!Array.isArray(raw)) fail(where, 'the document is not a JSON array of endpoint sets', 'download https://endpoints.office.com/endpoints/worldwide?clientrequestid=<guid> (format JSON) and pass that file');
  if (raw.length === 0) fail(where, 'the array holds no endpoint sets', 'pass a complete download');
  const seen = new Set<number>();
  return raw.map((r, i) => {
    const set = validateEndpointSet(r, `${where}[${i}]`);
    if (seen.has(set.id)) fail(`${where}[${i}].id`, `endpoint set id ${set.id} appears twice`, 'pass the download unchanged; ids are unique in the web service');
    seen.add(set.id);
    return set;
  });
}

/** Validates a snapshot document (the shipped file's shape). */
export function validateSnapshot(raw: unknown, where: string): EndpointSnapshot {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(where, 'the snapshot is not an object', 'write { instance, version, source, endpoints }');
  const r = raw as Record<string, unknown>;
  if (typeof r.version !== 'string' || !VERSION.test(r.version)) fail(`${where}.version`, `version ${JSON.stringify(r.version)} is not a web-service version`, 'use the 10-digit version of https://endpoints.office.com/version/worldwide, e.g. 2025043000');
  if (typeof r.instance !== 'string' || r.instance === '') fail(`${where}.instance`, 'instance is missing', 'write "Worldwide"');
  if (typeof r.source !== 'string') fail(`${where}.source`, 'source is missing', 'say where the records come from');
  return { instance: r.instance, version: r.version, source: r.source, endpoints: validateEndpointSets(r.endpoints, `${where}.endpoints`) };
}

/** True for a 10-digit web-service version. */
export function isServiceVersion(v: string): boolean {
  return VERSION.test(v);
}

let shipped: EndpointSnapshot | undefined;

/** The shipped snapshot, read and validated on the first call (never at module load). */
export function m365Snapshot(): EndpointSnapshot {
  if (!shipped) {
    // A lazy require: the JSON is parsed here, on first use, and ships inside the package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const raw: unknown = require('./data/m365-endpoints-worldwide.json');
    shipped = validateSnapshot(raw, 'lib/catalog/data/m365-endpoints-worldwide.json');
  }
  return shipped;
}

/** The address ranges of a set, by IP version. */
export function setAddresses(set: EndpointSet): { v4: Cidr[]; v6: Cidr[] } {
  const all = (set.ips ?? []).map((c) => parseCidr(c));
  return { v4: all.filter((c) => c.version === 4), v6: all.filter((c) => c.version === 6) };
}

/** The citation of a set in rule descriptions: set id and snapshot version. */
export function setCitation(id: number, version: string): string {
  return `m365.set${id}.v${version}`;
}

/** What changed between two versions of the endpoint data. */
export interface EndpointDiff {
  readonly added: readonly number[];
  readonly removed: readonly number[];
  /** Changed sets with the fields that differ. */
  readonly changed: readonly { readonly id: number; readonly fields: readonly string[] }[];
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffEndpointSets(before: readonly EndpointSet[], after: readonly EndpointSet[]): EndpointDiff {
  const b = new Map(before.map((s) => [s.id, s]));
  const a = new Map(after.map((s) => [s.id, s]));
  const added = [...a.keys()].filter((id) => !b.has(id)).sort((x, y) => x - y);
  const removed = [...b.keys()].filter((id) => !a.has(id)).sort((x, y) => x - y);
  const changed: { id: number; fields: string[] }[] = [];
  for (const [id, next] of [...a.entries()].sort((x, y) => x[0] - y[0])) {
    const prev = b.get(id);
    if (!prev) continue;
    const fields = [...KEYS].filter((k) => !same((prev as unknown as Record<string, unknown>)[k], (next as unknown as Record<string, unknown>)[k]));
    if (fields.length) changed.push({ id, fields });
  }
  return { added, removed, changed };
}

/** Human-readable lines for a diff (used by the refresh command). */
export function diffLines(diff: EndpointDiff): string[] {
  const out: string[] = [];
  out.push(`added: ${diff.added.length ? diff.added.join(', ') : 'none'}`);
  out.push(`removed: ${diff.removed.length ? diff.removed.join(', ') : 'none'}`);
  out.push(`changed: ${diff.changed.length ? diff.changed.map((c) => `${c.id} (${c.fields.join(', ')})`).join('; ') : 'none'}`);
  return out;
}
