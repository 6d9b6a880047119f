/**
 * Office365Egress: roles and client networks reaching Microsoft 365 (Office 365), by address
 * (endpoint sets with published ranges) and by name (every selected set's URLs), plus the Skype for
 * Business Online client ports of seed 003 with their source-port ranges and its FQDN allow list.
 */
import type { Construct } from 'constructs';
import { catalog } from '../catalog/index';
import { ENDPOINT_CATEGORIES, m365Snapshot, SERVICE_AREAS, setCitation, type EndpointCategory, type EndpointSet, type ServiceArea } from '../catalog/m365-endpoints';
import { SFBO_CLIENT_PORTS, SFBO_NAMES, SFBO_SETTINGS } from '../catalog/office365';
import type { PortEntry } from '../catalog/types';
import { applies, declareFlows } from '../model/declare';
import { MsPortsError } from '../model/errors';
import type { Flow, SkippedEntry } from '../model/intent';
import { formatPorts, intersect, normalize, parsePorts, subtract } from '../model/ports';
import { firewallAddressRules, namedSetPeers, nameSourceOfEntry, nameSourceOfSet, selectEndpointSets, setFlows, setPeers, type NameSource } from '../plan/egress';
import { bool, checkProps, list, str, type Check, type PropSchema } from '../core/props';
import { SecurityRole } from '../core/role';
import { EGRESS_PROPS, isClientRole, MicrosoftEgress, type EgressSelection, type MicrosoftEgressProps } from './egress';

/** Service areas, as users write them. */
export type Office365ServiceArea = 'exchange' | 'sharepoint' | 'skype' | 'common';
/** Endpoint categories, as users write them. */
export type Office365Category = 'optimize' | 'allow' | 'default';

const AREA: Record<Office365ServiceArea, ServiceArea> = { exchange: 'Exchange', sharepoint: 'SharePoint', skype: 'Skype', common: 'Common' };
const CATEGORY: Record<Office365Category, EndpointCategory> = { optimize: 'Optimize', allow: 'Allow', default: 'Default' };

export interface Office365EgressProps extends MicrosoftEgressProps {
  /**
   * Service areas of the endpoint sets (`skype` also stands for Teams). Default: all four
   * (exchange, sharepoint, skype, common). Source: the endpoints web service's `serviceArea`.
   */
  readonly serviceAreas?: readonly Office365ServiceArea[];
  /** Endpoint categories. Default: all three (optimize, allow, default). Source: the web service's `category`. */
  readonly categories?: readonly Office365Category[];
  /** Optional endpoint sets to take as well, by id, or `'all'`. Default: none (required sets only). */
  readonly optionalSets?: readonly number[] | 'all';
  /**
   * The seed 003 client port rows (Skype for Business Online: SIP, conferencing, media from the
   * client source ranges 50000-50059) and its FQDN list, when the skype area is selected. Default true.
   * The port rows apply to the client roles among `from` (roles that play clients, e.g. ClientNetwork);
   * without one they are listed as not rendered. Their optional (50000-59999) and legacy (5223 push)
   * rows need `enable` by id.
   */
  readonly skypeOnlineClient?: boolean;
}

/** `optionalSets`: `'all'` or a list of endpoint set ids (which ids exist is checked against the snapshot). */
export const OPTIONAL_SETS: Check = (v, at, ctx) => {
  if (v === 'all') return;
  if (!Array.isArray(v)) throw new MsPortsError(ctx.path, `${at} ${JSON.stringify(v) ?? String(v)} is neither 'all' nor a list of endpoint set ids`, `write ${at}: 'all' or a list of ids, e.g. ${at}: [125]`);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1) throw new MsPortsError(ctx.path, `${at}[${i}] ${JSON.stringify(x) ?? String(x)} is not an endpoint set id`, `write each id as a whole number, e.g. ${at}: [125]`);
  });
};

/** Run-time checks of Office365EgressProps (one per prop; keep in step with the interface). */
const OFFICE365_EGRESS_PROPS: PropSchema = {
  ...EGRESS_PROPS,
  serviceAreas: list(str()),
  categories: list(str()),
  optionalSets: OPTIONAL_SETS,
  skypeOnlineClient: bool(),
};

/** Egress to Microsoft 365 on Azure or AWS, by address and by name. */
export class Office365Egress extends MicrosoftEgress {
  constructor(scope: Construct, id: string, props: Office365EgressProps) {
    super(scope, id, checkProps(scope, id, 'Office365Egress', props, OFFICE365_EGRESS_PROPS), 'Office 365');
  }

  protected select(): EgressSelection {
    const p = this.props as Office365EgressProps;
    const areas = (p.serviceAreas ?? (Object.keys(AREA) as Office365ServiceArea[])).map((a) => {
      if (!AREA[a]) throw new MsPortsError(this.node.path, `serviceAreas lists "${String(a)}"`, `use ${Object.keys(AREA).join(', ')}`);
      return AREA[a];
    });
    const cats = (p.categories ?? (Object.keys(CATEGORY) as Office365Category[])).map((c) => {
      if (!CATEGORY[c]) throw new MsPortsError(this.node.path, `categories lists "${String(c)}"`, `use ${Object.keys(CATEGORY).join(', ')}`);
      return CATEGORY[c];
    });
    if (areas.length === 0 || cats.length === 0) {
      throw new MsPortsError(this.node.path, `${areas.length === 0 ? 'serviceAreas' : 'categories'} is empty`, 'select at least one, or leave the prop out for all');
    }
    const snap = m365Snapshot();
    const optional = p.optionalSets;
    if (Array.isArray(optional)) {
      for (const id of optional) {
        const set = snap.endpoints.find((s) => s.id === id);
        if (!set) throw new MsPortsError(this.node.path, `optionalSets lists ${id}, which is not an endpoint set of snapshot ${snap.version}`, `use ids of the snapshot (${snap.endpoints.filter((s) => !s.required).map((s) => s.id).join(', ')} are optional)`);
        if (set.required) throw new MsPortsError(this.node.path, `optionalSets lists ${id}, which is required`, 'list only optional sets; required sets are always taken');
      }
    }
    const enabled = new Set(p.enable ?? []);
    for (const id of enabled) {
      if (!SFBO_CLIENT_PORTS.some((e) => e.id === id)) {
        throw new MsPortsError(this.node.path, `enable lists "${id}", which is not an Office 365 catalog entry`, `use one of ${SFBO_CLIENT_PORTS.filter((e) => e.requirement !== 'required').map((e) => e.id).join(', ')}`);
      }
    }
    const { selected, left } = selectEndpointSets(snap.endpoints, {
      serviceAreas: areas.filter((a) => SERVICE_AREAS.includes(a)),
      categories: cats.filter((c) => ENDPOINT_CATEGORIES.includes(c)),
      includeOptional: optional === 'all',
      optionalSetIds: Array.isArray(optional) ? optional : [],
    });
    const v = snap.version;
    const flows: Flow[] = selected.flatMap((s) => setFlows(s, v));
    const names: NameSource[] = selected.flatMap((s) => nameSourceOfSet(s, v) ?? []);
    const skipped: SkippedEntry[] = left.map((l) => ({ catalogId: setCitation(l.id, v), reason: l.reason }));
    const warnings: string[] = [];
    const settings: string[] = [];
    const notes: string[] = [];

    const skypeOnline = (p.skypeOnlineClient ?? true) && areas.includes('Skype');
    const clientFlows: Flow[] = [];
    const clientRoles = p.from.filter((f): f is SecurityRole => f instanceof SecurityRole && isClientRole(f));
    if (skypeOnline) {
      const d = this.skypeOnline(selected, v, enabled);
      // What an endpoint set already allows from any source port is cited on the set's rule (the
      // source-port restriction would restrict nothing there); only the rest is a client row of its own.
      const rest: Flow[] = [];
      for (const f of d.flows) {
        const covering = normalize(
          flows.filter((g) => g.peer.kind === 'cidrs' && f.peer.kind === 'cidrs' && g.peer.name === f.peer.name && g.transport === f.transport).flatMap((g) => g.ports),
        );
        const inside = intersect(f.ports, covering);
        const outside = subtract(normalize(f.ports), covering);
        if (inside.length) {
          const { sourcePorts, ...plain } = f;
          flows.push({ ...plain, ports: inside });
          if (sourcePorts?.length) notes.push(`${f.catalogIds.join(' ')}: ${f.transport} ${formatPorts(inside)} from source ports ${formatPorts(sourcePorts)} is covered by the endpoint set's rule (any source port), which cites it`);
        }
        if (outside.length) rest.push({ ...f, ports: outside });
      }
      if (clientRoles.length) clientFlows.push(...rest);
      else {
        for (const id of new Set(rest.flatMap((f) => f.catalogIds.filter((c) => c.startsWith('o365.'))))) {
          skipped.push({ catalogId: id, reason: 'a Skype for Business Online client row beyond the endpoint sets: no client role (e.g. ClientNetwork) is among the sources, and servers do not get client rows' });
        }
      }
      skipped.push(...d.skipped);
      names.push(...SFBO_NAMES.map(nameSourceOfEntry));
      for (const s of SFBO_SETTINGS) settings.push(`${s.id}: ${s.setting}: ${s.value} (${s.purpose})`);
      for (const id of enabled) {
        const e = catalog.port(id);
        if (e.requirement === 'legacy') warnings.push(`${id} is legacy (${e.purpose}); rendered because it was enabled`);
      }
      if (this.network.cloud === 'aws' && clientFlows.some((f) => f.sourcePorts?.length)) {
        warnings.push(
          'seed 003 documents the Skype for Business Online client media from source ports 50000-50019 (audio), 50020-50039 (video) and 50040-50059 (desktop sharing); Azure renders those source ports exactly, AWS security groups have no source ports, so AWS allows the same destinations from any source port',
        );
      }
    } else if (enabled.size) {
      throw new MsPortsError(this.node.path, `enable lists ${[...enabled].join(', ')}, but the Skype for Business Online client rows are not selected`, 'select the skype service area (and leave skypeOnlineClient on), or drop the ids');
    }
    const firewallAddresses = firewallAddressRules(selected.flatMap((s) => setFlows(s, v)), namedSetPeers(selected));
    return { flows, clientFlows, names, skipped, warnings, version: v, endpointSets: selected.map((s) => s.id), settings, notes, firewallAddressRules: firewallAddresses };
  }

  /**
   * Seed 003 client rows to the Skype service area's selected sets that publish addresses: UDP rows
   * to the sets with UDP ports (set 11, media relays), TCP rows to the sets with TCP ports (set 12).
   * Decision: seed 003 names the destination only as "Office 365"; those sets are Microsoft's
   * published addresses of that service.
   */
  private skypeOnline(selected: readonly EndpointSet[], version: string, enabled: ReadonlySet<string>): { flows: Flow[]; skipped: SkippedEntry[] } {
    const skype = selected.filter((s) => s.serviceArea === 'Skype' && s.ips?.length);
    const setsFor = (t: 'tcp' | 'udp') => skype.filter((s) => (t === 'tcp' ? s.tcpPorts : s.udpPorts) !== undefined);
    const flows: Flow[] = [];
    const skipped: SkippedEntry[] = [];
    for (const e of SFBO_CLIENT_PORTS) {
      const why = applies(e, { enabled });
      if (why) {
        skipped.push({ catalogId: e.id, reason: why });
        continue;
      }
      for (const t of e.transports as ('tcp' | 'udp')[]) {
        const one: PortEntry = { ...e, transports: [t] };
        const sets = setsFor(t);
        if (sets.length === 0) {
          skipped.push({ catalogId: e.id, reason: `no selected Skype endpoint set publishes ${t.toUpperCase()} addresses` });
          continue;
        }
        const src = e.sourcePorts ? parsePorts(e.sourcePorts) : undefined;
        for (const set of sets) {
          // The rule cites the seed row and the endpoint set (with the snapshot version) whose addresses it uses.
          const d = declareFlows([one], { path: this.node.path, peers: { 'microsoft-online': setPeers(set, version) }, enabled });
          flows.push(...d.flows.map((f) => ({ ...f, catalogIds: [...f.catalogIds, setCitation(set.id, version)], ...(src ? { sourcePorts: src } : {}) })));
          skipped.push(...d.skipped);
        }
      }
    }
    return { flows, skipped };
  }
}
