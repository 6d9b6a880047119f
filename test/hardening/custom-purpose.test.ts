/**
 * The `purpose` of a custom rule (allowFrom/allowTo option) appears in the report, as its TSDoc
 * promises: Markdown lists each custom rule with its purpose; JSON carries it on the rule.
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

  test('Markdown lists each custom rule with its purpose (or the default one)', () => {
    const md = reportMarkdown(build());
    expect(md).toContain('Custom rules (allowFrom / allowTo):');
    expect(md).toMatch(/- custom:scom-sip-probe in `in-from-net-monitoring-tcp`: SCOM synthetic SIP transaction probe/);
    expect(md).toMatch(/- custom:syslog in `out-to-net-custom-syslog-udp`: custom rule syslog/);
  });

  test('JSON carries the purpose on the rule', () => {
    const doc = JSON.parse(reportJson(build())) as { roles: { name: string; rules: { name: string; customRules?: { id: string; purpose: string }[] }[] }[] }[];
    const fe = doc[0].roles.find((r) => r.name === 'fe-pool1')!;
    const rule = fe.rules.find((r) => r.name === 'in-from-net-monitoring-tcp')!;
    expect(rule.customRules).toEqual([{ id: 'custom:scom-sip-probe', purpose: 'SCOM synthetic SIP transaction probe' }]);
    expect(fe.rules.filter((r) => !r.customRules).length).toBeGreaterThan(5);
  });
});
