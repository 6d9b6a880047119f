/**
 * The benchmark's floor and its counts, both computed from the library's synthesized Terraform JSON:
 *
 * - `generateFloor` turns it into a plain cdktf program (a small generated module that imports
 *   exactly the provider classes used, by deep path, plus a data file run by bench/plain-runtime.ts)
 *   that creates the same resources at the same construct paths, so the two stay equal by
 *   construction (test/bench checks that the plain program synthesizes the same JSON).
 * - `ruleStats` counts resources and rule resources, and the minimum number of rule resources that
 *   express the same coverage: AWS, one rule per merged port range per (group, direction, protocol,
 *   peer); Azure, one rule per (NSG, direction, access, protocol, source, destination).
 *
 * Engine-free: reads JSON, writes text.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Cat, FloorData, Op, Ref } from './plain-runtime';

export type TfJson = Record<string, unknown> & {
  provider?: Record<string, Record<string, unknown>[]>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  '//'?: { outputs?: Record<string, unknown> };
};

export interface SynthesizedStack {
  readonly name: string;
  readonly json: TfJson;
}

/** The stacks an app synthesized into `outdir` (`stacks/<name>/cdk.tf.json`), in name order. */
export function readStacks(outdir: string): SynthesizedStack[] {
  const dir = path.join(outdir, 'stacks');
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => ({ name, json: JSON.parse(fs.readFileSync(path.join(dir, name, 'cdk.tf.json'), 'utf8')) as TfJson }));
}

/** Provider packages by provider type; `engine` is the package scope (`cdktf`, or `cdktn` for CDK Terrain). */
function providerPackage(type: string, engine: string): { pkg: string; cls: string } | undefined {
  const cls = ({ aws: 'AwsProvider', azurerm: 'AzurermProvider' } as Record<string, string>)[type];
  return cls ? { pkg: `@${engine}/provider-${type}`, cls } : undefined;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^[a-z]/, (c) => c.toUpperCase());

/** Deep import path and class name of a resource type, e.g. aws_lb_listener -> lib/lb-listener, LbListener. */
export function resourceClass(type: string, engine = 'cdktf'): { key: string; path: string; cls: string } {
  const provider = type.slice(0, type.indexOf('_'));
  const p = providerPackage(provider, engine);
  if (!p) throw new Error(`no provider package known for resource type ${type}`);
  const rest = type.slice(provider.length + 1);
  return { key: type, path: `${p.pkg}/lib/${rest.replace(/_/g, '-')}`, cls: pascal(rest) };
}

const REF = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_@-]+)\.([a-z0-9_]+)\}/g;
/** A cdktf cross-stack reference: another stack's output, read from its state. */
const REMOTE = /\$\{data\.terraform_remote_state\.cross-stack-reference-input-([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)\}/g;
/** The outputs cdktf adds to a stack that another stack references (the plain program gets them the same way). */
const CROSS_STACK_OUTPUT = /^cross-stack-output-/;

export interface Floor {
  /** TypeScript source of the module that imports the classes (`export const classes`). */
  readonly module: string;
  /** The classes by key, with their deep import path. */
  readonly imports: readonly { readonly key: string; readonly path: string; readonly cls: string }[];
  readonly data: FloorData;
}

/**
 * `runtimeImport`: the import path of bench/plain-runtime from where the module will be written;
 * `engine`: the provider packages' scope (`cdktf`, or `cdktn`).
 */
export function generateFloor(input: readonly SynthesizedStack[], runtimeImport: string, engine = 'cdktf'): Floor {
  const ops: Op[] = [];
  const classes = new Map<string, { path: string; cls: string }>();
  let resourceCount = 0;
  // Stacks that read other stacks' state come after those (the plain program references their
  // resources directly; cdktf then writes the same outputs and remote state as for the library).
  const reads = (s: SynthesizedStack) => JSON.stringify(s.json).includes('${data.terraform_remote_state.');
  const stacks = [...input.filter((s) => !reads(s)), ...input.filter(reads)];
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const indexes = new Map<string, Map<string, number>>();
  /** `${data.terraform_remote_state...}` of a stack to the `${type.logical.attr}` it stands for, with that stack's index. */
  const remote = (text: string): string =>
    text.replace(REMOTE, (_m, stack: string, output: string) => {
      const value = byName.get(stack)?.json.output?.[output]?.value;
      if (typeof value !== 'string' || !indexes.has(stack)) throw new Error(`cross-stack reference to ${stack} output ${output}, which the floor does not know`);
      return value.replace(REF, (_r, type: string, logical: string, attr: string) => `\${${type}.${logical}@${stack}.${attr}}`);
    });
  for (const { name, json: original } of stacks) {
    const json = JSON.parse(remote(JSON.stringify(original))) as TfJson;
    const scopeIndex = new Map<string, number>();
    let scopeCount = ops.filter((o) => o[0] === 't' || o[0] === 's').length;
    ops.push(['t', name]);
    scopeIndex.set(name, scopeCount++);
    const scopeOf = (path: string): number => {
      const known = scopeIndex.get(path);
      if (known !== undefined) return known;
      const cut = path.lastIndexOf('/');
      const parent = scopeOf(path.slice(0, cut));
      ops.push(['s', parent, path.slice(cut + 1)]);
      scopeIndex.set(path, scopeCount);
      return scopeCount++;
    };
    // Providers first (no references), under the stack, named by their type.
    for (const [type, configs] of Object.entries(json.provider ?? {})) {
      const p = providerPackage(type, engine);
      if (!p || configs.length !== 1) throw new Error(`stack ${name}: provider ${type} x${configs.length} is not supported by the floor generator`);
      classes.set(`provider:${type}`, { path: `${p.pkg}/lib/provider`, cls: p.cls });
      ops.push(['r', scopeIndex.get(name)!, type, `provider:${type}`, toConfig(configs[0], () => 0)]);
      resourceCount++;
    }
    // Resources, each after the resources it references.
    interface Res { type: string; logical: string; body: Record<string, unknown>; deps: string[] }
    const all = new Map<string, Res>();
    for (const [type, byId] of Object.entries(json.resource ?? {})) {
      for (const [logical, body] of Object.entries(byId)) {
        const deps = [...JSON.stringify(body).matchAll(REF)].map((m) => `${m[1]}.${m[2]}`).filter((d) => !d.includes('@'));
        all.set(`${type}.${logical}`, { type, logical, body, deps });
      }
    }
    const index = new Map<string, number>();
    indexes.set(name, index);
    /** A resource of this stack, or (`logical@stack`) of a stack read through a cross-stack reference. */
    const at = (addr: string): number => {
      const cut = addr.indexOf('@');
      return cut < 0 ? index.get(addr)! : indexes.get(addr.slice(cut + 1))!.get(addr.slice(0, cut))!;
    };
    const visit = (addr: string, trail: Set<string>) => {
      if (index.has(addr)) return;
      const r = all.get(addr);
      if (!r) throw new Error(`stack ${name}: reference to ${addr}, which is not in the stack`);
      if (trail.has(addr)) throw new Error(`stack ${name}: reference cycle at ${addr}`);
      trail.add(addr);
      for (const d of r.deps) if (d !== addr) visit(d, trail);
      trail.delete(addr);
      const meta = (r.body['//'] as { metadata: { path: string } }).metadata;
      const cut = meta.path.lastIndexOf('/');
      const c = resourceClass(r.type, engine);
      classes.set(c.key, { path: c.path, cls: c.cls });
      ops.push(['r', scopeOf(meta.path.slice(0, cut)), meta.path.slice(cut + 1), c.key, toConfig(r.body, at)]);
      index.set(addr, resourceCount++);
    };
    for (const addr of [...all.keys()].sort()) visit(addr, new Set());
    // Outputs, at the construct paths recorded in the stack's metadata.
    const outputPaths = new Map<string, string>();
    const walk = (node: unknown, path: string) => {
      if (typeof node === 'string') outputPaths.set(node, path);
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}/${k}` : k);
    };
    walk(json['//']?.outputs ?? {}, '');
    for (const logical of Object.keys(json.output ?? {}).sort()) {
      if (CROSS_STACK_OUTPUT.test(logical)) continue;
      const path = outputPaths.get(logical);
      if (!path) throw new Error(`stack ${name}: output ${logical} has no construct path in the metadata`);
      const cut = path.lastIndexOf('/');
      ops.push(['o', scopeOf(path.slice(0, cut)), path.slice(cut + 1), logical, decodeRefs(json.output![logical], at)]);
    }
  }
  const sorted = [...classes.entries()].sort(([a], [b]) => a.localeCompare(b));
  const module = [
    '// Generated by bench/floor.ts from the library\'s synthesized output. Do not edit.',
    '// A plain cdktf program: the same provider classes, by deep import, and no library code.',
    ...sorted.map(([, c]) => `import { ${c.cls} } from '${c.path}';`),
    `import type { ResourceClass } from '${runtimeImport}';`,
    '',
    'export const classes: Record<string, ResourceClass> = {',
    ...sorted.map(([key, c]) => `  '${key}': ${c.cls} as unknown as ResourceClass,`),
    '};',
    '',
  ].join('\n');
  return { module, imports: sorted.map(([key, c]) => ({ key, ...c })), data: { ops } };
}

/** Terraform JSON attributes (snake_case) to construct config (camelCase); tag maps and references kept. */
function toConfig(body: Record<string, unknown>, resolve: (addr: string) => number): unknown {
  const convert = (v: unknown, verbatimKeys: boolean): unknown => {
    if (typeof v === 'string') return decodeRefs(v, resolve);
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => convert(x, false));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === '//') continue;
      out[verbatimKeys ? k : camel(k)] = convert(x, k === 'tags');
    }
    return out;
  };
  return convert(body, false);
}

/** Replaces `${type.logical.attr}` in strings with references to the floor's resources. */
function decodeRefs(v: unknown, resolve: (addr: string) => number): unknown {
  if (typeof v === 'string') {
    const parts: (string | Ref)[] = [];
    let last = 0;
    for (const m of v.matchAll(REF)) {
      if (m.index! > last) parts.push(v.slice(last, m.index));
      const r = resolve(`${m[1]}.${m[2]}`);
      if (r === undefined) throw new Error(`unresolved reference ${m[0]}`);
      parts.push({ $r: r, a: camel(m[3]) });
      last = m.index! + m[0].length;
    }
    if (parts.length === 0) return v;
    if (last < v.length) parts.push(v.slice(last));
    return parts.length === 1 && typeof parts[0] !== 'string' ? parts[0] : ({ $c: parts } as Cat);
  }
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => decodeRefs(x, resolve));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = decodeRefs(x, resolve);
  return out;
}

export interface RuleStats {
  readonly stacks: number;
  readonly resources: number;
  readonly rules: number;
  /** The fewest rule resources that express the same coverage (see the file comment). */
  readonly minimumRules: number;
  /** Rule resources identical to another one in everything but their name. */
  readonly duplicateRules: number;
}

const AWS_RULES = ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'];
const AZURE_RULES = ['azurerm_network_security_rule'];

export function ruleStats(stacks: readonly SynthesizedStack[]): RuleStats {
  let resources = 0;
  let rules = 0;
  let minimumRules = 0;
  let duplicateRules = 0;
  for (const { json } of stacks) {
    const res = json.resource ?? {};
    for (const byId of Object.values(res)) resources += Object.keys(byId).length;
    const ranges = new Map<string, { from: number; to: number }[]>();
    const seen = new Set<string>();
    for (const type of AWS_RULES) {
      for (const r of Object.values(res[type] ?? {})) {
        rules++;
        const peer = r.cidr_ipv4 ?? r.cidr_ipv6 ?? r.referenced_security_group_id ?? r.prefix_list_id;
        const key = JSON.stringify([type, r.security_group_id, r.ip_protocol, peer]);
        const full = JSON.stringify([key, r.from_port, r.to_port]);
        if (seen.has(full)) duplicateRules++;
        seen.add(full);
        const list = ranges.get(key) ?? [];
        list.push({ from: Number(r.from_port ?? -1), to: Number(r.to_port ?? -1) });
        ranges.set(key, list);
      }
    }
    for (const list of ranges.values()) {
      list.sort((a, b) => a.from - b.from || a.to - b.to);
      let end = -Infinity;
      for (const r of list) {
        if (r.from > end + 1) minimumRules++;
        end = Math.max(end, r.to);
      }
    }
    const keys = new Set<string>();
    for (const type of AZURE_RULES) {
      for (const r of Object.values(res[type] ?? {})) {
        rules++;
        const side = (s: string) => JSON.stringify([r[`${s}_address_prefix`], [...((r[`${s}_address_prefixes`] as string[]) ?? [])].sort(), [...((r[`${s}_application_security_group_ids`] as string[]) ?? [])].sort()]);
        const key = JSON.stringify([r.network_security_group_name, r.direction, r.access, r.protocol, side('source'), side('destination'), r.source_port_range]);
        const full = JSON.stringify([key, r.destination_port_range, r.destination_port_ranges]);
        if (seen.has(full)) duplicateRules++;
        seen.add(full);
        keys.add(key);
      }
    }
    minimumRules += keys.size;
  }
  return { stacks: stacks.length, resources, rules, minimumRules, duplicateRules };
}
