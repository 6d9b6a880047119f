/**
 * Shared by the internet checks: does a peer on its own cover the internet (by the union of its
 * ranges, see `coversInternet`), and which prop did the user write it in. What a role admits in
 * total, over all its peers, is judged in exposure.ts.
 */
import { coversInternet } from '../model/cidr';
import type { Flow, Peer } from '../model/intent';

/** Known peer group names and the props users write them in (role props of the patterns). */
const PROP_OF_GROUP: Readonly<Record<string, string>> = Object.freeze({
  'reverse-proxy': 'reverseProxy',
  'pstn-gateways': 'pstnGateways',
  'edge-internal': 'edgeInternal',
  'file-share': 'fileShare',
  'e911-gateways': 'e911Gateways',
  'trusted-dcs': 'trusts',
});

/** The prop a peer group name stands for (`reverse-proxy` -> `reverseProxy`). */
export function propForGroup(name: string): string {
  if (/^trusted-dcs-\d+$/.test(name)) return 'trusts'; // one group per trusted controller set given as a role
  return PROP_OF_GROUP[name] ?? name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** True when the peer is the internet, or its ranges together cover what the guards call the internet. */
export function peerIsInternet(peer: Peer): boolean {
  if (peer.kind === 'internet') return true;
  if (peer.kind !== 'cidrs') return false;
  // Every flow with a peer carries its list: judged once per list of a plan.
  let yes = internetOfList.get(peer.cidrs);
  if (yes === undefined) {
    yes = coversInternet(peer.cidrs);
    internetOfList.set(peer.cidrs, yes);
  }
  return yes;
}
const internetOfList = new WeakMap<readonly string[], boolean>();

/**
 * The prop the user wrote, for error messages: `clients`, `reverseProxy`, `admins`, or the
 * escape hatch call for custom rules (`allowFrom(..., { label: "x" })`).
 */
export function propOf(flow: Flow): string {
  const custom = flow.catalogIds.find((id) => id.startsWith('custom:'));
  if (custom) return `${flow.direction === 'ingress' ? 'allowFrom' : 'allowTo'}(..., { label: '${custom.slice('custom:'.length)}' })`;
  const peer = flow.peer;
  if (peer.kind === 'cidrs') {
    if (peer.outsideRole) return peer.prop ? `${peer.prop} (outside role "${peer.outsideRole}")` : `outside role "${peer.outsideRole}"`;
    return peer.prop ?? propForGroup(peer.name);
  }
  return peer.kind === 'internet' ? "'internet'" : peer.kind;
}
