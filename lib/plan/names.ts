/**
 * Stage "name": the stable names of rules and the text of their descriptions.
 *
 * Properties (test/plan/names.test.ts):
 * - deterministic: a name depends on its own parts only (direction, peer, transport), never on
 *   ports, order or other roles, so adding a role or a port renames no rule;
 * - safe everywhere: `safeName` gives [A-Za-z0-9_.-], alphanumeric at both ends, within the length;
 *   names that had to be shortened keep a hash of the whole raw name, so they stay distinct;
 * - cites, never cuts silently: `describe` fits the cloud's length, and every catalog id is either
 *   in the text or counted in "+N more, see report";
 * - unique: `checkRuleNames` refuses two rules of one direction with one name.
 * No cdktf imports.
 */
import { textOrderFor } from '../model/compare';
import { MsPortsError } from '../model/errors';
import type { RoleIntent } from '../model/intent';
import { safeText, type CloudProfile } from './profiles';
import { assertNever, type DraftRule, type PlanPeer } from './types';

/** Suffix of the load balancer boundary the planner adds for AWS network load balancers. */
export const LB_ROLE_SUFFIX = '-nlb';

/** The peer's part of a rule name (and of the key that buckets flows): one per peer, never two peers one key. */
export function peerKey(peer: PlanPeer): string {
  switch (peer.kind) {
    case 'cidrs':
      return `net-${peer.name}`;
    case 'role':
      return `role-${peer.role}`;
    case 'internet':
      return 'internet';
    case 'lb-probe':
      return 'lbprobe';
    case 'any':
      return 'any';
    case 'existing':
      return `ext-${peer.name}`;
    default:
      return assertNever(peer, 'peer kind');
  }
}

/**
 * 32-bit FNV-1a with a final avalanche (MurmurHash3 fmix32), so names that differ only in their
 * last characters (`...-tcp`, `...-udp`) land far apart: small, stable, the same in every engine.
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const SAFE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;

/** Makes a name safe for every cloud: [A-Za-z0-9_.-], starts and ends alphanumeric, at most `max`. */
export function safeName(raw: string, max = 80): string {
  // Most names are safe as written (what the replacements below would leave unchanged).
  if (raw.length <= max && SAFE_NAME.test(raw) && !raw.includes('--')) return raw;
  let s = raw.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
  if (s === '') s = 'x';
  if (s.length > max) {
    const tag = fnv1a(raw).toString(36);
    s = `${s.slice(0, max - tag.length - 1).replace(/[^A-Za-z0-9]+$/, '')}-${tag}`;
  }
  return s;
}

/**
 * A description that cites catalog ids and fits the cloud: ids that do not fit are counted
 * ("+N more, see report"), never silently cut.
 */
export function describe(lead: string, ids: readonly string[], profile: CloudProfile): string {
  const max = profile.descriptionMaxLength;
  const head = safeText(lead);
  let out = ids.length ? `${head}: ${ids[0]}` : head;
  for (let i = 1; i < ids.length; i++) {
    const rest = ids.length - i - 1;
    const next = `${out} ${ids[i]}`;
    const reserve = rest > 0 ? ` +${rest} more, see report`.length : 0;
    if (next.length + reserve > max) {
      out = `${out} +${ids.length - i} more, see report`;
      break;
    }
    out = next;
  }
  if (out.length > max) out = out.slice(0, max);
  return out;
}

/** Two rules of one direction never share a name (names differing only in punctuation collapse in safeName). */
export function checkRuleNames(role: RoleIntent, rules: readonly DraftRule[]): void {
  const names = new Set<string>();
  for (const d of rules) {
    const key = `${d.direction}:${d.name}`;
    if (names.has(key)) {
      throw new MsPortsError(role.path, `two rules would both be named "${d.name}"`, 'give peer groups names that differ in letters and digits, not only in punctuation');
    }
    names.add(key);
  }
}

/** The order rules are rendered in: ingress first, then by priority, then by name. */
export function sortRules(rules: DraftRule[]): void {
  const byName = textOrderFor(rules.map((r) => r.name));
  rules.sort((a, b) => (a.direction === b.direction ? a.priority - b.priority || byName(a.name, b.name) : a.direction === 'ingress' ? -1 : 1));
}
