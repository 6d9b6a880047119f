/**
 * Values from another stack in a network's props (a VPC, a load balancer subnet) must become cdktf
 * cross-stack references in everything the renderers create, including the resources created at
 * synth (load balancers, their security groups, rules). cdktf detects those references in
 * `prepareStack`, so the bindings render before it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Subnet as AzureSubnet } from '@cdktf/provider-azurerm/lib/subnet';
import { App, Aspects, TerraformStack, Testing, type IAspect } from 'cdktf';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import { FrontEndPool } from '../../lib/skype/front-end-pool';

type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; data?: Record<string, unknown> };

function synth(build: (app: App) => void): (stack: string) => Json {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-xstack-'));
  const app = new App({ outdir });
  build(app);
  app.synth();
  return (stack) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Json;
}

const REMOTE = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-base\.outputs\./;

describe('props from another stack', () => {
  it('AWS: the load balancer, its security group and the role group reference the base stack through remote state', () => {
    const read = synth((app) => {
      const base = new TerraformStack(app, 'base');
      new AwsProvider(base, 'aws', { region: 'ap-northeast-1' });
      const vpc = new Vpc(base, 'vpc', { cidrBlock: '10.0.0.0/16' });
      const subnet = new Subnet(base, 'subnet', { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
      const site = new TerraformStack(app, 'site');
      new AwsProvider(site, 'aws', { region: 'ap-northeast-1' });
      const net = new AwsNetwork(site, 'net', { vpcId: vpc.id, loadBalancerSubnetIds: [subnet.id] });
      new FrontEndPool(site, 'fe', { network: net, clients: ['10.30.0.0/16'] });
    });
    const site = read('site');
    const lbs = Object.values(site.resource.aws_lb);
    expect(lbs).toHaveLength(1);
    expect(lbs[0].subnets).toEqual([expect.stringMatching(REMOTE)]);
    const groups = Object.values(site.resource.aws_security_group);
    // The pool's, its load balancer's (created at synth) and any group the pool joins.
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['fe', 'fe-nlb']));
    for (const g of groups) expect(g.vpc_id).toMatch(REMOTE);
    expect(Object.keys(site.data ?? {})).toEqual(['terraform_remote_state']);
    // Nothing in the site stack names a resource of the base stack directly.
    expect(JSON.stringify(site)).not.toMatch(/\$\{aws_(subnet|vpc)\./);
  });

  it('Azure: the load balancer frontend references the base stack subnet through remote state', () => {
    const read = synth((app) => {
      const base = new TerraformStack(app, 'base');
      new AzurermProvider(base, 'azurerm', { features: [{}] });
      const subnet = new AzureSubnet(base, 'subnet', { name: 'snet-lb', resourceGroupName: 'rg', virtualNetworkName: 'vnet', addressPrefixes: ['10.0.1.0/24'] });
      const site = new TerraformStack(app, 'site');
      new AzurermProvider(site, 'azurerm', { features: [{}] });
      const net = new AzureNetwork(site, 'net', { resourceGroupName: 'rg', location: 'japaneast', loadBalancerSubnetId: subnet.id });
      new FrontEndPool(site, 'fe', { network: net, clients: ['10.30.0.0/16'] });
    });
    const site = read('site');
    const lb = Object.values(site.resource.azurerm_lb)[0] as { frontend_ip_configuration: { subnet_id: string }[] };
    expect(lb.frontend_ip_configuration[0].subnet_id).toMatch(REMOTE);
    expect(JSON.stringify(site)).not.toMatch(/\$\{azurerm_subnet\./);
  });
});

describe('the app report with many networks', () => {
  it('app.synth() writes it after the last network rendered, with every network in it', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-report-once-'));
    const app = new App({ outdir });
    for (let i = 0; i < 3; i++) {
      const stack = new TerraformStack(app, `site${i}`);
      new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
      // one VPC and region: each network its own namePrefix (AWS wants security group and load balancer names unique there)
      const net = new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc', loadBalancerSubnetIds: ['subnet-1'], namePrefix: `site${i}-` });
      new FrontEndPool(stack, 'fe', { network: net, clients: [`10.3${i}.0.0/16`] });
    }
    app.synth();
    const md = fs.readFileSync(path.join(outdir, 'reports', 'firewall-report.md'), 'utf8');
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'reports', 'firewall-report.json'), 'utf8')) as unknown;
    for (let i = 0; i < 3; i++) {
      expect(md).toContain(`site${i}`);
      expect(JSON.stringify(json)).toContain(`site${i}/net`);
    }
  });
});

describe('the rendering aspect', () => {
  function siteStack(app: App, id: string): TerraformStack {
    const stack = new TerraformStack(app, id);
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    // one VPC and region: each network its own namePrefix (AWS wants security group and load balancer names unique there)
    const net = new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc', loadBalancerSubnetIds: ['subnet-1'], namePrefix: `${id}-` });
    new FrontEndPool(stack, 'fe', { network: net, clients: ['10.30.0.0/16'] });
    return stack;
  }

  it('renders a stack synthesized without app.synth() (Testing.synth), and app.synth() takes it off once the stack has rendered', () => {
    const tested = siteStack(Testing.app(), 'tested');
    expect(Aspects.of(tested).all).toHaveLength(1);
    expect(Object.keys(JSON.parse(Testing.synth(tested)).resource)).toEqual(expect.arrayContaining(['aws_lb', 'aws_vpc_security_group_ingress_rule']));

    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-aspect-')) });
    const stacks = [siteStack(app, 'a'), siteStack(app, 'b')];
    const user: IAspect = { visit: () => undefined };
    Aspects.of(stacks[0]).add(user);
    expect(stacks.map((s) => Aspects.of(s).all.length)).toEqual([2, 1]);
    app.synth();
    // The library's aspect is gone (it would make cdktf compute every construct's path for nothing); the user's stays.
    expect(stacks.map((s) => Aspects.of(s).all)).toEqual([[user], []]);
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'b', 'cdk.tf.json'), 'utf8')) as Json;
    expect(Object.keys(json.resource)).toEqual(expect.arrayContaining(['aws_lb', 'aws_vpc_security_group_ingress_rule']));
  });

  it('a network added to a stack after app.synth() gets the aspect back, so Testing.synth renders it', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-aspect-again-')) });
    const stack = siteStack(app, 'a');
    app.synth();
    expect(Aspects.of(stack).all).toHaveLength(0);
    const late = new AwsNetwork(stack, 'late-net', { vpcId: 'vpc-0def', loadBalancerSubnetIds: ['subnet-2'] });
    new FrontEndPool(stack, 'late-fe', { network: late, name: 'late-fe', clients: ['10.40.0.0/16'] });
    expect(Aspects.of(stack).all).toHaveLength(1);
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const groups = Object.values(json.resource.aws_security_group).map((g) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['late-fe', 'late-fe-nlb']));
  });
});
