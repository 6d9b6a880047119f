/**
 * Microsoft Teams Direct Routing: what a customer's session border controller (SBC) exchanges with
 * Microsoft's Direct Routing service, from "Plan Direct Routing" (SIP signalling ports, media port
 * ranges) and "Plan for media bypass with Direct Routing" (client and transport relay media). Every
 * data row of those port tables is one entry, from the SBC's point of view (role
 * `teams-sbc-external`: the SBC's public, Microsoft-facing interface), both directions as the tables
 * list them, with their source ports. Verified English summary: shared/reference/ms-port-facts.md §8.3-8.5.
 *
 * "Defined on the SBC": the SBC's SIP listening port and its media port range are the SBC's own
 * settings (`setting` / `sourceSetting` name the DirectRoutingSbc prop). The SIP port defaults to
 * 5061, the only port GCC High and DoD accept and the port the proxies listen on; the media range has
 * no documented default (Microsoft recommends at least two ports per concurrent call), so the role
 * requires it.
 *
 * Plain data: no imports besides the catalog types.
 */
import type { PortEntry, SourceRef } from './types';

/**
 * "Plan Direct Routing" (learn.microsoft.com/microsoftteams/direct-routing-plan). The MicrosoftDocs
 * repository's stored version (Teams/direct-routing-plan.md @ d9dfb3a4d6abbccd9fd66fe6b4dd64ad92221e66)
 * is an early one (media 49152-53247 only, eight proxy addresses); the version cited is a fork's copy
 * with ms.date 07/31/2023, whose port tables and ranges equal those of the newest copy read (ms.date
 * 06/17/2024).
 */
export const DR_PLAN_DOC: { readonly document: string; readonly original: string } = {
  document: 'https://learn.microsoft.com/en-us/microsoftteams/direct-routing-plan',
  original: 'teddygyabaah/OfficeDocs-SkypeForBusiness:Teams/direct-routing-plan.md@921ea8ca4c9b8ae49c1b90b79737483ac9250187',
};

/**
 * "Plan for media bypass with Direct Routing" (learn.microsoft.com/microsoftteams/direct-routing-plan-media-bypass).
 * The MicrosoftDocs repository's stored version (@ a3e4212d17e4f40827b78fc042ad4e487f0bb66d) has the
 * same client rows; its transport relay row names 3478, 3479 where the newest copy read (reviewer
 * NMuravlyannikov) names 3478-3481, which is followed.
 */
export const DR_BYPASS_DOC: { readonly document: string; readonly original: string } = {
  document: 'https://learn.microsoft.com/en-us/microsoftteams/direct-routing-plan-media-bypass',
  original: 'MicrosoftDocs/OfficeDocs-SkypeForBusiness:Teams/direct-routing-plan-media-bypass.md@a3e4212d17e4f40827b78fc042ad4e487f0bb66d',
};

export const DR_SIP_TABLE = 'SIP signaling: Ports';
export const DR_MEDIA_TABLE = 'Media traffic: port ranges (All environments)';
export const DR_BYPASS_CLIENT_TABLE = 'Requirements for direct media traffic (between the Teams client and the SBC)';
export const DR_BYPASS_RELAY_TABLE = 'Requirements for using Transport Relays';

/** The Microsoft 365 environments Direct Routing is offered in ("SIP signaling: FQDNs, ports, failover mechanism"). */
export type DirectRoutingEnvironment = 'worldwide' | 'gcc' | 'gcc-high' | 'dod';
export const DIRECT_ROUTING_ENVIRONMENTS: readonly DirectRoutingEnvironment[] = ['worldwide', 'gcc', 'gcc-high', 'dod'];

/** The address ranges of Microsoft's side, per environment, with where each list is stated. */
export interface DirectRoutingRanges {
  /** SIP proxies: the subnets the connection-point FQDNs resolve into, and where inbound SIP may come from. */
  readonly sipProxies: readonly string[];
  readonly sipProxiesSource: string;
  /** Media processors (media without bypass, and voice applications with bypass). */
  readonly mediaProcessors: readonly string[];
  readonly mediaProcessorsSource: string;
  /** Transport relays (media bypass). */
  readonly transportRelays: readonly string[];
  readonly transportRelaysSource: string;
  /** SIP ports the SBC may listen on: `any` (its own setting) or only 5061. */
  readonly sipPort: 'any' | 5061;
}

const WORLDWIDE: DirectRoutingRanges = {
  sipProxies: ['52.112.0.0/14', '52.122.0.0/15'],
  sipProxiesSource: `${DR_PLAN_DOC.original}, "SIP signaling: FQDNs", Microsoft 365, Office 365, and Office 365 GCC environments (sip, sip2, sip3.pstnhub.microsoft.com)`,
  mediaProcessors: ['52.112.0.0/14', '52.120.0.0/14'],
  mediaProcessorsSource: `${DR_PLAN_DOC.original}, "Media traffic: port ranges", Microsoft 365, Office 365, and Office 365 GCC environments`,
  transportRelays: ['52.112.0.0/14'],
  transportRelaysSource: `${DR_BYPASS_DOC.original}, "Requirements for using Transport Relays", Microsoft 365, Office 365, and Office 365 GCC environments`,
  sipPort: 'any',
};

/** Per environment. GCC shares the worldwide lists (the pages list them under one heading). */
export const DIRECT_ROUTING_RANGES: Readonly<Record<DirectRoutingEnvironment, DirectRoutingRanges>> = {
  worldwide: WORLDWIDE,
  gcc: WORLDWIDE,
  'gcc-high': {
    sipProxies: ['52.127.88.0/21'],
    sipProxiesSource: `${DR_PLAN_DOC.original}, "SIP signaling: FQDNs", Office 365 GCC High environment (sip.pstnhub.gov.teams.microsoft.us)`,
    mediaProcessors: ['52.127.88.0/21'],
    mediaProcessorsSource: `${DR_PLAN_DOC.original}, "Media traffic: port ranges", Office 365 GCC High environment`,
    transportRelays: ['52.127.88.0/21'],
    transportRelaysSource: `${DR_BYPASS_DOC.original}, "Requirements for using Transport Relays", Office 365 GCC High environment`,
    sipPort: 5061,
  },
  dod: {
    sipProxies: ['52.127.64.0/21'],
    sipProxiesSource: `${DR_PLAN_DOC.original}, "SIP signaling: FQDNs", Office GCC DoD environment (sip.pstnhub.dod.teams.microsoft.us)`,
    mediaProcessors: ['52.127.64.0/21'],
    mediaProcessorsSource: `${DR_PLAN_DOC.original}, "Media traffic: port ranges", Office 365 DoD environment`,
    transportRelays: ['52.127.64.0/21'],
    transportRelaysSource: `${DR_BYPASS_DOC.original}, "Requirements for using Transport Relays", Office 365 GCC DoD environment`,
    sipPort: 5061,
  },
};

const plan = (table: string, row: number): SourceRef => ({ document: DR_PLAN_DOC.document, table, rows: [row], confidence: 'official', original: DR_PLAN_DOC.original });
const bypass = (table: string, row: number): SourceRef => ({ document: DR_BYPASS_DOC.document, table, rows: [row], confidence: 'official', original: DR_BYPASS_DOC.original });

const base = { family: 'teams-direct-routing' as const, role: 'teams-sbc-external' as const };
const OWN_MEDIA = 'Destination port "Defined on the SBC": the SBC\'s media port range, which no source gives a default for; the role requires it (mediaPorts).';
const OWN_MEDIA_SRC = 'Source port "Defined on the SBC": the SBC\'s media port range (mediaPorts), rendered as the rule\'s source ports.';

/** Every row of the Direct Routing and media bypass port tables, from the SBC's side. */
export const TEAMS_DIRECT_ROUTING_PORTS: readonly PortEntry[] = [
  {
    ...base,
    id: 'teams.dr.sip.in.tcp',
    service: 'SIP signalling (Direct Routing)',
    transports: ['tcp'],
    ports: ['5061'],
    setting: { prop: 'sipPort' },
    sourcePorts: ['1024-65535'],
    appProtocol: 'SIP/TLS',
    direction: 'inbound',
    peers: ['direct-routing-sip-proxy'],
    requirement: 'required',
    purpose: 'SIP over TLS from the Direct Routing SIP proxies to the SBC.',
    source: plan(DR_SIP_TABLE, 1),
    decision:
      'Destination port "Defined on the SBC (For Office 365 GCC High/DoD only port 5061 must be used)": the SBC\'s SIP listening port, prop sipPort, default 5061 (the only port GCC High and DoD accept; the port the proxies listen on). Source port 1024-65535 as the table gives it. "Inbound SIP traffic to the SBCs ... can originate from any IPs in these subnets": the peers are the environment\'s SIP proxy subnets, not the FQDNs\' addresses.',
  },
  {
    ...base,
    id: 'teams.dr.sip.out.tcp.5061',
    service: 'SIP signalling (Direct Routing)',
    transports: ['tcp'],
    ports: ['5061'],
    appProtocol: 'SIP/TLS',
    direction: 'outbound',
    peers: ['direct-routing-sip-proxy'],
    requirement: 'required',
    purpose: 'SIP over TLS from the SBC to the Direct Routing SIP proxies.',
    source: plan(DR_SIP_TABLE, 2),
    decision: 'Source port "Defined on the SBC" for a TLS connection the SBC opens: the table names no port and an SBC may open it from any port it chooses, so no source port is set (any).',
  },
  {
    ...base,
    id: 'teams.dr.media.in.udp',
    service: 'Media (Direct Routing, media processors)',
    transports: ['udp'],
    ports: [],
    setting: { prop: 'mediaPorts' },
    sourcePorts: ['3478-3481', '49152-53247'],
    appProtocol: 'UDP/SRTP',
    direction: 'inbound',
    peers: ['direct-routing-media-processor'],
    requirement: 'required',
    purpose: 'Media from the Teams media processors to the SBC.',
    source: plan(DR_MEDIA_TABLE, 1),
    decision: `${OWN_MEDIA} Source ports 3478-3481 and 49152-53247 as the table gives them. The media processors stay in the path with media bypass too (voice applications, web clients, escalations), so the row is required either way.`,
  },
  {
    ...base,
    id: 'teams.dr.media.out.udp',
    service: 'Media (Direct Routing, media processors)',
    transports: ['udp'],
    ports: ['3478-3481', '49152-53247'],
    sourceSetting: { prop: 'mediaPorts' },
    appProtocol: 'UDP/SRTP',
    direction: 'outbound',
    peers: ['direct-routing-media-processor'],
    requirement: 'required',
    purpose: 'Media from the SBC to the Teams media processors.',
    source: plan(DR_MEDIA_TABLE, 2),
    decision: `${OWN_MEDIA_SRC} The infrastructure table lists TCP/RTP/SAVP as a media transport profile, but every port table is UDP only: UDP only.`,
  },
  {
    ...base,
    id: 'teams.dr.bypass.client.in.udp',
    service: 'Media bypass (Teams clients)',
    transports: ['udp'],
    ports: [],
    setting: { prop: 'mediaPorts' },
    sourcePorts: ['50000-50019'],
    appProtocol: 'UDP/SRTP',
    direction: 'inbound',
    peers: ['teams-clients'],
    requirement: 'conditional',
    condition: 'media-bypass',
    purpose: 'Media bypass: media from the Teams clients straight to the SBC.',
    source: bypass(DR_BYPASS_CLIENT_TABLE, 1),
    decision: `${OWN_MEDIA} Source ports 50000-50019 (the clients'); a device translating the clients' source ports needs its translated ports instead (the page's note), which the rule cannot know. Clients reach the SBC's public address, from inside too (hairpin NAT).`,
  },
  {
    ...base,
    id: 'teams.dr.bypass.client.out.udp.50000-50019',
    service: 'Media bypass (Teams clients)',
    transports: ['udp'],
    ports: ['50000-50019'],
    sourceSetting: { prop: 'mediaPorts' },
    appProtocol: 'UDP/SRTP',
    direction: 'outbound',
    peers: ['teams-clients'],
    requirement: 'conditional',
    condition: 'media-bypass',
    purpose: 'Media bypass: media from the SBC straight to the Teams clients.',
    source: bypass(DR_BYPASS_CLIENT_TABLE, 2),
    decision: OWN_MEDIA_SRC,
  },
  {
    ...base,
    id: 'teams.dr.bypass.relay.in.udp',
    service: 'Media bypass (Teams transport relays)',
    transports: ['udp'],
    ports: [],
    setting: { prop: 'mediaPorts' },
    sourcePorts: ['50000-59999'],
    appProtocol: 'UDP/SRTP',
    direction: 'inbound',
    peers: ['direct-routing-transport-relay'],
    requirement: 'conditional',
    condition: 'media-bypass',
    purpose: 'Media bypass: media relayed by the Teams transport relays to the SBC.',
    source: bypass(DR_BYPASS_RELAY_TABLE, 1),
    decision: `${OWN_MEDIA} Source ports 50000-59999 (the v4 relays media bypass uses).`,
  },
  {
    ...base,
    id: 'teams.dr.bypass.relay.out.udp',
    service: 'Media bypass (Teams transport relays)',
    transports: ['udp'],
    ports: ['3478-3481', '50000-59999'],
    sourceSetting: { prop: 'mediaPorts' },
    appProtocol: 'UDP/SRTP',
    direction: 'outbound',
    peers: ['direct-routing-transport-relay'],
    requirement: 'conditional',
    condition: 'media-bypass',
    purpose: 'Media bypass: media from the SBC to the Teams transport relays (v4 relays; 3478-3481 for the v6 relays, to open "for transitioning").',
    source: bypass(DR_BYPASS_RELAY_TABLE, 2),
    decision: `${OWN_MEDIA_SRC} Destination 50000-59999 and 3478-3481 as the newest copy read gives them (the repository's stored version: 3478, 3479).`,
  },
];
