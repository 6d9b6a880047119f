/**
 * The exactness invariant (issue 22, item 2), wiring (c): the role under test in the cloud (two
 * hosts attached), its peers given as address props (CIDRs in `clients`, `servers`, `edgeInternal`,
 * `reverseProxy`, `officeWebApps`, `fileShare`, `pstnGateways`; for the controllers `clients` and
 * `trusts`), on both clouds. Each CIDR is a peer of the kind its prop names (exact-site.ts). For
 * every (host, address) pair: what passes equals what the catalog documents. Plus the quotas.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareSite, describe as describePairs } from '../support/exact-compare';
import { quotaProblems } from '../support/exact-quotas';
import { peersAsAddresses, synth, UNDER_TEST_C } from '../support/exact-site';
import { CLOUDS } from '../support/stacks';

describe.each(CLOUDS)('exactness, peers as address props (%s)', (cloud) => {
  const found: string[] = [];
  afterAll(() => {
    const out = path.join(os.tmpdir(), 'exactness');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `peers-as-addresses-${cloud}.txt`), found.join('\n') + '\n');
  });

  test.each(UNDER_TEST_C)('%s in the cloud: what passes equals what is documented, and the quotas hold', (under) => {
    const site = peersAsAddresses(cloud, under);
    const json = synth(site);
    const cmp = compareSite(json, site.model);
    const lines = describePairs(cmp.results);
    found.push(...lines.map((l) => `[${under}] ${l}`));
    expect(cmp.agreeing + cmp.results.length).toBeGreaterThan(0);
    expect(lines).toEqual([]);
    expect(quotaProblems(json)).toEqual([]);
  });
});
