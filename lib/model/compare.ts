/**
 * Text order for sorting names, exactly `a.localeCompare(b)` (the order the library always used),
 * without the collator where it is not needed: for names of lowercase letters, digits, `-`, `.` and
 * `/` (role names, rule names, keys, stack and construct paths as the examples write them) the
 * collation order is the code-unit order, which is compared directly. The first `localeCompare`
 * of a process loads the ICU collator (about 10 ms), a fixed cost the library no longer adds to
 * every synth. Any other character falls back to `localeCompare`.
 */
const SIMPLE = /^[a-z0-9./-]*$/;

export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  if (SIMPLE.test(a) && SIMPLE.test(b)) return a < b ? -1 : 1;
  return a.localeCompare(b);
}

/**
 * The comparison `compareText` makes for a list of texts, chosen once for the list: when every
 * text is simple, the code-unit comparison itself (the same order, without a test per comparison).
 */
export function textOrderFor(texts: readonly string[]): (a: string, b: string) => number {
  for (const t of texts) if (!SIMPLE.test(t)) return compareText;
  return compareCodeUnits;
}

function compareCodeUnits(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
