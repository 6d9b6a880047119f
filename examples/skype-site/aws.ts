/** Example: the whole Skype for Business site (site.ts) on AWS. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsNetwork } from 'cdktf-ms-ports';
import { skypeSite, type SkypeSite } from './site';

export class SkypeSiteAwsStack extends TerraformStack {
  readonly network: AwsNetwork;
  readonly site: SkypeSite;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Its own VPC and region: security group names are unique per VPC, load balancer names (fe-pool1,
    // dir-pool1, edge-pool1) per region and account, and the other examples use those names in ap-northeast-1.
    new AwsProvider(this, 'aws', { region: 'ap-northeast-3' });
    this.network = new AwsNetwork(this, 'net', {
      vpcId: 'vpc-0abc1234def5678a2',
      loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'],
      publicSubnetIds: ['subnet-0fff5555aaa66666b', 'subnet-0ccc7777ddd88888e'],
    });
    this.site = skypeSite(this, this.network);
  }
}
