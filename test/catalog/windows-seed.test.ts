/**
 * Checks lib/catalog/windows.ts against KB832017 (Japanese copy, seed 004_07db2817c1798512.txt).
 *
 * The invariants at the top always run. The seed checks run when the seed sits beside this checkout
 * (../shared/seeds relative to the project root); otherwise they are skipped.
 */

import * as fs from 'fs';
import * as path from 'path';
import type { PortEntry, SourceRef, Transport } from '../../lib/catalog/types';
import {
  AD_DEPENDENT_SERVICES,
  DYNAMIC_RPC_RANGES,
  KB832017_DOC,
  KB832017_PROSE_TABLES,
  KB832017_SERVICE_TABLES,
  KB832017_SUMMARY_TABLE,
  SERVICES_REQUIRING_AD,
  WINDOWS_SERVICES,
  WINDOWS_SERVICE_PORTS,
} from '../../lib/catalog/windows';
import {
  AD_DEPENDS_ON_KEYS,
  PROSE_SECTIONS,
  REQUIRES_AD_KEYS,
  SERVICE_HEADINGS,
  SUMMARY_SERVICE_KEYS,
  SUMMARY_TABLE,
  parseKb832017,
  portSpecsOf,
  transportsOf,
} from '../support/kb832017';

const SEED = path.resolve(__dirname, '../../../shared/seeds/004_07db2817c1798512.txt');

const ENTRIES: readonly PortEntry[] = WINDOWS_SERVICE_PORTS;
const PORTLESS: ReadonlySet<Transport> = new Set<Transport>(['icmp', 'gre', 'esp', 'ah']);
const SERVICE_TABLE_NAMES: ReadonlySet<string> = new Set(Object.values(KB832017_SERVICE_TABLES));
const PROSE_TABLE_NAMES: ReadonlySet<string> = new Set(Object.values(KB832017_PROSE_TABLES));

/**
 * Every correction the test applies to the seed before comparing, by table and data row. Each one is
 * checked to still match the seed (`from` must be what the seed says), and every entry citing a fixed
 * row must carry a `decision`.
 */
interface Fix {
  readonly table: string;
  readonly row: number;
  /** Which cell is corrected: the protocol (transport) cell, the port cell, or the application-protocol name. */
  readonly cell: 'protocol' | 'port' | 'name';
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

const T = KB832017_SERVICE_TABLES;
const FIXES: readonly Fix[] = [
  { table: T['active-directory'], row: 5, cell: 'protocol', from: 'ポート番号なし', to: 'ICMP', why: 'ICMP row: the protocol cell says "no port number"' },
  { table: T.cluster, row: 1, cell: 'protocol', from: 'UDP および DTLS¹', to: 'UDP', why: 'UDP protected by DTLS (footnote 1)' },
  { table: T.dfsn, row: 1, cell: 'port', from: '1382', to: '138', why: 'footnote 2 (NetBIOS optional) fused into 138' },
  { table: T.dfsn, row: 2, cell: 'port', from: '1392', to: '139', why: 'footnote 2 (NetBIOS optional) fused into 139' },
  { table: T.dfsr, row: 2, cell: 'port', from: '57222', to: '5722', why: 'footnote 2 (Windows Server 2008/2008 R2 DCs only) fused into 5722' },
  { table: T['group-policy'], row: 2, cell: 'name', from: 'ICMP (ping)2', to: 'ICMP (ping)', why: 'footnote 2 (XP/2003 clients only) fused into the name' },
  { table: T.netlogon, row: 1, cell: 'port', from: '1382', to: '138', why: 'footnote 2 (NetBIOS optional) fused into 138' },
  { table: T.netlogon, row: 2, cell: 'port', from: '1372', to: '137', why: 'footnote 2 (NetBIOS optional) fused into 137' },
  { table: T.netlogon, row: 3, cell: 'port', from: '1392', to: '139', why: 'footnote 2 (NetBIOS optional) fused into 139' },
  { table: KB832017_SUMMARY_TABLE, row: 114, cell: 'protocol', from: 'UDP', to: 'TCP', why: '636 under UDP: LDAP SSL is TCP only; the row is cited by the TCP 636 entry' },
  { table: KB832017_SUMMARY_TABLE, row: 151, cell: 'protocol', from: 'UPD', to: 'UDP', why: '"UPD" is a typo for UDP' },
  { table: KB832017_SUMMARY_TABLE, row: 176, cell: 'port', from: '1024-65535', to: 'dynamic-rpc', why: 'generic randomly-allocated-ports row: the dynamic RPC range' },
];

/** Rows broken over two lines in the seed (joined by the parser); their entries must say so. */
const JOINED_ROWS: readonly { table: string; row: number }[] = [
  { table: T['simple-tcpip'], row: 1 },
  { table: T['simple-tcpip'], row: 2 },
  { table: T['simple-tcpip'], row: 9 },
  { table: KB832017_SUMMARY_TABLE, row: 10 },
  { table: KB832017_SUMMARY_TABLE, row: 11 },
  { table: KB832017_SUMMARY_TABLE, row: 12 },
  { table: KB832017_SUMMARY_TABLE, row: 13 },
];

function refsOf(e: PortEntry): SourceRef[] {
  return [e.source, ...(e.also ?? [])];
}

function citing(table: string, row: number): PortEntry[] {
  return ENTRIES.filter((e) => refsOf(e).some((r) => r.table === table && r.rows.includes(row)));
}

/**
 * The seed's literal `49152-65535` is the modern default dynamic range (DYNAMIC_RPC_RANGES.modern); for the
 * comparison it equals the `dynamic-rpc` token.
 */
function canon(spec: string): string {
  return spec === DYNAMIC_RPC_RANGES.modern ? 'dynamic-rpc' : spec;
}

/** `transport/port` pairs an entry states (`icmp/-` for port-less transports). */
function pairsOfEntry(e: PortEntry): string[] {
  return e.transports.flatMap((t) => (e.ports.length ? e.ports.map((p) => `${t}/${canon(p)}`) : [`${t}/-`]));
}

function pairsOfEntries(es: readonly PortEntry[]): string[] {
  return [...new Set(es.flatMap(pairsOfEntry))].sort();
}

function fixFor(table: string, row: number, cell: Fix['cell']): Fix | undefined {
  return FIXES.find((f) => f.table === table && f.row === row && f.cell === cell);
}

/** The `transport/port` pairs a seed row states, after the listed fixes. */
function expectedPairs(table: string, row: number, protocolCell: string, portCell: string): string[] {
  const pf = fixFor(table, row, 'protocol');
  const transports = transportsOf(pf ? pf.to : protocolCell);
  if (!transports) throw new Error(`${table} row ${row}: unrecognised protocol cell "${protocolCell}" and no fix listed`);
  const fix = fixFor(table, row, 'port');
  const specs = portSpecsOf(portCell).map((s) => (fix && s === fix.from ? fix.to : s));
  return [...new Set(transports.flatMap((t) => (specs.length ? specs.map((s) => `${t}/${canon(s)}`) : [`${t}/-`])))].sort();
}

describe('Windows catalog (KB832017) invariants', () => {
  test('the catalog is not empty and ids are unique', () => {
    expect(ENTRIES.length).toBeGreaterThan(200);
    const ids = ENTRIES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('ids are lowercase dotted win.<service>.<protocol>.<transport>[.<port>] and agree with the entry', () => {
    for (const e of ENTRIES) {
      const m = /^win\.([a-z0-9-]+)\.([a-z0-9-]+)\.(tcp|udp|icmp|gre|esp|ah)(?:\.(\d+(?:-\d+)?))?$/.exec(e.id);
      expect(m).not.toBeNull();
      if (!m) continue;
      expect(m[1]).toBe(e.role);
      expect(e.transports).toEqual([m[3]]);
      if (m[4] !== undefined) expect(e.ports).toEqual([m[4]]);
      else expect(e.ports.length === 0 || (e.ports.length === 1 && e.ports[0] === 'dynamic-rpc')).toBe(true);
    }
  });

  test('family, confidence, direction and document are the Windows/KB832017 ones', () => {
    for (const e of ENTRIES) {
      expect(e.family).toBe('windows');
      expect(e.direction).toBe('inbound');
      expect(e.peers.length).toBeGreaterThan(0);
      expect(e.purpose.length).toBeGreaterThan(10);
      for (const r of refsOf(e)) {
        expect(r.confidence).toBe('official');
        expect(r.document).toBe(KB832017_DOC.document);
        expect(r.original).toBe(KB832017_DOC.original);
        expect(r.rows.length).toBeGreaterThan(0);
        for (const n of r.rows) expect(Number.isInteger(n) && n >= 1).toBe(true);
        expect(SERVICE_TABLE_NAMES.has(r.table) || PROSE_TABLE_NAMES.has(r.table) || r.table === KB832017_SUMMARY_TABLE).toBe(true);
      }
    }
  });

  test('every port spec is dynamic-rpc or N / N-M within 1-65535 with from <= to', () => {
    for (const e of ENTRIES) {
      for (const spec of e.ports) {
        if (spec === 'dynamic-rpc') continue;
        const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
        expect(m).not.toBeNull();
        if (!m) continue;
        const from = Number(m[1]);
        const to = m[2] === undefined ? from : Number(m[2]);
        expect(from).toBeGreaterThanOrEqual(1);
        expect(to).toBeLessThanOrEqual(65535);
        expect(from).toBeLessThanOrEqual(to);
      }
    }
  });

  test('port-less transports have no ports; TCP/UDP entries have ports; one transport per entry', () => {
    for (const e of ENTRIES) {
      expect(e.transports.length).toBe(1);
      if (e.transports.some((t) => PORTLESS.has(t))) expect(e.ports).toEqual([]);
      else expect(e.ports.length).toBeGreaterThan(0);
    }
  });

  test('conditional entries, and only they, have a condition', () => {
    for (const e of ENTRIES) {
      if (e.requirement === 'conditional') expect(e.condition).toMatch(/^[a-z0-9-]+$/);
      else expect(e.condition).toBeUndefined();
    }
  });

  test('the documented quirks are encoded as decided', () => {
    const byId = new Map(ENTRIES.map((e) => [e.id, e]));
    for (const id of ['win.dfsn.netbios-dgm.udp.138', 'win.dfsn.netbios-ssn.tcp.139', 'win.netlogon.netbios-dgm.udp.138', 'win.netlogon.netbios-ns.udp.137', 'win.netlogon.netbios-ssn.tcp.139']) {
      expect(byId.get(id)?.requirement).toBe('optional');
    }
    expect(byId.get('win.dfsr.rpc.tcp.5722')).toMatchObject({ requirement: 'conditional', condition: 'ws2008-dc', ports: ['5722'] });
    expect(byId.get('win.group-policy.icmp.icmp')).toMatchObject({ transports: ['icmp'], ports: [] });
    for (const key of ['group-policy', 'netlogon']) {
      expect(byId.get(`win.${key}.rpc.tcp.135`)?.ports).toEqual(['135']);
      expect(byId.get(`win.${key}.rpc-dynamic.tcp`)?.ports).toEqual(['dynamic-rpc']);
    }
    expect(byId.get('win.sms-remote-control.remote-chat.udp.2703')?.transports).toEqual(['udp']);
    expect(ENTRIES.filter((e) => e.ports.includes('636')).flatMap((e) => e.transports)).not.toContain('udp');
    expect(ENTRIES.some((e) => e.ports.some((p) => ['1382', '1372', '1392', '57222'].includes(p)))).toBe(false);
    expect(byId.get('win.rras.gre.gre')).toMatchObject({ transports: ['gre'], ports: [] });
    expect(byId.get('win.rras.ipsec-esp.esp')).toMatchObject({ transports: ['esp'], ports: [] });
    expect(byId.get('win.rras.ipsec-ah.ah')).toMatchObject({ transports: ['ah'], ports: [] });
  });

  test('every quirk-fixed, joined, prose-derived or dynamic-rpc entry carries a decision', () => {
    const fixed = [...FIXES, ...JOINED_ROWS].flatMap((f) => citing(f.table, f.row));
    expect(fixed.length).toBeGreaterThanOrEqual(FIXES.length);
    for (const e of fixed) expect({ id: e.id, decided: Boolean(e.decision) }).toEqual({ id: e.id, decided: true });
    for (const e of ENTRIES.filter((x) => x.ports.includes('dynamic-rpc'))) expect({ id: e.id, decision: e.decision }).toEqual({ id: e.id, decision: expect.stringMatching(/49152|1024/) });
    for (const e of ENTRIES.filter((x) => PROSE_TABLE_NAMES.has(x.source.table))) expect({ id: e.id, decided: Boolean(e.decision) }).toEqual({ id: e.id, decided: true });
  });

  test('WINDOWS_SERVICES partitions the catalog by role', () => {
    const keys = WINDOWS_SERVICES.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = new Set(ENTRIES.map((e) => e.id));
    const listed: string[] = [];
    for (const s of WINDOWS_SERVICES) {
      expect(s.entries.length).toBeGreaterThan(0);
      for (const id of s.entries) {
        expect(ids.has(id)).toBe(true);
        expect(ENTRIES.find((e) => e.id === id)?.role).toBe(s.key);
      }
      listed.push(...s.entries);
    }
    expect([...listed].sort()).toEqual([...ids].sort());
    for (const k of Object.keys(KB832017_SERVICE_TABLES)) expect(keys).toContain(k);
  });

  test('AD dependency lists and dynamic ranges name known things', () => {
    const keys = new Set(WINDOWS_SERVICES.map((s) => s.key));
    for (const k of [...AD_DEPENDENT_SERVICES, ...SERVICES_REQUIRING_AD]) expect(keys.has(k)).toBe(true);
    expect(AD_DEPENDENT_SERVICES).toHaveLength(13);
    expect(DYNAMIC_RPC_RANGES).toEqual({ modern: '49152-65535', legacy: '1025-5000' });
  });

  test('the support tables agree with the catalog constants', () => {
    expect(SUMMARY_TABLE).toBe(KB832017_SUMMARY_TABLE);
    expect(SERVICE_HEADINGS.map((h) => [h.key, h.table])).toEqual(Object.entries(KB832017_SERVICE_TABLES));
    expect(PROSE_SECTIONS.map((s) => [s.key, s.table])).toEqual(Object.entries(KB832017_PROSE_TABLES));
  });
});

if (!fs.existsSync(SEED)) {
  test.skip(`KB832017 seed checks: the seed 004_07db2817c1798512.txt is not beside this checkout (looked for ${SEED})`, () => undefined);
} else {
  const parsed = parseKb832017(fs.readFileSync(SEED, 'utf8'));
  const tableOf = (heading: string): string => {
    const h = SERVICE_HEADINGS.find((x) => x.ja === heading);
    if (!h) throw new Error(`unknown heading ${heading}`);
    return h.table;
  };
  const rowCount = new Map<string, number>([
    ...parsed.serviceTables.map((t): [string, number] => [tableOf(t.heading), t.rows.length]),
    [KB832017_SUMMARY_TABLE, parsed.summary.rows.length],
    ...Object.entries(parsed.prose).map(([table, rows]): [string, number] => [table, rows.length]),
  ]);

  describe('Windows catalog against the KB832017 seed', () => {
    test('finds 58 per-service tables (201 rows) and a summary table of 183 rows', () => {
      expect(parsed.serviceTables).toHaveLength(58);
      expect(parsed.serviceTables.reduce((n, t) => n + t.rows.length, 0)).toBe(201);
      expect(parsed.summary.rows).toHaveLength(183);
      expect(parsed.summary.columns).toEqual(['ポート', 'プロトコル', 'アプリケーション プロトコル', 'システム サービス名']);
      for (const t of parsed.serviceTables) expect(t.columns.slice(1)).toEqual(['プロトコル', 'ポート']);
    });

    test('each per-service heading owns exactly one table, in document order', () => {
      expect(parsed.serviceTables.map((t) => t.heading)).toEqual(SERVICE_HEADINGS.map((h) => h.ja));
    });

    test('the rows broken across lines are exactly the listed ones', () => {
      const joined = [
        ...parsed.serviceTables.flatMap((t) => t.rows.filter((r) => r.joined).map((r) => ({ table: tableOf(t.heading), row: r.row }))),
        ...parsed.summary.rows.filter((r) => r.joined).map((r) => ({ table: KB832017_SUMMARY_TABLE, row: r.row })),
      ];
      expect(joined).toEqual(JOINED_ROWS);
    });

    test('every listed fix still matches what the seed says', () => {
      for (const f of FIXES) {
        const cells =
          f.table === KB832017_SUMMARY_TABLE
            ? parsed.summary.rows[f.row - 1]?.cells
            : parsed.serviceTables.find((t) => tableOf(t.heading) === f.table)?.rows[f.row - 1]?.cells;
        expect(cells).toBeDefined();
        if (!cells) continue;
        const isSummary = f.table === KB832017_SUMMARY_TABLE;
        const cell = f.cell === 'name' ? cells[isSummary ? 2 : 0] : f.cell === 'protocol' ? cells[isSummary ? 1 : 1] : cells[isSummary ? 0 : 2];
        if (f.cell === 'port') expect(portSpecsOf(cell)).toContain(f.from);
        else expect(cell).toBe(f.from);
      }
    });

    test('every per-service row maps to entries with the same ports and transports', () => {
      let rows = 0;
      for (const t of parsed.serviceTables) {
        const table = tableOf(t.heading);
        const key = SERVICE_HEADINGS.find((h) => h.ja === t.heading)?.key;
        for (const r of t.rows) {
          rows += 1;
          const es = ENTRIES.filter((e) => e.source.table === table && e.source.rows.includes(r.row));
          const where = `${table} row ${r.row} (seed line ${r.line}: ${r.cells.join(' | ')})`;
          expect({ where, pairs: pairsOfEntries(es) }).toEqual({ where, pairs: expectedPairs(table, r.row, r.cells[1], r.cells[2]) });
          for (const e of es) expect({ where, role: e.role }).toEqual({ where, role: key });
          // A cell holding several requirements (two ports, two transports) is split: each part says so.
          if (es.length > 1) for (const e of es) expect({ where, decision: Boolean(e.decision) }).toEqual({ where, decision: true });
        }
      }
      expect(rows).toBe(201);
    });

    test('every summary row maps to entries of the named service with the same port and transport', () => {
      for (const r of parsed.summary.rows) {
        const [portCell, protocolCell, , serviceCell] = r.cells;
        const where = `summary row ${r.row} (seed line ${r.line}: ${r.cells.join(' | ')})`;
        const key = SUMMARY_SERVICE_KEYS[serviceCell];
        expect({ where, key }).toEqual({ where, key: expect.any(String) });
        const es = citing(KB832017_SUMMARY_TABLE, r.row);
        expect({ where, cited: es.length > 0 }).toEqual({ where, cited: true });
        const want = expectedPairs(KB832017_SUMMARY_TABLE, r.row, protocolCell, portCell);
        for (const e of es) {
          expect({ where, id: e.id, role: e.role, pairs: pairsOfEntry(e).sort() }).toEqual({ where, id: e.id, role: key, pairs: want });
        }
      }
    });

    test('every prose port statement is encoded, with its port and transport', () => {
      for (const section of PROSE_SECTIONS) {
        const rows = parsed.prose[section.table];
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) {
          const where = `${section.table} row ${r.row} (seed line ${r.line}: ${r.text})`;
          const es = citing(section.table, r.row);
          expect({ where, cited: es.length > 0 }).toEqual({ where, cited: true });
          for (const e of es) {
            if (r.ipProtocol) expect({ where, transports: e.transports, ports: e.ports }).toEqual({ where, transports: [r.transport], ports: [] });
            else {
              expect({ where, ports: e.ports }).toEqual({ where, ports: [String(r.number)] });
              if (r.transport) expect({ where, transports: e.transports }).toEqual({ where, transports: [r.transport] });
            }
          }
        }
      }
      expect(Object.fromEntries(PROSE_SECTIONS.map((s) => [s.key, parsed.prose[s.table].length]))).toEqual({
        'active-directory': 3,
        ipam: 1,
        branchcache: 3,
        rras: 3,
        w3svc: 1,
      });
    });

    test('no entry cites a row that does not exist', () => {
      for (const e of ENTRIES) {
        for (const ref of refsOf(e)) {
          const n = rowCount.get(ref.table);
          expect({ id: e.id, table: ref.table, known: n !== undefined }).toEqual({ id: e.id, table: ref.table, known: true });
          for (const row of ref.rows) expect({ id: e.id, table: ref.table, row, ok: row <= (n ?? 0) }).toEqual({ id: e.id, table: ref.table, row, ok: true });
        }
      }
    });

    test('system service names match the seed', () => {
      for (const t of parsed.serviceTables) {
        const key = SERVICE_HEADINGS.find((h) => h.ja === t.heading)?.key;
        const svc = WINDOWS_SERVICES.find((s) => s.key === key);
        expect(svc).toBeDefined();
        // The Japanese copy translates one name ("グループ ポリシー"); the catalog leaves names out where the seed gives none in Latin script.
        const seedNames = t.systemServiceName && /^[\x20-\x7e、 ]+$/.test(t.systemServiceName) ? t.systemServiceName.split(/、\s*/) : undefined;
        expect({ key, names: svc?.systemServiceNames }).toEqual({ key, names: seedNames });
      }
    });

    test('the Active Directory dependency lists match the seed', () => {
      expect(parsed.adDependsOn.map((s) => AD_DEPENDS_ON_KEYS[s])).toEqual(AD_DEPENDENT_SERVICES);
      expect(parsed.requiresAd.map((s) => REQUIRES_AD_KEYS[s])).toEqual(SERVICES_REQUIRING_AD);
    });

    test('the dynamic port ranges match the seed note', () => {
      const text = parsed.lines.slice(0, 16).join('\n');
      const [mFrom, mTo] = DYNAMIC_RPC_RANGES.modern.split('-');
      const [lFrom, lTo] = DYNAMIC_RPC_RANGES.legacy.split('-');
      expect(text).toContain(`- 開始ポート: ${mFrom}\n- 終了ポート: ${mTo}`);
      expect(text).toContain(`- 開始ポート: ${lFrom}\n- 終了ポート: ${lTo}`);
    });
  });
}
