/**
 * One benchmark run in a fresh process (spawned by bench/bench.ts): builds one topology with the
 * library (`lib`) or its plain floor (`plain`), synthesizes with `app.synth()`, and prints one JSON
 * line: module load, build and synth times, and the process's peak RSS (`resourceUsage().maxRSS`).
 *
 *   child lib   <topology> <cloud> <outdir>
 *   child plain <topology> <cloud> <outdir> <floor module> <floor data.json>
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const started = performance.now();
const [kind, topologyName, cloud, outdir, floorModule, floorData] = process.argv.slice(2);

function main(): void {
  const { App } = require('cdktf') as typeof import('cdktf');
  let build: (app: InstanceType<typeof App>) => void;
  if (kind === 'lib') {
    const t = require('./topology') as typeof import('./topology');
    build = (app) => void t.buildTopology(app, t.topology(topologyName), cloud as 'azure' | 'aws');
  } else if (kind === 'plain') {
    const { classes } = require(floorModule) as { classes: Record<string, import('./plain-runtime').ResourceClass> };
    const { buildPlain } = require('./plain-runtime') as typeof import('./plain-runtime');
    let data: import('./plain-runtime').FloorData | undefined = JSON.parse(require('fs').readFileSync(floorData, 'utf8'));
    build = (app) => {
      buildPlain(app, classes, data!);
      data = undefined; // the program's input is not kept through synth
    };
  } else {
    throw new Error(`unknown kind ${kind}`);
  }
  const loaded = performance.now();
  const cpu = process.cpuUsage();
  const app = new App({ outdir });
  build(app);
  const built = performance.now();
  app.synth();
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `${JSON.stringify({
      kind,
      loadMs: loaded - started,
      buildMs: built - loaded,
      synthMs: done - built,
      runMs: done - loaded,
      // CPU time of build + synth (all threads, GC helpers included): steadier than wall time on a shared machine.
      cpuMs: (used.user + used.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      // With --expose-gc: what stays reachable after synth (the app is still referenced here).
      retainedMb: retained(app),
    })}\n`,
  );
}

function retained(app: unknown): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || !app) return undefined;
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

main();
