/** Example: the same Active Directory estate on AWS. */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsNetwork } from 'cdktf-ms-ports';
import { activeDirectoryEstate, type ActiveDirectoryEstate } from './estate';

export class ActiveDirectoryAwsStack extends TerraformStack {
  readonly network: AwsNetwork;
  readonly estate: ActiveDirectoryEstate;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'ap-northeast-1' });
    // its own VPC: security group names (dc-corp, ...) are unique per VPC, and other examples use them
    this.network = new AwsNetwork(this, 'net', { vpcId: 'vpc-0abc1234def5678a1' });
    this.estate = activeDirectoryEstate(this, this.network);
  }
}
