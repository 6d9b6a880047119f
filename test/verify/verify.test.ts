/** The verifier agrees with hand-worked cases on both clouds, and with the synthesized examples. */
import { Testing } from 'cdktf';
import { expectFlow, flowMatchers, verifyFlow, VerifyUsageError, type FlowQuery, type TerraformJson } from '../../lib/verify';
import { SkypeFrontEndAwsStack } from '../../examples/skype-front-end/aws';
import { SkypeFrontEndAzureStack } from '../../examples/skype-front-end/azure';

// ------------------------------------------------------------------------------ Azure, by hand

const ASG_A = 'azurerm_application_security_group.a';
const ASG_B = 'azurerm_application_security_group.b';
function azureRule(nsg: string, name: string, priority: number, access: 'Allow' | 'Deny', direction: 'Inbound' | 'Outbound', extra: Record<string, unknown>) {
  return { name, priority, access, direction, protocol: 'Tcp', source_port_range: '*', destination_port_range: '5061', network_security_group_name: `\${azurerm_network_security_group.${nsg}.name}`, ...extra };
}
function azureJson(rules: Record<string, Record<string, unknown>>): TerraformJson {
  return {
    resource: {
      azurerm_network_security_group: { a: { name: 'nsg-a' }, b: { name: 'nsg-b' } },
      azurerm_application_security_group: { a: { name: 'asg-a' }, b: { name: 'asg-b' } },
      azurerm_network_security_rule: rules,
    },
    output: {
      'net-a-boundary': { value: { role: 'a', applicationSecurityGroupId: `\${${ASG_A}.id}`, networkSecurityGroupId: '${azurerm_network_security_group.a.id}', alsoAttach: [] } },
      'net-b-boundary': { value: { role: 'b', applicationSecurityGroupId: `\${${ASG_B}.id}`, networkSecurityGroupId: '${azurerm_network_security_group.b.id}', alsoAttach: [] } },
    },
  };
}
const toA = { destination_application_security_group_ids: [`\${${ASG_A}.id}`] };

describe('Azure NSG semantics', () => {
  const json = azureJson({
    deny20: azureRule('a', 'deny-20-net', 100, 'Deny', 'Inbound', { source_address_prefix: '20.0.0.0/24', ...toA }),
    allowInternet: azureRule('a', 'allow-internet', 200, 'Allow', 'Inbound', { source_address_prefix: 'Internet', ...toA }),
    denyAllA: azureRule('a', 'deny-all-inbound', 4096, 'Deny', 'Inbound', { protocol: '*', destination_port_range: '*', source_address_prefix: '*', destination_address_prefix: '*' }),
    bOut: azureRule('b', 'deny-all-outbound', 4096, 'Deny', 'Outbound', { protocol: '*', destination_port_range: '*', source_address_prefix: '*', destination_address_prefix: '*' }),
  });

  test('a deny decided by priority: 20.0.0.7 hits the deny at 100 before the allow at 200', () => {
    const v = verifyFlow(json, { from: '20.0.0.7', to: 'a', port: '5061/tcp' });
    expect(v.allowed).toBe(false);
    expect(v.decidedBy).toEqual([expect.objectContaining({ access: 'deny', rule: 'deny-20-net', priority: 100, address: 'azurerm_network_security_rule.deny20', matched: 'all of 20.0.0.7' })]);
  });

  test('another public address is allowed by the Internet tag at 200', () => {
    const v = verifyFlow(json, { from: '8.8.8.8', to: 'a', port: '5061/tcp' });
    expect(v.allowed).toBe(true);
    expect(v.decidedBy.map((d) => [d.rule, d.access])).toEqual([['allow-internet', 'allow']]);
  });

  test('"the internet" is allowed (some of it), and the report says which part each rule decided', () => {
    const v = verifyFlow(json, { from: 'internet', to: 'a', port: '5061/tcp' });
    expect(v.allowed).toBe(true);
    expect(v.decidedBy.map((d) => [d.rule, d.matched])).toEqual([
      ['deny-20-net', '256 IPv4 addresses of the internet'],
      // public IPv4 (3702258688) minus 20.0.0.0/24 and Azure's platform address 168.63.129.16
      ['allow-internet', '3702258431 IPv4 and about 2^125 IPv6 addresses of the internet'],
    ]);
  });

  test('other ports fall to the explicit deny; without it, to the default rules', () => {
    expect(verifyFlow(json, { from: '8.8.8.8', to: 'a', port: '443/tcp' }).decidedBy.map((d) => d.rule)).toEqual(['deny-all-inbound']);
    const bare = azureJson({});
    expect(verifyFlow(bare, { from: '10.1.2.3', to: 'a', port: '443/tcp' }).decidedBy.map((d) => [d.rule, d.access, d.priority])).toEqual([['AllowVnetInBound', 'allow', 65000]]);
    expect(verifyFlow(bare, { from: '168.63.129.16', to: 'a', port: '443/tcp' }).decidedBy.map((d) => d.rule)).toEqual(['AllowAzureLoadBalancerInBound']);
    expect(verifyFlow(bare, { from: '8.8.8.8', to: 'a', port: '443/tcp' }).decidedBy.map((d) => [d.rule, d.access])).toEqual([['DenyAllInBound', 'deny']]);
    // the virtual network's space is what the user says it is
    expect(verifyFlow(bare, { from: '10.1.2.3', to: 'a', port: '443/tcp', vnet: ['172.20.0.0/16'] }).allowed).toBe(false);
  });

  test('a role source: blocked by its own NSG outbound (closed egress), then allowed once the NSG lets it out', () => {
    const fromB = azureRule('a', 'allow-b', 300, 'Allow', 'Inbound', { source_application_security_group_ids: [`\${${ASG_B}.id}`], ...toA });
    const closed = azureJson({ fromB, bOut: azureRule('b', 'deny-all-outbound', 4096, 'Deny', 'Outbound', { protocol: '*', destination_port_range: '*', source_address_prefix: '*', destination_address_prefix: '*' }) });
    const v = verifyFlow(closed, { from: 'b', to: 'a', port: '5061/tcp' });
    expect(v.allowed).toBe(false);
    expect(v.decidedBy).toEqual([expect.objectContaining({ where: 'outbound at b', rule: 'deny-all-outbound', access: 'deny' })]);
    const open = azureJson({ fromB, bOutA: azureRule('b', 'out-to-a', 300, 'Allow', 'Outbound', { source_application_security_group_ids: [`\${${ASG_B}.id}`], ...toA }) });
    expect(verifyFlow(open, { from: 'b', to: 'a', port: '5061/tcp' }).decidedBy.map((d) => `${d.where}: ${d.rule}`)).toEqual(['outbound at b: out-to-a', 'inbound at a: allow-b']);
  });
});

// ------------------------------------------------------------------------------ AWS, by hand

function awsJson(ingress: Record<string, Record<string, unknown>>, egress: Record<string, Record<string, unknown>>): TerraformJson {
  return {
    resource: {
      aws_security_group: { a: { name: 'a' }, b: { name: 'b' } },
      aws_vpc_security_group_ingress_rule: ingress,
      aws_vpc_security_group_egress_rule: egress,
    },
    output: {
      'net-a-boundary': { value: { role: 'a', securityGroupId: '${aws_security_group.a.id}', alsoAttach: [] } },
      'net-b-boundary': { value: { role: 'b', securityGroupId: '${aws_security_group.b.id}', alsoAttach: [] } },
    },
  };
}
const sgRule = (sg: string, extra: Record<string, unknown>) => ({ security_group_id: `\${aws_security_group.${sg}.id}`, ip_protocol: 'tcp', from_port: 5061, to_port: 5061, ...extra });

describe('AWS security group semantics', () => {
  const aFromB = sgRule('a', { referenced_security_group_id: '${aws_security_group.b.id}' });
  const aFromNet = sgRule('a', { cidr_ipv4: '10.0.0.0/8', from_port: 443, to_port: 443 });
  const bToA = sgRule('b', { referenced_security_group_id: '${aws_security_group.a.id}' });

  test('an allow through a security group reference (egress of b, ingress of a)', () => {
    const v = verifyFlow(awsJson({ aFromB }, { bToA }), { from: 'b', to: 'a', port: '5061/tcp' });
    expect(v.allowed).toBe(true);
    expect(v.decidedBy.map((d) => [d.where, d.address])).toEqual([
      ['outbound at b', 'aws_vpc_security_group_egress_rule.bToA'],
      ['inbound at a', 'aws_vpc_security_group_ingress_rule.aFromB'],
    ]);
  });

  test('a flow blocked by closed egress on the source', () => {
    const v = verifyFlow(awsJson({ aFromB }, {}), { from: 'b', to: 'a', port: '5061/tcp' });
    expect(v.allowed).toBe(false);
    expect(v.decidedBy).toEqual([expect.objectContaining({ where: 'outbound at b', access: 'deny', address: 'closed egress' })]);
  });

  test('all egress (-1 to 0.0.0.0/0) reaches anything; the reference still decides inbound', () => {
    const all = { security_group_id: '${aws_security_group.b.id}', ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' };
    expect(verifyFlow(awsJson({ aFromB }, { all }), { from: 'b', to: 'a', port: '5061/tcp' }).allowed).toBe(true);
    expect(verifyFlow(awsJson({}, { all }), { from: 'b', to: 'a', port: '5061/tcp' }).allowed).toBe(false);
  });

  test('CIDR rules: union of allows, deny by default; the internet is not 10.0.0.0/8', () => {
    const json = awsJson({ aFromNet, aFromB }, {});
    expect(verifyFlow(json, { from: '10.1.1.1', to: 'a', port: '443/tcp' }).allowed).toBe(true);
    expect(verifyFlow(json, { from: '10.1.1.1', to: 'a', port: '5061/tcp' }).allowed).toBe(false);
    const v = verifyFlow(json, { from: 'internet', to: 'a', port: '443/tcp' });
    expect(v.allowed).toBe(false);
    expect(v.decidedBy).toEqual([expect.objectContaining({ access: 'deny', address: 'implicit deny' })]);
  });

  test('usage errors name what is wrong', () => {
    const json = awsJson({}, {});
    expect(() => verifyFlow(json, { from: 'internet', to: 'nope', port: '443/tcp' })).toThrow(VerifyUsageError);
    expect(() => verifyFlow(json, { from: 'internet', to: 'a', port: '443' })).toThrow(/is not <1-65535>\/tcp/);
    expect(() => verifyFlow(json, { from: 'somewhere', to: 'a', port: '443/tcp' })).toThrow(/neither "internet", an IP address or CIDR, nor a role of this stack \(a, b\)/);
  });
});

// ------------------------------------------------------------------------------ the examples

describe('the examples, as a platform engineer would assert them', () => {
  const azure = Testing.synth(new SkypeFrontEndAzureStack(Testing.app(), 'skype-front-end-azure'));
  const aws = Testing.synth(new SkypeFrontEndAwsStack(Testing.app(), 'skype-front-end-aws'));

  test.each([
    ['azure', azure],
    ['aws', aws],
  ])('%s: the internet cannot reach the Front End pool on 5061; clients can; the pool reaches its domain', (_cloud, json) => {
    expectFlow(json).from('internet').to('fe-pool1').port('5061/tcp').toBeDenied();
    expectFlow(json).from('10.30.4.5').to('fe-pool1').port('5061/tcp').toBeAllowed();
    expectFlow(json).from('10.30.4.5').to('fe-pool1').port('3389/tcp').toBeDenied();
    expectFlow(json).from('fe-pool1').to('dc-corp').port('88/udp').toBeAllowed();
    expectFlow(json).from('dc-corp').to('fe-pool1').port('5061/tcp').toBeDenied();
  });

  test('a failed expectation explains the verdict', () => {
    expect(() => expectFlow(azure).from('internet').to('fe-pool1').port('5061/tcp').toBeAllowed()).toThrow(
      /expected the flow to be allowed, but it is denied:\nazure: internet -> fe-pool1 on 5061\/tcp: DENIED\n  inbound at fe-pool1: DENY by deny-all-inbound \(priority 4096\)/,
    );
  });

  test('AWS: the pool admits the load balancer by security group reference', () => {
    const v = expectFlow(aws).from('fe-pool1-nlb').to('fe-pool1').port('443/tcp').toBeAllowed();
    expect(v.decidedBy.map((d) => d.where)).toEqual(['outbound at fe-pool1-nlb', 'inbound at fe-pool1']);
  });
});

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toAllowFlow(query: FlowQuery): R;
      toDenyFlow(query: FlowQuery): R;
    }
  }
}

describe('custom matchers (expect.extend(flowMatchers))', () => {
  expect.extend(flowMatchers);
  const azure = Testing.synth(new SkypeFrontEndAzureStack(Testing.app(), 'skype-front-end-azure'));
  test('toDenyFlow / toAllowFlow, and .not', () => {
    expect(azure).toDenyFlow({ from: 'internet', to: 'fe-pool1', port: '5061/tcp' });
    expect(azure).toAllowFlow({ from: '10.30.4.5', to: 'fe-pool1', port: '443/tcp' });
    expect(azure).not.toAllowFlow({ from: 'internet', to: 'fe-pool1', port: '443/tcp' });
    expect(() => expect(azure).toAllowFlow({ from: 'internet', to: 'fe-pool1', port: '5061/tcp' })).toThrow(/expected the flow to be allowed:\nazure: internet -> fe-pool1 on 5061\/tcp: DENIED/);
  });
});
