/**
 * Stage "listeners": the load-balanced ports of a role, checked and put in their one order.
 *
 * Properties (test/plan/listeners.test.ts):
 * - unique: a port is listed once per transport and frontend (the same port on two frontends is fine);
 * - within the limit: no more listeners than the cloud's load balancer takes (AWS NLB 50, Azure 1500);
 * - keeps every listener: the sorted list is a permutation of the input, by port, then transport,
 *   then frontend, whatever order the role declared them in;
 * - the probe port: the role's own, else the lowest listener port; none without listeners.
 * No cdktf imports.
 */
import { compareText } from '../model/compare';
import { MsPortsError } from '../model/errors';
import type { Listener, RoleIntent } from '../model/intent';
import type { CloudProfile } from './profiles';

/** Listeners: unique ports per transport (and frontend), within the cloud's limit. */
export function checkListeners(role: RoleIntent, profile: CloudProfile): void {
  const seen = new Set<string>();
  for (const l of role.listeners) {
    const k = `${l.frontend ?? ''}:${l.transport}:${l.port}`;
    if (seen.has(k)) throw new MsPortsError(role.path, `load balancer port ${l.transport}/${l.port}${l.frontend ? ` on frontend ${l.frontend}` : ''} is listed twice`, 'list each port once');
    seen.add(k);
  }
  if (role.listeners.length > profile.maxListeners) {
    throw new MsPortsError(
      role.path,
      `${role.listeners.length} load-balanced ports exceed the ${profile.cloud === 'aws' ? 'NLB limit of 50 listeners (not adjustable)' : 'Azure limit of 1500 rules'}`,
      'split the ports over two load balancers',
    );
  }
}

/** The listeners in their one order: by port, then transport, then frontend (a new array). */
export function sortListeners(listeners: readonly Listener[]): Listener[] {
  return [...listeners].sort((a, b) => a.port - b.port || compareText(a.transport, b.transport) || compareText(a.frontend ?? '', b.frontend ?? ''));
}

/** The health probe port: the role's own, else the first of its sorted listeners; undefined without listeners. */
export function probePortOf(role: RoleIntent, sorted: readonly Listener[]): number | undefined {
  return role.listeners.length ? role.probePort ?? sorted[0].port : undefined;
}
