/**
 * CI runs every example on both engines and compares the outputs: examples/main.ts (cdktf) and
 * its generated cdktn twin gen/cdktn/examples/main.ts are each run as an app would be (a node
 * process with CDKTF_OUTDIR), and every file they write is compared.
 *
 * Byte-identical, except for these documented differences between the engines and their
 * provider bindings (each is checked to hold the exact value its package declares, never
 * masked blindly):
 *
 *  1. formatting of empty arrays and objects in JSON: cdktf 0.21 writes `[` newline `]`, cdktn
 *     0.24 writes `[]` (its JSON writer is safe-stable-stringify). Same value, other bytes.
 *  2. the engine version: `//.metadata.version` of every stack and `version` of manifest.json
 *     (0.21.0 vs 0.24.0).
 *  3. `terraform.required_providers.aws.source`: "aws" (@cdktf/provider-aws 21) vs
 *     "hashicorp/aws" (@cdktn/provider-aws 25); both are registry.terraform.io/hashicorp/aws.
 *  4. `terraform.required_providers.<provider>.version`: the provider version each binding was
 *     generated from (aws 6.25.0 vs 6.66.0, azurerm 4.55.0 vs 4.73.0).
 *
 * Everything else (resources, attribute names and values, outputs, backend, the reports) is
 * byte-identical.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const ENGINES = ['cdktf', 'cdktn'] as const;
type Engine = (typeof ENGINES)[number];
const MAIN: Record<Engine, string> = { cdktf: 'examples/main.ts', cdktn: 'gen/cdktn/examples/main.ts' };

function pkg(name: string): { version: string; cdktf?: { provider?: { name: string; version: string } } } {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8'));
}

/** What each engine and provider binding declares: the values the documented differences must hold. */
const DECLARED = Object.fromEntries(
  ENGINES.map((e) => {
    const providers = Object.fromEntries(
      ['aws', 'azurerm'].map((p) => {
        const meta = pkg(`@${e}/provider-${p}`).cdktf?.provider;
        if (!meta) throw new Error(`@${e}/provider-${p} declares no provider`);
        return [p, meta];
      }),
    );
    return [e, { engineVersion: pkg(e).version, providers }];
  }),
) as Record<Engine, { engineVersion: string; providers: Record<string, { name: string; version: string }> }>;

/** Terraform's full address for a required_providers source ("aws" means hashicorp/aws). */
function providerAddress(source: string): string {
  const parts = source.split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${source}`;
  return source;
}

function listFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listFiles(path.join(dir, d.name), base) : [path.relative(base, path.join(dir, d.name))]))
    .sort();
}

function run(engine: Engine, outdir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', MAIN[engine]],
      { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => (err ? reject(new Error(`${engine} examples failed: ${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

/** Difference 1: the same empty array or object, written on one line. */
function collapseEmpty(text: string): string {
  return text.replace(/\[\n\s*\]/g, '[]').replace(/\{\n\s*\}/g, '{}');
}

type Json = Record<string, unknown>;
type Kind = 'empty-container-formatting' | 'engine-version' | 'provider-source' | 'provider-version';

/**
 * Checks the documented fields of one engine's JSON file and replaces them by a marker. Throws when a documented field does not hold the value its package declares.
 */
function maskDocumented(file: string, json: Json, engine: Engine): void {
  const d = DECLARED[engine];
  if (file === 'manifest.json') {
    expect({ file, engine, version: json.version }).toEqual({ file, engine, version: d.engineVersion });
    json.version = '<engine version>';
    return;
  }
  const meta = (json['//'] as Json | undefined)?.metadata as Json | undefined;
  if (meta && 'version' in meta) {
    expect({ file, engine, version: meta.version }).toEqual({ file, engine, version: d.engineVersion });
    meta.version = '<engine version>';
  }
  const required = ((json.terraform as Json | undefined)?.required_providers ?? {}) as Record<string, { source: string; version: string }>;
  for (const [name, req] of Object.entries(required)) {
    const declared = d.providers[name];
    expect({ file, engine, name, known: Boolean(declared) }).toEqual({ file, engine, name, known: true });
    expect({ file, engine, name, address: providerAddress(req.source), version: req.version }).toEqual({
      file,
      engine,
      name,
      address: declared.name,
      version: declared.version,
    });
    req.source = '<address>';
    req.version = '<provider version>';
  }
}

/** Which documented difference a pair of differing lines is, if any. */
function documentedLine(a: string, b: string): Kind | undefined {
  const key = /^\s*"(version|source)": "([^"]*)",?$/;
  const ma = key.exec(a);
  const mb = key.exec(b);
  if (!ma || !mb || ma[1] !== mb[1]) return undefined;
  if (ma[1] === 'source') return providerAddress(ma[2]) === providerAddress(mb[2]) ? 'provider-source' : undefined;
  if (ma[2] === DECLARED.cdktf.engineVersion && mb[2] === DECLARED.cdktn.engineVersion) return 'engine-version';
  const pair = Object.keys(DECLARED.cdktf.providers).some((p) => ma[2] === DECLARED.cdktf.providers[p].version && mb[2] === DECLARED.cdktn.providers[p]?.version);
  return pair ? 'provider-version' : undefined;
}

describe('every example, synthesized by cdktf and by cdktn', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-engines-'));
  const out: Record<Engine, string> = { cdktf: path.join(tmp, 'cdktf'), cdktn: path.join(tmp, 'cdktn') };
  const files: Record<Engine, string[]> = { cdktf: [], cdktn: [] };

  beforeAll(async () => {
    for (const e of ENGINES) fs.mkdirSync(out[e], { recursive: true });
    await Promise.all(ENGINES.map((e) => run(e, out[e])));
    for (const e of ENGINES) files[e] = listFiles(out[e]);
  }, 120000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('main.ts runs every example stack class under examples/', () => {
    const main = fs.readFileSync(path.join(ROOT, 'examples/main.ts'), 'utf8');
    const classes = listFiles(path.join(ROOT, 'examples'))
      .filter((f) => f.endsWith('.ts') && f !== 'main.ts')
      .flatMap((f) => [...fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8').matchAll(/export class (\w+) extends TerraformStack/g)].map((m) => m[1]));
    expect(classes.length).toBeGreaterThanOrEqual(4);
    for (const c of classes) expect({ c, run: new RegExp(`new ${c}\\(`).test(main) }).toEqual({ c, run: true });
  });

  test('both engines write the same files: every stack, the manifest and the reports', () => {
    expect(files.cdktn).toEqual(files.cdktf);
    const stacks = files.cdktf.filter((f) => /^stacks\/[^/]+\/cdk\.tf\.json$/.test(f));
    expect(stacks.length).toBeGreaterThanOrEqual(4);
    // both clouds are among the examples, so both provider bindings are compared
    const providers = new Set(stacks.flatMap((f) => Object.keys((JSON.parse(fs.readFileSync(path.join(out.cdktf, f), 'utf8')) as { provider?: Json }).provider ?? {})));
    expect([...providers].sort()).toEqual(['aws', 'azurerm']);
    expect(files.cdktf.some((f) => f.startsWith('reports/'))).toBe(true);
  });

  /** Compares every file; returns the kinds of documented difference met. */
  function compareAll(): Set<Kind> {
    const kinds = new Set<Kind>();
    for (const file of files.cdktf) {
      const a = fs.readFileSync(path.join(out.cdktf, file), 'utf8');
      const b = fs.readFileSync(path.join(out.cdktn, file), 'utf8');
      if (!file.endsWith('.json') || a === b) {
        expect({ file, identical: a === b }).toEqual({ file, identical: true });
        continue;
      }
      const [ca, cb] = [collapseEmpty(a), collapseEmpty(b)];
      if (ca !== a || cb !== b) kinds.add('empty-container-formatting');
      // the same JSON value after masking the documented fields, with every key in the same order
      const [ja, jb] = [JSON.parse(ca) as Json, JSON.parse(cb) as Json];
      maskDocumented(file, ja, 'cdktf');
      maskDocumented(file, jb, 'cdktn');
      expect({ file, json: JSON.stringify(jb, null, 2) }).toEqual({ file, json: JSON.stringify(ja, null, 2) });
      // and byte for byte: the only lines that differ carry a documented field
      const [la, lb] = [ca.split('\n'), cb.split('\n')];
      expect({ file, lines: lb.length }).toEqual({ file, lines: la.length });
      const undocumented = la
        .map((line, i) => ({ line: i + 1, cdktf: line, cdktn: lb[i] }))
        .filter((l) => l.cdktf !== l.cdktn)
        .filter((l) => {
          const kind = documentedLine(l.cdktf, l.cdktn);
          if (kind) kinds.add(kind);
          return !kind;
        });
      expect({ file, undocumented }).toEqual({ file, undocumented: [] });
    }
    return kinds;
  }

  test('each file is byte-identical, apart from the documented differences', () => {
    expect(files.cdktf.length).toBeGreaterThan(0);
    compareAll();
  });

  test('the differences found are exactly the documented ones (update the list above when they change)', () => {
    const kinds = compareAll();
    expect([...kinds].sort()).toEqual(['empty-container-formatting', 'engine-version', 'provider-source', 'provider-version']);
  });
});
