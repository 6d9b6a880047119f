/**
 * A small user app, copied by test/package/install.test.ts into a fresh project outside the
 * repository that installed the packed library. Plain CommonJS, as `node main.js` or `cdktf synth`
 * run it. Clouds from MS_PORTS_CLOUDS ("aws", "azure" or "aws,azure"; default both): an app for one
 * cloud imports only that cloud's provider package.
 */
'use strict';
const { App, TerraformStack } = require('cdktf');
const { AwsNetwork, AzureNetwork, DomainController, FrontEndPool } = require('cdktf-ms-ports');

const clouds = (process.env.MS_PORTS_CLOUDS || 'aws,azure').split(',');
const app = new App();

function site(stack, network) {
  const dc = new DomainController(stack, 'dc', { network, clients: ['10.20.0.0/16'], admins: ['10.0.99.0/24'] });
  new FrontEndPool(stack, 'fe', { network, clients: ['10.30.0.0/16'], servers: ['10.10.1.0/24'], reverseProxy: ['10.10.9.0/28'], domain: dc });
}

if (clouds.includes('aws')) {
  const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
  const stack = new TerraformStack(app, 'uc-aws');
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  site(stack, new AwsNetwork(stack, 'net', { vpcId: 'vpc-0abc1234def567890', loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'] }));
}
if (clouds.includes('azure')) {
  const { AzurermProvider } = require('@cdktf/provider-azurerm/lib/provider');
  const stack = new TerraformStack(app, 'uc-azure');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  site(
    stack,
    new AzureNetwork(stack, 'net', {
      resourceGroupName: 'rg-uc',
      location: 'japaneast',
      virtualNetworkName: 'vnet-uc',
      loadBalancerSubnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc/providers/Microsoft.Network/virtualNetworks/vnet-uc/subnets/snet-lb',
    }),
  );
}
app.synth();
