/**
 * Microsoft's load balancing requirements on both clouds: source-address persistence and the TCP
 * idle timeout on the Front End and Director web services, the client's address kept at the A/V
 * Edge. The catalog rows are held to their source; the synthesized load balancers are held to the
 * catalog rows directly (which rows apply to a rendered listener is worked out here from the rows'
 * own port lists, not through the library's lookup): each documented setting present where a row
 * names the listener, and nowhere else.
 */
import { catalog } from '../../lib/catalog/index';
import { LB_AFFINITY_TABLE, SKYPE_LB_DOC, SKYPE_LB_TABLE_ROWS, SKYPE_LOAD_BALANCER_SETTINGS } from '../../lib/catalog/skype-load-balancing';
import type { LoadBalancerEntry, LoadBalancerSettingEntry } from '../../lib/catalog/types';
import type { LoadBalancedPool } from '../../lib/catalog/roles';
import { frontendName } from '../../lib/model/declare';
import { verifyFlow } from '../../lib/verify/verify';
import { CLOUDS, resources, synthJson, type Cloud, type TfJson } from '../support/stacks';
import { awsTargetGroups, edgeSite } from './edge-site';

describe('catalog: load balancer settings', () => {
  const lbEntries = [...catalog.loadBalancer('sfb-front-end', 'hardware'), ...catalog.loadBalancer('sfb-front-end', 'dns'), ...catalog.loadBalancer('sfb-director', 'hardware'), ...catalog.loadBalancer('sfb-director', 'dns'), ...catalog.loadBalancer('sfb-edge-external', 'hardware'), ...catalog.loadBalancer('sfb-edge-internal', 'hardware')];

  test.each(SKYPE_LOAD_BALANCER_SETTINGS.map((s) => [s.id, s] as const))('%s cites the requirements page and names only listeners the load balancer tables document', (_id, s) => {
    expect(catalog.has(s.id)).toBe(false); // no clash with a port, load balancer or IPsec id
    expect(s.source).toMatchObject({ document: SKYPE_LB_DOC.document, original: SKYPE_LB_DOC.original, confidence: 'official' });
    expect(s.source.original).toMatch(/@[0-9a-f]{40}$/);
    for (const ref of [s.source, ...(s.also ?? [])]) {
      const count = SKYPE_LB_TABLE_ROWS[ref.table];
      expect([ref.table, count !== undefined]).toEqual([ref.table, true]);
      for (const row of ref.rows) expect(row >= 1 && row <= count).toBe(true);
    }
    expect(s.ports.length).toBeGreaterThan(0);
    for (const p of s.ports) {
      const hit = lbEntries.some((e) => e.pool === p.pool && (e.service ?? '') === (p.service ?? '') && e.port === p.port && e.transport === p.transport);
      expect([p, hit]).toEqual([p, true]);
    }
    expect(s.decision).toBeTruthy();
    if (s.behavior === 'tcp-idle-timeout') {
      expect(s.quote).toContain(`${s.seconds} seconds`);
      expect(s.value).toBe(`${s.seconds} seconds`);
    } else {
      expect(s.seconds).toBeUndefined();
    }
    if (s.behavior === 'source-address-persistence') {
      // The source names the internal web services ports: exactly those carry it.
      const named = [...s.quote.matchAll(/port ([\d, ]+)\)/g)].flatMap((m) => m[1].split(',').map((x) => Number(x.trim())));
      expect([...new Set(s.ports.map((p) => p.port))].sort()).toEqual(named.sort());
    }
  });

  test('one row per documented behaviour; the affinity summary is cited beside persistence', () => {
    expect(SKYPE_LOAD_BALANCER_SETTINGS.map((s) => s.behavior).sort()).toEqual(['keep-client-address', 'source-address-persistence', 'tcp-idle-timeout']);
    expect(SKYPE_LOAD_BALANCER_SETTINGS.find((s) => s.behavior === 'source-address-persistence')!.also?.map((a) => a.table)).toContain(LB_AFFINITY_TABLE);
  });
});

/** The catalog rows that name a listener, worked out from the rows' own port lists. */
function rowsFor(e: Pick<LoadBalancerEntry, 'pool' | 'service' | 'port' | 'transport'>): LoadBalancerSettingEntry[] {
  return SKYPE_LOAD_BALANCER_SETTINGS.filter((s) => s.ports.some((p) => p.pool === e.pool && (p.service ?? '') === (e.service ?? '') && p.port === e.port && p.transport === e.transport));
}

interface Expected {
  readonly persistence: boolean;
  readonly idleSeconds?: number;
  readonly keepClient: boolean;
}

function expectedOf(rows: readonly LoadBalancerSettingEntry[]): Expected {
  const idle = rows.filter((r) => r.behavior === 'tcp-idle-timeout').map((r) => r.seconds!);
  return { persistence: rows.some((r) => r.behavior === 'source-address-persistence'), idleSeconds: idle.length ? Math.max(...idle) : undefined, keepClient: rows.some((r) => r.behavior === 'keep-client-address') };
}

/** Catalog pool of each load-balanced role of the Edge site. */
const POOL_OF: Record<string, LoadBalancedPool> = { 'fe-pool1': 'sfb-front-end', 'dir-pool1': 'sfb-director', 'edge-pool1-ext': 'sfb-edge-external', 'edge-pool1': 'sfb-edge-internal' };

/** Where the clients of a `keep-client-address` listener come from, and the role that must admit them by their own address. */
const CLIENTS_OF: Record<string, { from: string; to: string }> = { 'sfb-edge-external': { from: 'internet', to: 'edge-pool1-ext' }, 'sfb-edge-internal': { from: '10.31.0.5', to: 'edge-pool1' } };

const SITES = [
  ['hardware pools, hardware Edge with an internal VIP', 'hardware', 'hardware'],
  ['DNS-load-balanced pools and Edge', 'dns', 'dns'],
] as const;

describe.each(SITES)('%s', (_title, poolMode, edgeMode) => {
  test.each(CLOUDS)('every rendered listener has exactly the documented settings (%s)', (cloud: Cloud) => {
    const site = edgeSite(cloud, edgeMode, { poolMode });
    const { json } = synthJson(site.stack);
    const seen = new Set<string>();
    const clientChecks: { pool: string; port: string }[] = [];
    if (cloud === 'aws') {
      const groups = awsTargetGroups(json);
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) {
        const entries = g.cites.map((id) => catalog.byId(id) as LoadBalancerEntry);
        const exp = expectedOf(entries.flatMap(rowsFor));
        const at = `${g.key} (${g.cites.join(' ')})`;
        expect([at, g.tg.stickiness ?? null]).toEqual([at, exp.persistence ? { type: 'source_ip', enabled: true } : null]);
        expect([at, g.listener?.tcp_idle_timeout_seconds ?? null]).toEqual([at, exp.idleSeconds ?? null]);
        expect([at, g.tg.preserve_client_ip]).toEqual([at, exp.keepClient || g.tg.protocol === 'UDP' ? 'true' : 'false']);
        for (const r of entries.flatMap(rowsFor)) seen.add(r.id);
        if (exp.keepClient) clientChecks.push({ pool: entries[0].pool, port: `${g.tg.port}/${String(g.tg.protocol).toLowerCase()}` });
      }
    } else {
      const lbs = json.resource.azurerm_lb;
      const rules = resources(json, 'azurerm_lb_rule');
      expect(rules.length).toBeGreaterThan(0);
      for (const r of rules) {
        const lbKey = /^\$\{azurerm_lb\.([^.]+)\.id\}$/.exec(String(r.loadbalancer_id))![1];
        const role = (lbs[lbKey].tags as Record<string, string>)['ms-ports-role'];
        const pool = POOL_OF[role];
        const frontend = String(r.frontend_ip_configuration_name);
        const service = [...catalog.loadBalancer(pool, 'hardware'), ...catalog.loadBalancer(pool, 'dns')].find((e) => e.service && frontendName(e.service) === frontend)?.service;
        const transport = r.protocol === 'Tcp' ? 'tcp' : 'udp';
        const rows = rowsFor({ pool, service, port: Number(r.frontend_port), transport });
        const exp = expectedOf(rows);
        const at = `${role} ${String(r.name)}`;
        expect([at, r.load_distribution ?? null]).toEqual([at, exp.persistence ? 'SourceIP' : null]);
        expect([at, r.idle_timeout_in_minutes ?? null]).toEqual([at, exp.idleSeconds !== undefined ? exp.idleSeconds / 60 : null]);
        expect([at, r.enable_floating_ip ?? null]).toEqual([at, null]);
        for (const row of rows) seen.add(row.id);
        if (exp.keepClient) clientChecks.push({ pool, port: `${String(r.frontend_port)}/${transport}` });
      }
    }
    // Every documented behaviour this site has listeners for was met somewhere.
    const expectedRows = SKYPE_LOAD_BALANCER_SETTINGS.filter((s) => s.behavior !== 'keep-client-address' || edgeMode === 'hardware').map((s) => s.id);
    expect([...seen].sort()).toEqual(expectedRows.sort());
    // Where the client's address is kept, the role admits the clients by that address (as the clouds judge it).
    expect(clientChecks.length).toBe(edgeMode === 'hardware' ? 4 : 0);
    for (const c of clientChecks) {
      const q = CLIENTS_OF[c.pool];
      const v = verifyFlow(json as never, { from: q.from, to: q.to, port: c.port });
      expect([c, v.allowed]).toEqual([c, true]);
    }
  });
});

test('AWS: only the A/V listeners keep the client\'s address on TCP; Access and Web Conferencing 443 do not', () => {
  const { json } = synthJson(edgeSite('aws', 'hardware').stack);
  const tcp443 = awsTargetGroups(json as TfJson).filter((g) => g.tg.port === 443 && g.cites.some((id) => id.startsWith('sfb.lb.hw.edge-')));
  expect(tcp443.map((g) => [g.cites.join(' '), g.tg.preserve_client_ip]).sort()).toEqual([
    ['sfb.lb.hw.edge-ext.access.443', 'false'],
    ['sfb.lb.hw.edge-ext.av.tcp.443', 'true'],
    ['sfb.lb.hw.edge-ext.webconf.443', 'false'],
    ['sfb.lb.hw.edge-int.av-stun.tcp.443', 'true'],
  ]);
});
