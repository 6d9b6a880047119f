/**
 * The knowledge (catalog), the reasoning (model, plan) and the report must outlive cdktf: they
 * import neither cdktf, cdktn, constructs nor a provider package of either engine, so both
 * builds of the library (cdktf and the generated cdktn one) share them. And no file anywhere
 * imports a provider package root (seconds and ~1 GB per process).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

function tsFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((d) => {
    const rel = path.join(dir, d.name);
    if (d.isDirectory()) return tsFiles(rel);
    return d.name.endsWith('.ts') ? [rel] : [];
  });
}

function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const out: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** Follows relative imports, so an engine-free file cannot reach cdktf through a helper either. */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const spec of imports(file)) {
    if (!spec.startsWith('.')) continue;
    const base = path.normalize(path.join(path.dirname(file), spec));
    const candidates = [`${base}.ts`, path.join(base, 'index.ts')];
    const hit = candidates.find((c) => fs.existsSync(path.join(ROOT, c)));
    if (hit) closure(hit, seen);
  }
  return seen;
}

const ENGINE_FREE = ['lib/catalog', 'lib/model', 'lib/plan', 'lib/report', 'lib/checks', 'lib/verify', 'lib/cli', 'lib/tools'];
const ENGINE = /^(?:(?:cdktf|cdktn|constructs)(?:$|\/)|@cdkt[fn]\/)/;

describe('architecture', () => {
  const engineFree = ENGINE_FREE.flatMap(tsFiles);

  test('the engine-free layers exist and hold code', () => {
    expect(engineFree.length).toBeGreaterThanOrEqual(8);
  });

  test('the engine pattern catches both engines and their providers, and nothing else', () => {
    expect(['cdktf', 'cdktn', 'constructs', 'cdktf/lib/testing', '@cdktf/provider-aws/lib/lb', '@cdktn/provider-azurerm/lib/lb'].every((s) => ENGINE.test(s))).toBe(true);
    expect(['cdktf-ms-ports', 'cdktnx', './cdktf', 'fs'].some((s) => ENGINE.test(s))).toBe(false);
  });

  test.each(ENGINE_FREE)('%s imports neither cdktf, cdktn, constructs nor a provider, directly or through relative imports', (dir) => {
    for (const file of tsFiles(dir)) {
      for (const reached of closure(file)) {
        const bad = imports(reached).filter((s) => ENGINE.test(s));
        expect({ file, reached, bad }).toEqual({ file, reached, bad: [] });
      }
    }
  });

  test('provider packages are imported by deep path only, everywhere', () => {
    const all = ['lib', 'test', 'examples', 'bench', 'gen/cdktn'].flatMap(tsFiles);
    expect(all.length).toBeGreaterThan(10);
    expect(all.some((f) => f.startsWith('gen/'))).toBe(true);
    for (const file of all) {
      const barrel = imports(file).filter((s) => /^@cdkt[fn]\/provider-(aws|azurerm)(\/lib\/?)?$/.test(s));
      expect({ file, barrel }).toEqual({ file, barrel: [] });
    }
  });

  test('no work at module load in the catalog: no fs, no JSON parsing, no network', () => {
    for (const file of tsFiles('lib/catalog')) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      expect({ file, fs: /from ['"]fs['"]|require\(['"]fs['"]\)|readFileSync|JSON\.parse/.test(text) }).toEqual({ file, fs: false });
    }
  });
});

describe('architecture: the planner as stages', () => {
  /** lib/plan files that are not stages: the composition, the vocabulary, the limits, and the egress planner. */
  const NOT_STAGES = new Set(['planner.ts', 'types.ts', 'profiles.ts', 'egress.ts']);
  const stages = tsFiles('lib/plan').filter((f) => !NOT_STAGES.has(path.basename(f)));

  test('the stages exist', () => {
    expect(stages.map((f) => path.basename(f, '.ts')).sort()).toEqual(expect.arrayContaining(['aws', 'azure', 'groups', 'listeners', 'merge', 'names', 'wire']));
  });

  test('the planner only composes them: under 100 lines, no function besides planNetwork and planRole', () => {
    const text = fs.readFileSync(path.join(ROOT, 'lib/plan/planner.ts'), 'utf8');
    expect(text.split('\n').length).toBeLessThan(100);
    expect([...text.matchAll(/^(?:export )?function (\w+)/gm)].map((m) => m[1])).toEqual(['planNetwork', 'planRole']);
  });

  test.each(stages.map((f) => [f]))('%s has tests of its own and never imports the composition', (file) => {
    expect(fs.existsSync(path.join(ROOT, 'test/plan', `${path.basename(file, '.ts')}.test.ts`))).toBe(true);
    expect(imports(file).filter((s) => /(^|\/)planner$/.test(s))).toEqual([]);
  });
});
