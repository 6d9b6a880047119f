/**
 * The refresh of the Microsoft 365 endpoints snapshot from a file a user downloaded from the web
 * service (https://endpoints.office.com/endpoints/worldwide?clientrequestid=<guid>): parse,
 * validate (shape, ids, CIDRs, ports), stamp the version, and say which endpoint sets changed.
 * Engine-free and file-free: the command (scripts/refresh-endpoints.ts) does the reading and writing.
 */
import { diffEndpointSets, diffLines, isServiceVersion, validateEndpointSets, validateSnapshot, type EndpointDiff, type EndpointSnapshot } from '../catalog/m365-endpoints';
import { MsPortsError } from '../model/errors';

export interface RefreshOptions {
  /** Name of the downloaded file, for errors. */
  readonly file: string;
  /** The web-service version of the download (https://endpoints.office.com/version/worldwide). Required for a bare download. */
  readonly version?: string;
  /** The snapshot being replaced, for the diff. */
  readonly current?: EndpointSnapshot;
  /** Where the records come from (default: the web service URL and the file name). */
  readonly source?: string;
}

export interface RefreshResult {
  readonly snapshot: EndpointSnapshot;
  readonly diff: EndpointDiff;
  /** The snapshot as written (2-space JSON and a final newline). */
  readonly text: string;
  /** What to print. */
  readonly lines: readonly string[];
}

export function refreshSnapshot(input: string, o: RefreshOptions): RefreshResult {
  let raw: unknown;
  try {
    raw = JSON.parse(input);
  } catch (e) {
    throw new MsPortsError(o.file, `the file is not JSON (${(e as Error).message})`, 'pass the file the endpoints web service returned with format JSON, unchanged');
  }
  if (o.version !== undefined && !isServiceVersion(o.version)) {
    throw new MsPortsError(o.file, `version "${o.version}" is not a web-service version`, 'pass the 10-digit version of https://endpoints.office.com/version/worldwide, e.g. --version 2025043000');
  }
  let snapshot: EndpointSnapshot;
  if (Array.isArray(raw)) {
    if (!o.version) {
      throw new MsPortsError(o.file, 'a web-service download carries no version', 'pass --version with the latest version of https://endpoints.office.com/version/worldwide (e.g. --version 2025043000)');
    }
    snapshot = {
      instance: 'Worldwide',
      version: o.version,
      source: o.source ?? `https://endpoints.office.com/endpoints/worldwide (downloaded as ${o.file.split(/[\\/]/).pop()})`,
      endpoints: validateEndpointSets(raw, o.file),
    };
  } else {
    const s = validateSnapshot(raw, o.file);
    if (o.version && o.version !== s.version) {
      throw new MsPortsError(o.file, `the file says version ${s.version}, but --version ${o.version} was given`, 'drop --version, or pass the version the file names');
    }
    snapshot = o.source ? { ...s, source: o.source } : s;
  }
  const sorted = { ...snapshot, endpoints: [...snapshot.endpoints] };
  const diff = diffEndpointSets(o.current?.endpoints ?? [], sorted.endpoints);
  const lines = [`Microsoft 365 endpoints snapshot ${o.current ? o.current.version : '(none)'} -> ${snapshot.version}: ${snapshot.endpoints.length} endpoint sets`, ...diffLines(diff)];
  if (o.current && o.current.version === snapshot.version && (diff.added.length || diff.removed.length || diff.changed.length)) {
    lines.push(`warning: the data changed but the version (${snapshot.version}) did not; check --version`);
  }
  return { snapshot: sorted, diff, text: `${JSON.stringify(sorted, null, 2)}\n`, lines };
}
