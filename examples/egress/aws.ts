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
    // Its own VPC and region: security group names are unique per VPC, load balancer names (fe-pool1)
    // per region and account, and the other examples use those names in ap-northeast-1.
    new AwsProvider(this, 'aws', { region: 'ap-southeast-1' });
    this.network = new AwsNetwork(this, 'net', {
      vpcId: 'vpc-0abc1234def5678a3',
      loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'],
      // The pool's hosts attach its own group, the three o365 groups and skype-servers: five, plus
      // each interface's own (primary) group. That needs the account's "security groups per network
      // interface" quota raised from 5 to 6.
      securityGroupsPerNetworkInterface: 6,
    });
    this.estate = egressEstate(this, this.network);
  }
}
