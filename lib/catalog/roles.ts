/**
 * The catalog's role names as a type, and the role kinds the library builds from them: which catalog
 * roles (row groups of the source tables) a kind implements and which peer classes it plays for the
 * other kinds' rows. Plain data, engine-free: the constructs read it, and so can another engine's
 * renderer or a test's oracle. A typo in a role name is a compile error, not a role with no rules.
 */
import type { PeerClass } from './types';

/** Row groups of the Skype for Business Server tables (seed 001; the Edge and reverse proxy tables). */
export type SkypeCatalogRole =
  | 'sfb-all-servers'
  | 'sfb-front-end'
  | 'sfb-internal-servers'
  | 'office-web-apps'
  | 'sfb-director'
  | 'sfb-mediation'
  | 'sfb-persistent-chat'
  | 'sfb-client'
  | 'sfb-edge-external'
  | 'sfb-edge-internal'
  | 'sfb-reverse-proxy';

/** KB832017 services (seed 004), by the service key the per-service tables give; KB179442 trusts. */
export type WindowsCatalogRole =
  | 'active-directory' | 'alg' | 'aspnet-state' | 'certificate-services' | 'cluster' | 'browser' | 'dhcp' | 'dfsn' | 'dfsr'
  | 'link-tracking' | 'msdtc' | 'dns' | 'event-log' | 'fax' | 'frs' | 'ftp' | 'group-policy' | 'http-ssl' | 'hyperv-replica'
  | 'hyperv-live-migration' | 'ias' | 'ics' | 'ipam' | 'branchcache' | 'isa-tmg' | 'kerberos' | 'license-logging' | 'msmq'
  | 'exchange-mta' | 'pop3' | 'netlogon' | 'nntp' | 'offline-files' | 'perf-logs' | 'print-spooler' | 'remote-install' | 'rpc'
  | 'rpc-locator' | 'remote-storage-notification' | 'remote-storage' | 'rras' | 'smb' | 'sharepoint' | 'smtp' | 'simple-tcpip'
  | 'snmp' | 'snmp-trap' | 'ssdp' | 'lpd' | 'telnet' | 'rds' | 'rds-licensing' | 'rds-connection-broker' | 'tftp' | 'upnp-host'
  | 'wins' | 'windows-media' | 'winrm' | 'w32time' | 'w3svc' | 'exchange' | 'sms' | 'installation-bootstrap' | 'mom'
  | 'sql-server' | 'sql-server-uddi' | 'sql-olap-downlevel' | 'sms-remote-control' | 'sql-analysis-services' | 'ad-trust';

/** Clients of Microsoft's online services (seeds 003, 000, 002). */
export type OnlineCatalogRole = 'sfbo-client' | 'onedrive-client' | 'messenger-client';

/** A Teams Direct Routing session border controller's Microsoft-facing interface ("Plan Direct Routing"). */
export type TeamsCatalogRole = 'teams-sbc-external';

/** Every role name a port entry may carry. */
export type CatalogRole = SkypeCatalogRole | WindowsCatalogRole | OnlineCatalogRole | TeamsCatalogRole;

/** Roles of the IPsec exception table (seed 001): the A/V Edge is named per interface there. */
export type IpsecRole = 'sfb-front-end' | 'sfb-mediation' | 'sfb-edge-av-internal' | 'sfb-edge-av-external' | 'exchange-um' | 'sfb-client' | 'sfb-app-sharing';

/** Pools a load balancer entry is about. */
export type LoadBalancedPool = 'sfb-front-end' | 'sfb-director' | 'sfb-mediation' | 'sfb-edge-external' | 'sfb-edge-internal';

/** A kind of role the library builds: the construct's rows and the classes it plays for others' rows. */
export interface RoleKind {
  /** What it is, in words. */
  readonly label: string;
  /** The catalog roles whose rows the kind implements (its own side of each row). */
  readonly catalogRoles: readonly CatalogRole[];
  /** The peer classes every role of the kind plays for other kinds' rows. */
  readonly plays: readonly PeerClass[];
  /** Classes played only with an option (prop name -> class), e.g. a Front End pool with collocated Mediation. */
  readonly playsWith?: Readonly<Record<string, PeerClass>>;
}

/**
 * The Skype for Business role kinds. `servers` is the class of the Skype server pools (Front End,
 * Director, Mediation, Persistent Chat): rows documented for "servers" concern every one of them.
 * Edge, reverse proxy and Office Web Apps are named by their own classes only, as the tables do.
 */
export const SKYPE_ROLE_KINDS = {
  'front-end': {
    label: 'Skype for Business Front End pool',
    catalogRoles: ['sfb-front-end', 'sfb-all-servers', 'sfb-internal-servers'],
    plays: ['servers', 'front-end'],
    playsWith: { collocatedMediation: 'mediation', centralManagementStore: 'cms-host', xmppGateway: 'xmpp-gateway' },
  },
  director: { label: 'Skype for Business Director pool', catalogRoles: ['sfb-director', 'sfb-all-servers'], plays: ['servers', 'director'] },
  mediation: { label: 'Skype for Business Mediation Server pool', catalogRoles: ['sfb-mediation', 'sfb-all-servers', 'sfb-internal-servers'], plays: ['servers', 'mediation'] },
  'persistent-chat': { label: 'Skype for Business Persistent Chat pool', catalogRoles: ['sfb-persistent-chat', 'sfb-all-servers'], plays: ['servers', 'persistent-chat'] },
  'edge-internal': { label: 'Skype for Business Edge pool (internal interface)', catalogRoles: ['sfb-edge-internal'], plays: ['edge-internal'] },
  'edge-external': { label: 'Skype for Business Edge pool (external interface)', catalogRoles: ['sfb-edge-external'], plays: ['edge-external', 'edge-peers'] },
  'reverse-proxy': { label: 'reverse proxy for Skype for Business web services', catalogRoles: ['sfb-reverse-proxy'], plays: ['reverse-proxy'] },
  'office-web-apps': { label: 'Office Web Apps Server farm', catalogRoles: ['office-web-apps'], plays: ['office-web-apps'] },
  clients: { label: 'Skype for Business client network', catalogRoles: ['sfb-client'], plays: ['clients'] },
  'pstn-gateway': { label: 'PSTN gateway or SBC', catalogRoles: [], plays: ['pstn-gateway'] },
  'exchange-um': { label: 'Exchange Unified Messaging', catalogRoles: [], plays: ['exchange-um'] },
} as const satisfies Record<string, RoleKind>;

export type SkypeRoleKind = keyof typeof SKYPE_ROLE_KINDS;

/** The catalog roles whose listening rows stand for "a Skype server of any kind" given only by address. */
export const ANY_SKYPE_SERVER_CATALOG_ROLES: readonly SkypeCatalogRole[] = ['sfb-front-end', 'sfb-all-servers', 'sfb-internal-servers', 'sfb-director', 'sfb-mediation', 'sfb-persistent-chat'];
