/**
 * The `purpose` of a custom rule (allowFrom/allowTo option) appears in the report, as its TSDoc
 * promises: in the Markdown purpose column and on the JSON rule.
 */
import { reportJson, reportMarkdown } from '../../lib/report/report';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { CLOUDS, newStack, synthJson } from '../support/stacks';

describe.each(CLOUDS)('custom rule purpose in the report (%s)', (cloud) => {
  const build = () => {
    const b = newStack(cloud);
    const pool = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: ['10.30.0.0/16'] });
    pool.allowFrom({ name: 'monitoring', cidrs: ['10.99.0.0/24'] }, 5061, { label: 'scom-sip-probe', purpose: 'SCOM synthetic SIP transaction probe' });
    pool.allowTo('10.98.0.0/24', 514, { label: 'syslog', transport: 'udp' });
    synthJson(b.stack);
    return [{ stack: b.stack.node.id, network: b.network.node.path, plan: b.network.plan() }];
  };

  test('Markdown shows each custom rule with its purpose (or the default one)', () => {
    const md = reportMarkdown(build());
    const row = (rule: string) => md.split('\n').find((l) => l.startsWith(`| ${rule} |`)) ?? '';
    expect(row('in-from-net-monitoring-tcp')).toContain('| SCOM synthetic SIP transaction probe |');
    expect(row('out-to-net-custom-syslog-udp')).toContain('| custom rule syslog |');
  });

  test('JSON carries the purpose on the rule', () => {
    const doc = JSON.parse(reportJson(build())) as { roles: { name: string; rules: { name: string; purpose: string; sources: string[] }[] }[] }[];
    const fe = doc[0].roles.find((r) => r.name === 'fe-pool1')!;
    expect(fe.rules.find((r) => r.name === 'in-from-net-monitoring-tcp')!.purpose).toBe('SCOM synthetic SIP transaction probe');
    expect(fe.rules.find((r) => r.name === 'out-to-net-custom-syslog-udp')!.purpose).toBe('custom rule syslog');
  });
});
