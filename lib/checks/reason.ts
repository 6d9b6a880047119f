/**
 * One rule for every written reason the guards accept: a flow's `justification`, a suppression's
 * reason, `allowAllEgress.reason`, `internetJustification`, `allProtocolsJustification`. A reason
 * is words a reviewer can read, and it goes into rule descriptions on both clouds. Engine-free.
 */
import { MsPortsError } from '../model/errors';
import { SAFE_TEXT_CHARS } from '../plan/profiles';

/** Shortest and longest reason, counted after trimming (120 leaves room in Azure's 140-character descriptions). */
export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 120;

const SAFE = new RegExp(`^[${SAFE_TEXT_CHARS}]*$`);
const UNSAFE = new RegExp(`[^${SAFE_TEXT_CHARS}]`, 'g');
const LETTER = /[A-Za-z]/;

/** What is wrong with a reason, in words, or undefined when it is a written reason. */
export interface ReasonProblem {
  /** Why it is refused (one clause). */
  readonly why: string;
  /** True when only the characters are at fault (the clouds would refuse it in a description). */
  readonly characters: boolean;
}

/**
 * Judges a reason as written: it must be a string whose trimmed text has 10-120 characters of the set
 * both clouds accept in descriptions, holds at least one letter, and is not one character repeated
 * (spaces aside). Returns undefined for a good reason.
 */
export function reasonProblem(text: unknown): ReasonProblem | undefined {
  if (typeof text !== 'string') return { why: `it is ${text === null ? 'null' : typeof text}, not text`, characters: false };
  const t = text.trim();
  if (t === '') return { why: text === '' ? 'it is empty' : 'it is only spaces', characters: false };
  if (!SAFE.test(t)) {
    const bad = [...new Set(t.match(UNSAFE) ?? [])].map((c) => JSON.stringify(c)).join(' ');
    return { why: `it holds ${bad}, which rule descriptions do not accept on both clouds`, characters: true };
  }
  if (t.length > REASON_MAX_LENGTH) return { why: `it has ${t.length} characters; at most ${REASON_MAX_LENGTH} fit in a rule description`, characters: true };
  if (t.length < REASON_MIN_LENGTH) return { why: `it has ${t.length} character${t.length === 1 ? '' : 's'}; a reason needs at least ${REASON_MIN_LENGTH}`, characters: false };
  if (new Set(t.replace(/ /g, '')).size < 2) return { why: `it is one character repeated ("${t[0]}")`, characters: false };
  if (!LETTER.test(t)) return { why: 'it holds no letter: say in words why', characters: false };
  return undefined;
}

/** The fix every refused reason gets. */
export const REASON_FIX = `write in words why, in ${REASON_MIN_LENGTH}-${REASON_MAX_LENGTH} characters of letters, digits, spaces and ._-:/()#,@[]+=;{}!$* (the set both clouds accept in descriptions), e.g. "partner SBC at Fabrikam, approved in CAB-1234"`;

/**
 * Validates a written reason and returns it trimmed; throws MsPortsError naming `path` and `prop`
 * (e.g. `justification`, `allowAllEgress.reason`, `the reason for suppressing MSP-UNREACHABLE`).
 */
export function checkReason(path: string, text: unknown, prop: string): string {
  const p = reasonProblem(text);
  if (p) {
    const shown = typeof text === 'string' ? `"${text}"` : String(text);
    throw new MsPortsError(
      path,
      p.characters ? `${prop} ${shown} cannot go into a rule description` : `${prop} ${shown} cannot go into a rule description: it is not a written reason (${p.why})`,
      p.characters ? `${p.why}: ${REASON_FIX}` : REASON_FIX,
    );
  }
  return (text as string).trim();
}
