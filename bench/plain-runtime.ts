/**
 * The floor's runtime: builds a plain cdktf program from the data bench/floor.ts generated from the
 * library's synthesized output. Plain means what a careful hand-written cdktf program does: the same
 * constructs at the same paths (so the same logical ids), the same provider classes (imported by deep
 * path in the generated module), each reference attribute read once per resource, and nothing else:
 * no catalog, no planning, no validation, no naming.
 */
import { TerraformOutput, TerraformStack, type App } from 'cdktf';
import { Construct } from 'constructs';

/** A provider or resource class: `new (scope, id, config)`. */
export type ResourceClass = new (scope: Construct, id: string, config: never) => Construct;

/** A reference `${type.logical.attr}`: resource index and the attribute's property name. */
export interface Ref {
  readonly $r: number;
  readonly a: string;
}
/** A string made of text and references. */
export interface Cat {
  readonly $c: readonly (string | Ref)[];
}

/**
 * One construct to create, in order: `t` stack (under the app), `s` plain scope, `r` provider or
 * resource (class key, construct config), `o` output (logical id, config).
 */
export type Op =
  | readonly ['t', string]
  | readonly ['s', number, string]
  | readonly ['r', number, string, string, unknown]
  | readonly ['o', number, string, string, unknown];

export interface FloorData {
  readonly ops: readonly Op[];
}

export function buildPlain(app: App, classes: Readonly<Record<string, ResourceClass>>, data: FloorData): void {
  const scopes: Construct[] = [];
  const resources: Construct[] = [];
  const tokens = new Map<string, string>();
  const token = (ref: Ref): string => {
    const key = `${ref.$r}.${ref.a}`;
    let t = tokens.get(key);
    if (t === undefined) {
      t = (resources[ref.$r] as unknown as Record<string, string>)[ref.a];
      tokens.set(key, t);
    }
    return t;
  };
  const decode = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(decode);
    const o = v as Record<string, unknown>;
    if ('$r' in o) return token(o as unknown as Ref);
    if ('$c' in o) return (o as unknown as Cat).$c.map((p) => (typeof p === 'string' ? p : token(p))).join('');
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = decode(o[k]);
    return out;
  };
  for (const op of data.ops) {
    switch (op[0]) {
      case 't':
        scopes.push(new TerraformStack(app, op[1]));
        break;
      case 's':
        scopes.push(new Construct(scopes[op[1]], op[2]));
        break;
      case 'r':
        resources.push(new classes[op[3]](scopes[op[1]], op[2], decode(op[4]) as never));
        break;
      case 'o':
        new TerraformOutput(scopes[op[1]], op[2], decode(op[4]) as { value: unknown }).overrideLogicalId(op[3]);
        break;
    }
  }
}
