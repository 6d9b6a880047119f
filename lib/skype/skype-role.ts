/**
 * What every Skype for Business Server role shares: the site's server group, client networks and
 * other servers given by address or by role, and the generic pairing of catalog entries by the
 * peer classes each side plays (seed 001 and the Edge / reverse proxy tables). A role given by
 * address is a role of a known kind (the catalog says what it listens on and what it opens), so
 * both directions of every documented flow are rendered on the cloud side.
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import { ANY_SKYPE_SERVER_CATALOG_ROLES, SKYPE_ROLE_KINDS, type CatalogRole } from '../catalog/roles';
import type { PeerClass, PortEntry } from '../catalog/types';
import { DEFAULT_SKYPE_VERSION, versionLabel, versionText, type SkypeVersion } from '../catalog/versions';
import type { NetworkBinding } from '../core/binding';
import { isExistingPeer, type ExistingPeer } from '../core/existing';
import { SecurityRole, type PeerInput, type RoleDeclaration, type SecurityRoleProps } from '../core/role';
import { declarePairs, type Declared, type EntryOptions, type PeerSide } from '../model/declare';
import { MsPortsError } from '../model/errors';
import type { RoleIntent } from '../model/intent';
import { size, type PortRange } from '../model/ports';

/** Catalog ids of the client media ranges that `clientMediaPorts` narrows (seed 001 client table). */
export const CLIENT_MEDIA_ENTRIES: readonly string[] = ['sfb.client.media-audio', 'sfb.client.media-video', 'sfb.client.media-file-transfer', 'sfb.client.media-app-sharing'];
/** Legacy client-to-client file transfer (6891-6901): off unless asked for (ClientNetwork `legacyFileTransfer`). */
export const LEGACY_FILE_TRANSFER = 'sfb.client.file-transfer.6891-6901';
export const DEFAULT_CLIENT_MEDIA = '1024-65535';

/** Catalog roles whose listening rows stand for "another Skype for Business server" given only by address. */
export const ANY_SKYPE_SERVER_ROLES: readonly CatalogRole[] = ANY_SKYPE_SERVER_CATALOG_ROLES;

/** A user's address list or role for one of a role's peers. */
export type PeersInput = PeerInput | readonly (string | SecurityRole | ExistingPeer)[];

/** Props shared by the Skype for Business server roles. */
export interface SkypeRoleProps extends SecurityRoleProps {
  /**
   * Client networks whose users reach this role: CIDRs, or ClientNetwork roles. Renders, per the
   * seed 001 tables: the role's rows whose peers are clients (ingress from these addresses), and
   * the client table's media rows (the role's egress to the clients' media range,
   * `clientMediaPorts`). Default: none.
   */
  readonly clients?: readonly (string | SecurityRole | ExistingPeer)[];
  /**
   * Other Skype for Business servers, by role (wired both ways; prefer the typed roles, or
   * `<Kind>.fromAddresses` for servers outside the cloud) or by CIDR. A CIDR here stands for a
   * server of any Skype role: this role admits it on its `servers` rows and reaches it on every
   * server role's `servers` rows (Front End, Director, Mediation, Persistent Chat, all servers,
   * audio media). Skype roles on the same network reach each other through the site's server group
   * without being listed. Default: none.
   */
  readonly servers?: readonly (string | SecurityRole | ExistingPeer)[];
  /**
   * Client media port range as configured with Set-CsConferencingConfiguration (ClientMediaPortRange).
   * Default "1024-65535" (seed 001 client table); a narrower range of at least 20 ports is accepted,
   * a wider one is an error.
   */
  readonly clientMediaPorts?: string;
  /** The Active Directory domain the servers join (they reach its controllers). Default: none. */
  readonly domain?: { allowMembers(...roles: SecurityRole[]): void };
  /**
   * The Skype for Business Server version the role runs: 2015, 2019 or `'SE'` (Subscription
   * Edition). Default `'SE'`, the supported version. 2019 and SE share their port tables
   * (catalog/versions.ts SE_SHARES_2019); what 2019 removed (Persistent Chat, XMPP) needs 2015.
   * A site may mix versions during a migration: the flows between them are the documented ones.
   */
  readonly version?: SkypeVersion;
}

/** Props of a Skype role declared outside the cloud by its addresses. */
export interface SkypeOutsideProps {
  /** The network binding of the cloud roles it talks to. */
  readonly network: NetworkBinding;
  /** Its addresses (CIDRs). Required, non-empty. */
  readonly cidrs: readonly string[];
  /** Unique name on the network. Default: the construct id, lowercased. */
  readonly name?: string;
  /** Client media port range of the deployment (see SkypeRoleProps.clientMediaPorts). */
  readonly clientMediaPorts?: string;
  /** The version it runs (see SkypeRoleProps.version). Default `'SE'`. */
  readonly version?: SkypeVersion;
}

/** Internal: how a Skype role constructor is told that it stands for a role outside the cloud. */
export interface OutsideMarker {
  readonly outsideCidrs?: readonly string[];
}

/** The kinds of Skype for Business server pool that are members of the site (each has a group per network). */
export type SiteKind = 'front-end' | 'director' | 'mediation' | 'persistent-chat';

/**
 * Per kind of server pool: the group's name on the network and the peer classes every pool of the
 * kind plays, whatever its options (a Front End pool's conditional classes such as `mediation` or
 * `cms-host` are not here: they are reached role to role). In stable order.
 */
export const SITE_KINDS: Readonly<Record<SiteKind, { readonly group: string; readonly plays: readonly PeerClass[]; readonly label: string; readonly catalogRoles: readonly CatalogRole[] }>> = {
  'front-end': { group: 'skype-front-ends', catalogRoles: SKYPE_ROLE_KINDS['front-end'].catalogRoles, plays: SKYPE_ROLE_KINDS['front-end'].plays, label: 'Front End pools' },
  director: { group: 'skype-directors', catalogRoles: SKYPE_ROLE_KINDS.director.catalogRoles, plays: SKYPE_ROLE_KINDS.director.plays, label: 'Director pools' },
  mediation: { group: 'skype-mediation', catalogRoles: SKYPE_ROLE_KINDS.mediation.catalogRoles, plays: SKYPE_ROLE_KINDS.mediation.plays, label: 'Mediation pools' },
  'persistent-chat': { group: 'skype-persistent-chat', catalogRoles: SKYPE_ROLE_KINDS['persistent-chat'].catalogRoles, plays: SKYPE_ROLE_KINDS['persistent-chat'].plays, label: 'Persistent Chat pools' },
};

/**
 * The rows of a kind of pool that its group carries for every member: required (neither conditional
 * nor optional), with fixed ports (not configurable, no dynamic RPC range), so every pool of the kind
 * documents them alike. Only their peer classes that site groups play are carried; a pool declares
 * the rest of each row (clients, the pool itself, wired roles) itself.
 */
export function groupCarriedEntries(kind: SiteKind): PortEntry[] {
  return entriesOf(SITE_KINDS[kind].catalogRoles).filter((e) => e.requirement === 'required' && !e.configurable && !e.ports.includes('dynamic-rpc'));
}
const SITE_KIND_ORDER: readonly SiteKind[] = ['front-end', 'director', 'mediation', 'persistent-chat'];

/**
 * The group every Skype for Business server pool of one kind on one network joins (the Front End
 * pools, the Directors, ...). A row whose peers are a class every pool of the kind plays (`servers`,
 * `front-end`, ...) names the group once, so rule counts stay flat as pools are added, and a row is
 * carried by a group only where every member of the group is a documented peer of that row (a
 * Director never reaches client media because a row names `servers`). On AWS a security group the
 * pools' hosts attach as well; on Azure an application security group whose rules go into each
 * member's NSG.
 */
export class SkypeServerGroup extends SecurityRole {
  /** The kind of pool whose hosts join this group. */
  readonly siteKind: SiteKind;

  constructor(scope: Construct, id: string, props: SecurityRoleProps & { readonly siteKind?: SiteKind }) {
    const kind = props.siteKind ?? 'front-end';
    super(scope, id, props, `Skype for Business ${SITE_KINDS[kind].label} of the site`, { group: true });
    this.siteKind = kind;
  }

  /** The peer classes every member plays: what rows may name the group for. */
  groupPlays(): readonly PeerClass[] {
    return SITE_KINDS[this.siteKind].plays;
  }

  /**
   * The rows every member documents alike (see groupCarriedEntries), with the site's server groups
   * whose members play the rows' peer classes: one rule set for all the pools of the kind.
   */
  protected declare(): RoleDeclaration {
    const sides: PeerSide[] = existingSkypeServerGroups(this.network).map((g) => ({ peer: g.peer, plays: g.groupPlays(), entries: [] }));
    return { flows: declarePairs({ entries: groupCarriedEntries(this.siteKind) }, { path: this.node.path, plays: [] }, sides).flows };
  }

  /** The group reaches its members through one rule set (see RoleIntent.summarizeMemberEgress). */
  intent(): RoleIntent {
    return { ...super.intent(), summarizeMemberEgress: true };
  }
}

const siteGroups = new WeakMap<NetworkBinding, Map<SiteKind, SkypeServerGroup>>();

/** The network's group of Skype server pools of one kind (created by the first pool of the kind on it). */
export function skypeServerGroup(network: NetworkBinding, kind: SiteKind = 'front-end'): SkypeServerGroup {
  let byKind = siteGroups.get(network);
  if (!byKind) siteGroups.set(network, (byKind = new Map()));
  let g = byKind.get(kind);
  if (!g) {
    const name = SITE_KINDS[kind].group;
    g = new SkypeServerGroup(network, name, { network, name, siteKind: kind });
    byKind.set(kind, g);
  }
  return g;
}

/** The site's server groups on this network, in a stable order (one per kind of pool present). */
export function existingSkypeServerGroups(network: NetworkBinding): SkypeServerGroup[] {
  const byKind = siteGroups.get(network);
  if (!byKind) return [];
  return SITE_KIND_ORDER.flatMap((k) => (byKind.has(k) ? [byKind.get(k)!] : []));
}

/** Entries of catalog roles, in catalog order. */
export function entriesOf(roles: readonly CatalogRole[]): PortEntry[] {
  return roles.flatMap((r) => catalog.byRole(r));
}

/** Base class of the Skype for Business roles. */
export abstract class SkypeRole extends SecurityRole {
  private readonly addressSides: PeerSide[] = [];
  /** The client media range of the deployment (validated, at least 20 ports). */
  protected readonly clientMedia: PortRange[];
  /** The Skype for Business Server version the role runs (default `'SE'`). */
  readonly version: SkypeVersion;

  protected constructor(
    scope: Construct,
    id: string,
    props: SkypeRoleProps & OutsideMarker,
    kind: string,
    options: { internetFacing?: boolean; siteKind?: SiteKind } = {},
  ) {
    super(scope, id, props, kind, { internetFacing: options.internetFacing, outside: props?.outsideCidrs });
    this.version = props.version ?? DEFAULT_SKYPE_VERSION;
    this.clientMedia = this.ports(props.clientMediaPorts ?? DEFAULT_CLIENT_MEDIA, 'clientMediaPorts');
    if (size(this.clientMedia) < 20) {
      throw new MsPortsError(
        this.node.path,
        `clientMediaPorts "${props.clientMediaPorts}" holds ${size(this.clientMedia)} ports`,
        'configure at least 20 client media ports (seed 001 client table: sfb.client.media-audio, sfb.client.media-video)',
      );
    }
    if (this.isOutside) return;
    if (options.siteKind) this.joinGroup(skypeServerGroup(props.network, options.siteKind));
    if (props.clients !== undefined) this.addPeers('clients', props.clients, 'clients', ['clients'], clientEntries(this.clientMedia));
    if (props.servers !== undefined) this.addPeers('servers', props.servers, 'servers', ['servers'], { entries: entriesOf(ANY_SKYPE_SERVER_ROLES) });
    if (props.domain !== undefined) {
      if (typeof (props.domain as { allowMembers?: unknown }).allowMembers !== 'function') {
        throw new MsPortsError(this.node.path, 'domain is not a DomainController', 'pass a DomainController construct as `domain`');
      }
      props.domain.allowMembers(this);
    }
  }

  /** The catalog roles (seed table row groups) this role kind implements. */
  protected abstract catalogRoles(): readonly CatalogRole[];

  /** Conditions, enabled optional entries and narrower ranges of this instance. */
  protected entryOptions(): EntryOptions {
    return {};
  }

  catalogEntries(): { readonly entries: readonly PortEntry[]; readonly options?: EntryOptions } {
    return { entries: this.ofVersion(entriesOf(this.catalogRoles())), options: this.entryOptions() };
  }

  /** The entries that apply to this role's version (catalog.versionsOf); the others are listed as skipped by declarePairs. */
  protected ofVersion(entries: readonly PortEntry[]): PortEntry[] {
    return entries.filter((e) => catalog.appliesTo(e, this.version));
  }

  /**
   * Refuses a feature that Skype for Business Server 2019 removed (and SE with it) unless the role
   * runs 2015: `what` names the prop or role, with the fix.
   */
  protected require2015(what: string, fix: string): void {
    if (this.version !== 2015) {
      throw new MsPortsError(
        this.node.path,
        `${what}, but version is ${versionText(this.version)}${this.version === DEFAULT_SKYPE_VERSION ? ' (the default)' : ''}: Skype for Business Server 2019 and Subscription Edition removed it (MicrosoftDocs/OfficeDocs-SkypeForBusiness:Skype/SfBServer2019/deprecated.md)`,
        `set version: 2015 on this role (a 2015 pool may run beside 2019/SE pools during a migration), or ${fix}`,
      );
    }
  }

  /** The role's intent, naming its product version for the report. */
  intent(): RoleIntent {
    return { ...super.intent(), productVersion: versionLabel(this.version) };
  }

  /** Join an Active Directory domain: the servers reach its controllers (KB832017 flows). */
  joinDomain(domain: { allowMembers(...roles: SecurityRole[]): void }): void {
    domain.allowMembers(this);
  }

  /**
   * Adds a peer given for prop `prop`: roles are wired both ways; CIDRs become an address side
   * named `name` that plays `plays` and whose kind implements `kindEntries` (so both directions of
   * the pair render).
   */
  protected addPeers(
    prop: string,
    input: PeersInput,
    name: string,
    plays: readonly PeerClass[],
    kindEntries: { readonly entries: readonly PortEntry[]; readonly options?: EntryOptions } = { entries: [] },
  ): void {
    const list: readonly (string | SecurityRole | ExistingPeer)[] = typeof input === 'string' || input instanceof SecurityRole || isExistingPeer(input) ? [input] : Array.isArray(input) ? input : [];
    if (!Array.isArray(input) && typeof input === 'object' && !(input instanceof SecurityRole) && !isExistingPeer(input) && input !== null && 'cidrs' in input) {
      const g = input as { name: string; cidrs: readonly string[] };
      const peer = this.resolvePeer(g, name);
      this.addressSides.push({ peer, plays, ...kindEntries });
      return;
    }
    if (list.length === 0) {
      throw new MsPortsError(this.node.path, Array.isArray(input) ? `${prop} is empty` : `${prop} is ${JSON.stringify(input)}`, `list at least one CIDR or role for ${prop}, or leave it out`);
    }
    const cidrs: string[] = [];
    for (const item of list) {
      if (typeof item === 'string') cidrs.push(item);
      else if (item instanceof SecurityRole) this.connect(item);
      // An existing piece (security group, prefix list, ASG, service tag) stands for a role of the prop's kind: both directions render towards it.
      else if (isExistingPeer(item)) this.addressSides.push({ peer: this.resolvePeer(item, name), plays, ...kindEntries });
      else throw new MsPortsError(this.node.path, `${prop} holds ${JSON.stringify(item)}, which is neither a CIDR nor a role`, `list CIDR strings or role constructs in ${prop}`);
    }
    if (cidrs.length) {
      const peer = this.resolvePeer(cidrs, name);
      const existing = this.addressSides.findIndex((s) => s.peer.kind === 'cidrs' && s.peer.name === name);
      if (existing >= 0) {
        const prev = this.addressSides[existing];
        const merged = prev.peer.kind === 'cidrs' ? [...prev.peer.cidrs, ...cidrs] : cidrs;
        this.addressSides[existing] = { ...prev, peer: this.resolvePeer(merged, name) };
      } else {
        this.addressSides.push({ peer, plays, ...kindEntries });
      }
    }
  }

  /**
   * The peer classes for which this role names the site's server groups (every class a group's
   * members all play). Site members use every group; other roles (the Edge) narrow this.
   */
  protected siteGroupClasses(): readonly PeerClass[] | 'all' {
    return 'all';
  }

  /**
   * Every peer side of this role: the site's server groups (for rows whose peers are classes every
   * member of a group plays), the wired roles (less the classes a group already carries for them),
   * and the address lists of its props.
   */
  protected sides(): PeerSide[] {
    const allowed = this.siteGroupClasses();
    const sides: PeerSide[] = [];
    const covered = new Map<string, readonly PeerClass[]>();
    for (const g of existingSkypeServerGroups(this.network)) {
      const plays = g.groupPlays().filter((c) => allowed === 'all' || allowed.includes(c));
      if (plays.length === 0) continue;
      sides.push({ peer: g.peer, plays, entries: [] });
      covered.set(g.roleName, plays);
    }
    for (const r of this.connections) {
      // Roles of networks that share this one (other stacks) declare both directions themselves; the
      // binding mirrors their flows onto this role, towards their stand-in.
      if (r.network !== this.network && !this.network.sharesFrom(r.network)) continue;
      const side = this.sideOf(r);
      // Cloud pools of the site are reached through their kind's group for the classes it carries.
      const viaGroup = !r.isOutside && r.network === this.network ? r.memberOf.flatMap((g) => covered.get(g) ?? []) : [];
      sides.push(viaGroup.length ? { ...side, plays: side.plays.filter((c) => !viaGroup.includes(c)) } : side);
    }
    sides.push(...this.addressSides);
    return sides;
  }

  /**
   * Flows of this role with every side, both directions, from the catalog; less what the group of
   * its kind carries for every pool of the kind (the same rows towards the site's server groups).
   */
  protected declarePairs(extraSides: readonly PeerSide[] = []): Declared {
    const own = this.catalogEntries();
    const declared = declarePairs(own, { path: this.node.path, plays: this.plays(), selfPeer: this.peer }, [...this.sides(), ...extraSides]);
    const kept = new Set(own.entries.map((e) => e.id));
    for (const e of entriesOf(this.catalogRoles())) {
      if (!kept.has(e.id) && !catalog.appliesTo(e, this.version)) {
        declared.skipped.push({ catalogId: e.id, reason: `applies to Skype for Business Server ${catalog.versionsOf(e)!.versions.map(versionText).join(', ')} only; this role runs ${versionText(this.version)}` });
      }
    }
    const group = existingSkypeServerGroups(this.network).find((g) => this.memberOf.includes(g.roleName));
    if (!group) return declared;
    const carried = new Set(groupCarriedEntries(group.siteKind).map((e) => e.id));
    const groupPeers = new Set(existingSkypeServerGroups(this.network).map((g) => g.roleName));
    const flows = declared.flows.filter((f) => !(f.peer.kind === 'role' && groupPeers.has(f.peer.role) && f.catalogIds.length === 1 && carried.has(f.catalogIds[0])));
    return { flows, skipped: declared.skipped };
  }

  /** Narrower ranges for configurable entries, validated against the documented range when declared. */
  protected override(overrides: Map<string, PortRange[]>, id: string, spec: string | undefined, what: string): void {
    if (spec !== undefined) overrides.set(id, this.ports(spec, what));
  }
}

/** The client kind's entries, with the deployment's client media range. */
export function clientEntries(clientMedia: readonly PortRange[], legacyFileTransfer = false): { entries: PortEntry[]; options: EntryOptions } {
  const overrides = new Map<string, readonly PortRange[]>(CLIENT_MEDIA_ENTRIES.map((id) => [id, clientMedia]));
  return {
    entries: catalog.byRole('sfb-client').filter((e) => legacyFileTransfer || e.id !== LEGACY_FILE_TRANSFER),
    options: { portOverrides: overrides },
  };
}
