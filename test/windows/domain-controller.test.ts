import { Testing } from 'cdktf';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { MsPortsError } from '../../lib/model/errors';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { DomainController, type DomainControllerProps } from '../../lib/windows/domain-controller';
import { WindowsServer } from '../../lib/windows/windows-server';
import { CLOUDS, newStack, resources, synthJson, type Cloud, type TfJson } from '../support/stacks';

type Rule = Record<string, unknown>;

function build(cloud: Cloud, props: Partial<DomainControllerProps> = {}, network: Record<string, unknown> = {}) {
  const b = newStack(cloud, network);
  const dc = new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], admins: ['10.0.99.0/24'], ...props });
  const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'], domain: dc });
  return { ...b, dc, fs };
}

/** Port ranges of a TCP or UDP rule, per cloud (port-less rules such as ICMP have none). */
function ranges(cloud: Cloud, r: Rule): [number, number][] {
  const p = String(cloud === 'aws' ? r.ip_protocol : r.protocol).toLowerCase();
  if (p !== 'tcp' && p !== 'udp') return [];
  if (cloud === 'aws') return [[r.from_port as number, r.to_port as number]];
  const specs = (r.destination_port_ranges as string[] | undefined) ?? [r.destination_port_range as string];
  return specs.map((s) => {
    if (s === '*') return [1, 65535];
    const [a, b] = s.split('-').map(Number);
    return [a, b ?? a];
  });
}

const covers = (cloud: Cloud, r: Rule, from: number, to = from) => ranges(cloud, r).some(([a, b]) => a <= from && to <= b);
const touches = (cloud: Cloud, r: Rule, from: number, to = from) => ranges(cloud, r).some(([a, b]) => a <= to && from <= b);
const proto = (cloud: Cloud, p: string) => (cloud === 'aws' ? p : p[0].toUpperCase() + p.slice(1));

/** Allow rules of the role whose boundary key (Terraform name prefix) is `owner`, in one direction, matching `match`. */
function rulesOf(cloud: Cloud, json: TfJson, owner: string, direction: 'in' | 'out', match: (r: Rule) => boolean): Rule[] {
  const [type, azureDir] =
    cloud === 'azure'
      ? ['azurerm_network_security_rule', direction === 'in' ? 'Inbound' : 'Outbound']
      : [direction === 'in' ? 'aws_vpc_security_group_ingress_rule' : 'aws_vpc_security_group_egress_rule', undefined];
  return Object.entries(json.resource[type] ?? {})
    .filter(([k, r]) => k.startsWith(`${owner}_rules_`) && (azureDir === undefined || (r.direction === azureDir && r.access === 'Allow')) && match(r))
    .map(([, r]) => r);
}

const inbound = (cloud: Cloud, json: TfJson, owner: string, match: (r: Rule) => boolean) => rulesOf(cloud, json, owner, 'in', match);
const outbound = (cloud: Cloud, json: TfJson, owner: string, match: (r: Rule) => boolean) => rulesOf(cloud, json, owner, 'out', match);

/** Does the rule name the role boundary `ref` (ASG or SG resource name fragment) as its peer? */
const fromRole = (cloud: Cloud, ref: string, side: 'source' | 'destination' = 'source') => (r: Rule) =>
  cloud === 'azure'
    ? String(r[`${side}_application_security_group_ids`] ?? '').includes(`azurerm_application_security_group.${ref}_application-security-group`)
    : String(r.referenced_security_group_id ?? '').includes(`aws_security_group.${ref}_security-group`);

describe.each(CLOUDS)('DomainController on %s', (cloud) => {
  test('members reach the controllers on Kerberos 88 TCP+UDP and password change 464', () => {
    const { json } = synthJson(build(cloud).stack);
    const fromMembers = inbound(cloud, json, 'dc', fromRole(cloud, 'dc_members'));
    for (const p of ['tcp', 'udp']) {
      expect(fromMembers.some((r) => r.protocol === proto(cloud, p) || r.ip_protocol === p ? covers(cloud, r, 88) : false)).toBe(true);
      expect(fromMembers.some((r) => (r.protocol === proto(cloud, p) || r.ip_protocol === p) && covers(cloud, r, 464))).toBe(true);
    }
    // the member server's side: its egress to the controllers (AWS: on the members group it attaches; Azure: in its own NSG)
    const owner = cloud === 'aws' ? 'dc_members' : 'fs';
    const toDc = outbound(cloud, json, owner, fromRole(cloud, 'dc', 'destination'));
    expect(toDc.some((r) => covers(cloud, r, 88))).toBe(true);
    expect(toDc.some((r) => covers(cloud, r, 464))).toBe(true);
  });

  test('client networks reach DNS, Kerberos, LDAP, GC, SMB, RPC, W32Time and ADWS', () => {
    const { json } = synthJson(build(cloud).stack);
    const fromClients = inbound(cloud, json, 'dc', (r) => r.source_address_prefix === '10.20.0.0/16' || r.cidr_ipv4 === '10.20.0.0/16');
    for (const [p, port] of [['tcp', 53], ['udp', 53], ['tcp', 389], ['udp', 389], ['tcp', 636], ['tcp', 3268], ['tcp', 3269], ['tcp', 445], ['tcp', 135], ['udp', 123], ['tcp', 9389], ['tcp', 49152]] as const) {
      expect({ p, port, ok: fromClients.some((r) => (r.protocol === proto(cloud, p) || r.ip_protocol === p) && covers(cloud, r, port)) }).toEqual({ p, port, ok: true });
    }
  });

  test('controllers replicate with each other through their controllers group, and with a partner set, both ways', () => {
    const b = build(cloud);
    const dc2 = new DomainController(b.stack, 'dc2', { network: b.network, name: 'dc-branch' });
    b.dc.addReplicationPartner(dc2);
    const { json } = synthJson(b.stack);
    // controllers are members of their domain: RPC, dynamic RPC, LDAP... come through the members group
    const repl = inbound(cloud, json, 'dc', fromRole(cloud, 'dc_members'));
    expect(repl.some((r) => covers(cloud, r, 135))).toBe(true);
    expect(repl.some((r) => covers(cloud, r, 49152, 65535))).toBe(true);
    expect(inbound(cloud, json, 'dc2', fromRole(cloud, 'dc2_members')).some((r) => covers(cloud, r, 49152, 65535))).toBe(true);
    // egress: AWS on the groups the controllers attach; Azure in each controller's own NSG
    const egressOwner = (dc: string, group: string) => (cloud === 'aws' ? group : dc);
    expect(outbound(cloud, json, egressOwner('dc', 'dc_members'), fromRole(cloud, 'dc', 'destination')).some((r) => covers(cloud, r, 49152, 65535))).toBe(true);
    expect(outbound(cloud, json, egressOwner('dc2', 'dc_members'), fromRole(cloud, 'dc', 'destination')).some((r) => covers(cloud, r, 135))).toBe(true);
    expect(outbound(cloud, json, egressOwner('dc', 'dc2_members'), fromRole(cloud, 'dc2', 'destination')).some((r) => covers(cloud, r, 135))).toBe(true);
    // each set attaches the other's members group as well as its own; no controllers group without Windows Server 2008 DFSR
    const attach = (role: string) => (json.output![`net-${role}-boundary`].value as { alsoAttach: string[] }).alsoAttach.join(' ');
    for (const g of ['dc_members', 'dc2_members']) {
      expect(attach('dc-corp')).toContain(`${g}_`);
      expect(attach('dc-branch')).toContain(`${g}_`);
    }
    expect(attach('dc-corp')).not.toContain('controllers');
  });

  // absent: sample ports of the other ranges (3268-3269 is GC, a static port inside 1025-5000)
  test.each([
    ['modern', [[49152, 65535]], [1025, 2000, 5000]],
    ['legacy', [[1025, 5000]], [49152, 60000, 65535]],
    ['both', [[1025, 5000], [49152, 65535]], [5001, 49151]],
    [{ restrictedTo: '50000-50100' }, [[50000, 50100]], [1025, 5000, 49152, 49999, 50101, 65535]],
  ] as const)('the RPC range follows the dynamicRpc setting %j', (mode, present, absent) => {
    const { json } = synthJson(build(cloud, { dynamicRpc: mode }).stack);
    const fromClients = inbound(cloud, json, 'dc', (r) => (r.source_address_prefix === '10.20.0.0/16' || r.cidr_ipv4 === '10.20.0.0/16') && (r.protocol === 'Tcp' || r.ip_protocol === 'tcp'));
    for (const [a, z] of present) expect(fromClients.some((r) => covers(cloud, r, a, z))).toBe(true);
    for (const port of absent) expect({ port, open: fromClients.some((r) => touches(cloud, r, port)) }).toEqual({ port, open: false });
  });

  test('NetBIOS and WINS are absent by default and present with legacyNetbios', () => {
    const netbios = (json: TfJson) =>
      [...inbound(cloud, json, 'dc', () => true), ...inbound(cloud, json, 'fs', () => true)].filter((r) => touches(cloud, r, 137, 139) || touches(cloud, r, 42));
    expect(netbios(synthJson(build(cloud).stack).json)).toHaveLength(0);
    const on = netbios(synthJson(build(cloud, { legacyNetbios: true }).stack).json);
    expect(on.some((r) => covers(cloud, r, 137))).toBe(true);
    expect(on.some((r) => covers(cloud, r, 139))).toBe(true);
  });

  test('DFSR 5722 only for Windows Server 2008/2008 R2 domain controllers', () => {
    const has5722 = (json: TfJson) => inbound(cloud, json, 'dc', () => true).some((r) => covers(cloud, r, 5722));
    const from = (json: TfJson) => inbound(cloud, json, 'dc', (r) => covers(cloud, r, 5722)).map((r) => fromRole(cloud, 'dc_controllers')(r));
    expect(has5722(synthJson(build(cloud).stack).json)).toBe(false);
    const on = synthJson(build(cloud, { windowsServer2008Dfsr: true }).stack).json;
    expect(has5722(on)).toBe(true);
    expect(from(on)).toEqual([true]); // from the controllers group only, not from members or clients
  });

  test('management ports come only from the admin networks, never from the internet', () => {
    const { json } = synthJson(build(cloud).stack);
    const mgmt = inbound(cloud, json, 'dc', (r) => covers(cloud, r, 3389) || covers(cloud, r, 5985));
    expect(mgmt.length).toBeGreaterThan(0);
    for (const r of mgmt) expect(r.source_address_prefix ?? r.cidr_ipv4).toBe('10.0.99.0/24');
    expect(() => synthJson(build(cloud, { admins: ['0.0.0.0/0'] }).stack)).toThrow(/management port|internet/);
    const b = build(cloud);
    b.fs.allowFrom('internet', 3389, { label: 'rdp-anywhere' });
    expect(() => synthJson(b.stack)).toThrow(/management port\(s\) 3389.*Fix:/);
  });

  test('a second controller set of the same domain shares the members and controllers groups', () => {
    const b = build(cloud);
    const dc2 = new DomainController(b.stack, 'dc2', { network: b.network, name: 'dc-corp-site2', sameDomainAs: b.dc });
    expect(dc2.members).toBe(b.dc.members);
    const { json } = synthJson(b.stack);
    // members (the file server) reach both; both admit the one members group
    expect(inbound(cloud, json, 'dc2', fromRole(cloud, 'dc_members')).some((r) => covers(cloud, r, 88))).toBe(true);
    expect(inbound(cloud, json, 'dc', fromRole(cloud, 'dc_members')).some((r) => covers(cloud, r, 88))).toBe(true);
    const owner = cloud === 'aws' ? 'dc_members' : 'fs';
    const dests = outbound(cloud, json, owner, (r) => covers(cloud, r, 88)).map((r) => String(r.referenced_security_group_id ?? r.destination_application_security_group_ids));
    expect(dests.some((d) => d.includes('.dc_'))).toBe(true);
    expect(dests.some((d) => d.includes('.dc2_'))).toBe(true);
    // and dc2's hosts, members of the domain, reach dc
    const dc2Out = cloud === 'aws' ? outbound(cloud, json, 'dc_members', fromRole(cloud, 'dc', 'destination')) : outbound(cloud, json, 'dc2', fromRole(cloud, 'dc', 'destination'));
    expect(dc2Out.some((r) => covers(cloud, r, 135))).toBe(true);
  });

  test('with Windows Server 2008 DFSR, controller sets of one domain share a controllers group for 5722', () => {
    const b = build(cloud, { windowsServer2008Dfsr: true });
    const dc2 = new DomainController(b.stack, 'dc2', { network: b.network, name: 'dc-corp-site2', sameDomainAs: b.dc, windowsServer2008Dfsr: true });
    expect(dc2.controllers).toBe(b.dc.controllers);
    const { json } = synthJson(b.stack);
    for (const owner of ['dc', 'dc2']) {
      expect(inbound(cloud, json, owner, fromRole(cloud, 'dc_controllers')).map((r) => ranges(cloud, r))).toEqual([[[5722, 5722]]]);
    }
    const c = newStack(cloud);
    const first = new DomainController(c.stack, 'dc', { network: c.network, name: 'dc-corp' });
    expect(() => new DomainController(c.stack, 'dc2', { network: c.network, name: 'dc-corp-2', sameDomainAs: first, windowsServer2008Dfsr: true })).toThrow(
      /test-\w+\/dc2: windowsServer2008Dfsr is set, but not on test-\w+\/dc.*Fix: set windowsServer2008Dfsr on the first/,
    );
  });

  test('trusts across forests open the KB179442 ports both ways', () => {
    const b = build(cloud);
    const other = new DomainController(b.stack, 'other', { network: b.network, name: 'dc-partner' });
    b.dc.addTrust(other);
    const { json } = synthJson(b.stack);
    for (const owner of ['dc', 'other']) {
      const trust = inbound(cloud, json, owner, fromRole(cloud, `${owner}_trusted`));
      expect(trust.some((r) => covers(cloud, r, 88))).toBe(true);
      expect(trust.some((r) => covers(cloud, r, 3268))).toBe(true);
      expect(trust.some((r) => covers(cloud, r, 445))).toBe(false); // SMB only at trust creation
    }
  });

  test('a Front End pool joins the domain in one call', () => {
    const b = build(cloud);
    const pool = new FrontEndPool(b.stack, 'fe', { network: b.network, clients: ['10.30.0.0/16'] });
    pool.joinDomain(b.dc);
    const { json } = synthJson(b.stack);
    const owner = cloud === 'aws' ? 'dc_members' : 'fe';
    expect(outbound(cloud, json, owner, fromRole(cloud, 'dc', 'destination')).some((r) => covers(cloud, r, 88))).toBe(true);
    const boundary = json.output!['net-fe-boundary'].value as { alsoAttach: string[] };
    // The domain's members group, and the site's Skype server group every Skype server joins.
    expect(boundary.alsoAttach).toHaveLength(2);
    expect(boundary.alsoAttach.filter((g) => g.includes('dc_members'))).toHaveLength(1);
    expect(boundary.alsoAttach.filter((g) => g.includes('skype-front-ends'))).toHaveLength(1);
  });
});

describe('DomainController, quotas and cloud specifics', () => {
  test('each controller security group stays within the default 60-rule quota on AWS', () => {
    const { json } = synthJson(build('aws', { legacyNetbios: true, windowsServer2008Dfsr: true }).stack);
    for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']) {
      const perGroup = new Map<string, number>();
      for (const r of resources(json, type)) perGroup.set(String(r.security_group_id), (perGroup.get(String(r.security_group_id)) ?? 0) + 1);
      for (const [sg, n] of perGroup) expect({ sg, within: n <= 60 }).toEqual({ sg, within: true });
    }
  });

  test('over the per-group quota the rules spread over more groups for the same hosts; past the ENI limit synth fails with the fix', () => {
    const clients = ['10.20.0.0/16', '10.21.0.0/16', '10.22.0.0/16'];
    const { json } = synthJson(build('aws', { clients }).stack);
    const dcGroups = Object.keys(json.resource.aws_security_group).filter((k) => k.startsWith('dc_security-group'));
    expect(dcGroups.length).toBe(2);
    // every group holds at most 60 inbound rules
    const ingress = Object.values(json.resource.aws_vpc_security_group_ingress_rule);
    for (const g of dcGroups) expect(ingress.filter((r) => String(r.security_group_id).includes(`aws_security_group.${g}.`)).length).toBeLessThanOrEqual(60);
    // the boundary output lists the extra group to attach
    const boundary = json.output!['net-dc-corp-boundary'].value as { alsoAttach: string[] };
    expect(boundary.alsoAttach.some((g) => g.includes('dc_security-group-2'))).toBe(true);
    // 3 per interface: its own (primary) group leaves 2 attachments, one taken by the members' group
    expect(() => synthJson(build('aws', { clients }, { securityGroupsPerNetworkInterface: 3 }).stack)).toThrow(
      /test-aws\/dc: .*need 2 security groups .*takes at most 3 security groups, one of them its own \(primary\) group, so a host attaches at most 2, and the role's hosts also join 1 group\(s\), which leaves room for 1.*Fix: .*securityGroupsPerNetworkInterface/,
    );
    // a raised rule quota keeps one group
    const raised = synthJson(build('aws', { clients }, { rulesPerSecurityGroup: 120 }).stack).json;
    expect(Object.keys(raised.resource.aws_security_group).filter((k) => k.startsWith('dc_security-group'))).toHaveLength(1);
  });

  test('ESP for DCs behind IPsec-filtering routers: Esp on Azure, protocol 50 on AWS', () => {
    const az = Testing.synth(build('azure', { ipsecTunnel: true }).stack);
    expect(az).toHaveResourceWithProperties(NetworkSecurityRule, { protocol: 'Esp', access: 'Allow', destination_port_range: '*' });
    const aws = Testing.synth(build('aws', { ipsecTunnel: true }).stack);
    expect(aws).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { ip_protocol: '50' });
    const esp = resources(JSON.parse(aws) as TfJson, 'aws_vpc_security_group_ingress_rule').filter((r) => r.ip_protocol === '50');
    for (const r of esp) expect(r.from_port).toBeUndefined();
  });

  test('GRE (PPTP) cannot be expressed in an Azure NSG: an error, or all protocols with a written reason', () => {
    const rras = (cloud: Cloud, justification?: string) => {
      const b = newStack(cloud);
      new WindowsServer(b.stack, 'vpn', { network: b.network, services: ['rras'], clients: ['10.40.0.0/16'], conditions: ['rras-pptp'], allProtocolsJustification: justification });
      return b.stack;
    };
    expect(() => synthJson(rras('azure'))).toThrow(/test-azure\/vpn: GRE .*cannot be expressed in an Azure NSG.*Fix:/);
    const { json } = synthJson(rras('azure', 'PPTP for legacy branch routers until 2027'));
    const widened = resources(json, 'azurerm_network_security_rule').filter((r) => r.protocol === '*' && r.access === 'Allow');
    expect(widened).toHaveLength(1); // inbound from the client CIDRs (CIDR peers get no mirrored egress)
    expect(String(widened[0].description)).toContain('justified: PPTP for legacy branch routers until 2027');
    expect(Testing.synth(rras('aws'))).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { ip_protocol: '47', cidr_ipv4: '10.40.0.0/16' });
  });

  test('bad input is refused with the path and the fix', () => {
    const b = newStack('azure');
    expect(() => new WindowsServer(b.stack, 'x', { network: b.network, name: 'xx-server', services: ['nope'] })).toThrow(/test-azure\/x: unknown service "nope". Fix: use one of: .*smb/);
    expect(() => new WindowsServer(b.stack, 'y', { network: b.network, services: [] })).toThrow(MsPortsError);
    expect(() => new DomainController(b.stack, 'z', { network: b.network, name: 'dc-z', clients: [] })).toThrow(/test-azure\/z: clients is an empty list/);
    expect(() => synthJson(build('aws', { dynamicRpc: { restrictedTo: '70000' } }).stack)).toThrow(/dynamicRpc.restrictedTo.*70000/);
    expect(() => synthJson(build('aws', { dynamicRpc: { restrictedTo: '135-200' } }).stack)).toThrow(/well-known ports/);
  });
});

test.each(CLOUDS)('trusts given as several CIDR strings form one address list (was: "peer group trusted-dcs is given two different address lists") (%s)', (cloud) => {
  const b = newStack(cloud);
  new DomainController(b.stack, 'dc', { network: b.network, name: 'dc-corp', clients: ['10.20.0.0/16'], trusts: ['10.1.0.0/16', '10.2.0.0/16'] });
  const { json } = synthJson(b.stack);
  const text = JSON.stringify(json);
  expect(text).toContain('10.1.0.0/16');
  expect(text).toContain('10.2.0.0/16');
});
