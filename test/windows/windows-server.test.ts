import { Testing } from 'cdktf';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { catalog } from '../../lib/catalog/index';
import { DomainController } from '../../lib/windows/domain-controller';
import { WindowsServer, type WindowsServerProps } from '../../lib/windows/windows-server';
import { CLOUDS, newStack, resources, synthJson, type Cloud } from '../support/stacks';

type Rule = Record<string, unknown>;

function server(cloud: Cloud, props: Partial<WindowsServerProps> & Pick<WindowsServerProps, 'services'>) {
  const b = newStack(cloud);
  const srv = new WindowsServer(b.stack, 'srv', { network: b.network, name: 'srv01', ...props });
  return { ...b, srv, json: synthJson(b.stack).json };
}

/** "tcp 53" style keys of every inbound allow rule's TCP/UDP ranges from `cidr`. */
function admitted(cloud: Cloud, json: ReturnType<typeof server>['json'], cidr: string): string[] {
  if (cloud === 'azure') {
    return resources(json, 'azurerm_network_security_rule')
      .filter((r) => r.direction === 'Inbound' && r.access === 'Allow' && r.source_address_prefix === cidr)
      .flatMap((r) => ((r.destination_port_ranges as string[]) ?? [r.destination_port_range as string]).map((p) => `${String(r.protocol).toLowerCase()} ${p}`))
      .sort();
  }
  return resources(json, 'aws_vpc_security_group_ingress_rule')
    .filter((r: Rule) => r.cidr_ipv4 === cidr)
    .map((r) => `${r.ip_protocol} ${r.from_port === r.to_port ? r.from_port : `${r.from_port}-${r.to_port}`}`)
    .sort();
}

describe.each(CLOUDS)('WindowsServer on %s', (cloud) => {
  test('a DNS + DHCP server admits exactly its documented client ports', () => {
    const { json } = server(cloud, { services: ['dns', 'dhcp'], clients: ['10.20.0.0/16'] });
    expect(admitted(cloud, json, '10.20.0.0/16')).toEqual(['tcp 53', 'udp 2535', 'udp 53', 'udp 67'].sort());
  });

  test('an IIS server: 80 and 443 from clients; the admin site 8098 only with its condition, from admins', () => {
    expect(admitted(cloud, server(cloud, { services: ['w3svc'], clients: ['10.20.0.0/16'], admins: ['10.0.99.0/24'] }).json, '10.0.99.0/24')).toEqual([]);
    const { json } = server(cloud, { services: ['w3svc'], clients: ['10.20.0.0/16'], admins: ['10.0.99.0/24'], conditions: ['iis-admin-site'] });
    expect(admitted(cloud, json, '10.20.0.0/16')).toEqual(['tcp 443', 'tcp 80']);
    expect(admitted(cloud, json, '10.0.99.0/24')).toEqual(['tcp 8098']);
  });

  test('WinRM: 5985-5986 from admins; the legacy 80/443 listener only when enabled', () => {
    const { json } = server(cloud, { services: ['winrm'], admins: ['10.0.99.0/24'] });
    expect(admitted(cloud, json, '10.0.99.0/24')).toEqual(['tcp 5985-5986']);
    const legacy = server(cloud, { services: ['winrm'], admins: ['10.0.99.0/24'], enable: ['win.winrm.http.tcp.80'] });
    expect(admitted(cloud, legacy.json, '10.0.99.0/24')).toEqual(['tcp 5985-5986', 'tcp 80']);
  });

  test('a certificate authority follows the dynamic RPC setting for domain members', () => {
    const b = newStack(cloud);
    const dc = new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp' });
    new WindowsServer(b.stack, 'ca', { network: b.network, name: 'ca01', services: ['certificate-services'], domain: dc, dynamicRpc: { restrictedTo: '50000-50100' } });
    const { json } = synthJson(b.stack);
    const key = cloud === 'azure' ? 'azurerm_network_security_rule' : 'aws_vpc_security_group_ingress_rule';
    const fromMembers = Object.entries(json.resource[key])
      .filter(([k, r]) => k.startsWith('ca_rules_') && String(r.source_application_security_group_ids ?? r.referenced_security_group_id).includes('dc_members'))
      .map(([, r]) => r);
    const text = JSON.stringify(fromMembers);
    expect(fromMembers.length).toBeGreaterThan(0);
    if (cloud === 'azure') expect(text).toContain('"50000-50100"');
    else expect(fromMembers.some((r) => r.from_port === 50000 && r.to_port === 50100)).toBe(true);
    expect(text).not.toContain('49152');
  });

  test('every service key composes: no service throws, every catalog entry is rendered or reported', () => {
    for (const key of catalog.serviceKeys()) {
      const b = newStack(cloud);
      const srv = new WindowsServer(b.stack, 'srv', {
        network: b.network,
        name: 'srv01',
        services: [key],
        clients: ['10.20.0.0/16'],
        admins: ['10.0.99.0/24'],
        allProtocolsJustification: 'test of every service key composing',
      });
      const intent = srv.intent();
      const ids = new Set([...intent.flows.flatMap((f) => f.catalogIds), ...intent.skipped.map((s) => s.catalogId)]);
      for (const id of catalog.service(key).entries) expect({ key, id, accounted: ids.has(id) }).toEqual({ key, id, accounted: true });
      expect(() => Testing.synth(b.stack)).not.toThrow();
    }
  });
});

describe('WindowsServer, port-less protocols', () => {
  test('IPsec AH for RRAS: Ah on Azure, protocol 51 without ports on AWS', () => {
    const az = Testing.synth(server('azure', { services: ['rras'], clients: ['10.40.0.0/16'], conditions: ['rras-ipsec-ah'] }).stack);
    expect(az).toHaveResourceWithProperties(NetworkSecurityRule, { protocol: 'Ah', source_address_prefix: '10.40.0.0/16', destination_port_range: '*' });
    const aws = server('aws', { services: ['rras'], clients: ['10.40.0.0/16'], conditions: ['rras-ipsec-ah'] });
    expect(Testing.synth(aws.stack)).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { ip_protocol: '51', cidr_ipv4: '10.40.0.0/16' });
    for (const r of resources(aws.json, 'aws_vpc_security_group_ingress_rule').filter((x) => x.ip_protocol === '51')) expect(r.from_port).toBeUndefined();
  });

  test('a justification the clouds would reject in a description is refused', () => {
    const b = newStack('azure');
    expect(() => new WindowsServer(b.stack, 'vpn', { network: b.network, services: ['rras'], allProtocolsJustification: 'PPTP & friends' })).toThrow(
      /test-azure\/vpn: allProtocolsJustification "PPTP & friends" cannot go into a rule description. Fix:/,
    );
  });
});
