/**
 * MSP-INTERNET-EXPOSURE: public address space (the internet, judged by the union of a peer's
 * ranges) on a role that is not internet-facing by design, in either direction.
 */
import { formatPorts, union, type PortRange } from '../model/ports';
import { coverageText, propOf, unjustifiedInternetFlows } from './internet';
import type { Check, FindingDraft } from './types';

export const internetExposure: Check = {
  id: 'MSP-INTERNET-EXPOSURE',
  title: 'Internet on a role that is not internet-facing by design',
  why: 'Internal roles (pools, controllers, file servers) serve named networks; a peer that covers a large share of public address space is the internet whatever its spelling.',
  level: 'error',
  run(ctx) {
    const intent = ctx.intent;
    if (!intent || intent.internetFacing) return [];
    const byProp = new Map<string, { ports: PortRange[]; purposes: Set<string>; ids: Set<string>; text: string; transports: Set<string> }>();
    for (const f of unjustifiedInternetFlows(intent)) {
      const key = `${f.direction}|${propOf(f)}`;
      const g = byProp.get(key) ?? { ports: [], purposes: new Set(), ids: new Set(), text: coverageText(f.peer), transports: new Set() };
      g.ports = union(g.ports, f.ports);
      g.purposes.add(f.purpose);
      g.transports.add(f.transport);
      f.catalogIds.forEach((id) => g.ids.add(id));
      byProp.set(key, g);
    }
    const out: FindingDraft[] = [];
    for (const [key, g] of byProp) {
      const [direction, prop] = key.split('|');
      const what = `${[...g.transports].sort().join('/')} ${g.ports.length ? formatPorts(g.ports) : ''}`.trim();
      const purposes = [...g.purposes];
      const purposeText = purposes.length > 3 ? `${purposes.slice(0, 3).join('; ')} and ${purposes.length - 3} more` : purposes.join('; ');
      out.push({
        problem:
          direction === 'ingress'
            ? `${prop} is ${g.text}: "${purposeText}" (${what}) would admit the internet to ${intent.kind} "${intent.name}", which is not internet-facing`
            : `${prop} is ${g.text}: "${purposeText}" (${what}) would reach the internet from ${intent.kind} "${intent.name}", which is not internet-facing`,
        fix: `name the networks in ${prop} (CIDRs that together cover less than a /8 of public IPv4 and a /24 of public IPv6), or pass a written justification to open it on purpose`,
        catalogIds: [...g.ids].sort(),
      });
    }
    return out;
  },
};
