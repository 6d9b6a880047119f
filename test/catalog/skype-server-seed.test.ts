import * as fs from 'fs';
import * as path from 'path';
import {
  SKYPE_CLIENT_PORTS,
  SKYPE_CLIENT_PORTS_TABLE,
  SKYPE_HLB_DNS_TABLE,
  SKYPE_HLB_ONLY_TABLE,
  SKYPE_IPSEC_EXCEPTIONS,
  SKYPE_IPSEC_TABLE,
  SKYPE_LOAD_BALANCER_PORTS,
  SKYPE_SERVER_DOC,
  SKYPE_SERVER_PORTS,
  SKYPE_SERVER_PORTS_TABLE,
} from '../../lib/catalog/skype-server';
import type { IpsecExceptionEntry, LoadBalancerEntry, PortEntry, SourceRef } from '../../lib/catalog/types';
import { cleanCell, extractTables, MarkdownTable } from '../support/markdown-tables';

const SEED_PATH = path.resolve(__dirname, '../../../shared/seeds/001_bfb2592f6b08a9aa.txt');

type AnyEntry = PortEntry | LoadBalancerEntry | IpsecExceptionEntry;

/** Data-row counts of the five tables of seed 001 (and of the English original). */
const EXPECTED_ROW_COUNTS: Record<string, number> = {
  [SKYPE_SERVER_PORTS_TABLE]: 53,
  [SKYPE_HLB_ONLY_TABLE]: 20,
  [SKYPE_HLB_DNS_TABLE]: 6,
  [SKYPE_CLIENT_PORTS_TABLE]: 12,
  [SKYPE_IPSEC_TABLE]: 15,
};

/** The seed's (ja-JP) table captions, in document order, with the English table names. */
const CAPTIONS: readonly (readonly [string, string])[] = [
  ['必要なサーバー ポート (サーバー役割別)', SKYPE_SERVER_PORTS_TABLE],
  ['ハードウェア負荷分散のみを使用する場合のハードウェア ロード バランサー', SKYPE_HLB_ONLY_TABLE],
  ['DNS 負荷分散を使用する場合のハードウェア ロード バランサー', SKYPE_HLB_DNS_TABLE],
  ['必要なクライアント ポート', SKYPE_CLIENT_PORTS_TABLE],
  ['推奨される IPSec 例外設定', SKYPE_IPSEC_TABLE],
];

interface RoleExpectation {
  readonly role: string;
  readonly condition?: string;
}

/** Server-table role cells (ja-JP) and the catalog role each must map to. */
const SERVER_ROLE_CELLS: Record<string, RoleExpectation> = {
  'すべてのサーバー': { role: 'sfb-all-servers' },
  'Front-End サーバー': { role: 'sfb-front-end' },
  'フロント エンド サーバー': { role: 'sfb-front-end' },
  '併置された仲介サーバーも実行するフロント エンド サーバー': { role: 'sfb-front-end', condition: 'mediation-collocated' },
  '中央管理ストアが存在するフロントエンド サーバー': { role: 'sfb-front-end', condition: 'cms-host' },
  'すべての内部サーバー': { role: 'sfb-internal-servers' },
  'OfficeWeb Apps サーバー': { role: 'office-web-apps' },
  'ディレクター': { role: 'sfb-director' },
  '仲介サーバー': { role: 'sfb-mediation' },
  '常設チャット フロントエンド サーバー': { role: 'sfb-persistent-chat' },
};

/** Load balancer cells (ja-JP) and the pool each must map to. */
const LB_POOL_CELLS: Record<string, RoleExpectation> = {
  'フロント エンド サーバーのロード バランサー': { role: 'sfb-front-end' },
  '仲介サーバーのロード バランサー': { role: 'sfb-mediation' },
  'フロントエンド サーバーロード バランサー (プールが仲介サーバーも実行する場合)': {
    role: 'sfb-front-end',
    condition: 'mediation-collocated',
  },
  'ディレクターのロード バランサー': { role: 'sfb-director' },
};

/** IPsec address cells (ja-JP) naming a role, and the catalog role each must map to. */
const IPSEC_ADDRESS_CELLS: Record<string, RoleExpectation> = {
  '内部音声ビデオ エッジ サーバー': { role: 'sfb-edge-av-internal' },
  '外部音声ビデオ エッジ サーバー': { role: 'sfb-edge-av-external' },
  '仲介 Server(s)': { role: 'sfb-mediation' },
  '会議アテンダントを実行するフロントエンド サーバー': { role: 'sfb-front-end', condition: 'conferencing-attendant' },
  'フロントエンド サーバー': { role: 'sfb-front-end' },
  'Exchange ユニファイド メッセージング': { role: 'exchange-um' },
  'アプリケーション共有サーバー': { role: 'sfb-front-end', condition: 'application-sharing' },
};
const IPSEC_ANY = '任意';

function allEntries(): AnyEntry[] {
  return [...SKYPE_SERVER_PORTS, ...SKYPE_CLIENT_PORTS, ...SKYPE_LOAD_BALANCER_PORTS, ...SKYPE_IPSEC_EXCEPTIONS];
}

function sources(): SourceRef[] {
  return allEntries().map((e) => e.source);
}

/** "1024-65535 \*" -> ['1024-65535'], "67/68" -> ['67', '68'], " 445 " -> ['445']. */
function normalizePorts(cell: string): string[] {
  return cleanCell(cell)
    .replace(/\*/g, '')
    .replace(/\s+/g, '')
    .split('/')
    .filter((p) => p !== '');
}

/** Transports a protocol cell implies: UDP-only -> udp, TCP and UDP -> both, DHCP -> udp, otherwise tcp. */
function transportsOfCell(cell: string): string[] {
  const c = cleanCell(cell).toUpperCase();
  if (c.includes('DHCP')) return ['udp'];
  const udp = c.includes('UDP');
  const tcp = c.includes('TCP');
  if (udp && tcp) return ['tcp', 'udp'];
  if (udp) return ['udp'];
  return ['tcp'];
}

function sorted<T>(xs: readonly T[]): T[] {
  return [...xs].sort();
}

function parsePortSpec(spec: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return [from, to];
}

describe('Skype for Business Server catalog (invariants that need no seed)', () => {
  test('the exported arrays hold the expected number of entries', () => {
    expect(SKYPE_SERVER_PORTS).toHaveLength(51); // 53 rows, two repeated rows merged
    expect(SKYPE_CLIENT_PORTS).toHaveLength(12);
    expect(SKYPE_LOAD_BALANCER_PORTS).toHaveLength(26);
    expect(SKYPE_IPSEC_EXCEPTIONS).toHaveLength(15);
  });

  test('ids are unique across the whole file and well formed', () => {
    const ids = allEntries().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^sfb(\.[a-z0-9-]+)+$/);
  });

  test('every port spec is a port or range inside 1-65535 with from <= to', () => {
    for (const e of [...SKYPE_SERVER_PORTS, ...SKYPE_CLIENT_PORTS]) {
      expect(e.ports.length).toBeGreaterThan(0);
      for (const spec of e.ports) {
        expect(spec).toMatch(/^\d+(-\d+)?$/);
        const range = parsePortSpec(spec);
        expect(range).toBeDefined();
        const [from, to] = range as [number, number];
        expect(from).toBeGreaterThanOrEqual(1);
        expect(to).toBeLessThanOrEqual(65535);
        expect(from).toBeLessThanOrEqual(to);
      }
    }
    for (const lb of SKYPE_LOAD_BALANCER_PORTS) {
      expect(Number.isInteger(lb.port)).toBe(true);
      expect(lb.port).toBeGreaterThanOrEqual(1);
      expect(lb.port).toBeLessThanOrEqual(65535);
    }
  });

  test('every conditional entry names its condition, and only conditional entries do', () => {
    for (const e of [...SKYPE_SERVER_PORTS, ...SKYPE_CLIENT_PORTS, ...SKYPE_LOAD_BALANCER_PORTS]) {
      if (e.requirement === 'conditional') expect(e.condition).toMatch(/^[a-z0-9-]+$/);
      else expect(e.condition).toBeUndefined();
    }
  });

  test('every entry that merges repeated rows records a decision', () => {
    const merged = allEntries().filter((e) => e.source.rows.length > 1);
    expect(merged.map((e) => e.id).sort()).toEqual(['sfb.all.sql-browser.1434', 'sfb.med.sip.5070']);
    for (const e of merged) expect(e.decision).toMatch(/\S/);
  });

  test('every source points at this document, with the English table name of its array', () => {
    for (const s of sources()) {
      expect(s.document).toBe(SKYPE_SERVER_DOC.document);
      expect(s.original).toBe(SKYPE_SERVER_DOC.original);
      expect(s.confidence).toBe('official');
    }
    for (const e of SKYPE_SERVER_PORTS) expect(e.source.table).toBe(SKYPE_SERVER_PORTS_TABLE);
    for (const e of SKYPE_CLIENT_PORTS) expect(e.source.table).toBe(SKYPE_CLIENT_PORTS_TABLE);
    for (const e of SKYPE_IPSEC_EXCEPTIONS) expect(e.source.table).toBe(SKYPE_IPSEC_TABLE);
    for (const e of SKYPE_LOAD_BALANCER_PORTS) {
      expect(e.source.table).toBe(e.mode === 'hardware' ? SKYPE_HLB_ONLY_TABLE : SKYPE_HLB_DNS_TABLE);
    }
    for (const e of allEntries()) expect(e.family).toBe('skype-server');
  });

  test('each table is covered exactly: rows 1..N, each cited by one entry', () => {
    for (const [table, count] of Object.entries(EXPECTED_ROW_COUNTS)) {
      const cited = sources()
        .filter((s) => s.table === table)
        .flatMap((s) => [...s.rows]);
      expect(sorted(cited.map(String))).toEqual(sorted(Array.from({ length: count }, (_, i) => String(i + 1))));
    }
  });

  test('purposes are single non-empty lines', () => {
    for (const e of allEntries()) {
      expect(e.purpose.trim().length).toBeGreaterThan(0);
      expect(e.purpose).not.toMatch(/\n/);
    }
  });

  test('client entries belong to sfb-client; the client media ranges are configurable', () => {
    for (const e of SKYPE_CLIENT_PORTS) expect(e.role).toBe('sfb-client');
    const media = SKYPE_CLIENT_PORTS.filter((e) => e.ports.includes('1024-65535'));
    expect(media).toHaveLength(4);
    for (const e of media) {
      expect(e.configurable).toBe(true);
      expect(e.decision).toMatch(/Set-CsConferencingConfiguration/);
    }
  });

  test('IPsec rule names agree with their direction; only the client rule keys on the media range', () => {
    for (const e of SKYPE_IPSEC_EXCEPTIONS) {
      if (e.role === 'sfb-client') {
        expect(e.sourcePorts).toBe('client-media-range');
        expect(e.decision).toMatch(/\S/);
      } else {
        expect(e.sourcePorts).toBe('any');
        expect(e.ruleName).toMatch(e.direction === 'inbound' ? /Inbound$/ : /Outbound$/);
      }
      expect(e.destinationPorts).toBe('any');
      expect(e.authentication).toBe('none');
    }
  });
});

function loadSeedTables(): Map<string, MarkdownTable> {
  const text = fs.readFileSync(SEED_PATH, 'utf8');
  const byName = new Map<string, MarkdownTable>();
  for (const table of extractTables(text)) {
    const hit = CAPTIONS.find(([caption]) => caption === table.caption);
    if (hit) byName.set(hit[1], table);
  }
  return byName;
}

/** Entries of `entries` citing `row` of `table`. */
function entriesFor<T extends AnyEntry>(entries: readonly T[], table: string, row: number): T[] {
  return entries.filter((e) => e.source.table === table && e.source.rows.includes(row));
}

if (!fs.existsSync(SEED_PATH)) {
  test.skip('seed 001_bfb2592f6b08a9aa.txt is not beside this checkout (../shared/seeds), so the row-by-row check against it cannot run', () => {
    expect(fs.existsSync(SEED_PATH)).toBe(true);
  });
} else {
  describe('Skype for Business Server catalog against seed 001 (row by row)', () => {
    const tables = loadSeedTables();
    const table = (name: string): MarkdownTable => {
      const t = tables.get(name);
      if (!t) throw new Error(`table "${name}" not found in the seed`);
      return t;
    };

    test('the seed holds the five captioned tables in order, with the expected row counts', () => {
      const all = extractTables(fs.readFileSync(SEED_PATH, 'utf8'));
      expect(all.map((t) => t.caption)).toEqual(CAPTIONS.map(([caption]) => caption));
      for (const [name, count] of Object.entries(EXPECTED_ROW_COUNTS)) {
        const t = table(name);
        expect(t.rows).toHaveLength(count);
        for (const row of t.rows) expect(row).toHaveLength(t.header.length);
      }
    });

    test('no entry cites a row the table does not have', () => {
      for (const s of sources()) {
        const t = table(s.table);
        for (const r of s.rows) {
          expect(Number.isInteger(r)).toBe(true);
          expect(r).toBeGreaterThanOrEqual(1);
          expect(r).toBeLessThanOrEqual(t.rows.length);
        }
      }
    });

    test('merged entries cite rows that really repeat (same role, port and service)', () => {
      for (const e of SKYPE_SERVER_PORTS.filter((x) => x.source.rows.length > 1)) {
        const rows = e.source.rows.map((r) => table(SKYPE_SERVER_PORTS_TABLE).rows[r - 1].map(cleanCell));
        for (const row of rows) {
          expect(row[0]).toBe(rows[0][0]);
          expect(row[1]).toBe(rows[0][1]);
          expect(row[2]).toBe(rows[0][2]);
        }
      }
    });

    test('server table: every row maps to one entry with its role, ports and transports', () => {
      const t = table(SKYPE_SERVER_PORTS_TABLE);
      expect(t.header).toHaveLength(5);
      t.rows.forEach((cells, i) => {
        const row = i + 1;
        const [roleCell, , portCell, protocolCell] = cells.map(cleanCell);
        const hits = entriesFor(SKYPE_SERVER_PORTS, SKYPE_SERVER_PORTS_TABLE, row);
        expect({ row, ids: hits.map((h) => h.id) }).toEqual({ row, ids: [expect.any(String)] });
        const e = hits[0];
        expect(e.ports).toEqual(normalizePorts(portCell));
        expect(sorted(e.transports)).toEqual(transportsOfCell(protocolCell));
        if (protocolCell === '') expect(e.decision).toMatch(/blank/);
        const expected = SERVER_ROLE_CELLS[roleCell];
        expect({ row, roleCell, known: expected !== undefined }).toEqual({ row, roleCell, known: true });
        expect(e.role).toBe(expected.role);
        if (expected.condition) {
          expect(e.requirement).toBe('conditional');
          expect(e.condition).toBe(expected.condition);
        }
      });
    });

    test('client table: every row maps to one entry with its ports and transports', () => {
      const t = table(SKYPE_CLIENT_PORTS_TABLE);
      expect(t.header).toHaveLength(4);
      t.rows.forEach((cells, i) => {
        const row = i + 1;
        const [, portCell, protocolCell] = cells.map(cleanCell);
        const hits = entriesFor(SKYPE_CLIENT_PORTS, SKYPE_CLIENT_PORTS_TABLE, row);
        expect({ row, ids: hits.map((h) => h.id) }).toEqual({ row, ids: [expect.any(String)] });
        const e = hits[0];
        expect(e.ports).toEqual(normalizePorts(portCell));
        expect(sorted(e.transports)).toEqual(transportsOfCell(protocolCell));
        expect(e.configurable === true).toBe(portCell.includes('*'));
        if (normalizePorts(portCell).length > 1) expect(e.decision).toMatch(/\S/);
      });
    });

    test('load balancer tables: every row maps to one entry with its pool, port and transport', () => {
      for (const [name, mode] of [
        [SKYPE_HLB_ONLY_TABLE, 'hardware'],
        [SKYPE_HLB_DNS_TABLE, 'dns'],
      ] as const) {
        const t = table(name);
        expect(t.header).toHaveLength(3);
        t.rows.forEach((cells, i) => {
          const row = i + 1;
          const [poolCell, portCell, protocolCell] = cells.map(cleanCell);
          const hits = entriesFor(SKYPE_LOAD_BALANCER_PORTS, name, row);
          expect({ name, row, ids: hits.map((h) => h.id) }).toEqual({ name, row, ids: [expect.any(String)] });
          const e = hits[0];
          expect(e.mode).toBe(mode);
          expect(normalizePorts(portCell)).toEqual([String(e.port)]);
          expect([e.transport]).toEqual(transportsOfCell(protocolCell));
          const expected = LB_POOL_CELLS[poolCell];
          expect({ row, poolCell, known: expected !== undefined }).toEqual({ row, poolCell, known: true });
          expect(e.pool).toBe(expected.role);
          if (expected.condition) {
            expect(e.requirement).toBe('conditional');
            expect(e.condition).toBe(expected.condition);
          } else {
            expect(e.requirement).toBe('required');
          }
        });
      }
    });

    test('IPsec table: every row maps to one entry with its role, direction, transports and ports', () => {
      const t = table(SKYPE_IPSEC_TABLE);
      expect(t.header).toHaveLength(7);
      t.rows.forEach((cells, i) => {
        const row = i + 1;
        const [, srcIp, dstIp, protocolCell, srcPort, dstPort, auth] = cells.map(cleanCell);
        const hits = entriesFor(SKYPE_IPSEC_EXCEPTIONS, SKYPE_IPSEC_TABLE, row);
        expect({ row, ids: hits.map((h) => h.id) }).toEqual({ row, ids: [expect.any(String)] });
        const e = hits[0];
        expect(sorted(e.transports)).toEqual(transportsOfCell(protocolCell));
        expect(dstPort).toBe(IPSEC_ANY);
        expect(auth).toBe('認証しない');
        expect(e.sourcePorts).toBe(srcPort === IPSEC_ANY ? 'any' : 'client-media-range');
        if (srcIp === IPSEC_ANY && dstIp === IPSEC_ANY) {
          // Only the client row: both addresses Any, keyed on the client media source ports.
          expect(e.role).toBe('sfb-client');
          expect(e.sourcePorts).toBe('client-media-range');
          return;
        }
        const inbound = srcIp === IPSEC_ANY;
        expect(e.direction).toBe(inbound ? 'inbound' : 'outbound');
        const roleCell = inbound ? dstIp : srcIp;
        const expected = IPSEC_ADDRESS_CELLS[roleCell];
        expect({ row, roleCell, known: expected !== undefined }).toEqual({ row, roleCell, known: true });
        expect(e.role).toBe(expected.role);
        expect(e.condition).toBe(expected.condition);
      });
    });
  });
}
