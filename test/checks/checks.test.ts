/** Every check fires on a bad fixture and stays quiet on the examples; suppressions need a reason and must match. */
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsNetwork } from '../../lib/aws/network';
import { MS_PORTS_PACK, type CheckPack } from '../../lib/checks';
import type { Flow, Peer, RoleIntent } from '../../lib/model/intent';
import { parsePorts } from '../../lib/model/ports';
import { planNetwork, type NetworkPlan } from '../../lib/plan/planner';
import { AWS_PROFILE, AZURE_PROFILE } from '../../lib/plan/profiles';
import { WindowsServer } from '../../lib/windows/windows-server';
import { ActiveDirectoryAwsStack } from '../../examples/active-directory/aws';
import { ActiveDirectoryAzureStack } from '../../examples/active-directory/azure';
import { SkypeFrontEndAwsStack } from '../../examples/skype-front-end/aws';
import { SkypeFrontEndAzureStack } from '../../examples/skype-front-end/azure';
import { SkypeSiteAwsStack } from '../../examples/skype-site/aws';
import { SkypeSiteAzureStack } from '../../examples/skype-site/azure';
import { CLOUDS, newStack, synthJson } from '../support/stacks';
import { thrown } from '../support/errors';

const clients: Peer = { kind: 'cidrs', name: 'clients', cidrs: ['10.30.0.0/16'] };
const flow = (ports: string[], extra: Partial<Flow> = {}): Flow => ({
  direction: 'ingress',
  peer: clients,
  transport: 'tcp',
  ports: parsePorts(ports),
  catalogIds: [`test.${ports.join('_')}`],
  purpose: 'test',
  ...extra,
});
const role = (name: string, flows: Flow[], extra: Partial<RoleIntent> = {}): RoleIntent => ({
  name,
  path: `stack/${name}`,
  kind: 'test role',
  internetFacing: false,
  flows,
  listeners: [],
  ipsec: [],
  skipped: [],
  egress: 'declared',
  ...extra,
});
const plan = (cloud: 'azure' | 'aws', roles: RoleIntent[], extra: { quota?: number; packs?: CheckPack[] } = {}) =>
  planNetwork(roles, { profile: cloud === 'azure' ? AZURE_PROFILE : AWS_PROFILE, path: 'stack/net', awsRulesPerSecurityGroup: extra.quota, checkPacks: extra.packs });
const ids = (p: NetworkPlan) => [...new Set(p.checks!.findings.map((f) => f.check))].sort();
const errorOf = thrown;

describe('each check fires on a bad fixture', () => {
  test('MSP-INTERNET-MGMT: RDP from the internet on an internet-facing role; cannot be suppressed', () => {
    const edge = role('edge', [flow(['3389'], { peer: { kind: 'internet' } })], { internetFacing: true });
    expect(errorOf(() => plan('aws', [edge])).problem).toMatch(/^\[MSP-INTERNET-MGMT\] management port\(s\) 3389/);
    const waived = { ...edge, suppressions: [{ id: 'MSP-INTERNET-MGMT', reason: 'lab only, torn down nightly' }] };
    expect(errorOf(() => plan('aws', [waived])).problem).toMatch(/cannot be suppressed/);
  });

  test('MSP-INTERNET-EXPOSURE: suppressible with a reason, which the report keeps', () => {
    const r = role('web', [flow(['443'], { peer: { kind: 'cidrs', name: 'clients', cidrs: ['0.0.0.0/1', '128.0.0.0/1'] } })]);
    expect(errorOf(() => plan('azure', [r])).problem).toMatch(/MSP-INTERNET-EXPOSURE/);
    const p = plan('azure', [{ ...r, suppressions: [{ id: 'MSP-INTERNET-EXPOSURE', reason: 'public web front, approved by CAB-1234' }] }]);
    expect(p.checks!.findings).toEqual([
      expect.objectContaining({ check: 'MSP-INTERNET-EXPOSURE', status: 'suppressed', reason: 'public web front, approved by CAB-1234', role: 'web' }),
    ]);
  });

  test('MSP-AZURE-SHADOWED: a rule covered by a higher-precedence rule never matches', () => {
    const wide: Peer = { kind: 'cidrs', name: 'wide', cidrs: ['10.0.0.0/8'] };
    const p = plan('azure', [role('a', [flow(['443', '5061']), flow(['443'], { peer: wide })])]);
    // 10.0.0.0/8 on 443 does not cover clients on 443 and 5061, whatever the priorities: no shadow
    expect(p.checks!.findings.filter((f) => f.check === 'MSP-AZURE-SHADOWED')).toEqual([]);
    // a true shadow: same peer ranges under two names, the lower-priority one covered
    const twin: Peer = { kind: 'cidrs', name: 'twin', cidrs: ['10.30.0.0/16'] };
    const p2 = plan('azure', [role('a', [flow(['443', '5061']), flow(['443', '5061'], { peer: twin })])]);
    const [first, second] = [...p2.roles[0].rules].filter((r) => r.access === 'allow').sort((x, y) => x.priority - y.priority);
    expect(p2.checks!.findings.filter((f) => f.check === 'MSP-AZURE-SHADOWED').map((f) => f.rule)).toEqual([second.name]);
    expect(p2.checks!.findings.find((f) => f.check === 'MSP-AZURE-SHADOWED')!.problem).toContain(`"${first.name}"`);
  });

  test('MSP-DUPLICATE and MSP-AWS-DUPLICATE: the same CIDR in two peer props', () => {
    const twin: Peer = { kind: 'cidrs', name: 'servers', cidrs: ['10.30.0.0/16'] };
    const r = role('a', [flow(['5061']), flow(['5061', '5062'], { peer: twin })]);
    expect(ids(plan('azure', [r]))).toEqual(expect.arrayContaining(['MSP-DUPLICATE']));
    const e = errorOf(() => plan('aws', [role('a', [flow(['5061']), flow(['5061'], { peer: twin })])]));
    expect(e.problem).toMatch(/^\[MSP-AWS-DUPLICATE\] .*AWS refuses the second at apply/);
    expect(e.fix).not.toMatch(/suppress/);
  });

  test('MSP-QUOTA-HEADROOM: 55 of 60 AWS rules', () => {
    const peer: Peer = { kind: 'cidrs', name: 'clients', cidrs: Array.from({ length: 55 }, (_, i) => `10.${i}.0.0/16`) };
    const p = plan('aws', [role('a', [flow(['443'], { peer })])]);
    expect(p.checks!.findings.filter((f) => f.check === 'MSP-QUOTA-HEADROOM').map((f) => f.problem)).toEqual(['the security group uses 55 of 60 inbound IPv4 rules (less than 10 % headroom)']);
    expect(ids(plan('aws', [role('a', [flow(['443'], { peer })])], { quota: 100 }))).not.toContain('MSP-QUOTA-HEADROOM');
  });

  test('MSP-QUOTA-HEADROOM: counted per security group when a role spreads over several', () => {
    const peer: Peer = { kind: 'cidrs', name: 'clients', cidrs: Array.from({ length: 100 }, (_, i) => `10.${i}.0.0/16`) };
    const p = plan('aws', [role('a', [flow(['443'], { peer })])]);
    expect(p.roles[0].awsSecurityGroups).toBe(2);
    expect(p.checks!.findings.map((f) => f.problem)).toEqual(['the security group 1 of 2 uses 60 of 60 inbound IPv4 rules (less than 10 % headroom)']);
  });

  test('MSP-UNREACHABLE: a role nothing reaches', () => {
    const p = plan('azure', [role('a', [flow(['443'], { direction: 'egress' })])]);
    expect(p.checks!.findings.map((f) => f.check)).toEqual(['MSP-UNREACHABLE']);
  });

  test('MSP-EGRESS-ALL and MSP-JUSTIFIED: shown to reviewers with the reason', () => {
    const p = plan('aws', [role('a', [flow(['443']), flow(['8443'], { peer: { kind: 'internet' }, justification: 'partner callback, ticket 42' })], { egress: { allowAllReason: 'patching from many mirrors' } })]);
    expect(ids(p)).toEqual(['MSP-EGRESS-ALL', 'MSP-JUSTIFIED']);
    expect(p.checks!.findings.map((f) => f.problem).join('\n')).toMatch(/patching from many mirrors[\s\S]*partner callback, ticket 42/);
  });

  test('the default pack lists every check once, with title and reason', () => {
    const list = MS_PORTS_PACK.checks.map((c) => c.id);
    expect(new Set(list).size).toBe(list.length);
    expect(list).toEqual(expect.arrayContaining(['MSP-INTERNET-MGMT', 'MSP-INTERNET-EXPOSURE', 'MSP-AZURE-SHADOWED', 'MSP-DUPLICATE', 'MSP-AWS-DUPLICATE', 'MSP-QUOTA-HEADROOM', 'MSP-UNREACHABLE', 'MSP-EGRESS-ALL', 'MSP-JUSTIFIED']));
    for (const c of MS_PORTS_PACK.checks) expect(c.why.length).toBeGreaterThan(20);
  });
});

describe('suppressions', () => {
  const r = role('a', [flow(['443'], { direction: 'egress' })]);
  test.each([
    [{ id: 'MSP-UNREACHABLE', reason: '' }, /not a written reason/],
    [{ id: 'MSP-UNREACHABLE', reason: 'because' }, /not a written reason/],
    [{ id: 'MSP-UNREACHABLE', reason: 'a reason with a <tag> in it' }, /reason for suppressing MSP-UNREACHABLE "a reason with a <tag> in it" cannot go into a rule description/],
    [{ id: 'MSP-NOPE', reason: 'this check does not exist' }, /which no pack defines/],
    [{ id: 'MSP-EGRESS-ALL', reason: 'nothing to waive on this role' }, /matches no finding/],
    [{ id: 'MSP-UNREACHABLE', reason: 'only on one rule name', rules: ['in-from-x'] }, /matches no finding/],
  ])('%o is refused', (s, re) => {
    expect(errorOf(() => plan('azure', [{ ...r, suppressions: [s] }])).problem).toMatch(re);
  });

  test.each(CLOUDS)('on a construct: suppress() refuses a short reason at once; a good one shows in the plan (%s)', (cloud) => {
    const b = newStack(cloud);
    const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] });
    expect(() => fs.suppress('MSP-INTERNET-EXPOSURE', 'ok')).toThrow(/reason for suppressing MSP-INTERNET-EXPOSURE "ok" cannot go into a rule description/);
    fs.allowTo(['0.0.0.0/1', '128.0.0.0/1'], 443, { label: 'updates' });
    fs.suppress('MSP-INTERNET-EXPOSURE', 'Windows Update from anywhere, CAB-77');
    synthJson(b.stack);
    expect(b.network.plan().checks!.findings).toEqual([expect.objectContaining({ check: 'MSP-INTERNET-EXPOSURE', status: 'suppressed', reason: 'Windows Update from anywhere, CAB-77' })]);
  });
});

describe('platform engineers add their own pack with the same API', () => {
  const noSql: CheckPack = {
    name: 'acme',
    checks: [
      {
        id: 'ACME-NO-SQL-FROM-CLIENTS',
        title: 'SQL Server only from the app tier (security group references)',
        why: 'Our standard: client networks never talk to SQL Server directly.',
        level: 'error',
        run: (ctx) =>
          ctx.role.rules
            .filter((r) => r.direction === 'ingress' && r.peer.kind === 'cidrs' && r.ports.some((p) => p.from <= 1433 && 1433 <= p.to))
            .map((r) => ({ rule: r.name, problem: `rule "${r.name}" admits address ranges on SQL 1433`, fix: 'admit the app tier instead' })),
      },
    ],
  };
  test.each(CLOUDS)('fires, names the rule, can be suppressed (%s)', (cloud) => {
    const bad = role('db', [flow(['1433'])]);
    expect(errorOf(() => plan(cloud, [bad], { packs: [noSql] })).problem).toBe('[ACME-NO-SQL-FROM-CLIENTS] rule "in-from-net-clients-tcp" admits address ranges on SQL 1433');
    expect(plan(cloud, [role('db', [flow(['443'])])], { packs: [noSql] }).checks!.summary.find((s) => s.check === 'ACME-NO-SQL-FROM-CLIENTS')).toMatchObject({ pack: 'acme', failed: 0, roles: 1 });
    const ok = plan(cloud, [{ ...bad, suppressions: [{ id: 'ACME-NO-SQL-FROM-CLIENTS', reason: 'legacy reporting tool until 2027', rules: ['in-from-net-clients-tcp'] }] }], { packs: [noSql] });
    expect(ok.checks!.findings).toEqual([expect.objectContaining({ pack: 'acme', status: 'suppressed', rule: 'in-from-net-clients-tcp' })]);
  });
  test('a pack on the network binding runs at synth', () => {
    const b = newStack('aws', { checkPacks: [noSql] });
    const fs = new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'] });
    fs.allowFrom(['10.20.0.0/16'], 1433, { label: 'reporting-sql' });
    expect(() => synthJson(b.stack)).toThrow(/ACME-NO-SQL-FROM-CLIENTS/);
  });
  test('a check id clash between packs is refused', () => {
    expect(errorOf(() => plan('aws', [role('a', [flow(['443'])])], { packs: [{ name: 'x', checks: [MS_PORTS_PACK.checks[0]] }] })).problem).toMatch(/defined by pack "ms-ports" and pack "x"/);
  });
});

test('the examples pass every check with no finding at all', () => {
  const app = new App({ outdir: require('os').tmpdir() + '/ms-ports-checks-examples', context: { 'cdktf-ms-ports:report': 'off' } });
  const stacks = [
    new SkypeFrontEndAzureStack(app, 'skype-front-end-azure'),
    new SkypeFrontEndAwsStack(app, 'skype-front-end-aws'),
    new ActiveDirectoryAzureStack(app, 'active-directory-azure'),
    new ActiveDirectoryAwsStack(app, 'active-directory-aws'),
    new SkypeSiteAzureStack(app, 'skype-site-azure'),
    new SkypeSiteAwsStack(app, 'skype-site-aws'),
  ];
  for (const s of stacks) {
    const checks = s.network.plan().checks!;
    expect(checks.findings).toEqual([]);
    expect(checks.summary.length).toBe(MS_PORTS_PACK.checks.length);
    expect(checks.summary.every((c) => c.roles > 0)).toBe(true);
  }
});

test('warnings are printed at synth with path, check and fix, unless the app silences them', () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const app = new App({ outdir: require('os').tmpdir() + '/ms-ports-warn', context: { 'cdktf-ms-ports:report': 'off' } });
    const b = newStackIn(app);
    new WindowsServer(b.stack, 'fs', { network: b.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'], allowAllEgress: { reason: 'patching from many mirrors' } });
    app.synth();
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      '[cdktf-ms-ports] warning MSP-EGRESS-ALL w/fs: all egress is allowed, for the reason "patching from many mirrors". Fix: declare the flows the role sends (allowTo) and drop allowAllEgress, or suppress this check with the same reason',
    ]);
    warn.mockClear();
    const quiet = new App({ outdir: require('os').tmpdir() + '/ms-ports-warn2', context: { 'cdktf-ms-ports:report': 'off', 'cdktf-ms-ports:warnings': 'off' } });
    const q = newStackIn(quiet);
    new WindowsServer(q.stack, 'fs', { network: q.network, name: 'fs01', services: ['smb'], clients: ['10.20.0.0/16'], allowAllEgress: { reason: 'patching from many mirrors' } });
    quiet.synth();
    expect(warn).not.toHaveBeenCalled();
  } finally {
    warn.mockRestore();
  }
});

function newStackIn(app: App) {
  const stack = new TerraformStack(app, 'w');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return { stack, network: new AwsNetwork(stack, 'net', { vpcId: 'vpc-1' }) };
}
