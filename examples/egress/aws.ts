/** Example: the egress estate (estate.ts) on AWS: prefix lists and egress security groups, a Network Firewall domain list, PAC files. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsNetwork } from 'cdktf-ms-ports';
import { egressEstate, type EgressEstate } from './estate';

export class EgressAwsStack extends TerraformStack {
  readonly network: AwsNetwork;
  readonly estate: EgressEstate;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'ap-northeast-1' });
    this.network = new AwsNetwork(this, 'net', {
      vpcId: 'vpc-0abc1234def567890',
      loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'],
    });
    this.estate = egressEstate(this, this.network);
  }
}
