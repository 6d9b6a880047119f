/** The command line, run as users run it: the package's bin in a child process. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsNetwork } from '../../lib/aws/network';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { SkypeFrontEndAwsStack } from '../../examples/skype-front-end/aws';
import { SkypeFrontEndAzureStack } from '../../examples/skype-front-end/azure';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
const BIN = path.join(ROOT, pkg.bin['cdktf-ms-ports']);

function cli(...args: string[]) {
  // from another directory, as a user's project would run it
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: os.tmpdir(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function synthExamples(clients = '10.30.0.0/16'): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-cli-'));
  const app = new App({ outdir });
  new SkypeFrontEndAzureStack(app, 'skype-front-end-azure');
  new SkypeFrontEndAwsStack(app, 'skype-front-end-aws');
  const extra = new TerraformStack(app, 'extra');
  new AwsProvider(extra, 'aws', { region: 'eu-west-1' });
  new FrontEndPool(extra, 'fe', { network: new AwsNetwork(extra, 'net', { vpcId: 'vpc-1', loadBalancerSubnetIds: ['s-1'] }), name: 'fe-extra', clients: [clients] });
  app.synth();
  return outdir;
}

const OUT = synthExamples();

test('package.json declares the bin and ships it', () => {
  expect(pkg.bin).toEqual({ 'cdktf-ms-ports': 'bin/cdktf-ms-ports.js' });
  expect(pkg.files).toContain('bin');
  expect(fs.readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});

describe('verify', () => {
  test('"can the internet reach the Front End pool on 5061?" no, on both clouds: exit 1, with the deciding rule', () => {
    const r = cli('verify', OUT, '--from', 'internet', '--to', 'fe-pool1', '--port', '5061/tcp');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^skype-front-end-aws aws: internet -> fe-pool1 on 5061\/tcp: DENIED\n  inbound at fe-pool1: DENY by no ingress rule of .* \[implicit deny\] for all of the internet\n/);
    expect(r.out).toMatch(/\nskype-front-end-azure azure: internet -> fe-pool1 on 5061\/tcp: DENIED\n  inbound at fe-pool1: DENY by deny-all-inbound \(priority 4096\) \[azurerm_network_security_rule\.fe_rules_deny-all-inbound_[0-9A-F]{8}\] for all of the internet\n$/);
  });

  test('a client on 5061: allowed, exit 0; one stack by --stack; one file; --json', () => {
    const r = cli('verify', OUT, '--from', '10.30.1.5', '--to', 'fe-pool1', '--port', '5061/tcp', '--stack', 'skype-front-end-azure');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^skype-front-end-azure azure: 10\.30\.1\.5 -> fe-pool1 on 5061\/tcp: ALLOWED\n  inbound at fe-pool1: ALLOW by in-from-net-clients-tcp/);
    const file = path.join(OUT, 'stacks', 'skype-front-end-aws', 'cdk.tf.json');
    const j = cli('verify', file, '--from', 'fe-pool1', '--to', 'dc-corp', '--port', '88/udp', '--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toEqual([expect.objectContaining({ stack: 'skype-front-end-aws', cloud: 'aws', allowed: true })]);
  });

  test('usage errors exit 2', () => {
    expect(cli('verify', OUT, '--from', 'internet', '--to', 'fe-pool1').code).toBe(2);
    expect(cli('verify', OUT, '--from', 'internet', '--to', 'nobody', '--port', '443/tcp').err).toMatch(/no stack in .* has a role named "nobody"/);
    expect(cli('verify', OUT, '--from', 'internet', '--to', 'fe-pool1', '--port', 'https').code).toBe(2);
    expect(cli('frobnicate').code).toBe(2);
    expect(cli('help').code).toBe(0);
  });
});

describe('ports', () => {
  test('a port: a table with sources', () => {
    const r = cli('ports', '5061/tcp');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^port 5061\/tcp: \d+ entries\n/);
    expect(r.out).toMatch(/sfb\.fe\.sip-tls\.5061 +tcp +5061 +inbound .*001_bfb2592f6b08a9aa\.txt, Required server ports \(by server role\), row 3/);
  });
  test('a catalog id, a service, a role; --json', () => {
    expect(JSON.parse(cli('ports', 'win.rds.rds.tcp.3389', '--json').out)).toEqual([
      expect.objectContaining({ id: 'win.rds.rds.tcp.3389', ports: '3389', transports: 'tcp', source: expect.stringContaining('KB832017 service: Remote Desktop Services (RDS), row 1') }),
    ]);
    expect(cli('ports', 'rds').out).toMatch(/^Windows service rds/);
    expect(cli('ports', 'front-end').out).toMatch(/^role sfb-front-end: \d+ entries/);
    const bad = cli('ports', 'no-such-thing');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/nothing in the catalog matches "no-such-thing"/);
  });
});

describe('report and diff', () => {
  test('report prints the report written at synth, or reads rules back from Terraform', () => {
    const md = cli('report', OUT);
    expect(md.code).toBe(0);
    expect(md.out).toBe(fs.readFileSync(path.join(OUT, 'reports', 'firewall-report.md'), 'utf8'));
    const tf = cli('report', OUT, '--from-terraform', '--format', 'csv');
    expect(tf.code).toBe(0);
    const lines = tf.out.trimEnd().split('\n');
    expect(lines[0]).toBe('stack,role,direction,rule,priority,access,peer,protocol,ports,terraform');
    expect(lines).toContainEqual(expect.stringMatching(/^skype-front-end-azure,fe-pool1,ingress,deny-all-inbound,4096,deny,\*,\*,\*,azurerm_network_security_rule\./));
    expect(lines).toContainEqual(expect.stringMatching(/^skype-front-end-aws,fe-pool1,ingress,in-from-net-clients-tcp-443-10\.30\.0\.0-16,-,allow,10\.30\.0\.0\/16,tcp,443,aws_vpc_security_group_ingress_rule\./));
  });

  test('diff: the flows added and removed per role, between two synth outputs or two report JSON files', () => {
    const same = cli('diff', OUT, OUT);
    expect(same.code).toBe(0);
    expect(same.out).toBe('no flows added or removed\n');
    const changed = synthExamples('10.40.0.0/16');
    const d = cli('diff', OUT, changed);
    expect(d.code).toBe(1);
    expect(d.out).toContain('+ extra fe-extra ingress tcp from/to clients (10.40.0.0/16): ');
    expect(d.out).toContain('- extra fe-extra ingress tcp from/to clients (10.30.0.0/16): ');
    expect(d.out).not.toMatch(/skype-front-end/);
    const j = cli('diff', path.join(OUT, 'reports', 'firewall-report.json'), path.join(changed, 'reports', 'firewall-report.json'));
    expect(j.out).toBe(d.out);
  });
});

test('from an installed package: the bin runs the compiled dist/ without @swc-node/register', () => {
  // Lay out node_modules/cdktf-ms-ports as npm would install it (package.json, bin, dist/lib),
  // compiling lib/ with swc (the build's output shape), in a project without our dev dependencies.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swc = require('@swc/core') as typeof import('@swc/core');
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-user-'));
  const pkgDir = path.join(project, 'node_modules', 'cdktf-ms-ports');
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
  for (const file of walk('lib')) {
    const out = swc.transformFileSync(path.join(ROOT, file), { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
    const target = path.join(pkgDir, 'dist', file.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out.code);
  }
  fs.mkdirSync(path.join(pkgDir, 'bin'));
  fs.copyFileSync(BIN, path.join(pkgDir, 'bin', 'cdktf-ms-ports.js'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkgDir, 'package.json'));
  const r = spawnSync(process.execPath, [path.join(pkgDir, 'bin', 'cdktf-ms-ports.js'), 'verify', OUT, '--from', 'internet', '--to', 'fe-pool1', '--port', '5061/tcp'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: '' },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('skype-front-end-azure azure: internet -> fe-pool1 on 5061/tcp: DENIED');
});

describe('bad input and other tools\' output: exit 2, a message naming the argument, never a stack trace (issue 23)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-cli-bad-'));
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    return f;
  };
  // another tool's cdktf.out: a stack with a security group but none of the library's boundary outputs
  const plainTf = { resource: { aws_security_group: { web: { name: 'web', vpc_id: 'vpc-1' } }, aws_instance: { vm: { ami: 'ami-1' } } }, output: { ip: { value: '${aws_instance.vm.private_ip}' } } };
  const plainOut = path.dirname(path.dirname(path.dirname(file('plain-out/stacks/web/cdk.tf.json', JSON.stringify(plainTf)))));
  const object = file('object.json', '{"checks":[]}');
  const numbers = file('numbers.json', '[1, 2, 3]');
  const others = file('others.json', '[{"stack":"s","roles":[{"name":"r","rules":[{"access":"allow"}]}]}]');
  const empty = file('empty.json', '[]');

  const expectUsage = (r: ReturnType<typeof cli>, message: RegExp) => {
    expect([r.code, r.out]).toEqual([2, '']);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  };

  test.each([
    ['99999', /^cdktf-ms-ports: ports 99999: 99999 is not a port number \(1-65535\)/],
    ['0', /^cdktf-ms-ports: ports 0: 0 is not a port number/],
    ['70000/udp', /^cdktf-ms-ports: ports 70000\/udp: 70000 is not a port number/],
    ['443/sctp', /^cdktf-ms-ports: ports 443\/sctp: "sctp" is not tcp or udp/],
  ])('ports %s', (q, message) => expectUsage(cli('ports', q), message));

  test('ports on a valid port still answers (exit 0)', () => {
    expect(cli('ports', '65535').code).toBe(0);
  });

  test.each([
    ['a cdktf.out without the library', () => plainOut, /report .*plain-out: not the output of cdktf-ms-ports: its 1 stack \(web\) has none of the library's role boundary outputs/],
    ['a JSON object', () => object, /report .*object\.json: not the output of cdktf-ms-ports: this JSON has none of the library's role boundary outputs/],
    ['a JSON list', () => numbers, /report .*numbers\.json: not the output of cdktf-ms-ports/],
  ])('report on %s', (_what, target, message) => expectUsage(cli('report', target()), message));

  test.each([
    ['a JSON list of numbers', () => numbers, /diff .*numbers\.json: not a firewall report JSON of cdktf-ms-ports \(a list of something else;/],
    ['a list of other objects', () => others, /diff .*others\.json: not a firewall report JSON/],
    ['an empty list', () => empty, /diff .*empty\.json: not a firewall report JSON of cdktf-ms-ports \(an empty list;/],
    ['a JSON object', () => object, /diff .*object\.json: not a firewall report JSON of cdktf-ms-ports \(a JSON object;/],
    ['a cdktf.out without the library', () => plainOut, /diff .*plain-out: not the output of cdktf-ms-ports: .*or its reports\/firewall-report\.json/],
  ])('diff against %s (was a stack trace, or "no flows added or removed" with exit 0)', (_what, target, message) => {
    expectUsage(cli('diff', path.join(OUT, 'reports', 'firewall-report.json'), target()), message);
    expectUsage(cli('diff', target(), OUT), message);
  });

  test.each([
    [['--port', '99999/tcp'], /^cdktf-ms-ports: --port "99999\/tcp" is not <1-65535>\/tcp/],
    [['--port', '5061/tcp', '--vnet', '10.0.0.0/8,10.0.0.300'], /^cdktf-ms-ports: --vnet "10\.0\.0\.300" is not an IP address or CIDR/],
    [['--port', '5061/tcp', '--to-address', 'fe01'], /^cdktf-ms-ports: --to-address "fe01" is not an IP address or CIDR/],
    [['--port', '5061/tcp', '--stack', 'no-such-stack'], /^cdktf-ms-ports: --stack no-such-stack: .* has no stack of that name with cdktf-ms-ports networks \(it has extra, skype-front-end-aws, skype-front-end-azure\)/],
  ])('verify %p', (extra, message) => expectUsage(cli('verify', OUT, '--from', 'internet', '--to', 'fe-pool1', ...extra), message));

  test('verify on another tool\'s output', () => {
    expectUsage(cli('verify', plainOut, '--from', 'internet', '--to', 'web', '--port', '443/tcp'), /verify .*plain-out: not the output of cdktf-ms-ports/);
  });
});

describe('verify --to a group: the same kind of answer on both clouds (was refused on Azure only)', () => {
  test('a domain\'s members group: checked to the hosts of each member role, one verdict per cloud', () => {
    const r = cli('verify', OUT, '--from', '10.20.1.5', '--to', 'dc-corp-members', '--port', '88/tcp');
    expect(r.err).toBe('');
    expect(r.code).toBe(1); // the Front End pool, a member, does not admit Kerberos from clients
    for (const [stack, cloud] of [['skype-front-end-aws', 'aws'], ['skype-front-end-azure', 'azure']]) {
      expect(r.out).toContain(
        `${stack} ${cloud}: 10.20.1.5 -> dc-corp-members on 88/tcp: DENIED (a group: its hosts are those of the roles that join it, dc-corp, fe-pool1; allowed to 1 of 2)\n  ${cloud}: 10.20.1.5 -> dc-corp on 88/tcp: ALLOWED\n`,
      );
      expect(r.out).toContain(`  ${cloud}: 10.20.1.5 -> fe-pool1 on 88/tcp: DENIED\n`);
    }
    const j = JSON.parse(cli('verify', OUT, '--from', '10.20.1.5', '--to', 'dc-corp-members', '--port', '88/tcp', '--json').out) as { stack: string; allowed: boolean; group?: string; members?: { role: string; allowed: boolean }[] }[];
    expect(j.map((v) => [v.stack, v.allowed, v.group, v.members?.map((m) => [m.role, m.allowed])])).toEqual([
      ['skype-front-end-aws', false, 'dc-corp-members', [['dc-corp', true], ['fe-pool1', false]]],
      ['skype-front-end-azure', false, 'dc-corp-members', [['dc-corp', true], ['fe-pool1', false]]],
    ]);
  });

  test('allowed when every member role admits it (exit 0), on both clouds: the Skype site group of the Front End pools', () => {
    const r = cli('verify', OUT, '--from', '10.30.1.5', '--to', 'skype-front-ends', '--port', '5061/tcp', '--stack', 'skype-front-end-aws');
    const z = cli('verify', OUT, '--from', '10.30.1.5', '--to', 'skype-front-ends', '--port', '5061/tcp', '--stack', 'skype-front-end-azure');
    for (const [x, cloud] of [[r, 'aws'], [z, 'azure']] as const) {
      expect(x.code).toBe(0);
      expect(x.out).toMatch(new RegExp(`^skype-front-end-${cloud} ${cloud}: 10\\.30\\.1\\.5 -> skype-front-ends on 5061/tcp: ALLOWED \\(a group: its hosts are those of the roles that join it, fe-pool1; allowed to 1 of 1\\)\n  ${cloud}: 10\\.30\\.1\\.5 -> fe-pool1 on 5061/tcp: ALLOWED\n    inbound at fe-pool1: ALLOW by `));
    }
  });
});

describe('--version and --help per command', () => {
  test('--version prints the package version and exits 0', () => {
    const r = cli('--version');
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`cdktf-ms-ports ${pkg.version}`);
  });

  test.each(['ports', 'report', 'verify', 'diff'])('%s --help prints that command\'s usage only, exit 0', (command) => {
    const r = cli(command, '--help');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`usage: cdktf-ms-ports ${command} ...`);
    expect(r.out).toContain(`  ${command} `);
    for (const other of ['ports', 'report', 'verify', 'diff'].filter((c) => c !== command)) expect(r.out).not.toMatch(new RegExp(`^  ${other} `, 'm'));
  });
});
