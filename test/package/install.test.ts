/**
 * The library as a user gets it: `npm pack` (prepack builds dist/), then the tarball installed into
 * fresh projects outside the repository (os.tmpdir()), with the peers a user installs from the npm
 * registry (offline first: the npm cache answers what it holds).
 *
 * - both clouds: cdktf, constructs, both cdktf providers, the cdktf CLI and cdktn; the small app in
 *   test/package/app synthesizes with node and with `cdktf synth`, and the cdktn entry point
 *   (`cdktf-ms-ports/cdktn`) loads from the package's exports;
 * - AWS only: cdktf, constructs and @cdktf/provider-aws (no Azure provider anywhere in the
 *   project); the same app for AWS synthesizes with node, a TypeScript build of it type-checks
 *   against the published declarations, and an Azure role there names the package to install.
 *
 * Each synthesized stack is judged by the project's verifier (lib/verify over the Terraform JSON),
 * not by counting resources.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { verifyFlow, type TerraformJson } from '../../lib/verify';

const ROOT = path.resolve(__dirname, '../..');
const APP = path.join(__dirname, 'app');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; peerDependencies: Record<string, string> };

/** The version of a package installed in the repository (the one the rest of the suite tests). */
function tested(name: string): string {
  return (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [ROOT] }), 'utf8')) as { version: string }).version;
}

/** The environment of a child process: ours without npm's per-run variables (this suite may run under `npm test`). */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'NODE_PATH') out[k] = v;
  return { ...out, CHECKPOINT_DISABLE: '1', CI: '1', ...extra };
}

function npm(cwd: string, args: string[]): string {
  return execFileSync('npm', args, { cwd, env: env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** Every directory this file made, removed after the run (a project with both providers is about 1 GB). */
const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh project outside the repository with `deps` installed; returns its directory. */
function project(name: string, deps: string[]): string {
  const dir = tempDir(`ms-ports-${name}-`);
  expect(path.relative(ROOT, dir).startsWith('..')).toBe(true);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `ms-ports-${name}`, version: '1.0.0', private: true }, null, 2));
  for (const f of fs.readdirSync(APP)) fs.copyFileSync(path.join(APP, f), path.join(dir, f));
  npm(dir, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...deps]);
  return dir;
}

/**
 * cdktf 0.21's TerraformOutput calls util.isArray, which Node.js 22 reports once per process as
 * DEP0044 on stderr (cdktf's code, not the library's; docs/compatibility.md). Only that warning is
 * taken out of stderr; anything else stays and fails the tests that expect none.
 */
function withoutEngineDeprecation(stderr: string): string {
  return stderr
    .replace(/^\(node:\d+\) \[DEP0044\] DeprecationWarning: The `util\.isArray` API is deprecated\. Please use `Array\.isArray\(\)` instead\.\n/m, '')
    .replace(/^\(Use `node --trace-deprecation \.\.\.` to show where the warning was created\)\n/m, '');
}

/** Runs node in `cwd`; returns exit code and output. */
function node(cwd: string, args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, args, { cwd, env: env(extra), encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: withoutEngineDeprecation(r.stderr) };
}

type Tf = TerraformJson;

function stacks(dir: string): Map<string, Tf> {
  const out = new Map<string, Tf>();
  const root = path.join(dir, 'cdktf.out', 'stacks');
  for (const s of fs.readdirSync(root).sort()) out.set(s, JSON.parse(fs.readFileSync(path.join(root, s, 'cdk.tf.json'), 'utf8')) as Tf);
  return out;
}

/** The app's documented flows, judged by the verifier on the synthesized stack (allowed and denied alike). */
function expectSiteFlows(stack: string, tf: Tf): void {
  const ask = (from: string, to: string, port: string) => ({ stack, from, to, port, allowed: verifyFlow(tf, { from, to, port }).allowed });
  // clients reach the Front End's SIP/TLS (seed 001) and the DC's Kerberos (KB832017)
  expect(ask('10.30.0.5', 'fe', '5061/tcp')).toMatchObject({ allowed: true });
  expect(ask('10.20.0.5', 'dc', '88/udp')).toMatchObject({ allowed: true });
  // the Front End reaches the DC's LDAP (the domain it joins); the internet reaches neither
  expect(ask('fe', 'dc', '389/tcp')).toMatchObject({ allowed: true });
  expect(ask('internet', 'fe', '5061/tcp')).toMatchObject({ allowed: false });
  expect(ask('internet', 'dc', '389/tcp')).toMatchObject({ allowed: false });
}

let tarball: string;
const packDir = tempDir('ms-ports-pack-');

beforeAll(() => {
  const packed = JSON.parse(npm(ROOT, ['pack', '--json', '--pack-destination', packDir, '--loglevel=error'])) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(packDir, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  // what the entry points, the bin and the catalog need is in the package; sources and tests are not
  for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'bin/cdktf-ms-ports.js', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/gen/cdktn/lib/index.js', 'dist/gen/cdktn/lib/index.d.ts', 'dist/lib/cli/main.js', 'dist/lib/catalog/data/m365-endpoints-worldwide.json']) {
    expect({ f, packed: files.includes(f) }).toEqual({ f, packed: true });
  }
  expect(files.filter((f) => /^(lib|test|examples|bench|gen|scripts)\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
}, 240_000);

describe('the packed library in a fresh app with both clouds', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('both', [
      tarball,
      `cdktf@${tested('cdktf')}`,
      `constructs@${tested('constructs')}`,
      `@cdktf/provider-aws@${tested('@cdktf/provider-aws')}`,
      `@cdktf/provider-azurerm@${tested('@cdktf/provider-azurerm')}`,
      `cdktf-cli@${tested('cdktf')}`,
      `cdktn@${tested('cdktn')}`,
    ]);
  }, 240_000);

  test('installs the package itself, with its dist/, from the tarball', () => {
    const installed = path.join(dir, 'node_modules', pkg.name);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).version).toBe(pkg.version);
    expect(fs.existsSync(path.join(installed, 'dist', 'lib', 'index.js'))).toBe(true);
  });

  test('node main.js synthesizes both clouds, with the reports', () => {
    const r = node(dir, ['main.js']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = stacks(dir);
    expect([...s.keys()]).toEqual(['uc-aws', 'uc-azure']);
    for (const [name, tf] of s) expectSiteFlows(name, tf);
    expect(fs.readdirSync(path.join(dir, 'cdktf.out', 'reports'))).toEqual(expect.arrayContaining(['firewall-report.md', 'firewall-report.json']));
  });

  test('cdktf synth (the cdktf CLI installed in the app) synthesizes the same stacks', () => {
    fs.rmSync(path.join(dir, 'cdktf.out'), { recursive: true, force: true });
    const r = spawnSync(path.join(dir, 'node_modules', '.bin', 'cdktf'), ['synth'], { cwd: dir, env: env(), encoding: 'utf8' });
    expect({ code: r.status, err: r.stderr }).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/Generated Terraform code for the stacks: uc-aws, uc-azure/);
    const s = stacks(dir);
    expect([...s.keys()]).toEqual(['uc-aws', 'uc-azure']);
    for (const [name, tf] of s) expectSiteFlows(name, tf);
  });

  test('the cdktn entry point loads from the exports map; without @cdktn/provider-aws an AWS role names it', () => {
    const code = `
      const lib = require('cdktf-ms-ports/cdktn');
      const { App, TerraformStack } = require('cdktn');
      const loaded = Object.keys(require.cache).filter((k) => /provider-/.test(k) && /node_modules.@cdkt/.test(k));
      try {
        const app = new App({ outdir: ${JSON.stringify(tempDir('ms-ports-cdktn-'))} });
        const stack = new TerraformStack(app, 's');
        const net = new lib.AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc' });
        new lib.DomainController(stack, 'dc', { network: net, clients: ['10.20.0.0/16'] });
        app.synth();
        console.log(JSON.stringify({ loaded, engine: net.engine }));
      } catch (e) {
        console.log(JSON.stringify({ loaded, name: e.name, message: e.message }));
      }`;
    const r = node(dir, ['-e', code]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { loaded: string[]; name: string; message: string };
    expect(out.loaded).toEqual([]);
    expect(out.name).toBe('MsPortsError');
    expect(out.message).toContain('@cdktn/provider-aws, which is not installed');
    expect(out.message).toContain(`npm install @cdktn/provider-aws@"${pkg.peerDependencies['@cdktn/provider-aws']}"`);
  });
});

describe('the packed library in a fresh app for AWS only', () => {
  let dir: string;
  beforeAll(() => {
    dir = project('aws', [tarball, `cdktf@${tested('cdktf')}`, `constructs@${tested('constructs')}`, `@cdktf/provider-aws@${tested('@cdktf/provider-aws')}`, `typescript@${tested('typescript')}`]);
  }, 240_000);

  test('no Azure provider is installed', () => {
    expect(fs.existsSync(path.join(dir, 'node_modules', '@cdktf', 'provider-azurerm'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'node_modules', '@cdktf', 'provider-aws'))).toBe(true);
  });

  test('node main.js synthesizes the AWS stack', () => {
    const r = node(dir, ['main.js'], { MS_PORTS_CLOUDS: 'aws' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const s = stacks(dir);
    expect([...s.keys()]).toEqual(['uc-aws']);
    expectSiteFlows('uc-aws', s.get('uc-aws')!);
  });

  test("the package's command line runs from node_modules/.bin on the compiled dist/ (verify over the app's synth)", () => {
    const bin = path.join(dir, 'node_modules', '.bin', 'cdktf-ms-ports');
    const denied = spawnSync(bin, ['verify', 'cdktf.out', '--from', 'internet', '--to', 'fe', '--port', '5061/tcp'], { cwd: dir, env: env(), encoding: 'utf8' });
    expect({ code: denied.status, err: withoutEngineDeprecation(denied.stderr) }).toEqual({ code: 1, err: '' });
    expect(denied.stdout).toContain('internet -> fe on 5061/tcp: DENIED');
    const allowed = spawnSync(bin, ['verify', 'cdktf.out', '--from', '10.30.0.5', '--to', 'fe', '--port', '5061/tcp'], { cwd: dir, env: env(), encoding: 'utf8' });
    expect({ code: allowed.status, err: withoutEngineDeprecation(allowed.stderr) }).toEqual({ code: 0, err: '' });
    expect(allowed.stdout).toContain('10.30.0.5 -> fe on 5061/tcp: ALLOWED');
  });

  test('a TypeScript app type-checks against the published declarations', () => {
    fs.writeFileSync(
      path.join(dir, 'main-ts.ts'),
      [
        "import { App, TerraformStack } from 'cdktf';",
        "import { AwsProvider } from '@cdktf/provider-aws/lib/provider';",
        "import { AwsNetwork, FrontEndPool, type AwsLoadBalancer } from 'cdktf-ms-ports';",
        'const app = new App();',
        "const stack = new TerraformStack(app, 'uc-aws');",
        "new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });",
        "const net = new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc1234def567890', loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c'] });",
        "const fe = new FrontEndPool(stack, 'fe', { network: net, clients: ['10.30.0.0/16'], servers: ['10.10.1.0/24'] });",
        'const lb: AwsLoadBalancer = net.loadBalancerOf(fe);',
        'const arns: string[] = lb.targetGroups.map((t) => t.arn);',
        'void arns;',
        'app.synth();',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, skipLibCheck: true, noEmit: true, types: [] }, files: ['main-ts.ts'] }),
    );
    const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    const ok = node(dir, [tsc, '-p', 'tsconfig.json']);
    expect(ok.out).toBe('');
    expect(ok.code).toBe(0);
    // without skipLibCheck, what fails is only the Azure declarations' imports of the provider this
    // app does not install (docs/compatibility.md: one-cloud TypeScript apps keep skipLibCheck on)
    const strictLib = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    fs.writeFileSync(path.join(dir, 'tsconfig.strict-lib.json'), JSON.stringify({ ...strictLib, compilerOptions: { ...strictLib.compilerOptions, skipLibCheck: false } }));
    const strict = node(dir, [tsc, '-p', 'tsconfig.strict-lib.json']);
    expect(strict.code).not.toBe(0);
    const errors = strict.out.split('\n').filter((l) => /error TS/.test(l));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((l) => !/^node_modules\/cdktf-ms-ports\/dist\/(lib|gen\/cdktn\/lib)\/azure\/[a-z-]+\.d\.ts\(\d+,\d+\): error TS2307: Cannot find module '@cdktf\/provider-azurerm\/lib\/[a-z-]+'/.test(l))).toEqual([]);
    // and the declarations are typed, not `any`: a wrong prop is an error
    fs.writeFileSync(path.join(dir, 'main-ts.ts'), "import { AwsNetwork } from 'cdktf-ms-ports';\nimport { App, TerraformStack } from 'cdktf';\nnew AwsNetwork(new TerraformStack(new App(), 's'), 'net', { vpcId: 42 });\n");
    const bad = node(dir, [tsc, '-p', 'tsconfig.json']);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/main-ts\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });

  test('an Azure role in that app is an error naming @cdktf/provider-azurerm and its range', () => {
    const code = `
      const { App, TerraformStack } = require('cdktf');
      const lib = require('cdktf-ms-ports');
      const app = new App({ outdir: ${JSON.stringify(tempDir('ms-ports-az-'))} });
      const stack = new TerraformStack(app, 'az');
      try {
        const net = new lib.AzureNetwork(stack, 'net', { resourceGroupName: 'rg', location: 'japaneast' });
        new lib.DomainController(stack, 'dc', { network: net, clients: ['10.20.0.0/16'] });
        app.synth();
        console.log(JSON.stringify({}));
      } catch (e) {
        console.log(JSON.stringify({ name: e.name, path: e.path, message: e.message }));
      }`;
    const r = node(dir, ['-e', code]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { name: string; path: string; message: string };
    expect(out).toMatchObject({ name: 'MsPortsError', path: 'az/net' });
    expect(out.message).toContain('@cdktf/provider-azurerm, which is not installed');
    expect(out.message).toContain(`npm install @cdktf/provider-azurerm@"${pkg.peerDependencies['@cdktf/provider-azurerm']}"`);
  });
});
