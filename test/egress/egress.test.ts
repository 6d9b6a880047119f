/**
 * Office365Egress, OneDriveEgress and MessengerEgress on both clouds: address rules (IPv4 and IPv6,
 * within the quotas, citing set id and snapshot version, nothing opened to the whole internet), the
 * name rules per cloud, community ports (absent by default, warned when enabled), the PAC file
 * written at synth (evaluated), and the errors for bad input.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { TerraformStack } from 'cdktf';
import type { AwsNetwork } from '../../lib/aws/network';
import type { SecurityRole } from '../../lib/core/role';
import { MessengerEgress } from '../../lib/egress/messenger';
import { Office365Egress, type Office365EgressProps } from '../../lib/egress/office365';
import { OneDriveEgress } from '../../lib/egress/onedrive';
import { MsPortsError } from '../../lib/model/errors';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { ClientNetwork } from '../../lib/skype/client-network';
import { reportMarkdown } from '../../lib/report/report';
import { CLOUDS, newStack, resources, synthJson, type Built, type Cloud, type TfJson } from '../support/stacks';
import { loadPac } from '../support/pac';

const POLICY = '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/firewallPolicies/fwp';
const CLIENTS = '10.30.0.0/16';

/**
 * AWS: the pool's hosts attach its own group, the three o365 groups and skype-servers: five
 * attachments plus the interface's own group, one over the default 5 per interface, so the estate
 * runs with the quota raised to 6 (issue 22 item 3 is to bring this within the default).
 */
function estate(cloud: Cloud, props: Partial<Office365EgressProps> = {}, net: Parameters<typeof newStack>[1] = {}) {
  const b = newStack(cloud, { securityGroupsPerNetworkInterface: 6, ...net });
  const desktops = new ClientNetwork(b.stack, 'desktops', { network: b.network, name: 'vdi-clients' });
  const pool = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: [desktops, CLIENTS] });
  const o365 = new Office365Egress(b.stack, 'o365', { network: b.network, from: [pool, desktops, CLIENTS], firewall: { azureFirewallPolicyId: POLICY }, pac: { proxy: 'proxy.contoso.com:8080' }, ...props });
  return { ...b, pool, desktops, o365 };
}

/** Egress rules (Azure NSG rules or AWS egress rule resources) that cite the endpoint sets. */
function m365Rules(cloud: Cloud, json: TfJson): Record<string, unknown>[] {
  const all = cloud === 'azure' ? resources(json, 'azurerm_network_security_rule').filter((r) => r.direction === 'Outbound') : resources(json, 'aws_vpc_security_group_egress_rule');
  return all.filter((r) => /m365\.set\d+\.v2024073100|o365\./.test(String(r.description)));
}

let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

describe.each(CLOUDS)('Office365Egress on %s', (cloud) => {
  test('address rules for IPv4 and IPv6, every one citing its endpoint set and the snapshot version, none to the whole internet', () => {
    const { stack } = estate(cloud);
    const { json } = synthJson(stack);
    const rules = m365Rules(cloud, json);
    expect(rules.length).toBeGreaterThan(10);
    for (const r of rules) expect(String(r.description)).toMatch(/m365\.set\d+\.v2024073100|o365\.sfbo\./);
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/"0\.0\.0\.0\/0"|"::\/0"|"Internet"/);
    if (cloud === 'azure') {
      const v6 = rules.filter((r) => String(r.name).includes('ipv6'));
      expect(v6.length).toBeGreaterThan(5);
      const s1 = rules.find((r) => r.name === 'out-to-net-m365-set1-ipv6-tcp')!;
      expect(s1.destination_address_prefixes).toContain('2603:1006::/40');
      expect(s1.destination_port_ranges).toEqual(['80', '443']);
      expect(s1.source_application_security_group_ids).toHaveLength(1);
    } else {
      const lists = resources(json, 'aws_ec2_managed_prefix_list');
      expect(lists.filter((l) => l.address_family === 'IPv6').length).toBeGreaterThan(5);
      const s1 = lists.find((l) => l.name === 'm365-set1-ipv6')!;
      expect(s1.max_entries).toBe(16);
      expect((s1.entry as { cidr: string; description: string }[]).map((e) => e.cidr)).toContain('2603:1006::/40');
      expect((s1.entry as { description: string }[])[0].description).toMatch(/endpoint set 1 .*v2024073100/);
      for (const r of rules) expect(String(r.prefix_list_id)).toMatch(/aws_ec2_managed_prefix_list/);
    }
  });

  test('seed 003 rows the endpoint sets already allow (any source port) are cited on the set rules, not repeated', () => {
    const { stack } = estate(cloud);
    const text = synthJson(stack).text;
    const { json } = synthJson(stack);
    const rules = m365Rules(cloud, json);
    const set11 = rules.filter((r) => String(r.description).includes('m365.set11.v2024073100'));
    expect(set11.length).toBeGreaterThan(0);
    expect(set11.some((r) => /o365\.sfbo\.audio\.stun/.test(String(r.description)))).toBe(true);
    expect(text).not.toMatch(/"source_port_ranges?":"5/);
    expect(warn.mock.calls.flat().join('\n')).not.toMatch(/source ports/);
  });

  const MEDIA = ['o365.sfbo.audio.media-range', 'o365.sfbo.video.media-range', 'o365.sfbo.desktop-sharing.media-range'];

  test('the seed 003 media source ports (optional 50000-59999 rows, enabled): exact on Azure; on AWS said at synth (warning) and in the plan notes', () => {
    const { stack, network, o365 } = estate(cloud, { enable: MEDIA });
    const { json } = synthJson(stack);
    if (cloud === 'azure') {
      // client rows go into the client role's NSG only, never into the servers'
      const all = resources(json, 'azurerm_network_security_rule');
      const withSourcePorts = all.filter((r) => r.source_port_range !== '*');
      expect(withSourcePorts.length).toBe(12); // 3 modalities x TCP (set 12) and UDP (set 11) x IPv4 and IPv6
      for (const r of withSourcePorts) expect(String(r.network_security_group_name)).toMatch(/azurerm_network_security_group\.desktops_/);
      const audio = withSourcePorts.find((r) => r.name === 'out-to-net-m365-set11-ipv4-udp-from-50000-50019')!;
      expect(audio).toMatchObject({ source_port_range: '50000-50019', destination_port_range: '50000-59999', protocol: 'Udp' });
      expect(String(audio.description)).toMatch(/o365\.sfbo\.audio\.media-range/);
      expect(warn.mock.calls.flat().join('\n')).not.toMatch(/source ports/);
      // no false duplicates or shadows between the three source ranges
      const findings = network.plan().checks?.findings ?? [];
      expect(findings.filter((f: { rule?: string }) => String(f.rule ?? '').includes('-from-'))).toEqual([]);
    } else {
      expect(JSON.stringify(json)).not.toMatch(/50019|50039|50059/);
      expect(warn.mock.calls.flat().join('\n')).toMatch(/WARNING test-aws\/o365: seed 003 .*AWS security groups have no source ports/);
      const notes = network.plan().roles.flatMap((r) => r.notes ?? []);
      expect(notes.join('\n')).toMatch(/o365\.sfbo\.audio\.media-range m365\.set11\.v2024073100: documented from source ports 50000-50019; AWS security groups have no source ports/);
      expect(o365.report().notes.length).toBeGreaterThan(0);
      const md = reportMarkdown([{ stack: 'test-aws', network: network.node.path, plan: network.plan() }]);
      expect(md).toMatch(/Rendered differently on this cloud:\n\n- o365\.sfbo\.audio\.media-range m365\.set11\.v2024073100: documented from source ports 50000-50019/);
    }
  });

  test('without a client role among the sources the seed 003 client rows beyond the sets are not rendered, and say why', () => {
    const b = newStack(cloud, { securityGroupsPerNetworkInterface: 6 });
    const pool = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: [CLIENTS] });
    const o = new Office365Egress(b.stack, 'o365', { network: b.network, from: [pool, CLIENTS], firewall: { azureFirewallPolicyId: POLICY }, enable: MEDIA });
    expect(o.report().skipped.find((x) => x.catalogId === 'o365.sfbo.audio.media-range')!.reason).toMatch(/no client role/);
    expect(synthJson(b.stack).text).not.toMatch(/o365\.sfbo\.audio\.media-range/);
    expect(warn.mock.calls.flat().join('\n')).not.toMatch(/source ports/);
  });

  test('service areas and categories filter the endpoint sets (Skype, Optimize: set 11 only, UDP 3478-3481)', () => {
    const { stack, o365 } = estate(cloud, { serviceAreas: ['skype'], categories: ['optimize'], skypeOnlineClient: false });
    expect(o365.report().endpointSets).toEqual([11]);
    const { json } = synthJson(stack);
    const rules = m365Rules(cloud, json);
    expect(rules.every((r) => String(r.description).includes('m365.set11.v2024073100'))).toBe(true);
    if (cloud === 'azure') {
      // one pair per member NSG (the pool and the desktops)
      expect(rules.map((r) => r.name).sort()).toEqual(['out-to-net-m365-set11-ipv4-udp', 'out-to-net-m365-set11-ipv4-udp', 'out-to-net-m365-set11-ipv6-udp', 'out-to-net-m365-set11-ipv6-udp']);
      expect(rules[0].destination_port_range).toBe('3478-3481');
    } else {
      expect(rules).toHaveLength(2);
      expect(rules.map((r) => [r.ip_protocol, r.from_port, r.to_port])).toEqual([
        ['udp', 3478, 3481],
        ['udp', 3478, 3481],
      ]);
    }
    // set 11 has no URLs: no name rules at all
    expect(o365.names.azureRules).toHaveLength(0);
    expect(o365.names.awsTargets).toHaveLength(0);
  });

  test('Exchange only, Allow category: sets 9 and 10 (required), set 2 only when opted in', () => {
    const a = estate(cloud, { serviceAreas: ['exchange'], categories: ['allow'] });
    expect(a.o365.report().endpointSets).toEqual([9, 10]);
    expect(a.o365.report().skipped.find((s) => s.catalogId === 'm365.set2.v2024073100')!.reason).toMatch(/optional/);
    const b = estate(cloud, { serviceAreas: ['exchange'], categories: ['allow'], optionalSets: [2] });
    expect(b.o365.report().endpointSets).toEqual([2, 9, 10]);
  });

  test('name rules: wildcards translated for the cloud, the tenant name resolved when given', () => {
    const { stack } = estate(cloud, { tenantName: 'contoso' });
    const { json } = synthJson(stack);
    if (cloud === 'azure') {
      const group = resources(json, 'azurerm_firewall_policy_rule_collection_group')[0];
      expect(group.firewall_policy_id).toBe(POLICY);
      const rules = (group.application_rule_collection as { rule: Record<string, unknown>[]; action: string }[])[0];
      expect(rules.action).toBe('Allow');
      const fqdns = rules.rule.flatMap((r) => r.destination_fqdns as string[]);
      expect(fqdns).toContain('*.lync.com');
      expect(fqdns).toContain('*cdn.onenote.net');
      expect(fqdns).toContain('autodiscover.contoso.onmicrosoft.com');
      expect(fqdns.filter((f) => f.includes('*') && !f.startsWith('*'))).toEqual([]);
      for (const r of rules.rule) {
        expect(r.source_addresses).toEqual([CLIENTS]);
        expect(String(r.description)).toMatch(/m365\.set\d+\.v2024073100|o365\.sfbo\./);
      }
    } else {
      const group = resources(json, 'aws_networkfirewall_rule_group').find((g) => String(g.name).endsWith('-names'))!;
      expect(group.type).toBe('STATEFUL');
      const rg = group.rule_group as { rules_source: { rules_source_list: { targets: string[]; target_types: string[]; generated_rules_type: string } }; rule_variables: { ip_sets: { key: string; ip_set: { definition: string[] } }[] } };
      const list = rg.rules_source.rules_source_list;
      expect(list.generated_rules_type).toBe('ALLOWLIST');
      expect(list.target_types).toEqual(['TLS_SNI', 'HTTP_HOST']);
      expect(list.targets).toContain('.lync.com');
      expect(list.targets).toContain('.cdn.onenote.net');
      expect(list.targets).toContain('autodiscover.contoso.onmicrosoft.com');
      expect(list.targets.filter((t) => t.includes('*'))).toEqual([]);
      expect(group.capacity).toBeGreaterThanOrEqual(list.targets.length * 2 * 2);
      expect(rg.rule_variables.ip_sets).toEqual([{ key: 'HOME_NET', ip_set: { definition: [CLIENTS] } }]);
      expect(String(group.description)).toMatch(/endpoint sets 1,8,9,.* snapshot v2024073100/);
    }
  });

  test('for the source networks, the firewall also carries what names cannot: UDP, other TCP ports, sets without names (set 11 media)', () => {
    const { stack } = estate(cloud);
    const { json } = synthJson(stack);
    if (cloud === 'azure') {
      const group = resources(json, 'azurerm_firewall_policy_rule_collection_group')[0];
      const rules = (group.network_rule_collection as { rule: Record<string, unknown>[]; action: string }[])[0].rule;
      expect(rules.map((r) => r.name)).toEqual(['m365-set1-ipv4-udp', 'm365-set1-ipv6-udp', 'm365-set10-ipv4-tcp', 'm365-set10-ipv6-tcp', 'm365-set11-ipv4-udp', 'm365-set11-ipv6-udp']);
      const media = rules.find((r) => r.name === 'm365-set11-ipv4-udp')!;
      expect(media).toMatchObject({ protocols: ['UDP'], destination_ports: ['3478-3481'], source_addresses: [CLIENTS], destination_addresses: ['52.112.0.0/14', '52.122.0.0/15'] });
      expect(String(media.description)).toMatch(/m365\.set11\.v2024073100/);
      // 80/443 of named sets stay name rules
      expect(rules.some((r) => (r.destination_ports as string[]).includes('443') && (r.protocols as string[]).includes('TCP'))).toBe(false);
    } else {
      const group = resources(json, 'aws_networkfirewall_rule_group').find((g) => String(g.name).endsWith('-addresses'))!;
      const rules = (group.rule_group as { rules_source: { stateful_rule: { action: string; header: Record<string, string>; rule_option: { settings: string[] }[] }[] } }).rules_source.stateful_rule;
      expect(rules).toHaveLength(36); // set 1 UDP 443: 27 CIDRs, set 10 TCP 25: 6, set 11 UDP 3478-3481: 3
      expect(rules.filter((r) => r.header.destination_port === '3478:3481').map((r) => r.header.destination)).toEqual(['52.112.0.0/14', '52.122.0.0/15', '2603:1063::/38']);
      for (const r of rules) expect(r).toMatchObject({ action: 'PASS', header: { source: '$HOME_NET', direction: 'FORWARD', source_port: 'ANY' } });
      expect(new Set(rules.map((r) => r.rule_option[0].settings[0])).size).toBe(36);
      expect(group.capacity).toBe(100);
    }
  });

  test('the PAC file and the bypass list are written at synth beside the Terraform; the PAC routes the selected names DIRECT', () => {
    const { app, stack } = estate(cloud);
    synthJson(stack);
    const dir = path.join(app.outdir, 'egress');
    const pacText = fs.readFileSync(path.join(dir, `test-${cloud}-o365.pac`), 'utf8');
    const find = loadPac(pacText);
    const proxy = 'PROXY proxy.contoso.com:8080';
    expect(find('https://outlook.office.com/', 'outlook.office.com')).toBe('DIRECT');
    expect(find('https://contoso.sharepoint.com/', 'contoso.sharepoint.com')).toBe('DIRECT');
    expect(find('https://webdir.online.lync.com/', 'webdir.online.lync.com')).toBe('DIRECT');
    expect(find('https://autodiscover.contoso.onmicrosoft.com/', 'autodiscover.contoso.onmicrosoft.com')).toBe('DIRECT');
    expect(find('https://www.example.com/', 'www.example.com')).toBe(proxy);
    expect(find('https://sharepoint.com.evil.example/', 'sharepoint.com.evil.example')).toBe(proxy);
    expect(pacText).toMatch(/snapshot version 2024073100/);
    expect(pacText).toMatch(/o365\.sfbo\.https-timeout: .*8 hours/);
    const bypass = fs.readFileSync(path.join(dir, `test-${cloud}-o365.bypass.txt`), 'utf8');
    expect(bypass.trim().split(';')).toContain('*.sharepoint.com');
    const report = fs.readFileSync(path.join(dir, `test-${cloud}-o365.md`), 'utf8');
    expect(report).toMatch(cloud === 'aws' ? /Capacity \d+ \(fixed at creation\)/ : /Azure Firewall application rules: \d+/);
  });
});

describe('quota overflow', () => {
  const weighted = (rp: { awsRules: readonly { direction: string; group?: number; weight: number; peer: { kind: string; version?: number; cidr?: { version: number } } }[] }, g: number, v: number) =>
    rp.awsRules
      .filter((a) => a.direction === 'egress' && (a.group ?? 0) === g && (a.peer.kind === 'prefix-list' ? a.peer.version === v : a.peer.kind === 'cidr' ? a.peer.cidr!.version === v : v === 4))
      .reduce((n, a) => n + a.weight, 0);

  test('AWS: the default selection is spread over several egress security groups, each within 60 per IP version (prefix-list rules weighted)', () => {
    const { stack, network, o365, pool } = estate('aws');
    const plan = network.plan();
    const group = plan.roles.find((r) => r.name === 'o365')!;
    expect(group.awsSecurityGroups).toBe(3);
    let total = 0;
    for (let g = 0; g < 3; g++) {
      for (const v of [4, 6]) {
        expect(weighted(group, g, v)).toBeLessThanOrEqual(60);
        total += weighted(group, g, v);
      }
    }
    expect(total).toBe(83 + 131);
    expect(o365.report().addressRules.map((a) => a.group)).toEqual(['o365', 'o365-2', 'o365-3']);
    // the pool's hosts attach the egress group and its extra groups
    expect(pool.memberOf).toContain('o365');
    const json = synthJson(stack).json;
    expect(resources(json, 'aws_security_group').map((g) => g.name)).toEqual(expect.arrayContaining(['o365', 'o365-2', 'o365-3']));
    const boundary = Object.entries(json.output!).find(([k]) => k.includes('fe-pool1-boundary'))![1].value as { alsoAttach: string[] };
    expect(boundary.alsoAttach.filter((id) => id.includes('o365'))).toHaveLength(3);
  });

  test('AWS: a smaller account quota gives more groups; a set larger than the quota is an error with the fix', () => {
    const small = estate('aws', {}, { rulesPerSecurityGroup: 50 });
    const plan = (small.network as AwsNetwork).plan();
    const group = plan.roles.find((r) => r.name === 'o365')!;
    expect(group.awsSecurityGroups).toBeGreaterThanOrEqual(3); // 131 IPv6 quota units, at most 50 per group
    for (const r of plan.roles) {
      for (let g = 0; g < r.awsSecurityGroups; g++) for (const v of [4, 6]) expect(weighted(r, g, v)).toBeLessThanOrEqual(50);
    }
    expect(() => estate('aws', {}, { rulesPerSecurityGroup: 12 })).toThrow(/one rule to m365-set1-ipv6 needs 16 IPv6 egress rules of the quota .*over the quota of 12.*Fix: .*rulesPerSecurityGroup/);
  });

  test('AWS: the hosts of a role must be able to attach its groups and the egress groups it joins', () => {
    // the default 5 per interface: the interface's own group leaves 4 attachments, one short for the pool
    const { network } = estate('aws', {}, { securityGroupsPerNetworkInterface: 5 });
    expect(() => network.plan()).toThrow(
      /hosts of role "fe-pool1" would attach 5 security groups \(fe-pool1 1, o365 3, skype-front-ends 1\), but a network interface takes at most 5, one of them its own \(primary\) group, so a host attaches at most 4.*Fix: .*securityGroupsPerNetworkInterface to at least 6/,
    );
  });

  test('Azure: rules that do not fit the priority range fail at synth with the fix', () => {
    const { stack } = estate('azure', {}, { priorityRange: { from: 100, to: 115 } });
    expect(() => synthJson(stack)).toThrow(/egress rules do not fit priorities 100-115.*Fix: widen priorityRange/);
  });
});

describe.each(CLOUDS)('OneDriveEgress on %s', (cloud) => {
  const build = (enable?: string[]): Built & { od: OneDriveEgress; pool: FrontEndPool } => {
    const b = newStack(cloud);
    const pool = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: [CLIENTS] });
    const od = new OneDriveEgress(b.stack, 'onedrive', { network: b.network, from: [pool, CLIENTS], firewall: { azureFirewallPolicyId: POLICY }, pac: { proxy: 'proxy.contoso.com:3128' }, enable });
    return { ...b, od, pool };
  };

  test('community ports 17125 and 6667 are absent by default, with no warning; listed as not rendered', () => {
    const { stack, od } = build();
    const text = synthJson(stack).text;
    expect(text).not.toMatch(/17125|6667/);
    expect(warn.mock.calls.flat().join('\n')).not.toMatch(/COMMUNITY/);
    expect(od.report().skipped.filter((s) => s.catalogId.startsWith('onedrive.community.')).map((s) => s.reason)).toEqual([
      expect.stringMatching(/community claim without official backing.*enable it by id/),
      expect.stringMatching(/community claim without official backing/),
    ]);
  });

  test('opted in by id: rendered to the OneDrive addresses, cited, and warned about at synth, in the report and the PAC file', () => {
    const { stack, network, app, od } = build(['onedrive.community.17125']);
    const { json } = synthJson(stack);
    expect(warn.mock.calls.flat().join('\n')).toMatch(/WARNING test-\w+\/onedrive: onedrive\.community\.17125 \(TCP 17125\) is a COMMUNITY claim/);
    expect(JSON.stringify(json)).not.toMatch(/6667/);
    if (cloud === 'aws') {
      const r = resources(json, 'aws_vpc_security_group_egress_rule').filter((x) => x.from_port === 17125);
      expect(r).toHaveLength(2); // IPv4 and IPv6 prefix lists of set 31
      for (const x of r) expect(String(x.description)).toMatch(/onedrive\.community\.17125/);
    } else {
      // Azure: the group's rules are rendered into the NSG of the role that joined it
      const rules = network.plan().roles.find((r) => r.name === 'fe-pool1')!.rules.filter((r) => r.catalogIds.includes('onedrive.community.17125'));
      expect(rules.map((r) => r.name).sort()).toEqual(['out-to-net-m365-set31-ipv4-tcp', 'out-to-net-m365-set31-ipv6-tcp']);
      expect(rules[0].description).toMatch(/onedrive\.community\.17125/);
    }
    expect(od.report().warnings.join('\n')).toMatch(/COMMUNITY/);
    expect(fs.readFileSync(path.join(app.outdir, 'egress', `test-${cloud}-onedrive.pac`), 'utf8')).toMatch(/WARNING: onedrive\.community\.17125/);
  });

  test('the seed 000 proxy-bypass names go DIRECT in the PAC file', () => {
    const find = loadPac(build().od.pacText()!);
    for (const host of ['x.onedrive.com', 'contoso-my.sharepoint.com', 'www.office.com', 'login.microsoftonline.com']) expect(find(`https://${host}/`, host)).toBe('DIRECT');
    expect(find('https://example.org/', 'example.org')).toBe('PROXY proxy.contoso.com:3128');
  });

  test('an unknown id in enable is an error naming it', () => {
    expect(() => build(['onedrive.community.1234'])).toThrow(/enable lists "onedrive\.community\.1234".*Fix: use one of onedrive\.community\.17125, onedrive\.community\.6667/);
  });
});

describe.each(CLOUDS)('MessengerEgress on %s', (cloud) => {
  test('opted in: every URL is a name rule (MSNP on 1863 included); the port rows need a written reason, and are reported', () => {
    const b = newStack(cloud);
    const m = new MessengerEgress(b.stack, 'messenger', { network: b.network, from: [CLIENTS], firewall: { azureFirewallPolicyId: POLICY } });
    const { json } = synthJson(b.stack);
    expect(warn.mock.calls.flat().join('\n')).toMatch(/Windows Live Messenger is retired/);
    expect(m.report().skipped.filter((s) => s.reason.includes('internetJustification'))).toHaveLength(20);
    if (cloud === 'azure') {
      const rules = (resources(json, 'azurerm_firewall_policy_rule_collection_group')[0].application_rule_collection as { rule: Record<string, unknown>[] }[])[0].rule;
      expect(rules).toHaveLength(22);
      const msnp = rules.find((r) => (r.destination_fqdns as string[]).includes('messenger.hotmail.com'))!;
      expect(msnp.protocols).toEqual([{ type: 'Http', port: 1863 }]);
      expect(rules.find((r) => (r.destination_fqdns as string[]).includes('*.contacts.msn.com'))!.protocols).toEqual([{ type: 'Https', port: 443 }]);
    } else {
      const targets = (resources(json, 'aws_networkfirewall_rule_group')[0].rule_group as { rules_source: { rules_source_list: { targets: string[] } } }).rules_source.rules_source_list.targets;
      expect(targets).toContain('messenger.hotmail.com');
      expect(targets).toContain('.contacts.msn.com');
      expect(resources(json, 'aws_vpc_security_group_egress_rule')).toHaveLength(0);
    }
  });

  test('with internetJustification and features, the rows go to the whole internet, justified in the description', () => {
    const b = newStack(cloud);
    const m = new MessengerEgress(b.stack, 'messenger', { network: b.network, from: [CLIENTS], firewall: false, features: ['sign-in'], internetJustification: 'legacy Messenger kiosk until 2027 ticket CHG-1234' });
    const pool = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: [CLIENTS] });
    pool.joinGroup(m.groups[0]);
    const plan = b.network.plan();
    const rules = plan.roles.find((r) => r.name === (cloud === 'azure' ? 'fe-pool1' : 'messenger'))!.rules.filter((r) => r.catalogIds.includes('messenger.sign-in.tcp'));
    expect(rules).toHaveLength(1);
    expect(rules[0].peer).toEqual({ kind: 'internet' });
    expect(rules[0].description).toMatch(/justified: legacy Messenger kiosk/);
    expect(m.report().skipped.filter((s) => s.reason === 'feature not selected').length).toBeGreaterThan(10);
  });

  test('bad input: an unknown feature, an empty feature list, a justification the clouds cannot carry', () => {
    const b = newStack(cloud);
    const mk = (id: string, extra: object) => new MessengerEgress(b.stack, id, { network: b.network, from: [CLIENTS], firewall: false, ...extra });
    expect(() => mk('m1', { features: ['chat'] })).toThrow(/features lists "chat".*Fix: use sign-in, network-detection/);
    expect(() => mk('m2', { features: [] })).toThrow(/features is empty/);
    expect(() => mk('m3', { internetJustification: 'x' })).toThrow(/internetJustification "x" cannot go into a rule description/);
  });
});

describe.each(CLOUDS)('bad input on %s', (cloud) => {
  const mk = (stack: TerraformStack, network: Built['network'], extra: Partial<Office365EgressProps>, id = 'eg') =>
    new Office365Egress(stack, `eg-${id}`, { network, from: [CLIENTS], firewall: { azureFirewallPolicyId: POLICY }, ...extra });

  test('clear errors naming the construct, the value and the fix', () => {
    const { stack, network } = newStack(cloud);
    expect(() => mk(stack, network, { from: [] }, 'a')).toThrow(/test-\w+\/eg-a: from is empty\. Fix:/);
    expect(() => mk(stack, network, { from: ['0.0.0.0/0'] }, 'b')).toThrow(/from lists 0\.0\.0\.0\/0, the whole internet/);
    expect(() => mk(stack, network, { from: ['10.0.0.300/16'] }, 'c')).toThrow(/test-\w+\/eg-c: from: .*10\.0\.0\.300/);
    expect(() => mk(stack, network, { pac: { proxy: 'http://proxy' } }, 'd')).toThrow(/pac\.proxy "http:\/\/proxy" is not host:port/);
    expect(() => mk(stack, network, { tenantName: 'Contoso.onmicrosoft.com' }, 'e')).toThrow(/tenantName "Contoso\.onmicrosoft\.com" is not a tenant name/);
    expect(() => mk(stack, network, { enable: ['sfb.fe.sip.5060'] }, 'f')).toThrow(/enable lists "sfb\.fe\.sip\.5060", which is not an Office 365 catalog entry/);
    expect(() => mk(stack, network, { optionalSets: [1] }, 'g')).toThrow(/optionalSets lists 1, which is required/);
    expect(() => mk(stack, network, { optionalSets: [9999] }, 'h')).toThrow(/optionalSets lists 9999, which is not an endpoint set of snapshot 2024073100/);
    expect(() => mk(stack, network, { serviceAreas: ['teams' as 'skype'] }, 'i')).toThrow(/serviceAreas lists "teams"/);
  });

  test('name rules need source addresses when `from` holds only roles', () => {
    const { stack, network } = newStack(cloud);
    const pool = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: [CLIENTS] });
    expect(() => mk(stack, network, { from: [pool as SecurityRole] })).toThrow(/the name rules need source addresses.*Fix: pass firewall\.sourceAddresses/);
    const ok = mk(stack, network, { from: [pool], firewall: { azureFirewallPolicyId: POLICY, sourceAddresses: ['10.10.1.0/24'] } }, 'ok');
    expect(ok.groups.length).toBeGreaterThan(0);
  });

  test(cloud === 'azure' ? 'Azure needs the firewall policy id unless firewall is false' : 'AWS needs no policy id', () => {
    const { stack, network } = newStack(cloud);
    if (cloud === 'azure') {
      expect(() => new Office365Egress(stack, 'eg-o', { network, from: [CLIENTS] })).toThrow(/firewall\.azureFirewallPolicyId is missing.*Fix: pass the id of the Azure Firewall Policy/);
      const off = new Office365Egress(stack, 'off', { network, from: [CLIENTS], firewall: false });
      expect(resources(synthJson(stack).json, 'azurerm_firewall_policy_rule_collection_group')).toHaveLength(0);
      expect(off.names.azureRules.length).toBeGreaterThan(0); // planned, reported, not rendered
    } else {
      new Office365Egress(stack, 'eg-o', { network, from: [CLIENTS] });
      expect(resources(synthJson(stack).json, 'aws_networkfirewall_rule_group').map((g) => g.name)).toEqual(['eg-o-addresses', 'eg-o-names']);
    }
  });

  test('a role outside the cloud is a source by its addresses (name rules), not a member of the group', () => {
    const { stack, network } = newStack(cloud);
    const onPrem = ClientNetwork.fromAddresses(stack, 'onprem', { network, name: 'onprem-clients', cidrs: ['192.168.30.0/24'] });
    const eg = new Office365Egress(stack, 'eg-out', { network, from: [onPrem], firewall: { azureFirewallPolicyId: POLICY } });
    expect(onPrem.memberOf).toEqual([]);
    const json = synthJson(stack).json;
    const text = JSON.stringify(cloud === 'azure' ? resources(json, 'azurerm_firewall_policy_rule_collection_group') : resources(json, 'aws_networkfirewall_rule_group'));
    expect(text).toContain('192.168.30.0/24');
    expect(eg.warnings().join('\n')).toMatch(/no role joined eg-out/);
  });

  test('errors are MsPortsError', () => {
    const { stack, network } = newStack(cloud);
    let err: unknown;
    try {
      mk(stack, network, { from: [] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MsPortsError);
  });
});

describe.each(CLOUDS)('the egress firewall rules never take the internet as their source (%s)', (cloud) => {
  test('from / firewall.sourceAddresses that together cover the internet are refused, naming both props', () => {
    const { stack, network } = newStack(cloud, { securityGroupsPerNetworkInterface: 6 });
    expect(() =>
      new Office365Egress(stack, 'o365', { network, from: ['0.0.0.0/1'], firewall: { azureFirewallPolicyId: POLICY, sourceAddresses: ['0.0.0.0/1', '128.0.0.0/1'] } }),
    ).toThrow(/from and firewall\.sourceAddresses together cover .*the internet would be a source of the egress firewall rules/);
    // a site's own networks are fine
    expect(() => new Office365Egress(stack, 'ok', { network, from: [CLIENTS], firewall: { azureFirewallPolicyId: POLICY } })).not.toThrow();
  });
});
