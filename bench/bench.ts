/**
 * `npm run bench`: what the library costs on top of plain cdktf, in time and memory. Not a test:
 * no timed assertions anywhere; the targets are printed beside the numbers.
 *
 * 1. Compiles the library and the bench with tsc into .bench/dist (a scratch dir, git-ignored).
 * 2. Cold start: `require` of the built package in a fresh process; `npm run synth` end to end.
 * 3. For every topology (bench/topology.ts) and cloud: synthesizes it once with the library, counts
 *    resources, rules and the minimum rule count, and generates the floor from that output: a plain
 *    cdktf program with the same resources and provider classes and no library code (bench/floor.ts).
 * 4. Timed runs, each in a fresh process (bench/child.ts, `app.synth()`): library and floor
 *    interleaved (order alternating per round), compiled JS and through the TypeScript loader the
 *    README uses (`node -r @swc-node/register`). Time = build + synth inside the process; memory =
 *    the process's peak RSS.
 * 5. Writes bench/results.md and bench/results.json and prints the table.
 *
 * Options (environment): BENCH_RUNS (rounds, default 3), BENCH_TOPOLOGIES (comma list),
 * BENCH_CLOUDS, BENCH_MODELS (compiled,loader), BENCH_STRICT=1 (exit 1 when a target is missed).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateFloor, ruleStats, type RuleStats, type SynthesizedStack, type TfJson } from './floor';
import { CLOUDS, TOPOLOGIES, type Cloud, type Topology } from './topology';

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.bench');
const DIST = path.join(WORK, 'dist');
const started = Date.now();

const TARGETS = { timeRatio: 1.2, rssRatio: 1.3, coldRequireMs: 300, coldRequireMb: 150 };
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
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
  maxRssMb: number;
  wallMs: number;
}

function tsc(config: object, name: string): void {
  const file = path.join(WORK, name);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  const t = Date.now();
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', file], { cwd: ROOT, stdio: 'inherit' });
  log(`tsc ${name}: ${Date.now() - t} ms`);
}

function compileOptions() {
  return { extends: '../tsconfig.json', compilerOptions: { outDir: 'dist', rootDir: '..', declaration: false, noEmit: false, types: ['node'] }, include: [] };
}

function childCommand(model: Model, args: string[]): string[] {
  return model === 'compiled' ? [path.join(DIST, 'bench', 'child.js'), ...args] : ['-r', '@swc-node/register', path.join(ROOT, 'bench', 'child.ts'), ...args];
}

function runChild(model: Model, args: string[]): ChildResult {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, childCommand(model, args), { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`child ${args.join(' ')} (${model}) failed:\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return { ...(JSON.parse(line) as Omit<ChildResult, 'wallMs'>), wallMs };
}

function readStacks(outdir: string): SynthesizedStack[] {
  const dir = path.join(outdir, 'stacks');
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => ({ name, json: JSON.parse(fs.readFileSync(path.join(dir, name, 'cdk.tf.json'), 'utf8')) as TfJson }));
}

function coldStart() {
  const entry = path.join(DIST, 'lib', 'index.js');
  const code = `const t=performance.now();require(${JSON.stringify(entry)});const ms=performance.now()-t;` + `process.stdout.write(JSON.stringify({requireMs:ms,processMs:performance.now(),maxRssMb:process.resourceUsage().maxRSS/1024}))`;
  const bare = `process.stdout.write(JSON.stringify({maxRssMb:process.resourceUsage().maxRSS/1024}))`;
  const runs: { requireMs: number; processMs: number; maxRssMb: number }[] = [];
  const nodeRss: number[] = [];
  for (let i = 0; i < 5; i++) {
    runs.push(JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd: os.tmpdir(), encoding: 'utf8' })));
    nodeRss.push(JSON.parse(execFileSync(process.execPath, ['-e', bare], { encoding: 'utf8' })).maxRssMb);
  }
  return {
    requireMs: median(runs.map((r) => r.requireMs)),
    requireMsMin: Math.min(...runs.map((r) => r.requireMs)),
    requireMsMax: Math.max(...runs.map((r) => r.requireMs)),
    maxRssMb: median(runs.map((r) => r.maxRssMb)),
    bareNodeRssMb: median(nodeRss),
  };
}

function synthEndToEnd() {
  const outdir = path.join(WORK, 'synth-out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    const r = timeBin
      ? spawnSync(timeBin, ['-f', 'maxrss-kb=%M', npm, 'run', 'synth'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: outdir } })
      : spawnSync(npm, ['run', 'synth'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: outdir } });
    walls.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`npm run synth failed:\n${r.stderr}`);
    const m = /maxrss-kb=(\d+)/.exec(r.stderr ?? '');
    if (m) rss.push(Number(m[1]) / 1024);
  }
  return { wallMs: median(walls), maxRssMb: rss.length ? median(rss) : undefined };
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
  tsc({ ...compileOptions(), files: ['../bench/child.ts', '../lib/index.ts'] }, 'tsconfig.lib.json');

  const cold = coldStart();
  log(`cold require ${cold.requireMs.toFixed(0)} ms, ${cold.maxRssMb.toFixed(0)} MB`);
  const synth = synthEndToEnd();
  log(`npm run synth ${synth.wallMs.toFixed(0)} ms${synth.maxRssMb ? `, ${synth.maxRssMb.toFixed(0)} MB` : ''}`);

  // Generate the floors from the library's own output (one untimed compiled run each).
  const cases: { t: Topology; cloud: Cloud; stats: RuleStats; floor: string; data: string }[] = [];
  for (const t of topologies) {
    for (const cloud of clouds) {
      const outdir = path.join(WORK, 'out', `${t.name}-${cloud}-lib`);
      fs.rmSync(outdir, { recursive: true, force: true });
      runChild('compiled', ['lib', t.name, cloud, outdir]);
      const stacks = readStacks(outdir);
      const stats = ruleStats(stacks);
      const base = path.join(WORK, 'floor', `${t.name}-${cloud}`);
      const floor = generateFloor(stacks, '../../bench/plain-runtime');
      fs.writeFileSync(`${base}.ts`, floor.module);
      fs.writeFileSync(`${base}.json`, JSON.stringify(floor.data));
      cases.push({ t, cloud, stats, floor: base, data: `${base}.json` });
      log(`${t.name} ${cloud}: ${stats.resources} resources, ${stats.rules} rules (minimum ${stats.minimumRules}, duplicates ${stats.duplicateRules})`);
    }
  }
  tsc({ ...compileOptions(), files: cases.map((c) => path.relative(WORK, `${c.floor}.ts`)) }, 'tsconfig.floor.json');

  const rows: Row[] = [];
  for (const c of cases) for (const model of MODELS) rows.push({ topology: c.t.name, title: c.t.title, cloud: c.cloud, model, stats: c.stats, lib: [], plain: [] });
  for (let round = 0; round < RUNS; round++) {
    for (const row of rows) {
      const c = cases.find((x) => x.t.name === row.topology && x.cloud === row.cloud)!;
      const floorModule = row.model === 'compiled' ? path.join(DIST, '.bench', 'floor', `${path.basename(c.floor)}.js`) : `${c.floor}.ts`;
      for (const kind of round % 2 === 0 ? (['lib', 'plain'] as const) : (['plain', 'lib'] as const)) {
        const outdir = path.join(WORK, 'out', `${row.topology}-${row.cloud}-${kind}`);
        fs.rmSync(outdir, { recursive: true, force: true });
        const args = kind === 'lib' ? ['lib', row.topology, row.cloud, outdir] : ['plain', row.topology, row.cloud, outdir, floorModule, c.data];
        const r = runChild(row.model, args);
        row[kind].push(r);
        if (kind === 'plain' && round === 0) {
          const plainStats = ruleStats(readStacks(outdir));
          if (JSON.stringify(plainStats) !== JSON.stringify(row.stats)) throw new Error(`the floor of ${row.topology} ${row.cloud} differs: ${JSON.stringify(plainStats)} vs ${JSON.stringify(row.stats)}`);
        }
      }
      const l = row.lib[round];
      const p = row.plain[round];
      log(`round ${round + 1}/${RUNS} ${row.topology} ${row.cloud} ${row.model}: lib ${l.runMs.toFixed(0)} ms ${l.maxRssMb.toFixed(0)} MB, plain ${p.runMs.toFixed(0)} ms ${p.maxRssMb.toFixed(0)} MB`);
    }
  }
  report(rows, cold, synth);
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
      libRssMb: median(r.lib.map((x) => x.maxRssMb)),
      plainRssMb: median(r.plain.map((x) => x.maxRssMb)),
      rssRatio: median(rss),
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
  const table = [
    '| topology | cloud | process | resources | rules / minimum | library s | plain s | ratio median (min-max) | peak RSS library / plain MB | RSS ratio |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...summary.map(
      (s) =>
        `| ${s.title} | ${s.cloud} | ${s.model === 'compiled' ? 'compiled JS' : 'TS loader'} | ${s.resources} | ${s.rules} / ${s.minimumRules} | ${secs(s.libMs)} | ${secs(s.plainMs)} | ${f2(s.ratio)} (${f2(s.ratioMin)}-${f2(s.ratioMax)}) | ${f0(s.libRssMb)} / ${f0(s.plainRssMb)} | ${f2(s.rssRatio)} |`,
    ),
  ].join('\n');
  const env = `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}, load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`;
  const md = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()}; ${env}; ${RUNS} interleaved rounds per row; whole run ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    'Time is build + synth (`app.synth()`) inside a fresh process, module loading excluded; memory is the process\'s peak RSS.',
    'The plain program is generated from the library\'s own output: the same resources, construct paths and provider classes (deep imports), no library code.',
    '',
    table,
    '',
    `Cold start: \`require\` of the built package ${f0(cold.requireMs)} ms (min ${f0(cold.requireMsMin)}, max ${f0(cold.requireMsMax)}), peak RSS ${f0(cold.maxRssMb)} MB (a bare node process: ${f0(cold.bareNodeRssMb)} MB).`,
    `\`npm run synth\` end to end (npm, the TypeScript loader, 4 example stacks, reports): ${f0(synth.wallMs)} ms${synth.maxRssMb ? `, peak RSS ${f0(synth.maxRssMb)} MB` : ''}.`,
    '',
    `Targets: time <= ${TARGETS.timeRatio}x and peak RSS <= ${TARGETS.rssRatio}x the plain program; cold require <= ${TARGETS.coldRequireMs} ms and <= ${TARGETS.coldRequireMb} MB; rules = minimum.`,
    missed.length ? `Missed:\n${missed.map((m) => `- ${m}`).join('\n')}` : 'All targets met.',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.md'), md);
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), env, runs: RUNS, targets: TARGETS, cold, synth, rows: summary, missed }, null, 2)}\n`);
  console.log(md);
  if (missed.length && process.env.BENCH_STRICT === '1') process.exitCode = 1;
}

main();
