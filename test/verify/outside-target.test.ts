/**
 * The verifier judges a flow from a cloud role to an address outside the cloud by the sender's
 * egress alone (the far side's firewall is not in the Terraform), on both clouds; hand-worked cases.
 */
import { flowVerifier, verifyFlow, VerifyUsageError, type TerraformJson } from '../../lib/verify';

const azure: TerraformJson = {
  resource: {
    azurerm_network_security_group: { a: { name: 'nsg-a' } },
    azurerm_application_security_group: { a: { name: 'asg-a' } },
    azurerm_network_security_rule: {
      deny1: { name: 'deny-one-host', priority: 100, access: 'Deny', direction: 'Outbound', protocol: 'Tcp', destination_port_range: '88', source_address_prefix: '*', destination_address_prefix: '192.168.10.9/32', network_security_group_name: '${azurerm_network_security_group.a.name}' },
      out88: { name: 'out-88', priority: 200, access: 'Allow', direction: 'Outbound', protocol: 'Tcp', destination_port_range: '88', source_application_security_group_ids: ['${azurerm_application_security_group.a.id}'], destination_address_prefix: '192.168.10.0/28', network_security_group_name: '${azurerm_network_security_group.a.name}' },
      in88: { name: 'in-88', priority: 200, access: 'Allow', direction: 'Inbound', protocol: 'Tcp', destination_port_range: '88', source_address_prefix: '192.168.10.0/28', network_security_group_name: '${azurerm_network_security_group.a.name}' },
      denyOut: { name: 'deny-all-outbound', priority: 4096, access: 'Deny', direction: 'Outbound', protocol: '*', destination_port_range: '*', source_address_prefix: '*', destination_address_prefix: '*', network_security_group_name: '${azurerm_network_security_group.a.name}' },
    },
  },
  output: {
    'net-a-boundary': { value: { role: 'a', applicationSecurityGroupId: '${azurerm_application_security_group.a.id}', networkSecurityGroupId: '${azurerm_network_security_group.a.id}', alsoAttach: [] } },
  },
};

const aws: TerraformJson = {
  resource: {
    aws_security_group: { a: { name: 'a', tags: { Name: 'a' } }, m: { name: 'm', tags: { Name: 'm' } } },
    aws_vpc_security_group_egress_rule: {
      // the rule sits on a group the role joins (alsoAttach), as a domain's members group does
      out88: { security_group_id: '${aws_security_group.m.id}', ip_protocol: 'tcp', from_port: 88, to_port: 88, cidr_ipv4: '192.168.10.0/28' },
    },
  },
  output: {
    'net-a-boundary': { value: { role: 'a', securityGroupId: '${aws_security_group.a.id}', alsoAttach: ['${aws_security_group.m.id}'] } },
  },
};

describe('a role sending to an address outside the cloud', () => {
  test('Azure: the first matching outbound rule of the sender decides; nothing inbound is judged', () => {
    const ok = verifyFlow(azure, { from: 'a', to: '192.168.10.5', port: '88/tcp' });
    expect(ok.allowed).toBe(true);
    expect(ok.decidedBy.map((d) => [d.where, d.rule])).toEqual([['outbound at a', 'out-88']]);
    expect(verifyFlow(azure, { from: 'a', to: '192.168.10.9', port: '88/tcp' }).decidedBy.map((d) => [d.rule, d.access])).toEqual([['deny-one-host', 'deny']]);
    expect(verifyFlow(azure, { from: 'a', to: '192.168.10.5', port: '89/tcp' }).decidedBy.map((d) => d.rule)).toEqual(['deny-all-outbound']);
    expect(verifyFlow(azure, { from: 'a', to: '192.168.11.5', port: '88/tcp' }).allowed).toBe(false);
  });

  test('AWS: an egress rule of any group the sender attaches, naming the address', () => {
    const judge = flowVerifier(aws);
    const ok = judge({ from: 'a', to: '192.168.10.5', port: '88/tcp' });
    expect(ok.allowed).toBe(true);
    expect(ok.decidedBy.map((d) => [d.where, d.address])).toEqual([['outbound at a', 'aws_vpc_security_group_egress_rule.out88']]);
    expect(judge({ from: 'a', to: '192.168.10.5', port: '88/udp' }).allowed).toBe(false);
    expect(judge({ from: 'a', to: '192.168.10.16', port: '88/tcp' }).allowed).toBe(false);
  });

  test('an address to an address is a usage error: nothing of either side is in the Terraform', () => {
    expect(() => verifyFlow(aws, { from: '10.0.0.1', to: '192.168.10.5', port: '88/tcp' })).toThrow(VerifyUsageError);
    expect(() => verifyFlow(aws, { from: '10.0.0.1', to: '192.168.10.5', port: '88/tcp' })).toThrow(/--from must be a role of this stack/);
    expect(() => verifyFlow(azure, { from: 'internet', to: 'nobody', port: '88/tcp' })).toThrow(/is neither a role of this stack \(a\) nor an IP address or CIDR/);
  });
});
