/**
 * Shared by the internet checks: does a flow's peer cover the internet (by the union of its
 * ranges, see `coversInternet`), and which prop did the user write it in.
 */
import { coversInternet, publicCoverage } from '../model/cidr';
import type { Flow, Peer, RoleIntent } from '../model/intent';

/** Known peer group names and the props users write them in (role props of the patterns). */
const PROP_OF_GROUP: Readonly<Record<string, string>> = {
  'reverse-proxy': 'reverseProxy',
  'pstn-gateways': 'pstnGateways',
  'edge-internal': 'edgeInternal',
  'file-share': 'fileShare',
  'e911-gateways': 'e911Gateways',
  'trusted-dcs': 'trusts',
};

/** The prop a peer group name stands for (`reverse-proxy` -> `reverseProxy`). */
export function propForGroup(name: string): string {
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
 * The flows of an intent without a written justification whose peer is the internet (see
 * peerIsInternet), in order: found once per intent for every check that judges them.
 */
export function unjustifiedInternetFlows(intent: RoleIntent): readonly Flow[] {
  let out = internetFlowsOf.get(intent);
  if (!out) {
    out = intent.flows.filter((f) => !f.justification && peerIsInternet(f.peer));
    internetFlowsOf.set(intent, out);
  }
  return out;
}
const internetFlowsOf = new WeakMap<RoleIntent, readonly Flow[]>();

/** Words for how much public space a peer covers, e.g. "all of public IPv4". */
export function coverageText(peer: Peer): string {
  if (peer.kind === 'internet') return "'internet' (0.0.0.0/0 and ::/0)";
  if (peer.kind !== 'cidrs') return peer.kind;
  const c = publicCoverage(peer.cidrs);
  const pct = (s: number) => (s >= 1 ? 'all' : `${(s * 100).toFixed(s < 0.01 ? 3 : 1)} %`);
  const parts: string[] = [];
  if (c.ipv4Addresses > 0n) parts.push(`${pct(c.ipv4Share)} of public IPv4 space`);
  if (c.ipv6Addresses > 0n) parts.push(`${pct(c.ipv6Share)} of public IPv6 space`);
  return `${peer.cidrs.join(', ')} (together ${parts.join(' and ')})`;
}

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

/** "would admit ... to" for ingress, "would reach ... from" for egress. */
export function exposureVerb(flow: Flow): string {
  return flow.direction === 'ingress' ? 'would admit' : 'would reach';
}
