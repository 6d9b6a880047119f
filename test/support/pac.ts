/**
 * A small PAC interpreter for tests: the Netscape helper functions a PAC file may call, and the
 * file run in a fresh `vm` context, so tests evaluate FindProxyForURL instead of matching strings.
 */
import * as vm from 'vm';

/** Shell-expression match: `*` any run of characters, `?` one character; the whole string. */
export function shExpMatch(str: string, pattern: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(str);
}

/** True when `host` ends with `domain` (Netscape: a plain suffix test). */
export function dnsDomainIs(host: string, domain: string): boolean {
  return host.length >= domain.length && host.slice(host.length - domain.length) === domain;
}

/** True when the host name has no dots. */
export function isPlainHostName(host: string): boolean {
  return !host.includes('.');
}

/** True when `host` is `hostdom` or its first label. */
export function localHostOrDomainIs(host: string, hostdom: string): boolean {
  return host === hostdom || (!host.includes('.') && hostdom.startsWith(`${host}.`));
}

/** Number of dots in the host name. */
export function dnsDomainLevels(host: string): number {
  return host.split('.').length - 1;
}

export type FindProxyForURL = (url: string, host: string) => string;

/** Runs PAC source in an isolated context with the helpers and returns its FindProxyForURL. */
export function loadPac(source: string): FindProxyForURL {
  const context = vm.createContext({
    shExpMatch,
    dnsDomainIs,
    isPlainHostName,
    localHostOrDomainIs,
    dnsDomainLevels,
    isResolvable: () => true,
    isInNet: () => false,
    dnsResolve: () => '203.0.113.10',
    myIpAddress: () => '10.30.0.10',
  });
  vm.runInContext(source, context, { timeout: 1000 });
  const fn = (context as { FindProxyForURL?: unknown }).FindProxyForURL;
  if (typeof fn !== 'function') throw new Error('the PAC source defines no FindProxyForURL');
  return (url, host) => String((fn as FindProxyForURL)(url, host));
}
