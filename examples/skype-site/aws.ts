/** Example: the whole Skype for Business site (site.ts) on AWS. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsNetwork } from '../../lib/aws/network';
import { skypeSite, type SkypeSite } from './site';

export class SkypeSiteAwsStack extends TerraformStack {
  readonly network: AwsNetwork;
  readonly site: SkypeSite;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'ap-northeast-1' });
    this.network = new AwsNetwork(this, 'net', {
      vpcId: 'vpc-0abc1234def567890',
      loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'],
      publicSubnetIds: ['subnet-0fff5555aaa66666b', 'subnet-0ccc7777ddd88888e'],
    });
    this.site = skypeSite(this, this.network);
  }
}
