import { ApplicationSecurityGroup } from '@cdktf/provider-azurerm/lib/application-security-group';
import { LbProbe } from '@cdktf/provider-azurerm/lib/lb-probe';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Testing } from 'cdktf';
import { catalog } from '../../lib/catalog/index';
import { MsPortsError } from '../../lib/model/errors';
import { FrontEndPool, SkypeFrontEndPool, type FrontEndPoolProps } from '../../lib/skype/front-end-pool';
import { CLOUDS, newStack, resources, synthJson, type Cloud, type TfJson } from '../support/stacks';

const CLIENTS = '10.30.0.0/16';

function build(cloud: Cloud, props: Partial<FrontEndPoolProps> = {}, network: Record<string, unknown> = {}) {
  const b = newStack(cloud, network);
  const pool = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: [CLIENTS], ...props });
  return { ...b, pool };
}

type Rule = Record<string, unknown>;

function azurePorts(rule: Rule): [number, number][] {
  const specs = (rule.destination_port_ranges as string[] | undefined) ?? [rule.destination_port_range as string];
  return specs.map((s) => {
    if (s === '*') return [1, 65535];
    const [a, b] = s.split('-').map(Number);
    return [a, b ?? a];
  });
}

function azureCovers(rule: Rule, from: number, to: number): boolean {
  return azurePorts(rule).some(([a, b]) => a <= from && to <= b);
}

function awsCovers(rule: Rule, from: number, to: number): boolean {
  return (rule.from_port as number) <= from && to <= (rule.to_port as number);
}

/** Does the synthesized output admit `cidr` on proto/from-to into the pool? */
function admitsFromCidr(cloud: Cloud, json: TfJson, cidr: string, proto: 'tcp' | 'udp', from: number, to: number): boolean {
  if (cloud === 'azure') {
    return resources(json, 'azurerm_network_security_rule').some(
      (r) =>
        r.direction === 'Inbound' &&
        r.access === 'Allow' &&
        r.protocol === (proto === 'tcp' ? 'Tcp' : 'Udp') &&
        (r.source_address_prefix === cidr || ((r.source_address_prefixes as string[] | undefined) ?? []).includes(cidr)) &&
        azureCovers(r, from, to),
    );
  }
  return resources(json, 'aws_vpc_security_group_ingress_rule').some(
    (r) => r.ip_protocol === proto && r.cidr_ipv4 === cidr && awsCovers(r, from, to) && String(r.security_group_id).includes('fe_security-group'),
  );
}

const OPEN = ['0.0.0.0/0', '::/0', '*', 'Internet', 'Any', 'any'];

describe.each(CLOUDS)('FrontEndPool on %s', (cloud) => {
  test('admits SIP/TLS 5061 from the client network', () => {
    const { json } = synthJson(build(cloud).stack);
    expect(admitsFromCidr(cloud, json, CLIENTS, 'tcp', 5061, 5061)).toBe(true);
  });

  test('admits the video conferencing media range 57501-65535 on TCP and UDP from clients', () => {
    const { json } = synthJson(build(cloud).stack);
    expect(admitsFromCidr(cloud, json, CLIENTS, 'tcp', 57501, 65535)).toBe(true);
    expect(admitsFromCidr(cloud, json, CLIENTS, 'udp', 57501, 65535)).toBe(true);
  });

  test('does not admit clients on server-only ports (DCOM 135, SQL Browser 1434, MTLS 8060)', () => {
    const { json } = synthJson(build(cloud).stack);
    expect(admitsFromCidr(cloud, json, CLIENTS, 'tcp', 135, 135)).toBe(false);
    expect(admitsFromCidr(cloud, json, CLIENTS, 'udp', 1434, 1434)).toBe(false);
    expect(admitsFromCidr(cloud, json, CLIENTS, 'tcp', 8060, 8060)).toBe(false);
  });

  test.each([
    ['hardware', false, catalog.loadBalancer('sfb-front-end', 'hardware').filter((e) => !e.condition).length],
    ['hardware', true, catalog.loadBalancer('sfb-front-end', 'hardware').length],
    ['dns', false, catalog.loadBalancer('sfb-front-end', 'dns').length],
  ] as const)('load balancing %s (collocated Mediation %s) gets one listener per table row: %d', (mode, med, expected) => {
    const { json } = synthJson(
      build(cloud, { loadBalancing: mode, collocatedMediation: med, pstnGateways: med ? ['10.50.0.0/24'] : undefined }).stack,
    );
    const type = cloud === 'azure' ? 'azurerm_lb_rule' : 'aws_lb_listener';
    expect(resources(json, type)).toHaveLength(expected);
    const ports = resources(json, type).map((r) => (cloud === 'azure' ? r.frontend_port : r.port)).sort((a, b) => Number(a) - Number(b));
    const table = catalog
      .loadBalancer('sfb-front-end', mode)
      .filter((e) => med || !e.condition)
      .map((e) => e.port)
      .sort((a, b) => a - b);
    expect(ports).toEqual(table);
  });

  test('nothing is open to 0.0.0.0/0, ::/0, * or Internet', () => {
    const { json } = synthJson(build(cloud, { collocatedMediation: true, pstnGateways: ['10.50.0.0/24'] }).stack);
    if (cloud === 'azure') {
      const allows = resources(json, 'azurerm_network_security_rule').filter((r) => r.access === 'Allow');
      expect(allows.length).toBeGreaterThan(5);
      for (const r of allows) {
        const addrs = [r.source_address_prefix, r.destination_address_prefix, ...((r.source_address_prefixes as string[]) ?? []), ...((r.destination_address_prefixes as string[]) ?? [])];
        for (const a of addrs) expect(OPEN).not.toContain(a);
      }
    } else {
      const all = [...resources(json, 'aws_vpc_security_group_ingress_rule'), ...resources(json, 'aws_vpc_security_group_egress_rule')];
      expect(all.length).toBeGreaterThan(5);
      for (const r of all) {
        expect(OPEN).not.toContain(r.cidr_ipv4);
        expect(OPEN).not.toContain(r.cidr_ipv6);
        expect(r.ip_protocol).not.toBe('-1');
      }
    }
  });

  test('two synths of the same program are byte-identical', () => {
    const a = synthJson(build(cloud, { servers: ['10.10.0.0/24'], reverseProxy: ['10.10.9.0/28'] }).stack).text;
    const b = synthJson(build(cloud, { servers: ['10.10.0.0/24'], reverseProxy: ['10.10.9.0/28'] }).stack).text;
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1000);
  });

  test('adding a role or an extra rule neither renames nor renumbers unrelated rules', () => {
    const rulesOf = (json: TfJson, role: string) => {
      const type = cloud === 'azure' ? 'azurerm_network_security_rule' : 'aws_vpc_security_group_ingress_rule';
      return Object.entries(json.resource[type])
        .filter(([k]) => k.startsWith(`${role}_`))
        .map(([k, r]) => `${k} ${r.name ?? ''} ${r.priority ?? ''} ${r.from_port ?? ''}-${r.to_port ?? ''}`)
        .sort();
    };
    const base = build(cloud);
    const before = rulesOf(synthJson(base.stack).json, 'fe');

    const more = build(cloud);
    new FrontEndPool(more.stack, 'fe2', { network: more.network, name: 'fe-pool2', clients: ['10.31.0.0/16'] });
    const afterRole = rulesOf(synthJson(more.stack).json, 'fe');
    // The new pool adds the first pool's rules towards it (through the site's server group); every
    // existing rule keeps its name, priority and ports.
    for (const r of before) expect(afterRole).toContain(r);
    expect(afterRole.filter((r) => !before.includes(r)).every((r) => r.includes('fe-pool2'))).toBe(true);

    const extra = build(cloud);
    extra.pool.allowFrom({ name: 'monitoring', cidrs: ['10.99.0.0/24'] }, 5061, { label: 'scom-sip-probe', purpose: 'monitoring probe' });
    const afterRule = rulesOf(synthJson(extra.stack).json, 'fe');
    expect(afterRule.length).toBeGreaterThan(before.length);
    for (const line of before) expect(afterRule).toContain(line);
  });

  test('publishes the Front End IPsec exemptions as a Terraform output', () => {
    const { json } = synthJson(build(cloud).stack);
    const out = json.output?.['net-fe-pool1-ipsec-exemptions'];
    expect(out).toBeDefined();
    const notes = out!.value as { catalog_id: string; protocols: string[]; source: string; destination: string; authentication: string }[];
    const ids = notes.map((n) => n.catalog_id).sort();
    expect(ids).toEqual(expect.arrayContaining(['sfb.ipsec.av-conf.in', 'sfb.ipsec.av-conf.out', 'sfb.ipsec.conf-attendant.in', 'sfb.ipsec.conf-attendant.out']));
    expect(ids).not.toContain('sfb.ipsec.mediation.in');
    for (const n of notes) {
      expect(n.protocols.length).toBeGreaterThan(0);
      expect(n.authentication).toMatch(/none/);
      expect(`${n.source} ${n.destination}`).toMatch(/security group/);
    }
  });

  test('collocated Mediation adds the Mediation rows, its listener and its IPsec exemptions', () => {
    const { json } = synthJson(build(cloud, { collocatedMediation: true, pstnGateways: ['10.50.0.0/24'] }).stack);
    expect(admitsFromCidr(cloud, json, '10.50.0.0/24', 'tcp', 5067, 5068)).toBe(true);
    const notes = json.output!['net-fe-pool1-ipsec-exemptions'].value as { catalog_id: string }[];
    expect(notes.map((n) => n.catalog_id)).toContain('sfb.ipsec.mediation.in');
  });

  test('a narrower configured media range is accepted and used; a wider one is refused', () => {
    const { json } = synthJson(build(cloud, { mediaPorts: { video: '60000-60999' } }).stack);
    expect(admitsFromCidr(cloud, json, CLIENTS, 'udp', 60000, 60999)).toBe(true);
    expect(admitsFromCidr(cloud, json, CLIENTS, 'udp', 61000, 61000)).toBe(false);
    expect(() => synthJson(build(cloud, { mediaPorts: { video: '50000-65535' } }).stack)).toThrow(/outside the documented range 57501-65535/);
  });
});

describe('FrontEndPool, Azure specifics', () => {
  test('least privilege against AllowVnetInBound: deny-all at 4096 after the allows, probe allowed from AzureLoadBalancer', () => {
    const { stack, json } = (() => {
      const b = build('azure');
      return { stack: b.stack, json: synthJson(b.stack).json };
    })();
    const synthed = Testing.synth(stack);
    expect(synthed).toHaveResourceWithProperties(NetworkSecurityRule, { name: 'deny-all-inbound', priority: 4096, access: 'Deny', direction: 'Inbound', protocol: '*' });
    expect(synthed).toHaveResourceWithProperties(NetworkSecurityRule, { name: 'deny-all-outbound', priority: 4096, access: 'Deny', direction: 'Outbound' });
    expect(synthed).toHaveResourceWithProperties(NetworkSecurityRule, { source_address_prefix: 'AzureLoadBalancer', destination_port_range: '5061', access: 'Allow' });
    expect(synthed).toHaveResourceWithProperties(LbProbe, { protocol: 'Tcp', port: 5061 });
    expect(synthed).toHaveResource(ApplicationSecurityGroup);
    const rules = resources(json, 'azurerm_network_security_rule');
    for (const dir of ['Inbound', 'Outbound']) {
      const prios = rules.filter((r) => r.direction === dir).map((r) => r.priority as number);
      expect(new Set(prios).size).toBe(prios.length);
      for (const p of prios) expect(p >= 100 && p <= 4096).toBe(true);
      const allows = rules.filter((r) => r.direction === dir && r.access === 'Allow');
      for (const r of allows) expect(r.priority as number).toBeLessThan(4096);
    }
    for (const r of rules) {
      expect(String(r.name)).toMatch(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/);
      expect(String(r.description).length).toBeLessThanOrEqual(140);
    }
  });

  test('pool members reach each other through the application security group', () => {
    const { json } = synthJson(build('azure').stack);
    const self = resources(json, 'azurerm_network_security_rule').find((r) => r.name === 'in-from-role-fe-pool1-tcp');
    expect(self).toBeDefined();
    expect(String((self!.source_application_security_group_ids as string[])[0])).toContain('azurerm_application_security_group.fe_application-security-group');
    expect(azureCovers(self!, 5086, 5087)).toBe(true);
  });
});

describe('FrontEndPool, AWS specifics', () => {
  test('TCP pass-through listeners (never TLS) and target groups, within the 50-listener limit', () => {
    const b = build('aws');
    const synthed = Testing.synth(b.stack);
    expect(synthed).toHaveResourceWithProperties(LbListener, { port: 5061, protocol: 'TCP' });
    const { json } = synthJson(b.stack);
    for (const l of resources(json, 'aws_lb_listener')) expect(l.protocol).toBe('TCP');
    for (const t of resources(json, 'aws_lb_target_group')) expect(t.protocol).toBe('TCP');
    const lb = resources(json, 'aws_lb')[0];
    expect(lb).toMatchObject({ internal: true, load_balancer_type: 'network' });
  });

  test('one rule resource per peer x transport x range, with SG references for roles and cited descriptions', () => {
    const b = build('aws');
    const synthed = Testing.synth(b.stack);
    expect(synthed).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, { cidr_ipv4: CLIENTS, ip_protocol: 'tcp', from_port: 5061, to_port: 5061 });
    const { json } = synthJson(b.stack);
    const rules = [...resources(json, 'aws_vpc_security_group_ingress_rule'), ...resources(json, 'aws_vpc_security_group_egress_rule')];
    for (const r of rules) {
      const sources = ['cidr_ipv4', 'cidr_ipv6', 'prefix_list_id', 'referenced_security_group_id'].filter((k) => r[k] !== undefined);
      expect(sources).toHaveLength(1);
      expect(String(r.description)).toMatch(/^[A-Za-z0-9 ._\-:/()#,@[\]+=;{}!$*]{1,255}$/);
      expect(String(r.description)).toMatch(/sfb\./);
    }
    expect(rules.some((r) => String(r.referenced_security_group_id).includes('aws_security_group.fe_security-group'))).toBe(true);
    // every security group stays within the default quota of 60 rules per direction
    for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']) {
      const perGroup = new Map<string, number>();
      for (const r of resources(json, type)) perGroup.set(String(r.security_group_id), (perGroup.get(String(r.security_group_id)) ?? 0) + 1);
      for (const n of perGroup.values()) expect(n).toBeLessThanOrEqual(60);
    }
  });
});

describe('FrontEndPool, bad input fails at synth with the construct path and the fix', () => {
  const expectError = (fn: () => unknown, ...patterns: RegExp[]) => {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MsPortsError);
    const msg = (caught as Error).message;
    expect(msg).toContain('Fix:');
    for (const p of patterns) expect(msg).toMatch(p);
  };

  test.each(CLOUDS)('invalid CIDR 10.0.0.300/16 (%s)', (cloud) => {
    expectError(() => synthJson(build(cloud, { clients: ['10.0.0.300/16'] }).stack), /test-\w+\/fe/, /10\.0\.0\.300\/16/, /octet/);
  });

  test.each(CLOUDS)('port 70000 (%s)', (cloud) => {
    expectError(() => synthJson(build(cloud, { mediaPorts: { audio: '70000' } }).stack), /test-\w+\/fe/, /70000/, /1 to 65535/);
  });

  test.each(CLOUDS)('a range written backwards (%s)', (cloud) => {
    expectError(() => synthJson(build(cloud, { mediaPorts: { audio: '57500-49152' } }).stack), /57500-49152/, /backwards/, /49152-57500/);
  });

  test.each(CLOUDS)('an empty client list (%s)', (cloud) => {
    expectError(() => build(cloud, { clients: [] }), /test-\w+\/fe/, /clients is empty/);
  });

  test.each(CLOUDS)('two roles with one name (%s)', (cloud) => {
    const b = build(cloud);
    expectError(() => new FrontEndPool(b.stack, 'other', { network: b.network, name: 'fe-pool1', clients: [CLIENTS] }), /test-\w+\/other/, /already used by test-\w+\/fe/);
  });

  test.each(CLOUDS)('the whole internet as the client network (%s)', (cloud) => {
    expectError(() => synthJson(build(cloud, { clients: ['0.0.0.0/0'] }).stack), /internet/);
  });

  test('a rule set over the AWS quota spreads over more groups, and past the ENI limit names the count and the props that raise it', () => {
    const many = Array.from({ length: 8 }, (_, i) => `10.${40 + i}.0.0/16`);
    const spread = synthJson(build('aws', { clients: many }).stack).json;
    expect(Object.keys(spread.resource.aws_security_group).filter((k) => k.startsWith('fe_security-group')).length).toBeGreaterThan(1);
    expectError(
      () => synthJson(build('aws', { clients: many }, { securityGroupsPerNetworkInterface: 2 }).stack),
      /test-aws\/fe/,
      /security groups/,
      /at 60 per group/,
      /rulesPerSecurityGroup/,
    );
    // the same program passes once the account quota (and the prop) is raised
    const { json } = synthJson(build('aws', { clients: many }, { rulesPerSecurityGroup: 200 }).stack);
    expect(resources(json, 'aws_vpc_security_group_ingress_rule').length).toBeGreaterThan(60);
  });

  test.each(CLOUDS)('a client media range under the documented minimum of 20 ports (%s)', (cloud) => {
    expectError(() => synthJson(build(cloud, { clientMediaPorts: '50000-50009' }).stack), /test-\w+\/fe/, /holds 10 ports/, /at least 20/);
    const { json } = synthJson(build(cloud, { clientMediaPorts: '50000-50019' }).stack);
    // the pool sends media to the clients on exactly the configured range, on UDP and TCP
    const toClients =
      cloud === 'azure'
        ? resources(json, 'azurerm_network_security_rule').filter((r) => r.direction === 'Outbound' && r.destination_address_prefix === CLIENTS)
        : resources(json, 'aws_vpc_security_group_egress_rule').filter((r) => r.cidr_ipv4 === CLIENTS);
    const spans = toClients.map((r) => (cloud === 'azure' ? `${r.protocol} ${r.destination_port_range}` : `${r.ip_protocol} ${r.from_port}-${r.to_port}`)).sort();
    expect(spans).toEqual(cloud === 'azure' ? ['Tcp 50000-50019', 'Udp 50000-50019'] : ['tcp 50000-50019', 'udp 50000-50019']);
  });

  test('an AWS security group name that AWS reserves', () => {
    const b = newStack('aws');
    expectError(() => new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'sg-pool', clients: [CLIENTS] }), /test-aws\/fe/, /starts with "sg-"/);
  });

  test('collocated Mediation without PSTN gateways', () => {
    expectError(() => build('azure', { collocatedMediation: true }), /pstnGateways/);
  });

  test('SkypeFrontEndPool is the same construct', () => {
    expect(SkypeFrontEndPool).toBe(FrontEndPool);
  });
});
