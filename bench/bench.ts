/**
 * `npm run bench`: what the library costs on top of plain cdktf, in time and memory. Not a test:
 * no timed assertions anywhere; the targets are printed beside the numbers.
 *
 * 1. Compiles the library and the bench with tsc into .bench/dist (a scratch dir, git-ignored).
 * 2. Cold start: `require` of the built package in a fresh process; `npm run synth` end to end.
 * 3. For every topology (bench/topology.ts), cloud and process model, in rounds: the library and
 *    its floor, each in a fresh process (bench/child.ts, `app.synth()`), the order alternating per
 *    round; compiled JS and through the TypeScript loader the README uses
 *    (`node -r @swc-node/register`). The floor is generated from the library's own output of its
 *    first run (bench/floor.ts): a plain cdktf program with the same resources, construct paths and
 *    provider classes (deep imports) and no library code; its module is compiled with the TypeScript
 *    compiler for the compiled runs. Resources, rules and the minimum rule count are read from the
 *    synthesized JSON. Time = build + synth inside the process; memory = the process's peak RSS.
 * 4. Writes bench/results.md and bench/results.json (results-cdktn.* for `npm run bench:cdktn`) and
 *    prints the table.
 *
 * Options (environment): BENCH_RUNS (rounds, default 5: on a shared 2-core machine the ratio of one
 * pair of small runs moves by 0.3 or more from round to round, so small rows take a median of 5),
 * BENCH_BIG_RUNS (rounds for 100 sites and more, default 1), BENCH_BUDGET_S (seconds after which no
 * further round starts, default 480: the first round always runs whole; on a slow machine the extra
 * rounds of the small rows are cut, so the default run stays within 10 minutes), BENCH_TOPOLOGIES
 * (comma list), BENCH_CLOUDS, BENCH_MODELS (compiled,loader), BENCH_STRICT=1 (exit 1 when a target
 * is missed).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateFloor, readStacks, ruleStats, type RuleStats } from './floor';
import { CLOUDS, TOPOLOGIES, type Cloud, type Topology } from './topology';

/** The engine this copy of the bench runs on: `cdktf`, or `cdktn` in the CDK Terrain flavour (gen/cdktn). */
const ENGINE = (require('cdktf/package.json') as { name: string }).name;
/** This flavour's source root (the repository, or gen/cdktn) and the repository itself. */
const ROOT = path.resolve(__dirname, '..');
const REPO = repositoryRoot(ROOT);
const REL = path.relative(REPO, ROOT);
const WORK = path.join(REPO, '.bench', ENGINE);
const DIST = path.join(WORK, 'dist');
const RESULTS = path.join(REPO, 'bench', ENGINE === 'cdktf' ? 'results' : `results-${ENGINE}`);

function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
const started = Date.now();

const TARGETS = { timeRatio: 1.2, rssRatio: 1.3, coldRequireMs: 300, coldRequireMb: 150 };
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 1);
const BUDGET_S = Number(process.env.BENCH_BUDGET_S ?? 480);
/** Rounds that ran (fewer than RUNS when the time budget cut them). */
let roundsRun = 0;
const list = (env: string | undefined) => (env ? env.split(',').map((s) => s.trim()) : undefined);
const topologies = TOPOLOGIES.filter((t) => !list(process.env.BENCH_TOPOLOGIES) || list(process.env.BENCH_TOPOLOGIES)!.includes(t.name));
const clouds = CLOUDS.filter((c) => !list(process.env.BENCH_CLOUDS) || list(process.env.BENCH_CLOUDS)!.includes(c));
type Model = 'compiled' | 'loader';
const MODELS: Model[] = (list(process.env.BENCH_MODELS) as Model[] | undefined) ?? ['compiled', 'loader'];

const log = (s: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface ChildResult {
  loadMs: number;
  buildMs: number;
  synthMs: number;
  runMs: number;
  cpuMs: number;
  maxRssMb: number;
  wallMs: number;
  /** The library's phases inside synth (library runs only). */
  phasesMs?: { plan: number; render: number; report: number };
  /** A second build + synth in the same process (one-site rows, both sides, BENCH_WARM); phases on the library's side. */
  warm?: { runMs: number; phasesMs?: { plan: number; render: number; report: number } };
}

function tsc(config: object, name: string): void {
  const file = path.join(WORK, name);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  const t = Date.now();
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', file], { cwd: REPO, stdio: 'inherit' });
  log(`tsc ${name}: ${Date.now() - t} ms`);
}

/**
 * The examples import the library by its package name (tsconfig paths, which tsc does not rewrite):
 * in the compiled tree that name must be the compiled library. A package.json makes .bench/<engine>/dist
 * its own package scope (so the repository's self-reference to dist/ does not apply), and
 * node_modules/cdktf-ms-ports in it points at the compiled lib (and at the cdktn flavour's lib).
 */
function linkPackageName(): void {
  fs.writeFileSync(path.join(DIST, 'package.json'), '{ "name": "cdktf-ms-ports-bench-build", "private": true }\n');
  const pkg = path.join(DIST, 'node_modules', 'cdktf-ms-ports');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'index.js'), `module.exports = require(${JSON.stringify(path.join(DIST, 'lib', 'index.js'))});\n`);
  fs.writeFileSync(path.join(pkg, 'cdktn.js'), `module.exports = require(${JSON.stringify(path.join(DIST, 'gen', 'cdktn', 'lib', 'index.js'))});\n`);
}

function compileOptions() {
  return { extends: path.join(REPO, 'tsconfig.json'), compilerOptions: { outDir: DIST, rootDir: REPO, declaration: false, noEmit: false, types: ['node'] }, include: [] };
}

function childCommand(model: Model, args: string[]): string[] {
  return model === 'compiled' ? [path.join(DIST, REL, 'bench', 'child.js'), ...args] : ['-r', '@swc-node/register', path.join(ROOT, 'bench', 'child.ts'), ...args];
}

function runChild(model: Model, args: string[], env?: NodeJS.ProcessEnv): ChildResult {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, childCommand(model, args), { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(env ? { env } : {}) });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`child ${args.join(' ')} (${model}) failed:\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return { ...(JSON.parse(line) as Omit<ChildResult, 'wallMs'>), wallMs };
}

function coldStart() {
  const entry = path.join(DIST, REL, 'lib', 'index.js');
  const code = `const t=performance.now();require(${JSON.stringify(entry)});const ms=performance.now()-t;` + `process.stdout.write(JSON.stringify({requireMs:ms,processMs:performance.now(),maxRssMb:process.resourceUsage().maxRSS/1024}))`;
  const bare = `process.stdout.write(JSON.stringify({maxRssMb:process.resourceUsage().maxRSS/1024}))`;
  // cdktf alone, for the library's own share of the cold start (every provider class requires it).
  const cdktfOnly = `const t=performance.now();require('${ENGINE}');const ms=performance.now()-t;process.stdout.write(JSON.stringify({requireMs:ms,maxRssMb:process.resourceUsage().maxRSS/1024}))`;
  const cdktf: { requireMs: number; maxRssMb: number }[] = [];
  const runs: { requireMs: number; processMs: number; maxRssMb: number }[] = [];
  const nodeRss: number[] = [];
  for (let i = 0; i < 5; i++) {
    runs.push(JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd: os.tmpdir(), encoding: 'utf8' })));
    nodeRss.push(JSON.parse(execFileSync(process.execPath, ['-e', bare], { encoding: 'utf8' })).maxRssMb);
    cdktf.push(JSON.parse(execFileSync(process.execPath, ['-e', cdktfOnly], { cwd: REPO, encoding: 'utf8' })));
  }
  return {
    requireMs: median(runs.map((r) => r.requireMs)),
    requireMsMin: Math.min(...runs.map((r) => r.requireMs)),
    requireMsMax: Math.max(...runs.map((r) => r.requireMs)),
    maxRssMb: median(runs.map((r) => r.maxRssMb)),
    bareNodeRssMb: median(nodeRss),
    cdktfRequireMs: median(cdktf.map((r) => r.requireMs)),
    cdktfRssMb: median(cdktf.map((r) => r.maxRssMb)),
  };
}

function synthEndToEnd() {
  const outdir = path.join(WORK, 'synth-out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const walls: number[] = [];
  const rss: number[] = [];
  const script = ENGINE === 'cdktf' ? 'synth' : `synth:${ENGINE}`;
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const r = timeBin
      ? spawnSync(timeBin, ['-f', 'maxrss-kb=%M', npm, 'run', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: outdir } })
      : spawnSync(npm, ['run', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: outdir } });
    walls.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`npm run synth failed:\n${r.stderr}`);
    const m = /maxrss-kb=(\d+)/.exec(r.stderr ?? '');
    if (m) rss.push(Number(m[1]) / 1024);
  }
  return { wallMs: median(walls), maxRssMb: rss.length ? median(rss) : undefined };
}

/** Big topologies get fewer rounds, so that the whole bench stays under 10 minutes on 2 cores. */
function roundsFor(t: Topology): number {
  return t.sites >= 100 ? Math.min(RUNS, BIG_RUNS) : RUNS;
}

/**
 * Generates the floor of a topology from the library's output in `libOut`: the module (written as
 * TypeScript for the loader, and compiled to JavaScript with the TypeScript compiler) and its data.
 */
function makeFloor(t: Topology, cloud: Cloud, libOut: string, cases: { t: Topology; cloud: Cloud; stats: RuleStats; floor: string; data: string }[]) {
  const stacks = readStacks(libOut);
  const stats = ruleStats(stacks);
  const base = path.join(WORK, 'floor', `${t.name}-${cloud}`);
  const runtime = path.relative(path.join(WORK, 'floor'), path.join(ROOT, 'bench', 'plain-runtime'));
  const floor = generateFloor(stacks, runtime, ENGINE);
  fs.writeFileSync(`${base}.ts`, floor.module);
  const ts = require('typescript') as typeof import('typescript');
  const js = ts.transpileModule(floor.module, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  // The compiled module imports the compiled runtime.
  fs.writeFileSync(`${base}.js`, js.outputText.replace(JSON.stringify(runtime), JSON.stringify(path.join(DIST, REL, 'bench', 'plain-runtime'))));
  fs.writeFileSync(`${base}.json`, JSON.stringify(floor.data));
  log(`${t.name} ${cloud}: ${stats.resources} resources, ${stats.rules} rules (minimum ${stats.minimumRules}, duplicates ${stats.duplicateRules}); floor generated`);
  const c = { t, cloud, stats, floor: base, data: `${base}.json` };
  cases.push(c);
  return c;
}

interface Row {
  topology: string;
  title: string;
  cloud: Cloud;
  model: Model;
  stats: RuleStats;
  lib: ChildResult[];
  plain: ChildResult[];
}

function main(): void {
  fs.mkdirSync(WORK, { recursive: true });
  fs.rmSync(DIST, { recursive: true, force: true });
  fs.rmSync(path.join(WORK, 'floor'), { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'floor'), { recursive: true });
  fs.mkdirSync(path.join(WORK, 'out'), { recursive: true });
  log(`${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}; ${RUNS} rounds`);
  tsc({ ...compileOptions(), files: [path.join(ROOT, 'bench', 'child.ts'), path.join(ROOT, 'lib', 'index.ts')] }, 'tsconfig.lib.json');
  linkPackageName();

  const cold = coldStart();
  log(`cold require ${cold.requireMs.toFixed(0)} ms, ${cold.maxRssMb.toFixed(0)} MB`);
  const synth = synthEndToEnd();
  log(`npm run synth ${synth.wallMs.toFixed(0)} ms${synth.maxRssMb ? `, ${synth.maxRssMb.toFixed(0)} MB` : ''}`);

  const rows: Row[] = [];
  const cases: { t: Topology; cloud: Cloud; stats: RuleStats; floor: string; data: string }[] = [];
  for (let round = 0; round < RUNS; round++) {
    if (round > 0 && (Date.now() - started) / 1000 > BUDGET_S) {
      log(`time budget of ${BUDGET_S} s reached: rounds ${round + 1}-${RUNS} not run (BENCH_BUDGET_S)`);
      break;
    }
    roundsRun = round + 1;
    for (const t of topologies) {
      if (round >= roundsFor(t)) continue;
      for (const cloud of clouds) {
        for (const model of MODELS) {
          let c = cases.find((x) => x.t === t && x.cloud === cloud);
          let row = rows.find((r) => r.topology === t.name && r.cloud === cloud && r.model === model);
          // Library first in even rounds, floor first in odd ones; the very first run of a
          // topology is the library's, whose output the floor is generated from.
          const order = round % 2 === 0 || !c ? (['lib', 'plain'] as const) : (['plain', 'lib'] as const);
          const results: Partial<Record<'lib' | 'plain', ChildResult>> = {};
          for (const kind of order) {
            const outdir = path.join(WORK, 'out', `${t.name}-${cloud}-${kind}`);
            fs.rmSync(outdir, { recursive: true, force: true });
            if (kind === 'plain' && !c) c = makeFloor(t, cloud, path.join(WORK, 'out', `${t.name}-${cloud}-lib`), cases);
            const floorModule = c && (model === 'compiled' ? `${c.floor}.js` : `${c.floor}.ts`);
            const args = kind === 'lib' ? ['lib', t.name, cloud, outdir] : ['plain', t.name, cloud, outdir, floorModule!, c!.data];
            // The one-site rows also time a second synth in the same process (both sides), after the measured one.
            results[kind] = runChild(model, args, t.sites === 1 ? { ...process.env, BENCH_WARM: '1' } : undefined);
            if (kind === 'plain' && !row) {
              const plainStats = ruleStats(readStacks(outdir));
              if (JSON.stringify(plainStats) !== JSON.stringify(c!.stats)) throw new Error(`the floor of ${t.name} ${cloud} differs: ${JSON.stringify(plainStats)} vs ${JSON.stringify(c!.stats)}`);
            }
          }
          if (!row) {
            row = { topology: t.name, title: t.title, cloud, model, stats: c!.stats, lib: [], plain: [] };
            rows.push(row);
          }
          row.lib.push(results.lib!);
          row.plain.push(results.plain!);
          const l = results.lib!;
          const p = results.plain!;
          log(`round ${round + 1}/${roundsFor(t)} ${t.name} ${cloud} ${model}: lib ${l.runMs.toFixed(0)} ms (cpu ${l.cpuMs.toFixed(0)}) ${l.maxRssMb.toFixed(0)} MB, plain ${p.runMs.toFixed(0)} ms (cpu ${p.cpuMs.toFixed(0)}) ${p.maxRssMb.toFixed(0)} MB`);
        }
      }
    }
  }
  report(rows, cold, synth);
}

/**
 * The gap of a row split in three (medians over its rounds): the library's own work (plan with the
 * checks, report), creating the resources (library: build + render; plain: build) and cdktf's synth
 * (library: synth less its phases; plain: synth), each side's value and the difference.
 */
function gap(r: Row) {
  const phases = (x: ChildResult) => x.phasesMs ?? { plan: 0, render: 0, report: 0 };
  const libCreate = median(r.lib.map((x) => x.buildMs + phases(x).render));
  const libSynth = median(r.lib.map((x) => x.synthMs - phases(x).plan - phases(x).render - phases(x).report));
  const plainCreate = median(r.plain.map((x) => x.buildMs));
  const plainSynth = median(r.plain.map((x) => x.synthMs));
  return {
    libCreate,
    libSynth,
    plainCreate,
    plainSynth,
    libraryWork: median(r.lib.map((x) => phases(x).plan + phases(x).report)),
    create: libCreate - plainCreate,
    synth: libSynth - plainSynth,
  };
}

/**
 * The first synth of a process and a second one in it (medians), where the row measured both: the
 * library's phases in each, and each side's build + synth time, with the time ratio of the second
 * synths (median of the rounds' ratios), which compares the work once neither side has cold code.
 */
function warmSummary(r: Row) {
  const rounds = r.lib.map((l, i) => ({ l, p: r.plain[i] })).filter(({ l, p }) => l.warm?.phasesMs && l.phasesMs && p.warm);
  if (rounds.length === 0) return undefined;
  const lib = rounds.map(({ l }) => l);
  const plain = rounds.map(({ p }) => p);
  const phase = (pick: (x: ChildResult) => { plan: number; render: number; report: number }) => ({
    plan: median(lib.map((x) => pick(x).plan)),
    render: median(lib.map((x) => pick(x).render)),
    report: median(lib.map((x) => pick(x).report)),
  });
  return {
    firstRunMs: median(lib.map((x) => x.runMs)),
    secondRunMs: median(lib.map((x) => x.warm!.runMs)),
    plainFirstRunMs: median(plain.map((x) => x.runMs)),
    plainSecondRunMs: median(plain.map((x) => x.warm!.runMs)),
    firstRatio: median(rounds.map(({ l, p }) => l.runMs / p.runMs)),
    secondRatio: median(rounds.map(({ l, p }) => l.warm!.runMs / p.warm!.runMs)),
    first: phase((x) => x.phasesMs!),
    second: phase((x) => x.warm!.phasesMs!),
  };
}

/** Whole runs kept in results.json: each row's time ratio per run, the newest last. */
const HISTORY_MAX = 10;
interface HistoryEntry {
  readonly date: string;
  /** Rounds of the small rows in that run (the rows of 100 sites and more had one). */
  readonly rounds: number;
  /** Time ratio (median over the run's rounds) by `topology cloud model`. */
  readonly ratios: Readonly<Record<string, number>>;
}

/** A run of the default selection (every topology, cloud and process model) counts as a whole run. */
function isWholeRun(): boolean {
  return !process.env.BENCH_TOPOLOGIES && !process.env.BENCH_CLOUDS && !process.env.BENCH_MODELS;
}

const rowKey = (s: { topology: string; cloud: string; model: string }) => `${s.topology} ${s.cloud} ${s.model}`;
const modelTitle = (m: Model) => (m === 'compiled' ? 'compiled JS' : 'TS loader');

/**
 * The history of whole runs: the previous results file's, with this run appended when it is whole
 * (a partial run keeps the history as it was). One pair of single-round rows moves by up to a
 * quarter with the machine from run to run; the median over several whole runs is the steadier read.
 */
function runHistory(date: string, summary: readonly { topology: string; cloud: string; model: string; ratio: number }[]): HistoryEntry[] {
  let previous: HistoryEntry[] = [];
  if (fs.existsSync(`${RESULTS}.json`)) {
    const old = JSON.parse(fs.readFileSync(`${RESULTS}.json`, 'utf8')) as { history?: HistoryEntry[] };
    if (Array.isArray(old.history)) previous = old.history;
  }
  if (!isWholeRun()) return previous;
  const ratios: Record<string, number> = {};
  for (const s of summary) ratios[rowKey(s)] = Math.round(s.ratio * 1000) / 1000;
  return [...previous, { date, rounds: roundsRun, ratios }].slice(-HISTORY_MAX);
}

function report(rows: Row[], cold: ReturnType<typeof coldStart>, synth: ReturnType<typeof synthEndToEnd>): void {
  const missed: string[] = [];
  const summary = rows.map((r) => {
    const ratios = r.lib.map((l, i) => l.runMs / r.plain[i].runMs);
    const rss = r.lib.map((l, i) => l.maxRssMb / r.plain[i].maxRssMb);
    const s = {
      topology: r.topology,
      title: r.title,
      cloud: r.cloud,
      model: r.model,
      ...r.stats,
      libMs: median(r.lib.map((x) => x.runMs)),
      plainMs: median(r.plain.map((x) => x.runMs)),
      ratio: median(ratios),
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      cpuRatio: median(r.lib.map((l, i) => l.cpuMs / r.plain[i].cpuMs)),
      libRssMb: median(r.lib.map((x) => x.maxRssMb)),
      plainRssMb: median(r.plain.map((x) => x.maxRssMb)),
      rssRatio: median(rss),
      // Module loading, outside the timed span (cdktf, the provider classes; the library's own code on its side).
      libLoadMs: median(r.lib.map((x) => x.loadMs)),
      libPhasesMs: {
        plan: median(r.lib.map((x) => x.phasesMs?.plan ?? 0)),
        render: median(r.lib.map((x) => x.phasesMs?.render ?? 0)),
        report: median(r.lib.map((x) => x.phasesMs?.report ?? 0)),
      },
      gapMs: gap(r),
      warm: warmSummary(r),
      plainLoadMs: median(r.plain.map((x) => x.loadMs)),
      libWallMs: median(r.lib.map((x) => x.wallMs)),
      plainWallMs: median(r.plain.map((x) => x.wallMs)),
      runs: r.lib.length,
      raw: { lib: r.lib, plain: r.plain },
    };
    const what = `${r.topology} ${r.cloud} ${r.model}`;
    if (s.ratio > TARGETS.timeRatio) missed.push(`${what}: time ${s.ratio.toFixed(2)}x > ${TARGETS.timeRatio}x`);
    if (s.rssRatio > TARGETS.rssRatio) missed.push(`${what}: peak RSS ${s.rssRatio.toFixed(2)}x > ${TARGETS.rssRatio}x`);
    if (s.rules > s.minimumRules || s.duplicateRules > 0) missed.push(`${what}: ${s.rules} rules > minimum ${s.minimumRules} (${s.duplicateRules} duplicates)`);
    return s;
  });
  if (cold.requireMs > TARGETS.coldRequireMs) missed.push(`cold require ${cold.requireMs.toFixed(0)} ms > ${TARGETS.coldRequireMs} ms`);
  if (cold.maxRssMb > TARGETS.coldRequireMb) missed.push(`cold require ${cold.maxRssMb.toFixed(0)} MB > ${TARGETS.coldRequireMb} MB`);

  const f0 = (x: number) => x.toFixed(0);
  const f2 = (x: number) => x.toFixed(2);
  const secs = (x: number) => (x / 1000).toFixed(2);
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(0)}`;
  const table = [
    '| topology | cloud | process | resources | rules / minimum | library s | plain s | ratio median (min-max) | CPU ratio | peak RSS library / plain MB | RSS ratio |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...summary.map(
      (s) =>
        `| ${s.title} | ${s.cloud} | ${modelTitle(s.model)} | ${s.resources} | ${s.rules} / ${s.minimumRules} | ${secs(s.libMs)} | ${secs(s.plainMs)} | ${f2(s.ratio)} (${f2(s.ratioMin)}-${f2(s.ratioMax)}) | ${f2(s.cpuRatio)} | ${f0(s.libRssMb)} / ${f0(s.plainRssMb)} | ${f2(s.rssRatio)} |`,
    ),
  ].join('\n');
  // Where the library's time goes, beside the plain program's: the library's own work (planning with
  // the checks, the report), creating the resources (the library's build of its role constructs and
  // boundaries plus its render; the plain program's build), and cdktf's synth of the same resources.
  const gapTable = [
    '| topology | cloud | process | library: plan + checks ms | report ms | build + render ms | cdktf synth ms | plain: build ms | cdktf synth ms | gap: library work ms | resource creation ms | cdktf synth ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...summary.map((s) => {
      const g = s.gapMs;
      return `| ${s.title} | ${s.cloud} | ${modelTitle(s.model)} | ${f0(s.libPhasesMs.plan)} | ${f0(s.libPhasesMs.report)} | ${f0(g.libCreate)} | ${f0(g.libSynth)} | ${f0(g.plainCreate)} | ${f0(g.plainSynth)} | ${signed(g.libraryWork)} | ${signed(g.create)} | ${signed(g.synth)} |`;
    }),
  ].join('\n');
  // cdktf's synth of the same resources should cost the same on both sides: how far apart it is
  // between the two processes of a row is this machine's noise, beside the gap it must resolve.
  const synthSpread = summary.map((s) => s.gapMs.synth / s.gapMs.plainSynth);
  const noise = synthSpread.length
    ? `Noise: cdktf's synth of the same resources (the last column) took ${f2(1 + Math.min(...synthSpread))}x to ${f2(1 + Math.max(...synthSpread))}x the plain program's time in the library's process across the rows of this run (median ${f2(1 + median(synthSpread))}x). The work is the same; what moves it is mostly the machine, so a row of one round cannot resolve a difference smaller than that spread.`
    : '';
  const warmRows = summary.filter((s) => s.warm);
  const warmTable = warmRows.length
    ? [
        '| topology | cloud | process | library, first synth: plan + checks / render / report ms | library, second synth: plan + checks / render / report ms | library: first / second build + synth ms | plain: first / second build + synth ms | time ratio: first / second synth |',
        '|---|---|---|---|---|---|---|---|',
        ...warmRows.map((s) => {
          const w = s.warm!;
          const p = (x: { plan: number; render: number; report: number }) => `${f0(x.plan)} / ${f0(x.render)} / ${f0(x.report)}`;
          return `| ${s.title} | ${s.cloud} | ${modelTitle(s.model)} | ${p(w.first)} | ${p(w.second)} | ${f0(w.firstRunMs)} / ${f0(w.secondRunMs)} | ${f0(w.plainFirstRunMs)} / ${f0(w.plainSecondRunMs)} | ${f2(w.firstRatio)} / ${f2(w.secondRatio)} |`;
        }),
      ].join('\n')
    : '';
  const env = `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}, load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`;
  const date = new Date().toISOString();
  const history = runHistory(date, summary);
  let historySection: string[] = [];
  if (history.length > 1) {
    const keys = summary.map(rowKey);
    const medians = keys.map((key) => {
      const ratios = history.map((h) => h.ratios[key]).filter((x): x is number => typeof x === 'number');
      return ratios.length ? median(ratios) : undefined;
    });
    const over = summary.filter((_, i) => (medians[i] ?? 0) > TARGETS.timeRatio);
    historySection = [
      `Across whole runs (the last ${history.length}${isWholeRun() ? ', this one included' : '; this partial run is not among them'}): each row's time ratio per run and the median over the runs. A row of one round moves with the machine from run to run; the median of several runs is the steadier read. Runs: ${history.map((h, i) => `r${i + 1} ${h.date.slice(0, 10)} (${h.rounds} rounds)`).join(', ')}.`,
      '',
      `| topology | cloud | process | ${history.map((_, i) => `r${i + 1}`).join(' | ')} | median |`,
      `|---|---|---|${history.map(() => '---|').join('')}---|`,
      ...summary.map((s, i) => {
        const cell = (x: number | undefined) => (x === undefined ? '-' : x > TARGETS.timeRatio ? `**${f2(x)}**` : f2(x));
        return `| ${s.title} | ${s.cloud} | ${modelTitle(s.model)} | ${history.map((h) => cell(h.ratios[keys[i]])).join(' | ')} | ${cell(medians[i])} |`;
      }),
      '',
      `By the median over these runs, time is within ${TARGETS.timeRatio}x on ${summary.length - over.length} of ${summary.length} rows${over.length ? `; above: ${over.map((s) => `${s.topology} ${s.cloud} ${s.model}`).join(', ')}` : ''}.`,
      '',
    ];
  }
  const md = [
    `# Benchmark results (${ENGINE})`,
    '',
    `Written by \`npm run bench\` on ${date}; ${env}; ${roundsRun} interleaved rounds per row (${Math.min(roundsRun, BIG_RUNS)} for 100 sites and more)${roundsRun < RUNS ? `, cut from ${RUNS} by the time budget (BENCH_BUDGET_S=${BUDGET_S})` : ''}; whole run ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    'Time is build + synth (`app.synth()`) inside a fresh process, module loading excluded on both sides (wall clock; the CPU ratio compares user + system CPU time of the same span, steadier on a shared machine); memory is the process\'s peak RSS.',
    'Module loading: the plain program imports its provider classes at the top; the library loads its own on first use, so its bench process loads them before the clock starts (the library\'s own load time is the cold start below; per row in results.json: libLoadMs, plainLoadMs).',
    'The plain program is generated from the library\'s own output: the same resources, construct paths and provider classes (deep imports), no library code.',
    '',
    table,
    '',
    'Where the gap is (medians over the rounds, per side): the library\'s own work (planning with its checks; the report: Markdown, CSV, JSON, IPsec scripts), creating the resources (library: building the role constructs and their boundaries, then rendering the rules and load balancers at synth; plain program: its build, which creates the same resources) and cdktf\'s synth of the same resources. The last three columns are the library\'s side minus the plain program\'s: what each part adds to the gap.',
    '',
    gapTable,
    '',
    ...(noise ? [noise, ''] : []),
    ...(warmTable
      ? [
          'Cold code (one-site rows): the measured synth, the first of its process, beside a second build + synth of the same topology in a new app of the same process, run on both sides after everything above was measured: the library\'s phases in each, each side\'s time, and the time ratio of each pair (median over the rounds). In the second synth neither side has cold code left; what the first adds on the library\'s side is V8 compiling and warming up the library\'s code on first use, which a plain program does not have. A real synth is the first of its process.',
          '',
          warmTable,
          '',
        ]
      : []),
    `Cold start: \`require\` of the built package ${f0(cold.requireMs)} ms (min ${f0(cold.requireMsMin)}, max ${f0(cold.requireMsMax)}), peak RSS ${f0(cold.maxRssMb)} MB (a bare node process: ${f0(cold.bareNodeRssMb)} MB; \`require('cdktf')\` alone, which every provider class does: ${f0(cold.cdktfRequireMs)} ms, ${f0(cold.cdktfRssMb)} MB).`,
    `\`npm run synth\` end to end (npm, the TypeScript loader, every example stack, reports): ${f0(synth.wallMs)} ms${synth.maxRssMb ? `, peak RSS ${f0(synth.maxRssMb)} MB` : ''}.`,
    '',
    `Targets: time <= ${TARGETS.timeRatio}x and peak RSS <= ${TARGETS.rssRatio}x the plain program; cold require <= ${TARGETS.coldRequireMs} ms and <= ${TARGETS.coldRequireMb} MB; rules = minimum.`,
    missed.length ? `Missed in this run:\n${missed.map((m) => `- ${m}`).join('\n')}` : 'All targets met in this run.',
    '',
    ...historySection,
  ].join('\n');
  fs.writeFileSync(`${RESULTS}.md`, md);
  fs.writeFileSync(`${RESULTS}.json`, `${JSON.stringify({ date, env, runs: roundsRun, targets: TARGETS, cold, synth, rows: summary, missed, history }, null, 2)}\n`);
  console.log(md);
  if (missed.length && process.env.BENCH_STRICT === '1') process.exitCode = 1;
}

main();
