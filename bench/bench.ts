/**
 * `npm run bench`: speed and memory of the library, outside the tests (no timed tests).
 * Measures: module load time, planning time, and full synth time and peak RSS for the examples
 * and for a larger estate (N Front End pools on each cloud). Goals are printed beside the numbers.
 */
const t0 = process.hrtime.bigint();
/* eslint-disable @typescript-eslint/no-require-imports */
const lib = require('../lib/index') as typeof import('../lib/index');
const { App, TerraformStack, Testing } = require('cdktf') as typeof import('cdktf');
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

const GOALS = { loadMs: 1500, examplesSynthMs: 3000, estateSynthMs: 15000, egressExamplesSynthMs: 5000, peakRssMb: 600 };

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function estate(cloud: 'azure' | 'aws', pools: number) {
  const app = Testing.app();
  const stack = new TerraformStack(app, `bench-${cloud}`);
  const network =
    cloud === 'azure'
      ? new lib.AzureNetwork(stack, 'net', { resourceGroupName: 'rg', location: 'japaneast', loadBalancerSubnetId: 'subnet-id' })
      : new lib.AwsNetwork(stack, 'net', { vpcId: 'vpc-0bench', loadBalancerSubnetIds: ['subnet-a', 'subnet-b'], rulesPerSecurityGroup: 200 });
  const created: InstanceType<typeof lib.FrontEndPool>[] = [];
  for (let i = 0; i < pools; i++) {
    created.push(
      new lib.FrontEndPool(stack, `fe${i}`, {
        network,
        name: `fe-pool${i}`,
        clients: [`10.${100 + (i % 100)}.0.0/16`],
        ...(i > 0 ? { servers: [created[i - 1]] } : {}),
        collocatedMediation: i % 2 === 0,
        ...(i % 2 === 0 ? { pstnGateways: ['10.250.0.0/24'] } : {}),
      }),
    );
  }
  return { stack, network };
}

let peakRss = process.memoryUsage().rss;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

const results: Record<string, number> = { loadMs };

{
  const start = process.hrtime.bigint();
  const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'ms-ports-bench-')) });
  const { SkypeFrontEndAzureStack } = require('../examples/skype-front-end/azure') as typeof import('../examples/skype-front-end/azure');
  const { SkypeFrontEndAwsStack } = require('../examples/skype-front-end/aws') as typeof import('../examples/skype-front-end/aws');
  new SkypeFrontEndAzureStack(app, 'a');
  new SkypeFrontEndAwsStack(app, 'b');
  app.synth();
  results.examplesSynthMs = ms(start);
  sample();
}

for (const cloud of ['azure', 'aws'] as const) {
  const pools = 20;
  const build = process.hrtime.bigint();
  const { stack, network } = estate(cloud, pools);
  const planStart = process.hrtime.bigint();
  const plan = network.plan();
  results[`${cloud}PlanMs_${pools}pools`] = ms(planStart);
  const synthStart = process.hrtime.bigint();
  const text = Testing.synth(stack);
  results[`${cloud}SynthMs_${pools}pools`] = ms(synthStart);
  results[`${cloud}TotalMs_${pools}pools`] = ms(build);
  results[`${cloud}Rules_${pools}pools`] = plan.roles.reduce((n, r) => n + (cloud === 'aws' ? r.awsRules.length : r.rules.length), 0);
  results[`${cloud}JsonKb_${pools}pools`] = Math.round(text.length / 1024);
  sample();
}
// The egress example (Office 365, OneDrive, Messenger on both clouds): snapshot load, selection,
// planning (AWS spread over security groups), name translation and synth with PAC files.
{
  const start = process.hrtime.bigint();
  const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'ms-ports-bench-egress-')) });
  const { EgressAzureStack } = require('../examples/egress/azure') as typeof import('../examples/egress/azure');
  const { EgressAwsStack } = require('../examples/egress/aws') as typeof import('../examples/egress/aws');
  const warn = console.warn;
  console.warn = () => undefined; // the example's legacy and source-port warnings are expected
  try {
    new EgressAzureStack(app, 'egress-azure');
    new EgressAwsStack(app, 'egress-aws');
    app.synth();
  } finally {
    console.warn = warn;
  }
  results.egressExamplesSynthMs = ms(start);
  sample();
}
results.peakRssMb = Math.round(peakRss / 1024 / 1024);

const rows = Object.entries(results).map(([k, v]) => `${k.padEnd(28)} ${v.toFixed(k.endsWith('Ms') || k.includes('Ms_') ? 1 : 0).padStart(10)}`);
console.log(rows.join('\n'));
const failed: string[] = [];
if (results.loadMs > GOALS.loadMs) failed.push(`load ${results.loadMs.toFixed(0)} ms > ${GOALS.loadMs}`);
if (results.examplesSynthMs > GOALS.examplesSynthMs) failed.push(`examples synth > ${GOALS.examplesSynthMs} ms`);
for (const cloud of ['azure', 'aws']) if (results[`${cloud}TotalMs_20pools`] > GOALS.estateSynthMs) failed.push(`${cloud} estate > ${GOALS.estateSynthMs} ms`);
if (results.egressExamplesSynthMs > GOALS.egressExamplesSynthMs) failed.push(`egress examples synth > ${GOALS.egressExamplesSynthMs} ms`);
if (results.peakRssMb > GOALS.peakRssMb) failed.push(`peak RSS ${results.peakRssMb} MB > ${GOALS.peakRssMb}`);
console.log(failed.length ? `GOALS MISSED: ${failed.join('; ')}` : `all goals met: ${JSON.stringify(GOALS)}`);
process.exitCode = failed.length ? 1 : 0;
