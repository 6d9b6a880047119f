/**
 * `npm run synth`: synthesizes every example stack to cdktf.out/ and prints, per stack and role,
 * the rules and listeners it got. Also writes the firewall report (Markdown, CSV, JSON) and the
 * IPsec exemption scripts to cdktf.out/reports/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import type { NetworkBinding } from '../lib/core/binding';
import { ipsecPowerShell, reportCsv, reportJson, reportMarkdown, summaryLines, type ReportInput } from '../lib/report/report';
import { ActiveDirectoryAwsStack } from './active-directory/aws';
import { ActiveDirectoryAzureStack } from './active-directory/azure';
import { SkypeFrontEndAwsStack } from './skype-front-end/aws';
import { SkypeFrontEndAzureStack } from './skype-front-end/azure';
import { SkypeSiteAwsStack } from './skype-site/aws';
import { SkypeSiteAzureStack } from './skype-site/azure';
import { EgressAwsStack } from './egress/aws';
import { EgressAzureStack } from './egress/azure';

const started = process.hrtime.bigint();
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
const stacks: { name: string; network: NetworkBinding }[] = [];
const fe1 = new SkypeFrontEndAzureStack(app, 'skype-front-end-azure');
stacks.push({ name: 'skype-front-end-azure', network: fe1.network });
const fe2 = new SkypeFrontEndAwsStack(app, 'skype-front-end-aws');
stacks.push({ name: 'skype-front-end-aws', network: fe2.network });
const ad1 = new ActiveDirectoryAzureStack(app, 'active-directory-azure');
stacks.push({ name: 'active-directory-azure', network: ad1.network });
const ad2 = new ActiveDirectoryAwsStack(app, 'active-directory-aws');
stacks.push({ name: 'active-directory-aws', network: ad2.network });
const site1 = new SkypeSiteAzureStack(app, 'skype-site-azure');
stacks.push({ name: 'skype-site-azure', network: site1.network });
const site2 = new SkypeSiteAwsStack(app, 'skype-site-aws');
stacks.push({ name: 'skype-site-aws', network: site2.network });
const eg1 = new EgressAzureStack(app, 'egress-azure');
stacks.push({ name: 'egress-azure', network: eg1.network });
const eg2 = new EgressAwsStack(app, 'egress-aws');
stacks.push({ name: 'egress-aws', network: eg2.network });

app.synth();

const inputs: ReportInput[] = stacks.map((s) => ({ stack: s.name, network: s.network.node.path, plan: s.network.plan() }));
const reports = path.join(app.outdir, 'reports');
fs.mkdirSync(reports, { recursive: true });
fs.writeFileSync(path.join(reports, 'firewall-report.md'), reportMarkdown(inputs));
fs.writeFileSync(path.join(reports, 'firewall-report.csv'), reportCsv(inputs));
fs.writeFileSync(path.join(reports, 'firewall-report.json'), reportJson(inputs));
for (const i of inputs) {
  for (const rp of i.plan.roles) {
    if (rp.ipsec.length) fs.writeFileSync(path.join(reports, `ipsec-${i.stack}-${rp.name}.ps1`), ipsecPowerShell(rp));
  }
}
for (const i of inputs) {
  console.log(summaryLines(i.stack, i.plan).join('\n'));
  console.log('');
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`Egress (PAC files, proxy-bypass lists, egress reports): ${path.join(app.outdir, 'egress')}`);
console.log(`Synthesized ${stacks.length} stacks to ${app.outdir}/stacks and the firewall report to ${reports} in ${ms.toFixed(0)} ms.`);
