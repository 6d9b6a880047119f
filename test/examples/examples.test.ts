/**
 * The examples `npm run synth` writes must synthesize, deterministically, and keep the numbers the
 * README states (the AD controllers within the AWS default quota of 60 rules per direction).
 */
import { Testing } from 'cdktf';
import { planNetwork } from '../../lib/plan/planner';
import { AWS_PROFILE } from '../../lib/plan/profiles';
import { ActiveDirectoryAwsStack } from '../../examples/active-directory/aws';
import { ActiveDirectoryAzureStack } from '../../examples/active-directory/azure';
import { SkypeFrontEndAwsStack } from '../../examples/skype-front-end/aws';
import { SkypeFrontEndAzureStack } from '../../examples/skype-front-end/azure';
import { resources, type TfJson } from '../support/stacks';

const STACKS = [
  ['skype-front-end-azure', SkypeFrontEndAzureStack],
  ['skype-front-end-aws', SkypeFrontEndAwsStack],
  ['active-directory-azure', ActiveDirectoryAzureStack],
  ['active-directory-aws', ActiveDirectoryAwsStack],
] as const;

describe.each(STACKS)('example %s', (id, Stack) => {
  test('synthesizes, twice byte-identical, with a provider and cited rules', () => {
    const a = Testing.synth(new Stack(Testing.app(), id));
    const b = Testing.synth(new Stack(Testing.app(), id));
    expect(a).toBe(b);
    const json = JSON.parse(a) as TfJson & { provider: Record<string, unknown> };
    expect(Object.keys(json.provider)).toHaveLength(1);
    const rules = id.endsWith('azure') ? resources(json, 'azurerm_network_security_rule') : resources(json, 'aws_vpc_security_group_ingress_rule');
    expect(rules.length).toBeGreaterThan(5);
    const cited = rules.filter((r) => /(sfb|win|trust)\./.test(String(r.description)));
    expect(cited.length).toBeGreaterThan(rules.length / 2);
  });
});

test('the AD example controllers stay within the AWS default quota, per direction', () => {
  const stack = new ActiveDirectoryAwsStack(Testing.app(), 'ad');
  const plan = stack.network.plan();
  for (const role of plan.roles) {
    for (const dir of ['ingress', 'egress'] as const) {
      const n = role.awsRules.filter((r) => r.direction === dir).length;
      expect({ role: role.name, dir, within: n <= 60 }).toEqual({ role: role.name, dir, within: true });
    }
  }
  const dc = plan.roles.find((r) => r.name === 'dc-corp')!;
  expect(dc.awsRules.filter((r) => r.direction === 'ingress')).toHaveLength(35);
  // the same intents plan identically through the engine-free planner
  expect(planNetwork(stack.network.intents(), { profile: AWS_PROFILE, path: stack.network.node.path }).roles.map((r) => r.name)).toEqual(plan.roles.map((r) => r.name));
});
