/**
 * Any app that uses the library gets the firewall report at synth, under <outdir>/reports/, with
 * no code of its own; a snapshot per example keeps the report's diff reading like the change.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { WindowsServer } from '../../lib/windows/windows-server';
import { ActiveDirectoryAwsStack } from '../../examples/active-directory/aws';
import { ActiveDirectoryAzureStack } from '../../examples/active-directory/azure';
import { SkypeFrontEndAwsStack } from '../../examples/skype-front-end/aws';
import { SkypeFrontEndAzureStack } from '../../examples/skype-front-end/azure';
import { SkypeSiteAwsStack } from '../../examples/skype-site/aws';
import { SkypeSiteAzureStack } from '../../examples/skype-site/azure';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-report-'));

function userApp(context: Record<string, unknown> = {}) {
  const outdir = tmp();
  const app = new App({ outdir, context });
  const stack = new TerraformStack(app, 'my-uc');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const net = new AwsNetwork(stack, 'net', { vpcId: 'vpc-0123', loadBalancerSubnetIds: ['subnet-1', 'subnet-2'] });
  new FrontEndPool(stack, 'fe', { network: net, name: 'fe-pool1', clients: ['10.30.0.0/16'] });
  return { app, outdir, reports: path.join(outdir, 'reports') };
}

describe("a user's own app", () => {
  test('gets the report in Markdown, CSV, JSON and the IPsec script at synth', () => {
    const u = userApp();
    u.app.synth();
    expect(fs.readdirSync(u.reports).sort()).toEqual(['firewall-checks.csv', 'firewall-report.csv', 'firewall-report.json', 'firewall-report.md', 'ipsec-my-uc-fe-pool1.ps1']);
    const md = fs.readFileSync(path.join(u.reports, 'firewall-report.md'), 'utf8');
    expect(md).toContain('## my-uc (aws, network `my-uc/net`)');
    // every AWS rule resource in cdk.tf.json is named in the report by its Terraform address
    const tf = JSON.parse(fs.readFileSync(path.join(u.outdir, 'stacks', 'my-uc', 'cdk.tf.json'), 'utf8'));
    const json = JSON.parse(fs.readFileSync(path.join(u.reports, 'firewall-report.json'), 'utf8'));
    const named = new Set<string>(json.flatMap((n: any) => n.roles.flatMap((r: any) => r.rules.flatMap((x: any) => x.addresses))));
    const actual = ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'].flatMap((t) => Object.keys(tf.resource[t] ?? {}).map((id) => `${t}.${id}`));
    expect(actual.length).toBeGreaterThan(10);
    expect([...named].sort()).toEqual(actual.sort());
  });

  test('the context key turns it off or chooses formats; an unknown format is an error', () => {
    const off = userApp({ 'cdktf-ms-ports:report': 'off' });
    off.app.synth();
    expect(fs.existsSync(off.reports)).toBe(false);
    const some = userApp({ 'cdktf-ms-ports:report': 'md,json' });
    some.app.synth();
    expect(fs.readdirSync(some.reports).sort()).toEqual(['firewall-report.json', 'firewall-report.md']);
    const bad = userApp({ 'cdktf-ms-ports:report': 'md,pdf' });
    expect(() => bad.app.synth()).toThrow(/report format "pdf".*Fix: use "off" or a comma list of md, csv, json, ipsec/);
  });

  test('stale report files of an earlier synth are replaced, other files are kept', () => {
    const u = userApp();
    fs.mkdirSync(u.reports, { recursive: true });
    fs.writeFileSync(path.join(u.reports, 'ipsec-old-stack-gone.ps1'), 'old');
    fs.writeFileSync(path.join(u.reports, 'notes.txt'), 'mine');
    u.app.synth();
    expect(fs.existsSync(path.join(u.reports, 'ipsec-old-stack-gone.ps1'))).toBe(false);
    expect(fs.readFileSync(path.join(u.reports, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('checks: every check on every role in firewall-checks.csv; suppressed findings with their reason in every format', () => {
    const outdir = tmp();
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'files');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const net = new AwsNetwork(stack, 'net', { vpcId: 'vpc-0123' });
    const fs01 = new WindowsServer(stack, 'fs', { network: net, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] });
    fs01.allowTo(['0.0.0.0/1', '128.0.0.0/1'], 443, { label: 'updates' });
    fs01.suppress('MSP-INTERNET-EXPOSURE', 'Windows Update from anywhere, CAB-77');
    app.synth();
    const dir = path.join(outdir, 'reports');
    const csv = fs.readFileSync(path.join(dir, 'firewall-checks.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('stack,network,pack,check,role,rule,status,problem,fix,reason');
    expect(csv).toHaveLength(1 + 10); // one role, ten checks of the library's pack
    expect(csv).toContain('files,files/net,ms-ports,MSP-UNREACHABLE,fs01,,pass,,,');
    const suppressed = csv.find((l) => l.includes('MSP-INTERNET-EXPOSURE'))!;
    expect(suppressed).toMatch(/^files,files\/net,ms-ports,MSP-INTERNET-EXPOSURE,fs01,,suppressed,".*would reach the internet from.*",.*,"Windows Update from anywhere, CAB-77"$/);
    const md = fs.readFileSync(path.join(dir, 'firewall-report.md'), 'utf8');
    expect(md).toMatch(/Suppressed findings:\n\n- MSP-INTERNET-EXPOSURE on `fs01`: allowTo\(\.\.\., \{ label: 'updates' \}\) is .* Suppressed because: Windows Update from anywhere, CAB-77\n/);
    expect(md).toContain('| MSP-INTERNET-EXPOSURE | error | yes | 1 | 0 | 1 | Internet where the role does not face it by design |');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'firewall-report.json'), 'utf8'));
    expect(json[0].checks.findings).toEqual([expect.objectContaining({ check: 'MSP-INTERNET-EXPOSURE', status: 'suppressed', reason: 'Windows Update from anywhere, CAB-77' })]);
  });

  test('two stacks, two clouds: one report, stacks in name order', () => {
    const outdir = tmp();
    const app = new App({ outdir, skipValidation: true });
    const b = new TerraformStack(app, 'b-stack');
    const a = new TerraformStack(app, 'a-stack');
    new FrontEndPool(b, 'fe', { network: new AwsNetwork(b, 'net', { vpcId: 'vpc-1', loadBalancerSubnetIds: ['s-1'] }), clients: ['10.30.0.0/16'] });
    new FrontEndPool(a, 'fe', { network: new AzureNetwork(a, 'net', { resourceGroupName: 'rg', location: 'japaneast', loadBalancerSubnetId: '/s/lb' }), clients: ['10.30.0.0/16'] });
    app.synth();
    const md = fs.readFileSync(path.join(outdir, 'reports', 'firewall-report.md'), 'utf8');
    expect(md.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## a-stack (azure, network `a-stack/net`)', '## b-stack (aws, network `b-stack/net`)']);
  });
});

describe.each([
  ['skype-front-end-azure', SkypeFrontEndAzureStack],
  ['skype-front-end-aws', SkypeFrontEndAwsStack],
  ['active-directory-azure', ActiveDirectoryAzureStack],
  ['active-directory-aws', ActiveDirectoryAwsStack],
  ['skype-site-azure', SkypeSiteAzureStack],
  ['skype-site-aws', SkypeSiteAwsStack],
] as const)('report of example %s', (id, Stack) => {
  const outdir = tmp();
  const app = new App({ outdir });
  new Stack(app, id);
  app.synth();
  const read = (f: string) => fs.readFileSync(path.join(outdir, 'reports', f), 'utf8');

  test('Markdown snapshot', () => {
    expect(read('firewall-report.md')).toMatchSnapshot();
  });
  test('CSV snapshot', () => {
    expect(read('firewall-report.csv')).toMatchSnapshot();
  });
  test('the same program gives the same report, byte for byte', () => {
    const again = tmp();
    const app2 = new App({ outdir: again });
    new Stack(app2, id);
    app2.synth();
    for (const f of ['firewall-report.md', 'firewall-report.csv', 'firewall-report.json']) {
      expect(fs.readFileSync(path.join(again, 'reports', f), 'utf8')).toBe(read(f));
    }
  });
});
