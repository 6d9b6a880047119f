/**
 * The engine-free egress planner: endpoint-set selection, wildcard translation per cloud (every
 * compromise stated, nothing widened silently), the AWS quota packing with prefix-list weights,
 * Network Firewall capacity sizing, and the PAC file evaluated by a PAC interpreter.
 */
import { m365Snapshot } from '../../lib/catalog/m365-endpoints';
import { awsPeerCosts, planNames, selectEndpointSets, setFlows, sizeCapacity, translateName, type NameSource } from '../../lib/plan/egress';
import { pacFile } from '../../lib/report/pac';
import type { Flow } from '../../lib/model/intent';
import { planNetwork } from '../../lib/plan/planner';
import { AWS_PROFILE } from '../../lib/plan/profiles';
import { loadPac } from '../support/pac';

const snap = () => m365Snapshot();

describe('endpoint set selection', () => {
  test('required only by default; categories and service areas filter; optional sets by id', () => {
    const all = selectEndpointSets(snap().endpoints, { serviceAreas: ['Exchange', 'SharePoint', 'Skype', 'Common'], categories: ['Optimize', 'Allow', 'Default'], includeOptional: false });
    expect(all.selected.every((s) => s.required)).toBe(true);
    expect(all.selected).toHaveLength(snap().endpoints.filter((s) => s.required).length);
    expect(all.left.find((l) => l.id === 2)!.reason).toMatch(/optional \(POP3, IMAP4, SMTP Client traffic\); not enabled/);

    const optimize = selectEndpointSets(snap().endpoints, { serviceAreas: ['Exchange', 'SharePoint', 'Skype', 'Common'], categories: ['Optimize'], includeOptional: false });
    expect(optimize.selected.map((s) => s.id)).toEqual([1, 11, 31]);

    const skype = selectEndpointSets(snap().endpoints, { serviceAreas: ['Skype'], categories: ['Optimize', 'Allow'], includeOptional: false });
    expect(skype.selected.map((s) => s.id)).toEqual([11, 12]);
    expect(skype.left.find((l) => l.id === 1)!.reason).toBe('service area Exchange not selected');

    const withOptional = selectEndpointSets(snap().endpoints, { serviceAreas: ['Exchange'], categories: ['Allow'], includeOptional: false, optionalSetIds: [2] });
    expect(withOptional.selected.map((s) => s.id)).toEqual([2, 9, 10]);
  });

  test('a set with IPv4 and IPv6 ranges becomes flows to one peer per IP version, citing set id and snapshot version', () => {
    const s1 = snap().endpoints.find((s) => s.id === 1)!;
    const flows = setFlows(s1, '2024073100');
    expect(flows.map((f) => `${f.peer.kind === 'cidrs' ? f.peer.name : ''} ${f.transport}`)).toEqual(['m365-set1-ipv4 tcp', 'm365-set1-ipv4 udp', 'm365-set1-ipv6 tcp', 'm365-set1-ipv6 udp']);
    for (const f of flows) expect(f.catalogIds).toEqual(['m365.set1.v2024073100']);
    const v6 = flows[2].peer;
    expect(v6.kind === 'cidrs' && v6.cidrs.every((c) => c.includes(':'))).toBe(true);
    expect(v6.kind === 'cidrs' && v6.prefixList).toEqual({ name: 'm365-set1-ipv6', maxEntries: 16, description: expect.stringMatching(/endpoint set 1 .*v2024073100/) });
  });
});

describe('FQDN wildcard translation per cloud', () => {
  const t = (name: string, cloud: 'azure' | 'aws' | 'pac', tenant?: string) => translateName(name, cloud, tenant);

  test('exact names stay exact on both clouds', () => {
    expect(t('outlook.office.com', 'azure')).toEqual({ targets: ['outlook.office.com'] });
    expect(t('outlook.office.com', 'aws')).toEqual({ targets: ['outlook.office.com'] });
    expect(t('Outlook.Office.com', 'pac')).toEqual({ targets: ['exact:outlook.office.com'] });
  });

  test('*.x.com: Azure keeps *.x.com (subdomains only); AWS writes .x.com, which also matches x.com, and says so', () => {
    expect(t('*.sharepoint.com', 'azure')).toEqual({ targets: ['*.sharepoint.com'] });
    const aws = t('*.sharepoint.com', 'aws');
    expect(aws).toEqual({ targets: ['.sharepoint.com'], note: expect.stringMatching(/also matches sharepoint\.com itself/) });
    expect(t('*.sharepoint.com', 'pac')).toEqual({ targets: ['suffix:.sharepoint.com'] });
  });

  test('*cdn.onenote.net: Azure accepts the leading *; AWS narrows to .cdn.onenote.net and says which names it does not allow', () => {
    expect(t('*cdn.onenote.net', 'azure')).toEqual({ targets: ['*cdn.onenote.net'], note: expect.stringMatching(/matches cdn\.onenote\.net and any name ending/) });
    const aws = t('*cdn.onenote.net', 'aws');
    expect('targets' in aws && aws.targets).toEqual(['.cdn.onenote.net']);
    expect('note' in aws && aws.note).toMatch(/NOT allowed on AWS \(narrowed, never widened\)/);
    expect(t('*cdn.onenote.net', 'pac')).toEqual({ targets: ['shexp:*cdn.onenote.net'] });
  });

  test('autodiscover.<tenant>.onmicrosoft.com: skipped on both firewalls without a tenant (with the reason), a wildcard in the PAC, exact with tenantName', () => {
    for (const cloud of ['azure', 'aws'] as const) {
      const r = t('autodiscover.<tenant>.onmicrosoft.com', cloud);
      expect('skip' in r && r.skip).toMatch(/pass tenantName/);
      const star = t('autodiscover.*.onmicrosoft.com', cloud);
      expect('skip' in star).toBe(true);
      expect(t('autodiscover.<tenant>.onmicrosoft.com', cloud, 'contoso')).toEqual({ targets: ['autodiscover.contoso.onmicrosoft.com'] });
    }
    expect(t('autodiscover.<tenant>.onmicrosoft.com', 'pac')).toMatchObject({ targets: ['shexp:autodiscover.*.onmicrosoft.com'] });
  });

  test('Azure accepts only a leading *: other positions are skipped with the reason, never rewritten', () => {
    for (const cloud of ['azure', 'aws'] as const) {
      expect(t('www.contoso.*', cloud)).toEqual({ skip: expect.stringMatching(/not leading/) });
      expect(t('*.*.storage.live.com', cloud)).toEqual({ skip: expect.stringMatching(/double wildcard/) });
    }
  });
});

describe('name plan', () => {
  const sources: NameSource[] = [
    { id: 'a', names: ['*.lync.com', 'teams.microsoft.com'], tcpPorts: [{ from: 80, to: 80 }, { from: 443, to: 443 }], purpose: 'a' },
    { id: 'b', names: ['*.mail.protection.outlook.com'], tcpPorts: [{ from: 25, to: 25 }], purpose: 'b' },
    { id: 'c', names: ['*cdn.onenote.net', 'autodiscover.<tenant>.onmicrosoft.com'], tcpPorts: [{ from: 443, to: 443 }], udpPorts: [{ from: 443, to: 443 }], purpose: 'c' },
  ];

  test('HTTP/HTTPS names become Azure rules and AWS targets; other ports and UDP are reported, not rendered by name', () => {
    const p = planNames(sources, { version: '2024073100' });
    expect(p.azureRules.map((r) => [r.name, r.fqdns, r.protocols])).toEqual([
      ['a', ['*.lync.com', 'teams.microsoft.com'], [{ type: 'Http', port: 80 }, { type: 'Https', port: 443 }]],
      ['c', ['*cdn.onenote.net'], [{ type: 'Https', port: 443 }]],
    ]);
    expect(p.awsTargets).toEqual(['.cdn.onenote.net', '.lync.com', 'teams.microsoft.com']);
    expect(p.skipped.join('\n')).toMatch(/b: TCP 25 is not HTTP\/HTTPS/);
    expect(p.skipped.join('\n')).toMatch(/c: UDP 443 cannot be checked by name/);
    expect(p.skipped.filter((s) => s.includes('<tenant>'))).toHaveLength(2); // azure and aws
    expect(p.bypass).toEqual(['*.lync.com', '*cdn.onenote.net', 'autodiscover.*.onmicrosoft.com', 'teams.microsoft.com']);
    expect(p.azureRules[0].description).toMatch(/^a snapshot v2024073100/);
  });

  test('the PAC file sends the selected names DIRECT and everything else to the proxy (evaluated)', () => {
    const p = planNames(sources);
    const find = loadPac(pacFile({ title: 't', matchers: p.pac, proxy: 'proxy.contoso.com:8080' }));
    const cases: [string, string][] = [
      ['teams.microsoft.com', 'DIRECT'],
      ['TEAMS.microsoft.com', 'DIRECT'],
      ['webdir.online.lync.com', 'DIRECT'],
      ['lync.com', 'PROXY proxy.contoso.com:8080'], // *.lync.com means subdomains, as Microsoft lists it
      ['evil-lync.com', 'PROXY proxy.contoso.com:8080'],
      ['cdn.onenote.net', 'DIRECT'],
      ['site-cdn.onenote.net', 'DIRECT'],
      ['autodiscover.contoso.onmicrosoft.com', 'DIRECT'],
      ['contoso.onmicrosoft.com', 'PROXY proxy.contoso.com:8080'],
      ['x.mail.protection.outlook.com', 'PROXY proxy.contoso.com:8080'], // port 25 only: not a proxy matter
      ['www.example.com', 'PROXY proxy.contoso.com:8080'],
      ['intranet', 'PROXY proxy.contoso.com:8080'],
    ];
    for (const [host, want] of cases) expect({ host, got: find(`https://${host}/`, host) }).toEqual({ host, got: want });
    const plain = loadPac(pacFile({ title: 't', matchers: p.pac, proxy: 'proxy.contoso.com:8080', directPlainHostNames: true }));
    expect(plain('http://intranet/', 'intranet')).toBe('DIRECT');
  });
});

describe('AWS quota packing', () => {
  const v = '2024073100';
  const required = () =>
    selectEndpointSets(snap().endpoints, { serviceAreas: ['Exchange', 'SharePoint', 'Skype', 'Common'], categories: ['Optimize', 'Allow', 'Default'], includeOptional: false }).selected.flatMap((s) =>
      setFlows(s, v),
    );

  test('a prefix-list rule costs its max entries; each port range of a transport is one rule', () => {
    const costs = awsPeerCosts(setFlows(snap().endpoints.find((s) => s.id === 1)!, v));
    // set 1: 11 IPv4 and 16 IPv6 ranges; TCP 80, 443 and UDP 443 = 3 rules per version
    expect(costs).toEqual([
      { peer: 'm365-set1-ipv4', version: 4, weight: 11, cost: 33 },
      { peer: 'm365-set1-ipv6', version: 6, weight: 16, cost: 48 },
    ]);
  });

  const plan = (flows: Flow[], quota?: number) =>
    planNetwork([{ name: 'o365', path: 'stack/o365', kind: 'egress', internetFacing: false, flows, listeners: [], ipsec: [], skipped: [], egress: 'declared', group: true }], {
      profile: AWS_PROFILE,
      path: 'stack/net',
      awsRulesPerSecurityGroup: quota,
    }).roles[0];
  const used = (r: ReturnType<typeof plan>, g: number, v: 4 | 6) =>
    r.awsRules.filter((a) => (a.group ?? 0) === g && a.peer.kind === 'prefix-list' && a.peer.version === v).reduce((n, a) => n + a.weight, 0);

  test('the default selection overflows one security group; the planner spreads it over groups within 60 per IP version, prefix-list rules weighted', () => {
    const costs = awsPeerCosts(required());
    expect([4, 6].map((v) => costs.filter((c) => c.version === v).reduce((n, c) => n + c.cost, 0))).toEqual([83, 131]);
    const r = plan(required());
    expect(r.awsRules.every((a) => a.peer.kind === 'prefix-list')).toBe(true);
    expect(r.awsSecurityGroups).toBe(3);
    let total = 0;
    for (let g = 0; g < r.awsSecurityGroups; g++) {
      for (const v of [4, 6] as const) {
        expect(used(r, g, v)).toBeLessThanOrEqual(60);
        total += used(r, g, v);
      }
    }
    expect(total).toBe(83 + 131);
    // a raised quota needs one group
    expect(plan(required(), 200).awsSecurityGroups).toBe(1);
  });

  test('one endpoint set over a group is split rule by rule (set 2: 16 IPv6 ranges on 4 ports = 64)', () => {
    const r = plan(setFlows(snap().endpoints.find((s) => s.id === 2)!, v));
    expect(r.awsSecurityGroups).toBe(2);
    expect(used(r, 0, 6) + used(r, 1, 6)).toBe(64);
    expect(Math.max(used(r, 0, 6), used(r, 1, 6))).toBeLessThanOrEqual(60);
  });

  test('a single prefix list larger than the quota is an error naming the max entries', () => {
    expect(() => plan(setFlows(snap().endpoints.find((s) => s.id === 1)!, v), 12)).toThrow(/needs 16 outbound rules for one peer \(a prefix-list rule counts its max entries\), over the quota of 12/);
  });
});

describe('Network Firewall capacity', () => {
  test('sized with headroom, in hundreds, within 30000', () => {
    expect(sizeCapacity(155, 2, 100)).toEqual({ targets: 155, targetTypes: 2, used: 310, headroomPercent: 100, capacity: 700 });
    expect(sizeCapacity(10, 2, 0).capacity).toBe(100);
    expect(sizeCapacity(20000, 2, 100).capacity).toBe(30000);
  });
});
