/**
 * The exactness invariant (issue 22, item 2), wiring (b): each role kind alone in the cloud (two
 * hosts attached, load balanced where it is), every peer it has in the full site declared outside
 * the cloud by its addresses (`<Kind>.fromAddresses`), on both clouds. Both directions of every
 * documented flow are rendered on the cloud side: for each (host, outside address) pair, the ports
 * the verifier lets pass (the host's egress towards the address; the host's ingress from it) equal
 * the ports the catalog documents for the pair. Plus the quotas.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareSite, describe as describePairs } from '../support/exact-compare';
import { quotaProblems } from '../support/exact-quotas';
import { peersOutside, synth, UNDER_TEST } from '../support/exact-site';
import { CLOUDS } from '../support/stacks';

describe.each(CLOUDS)('exactness, peers outside the cloud by addresses (%s)', (cloud) => {
  const found: string[] = [];
  afterAll(() => {
    const out = path.join(os.tmpdir(), 'exactness');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `peers-outside-${cloud}.txt`), found.join('\n') + '\n');
  });

  test.each(UNDER_TEST)('%s in the cloud: what passes equals what is documented, and the quotas hold', (under) => {
    const site = peersOutside(cloud, under);
    const json = synth(site);
    const cmp = compareSite(json, site.model);
    const lines = describePairs(cmp.results);
    found.push(...lines.map((l) => `[${under}] ${l}`));
    expect(cmp.agreeing + cmp.results.length).toBeGreaterThan(1);
    expect(lines).toEqual([]);
    expect(quotaProblems(json)).toEqual([]);
  });
});
