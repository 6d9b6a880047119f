/**
 * Skype for Business Server hybrid with Microsoft 365: the port table of "Plan hybrid connectivity"
 * (Skype for Business Server 2019 docs), section "Port and protocol requirements", "In addition to
 * the port requirements for internal communication". Every data row is one entry, on the Edge's
 * external interface (Access Edge, A/V Edge), towards or from Microsoft 365 ("Office 365" in the
 * table), both directions as the table lists them, with the table's source ports. Conditional on
 * `hybrid` (EdgeServer({ hybrid: true })). Verified English summary: shared/reference/ms-port-facts.md §8.2.
 *
 * Decisions (also on the entries):
 * - Source ports: the table gives a source port per row; where it says "Any" the entry has none.
 *   For an inbound row the source port is Microsoft 365's, for an outbound row the Edge's own.
 * - "Office 365" has no address list in the page (its newest versions send readers to "Office 365
 *   URLs and IP address ranges"). The peers are Microsoft 365's published addresses of the Teams /
 *   Skype service area from the endpoints snapshot: the sets with addresses of that area (ids 11 and
 *   12: media and signalling); see HYBRID_ENDPOINT_SETS.
 * - The 2015 page (Skype/SfbServer/skype-for-business-hybrid-solutions/plan-hybrid-connectivity.md
 *   @ 0aa7de0e4981d64bab811cf5317be43fb0060458) has the same rows; an earlier 2015 version and the
 *   Learn training copies differ on rows 3-4 (destination 443 only; source 50000-59999 inbound). The
 *   2019 page at the commit read is followed.
 *
 * Plain data: no imports besides the catalog types.
 */
import type { PortEntry, SourceRef } from './types';

/** The 2019 hybrid page at the commit read (its table; later versions removed it). */
export const SKYPE_HYBRID_DOC: { readonly document: string; readonly original: string } = {
  document: 'MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfBServer2019/hybrid/plan-hybrid-connectivity.md',
  original: 'MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfBServer2019/hybrid/plan-hybrid-connectivity.md@0583cb5274a561c6e7bbb1c3b2d7164ef9e0247a',
};
export const SKYPE_HYBRID_TABLE = 'Port and protocol requirements (hybrid connectivity)';
/** Data rows of the table. */
export const SKYPE_HYBRID_ROWS = 6;

/**
 * The Microsoft 365 endpoint sets whose addresses stand for "Office 365" in the table: the Skype
 * (Teams) service area's sets that publish addresses — 11 (Optimize: media, UDP 3478-3481) and 12
 * (Allow: signalling, TCP 80/443, UDP 443). Their ranges together are Microsoft's published
 * addresses of the service the Edge federates with in hybrid; no set of the snapshot names 5061 or
 * 50000-59999, so the ports are the table's, the addresses the sets'.
 */
export const HYBRID_ENDPOINT_SETS: readonly number[] = [11, 12];

const src = (row: number): SourceRef => ({ document: SKYPE_HYBRID_DOC.document, table: SKYPE_HYBRID_TABLE, rows: [row], confidence: 'official', original: SKYPE_HYBRID_DOC.original });

const PEERS =
  'The table names the other end "Office 365" without addresses; the peers are the published addresses of the Microsoft 365 endpoint sets 11 and 12 (the Teams/Skype service area sets with addresses) from the shipped endpoints snapshot.';

const base = {
  family: 'skype-hybrid' as const,
  role: 'sfb-edge-external' as const,
  transports: ['tcp'] as const,
  peers: ['microsoft-online'] as const,
  requirement: 'conditional' as const,
  condition: 'hybrid',
};

/** The six rows, in the table's order. */
export const SKYPE_HYBRID_PORTS: readonly PortEntry[] = [
  {
    ...base,
    id: 'sfb.hybrid.access-sip.out.tcp.5061',
    service: 'Access Edge service',
    ports: ['5061'],
    appProtocol: 'SIP (MTLS)',
    direction: 'outbound',
    purpose: 'Hybrid signalling from the Access Edge to Microsoft 365.',
    source: src(1),
    decision: `Source port Any. ${PEERS}`,
  },
  {
    ...base,
    id: 'sfb.hybrid.access-sip.in.tcp.5061',
    service: 'Access Edge service',
    ports: ['5061'],
    appProtocol: 'SIP (MTLS)',
    direction: 'inbound',
    purpose: 'Hybrid signalling from Microsoft 365 to the Access Edge.',
    source: src(2),
    decision: `Source port Any. ${PEERS}`,
  },
  {
    ...base,
    id: 'sfb.hybrid.av-stun.out.tcp',
    service: 'A/V Edge service',
    ports: ['443', '50000-59999'],
    sourcePorts: ['50000-59999'],
    appProtocol: 'STUN',
    direction: 'outbound',
    purpose: 'Audio, video and application sharing from the A/V Edge to Microsoft 365.',
    source: src(3),
    decision: `Source port 50000-59999 (the A/V Edge's own), destination 443 and 50000-59999, as the 2019 page at the commit read gives them (an earlier 2015 version has destination 443 only). ${PEERS}`,
  },
  {
    ...base,
    id: 'sfb.hybrid.av-stun.in.tcp.50000-59999',
    service: 'A/V Edge service',
    ports: ['50000-59999'],
    sourcePorts: ['443'],
    appProtocol: 'STUN',
    direction: 'inbound',
    purpose: 'Audio, video and application sharing from Microsoft 365 to the A/V Edge.',
    source: src(4),
    decision: `Source port 443 (Microsoft 365's), destination 50000-59999 on the A/V Edge, as the 2019 page at the commit read gives them (an earlier 2015 version has source 50000-59999, destination 443). The Edge's own internet table has 50000-59999 outbound only: this row is the one inbound opening hybrid adds. ${PEERS}`,
  },
  {
    ...base,
    id: 'sfb.hybrid.av-stun.out.udp.3478',
    service: 'A/V Edge service',
    transports: ['udp'],
    ports: ['3478'],
    sourcePorts: ['3478'],
    appProtocol: 'STUN',
    direction: 'outbound',
    purpose: 'Audio and video from the A/V Edge to Microsoft 365.',
    source: src(5),
    decision: `Source port 3478 (the A/V Edge's own). ${PEERS}`,
  },
  {
    ...base,
    id: 'sfb.hybrid.av-stun.in.udp.3478',
    service: 'A/V Edge service',
    transports: ['udp'],
    ports: ['3478'],
    sourcePorts: ['3478'],
    appProtocol: 'STUN',
    direction: 'inbound',
    purpose: 'Audio and video from Microsoft 365 to the A/V Edge.',
    source: src(6),
    decision: `Source port 3478 (Microsoft 365's). ${PEERS}`,
  },
];
