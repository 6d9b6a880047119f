/** Catalog entries as table rows for the command line (id, ports, peers, requirement, source). */
import type { IpsecExceptionEntry, LoadBalancerEntry, PortEntry } from '../catalog/types';
import { sourceText } from '../report/report';

export type AnyCatalogEntry = PortEntry | LoadBalancerEntry | IpsecExceptionEntry;

export interface EntryRow {
  readonly id: string;
  readonly transports: string;
  readonly ports: string;
  readonly direction: string;
  readonly peers: string;
  readonly requirement: string;
  readonly purpose: string;
  readonly source: string;
  readonly decision?: string;
}

export function entryRow(e: AnyCatalogEntry): EntryRow {
  const source = sourceText(e.id).slice(e.id.length + 2);
  if ('pool' in e) {
    return { id: e.id, transports: e.transport, ports: String(e.port), direction: 'load balancer', peers: e.pool, requirement: e.requirement, purpose: e.purpose, source, decision: e.decision };
  }
  if ('ruleName' in e) {
    return { id: e.id, transports: e.transports.join('+'), ports: `src ${e.sourcePorts}`, direction: e.direction, peers: 'IPsec exemption', requirement: e.condition ? `if ${e.condition}` : 'required', purpose: e.purpose, source };
  }
  return {
    id: e.id,
    transports: e.transports.join('+'),
    ports: e.ports.join(',') || '-',
    direction: e.direction,
    peers: e.peers.join(','),
    requirement: e.condition ? `${e.requirement} (${e.condition})` : e.requirement,
    purpose: e.purpose,
    source,
    decision: e.decision,
  };
}
