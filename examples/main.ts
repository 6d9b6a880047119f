/**
 * `npm run synth`: synthesizes every example stack to cdktf.out/ and prints, per stack and role,
 * the rules and listeners it got. The firewall report (Markdown, CSV, JSON) and the IPsec
 * exemption scripts land in cdktf.out/reports/ at synth, as in any app that uses the library:
 * nothing here writes them.
 */
import * as path from 'path';
import { App } from 'cdktf';
import { REPORT_DIR, summaryLines, type NetworkBinding } from 'cdktf-ms-ports';
import { ActiveDirectoryAwsStack } from './active-directory/aws';
import { ActiveDirectoryAzureStack } from './active-directory/azure';
import { SkypeFrontEndAwsStack } from './skype-front-end/aws';
import { SkypeFrontEndAzureStack } from './skype-front-end/azure';
import { SkypeSiteAwsStack } from './skype-site/aws';
import { SkypeSiteAzureStack } from './skype-site/azure';
import { EgressAwsStack } from './egress/aws';
import { EgressAzureStack } from './egress/azure';
import { HubAwsStack, SiteAwsStack } from './multi-stack/aws';
import { HubAzureStack, SiteAzureStack } from './multi-stack/azure';

const started = process.hrtime.bigint();
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
const stacks: { name: string; network: NetworkBinding }[] = [
  { name: 'skype-front-end-azure', network: new SkypeFrontEndAzureStack(app, 'skype-front-end-azure').network },
  { name: 'skype-front-end-aws', network: new SkypeFrontEndAwsStack(app, 'skype-front-end-aws').network },
  { name: 'active-directory-azure', network: new ActiveDirectoryAzureStack(app, 'active-directory-azure').network },
  { name: 'active-directory-aws', network: new ActiveDirectoryAwsStack(app, 'active-directory-aws').network },
  { name: 'skype-site-azure', network: new SkypeSiteAzureStack(app, 'skype-site-azure').network },
  { name: 'skype-site-aws', network: new SkypeSiteAwsStack(app, 'skype-site-aws').network },
  { name: 'egress-azure', network: new EgressAzureStack(app, 'egress-azure').network },
  { name: 'egress-aws', network: new EgressAwsStack(app, 'egress-aws').network },
];
// Many sites in many stacks: shared roles in a hub stack, three site stacks wired to it.
const hubAzure = new HubAzureStack(app, 'multi-stack-azure-hub');
const hubAws = new HubAwsStack(app, 'multi-stack-aws-hub');
stacks.push({ name: 'multi-stack-azure-hub', network: hubAzure.network }, { name: 'multi-stack-aws-hub', network: hubAws.network });
for (const i of [1, 2, 3]) {
  const site = { name: `site${i}`, clients: `10.${30 + i}.0.0/16` };
  stacks.push({ name: `multi-stack-azure-site${i}`, network: new SiteAzureStack(app, `multi-stack-azure-site${i}`, hubAzure, site).network });
  stacks.push({ name: `multi-stack-aws-site${i}`, network: new SiteAwsStack(app, `multi-stack-aws-site${i}`, hubAws, site).network });
}

app.synth();

for (const s of stacks) {
  console.log(summaryLines(s.name, s.network.plan()).join('\n'));
  console.log('');
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`Egress (PAC files, proxy-bypass lists, egress reports): ${path.join(app.outdir, 'egress')}`);
console.log(`Synthesized ${stacks.length} stacks to ${app.outdir}/stacks and the firewall report to ${path.join(app.outdir, REPORT_DIR)} in ${ms.toFixed(0)} ms.`);
