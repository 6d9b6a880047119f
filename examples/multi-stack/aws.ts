/**
 * Example: the hub and the site stacks of estate.ts on AWS (one VPC). Every stack keeps its state in
 * S3 (one key per stack), so a site team plans and applies its stack alone, and the cdktf
 * cross-stack references read the hub's outputs from the hub's state (`terraform_remote_state`).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsNetwork } from 'cdktf-ms-ports';
import { hub, site as siteRoles, type Hub, type Site } from './estate';

const VPC = 'vpc-0abc1234def567890';
const LB_SUBNETS = ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'];

/** Remote state for teams: one bucket, one key per stack, a lock table. */
function state(stack: TerraformStack, id: string): void {
  new S3Backend(stack, { bucket: 'corp-uc-terraform-state', key: `uc/${id}.tfstate`, region: 'ap-northeast-1', dynamodbTable: 'corp-uc-terraform-locks', encrypt: true });
}

export class HubAwsStack extends TerraformStack {
  readonly network: AwsNetwork;
  readonly hub: Hub;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    state(this, id);
    new AwsProvider(this, 'aws', { region: 'ap-northeast-1' });
    this.network = new AwsNetwork(this, 'net', { vpcId: VPC, loadBalancerSubnetIds: LB_SUBNETS });
    this.hub = hub(this, this.network);
  }
}

export class SiteAwsStack extends TerraformStack {
  readonly network: AwsNetwork;
  readonly site: Site;

  /** `site.name` prefixes the site's resource names (the sites share one VPC); `site.clients` is its client network. */
  constructor(scope: Construct, id: string, shared: HubAwsStack, site: { readonly name: string; readonly clients: string }) {
    super(scope, id);
    state(this, id);
    new AwsProvider(this, 'aws', { region: 'ap-northeast-1' });
    this.network = new AwsNetwork(this, 'net', { vpcId: VPC, loadBalancerSubnetIds: LB_SUBNETS, namePrefix: `${site.name}-`, sharedNetworks: [shared.network] });
    this.site = siteRoles(this, this.network, shared.hub, site.clients);
  }
}
