import fc from 'fast-check';
import type { Flow, IpsecNote, Listener, Peer, RoleIntent, SkippedEntry } from '../../lib/model/intent';
import { formatPorts, parsePorts } from '../../lib/model/ports';
import { planNetwork, type NetworkPlan, type PlannedRule, type RolePlan } from '../../lib/plan/planner';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';
import {
  ipsecPowerShell,
  peerText,
  reportChecksCsv,
  reportChecksCsvChunks,
  reportCsv,
  reportCsvChunks,
  reportJson,
  reportJsonChunks,
  reportMarkdown,
  reportMarkdownChunks,
  reportRows,
  summaryLines,
  writeReport,
  type ReportInput,
} from '../../lib/report/report';

// ---------------------------------------------------------------------------------------------
// Fixture: a Front End role 'fe' and a Director role 'dir' that reaches it on 5061.
// ---------------------------------------------------------------------------------------------

const CLIENTS: Peer = { kind: 'cidrs', name: 'clients', cidrs: ['10.30.0.0/16', '10.31.0.0/16'] };
const CLIENTS_TEXT = 'clients (10.30.0.0/16 10.31.0.0/16)';

function flow(direction: Flow['direction'], peer: Peer, transport: Flow['transport'], ports: string[], catalogIds: string[], purpose = 'test'): Flow {
  return { direction, peer, transport, ports: parsePorts(ports), catalogIds, purpose };
}

const IPSEC_IN: IpsecNote = {
  catalogId: 'sfb.ipsec.av-conf.in',
  ruleName: 'A/V Conferencing Inbound',
  direction: 'inbound',
  transports: ['udp', 'tcp'],
  sourcePorts: 'any',
  destinationPorts: 'any',
  reason: 'Exempt conferencing media arriving at Front End Servers from IPsec negotiation.',
};

const IPSEC_OUT: IpsecNote = {
  catalogId: 'sfb.ipsec.client.media',
  ruleName: 'Client Media Outbound',
  direction: 'outbound',
  transports: ['udp', 'tcp'],
  sourcePorts: '1024-65535',
  destinationPorts: 'any',
  reason: 'Exempt media leaving clients from IPsec negotiation.',
};

const SKIPPED: SkippedEntry = { catalogId: 'sfb.fe.e911.5066', reason: 'no peer configured for "e911-gateway"' };

const LISTENERS: Listener[] = [
  { port: 5061, transport: 'tcp', catalogIds: ['sfb.lb.hw.fe.5061'], purpose: 'SIP/TLS' },
  { port: 443, transport: 'tcp', catalogIds: ['sfb.lb.hw.fe.443'], purpose: 'HTTPS' },
];

function intents(): RoleIntent[] {
  const fe: RoleIntent = {
    name: 'fe',
    path: 'stack/fe',
    kind: 'Skype for Business Front End pool',
    internetFacing: false,
    flows: [
      flow('ingress', CLIENTS, 'tcp', ['5061'], ['sfb.fe.sip-tls.5061'], 'SIP over TLS from clients'),
      flow('ingress', CLIENTS, 'tcp', ['443'], ['sfb.fe.https.443'], 'HTTPS from clients'),
      flow('ingress', CLIENTS, 'udp', ['50000-50010'], ['sfb.fe.av-media.50000-50010'], 'media from clients'),
      flow('ingress', { kind: 'role', role: 'dir' }, 'tcp', ['5061'], ['sfb.dir.sip-tls.5061'], 'SIP from the Director'),
    ],
    listeners: LISTENERS,
    probePort: 5061,
    ipsec: [IPSEC_IN, IPSEC_OUT],
    skipped: [SKIPPED],
    egress: 'declared',
  };
  const dir: RoleIntent = {
    name: 'dir',
    path: 'stack/dir',
    kind: 'Skype for Business Director pool',
    internetFacing: false,
    flows: [],
    listeners: [],
    ipsec: [],
    skipped: [],
    egress: { allowAllReason: 'Director reaches many back ends' },
  };
  return [fe, dir];
}

const azurePlan = (roles: RoleIntent[] = intents()): NetworkPlan => planNetwork(roles, { profile: AZURE_PROFILE, path: 'stack/net' });
const awsPlan = (roles: RoleIntent[] = intents()): NetworkPlan => planNetwork(roles, { profile: AWS_PROFILE, path: 'stack/net' });
const role = (plan: NetworkPlan, name: string): RolePlan => {
  const r = plan.roles.find((x) => x.name === name);
  if (!r) throw new Error(`no role ${name} in plan`);
  return r;
};
const rule = (rp: RolePlan, name: string): PlannedRule => {
  const r = rp.rules.find((x) => x.name === name);
  if (!r) throw new Error(`no rule ${name} in ${rp.name}`);
  return r;
};
const allRules = (plan: NetworkPlan) => plan.roles.flatMap((rp) => rp.rules);

const AZ: ReportInput = { stack: 'prod-az', network: 'prod-az/net', plan: azurePlan() };
const AW: ReportInput = { stack: 'prod-aws', network: 'prod-aws/net', plan: awsPlan() };

/** A small RFC 4180 parser for one line (no embedded newlines in this report). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated quoted cell in: ${line}`);
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += line[i++];
      }
      if (i < line.length && line[i] !== ',') throw new Error(`text after a closing quote in: ${line}`);
    } else {
      while (i < line.length && line[i] !== ',') {
        if (line[i] === '"') throw new Error(`bare quote in an unquoted cell in: ${line}`);
        cell += line[i++];
      }
    }
    cells.push(cell);
    if (i >= line.length) return cells;
    i++; // the comma
  }
}

/** Splits a markdown table row `| a | b |` into trimmed cells. */
function tableCells(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** The first 8 cells of a rule row (rule .. cites), as a row: the columns this file pins. */
function lead8(line: string): string {
  return `| ${tableCells(line).slice(0, 8).join(' | ')} |`;
}

/** PowerShell single-quote characters: the ASCII apostrophe and the typographic ones U+2018-U+201B (about_Quoting_Rules). */
const PS_QUOTE = /['\u2018\u2019\u201a\u201b]/;

/**
 * Tokenizes the verbatim (single-quoted) string literals of one PowerShell line the way PowerShell
 * does: any single-quote character opens and closes, two in a row are one literal quote.
 * Returns the decoded literals and the text outside them.
 */
function psLiterals(line: string): { literals: string[]; outside: string } {
  const literals: string[] = [];
  let outside = '';
  let i = 0;
  while (i < line.length) {
    if (!PS_QUOTE.test(line[i])) {
      outside += line[i++];
      continue;
    }
    i++;
    let lit = '';
    for (;;) {
      if (i >= line.length) throw new Error(`unterminated string literal in: ${line}`);
      if (PS_QUOTE.test(line[i])) {
        if (i + 1 < line.length && PS_QUOTE.test(line[i + 1])) {
          lit += line[i];
          i += 2;
          continue;
        }
        i++;
        break;
      }
      lit += line[i++];
    }
    literals.push(lit);
  }
  return { literals, outside };
}

// ---------------------------------------------------------------------------------------------
// Sanity of the fixture plans (so the report assertions below read against known shapes).
// ---------------------------------------------------------------------------------------------

describe('fixture plans', () => {
  test('Azure: fe has clients tcp/udp, dir, probe and two deny rules; dir gets the mirrored egress', () => {
    const fe = role(AZ.plan, 'fe');
    expect(fe.rules.map((r) => r.name).sort()).toEqual([
      'deny-all-inbound',
      'deny-all-outbound',
      'in-from-lbprobe-tcp',
      'in-from-net-clients-tcp',
      'in-from-net-clients-udp',
      'in-from-role-dir-tcp',
    ]);
    expect(rule(fe, 'in-from-net-clients-tcp').catalogIds).toEqual(['sfb.fe.https.443', 'sfb.fe.sip-tls.5061']);
    expect(role(AZ.plan, 'dir').rules.map((r) => r.name).sort()).toEqual(['deny-all-inbound', 'out-to-role-fe-tcp']);
  });

  test('AWS: a synthetic fe-nlb role is added and no priorities are used', () => {
    expect(AW.plan.roles.map((r) => r.name)).toEqual(['fe', 'dir', 'fe-nlb']);
    expect(allRules(AW.plan).every((r) => r.priority === 0)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

describe('reportMarkdown', () => {
  const md = reportMarkdown([AZ, AW]);
  const lines = md.split('\n');

  test('starts with the report title and has one heading per stack naming the cloud and network', () => {
    expect(lines[0]).toBe('# Firewall report (cdktf-ms-ports)');
    expect(lines.filter((l) => l.startsWith('## '))).toEqual(['## prod-az (azure, network `prod-az/net`)', '## prod-aws (aws, network `prod-aws/net`)']);
    expect(md.endsWith('\n')).toBe(true);
  });

  test('one role section per planned role, with kind, name and construct path', () => {
    const roleHeads = lines.filter((l) => l.startsWith('### ') && l !== '### Checks');
    expect(roleHeads).toEqual([
      '### Skype for Business Front End pool: `fe`',
      '### Skype for Business Director pool: `dir`',
      '### Skype for Business Front End pool: `fe`',
      '### Skype for Business Director pool: `dir`',
      '### network load balancer of fe: `fe-nlb`',
    ]);
    expect(lines).toContain('Construct: `stack/fe`');
    expect(lines).toContain('Construct: `stack/fe/nlb`');
  });

  test('Azure: one table row per planned rule with name, priority, access, direction, peer, proto, ports and cited ids', () => {
    const azMd = reportMarkdown([AZ]);
    const rows = azMd.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| rule |') && !l.startsWith('| check |') && !l.startsWith('| MSP-')).map(lead8);
    expect(rows).toHaveLength(allRules(AZ.plan).length);
    for (const rp of AZ.plan.roles) {
      for (const r of rp.rules) {
        const expected = [r.name, String(r.priority), r.access, r.direction, peerText(r.peer), r.transport, r.ports.length ? formatPorts(r.ports) : 'all', r.catalogIds.join(' ')];
        expect(rows.map(tableCells)).toContainEqual(expected);
      }
    }
    const fe = role(AZ.plan, 'fe');
    const tcp = rule(fe, 'in-from-net-clients-tcp');
    expect(tcp.priority).toBeGreaterThanOrEqual(100);
    expect(tcp.priority).toBeLessThanOrEqual(3999);
    expect(rows).toContain(`| in-from-net-clients-tcp | ${tcp.priority} | allow | ingress | ${CLIENTS_TEXT} | tcp | 443,5061 | sfb.fe.https.443 sfb.fe.sip-tls.5061 |`);
    const udp = rule(fe, 'in-from-net-clients-udp');
    expect(rows).toContain(`| in-from-net-clients-udp | ${udp.priority} | allow | ingress | ${CLIENTS_TEXT} | udp | 50000-50010 | sfb.fe.av-media.50000-50010 |`);
    const dir = rule(fe, 'in-from-role-dir-tcp');
    expect(rows).toContain(`| in-from-role-dir-tcp | ${dir.priority} | allow | ingress | role dir | tcp | 5061 | sfb.dir.sip-tls.5061 |`);
    const probe = rule(fe, 'in-from-lbprobe-tcp');
    expect(rows).toContain(`| in-from-lbprobe-tcp | ${probe.priority} | allow | ingress | load balancer probe | tcp | 5061 | sfb.lb.hw.fe.5061 |`);
    expect(rows).toContain('| deny-all-inbound | 4096 | deny | ingress | any | all | all |  |');
    expect(rows).toContain('| deny-all-outbound | 4096 | deny | egress | any | all | all |  |');
    // every rule row has exactly the header's 11 columns
    for (const r of azMd.split('\n').filter((l) => l.startsWith('| in-') || l.startsWith('| out-') || l.startsWith('| deny-'))) expect(tableCells(r)).toHaveLength(11);
  });

  test('Azure: the load balancer line lists the listener ports and the probe port', () => {
    const azLines = reportMarkdown([AZ]).split('\n');
    expect(azLines).toContain('Load balancer (pass-through, health probe TCP 5061): tcp/443, tcp/5061');
    expect(azLines.filter((l) => l.startsWith('Load balancer'))).toHaveLength(1);
  });

  test('the IPsec section lists each note with direction, transports, ports and reason', () => {
    const azLines = reportMarkdown([AZ]).split('\n');
    expect(azLines).toContain('IPsec exemptions (apply on the hosts; security groups cannot express IPsec):');
    expect(azLines).toContain(
      '- A/V Conferencing Inbound (sfb.ipsec.av-conf.in): inbound, UDP+TCP, source ports any, destination ports any, do not authenticate. Exempt conferencing media arriving at Front End Servers from IPsec negotiation.',
    );
    expect(azLines).toContain(
      '- Client Media Outbound (sfb.ipsec.client.media): outbound, UDP+TCP, source ports 1024-65535, destination ports any, do not authenticate. Exempt media leaving clients from IPsec negotiation.',
    );
  });

  test('the "not rendered" section lists the skipped entry and its reason', () => {
    const azLines = reportMarkdown([AZ]).split('\n');
    const at = azLines.indexOf('Catalog entries not rendered:');
    expect(at).toBeGreaterThan(0);
    expect(azLines[at + 2]).toBe('- sfb.fe.e911.5066: no peer configured for "e911-gateway"');
  });

  test('roles without listeners, IPsec or skipped entries have none of those sections; allow-all egress is stated', () => {
    const azMd = reportMarkdown([AZ]);
    const dirSection = azMd.slice(azMd.indexOf('### Skype for Business Director pool'));
    expect(dirSection).not.toContain('Load balancer');
    expect(dirSection).not.toContain('IPsec exemptions');
    expect(dirSection).not.toContain('not rendered');
    expect(dirSection).toContain('All egress allowed on purpose: Director reaches many back ends');
  });

  test('AWS: priorities show as "-" and each role states its AWS rule resource count', () => {
    const awsLines = reportMarkdown([AW]).split('\n');
    const fe = role(AW.plan, 'fe');
    // clients tcp: 2 CIDRs x 2 ranges; clients udp: 2 CIDRs x 1 range; role dir: 1 range; role fe-nlb: 2 ranges (443, 5061)
    expect(fe.awsRules).toHaveLength(9);
    expect(awsLines).toContain('AWS rule resources (one per peer address x transport x range): 9');
    const counts = awsLines.filter((l) => l.startsWith('AWS rule resources')).map((l) => Number(l.split(': ')[1]));
    expect(counts).toEqual(AW.plan.roles.map((rp) => rp.awsRules.length));
    const rows = awsLines.filter((l) => l.startsWith('| ') && !l.startsWith('| rule |') && !l.startsWith('| check |') && !l.startsWith('| MSP-')).map(lead8);
    expect(rows).toHaveLength(allRules(AW.plan).length);
    for (const r of rows) expect(tableCells(r)[1]).toBe('-');
    expect(rows).toContain(`| in-from-net-clients-tcp | - | allow | ingress | ${CLIENTS_TEXT} | tcp | 443,5061 | sfb.fe.https.443 sfb.fe.sip-tls.5061 |`);
    expect(rows).toContain('| out-to-role-fe-tcp | - | allow | egress | role fe | tcp | 443,5061 | sfb.lb.hw.fe.443 sfb.lb.hw.fe.5061 |');
    expect(awsLines).toContain('Load balancer (pass-through, health probe TCP 5061): tcp/443, tcp/5061');
    expect(awsLines.some((l) => l.includes('deny-all'))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

const CSV_HEADER = 'stack,cloud,role,rule,priority,access,direction,peer,transport,ports,catalog_ids,resources,purpose,sources,justification,terraform_addresses';

describe('reportCsv', () => {
  test('header columns exactly as written, one line per planned rule, trailing newline', () => {
    const csv = reportCsv([AZ, AW]);
    expect(csv.endsWith('\n')).toBe(true);
    const lines = csv.slice(0, -1).split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(1 + allRules(AZ.plan).length + allRules(AW.plan).length);
  });

  test('every line parses to exactly the header column count and matches the plan', () => {
    const lines = reportCsv([AZ, AW]).trimEnd().split('\n');
    const head = parseCsvLine(lines[0]);
    const records = lines.slice(1).map(parseCsvLine);
    for (const r of records) expect(r).toHaveLength(head.length);
    const objs = records.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
    const azRows = objs.filter((o) => o.stack === 'prod-az');
    const awsRows = objs.filter((o) => o.stack === 'prod-aws');
    expect(azRows).toHaveLength(allRules(AZ.plan).length);
    expect(awsRows).toHaveLength(allRules(AW.plan).length);

    const feTcp = azRows.find((o) => o.role === 'fe' && o.rule === 'in-from-net-clients-tcp')!;
    expect(feTcp).toEqual({
      stack: 'prod-az',
      cloud: 'azure',
      role: 'fe',
      rule: 'in-from-net-clients-tcp',
      priority: String(rule(role(AZ.plan, 'fe'), 'in-from-net-clients-tcp').priority),
      access: 'allow',
      direction: 'ingress',
      peer: CLIENTS_TEXT,
      transport: 'tcp',
      ports: '443,5061',
      catalog_ids: 'sfb.fe.https.443 sfb.fe.sip-tls.5061',
      resources: '1',
      purpose: 'HTTPS from clients; SIP over TLS from clients',
      sources: 'sfb.fe.https.443: 001_bfb2592f6b08a9aa.txt, Required server ports (by server role), row 12; sfb.fe.sip-tls.5061: 001_bfb2592f6b08a9aa.txt, Required server ports (by server role), row 3',
      justification: '',
      terraform_addresses: '',
    });
    // the ports cell "443,5061" contains a comma, so it is written quoted
    expect(lines).toContain(
      `prod-az,azure,fe,in-from-net-clients-tcp,${feTcp.priority},allow,ingress,${CLIENTS_TEXT},tcp,"443,5061",sfb.fe.https.443 sfb.fe.sip-tls.5061,1,HTTPS from clients; SIP over TLS from clients,"sfb.fe.https.443: 001_bfb2592f6b08a9aa.txt, Required server ports (by server role), row 12; sfb.fe.sip-tls.5061: 001_bfb2592f6b08a9aa.txt, Required server ports (by server role), row 3",,`,
    );

    const awsTcp = awsRows.find((o) => o.role === 'fe' && o.rule === 'in-from-net-clients-tcp')!;
    expect(awsTcp.priority).toBe('');
    expect(awsTcp.resources).toBe('4');
    expect(awsRows.find((o) => o.role === 'fe' && o.rule === 'in-from-net-clients-udp')!.resources).toBe('2');
    expect(awsRows.find((o) => o.role === 'fe' && o.rule === 'in-from-role-dir-tcp')!.resources).toBe('1');
    expect(awsRows.find((o) => o.role === 'fe' && o.rule === 'in-from-role-fe-nlb-tcp')!.resources).toBe('2');
    for (const o of azRows) expect(o.resources).toBe('1');
  });

  test('AWS: the resources column of a role sums to the role\'s AWS rule resources', () => {
    const rows = reportRows([AW]);
    for (const rp of AW.plan.roles) {
      const sum = rows.filter((r) => r.role === rp.name).reduce((n, r) => n + r.resources, 0);
      expect(sum).toBe(rp.awsRules.length);
    }
  });

  test("AWS: a rule's resources count only its own rule resources, even when another rule's name extends it", () => {
    // Peer groups 'sbc' (UDP media) and 'sbc-udp-trunk' (TCP): the rule names are 'in-from-net-sbc-udp'
    // and 'in-from-net-sbc-udp-trunk-tcp'; the second's resource keys also start with 'in-from-net-sbc-udp-'.
    const sbc: Peer = { kind: 'cidrs', name: 'sbc', cidrs: ['10.60.0.0/24'] };
    const trunk: Peer = { kind: 'cidrs', name: 'sbc-udp-trunk', cidrs: ['10.61.0.0/24', '10.62.0.0/24'] };
    const med: RoleIntent = {
      name: 'med',
      path: 'stack/med',
      kind: 'Mediation pool',
      internetFacing: false,
      flows: [flow('ingress', sbc, 'udp', ['49152-57500'], ['sfb.med.media']), flow('ingress', trunk, 'tcp', ['5067', '5068'], ['sfb.med.sip'])],
      listeners: [],
      ipsec: [],
      skipped: [],
      egress: 'declared',
    };
    const plan = awsPlan([med]);
    const rp = role(plan, 'med');
    expect(rp.rules.map((r) => r.name)).toEqual(['in-from-net-sbc-udp', 'in-from-net-sbc-udp-trunk-tcp']);
    expect(rp.awsRules).toHaveLength(1 + 2 * 1); // 1 CIDR x 1 range + 2 CIDRs x 1 merged range 5067-5068
    const rows = reportRows([{ stack: 's', network: 'n', plan }]);
    expect(rows.map((r) => [r.rule, r.resources])).toEqual([
      ['in-from-net-sbc-udp', 1],
      ['in-from-net-sbc-udp-trunk-tcp', 2],
    ]);
    expect(rows.reduce((n, r) => n + r.resources, 0)).toBe(rp.awsRules.length);
  });

  test('cells with commas and double quotes are quoted, inner quotes doubled', () => {
    const lab: Peer = { kind: 'cidrs', name: 'lab, "west"', cidrs: ['10.40.0.0/24'] };
    const r: RoleIntent = {
      name: 'app',
      path: 'stack/app',
      kind: 'app',
      internetFacing: false,
      flows: [flow('ingress', lab, 'tcp', ['8080'], ['custom:web,alt'])],
      listeners: [],
      ipsec: [],
      skipped: [],
      egress: 'declared',
    };
    const plan = azurePlan([r]);
    const csv = reportCsv([{ stack: 's', network: 's/net', plan }]);
    const lines = csv.trimEnd().split('\n');
    const allow = rule(role(plan, 'app'), 'in-from-net-lab-west-tcp');
    expect(lines).toContain(
      `s,azure,app,in-from-net-lab-west-tcp,${allow.priority},allow,ingress,"lab, ""west"" (10.40.0.0/24)",tcp,8080,"custom:web,alt",1,test,"custom:web,alt: written in the program (allowFrom/allowTo)",,`,
    );
    const parsed = lines.map(parseCsvLine);
    for (const p of parsed) expect(p).toHaveLength(16);
    const rec = parsed.find((p) => p[3] === 'in-from-net-lab-west-tcp')!;
    expect(rec[7]).toBe('lab, "west" (10.40.0.0/24)');
    expect(rec[10]).toBe('custom:web,alt');
  });

  test('property: any peer name round-trips through the CSV cell and every line keeps 16 columns', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => /[A-Za-z0-9]/.test(s) && !/[\r\n]/.test(s)), (name) => {
        const peer: Peer = { kind: 'cidrs', name, cidrs: ['10.50.0.0/24'] };
        const r: RoleIntent = {
          name: 'p',
          path: 'stack/p',
          kind: 'p',
          internetFacing: false,
          flows: [flow('ingress', peer, 'udp', ['3478'], ['custom:x'])],
          listeners: [],
          ipsec: [],
          skipped: [],
          egress: 'declared',
        };
        const lines = reportCsv([{ stack: 's', network: 'n', plan: awsPlan([r]) }]).trimEnd().split('\n');
        expect(lines).toHaveLength(2);
        const rec = parseCsvLine(lines[1]);
        expect(rec).toHaveLength(16);
        expect(rec[7]).toBe(`${name} (10.50.0.0/24)`);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

describe('report files written in pieces (one role at a time)', () => {
  test('the JSON pieces make exactly JSON.stringify(document, null, 2), for no, one and several networks', () => {
    for (const inputs of [[], [AZ], [AZ, AW], [AW, AZ, AW]]) {
      const text = [...reportJsonChunks(inputs)].join('');
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect(text).toBe(reportJson(inputs));
    }
    expect(reportJson([])).toBe('[]\n');
    const noRoles = [{ ...AZ, plan: { ...AZ.plan, roles: [] } }];
    expect(JSON.parse(reportJson(noRoles))[0].roles).toEqual([]);
    expect(reportJson(noRoles)).toBe(`${JSON.stringify(JSON.parse(reportJson(noRoles)), null, 2)}\n`);
  });

  test('the Markdown and CSV pieces are whole lines and join to the report', () => {
    const inputs = [AZ, AW];
    for (const [chunks, whole] of [
      [[...reportMarkdownChunks(inputs)], reportMarkdown(inputs)],
      [[...reportCsvChunks(inputs)], reportCsv(inputs)],
      [[...reportChecksCsvChunks(inputs)], reportChecksCsv(inputs)],
    ] as const) {
      expect(chunks.length).toBeGreaterThan(2);
      for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
      expect(chunks.join('')).toBe(whole);
    }
  });

  test('the rules CSV has one line per planned rule and counts AWS rule resources per rule', () => {
    const lines = reportCsv([AW]).trimEnd().split('\n');
    const rules = AW.plan.roles.flatMap((rp) => rp.rules);
    expect(lines).toHaveLength(rules.length + 1);
    const rows = reportRows([AW]);
    for (const [n, r] of rows.entries()) {
      const rp = AW.plan.roles.find((x) => x.name === r.role)!;
      expect(r.resources).toBe(rp.awsRules.filter((a) => a.rule === r.rule && a.direction === r.direction).length);
      expect(r.resources).toBeGreaterThan(0);
      expect(lines[n + 1].startsWith(`${r.stack},${r.cloud},${r.role},${r.rule},`)).toBe(true);
    }
  });
});

// Texts that every format must escape: quotes, backslashes, separators, line breaks, non-ASCII and a lone surrogate.
const ODD = ' "q" \\ |, ; \r\n\u2028 é 😀 \ud800';

/** The fixture with odd texts in every field a user or the planner can fill, a stand-in and notes, and rule addresses. */
function oddInput(input: ReportInput, stack: string): ReportInput {
  const addresses = new Map<string, string[]>();
  const roles = input.plan.roles.map((rp, n) => {
    const name = `${rp.name}${ODD}`;
    const rules = rp.rules.map((r, k) => {
      const odd: PlannedRule = {
        ...r,
        name: `${r.name}${ODD}`,
        description: `${r.description}${ODD}`,
        contributions: r.contributions.map((c, j) => ({ ...c, purpose: `${c.purpose}${ODD}`, ...(j % 2 ? { justification: `why${ODD}` } : {}) })),
      };
      if (k % 3) addresses.set(`${name}|${r.direction}|${odd.name}`, k % 2 ? [`t.a${ODD}`] : ['t.a', 't.b', 't.c']);
      return odd;
    });
    return { ...rp, name, kind: `${rp.kind}${ODD}`, path: `${rp.path}${ODD}`, rules, notes: [`note${ODD}`], ...(n === 0 ? { remote: { members: [`m${ODD}`, 'x'] } } : {}) };
  });
  return { stack: `${stack}${ODD}`, network: `${input.network}${ODD}`, plan: { ...input.plan, roles }, addresses };
}

/** The JSON report as documented, built as objects and stringified: what the pieces must equal byte for byte. */
function documentJson(inputs: readonly ReportInput[]): string {
  const rows = reportRows(inputs);
  let n = 0;
  const doc = inputs.map((i) => ({
    stack: i.stack,
    network: i.network,
    cloud: i.plan.cloud,
    roles: i.plan.roles.map((rp) => ({
      name: rp.name,
      kind: rp.kind,
      ...(rp.productVersion ? { version: rp.productVersion } : {}),
      path: rp.path,
      rules: rp.rules.map((r) => {
        const row = rows[n++];
        return {
          name: r.name,
          priority: i.plan.cloud === 'azure' ? r.priority : null,
          access: r.access,
          direction: r.direction,
          peer: row.peer,
          transport: r.transport,
          ports: row.ports,
          catalogIds: r.catalogIds,
          description: r.description,
          purpose: row.purpose,
          sources: row.sources,
          justification: row.justification,
          addresses: row.addresses,
        };
      }),
      awsRuleResources: rp.awsRules.length,
      ...(rp.remote ? { standInFor: rp.remote.members } : {}),
      listeners: rp.listeners.map((l) => ({ port: l.port, transport: l.transport, catalogIds: l.catalogIds })),
      probePort: rp.probePort ?? null,
      ipsec: rp.ipsec,
      skipped: rp.skipped,
      notes: rp.notes ?? [],
      egressAllowAllReason: rp.egressAllowAllReason ?? null,
    })),
    checks: i.plan.checks ?? null,
  }));
  return `${JSON.stringify(doc, null, 2)}\n`;
}

describe('report texts written field by field', () => {
  const ODD_AZ = oddInput(AZ, 'odd-az');
  const ODD_AW = oddInput(AW, 'odd-aws');
  const sets: ReportInput[][] = [[], [AZ], [AZ, AW], [ODD_AZ], [ODD_AZ, ODD_AW, AZ], [{ ...ODD_AW, plan: { ...ODD_AW.plan, roles: [] } }, ODD_AZ]];

  test('the JSON report is byte for byte JSON.stringify of the document built as objects, odd texts included', () => {
    for (const inputs of sets) expect(reportJson(inputs)).toBe(documentJson(inputs));
    // The odd texts made it through, escaped.
    expect(reportJson([ODD_AZ])).toContain(JSON.stringify(`t.a${ODD}`));
    expect(reportJson([ODD_AZ])).toContain('"standInFor": [');
  });

  test('odd texts are escaped in CSV and Markdown: one line per rule, quotes doubled, pipes escaped', () => {
    const rules = ODD_AZ.plan.roles.flatMap((rp) => rp.rules);
    const csv = reportCsv([ODD_AZ]);
    expect(csv).toContain(`"${rules[0].name.replace(/"/g, '""')}"`);
    const md = reportMarkdown([ODD_AZ]);
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && l.includes(' "q" \\ \\|, ; '));
    expect(rows.length).toBeGreaterThanOrEqual(rules.length);
    // 11 cells: 12 unescaped pipes per row; line breaks flattened.
    for (const r of rows) {
      expect(r.replace(/\\\|/g, '').split('|')).toHaveLength(13);
      expect(r).not.toContain('\r');
    }
  });

  test('writeReport sends every format the same text as its generator, in one pass', () => {
    for (const inputs of sets) {
      const got = { md: '', csv: '', checksCsv: '', json: '' };
      writeReport(inputs, {
        md: (c) => (got.md += c),
        csv: (c) => (got.csv += c),
        checksCsv: (c) => (got.checksCsv += c),
        json: (c) => (got.json += c),
      });
      expect(got).toEqual({ md: reportMarkdown(inputs), csv: reportCsv(inputs), checksCsv: reportChecksCsv(inputs), json: reportJson(inputs) });
      // Formats left out are not made; the others are the same.
      let json = '';
      writeReport(inputs, { json: (c) => (json += c) });
      expect(json).toBe(got.json);
    }
  });
});

describe('reportJson', () => {
  const text = reportJson([AZ, AW]);
  const doc = JSON.parse(text) as Array<{
    stack: string;
    network: string;
    cloud: string;
    roles: Array<{
      name: string;
      kind: string;
      path: string;
      rules: Array<{ name: string; priority: number | null; access: string; direction: string; peer: string; transport: string; ports: string; catalogIds: string[]; description: string }>;
      awsRuleResources: number;
      listeners: Array<{ port: number; transport: string; catalogIds: string[] }>;
      probePort: number | null;
      ipsec: IpsecNote[];
      skipped: SkippedEntry[];
      egressAllowAllReason: string | null;
    }>;
  }>;

  test('parses, pretty-printed with a trailing newline, one entry per input', () => {
    expect(text.endsWith('}\n]\n')).toBe(true);
    expect(doc.map((d) => [d.stack, d.network, d.cloud])).toEqual([
      ['prod-az', 'prod-az/net', 'azure'],
      ['prod-aws', 'prod-aws/net', 'aws'],
    ]);
  });

  test('roles and rules match the plan (names, priorities, peers, ports, catalog ids, descriptions)', () => {
    for (const [i, input] of [AZ, AW].entries()) {
      const d = doc[i];
      expect(d.roles.map((r) => [r.name, r.kind, r.path])).toEqual(input.plan.roles.map((r) => [r.name, r.kind, r.path]));
      for (const [j, rp] of input.plan.roles.entries()) {
        const jr = d.roles[j];
        expect(jr.rules.map((r) => r.name)).toEqual(rp.rules.map((r) => r.name));
        expect(jr.rules.map((r) => r.catalogIds)).toEqual(rp.rules.map((r) => [...r.catalogIds]));
        expect(jr.rules.map((r) => r.description)).toEqual(rp.rules.map((r) => r.description));
        expect(jr.rules.map((r) => r.priority)).toEqual(rp.rules.map((r) => (input.plan.cloud === 'azure' ? r.priority : null)));
        expect(jr.awsRuleResources).toBe(rp.awsRules.length);
      }
    }
    const awsFe = doc[1].roles.find((r) => r.name === 'fe')!;
    expect(awsFe.rules.every((r) => r.priority === null)).toBe(true);
    expect(awsFe.awsRuleResources).toBe(9);
    const azFe = doc[0].roles.find((r) => r.name === 'fe')!;
    expect(azFe.awsRuleResources).toBe(0);
    expect(azFe.rules.find((r) => r.name === 'in-from-net-clients-tcp')).toMatchObject({
      access: 'allow',
      direction: 'ingress',
      peer: CLIENTS_TEXT,
      transport: 'tcp',
      ports: '443,5061',
      catalogIds: ['sfb.fe.https.443', 'sfb.fe.sip-tls.5061'],
      priority: rule(role(AZ.plan, 'fe'), 'in-from-net-clients-tcp').priority,
    });
    expect(azFe.rules.find((r) => r.name === 'deny-all-inbound')).toMatchObject({ priority: 4096, access: 'deny', peer: 'any', transport: 'all', ports: 'all', catalogIds: [] });
  });

  test('listeners, probe port, IPsec notes, skipped entries and egress reason are carried over', () => {
    const azFe = doc[0].roles.find((r) => r.name === 'fe')!;
    expect(azFe.listeners).toEqual([
      { port: 443, transport: 'tcp', catalogIds: ['sfb.lb.hw.fe.443'] },
      { port: 5061, transport: 'tcp', catalogIds: ['sfb.lb.hw.fe.5061'] },
    ]);
    expect(azFe.probePort).toBe(5061);
    expect(azFe.ipsec).toEqual([IPSEC_IN, IPSEC_OUT]);
    expect(azFe.skipped).toEqual([SKIPPED]);
    expect(azFe.egressAllowAllReason).toBeNull();

    const azDir = doc[0].roles.find((r) => r.name === 'dir')!;
    expect(azDir.listeners).toEqual([]);
    expect(azDir.probePort).toBeNull();
    expect(azDir.ipsec).toEqual([]);
    expect(azDir.skipped).toEqual([]);
    expect(azDir.egressAllowAllReason).toBe('Director reaches many back ends');

    const nlb = doc[1].roles.find((r) => r.name === 'fe-nlb')!;
    expect(nlb.kind).toBe('network load balancer of fe');
    expect(nlb.probePort).toBeNull();
    expect(nlb.awsRuleResources).toBe(role(AW.plan, 'fe-nlb').awsRules.length);
  });
});

// ---------------------------------------------------------------------------------------------
// PowerShell
// ---------------------------------------------------------------------------------------------

describe('ipsecPowerShell', () => {
  const fe = role(AZ.plan, 'fe');
  const ps = ipsecPowerShell(fe);
  const lines = ps.trimEnd().split('\n');

  test('has the elevation requirement and stop-on-error preamble', () => {
    expect(ps.endsWith('\n')).toBe(true);
    expect(lines[0]).toBe('# IPsec exemptions for Skype for Business Front End pool "fe" (cdktf-ms-ports; source: Skype for Business Server');
    expect(lines).toContain('#Requires -RunAsAdministrator');
    expect(lines).toContain("$ErrorActionPreference = 'Stop'");
  });

  test('one Remove + New pair per (note, transport), in note order', () => {
    const gets = lines.filter((l) => l.startsWith('Get-NetIPsecRule '));
    const news = lines.filter((l) => l.startsWith('New-NetIPsecRule '));
    const pairs = fe.ipsec.reduce((n, note) => n + note.transports.length, 0);
    expect(pairs).toBe(4);
    expect(gets).toHaveLength(pairs);
    expect(news).toHaveLength(pairs);
    expect(lines).toHaveLength(5 + 2 * pairs);
    const names = [
      'ms-ports fe A/V Conferencing Inbound UDP',
      'ms-ports fe A/V Conferencing Inbound TCP',
      'ms-ports fe Client Media Outbound UDP',
      'ms-ports fe Client Media Outbound TCP',
    ];
    for (const [k, name] of names.entries()) {
      const get = lines[5 + 2 * k];
      const add = lines[6 + 2 * k];
      expect(get).toBe(`Get-NetIPsecRule -DisplayName '${name}' -ErrorAction SilentlyContinue | Remove-NetIPsecRule`);
      expect(add.startsWith(`New-NetIPsecRule -DisplayName '${name}' `)).toBe(true);
      expect(add).toContain(` -Protocol ${name.slice(-3)} `);
      expect(add.endsWith(' -InboundSecurity None -OutboundSecurity None | Out-Null')).toBe(true);
    }
    expect(lines[6]).toBe(
      "New-NetIPsecRule -DisplayName 'ms-ports fe A/V Conferencing Inbound UDP' -Description 'sfb.ipsec.av-conf.in: Exempt conferencing media arriving at Front End Servers from IPsec negotiation.' -Protocol UDP -InboundSecurity None -OutboundSecurity None | Out-Null",
    );
  });

  test("-LocalPort '1024-65535' only on the outbound note with the media range", () => {
    const news = lines.filter((l) => l.startsWith('New-NetIPsecRule '));
    const withLocal = news.filter((l) => l.includes('-LocalPort'));
    expect(withLocal).toHaveLength(2);
    for (const l of withLocal) {
      expect(l).toContain("'ms-ports fe Client Media Outbound ");
      expect(l).toContain(" -LocalPort '1024-65535' -InboundSecurity None");
    }
    for (const l of news.filter((x) => x.includes('A/V Conferencing Inbound'))) expect(l).not.toContain('-LocalPort');
  });

  test('an outbound note with source ports "any" gets no -LocalPort', () => {
    const out: IpsecNote = { ...IPSEC_OUT, catalogId: 'sfb.ipsec.av-conf.out', ruleName: 'A/V Conferencing Outbound', sourcePorts: 'any' };
    const script = ipsecPowerShell({ ...fe, ipsec: [out] });
    expect(script).not.toContain('-LocalPort');
    expect(script.split('\n').filter((l) => l.startsWith('New-NetIPsecRule'))).toHaveLength(2);
  });

  test("ASCII single quotes inside names and descriptions are doubled", () => {
    const note: IpsecNote = { ...IPSEC_IN, catalogId: 'custom:pool', ruleName: "Pool's Media Inbound", transports: ['udp'], reason: "Exempt the pool's media; it's negotiated by 'ICE'." };
    const script = ipsecPowerShell({ ...fe, ipsec: [note] });
    expect(script).toContain("Get-NetIPsecRule -DisplayName 'ms-ports fe Pool''s Media Inbound UDP' -ErrorAction SilentlyContinue | Remove-NetIPsecRule");
    expect(script).toContain(
      "New-NetIPsecRule -DisplayName 'ms-ports fe Pool''s Media Inbound UDP' -Description 'custom:pool: Exempt the pool''s media; it''s negotiated by ''ICE''.' -Protocol UDP -InboundSecurity None -OutboundSecurity None | Out-Null",
    );
    const add = script.split('\n').find((l) => l.startsWith('New-NetIPsecRule'))!;
    const { literals, outside } = psLiterals(add);
    expect(literals).toEqual(["ms-ports fe Pool's Media Inbound UDP", "custom:pool: Exempt the pool's media; it's negotiated by 'ICE'."]);
    expect(outside).toBe('New-NetIPsecRule -DisplayName  -Description  -Protocol UDP -InboundSecurity None -OutboundSecurity None | Out-Null');
  });

  test('typographic apostrophes (which PowerShell also treats as single quotes) do not end the literal', () => {
    // PowerShell's about_Quoting_Rules: U+2018, U+2019, U+201A and U+201B delimit single-quoted strings too,
    // so text pasted from Microsoft docs ("pool’s") must have them doubled as well.
    const note: IpsecNote = { ...IPSEC_IN, catalogId: 'custom:pool', ruleName: 'Pool’s Media Inbound', transports: ['tcp'], reason: 'Exempt the pool’s media.' };
    const script = ipsecPowerShell({ ...fe, ipsec: [note] });
    const add = script.split('\n').find((l) => l.startsWith('New-NetIPsecRule'))!;
    const { literals, outside } = psLiterals(add);
    expect(literals).toEqual(['ms-ports fe Pool’s Media Inbound TCP', 'custom:pool: Exempt the pool’s media.']);
    expect(outside).toBe('New-NetIPsecRule -DisplayName  -Description  -Protocol TCP -InboundSecurity None -OutboundSecurity None | Out-Null');
  });

  test('a role without IPsec notes gets only the preamble', () => {
    const script = ipsecPowerShell(role(AZ.plan, 'dir'));
    expect(script.trimEnd().split('\n')).toHaveLength(5);
    expect(script).not.toContain('NetIPsecRule');
  });
});

// ---------------------------------------------------------------------------------------------
// Summary lines
// ---------------------------------------------------------------------------------------------

describe('summaryLines', () => {
  test('Azure: one header per role with counts equal to the plan, one line per rule, listener line', () => {
    const out = summaryLines('prod-az', AZ.plan);
    const heads = out.filter((l) => !l.startsWith('    '));
    expect(heads).toHaveLength(AZ.plan.roles.length);
    for (const rp of AZ.plan.roles) {
      const inbound = rp.rules.filter((r) => r.direction === 'ingress').length;
      const outbound = rp.rules.filter((r) => r.direction === 'egress').length;
      expect(heads).toContain(
        `prod-az / ${rp.name} (${rp.kind}): ${inbound} inbound + ${outbound} outbound rules, ${rp.listeners.length} listeners, ${rp.ipsec.length} IPsec exemptions, ${rp.skipped.length} entries skipped`,
      );
    }
    expect(heads[0]).toBe('prod-az / fe (Skype for Business Front End pool): 5 inbound + 1 outbound rules, 2 listeners, 2 IPsec exemptions, 1 entries skipped');
    expect(heads[1]).toBe('prod-az / dir (Skype for Business Director pool): 1 inbound + 1 outbound rules, 0 listeners, 0 IPsec exemptions, 0 entries skipped');

    const ruleLines = out.filter((l) => /^ {4}(in |out) /.test(l));
    expect(ruleLines).toHaveLength(allRules(AZ.plan).length);
    const tcp = rule(role(AZ.plan, 'fe'), 'in-from-net-clients-tcp');
    expect(ruleLines).toContain(`    in  ${String(tcp.priority).padStart(4)} allow tcp ${'443,5061'.padEnd(28)} ${CLIENTS_TEXT}`);
    expect(ruleLines).toContain(`    in  4096 deny  all ${'all'.padEnd(28)} any`);
    expect(ruleLines).toContain(`    out 4096 deny  all ${'all'.padEnd(28)} any`);
    expect(out.filter((l) => l.startsWith('    listeners:'))).toEqual(['    listeners: tcp/443 tcp/5061 (probe 5061)']);
    expect(out).toHaveLength(AZ.plan.roles.length + allRules(AZ.plan).length + 1);
  });

  test('AWS: headers add the AWS rule resource count; rule lines carry no priority', () => {
    const out = summaryLines('prod-aws', AW.plan);
    const heads = out.filter((l) => !l.startsWith('    '));
    expect(heads).toHaveLength(AW.plan.roles.length);
    for (const rp of AW.plan.roles) {
      const inbound = rp.rules.filter((r) => r.direction === 'ingress').length;
      const outbound = rp.rules.filter((r) => r.direction === 'egress').length;
      expect(heads).toContain(
        `prod-aws / ${rp.name} (${rp.kind}): ${inbound} inbound + ${outbound} outbound rules (${rp.awsRules.length} AWS rule resources), ${rp.listeners.length} listeners, ${rp.ipsec.length} IPsec exemptions, ${rp.skipped.length} entries skipped`,
      );
    }
    expect(heads[0]).toBe('prod-aws / fe (Skype for Business Front End pool): 4 inbound + 0 outbound rules (9 AWS rule resources), 2 listeners, 2 IPsec exemptions, 1 entries skipped');
    const ruleLines = out.filter((l) => /^ {4}(in |out) /.test(l));
    expect(ruleLines).toHaveLength(allRules(AW.plan).length);
    expect(ruleLines).toContain(`    in  allow udp ${'50000-50010'.padEnd(28)} ${CLIENTS_TEXT}`);
    expect(ruleLines).toContain(`    in  allow tcp ${'5061'.padEnd(28)} role dir`);
  });
});

// ---------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------

describe('determinism', () => {
  test('the same input gives byte-identical markdown, csv and json (fresh plans from fresh intents)', () => {
    const again = (): ReportInput[] => [
      { stack: 'prod-az', network: 'prod-az/net', plan: azurePlan(intents()) },
      { stack: 'prod-aws', network: 'prod-aws/net', plan: awsPlan(intents()) },
    ];
    const a = again();
    const b = again();
    expect(a[0].plan).not.toBe(b[0].plan);
    expect(reportMarkdown(a)).toBe(reportMarkdown(b));
    expect(reportCsv(a)).toBe(reportCsv(b));
    expect(reportJson(a)).toBe(reportJson(b));
    expect(ipsecPowerShell(role(a[0].plan, 'fe'))).toBe(ipsecPowerShell(role(b[0].plan, 'fe')));
    expect(summaryLines('x', a[1].plan)).toEqual(summaryLines('x', b[1].plan));
    // and the module-level fixtures agree with the fresh ones
    expect(reportMarkdown(a)).toBe(reportMarkdown([AZ, AW]));
  });

  test('flow order in the intent does not change the report', () => {
    const base = intents();
    const shuffled = base.map((r) => ({ ...r, flows: [...r.flows].reverse(), listeners: [...r.listeners].reverse() }));
    const x = [{ stack: 's', network: 'n', plan: azurePlan(base) }];
    const y = [{ stack: 's', network: 'n', plan: azurePlan(shuffled) }];
    expect(reportMarkdown(y)).toBe(reportMarkdown(x));
    expect(reportCsv(y)).toBe(reportCsv(x));
  });
});
