/** Whether one planned rule's peer covers another's (same address set or a superset). */
import { cidrInterval, parseCidr, type AddressInterval } from '../model/cidr';
import type { PlanPeer } from '../plan/planner';

/** A list's address intervals sorted by first address, once per list (rules of a plan share their peers' lists). */
function spans(cidrs: readonly string[]): readonly AddressInterval[] {
  let out = spansOf.get(cidrs);
  if (!out) {
    out = cidrs.map((c) => cidrInterval(parseCidr(c))).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    spansOf.set(cidrs, out);
  }
  return out;
}
const spansOf = new WeakMap<readonly string[], readonly AddressInterval[]>();

/** True when every address `inner` names is also named by `outer`. */
export function peerCovers(outer: PlanPeer, inner: PlanPeer): boolean {
  if (outer.kind === 'any') return true;
  if (outer.kind === 'role' && inner.kind === 'role') return outer.role === inner.role;
  if (outer.kind === inner.kind && outer.kind !== 'cidrs') return true;
  if (outer.kind === 'cidrs' && inner.kind === 'cidrs') {
    if (outer.cidrs === inner.cidrs) return true;
    const out = spans(outer.cidrs);
    return spans(inner.cidrs).every((i) => {
      // inside the union of outer's ranges (merged per version; `out` is sorted by first address)
      let cursor = i.first;
      for (const o of out) {
        if (o.version !== i.version) continue;
        if (o.first > cursor) break;
        if (o.last >= cursor) cursor = o.last + 1n;
        if (cursor > i.last) return true;
      }
      return cursor > i.last;
    });
  }
  return false;
}

/** True when both peers name exactly the same addresses. */
export function samePeer(a: PlanPeer, b: PlanPeer): boolean {
  return peerCovers(a, b) && peerCovers(b, a);
}
