/**
 * Deep freezing, for what the guards read (the library's pack, the management ports, thresholds)
 * and for the read-only view of a plan that platform engineers' checks get. Engine-free.
 */

/** Freezes `value` and everything reachable from it (objects, arrays, maps' and sets' entries). Returns it. */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, x] of v) stack.push(k, x);
      freezeCollection(v);
    } else if (v instanceof Set) {
      for (const x of v) stack.push(x);
      freezeCollection(v);
    }
    for (const key of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (d && 'value' in d) stack.push(d.value);
    }
    Object.freeze(v);
  }
  return value;
}

/** Object.freeze leaves a Map's or Set's entries writable: its mutators are replaced by ones that throw. */
function freezeCollection(c: Map<unknown, unknown> | Set<unknown>): void {
  const refuse = () => {
    throw new TypeError('[cdktf-ms-ports] this collection is read-only');
  };
  for (const m of ['set', 'add', 'delete', 'clear']) {
    if (m in c) Object.defineProperty(c, m, { value: refuse, enumerable: false });
  }
}

/**
 * A deep copy of `value`, frozen: what a platform engineer's check is given, so that nothing it
 * changes reaches the plan the library renders. Functions are not copied (plans hold none).
 */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}
