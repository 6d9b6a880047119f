/**
 * Address lists that are sources of rules no role boundary holds (the egress constructs' firewall
 * name and address rules: the CIDRs in `from` and `firewall.sourceAddresses`): judged like a role's
 * peers, by the union of every list. Lists that together cover the internet are refused at synth,
 * naming the props (a firewall rule from the internet to Microsoft's names is an open relay).
 */
import { isInternetCoverage, publicCoverageOfUnion } from '../model/cidr';
import { MsPortsError } from '../model/errors';
import { BELOW_THRESHOLD, coverageWords } from './exposure';

/** One prop's addresses. */
export interface SourceList {
  /** The prop as the user wrote it, e.g. `from` or `firewall.sourceAddresses`. */
  readonly prop: string;
  readonly cidrs: readonly string[];
}

/** Throws MsPortsError (naming `path` and the props) when the lists together cover the internet (see INTERNET_THRESHOLD). */
export function checkSourceAddresses(path: string, what: string, lists: readonly SourceList[]): void {
  const given = lists.filter((l) => l.cidrs.length > 0);
  const c = publicCoverageOfUnion(given.map((l) => l.cidrs));
  if (!isInternetCoverage(c)) return;
  const props = [...new Set(given.map((l) => l.prop))];
  throw new MsPortsError(
    path,
    `${props.join(' and ')} ${props.length > 1 ? 'together cover' : 'covers'} ${coverageWords(c)}: the internet would be a source of ${what}`,
    `name the source networks (${BELOW_THRESHOLD})`,
    'MSP-INTERNET-SOURCES',
  );
}
