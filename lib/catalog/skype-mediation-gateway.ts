/**
 * What a Mediation service sends to its PSTN gateways (SIP and media), where seed 001 is silent or
 * gives the port only for one deployment: the gateway's side of the trunk is the gateway's own
 * setting. These entries are not rows of their own in the seed (the row-coverage test of seed 001
 * counts only `SKYPE_SERVER_PORTS`); each cites the row it rests on and records the reading in its
 * `decision`. Plain data: no imports besides the catalog types and the seed's names.
 *
 * - Stand-alone Mediation, SIP to the gateway: the server table gives "outgoing SIP to the PSTN
 *   gateway" (5081/TCP, 5082/TLS) only for Front End Servers with a collocated Mediation Server
 *   (rows 25, 26). Those ports are the documented default here; the gateway's actual listening port
 *   is defined per trunk in Topology Builder ("Listening port for IP/PSTN gateway", TCP or TLS), so
 *   the role prop `pstnGatewayPorts.sipTcp` / `.sipTls` replaces it.
 * - Media to the gateway, stand-alone and collocated: row 40 gives the Mediation side of the audio
 *   (49152-57500, which the gateway reaches); the gateway's media ports are its own and no Microsoft
 *   table gives them, so these entries carry no port: they render only with `pstnGatewayPorts.media`
 *   and are otherwise listed as not rendered.
 */
import { SKYPE_SERVER_DOC, SKYPE_SERVER_PORTS_TABLE } from './skype-server';
import type { PortEntry } from './types';

/** The Topology Builder page that defines a trunk's gateway listening port and transport (Microsoft). */
export const ROOT_TRUNK_DOC =
  'MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfbServer/help-topics/help-topobld/define-the-root-trunk-for-a-new-ip-or-pstn-gateway.md@027c3be3d0651fdbe75ea6c7c923b138a2b70779';

const row = (n: number) => ({ document: SKYPE_SERVER_DOC.document, table: SKYPE_SERVER_PORTS_TABLE, rows: [n], confidence: 'official' as const, original: SKYPE_SERVER_DOC.original });

const SIP_DEFAULT = (port: number, transport: string, rowNo: number, prop: string) =>
  `The server table lists outgoing SIP from the Mediation service to the PSTN gateway only for Front End Servers with a collocated Mediation Server (row ${rowNo}, ${port} ${transport}); a stand-alone Mediation Server runs the same Mediation service, so that row is taken as the default. The port is the gateway's own listening port, defined per trunk in Topology Builder ("Listening port for IP/PSTN gateway", with TCP or TLS: ${ROOT_TRUNK_DOC}); the role prop ${prop} replaces it.`;

const MEDIA_NO_DEFAULT =
  "Row 40 gives the Mediation side of the audio it terminates (49152-57500/TCP+UDP, which the gateways reach: sfb.internal.audio-media.49152-57500). Audio flows both ways, and the gateway's side is the gateway's own media port range, which no Microsoft table gives: the entry documents no port and is rendered only with the role prop pstnGatewayPorts.media (the gateway's configured range), over the transports row 40 names; without it the entry is listed as not rendered.";

/** Mediation service -> PSTN gateway entries (stand-alone Mediation, and the collocated media entry). */
export const SKYPE_MEDIATION_GATEWAY_PORTS: readonly PortEntry[] = [
  {
    id: 'sfb.med.sip.5081',
    family: 'skype-server',
    role: 'sfb-mediation',
    service: 'Mediation service',
    transports: ['tcp'],
    ports: ['5081'],
    appProtocol: 'SIP',
    direction: 'outbound',
    peers: ['pstn-gateway'],
    requirement: 'required',
    peerPorts: { prop: 'pstnGatewayPorts.sipTcp' },
    purpose: 'Mediation Server sending SIP over TCP to the PSTN gateway, on the port the gateway listens on.',
    source: row(25),
    decision: SIP_DEFAULT(5081, 'TCP', 25, 'pstnGatewayPorts.sipTcp'),
  },
  {
    id: 'sfb.med.sip-tls.5082',
    family: 'skype-server',
    role: 'sfb-mediation',
    service: 'Mediation service',
    transports: ['tcp'],
    ports: ['5082'],
    appProtocol: 'SIP/TLS',
    direction: 'outbound',
    peers: ['pstn-gateway'],
    requirement: 'required',
    peerPorts: { prop: 'pstnGatewayPorts.sipTls' },
    purpose: 'Mediation Server sending SIP over TLS to the PSTN gateway, on the port the gateway listens on.',
    source: row(26),
    decision: SIP_DEFAULT(5082, 'TCP (TLS)', 26, 'pstnGatewayPorts.sipTls'),
  },
  {
    id: 'sfb.med.gateway-media',
    family: 'skype-server',
    role: 'sfb-mediation',
    service: 'Mediation service',
    transports: ['tcp', 'udp'],
    ports: [],
    appProtocol: 'Media',
    direction: 'outbound',
    peers: ['pstn-gateway'],
    requirement: 'required',
    peerPorts: { prop: 'pstnGatewayPorts.media' },
    purpose: "Mediation Server sending the audio it terminates to the PSTN gateway, on the gateway's media ports.",
    source: row(40),
    decision: MEDIA_NO_DEFAULT,
  },
  {
    id: 'sfb.fe.mediation.gateway-media',
    family: 'skype-server',
    role: 'sfb-front-end',
    service: 'Mediation service',
    transports: ['tcp', 'udp'],
    ports: [],
    appProtocol: 'Media',
    direction: 'outbound',
    peers: ['pstn-gateway'],
    requirement: 'conditional',
    condition: 'mediation-collocated',
    peerPorts: { prop: 'pstnGatewayPorts.media' },
    purpose: "Collocated Mediation service sending the audio it terminates to the PSTN gateway, on the gateway's media ports.",
    source: row(40),
    decision: `${MEDIA_NO_DEFAULT} Applies only to Front End Servers that run a collocated Mediation Server: conditional on mediation-collocated.`,
  },
];
