/**
 * The verifier with a destination outside the cloud (an address or CIDR, e.g. a PSTN gateway): only
 * the sender's outbound rules decide, every address of the destination must be reached, and the
 * verdict names the rules. Hand-worked cases on both clouds.
 */
import { verifyFlow, VerifyUsageError, type TerraformJson } from '../../lib/verify';

const ASG_B = 'azurerm_application_security_group.b';

function azureJson(rules: Record<string, Record<string, unknown>>): TerraformJson {
  return {
    resource: {
      azurerm_network_security_group: { b: { name: 'nsg-b' } },
      azurerm_application_security_group: { b: { name: 'asg-b' } },
      azurerm_network_security_rule: rules,
    },
    output: { 'net-b-boundary': { value: { role: 'b', applicationSecurityGroupId: `\${${ASG_B}.id}`, networkSecurityGroupId: '${azurerm_network_security_group.b.id}', alsoAttach: [] } } },
  };
}
function outRule(name: string, priority: number, access: 'Allow' | 'Deny', extra: Record<string, unknown>) {
  return { name, priority, access, direction: 'Outbound', protocol: 'Tcp', source_port_range: '*', destination_port_range: '5081', network_security_group_name: '${azurerm_network_security_group.b.name}', ...extra };
}
const fromB = { source_application_security_group_ids: [`\${${ASG_B}.id}`] };
const denyAll = outRule('deny-all-outbound', 4096, 'Deny', { protocol: '*', destination_port_range: '*', source_address_prefix: '*', destination_address_prefix: '*' });

describe('Azure: to an address outside the cloud', () => {
  const json = azureJson({
    gw: outRule('out-to-gw', 300, 'Allow', { ...fromB, destination_address_prefixes: ['192.168.50.10/32', '192.168.50.11/32'] }),
    denyAll,
  });

  test('allowed when an outbound rule of the sender covers every address', () => {
    const v = verifyFlow(json, { from: 'b', to: '192.168.50.10', port: '5081/tcp' });
    expect(v.allowed).toBe(true);
    expect(v.decidedBy).toEqual([expect.objectContaining({ where: 'outbound at b', rule: 'out-to-gw', access: 'allow', matched: 'all of 192.168.50.10' })]);
    expect(verifyFlow(json, { from: 'b', to: '192.168.50.10/31', port: '5081/tcp' }).allowed).toBe(true);
  });

  test('denied on another port, for an address the rule leaves out, and for a CIDR it covers only in part', () => {
    expect(verifyFlow(json, { from: 'b', to: '192.168.50.10', port: '5082/tcp' }).decidedBy.map((d) => [d.rule, d.access])).toEqual([['deny-all-outbound', 'deny']]);
    expect(verifyFlow(json, { from: 'b', to: '192.168.50.12', port: '5081/tcp' }).allowed).toBe(false);
    const part = verifyFlow(json, { from: 'b', to: '192.168.50.8/29', port: '5081/tcp' });
    expect(part.allowed).toBe(false);
    expect(part.decidedBy.map((d) => [d.rule, d.matched])).toEqual([
      ['out-to-gw', '2 IPv4 addresses of 192.168.50.8/29'],
      ['deny-all-outbound', '6 IPv4 addresses of 192.168.50.8/29'],
    ]);
  });

  test('without rules of its own the default rules decide (AllowVnetOutBound for the virtual network space)', () => {
    const bare = azureJson({});
    expect(verifyFlow(bare, { from: 'b', to: '10.9.9.9', port: '5081/tcp' }).decidedBy.map((d) => d.rule)).toEqual(['AllowVnetOutBound']);
    // outside the virtual network's space, and not public: DenyAllOutBound
    expect(verifyFlow(bare, { from: 'b', to: '10.9.9.9', port: '5081/tcp', vnet: ['172.20.0.0/16'] }).decidedBy.map((d) => [d.rule, d.access])).toEqual([['DenyAllOutBound', 'deny']]);
    expect(verifyFlow(bare, { from: 'b', to: '8.8.8.8', port: '5081/tcp' }).decidedBy.map((d) => d.rule)).toEqual(['AllowInternetOutBound']);
  });
});

function awsJson(egress: Record<string, Record<string, unknown>>): TerraformJson {
  return {
    resource: { aws_security_group: { b: { name: 'b' } }, aws_vpc_security_group_egress_rule: egress },
    output: { 'net-b-boundary': { value: { role: 'b', securityGroupId: '${aws_security_group.b.id}', alsoAttach: [] } } },
  };
}
const egress = (extra: Record<string, unknown>) => ({ security_group_id: '${aws_security_group.b.id}', ip_protocol: 'tcp', from_port: 5081, to_port: 5081, ...extra });

describe('AWS: to an address outside the cloud', () => {
  const json = awsJson({ gw10: egress({ cidr_ipv4: '192.168.50.10/32' }), gw11: egress({ cidr_ipv4: '192.168.50.11/32' }) });

  test('allowed when the egress rules cover every address (their union)', () => {
    const v = verifyFlow(json, { from: 'b', to: '192.168.50.10/31', port: '5081/tcp' });
    expect(v.allowed).toBe(true);
    expect(v.decidedBy.map((d) => d.address).sort()).toEqual(['aws_vpc_security_group_egress_rule.gw10', 'aws_vpc_security_group_egress_rule.gw11']);
  });

  test('denied by closed egress on another port or beyond the rules', () => {
    expect(verifyFlow(json, { from: 'b', to: '192.168.50.10', port: '5082/tcp' }).decidedBy).toEqual([expect.objectContaining({ access: 'deny', address: 'closed egress' })]);
    const part = verifyFlow(json, { from: 'b', to: '192.168.50.8/29', port: '5081/tcp' });
    expect(part.allowed).toBe(false);
    expect(part.decidedBy.at(-1)).toEqual(expect.objectContaining({ access: 'deny', rule: expect.stringContaining('6 IPv4 addresses of 192.168.50.8/29') }));
  });

  test('all egress (-1 to 0.0.0.0/0) reaches any address', () => {
    const all = awsJson({ all: { security_group_id: '${aws_security_group.b.id}', ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' } });
    expect(verifyFlow(all, { from: 'b', to: '203.0.113.9', port: '5081/tcp' }).allowed).toBe(true);
  });

  test('an address destination needs a role as the sender', () => {
    expect(() => verifyFlow(json, { from: '10.0.0.1', to: '192.168.50.10', port: '5081/tcp' })).toThrow(VerifyUsageError);
    expect(() => verifyFlow(json, { from: 'b', to: 'nope', port: '5081/tcp' })).toThrow(/neither a role of this stack \(b\) nor an IP address or CIDR/);
  });
});
