/**
 * Optional peer packages, loaded on first use. The provider packages are optional peers: an app
 * for one cloud installs that cloud's provider only (the Azure one alone is about 270 MB). The
 * renderers require provider classes lazily through `requirePeer`, so loading the library loads
 * no provider code, and a missing provider becomes an MsPortsError naming the package to install
 * instead of a raw MODULE_NOT_FOUND.
 *
 * No module specifier lives here: the callers' `require('@cdktf/provider-.../lib/...')` calls are
 * rewritten for the cdktn build like every import, and the package named in the error is read off
 * the failed specifier, so each build names its own provider package (`@cdktf/...` or `@cdktn/...`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MsPortsError } from '../model/errors';

/** The error code a code tool matches instead of wording. */
export const MISSING_PEER_CODE = 'missing-peer';

/** The package a specifier names (`@scope/name` or `name`), without the deep path. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The provider package a module-not-found error is about, or undefined when the error is another
 * one (a provider that is installed but broken keeps its own error). Node says
 * `Cannot find module '<specifier>'`; jest's resolver says the same before ` from '<file>'`.
 */
export function missingProvider(e: unknown): string | undefined {
  // Duck-typed: an error from another realm (jest's resolver) is no `instanceof Error` here.
  if (e === null || typeof e !== 'object' || typeof (e as Error).message !== 'string') return undefined;
  const code = (e as NodeJS.ErrnoException).code;
  if (code !== undefined && code !== 'MODULE_NOT_FOUND') return undefined;
  const m = /Cannot find module '([^']+)'/.exec((e as Error).message);
  if (!m) return undefined;
  const pkg = packageOf(m[1]);
  return /^@cdkt[fn]\/provider-[a-z0-9-]+$/.test(pkg) ? pkg : undefined;
}

/** The version range of `pkg` in this library's peerDependencies, read from its package.json. */
export function peerRange(pkg: string, from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      try {
        const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; peerDependencies?: Record<string, string> };
        if (manifest.name === 'cdktf-ms-ports') return manifest.peerDependencies?.[pkg];
      } catch {
        // not ours (or unreadable): keep walking up
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The version of `pkg` installed where this library resolves it, or undefined when it is not installed. */
export function installedVersion(pkg: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${pkg}/package.json`) as { version?: string }).version ?? 'unknown';
  } catch {
    return undefined;
  }
}

/**
 * Runs `load` (which requires provider modules) and turns a missing provider package into an
 * MsPortsError at `owner` (a construct path) that names the package, the version range and why
 * it is needed (`what`, e.g. "Azure network security groups"). A provider that is installed but
 * lacks the module (a version outside the range) is told apart from one that is not installed.
 */
export function requirePeer<T>(owner: string, what: string, load: () => T): T {
  try {
    return load();
  } catch (e) {
    const pkg = missingProvider(e);
    if (!pkg) throw e;
    const range = peerRange(pkg);
    const spec = range ? `${pkg}@"${range}"` : pkg;
    const version = installedVersion(pkg);
    const module = /Cannot find module '([^']+)'/.exec((e as Error).message)![1];
    throw new MsPortsError(
      owner,
      version === undefined
        ? `${what} need the provider package ${pkg}, which is not installed (it is an optional peer dependency of cdktf-ms-ports: apps install the provider of each cloud they use)`
        : `${what} need ${module}, which the installed ${pkg} ${version} does not have (cdktf-ms-ports supports ${range ?? 'another version'})`,
      `install it in the app: npm install ${spec}`,
      MISSING_PEER_CODE,
    );
  }
}
