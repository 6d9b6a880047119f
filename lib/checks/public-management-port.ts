/**
 * MSP-PUBLIC-MGMT: a public range, of any size, on a management port of a role (RDP, WinRM, SMB,
 * RPC and its dynamic range, NetBIOS, LDAP, SQL, SSH), in either direction, without a written
 * justification: below the internet threshold (past it MSP-INTERNET-MGMT or MSP-INTERNET-EXPOSURE
 * report it). Public ranges are fine on other ports below the threshold (a partner's /16 on 443);
 * management ports take none unless someone writes down why. Suppressible with that reason, for
 * props that take no justification (admins, trusts, outside roles).
 */
import { BELOW_THRESHOLD, exposureOf, groupSegments, isInternetCoverage, isPublicCoverage, leftToGroup, propsText, purposesText, sourcesText, whatText } from './exposure';
import { MANAGEMENT_PORT_NAMES } from './management-ports';
import type { Check, FindingDraft } from './types';

export const publicManagementPort: Check = {
  id: 'MSP-PUBLIC-MGMT',
  title: 'Public addresses on a management port, without a written justification',
  why: 'A public range on RDP, WinRM, SMB, RPC, LDAP, SQL or SSH is an attack surface whatever its size: admit admins and partners over a VPN or private link, or write down why not.',
  level: 'error',
  run(ctx) {
    const intent = ctx.intent;
    if (!intent) return [];
    const hits = exposureOf(ctx).filter(
      (s) => isPublicCoverage(s.managed) && !isInternetCoverage(s.undesigned) && !(s.direction === 'ingress' && isInternetCoverage(s.all)) && !leftToGroup(s.managementSources),
    );
    const out: FindingDraft[] = [];
    for (const g of groupSegments(hits, (s) => s.managed, (s) => s.managementSources)) {
      out.push({
        problem: `${sourcesText(g.sources, g.coverage, g.direction === 'ingress' ? 'admits' : 'reaches')} on management port(s) ${whatText(g)} (${purposesText(g.purposes)}) of ${intent.kind} "${intent.name}": less than the internet, but management ports (${MANAGEMENT_PORT_NAMES}) take no public range without a written justification (${BELOW_THRESHOLD})`,
        fix: `${g.direction === 'ingress' ? 'admit' : 'reach'} them over private addresses (VPN, private link, a bastion) instead of the public ranges in ${propsText(g.sources)}, or pass a written justification on the flow (allowFrom/allowTo option justification)`,
        catalogIds: [...g.catalogIds].sort(),
      });
    }
    return out;
  },
};
