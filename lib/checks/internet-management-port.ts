/**
 * MSP-INTERNET-MGMT: management ports (RDP, WinRM, SMB, RPC, NetBIOS, LDAP, SQL, SSH) admitting
 * the internet (ingress), judged by the union of the peer's ranges. Not suppressible: the only escape is a
 * written justification on the flow itself (it then shows as MSP-JUSTIFIED).
 */
import { formatPorts, intersect, union, type PortRange } from '../model/ports';
import { coverageText, propOf, unjustifiedInternetFlows } from './internet';
import { MANAGEMENT_PORTS } from './management-ports';
import type { Check, FindingDraft } from './types';

export const internetManagementPort: Check = {
  id: 'MSP-INTERNET-MGMT',
  title: 'Management ports reachable from the internet',
  why: 'RDP, WinRM, SMB, RPC, LDAP, SQL and SSH are the first ports scanned and attacked; admit them only from named admin networks.',
  level: 'error',
  suppressible: false,
  run(ctx) {
    const intent = ctx.intent;
    if (!intent) return [];
    const byProp = new Map<string, { ports: PortRange[]; purposes: Set<string>; ids: Set<string>; text: string }>();
    for (const f of unjustifiedInternetFlows(intent)) {
      if (f.direction !== 'ingress') continue;
      const mgmt = intersect(f.ports, MANAGEMENT_PORTS);
      if (mgmt.length === 0) continue;
      const key = `${f.direction}|${propOf(f)}`;
      const g = byProp.get(key) ?? { ports: [], purposes: new Set(), ids: new Set(), text: coverageText(f.peer) };
      g.ports = union(g.ports, mgmt);
      g.purposes.add(f.purpose);
      f.catalogIds.forEach((id) => g.ids.add(id));
      byProp.set(key, g);
    }
    const out: FindingDraft[] = [];
    for (const [key, g] of byProp) {
      const prop = key.split('|')[1];
      out.push({
        problem: `management port(s) ${formatPorts(g.ports)} (${[...g.purposes].join('; ')}) would be open to the internet: ${prop} admits ${g.text}`,
        fix: `admit them only from the admin networks you name in ${prop} (ranges that together cover less than a /8 of public IPv4 and a /24 of public IPv6), or pass a written justification for this exposure`,
        catalogIds: [...g.ids].sort(),
      });
    }
    return out;
  },
};
