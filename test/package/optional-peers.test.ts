/**
 * The provider packages are optional peers: an app installs the provider of each cloud it uses.
 * Loading the library (either build) loads no provider code; an app for AWS synthesizes where the
 * Azure provider cannot be resolved; and creating an Azure role there is an MsPortsError naming the
 * package and version range to install (the package of the build's own engine), not a raw
 * MODULE_NOT_FOUND. Run in child processes, so Node's own resolver answers (not jest's).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { installedVersion, missingProvider, packageOf, peerRange, requirePeer, MISSING_PEER_CODE } from '../../lib/render/peers';
import { MsPortsError } from '../../lib/model/errors';

const ROOT = path.resolve(__dirname, '../..');
const pkg = require(path.join(ROOT, 'package.json')) as { peerDependencies: Record<string, string> };

/** Runs `code` in node with the TypeScript sources loaded through swc; returns its JSON output. */
function run(code: string, hideAzure: boolean): unknown {
  const args = [...(hideAzure ? ['-r', path.join(__dirname, 'hide-azurerm.js')] : []), '-r', '@swc-node/register', '-e', code];
  const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') } });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const BUILDS = [
  { engine: 'cdktf', entry: './lib/index.ts', provider: '@cdktf/provider-aws/lib/provider', azurerm: '@cdktf/provider-azurerm' },
  { engine: 'cdktn', entry: './gen/cdktn/lib/index.ts', provider: '@cdktn/provider-aws/lib/provider', azurerm: '@cdktn/provider-azurerm' },
] as const;

/** An AWS app, then an Azure role in it; prints what loaded and what was thrown. */
function program(b: (typeof BUILDS)[number]): string {
  return `
    const lib = require(${JSON.stringify(b.entry)});
    const loadedAtStart = Object.keys(require.cache).filter((k) => /[\\\\/]@cdkt[fn][\\\\/]provider-/.test(k));
    const { App, TerraformStack } = require(${JSON.stringify(b.engine)});
    const { AwsProvider } = require(${JSON.stringify(b.provider)});
    const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'ms-ports-peers-')) });
    const stack = new TerraformStack(app, 'aws-only');
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    const net = new lib.AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc1234def567890', loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c'] });
    new lib.FrontEndPool(stack, 'fe', { network: net, clients: ['10.30.0.0/16'], servers: ['10.10.1.0/24'] });
    app.synth();
    const tf = JSON.parse(require('fs').readFileSync(require('path').join(app.outdir, 'stacks', 'aws-only', 'cdk.tf.json'), 'utf8'));
    const azureLoaded = Object.keys(require.cache).filter((k) => /provider-azurerm/.test(k));
    let error;
    try {
      const az = new TerraformStack(app, 'azure');
      const anet = new lib.AzureNetwork(az, 'anet', { resourceGroupName: 'rg', location: 'japaneast' });
      new lib.DomainController(az, 'dc', { network: anet, clients: ['10.20.0.0/16'] });
      app.synth();
    } catch (e) {
      error = { name: e.name, code: e.code, path: e.path, message: e.message };
    }
    console.log(JSON.stringify({ loadedAtStart, ingressRules: Object.keys(tf.resource.aws_vpc_security_group_ingress_rule || {}).length, azureLoaded, error }));
  `;
}

describe.each(BUILDS)('the $engine build', (b) => {
  test('loads no provider code at require; an AWS app synthesizes without the Azure provider; an Azure role then names the package to install', () => {
    const r = run(program(b), true) as { loadedAtStart: string[]; ingressRules: number; azureLoaded: string[]; error?: { name: string; code: string; path: string; message: string } };
    expect(r.loadedAtStart).toEqual([]);
    expect(r.ingressRules).toBeGreaterThan(10);
    expect(r.azureLoaded).toEqual([]);
    expect(r.error).toMatchObject({ name: 'MsPortsError', code: MISSING_PEER_CODE });
    expect(r.error!.path).toMatch(/^azure\/anet/);
    expect(r.error!.message).toContain(`${b.azurerm}, which is not installed`);
    expect(r.error!.message).toContain(`npm install ${b.azurerm}@"${pkg.peerDependencies[b.azurerm]}"`);
  });
});

describe('the missing-peer helper', () => {
  test('names the package of a deep specifier', () => {
    expect(packageOf('@cdktf/provider-aws/lib/lb')).toBe('@cdktf/provider-aws');
    expect(packageOf('cdktf/lib/testing')).toBe('cdktf');
  });

  test("reads Node's and jest's wording; other errors and other packages are not a missing provider", () => {
    const node = Object.assign(new Error("Cannot find module '@cdktn/provider-azurerm/lib/lb'\nRequire stack:\n- /app/x.js"), { code: 'MODULE_NOT_FOUND' });
    const jest = Object.assign(new Error("Cannot find module '@cdktf/provider-aws/lib/lb' from 'lib/aws/network.ts'"), { code: 'MODULE_NOT_FOUND' });
    expect(missingProvider(node)).toBe('@cdktn/provider-azurerm');
    expect(missingProvider(jest)).toBe('@cdktf/provider-aws');
    // a provider that is there but misses a dependency of its own keeps its own error
    expect(missingProvider(Object.assign(new Error("Cannot find module 'cdktf'"), { code: 'MODULE_NOT_FOUND' }))).toBeUndefined();
    expect(missingProvider(new TypeError('x is not a constructor'))).toBeUndefined();
    expect(missingProvider(Object.assign(new Error("Cannot find module '@cdktf/provider-aws/lib/lb'"), { code: 'EACCES' }))).toBeUndefined();
  });

  test('the version range comes from package.json peerDependencies', () => {
    for (const [name, range] of Object.entries(pkg.peerDependencies)) expect(peerRange(name)).toBe(range);
    expect(peerRange('left-pad')).toBeUndefined();
  });

  test('passes through what loads and any other error', () => {
    expect(requirePeer('s/net', 'x', () => 42)).toBe(42);
    const other = new TypeError('boom');
    expect(() => requirePeer('s/net', 'x', () => { throw other; })).toThrow(other);
  });

  test('an installed provider without the module (a version outside the range) is told apart from a missing one', () => {
    const installed = (require('@cdktf/provider-aws/package.json') as { version: string }).version;
    expect(installedVersion('@cdktf/provider-aws')).toBe(installed);
    expect(installedVersion('@cdktf/provider-not-a-cloud')).toBeUndefined();
    let caught: unknown;
    try {
      requirePeer('s/net', 'AWS things', () => require('@cdktf/provider-aws/lib/no-such-module'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MsPortsError);
    expect((caught as MsPortsError).problem).toBe(
      `AWS things need @cdktf/provider-aws/lib/no-such-module, which the installed @cdktf/provider-aws ${installed} does not have (cdktf-ms-ports supports ${pkg.peerDependencies['@cdktf/provider-aws']})`,
    );
    expect((caught as MsPortsError).fix).toBe(`install it in the app: npm install @cdktf/provider-aws@"${pkg.peerDependencies['@cdktf/provider-aws']}"`);
  });
});
