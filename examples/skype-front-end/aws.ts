/**
 * Example: the same Skype for Business Front End pool as azure.ts, on AWS. Only the network
 * binding differs.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsNetwork, FrontEndPool, DomainController } from 'cdktf-ms-ports';

export class SkypeFrontEndAwsStack extends TerraformStack {
  readonly network: AwsNetwork;
  readonly pool: FrontEndPool;
  readonly dc: DomainController;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'ap-northeast-1' });
    this.network = new AwsNetwork(this, 'net', {
      // its own VPC: security group names (dc-corp, ...) are unique per VPC, and the multi-stack example uses them
      vpcId: 'vpc-0abc1234def5678a4',
      loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'],
    });
    // The pool's servers join the corp domain: they reach its controllers on the KB832017 ports.
    this.dc = new DomainController(this, 'dc', { network: this.network, name: 'dc-corp', clients: ['10.20.0.0/16'] });
    this.pool = new FrontEndPool(this, 'fe', {
      network: this.network,
      name: 'fe-pool1',
      clients: ['10.30.0.0/16'],
      servers: ['10.10.1.0/24'],
      reverseProxy: ['10.10.9.0/28'],
      loadBalancing: 'hardware',
      domain: this.dc,
    });
  }
}
