/**
 * The examples `npm run synth` writes must synthesize, deterministically, and keep the numbers the
 * README states (the AD controllers within the AWS default quota of 60 rules per direction).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { planNetwork } from '../../lib/plan/planner';
import { AWS_PROFILE } from '../../lib/plan/profiles';
import { ActiveDirectoryAwsStack } from '../../examples/active-directory/aws';
import { ActiveDirectoryAzureStack } from '../../examples/active-directory/azure';
import { SkypeFrontEndAwsStack } from '../../examples/skype-front-end/aws';
import { SkypeFrontEndAzureStack } from '../../examples/skype-front-end/azure';
import { EgressAwsStack } from '../../examples/egress/aws';
import { EgressAzureStack } from '../../examples/egress/azure';
import { resources, type TfJson } from '../support/stacks';

const STACKS = [
  ['skype-front-end-azure', SkypeFrontEndAzureStack],
  ['skype-front-end-aws', SkypeFrontEndAwsStack],
  ['active-directory-azure', ActiveDirectoryAzureStack],
  ['active-directory-aws', ActiveDirectoryAwsStack],
  ['egress-azure', EgressAzureStack],
  ['egress-aws', EgressAwsStack],
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
    const cited = rules.filter((r) => /(sfb|win|trust|m365|o365|onedrive|messenger)\./.test(String(r.description)));
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

describe.each([
  ['egress-azure', EgressAzureStack],
  ['egress-aws', EgressAwsStack],
] as const)('egress example %s', (id, Stack) => {
  test('Office 365, OneDrive and (opted in) Messenger by address and by name; PAC files byte-identical across runs', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const read = () => {
        const app = Testing.app();
        const stack = new Stack(app, id);
        const text = Testing.synth(stack);
        const dir = path.join(app.outdir, 'egress');
        const files = fs.readdirSync(dir).sort();
        return { text, files, contents: files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')), stack };
      };
      const a = read();
      const b = read();
      expect(a.files).toEqual([`${id}-messenger.bypass.txt`, `${id}-messenger.md`, `${id}-messenger.pac`, `${id}-o365.bypass.txt`, `${id}-o365.md`, `${id}-o365.pac`, `${id}-onedrive.bypass.txt`, `${id}-onedrive.md`, `${id}-onedrive.pac`]);
      expect(b.contents).toEqual(a.contents);
      const json = JSON.parse(a.text) as TfJson;
      const { office365, onedrive, messenger } = a.stack.estate;
      expect(office365.report().endpointSets.length).toBeGreaterThan(30);
      expect(messenger.names.bypass).toContain('messenger.hotmail.com');
      expect(onedrive.names.bypass).toContain('*.onedrive.com');
      if (id === 'egress-azure') {
        expect(resources(json, 'azurerm_firewall_policy_rule_collection_group')).toHaveLength(3);
        const pool = resources(json, 'azurerm_network_security_rule').filter((r) => /m365\.set|o365\./.test(String(r.description)));
        expect(pool.length).toBeGreaterThan(20);
      } else {
        expect(resources(json, 'aws_networkfirewall_rule_group').map((g) => g.name).sort()).toEqual(['messenger-names', 'o365-addresses', 'o365-names', 'onedrive-names']);
        expect(resources(json, 'aws_ec2_managed_prefix_list').length).toBeGreaterThan(10);
        expect(office365.report().addressRules.map((g) => g.group)).toEqual(['o365', 'o365-2', 'o365-3']);
      }
    } finally {
      warn.mockRestore();
    }
  });
});
