/**
 * The exactness invariant (issue 22, item 2), wiring (a): a full Skype for Business + Active
 * Directory site with every role in the cloud, load balanced, two hosts attached to every role, on
 * both clouds. For every ordered pair of hosts (and host <-> outside address: the PSTN gateway, the
 * internet) and every transport, the ports the verifier lets pass over the synthesized Terraform
 * (host by host: what is attached to each network interface) equal the ports the catalog rows
 * document for the pair (test/support/exact-oracle.ts). Nothing missing, nothing extra. Then the
 * quotas: AWS attachments per ENI and rules per group, Azure rules per NSG.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TerraformJson } from '../../lib/verify';
import { compareSite, describe as describePairs, siteHosts, type SiteComparison } from '../support/exact-compare';
import { quotaPeaks, quotaProblems } from '../support/exact-quotas';
import { allInCloud, synth, type BuiltSite } from '../support/exact-site';
import { CLOUDS } from '../support/stacks';

const VARIANTS = [
  ['stand-alone Mediation', {}],
  ['Mediation collocated on the Front End', { collocatedMediation: true }],
] as const;

describe.each(CLOUDS)('exactness, every role in the cloud (%s)', (cloud) => {
  describe.each(VARIANTS)('%s', (variant, opts) => {
    let site: BuiltSite;
    let json: TerraformJson;
    let cmp: SiteComparison;
    beforeAll(() => {
      site = allInCloud(cloud, opts);
      json = synth(site);
      cmp = compareSite(json, site.model);
      const out = path.join(os.tmpdir(), 'exactness');
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, `in-cloud-${cloud}-${opts === VARIANTS[0][1] ? 'standalone' : 'collocated'}.txt`), describePairs(cmp.results).join('\n') + '\n');
    });

    test('every host of a role carries the same groups (one host stands for the others)', () => {
      const hosts = siteHosts(json);
      expect(hosts.uneven).toEqual([]);
      const cloudRoles = site.model.roles.filter((r) => !r.outsideAddress).map((r) => r.name);
      for (const r of cloudRoles) expect(hosts.byRole.get(r)?.length).toBe(2);
    });

    test('what passes equals what the catalog documents, for every ordered pair and transport', () => {
      // The comparison probed something: pairs with documented ports agree or are listed.
      expect(cmp.pairs).toBeGreaterThan(100);
      expect(cmp.probes).toBeGreaterThan(100);
      expect(cmp.agreeing + cmp.results.length).toBeGreaterThan(20);
      expect(describePairs(cmp.results)).toEqual([]);
    });

    test(`within the cloud's quotas (${variant})`, () => {
      expect(quotaProblems(json)).toEqual([]);
      expect(Object.values(quotaPeaks(json)).some((n) => n > 0)).toBe(true);
    });
  });
});
