/**
 * MSP-INTERNET-MGMT: management ports (RDP, WinRM, SMB, RPC and its dynamic range, NetBIOS, LDAP,
 * SQL, SSH) admitting the internet (ingress), judged by the union of every address the role admits
 * on each port, whatever path it came by (see exposure.ts). Not suppressible: the only escape is a
 * written justification on the flow itself (it then shows as MSP-JUSTIFIED).
 */
import { formatPorts } from '../model/ports';
import { exposureOf, groupSegments, isInternetCoverage, leftToGroup, propsText, purposesText, sourcesText } from './exposure';
import type { Check, FindingDraft } from './types';

export const internetManagementPort: Check = {
  id: 'MSP-INTERNET-MGMT',
  title: 'Management ports reachable from the internet',
  why: 'RDP, WinRM, SMB, RPC, LDAP, SQL and SSH are the first ports scanned and attacked; admit them only from named admin networks.',
  level: 'error',
  suppressible: false,
  run(ctx) {
    const hits = exposureOf(ctx).filter((s) => s.direction === 'ingress' && s.management && isInternetCoverage(s.all) && !leftToGroup(s.sources));
    const out: FindingDraft[] = [];
    for (const g of groupSegments(hits, (s) => s.all)) {
      out.push({
        problem: `management port(s) ${formatPorts(g.ports)} (${purposesText(g.purposes)}) would be open to the internet: ${sourcesText(g.sources, g.coverage, 'admits')}`,
        fix: `admit them only from the admin networks you name in ${propsText(g.sources)} (ranges that together, per port, cover less than a /8 of public IPv4 and a /24 of public IPv6, and no public range at all without a written justification), or pass a written justification for this exposure`,
        catalogIds: [...g.catalogIds].sort(),
      });
    }
    return out;
  },
};
