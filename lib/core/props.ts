/**
 * Run-time validation of construct props, for JavaScript users and for TypeScript run without a
 * type check (`node -r @swc-node/register`): unknown props (with "did you mean"), wrong types,
 * values outside a set, CIDR lists that are malformed, repeat or nest. Every problem is an
 * MsPortsError naming the construct path, the prop as written (`mediaPorts.video`), its value and
 * the fix. Nothing is ignored: a prop the construct does not know is an error, not a no-op.
 */
import type { Construct } from 'constructs';
import { CidrError, cidrListProblem, parseCidr, type Cidr } from '../model/cidr';
import { MsPortsError } from '../model/errors';

/** Checks one value; `at` is the prop as the user wrote it (`mediaPorts.video`, `clients[1]`). */
export type Check = (value: unknown, at: string, ctx: CheckContext) => void;

export interface CheckContext {
  /** Construct path, for errors. */
  readonly path: string;
  /** The whole props object, for checks that depend on another prop. */
  readonly props: Readonly<Record<string, unknown>>;
}

/** The props a construct accepts: one check per prop name, plus rules across props. */
export interface PropSchema {
  readonly [prop: string]: Check;
}

/** A short, safe rendering of a value the user wrote, for error messages. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object' && v !== null && 'node' in v && typeof (v as { node?: { path?: unknown } }).node?.path === 'string') {
    return `construct ${(v as { node: { path: string } }).node.path}`;
  }
  let text: string;
  try {
    text = Array.isArray(v) ? `[${v.map(showValue).join(',')}]` : (JSON.stringify(v) ?? String(v));
  } catch {
    text = String(v);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null && 'node' in v) return 'a construct';
  return { string: 'a string', number: 'a number', boolean: 'a boolean', object: 'an object', function: 'a function' }[typeof v as string] ?? typeof v;
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The known name closest to `name`, when it is close enough to be a typo. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const [a, b] = [name.toLowerCase(), k.toLowerCase()];
    const d = a === b ? 0 : Math.min(a.length, b.length) >= 3 && (a.includes(b) || b.includes(a)) ? 1 : editDistance(a, b);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function suggest(name: string, known: readonly string[], prefix = ''): string {
  const near = nearest(name, known);
  return `${near ? `did you mean "${prefix}${near}"? ` : ''}known: ${known.map((k) => `${prefix}${k}`).join(', ')}`;
}

function fail(ctx: CheckContext, at: string, value: unknown, problem: string, fix: string): never {
  throw new MsPortsError(ctx.path, `${at} ${showValue(value)} ${problem}`, fix);
}

/**
 * Validates `props` against `schema`; returns it unchanged. `what` is the construct class (or
 * method) name; `prefix` goes before every prop name in errors (e.g. `options.`).
 */
export function validateProps<T>(path: string, what: string, props: T, schema: PropSchema, prefix = ''): T {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw new MsPortsError(path, `the props of ${what} are ${kindOf(props)} (${showValue(props)}), not an object`, `pass an object, e.g. new ${what}(scope, id, { network, ... })`);
  }
  const record = props as Record<string, unknown>;
  const ctx: CheckContext = { path, props: record };
  checkKeys(ctx, what, prefix, record, schema);
  return props;
}

/** Validates props before the construct exists (inside `super(...)`): the path is computed from scope and id. */
export function checkProps<T>(scope: Construct, id: string, what: string, props: T, schema: PropSchema): T {
  return validateProps([scope.node.path, id].filter((s) => s !== '').join('/'), what, props, schema);
}

/**
 * `cidrs` of a role outside the cloud: only through `<Kind>.fromAddresses`, which passes them on as
 * `outsideCidrs`; given to the constructor, they would be ignored.
 */
export function outsideCidrsCheck(kind: string): Check {
  return internal((v, at, ctx) => {
    if (ctx.props.outsideCidrs === undefined) {
      throw new MsPortsError(ctx.path, `${at} ${showValue(v)} is given to the ${kind} constructor, which would ignore it`, `declare a role outside the cloud with ${kind}.fromAddresses(scope, id, { network, cidrs }), or remove cidrs`);
    }
    cidrList()(v, at, ctx);
  });
}

/**
 * Validates the props of `<what>.fromAddresses` (a role outside the cloud, declared by its
 * addresses) before the role exists: `keys` are the props such a role uses (its network, name and
 * addresses, and the options that shape the flows cloud roles render with it), checked as the
 * constructor's `schema` checks them, with `cidrs` a CIDR list. A prop only the constructor takes
 * (e.g. `clients` or `admins`: flows of a role in the cloud) would be ignored here, and is refused
 * as such, naming the props fromAddresses takes.
 */
export function checkOutsideProps<T>(scope: Construct, id: string, what: string, props: T, schema: PropSchema, keys: readonly string[]): T {
  const path = [scope.node.path, id].filter((s) => s !== '').join('/');
  const method = `${what}.fromAddresses`;
  const outside: PropSchema = { ...Object.fromEntries(keys.map((k) => [k, schema[k]])), cidrs: cidrList() };
  if (props !== null && typeof props === 'object' && !Array.isArray(props)) {
    const known = Object.keys(outside).filter((k) => !(outside[k] as { internal?: boolean }).internal);
    for (const key of Object.keys(props).sort()) {
      const check = schema[key] as (Check & { internal?: boolean }) | undefined;
      if (key in outside || check === undefined || check.internal) continue;
      throw new MsPortsError(
        path,
        `${method} got ${key} ${showValue((props as Record<string, unknown>)[key])}, a prop of a ${what} in the cloud: a role outside the cloud has no boundary of its own, so it would be ignored`,
        `remove ${key} (${method} takes ${known.join(', ')}); the cloud roles wired to this one render the flows of the pair, or create the role in the cloud with new ${what}(...)`,
      );
    }
  }
  return validateProps(path, method, props, outside);
}

/** Marks a check as the library's own plumbing (e.g. `outsideCidrs` set by `fromAddresses`): accepted, never suggested. */
export function internal(check: Check): Check {
  return Object.assign((v: unknown, at: string, ctx: CheckContext) => check(v, at, ctx), { internal: true });
}

function checkKeys(ctx: CheckContext, what: string, prefix: string, record: Record<string, unknown>, schema: PropSchema): void {
  const known = Object.keys(schema);
  const shown = known.filter((k) => !(schema[k] as { internal?: boolean }).internal);
  for (const key of Object.keys(record).sort()) {
    if (!(key in schema)) {
      throw new MsPortsError(ctx.path, `${what} has no prop "${prefix}${key}" (value ${showValue(record[key])}), so it would be ignored`, `remove it or fix its name: ${suggest(key, shown, prefix)}`);
    }
  }
  for (const key of known) {
    const v = record[key];
    if (v !== undefined) schema[key](v, `${prefix}${key}`, ctx);
  }
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/** A string; `nonEmpty` refuses "". */
export function str(options: { nonEmpty?: boolean } = {}): Check {
  return (v, at, ctx) => {
    if (typeof v !== 'string') fail(ctx, at, v, `is ${kindOf(v)}, not a string`, `write ${at} as a string`);
    if (options.nonEmpty && v === '') fail(ctx, at, v, 'is empty', `give ${at} a value, or leave it out`);
  };
}

export function bool(): Check {
  return (v, at, ctx) => {
    if (typeof v !== 'boolean') fail(ctx, at, v, `is ${kindOf(v)}, not true or false`, `write ${at}: true or ${at}: false`);
  };
}

export function integer(min: number, max: number): Check {
  return (v, at, ctx) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(ctx, at, v, `is not a whole number in ${min}-${max}`, `write ${at} as a whole number from ${min} to ${max}`);
  };
}

/** One of a fixed set of strings, with "did you mean". */
export function oneOf(values: readonly string[]): Check {
  return (v, at, ctx) => {
    if (typeof v !== 'string' || !values.includes(v)) fail(ctx, at, v, `is not one of ${values.map((x) => `"${x}"`).join(', ')}`, suggest(String(v), values));
  };
}

/** A list whose items pass `item`; `nonEmpty` refuses []. */
export function list(item: Check, options: { nonEmpty?: boolean } = {}): Check {
  return (v, at, ctx) => {
    if (!Array.isArray(v)) fail(ctx, at, v, `is ${kindOf(v)}, not a list`, `write ${at} as a list, e.g. ${at}: [${showValue(v)}]`);
    if (options.nonEmpty && v.length === 0) throw new MsPortsError(ctx.path, `${at} is an empty list`, `list at least one item in ${at}, or leave it out`);
    v.forEach((x, i) => item(x, `${at}[${i}]`, ctx));
  };
}

/** A nested object with its own props (unknown keys refused, named `parent.key`). */
export function object(schema: PropSchema, what: string): Check {
  return (v, at, ctx) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(ctx, at, v, `is ${kindOf(v)}, not an object`, `write ${at} as an object with ${Object.keys(schema).join(', ')}`);
    checkKeys(ctx, what, `${at}.`, v as Record<string, unknown>, schema);
  };
}

/** A map of string keys to string values (tags). */
export function stringMap(): Check {
  return (v, at, ctx) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(ctx, at, v, `is ${kindOf(v)}, not an object of strings`, `write ${at} as { key: "value" }`);
    for (const [k, x] of Object.entries(v as object)) {
      if (typeof x !== 'string') fail(ctx, `${at}.${k}`, x, `is ${kindOf(x)}, not a string`, `write every value of ${at} as a string`);
    }
  };
}

/** A value accepted by `test` (e.g. an instance of a construct class), described by `expected`. */
export function satisfies(test: (v: unknown) => boolean, expected: string, fix: string): Check {
  return (v, at, ctx) => {
    if (!test(v)) fail(ctx, at, v, `is not ${expected}`, fix);
  };
}

/** The first check that accepts the value wins; otherwise the error says what each would take. */
export function anyOf(expected: string, fix: string, ...checks: { when: (v: unknown) => boolean; check: Check }[]): Check {
  return (v, at, ctx) => {
    const c = checks.find((x) => x.when(v));
    if (!c) fail(ctx, at, v, `is not ${expected}`, fix);
    c.check(v, at, ctx);
  };
}

/** Parses a CIDR, turning a CidrError into an MsPortsError naming the prop. */
export function cidrAt(ctx: CheckContext, at: string, v: unknown): Cidr {
  if (typeof v !== 'string') fail(ctx, at, v, `is ${kindOf(v)}, not a CIDR string`, `write ${at} as a CIDR, e.g. "10.30.0.0/16"`);
  try {
    return parseCidr(v);
  } catch (e) {
    if (e instanceof CidrError) throw new MsPortsError(ctx.path, `${at}: invalid CIDR "${e.value}"`, e.hint);
    throw e;
  }
}

/** One CIDR string. */
export function cidr(): Check {
  return (v, at, ctx) => {
    cidrAt(ctx, at, v);
  };
}

/**
 * A list of CIDRs: each valid and canonical, none repeated, none inside another. Such a list is
 * refused rather than merged: dropping a range the user wrote could hide a typo for another range.
 */
export function cidrList(options: { nonEmpty?: boolean } = { nonEmpty: true }): Check {
  return (v, at, ctx) => {
    if (!Array.isArray(v)) fail(ctx, at, v, `is ${kindOf(v)}, not a list of CIDRs`, `write ${at} as a list, e.g. ${at}: [${typeof v === 'string' ? JSON.stringify(v) : '"10.30.0.0/16"'}]`);
    if (options.nonEmpty !== false && v.length === 0) throw new MsPortsError(ctx.path, `${at} is an empty list`, `list at least one CIDR in ${at}, or leave it out`);
    checkCidrSet(ctx, at, v.map((x, i) => ({ at: `${at}[${i}]`, value: x })));
  };
}

/** Checks CIDRs that end up in one address list (they may come from several list items). */
export function checkCidrSet(ctx: CheckContext, at: string, items: readonly { at: string; value: unknown }[]): void {
  const parsed = items.map((x) => cidrAt(ctx, x.at, x.value));
  const problem = cidrListProblem(parsed);
  if (!problem) return;
  if (problem.kind === 'duplicate') {
    throw new MsPortsError(ctx.path, `${at} lists ${problem.value} twice`, `list each range once in ${at}`);
  }
  throw new MsPortsError(
    ctx.path,
    `${at} lists ${problem.value}, which lies within ${problem.other} from the same list`,
    `drop ${problem.value} from ${at} (${problem.other} already covers it), or correct it if you meant another range`,
  );
}
