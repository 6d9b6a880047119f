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
  // Before a second build (BENCH_WARM): what the first one let go of, read again outside the clock.
  let reload = (): void => undefined;
  if (kind === 'lib') {
    const t = require('./topology') as typeof import('./topology');
    preloadProviderClasses(cloud);
    timePhases();
    build = (app) => void t.buildTopology(app, t.topology(topologyName), cloud as 'azure' | 'aws');
  } else if (kind === 'plain') {
    const { classes } = require(floorModule) as { classes: Record<string, import('./plain-runtime').ResourceClass> };
    const { buildPlain } = require('./plain-runtime') as typeof import('./plain-runtime');
    const read = (): import('./plain-runtime').FloorData => JSON.parse(require('fs').readFileSync(floorData, 'utf8'));
    let data: import('./plain-runtime').FloorData | undefined = read();
    build = (app) => {
      buildPlain(app, classes, data!);
      data = undefined; // the program's input is not kept through synth
    };
    reload = () => {
      data = read();
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
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const retainedMb = retained(app);
  const coldPhases = { ...phases };
  // BENCH_WARM=1: a second build + synth of the same topology in a new app of the same process, once
  // everything above is measured: the time (and the library's phases) once V8 has compiled and warmed
  // the code, beside the first synth's. Run on both sides, so the two second synths compare the work
  // without the cold code (a process synthesizes once; the difference is the cost of cold code).
  let warm: ReturnType<typeof warmRun> | undefined;
  if (process.env.BENCH_WARM === '1') {
    reload();
    warm = warmRun(App, build, `${outdir}-warm`);
  }
  process.stdout.write(
    `${JSON.stringify({
      kind,
      loadMs: loaded - started,
      buildMs: built - loaded,
      synthMs: done - built,
      runMs: done - loaded,
      // CPU time of build + synth (all threads, GC helpers included): steadier than wall time on a shared machine.
      cpuMs: (used.user + used.system) / 1000,
      maxRssMb,
      // With --expose-gc: what stays reachable after synth (the app is still referenced here).
      retainedMb,
      // The library's own phases inside synth (lib only): planning with the checks, rendering, the report.
      ...(kind === 'lib' ? { phasesMs: coldPhases } : {}),
      ...(warm ? { warm } : {}),
    })}\n`,
  );
}

/** The second build + synth in the same process: its time and (library) the library's phases in it. */
function warmRun(App: typeof import('cdktf').App, build: (app: InstanceType<typeof import('cdktf').App>) => void, outdir: string): { runMs: number; phasesMs?: typeof phases } {
  phases.plan = 0;
  phases.render = 0;
  phases.report = 0;
  const t = performance.now();
  const app = new App({ outdir });
  build(app);
  app.synth();
  return { runMs: performance.now() - t, ...(kind === 'lib' ? { phasesMs: { ...phases } } : {}) };
}

/** Milliseconds spent in each of the library's synth phases (summed over its network bindings). */
const phases = { plan: 0, render: 0, report: 0 };

/**
 * Times the library's phases (bench only: the library itself has no timing code) by wrapping the two
 * binding methods `app.synth()` calls around each network's rendering: `planForRender` (the plan and
 * its checks) and `afterRender` (warnings and the app report); the rendering of the cloud resources is
 * the time between them. `renderPlan` itself is not wrapped, so the resources it creates capture no
 * extra stack frame. A shared network renders inside the first site's `planForRender`: that nested
 * time is counted in its own phases, not in the site's plan.
 */
function timePhases(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const proto = (require('../lib/core/binding') as typeof import('../lib/core/binding')).NetworkBinding.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  let accounted = 0;
  let planEnd = 0;
  const plan = proto.planForRender;
  const after = proto.afterRender;
  proto.planForRender = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    const before = accounted;
    const result = plan.apply(this, args);
    planEnd = performance.now();
    const own = planEnd - t - (accounted - before);
    phases.plan += own;
    accounted += own;
    return result;
  };
  proto.afterRender = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    phases.render += t - planEnd;
    accounted += t - planEnd;
    const result = after.apply(this, args);
    const own = performance.now() - t;
    phases.report += own;
    accounted += own;
    return result;
  };
}

/**
 * The library loads its provider classes on first use (so an app that never creates an Azure
 * resource never loads the Azure provider), which is inside the timed span; the plain program
 * imports its classes at the top, before the span. Module loading is excluded on both sides: the
 * library's child loads the provider classes the library can create for this cloud before the clock
 * starts: the classes its network binding loads together on first use (lib/<cloud>/network.ts
 * providerClasses), so the process holds the same modules as when the library loads them itself.
 */
function preloadProviderClasses(which: string): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (which === 'azure') {
    require('@cdktf/provider-azurerm/lib/application-security-group');
    require('@cdktf/provider-azurerm/lib/lb');
    require('@cdktf/provider-azurerm/lib/lb-backend-address-pool');
    require('@cdktf/provider-azurerm/lib/lb-probe');
    require('@cdktf/provider-azurerm/lib/lb-rule');
    require('@cdktf/provider-azurerm/lib/network-interface-application-security-group-association');
    require('@cdktf/provider-azurerm/lib/network-interface-backend-address-pool-association');
    require('@cdktf/provider-azurerm/lib/network-interface-security-group-association');
    require('@cdktf/provider-azurerm/lib/network-security-group');
    require('@cdktf/provider-azurerm/lib/network-security-rule');
    require('@cdktf/provider-azurerm/lib/public-ip');
  } else {
    require('@cdktf/provider-aws/lib/ec2-managed-prefix-list');
    require('@cdktf/provider-aws/lib/lb');
    require('@cdktf/provider-aws/lib/lb-listener');
    require('@cdktf/provider-aws/lib/lb-target-group');
    require('@cdktf/provider-aws/lib/lb-target-group-attachment');
    require('@cdktf/provider-aws/lib/network-interface-sg-attachment');
    require('@cdktf/provider-aws/lib/security-group');
    require('@cdktf/provider-aws/lib/vpc-security-group-egress-rule');
    require('@cdktf/provider-aws/lib/vpc-security-group-ingress-rule');
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

function retained(app: unknown): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || !app) return undefined;
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

main();
