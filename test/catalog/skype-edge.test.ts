/**
 * Checks lib/catalog/skype-edge.ts (Edge Server and reverse proxy) against the English tables
 * summarised in /work/shared/reference/ms-port-facts.md §1.1 and §1.3-1.7.
 *
 * The invariants at the top always run. The row-by-row checks parse the fact sheet when it sits
 * beside this checkout (../shared/reference); otherwise they are skipped with a message.
 *
 * Row numbers in the catalog are those of the English originals. The fact sheet follows them row
 * for row except in two places, undone here: its HLB internal table condenses the three
 * Centralized Logging rows into one (`50001-50003 (three rows)`), and its reverse proxy table
 * joins the original's External and Internal interface tables (column `Interface`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../../lib/catalog';
import {
  EDGE_EXTERNAL_TABLE,
  EDGE_HLB_EXTERNAL_TABLE,
  EDGE_HLB_INTERNAL_TABLE,
  EDGE_INTERNAL_TABLE,
  EDGE_TOPOLOGY_PROSE,
  EDGE_VIP_EXTERNAL_TABLE,
  EDGE_VIP_INTERNAL_TABLE,
  RP_EXTERNAL_TABLE,
  RP_INTERNAL_TABLE,
  SKYPE_EDGE_DOC,
  SKYPE_EDGE_EXTERNAL_PORTS,
  SKYPE_EDGE_INTERNAL_PORTS,
  SKYPE_EDGE_LOAD_BALANCER_PORTS,
  SKYPE_EDGE_PEER_PORTS,
  SKYPE_EDGE_TABLE_ROWS,
  SKYPE_REVERSE_PROXY_PORTS,
  SKYPE_RP_DOC,
} from '../../lib/catalog/skype-edge';
import { SKYPE_LOAD_BALANCER_PORTS, SKYPE_SERVER_DOC, SKYPE_SERVER_PORTS } from '../../lib/catalog/skype-server';
import type { PeerClass, PortEntry, SourceRef, Transport } from '../../lib/catalog/types';
import { parsePortRange } from '../../lib/model/ports';
import { cleanCell, extractTables, MarkdownTable } from '../support/markdown-tables';

const FACTS_PATH = path.resolve(__dirname, '../../../shared/reference/ms-port-facts.md');

const PORTS: readonly PortEntry[] = [
  ...SKYPE_EDGE_EXTERNAL_PORTS,
  ...SKYPE_EDGE_PEER_PORTS,
  ...SKYPE_EDGE_INTERNAL_PORTS,
  ...SKYPE_REVERSE_PROXY_PORTS,
];
const EDGE_TABLES: ReadonlySet<string> = new Set(Object.keys(SKYPE_EDGE_TABLE_ROWS));

function refsOf(e: { source: SourceRef; also?: readonly SourceRef[] }): SourceRef[] {
  return [e.source, ...(e.also ?? [])];
}

function cites(e: PortEntry, table: string, row: number): boolean {
  return refsOf(e).some((s) => s.table === table && s.rows.includes(row));
}

function covers(e: PortEntry, from: number, to: number): boolean {
  return e.ports.some((p) => {
    const r = parsePortRange(p);
    return r.from <= from && to <= r.to;
  });
}

const sorted = <T>(xs: readonly T[]): T[] => [...xs].sort();

describe('Edge and reverse proxy catalog (invariants that need no fact sheet)', () => {
  test('entry counts per role and per load balancer pool', () => {
    const byRole = (role: string): number => PORTS.filter((e) => e.role === role).length;
    expect(byRole('sfb-edge-external')).toBe(21); // 14 table rows + XMPP outbound (VIP table) + 6 Edge-to-Edge
    expect(byRole('sfb-edge-internal')).toBe(9); // 11 rows, the three CLS rows merged
    expect(byRole('sfb-reverse-proxy')).toBe(5);
    expect(PORTS).toHaveLength(35);
    expect(SKYPE_EDGE_LOAD_BALANCER_PORTS.filter((e) => e.pool === 'sfb-edge-external')).toHaveLength(6);
    expect(SKYPE_EDGE_LOAD_BALANCER_PORTS.filter((e) => e.pool === 'sfb-edge-internal')).toHaveLength(4);
  });

  test('ids are unique across the whole catalog and well formed', () => {
    const ids = [...PORTS, ...SKYPE_EDGE_LOAD_BALANCER_PORTS].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^sfb(\.[a-z0-9-]+)+$/);
    // the catalog index refuses duplicate ids across every family
    for (const id of ids) expect(catalog.byId(id).id).toBe(id);
  });

  test('every entry has an official source in the Edge or reverse proxy document, family skype-edge', () => {
    for (const e of [...PORTS, ...SKYPE_EDGE_LOAD_BALANCER_PORTS]) {
      expect(e.family).toBe('skype-edge');
      expect(e.purpose.trim()).not.toBe('');
      expect(e.purpose).not.toMatch(/\n/);
      const doc = e.source.table.startsWith('Firewall Details for Reverse Proxy') ? SKYPE_RP_DOC : SKYPE_EDGE_DOC;
      expect(e.source).toMatchObject({ document: doc.document, original: doc.original, confidence: 'official' });
      expect(e.source.original).toMatch(/@[0-9a-f]{40}$/);
      expect(EDGE_TABLES.has(e.source.table)).toBe(true);
      expect(e.source.rows.length).toBeGreaterThan(0);
      for (const s of 'also' in e ? (e.also ?? []) : []) expect(s.confidence).toBe('official');
    }
  });

  test('every row of every cited table is cited, and no cited row is past the end of its table', () => {
    for (const [table, count] of Object.entries(SKYPE_EDGE_TABLE_ROWS)) {
      const cited = new Set(PORTS.flatMap((e) => refsOf(e).filter((s) => s.table === table).flatMap((s) => [...s.rows])));
      const expected = table === EDGE_TOPOLOGY_PROSE ? [4] : Array.from({ length: count }, (_, i) => i + 1);
      expect({ table, rows: [...cited].sort((a, b) => a - b) }).toEqual({ table, rows: expected });
    }
  });

  test('a table row is the primary source of at most one entry', () => {
    const seen = new Map<string, string>();
    for (const e of PORTS) {
      for (const r of e.source.rows) {
        const key = `${e.source.table}#${r}`;
        if (e.source.table === EDGE_TOPOLOGY_PROSE) continue; // the six Edge-to-Edge entries share one statement
        expect({ key, other: seen.get(key) }).toEqual({ key, other: undefined });
        seen.set(key, e.id);
      }
    }
  });

  test('an entry that cites several tables or merges rows says why in its decision', () => {
    for (const e of PORTS) {
      const tables = new Set(refsOf(e).map((s) => s.table));
      if (tables.size > 1 || e.source.rows.length > 1) expect({ id: e.id, decision: e.decision ?? '' }).toEqual({ id: e.id, decision: expect.stringMatching(/\S/) });
    }
  });

  test('also-references into seed 001 point at rows whose catalog entries have the same port', () => {
    for (const e of PORTS) {
      for (const s of (e.also ?? []).filter((x) => x.document === SKYPE_SERVER_DOC.document)) {
        for (const r of s.rows) {
          const hits = [...SKYPE_SERVER_PORTS, ...SKYPE_LOAD_BALANCER_PORTS].filter((x) => x.source.table === s.table && x.source.rows.includes(r));
          expect(hits.length).toBeGreaterThan(0);
          for (const h of hits) expect('port' in h ? [String(h.port)] : h.ports).toEqual(e.ports);
        }
      }
    }
  });

  test('conditions: only conditional entries name one; XMPP is Skype for Business Server 2015 only', () => {
    for (const e of [...PORTS, ...SKYPE_EDGE_LOAD_BALANCER_PORTS]) {
      if (e.requirement === 'conditional') expect(e.condition).toMatch(/^[a-z0-9-]+$/);
      else expect(e.condition).toBeUndefined();
    }
    const xmpp = [...PORTS, ...SKYPE_EDGE_LOAD_BALANCER_PORTS].filter((e) => e.condition === 'xmpp');
    expect(sorted(xmpp.map((e) => e.id))).toEqual(
      sorted(['sfb.edge-ext.xmpp.tcp.5269', 'sfb.edge-ext.xmpp-out.tcp.5269', 'sfb.edge-int.xmpp-mtls.tcp.23456', 'sfb.lb.hw.edge-ext.xmpp.5269']),
    );
    for (const e of xmpp) expect(e.decision).toMatch(/Skype for Business Server 2015.*2019/);
  });

  test('requirements follow the documents', () => {
    const req = Object.fromEntries(PORTS.filter((e) => e.requirement !== 'required').map((e) => [e.id, [e.requirement, e.condition ?? null]]));
    expect(req).toEqual({
      'sfb.edge-ext.xmpp.tcp.5269': ['conditional', 'xmpp'],
      'sfb.edge-ext.xmpp-out.tcp.5269': ['conditional', 'xmpp'],
      'sfb.edge-ext.access-sip-mtls.tcp.5061': ['conditional', 'federation'],
      'sfb.edge-ext.access-sip-mtls-out.tcp.5061': ['conditional', 'federation'],
      'sfb.edge-int.xmpp-mtls.tcp.23456': ['conditional', 'xmpp'],
      'sfb.edge-int.cls-mtls.tcp.50001-50003': ['conditional', 'centralized-logging'],
      'sfb.rp-ext.http.tcp.80': ['optional', null],
      'sfb.rp-int.http-out.tcp.8080': ['optional', null],
    });
    for (const e of SKYPE_EDGE_LOAD_BALANCER_PORTS.filter((x) => x.pool === 'sfb-edge-internal')) {
      expect([e.requirement, e.condition]).toEqual(['conditional', 'edge-internal-vip']);
      expect(e.decision).toMatch(/Exchange 2007 or Exchange 2010/);
    }
  });

  test('only the Edge external interface and the reverse proxy external listener face the internet', () => {
    for (const e of PORTS.filter((x) => x.peers.includes('internet'))) {
      expect(['sfb-edge-external', 'sfb-reverse-proxy']).toContain(e.role);
      if (e.role === 'sfb-reverse-proxy') expect(e.direction).toBe('inbound');
    }
    for (const e of PORTS) expect(e.peers).not.toContain('any');
    // the media range 50000-59999 faces the internet outbound only
    for (const e of PORTS.filter((x) => x.ports.includes('50000-59999') && x.peers.includes('internet'))) expect(e.direction).toBe('outbound');
  });

  test('Edge-to-Edge: the A/V ports both ways between the public A/V addresses of the pool', () => {
    expect(SKYPE_EDGE_PEER_PORTS).toHaveLength(6);
    for (const e of SKYPE_EDGE_PEER_PORTS) {
      expect(e.peers).toEqual(['edge-peers']);
      expect(e.source).toMatchObject({ table: EDGE_TOPOLOGY_PROSE, rows: [4] });
      expect(e.decision).toMatch(/3478\/UDP, 443\/TCP and 50000-59999 TCP\/UDP/);
    }
    const pairs = (d: string): string[] =>
      sorted(SKYPE_EDGE_PEER_PORTS.filter((e) => e.direction === d).flatMap((e) => e.transports.flatMap((t) => e.ports.map((p) => `${p}/${t}`))));
    const expected = sorted(['3478/udp', '443/tcp', '50000-59999/tcp', '50000-59999/udp']);
    expect(pairs('inbound')).toEqual(expected);
    expect(pairs('outbound')).toEqual(expected);
    // no other entry cites the statement
    expect(PORTS.filter((e) => refsOf(e).some((s) => s.table === EDGE_TOPOLOGY_PROSE))).toHaveLength(6);
  });

  test('catalog.loadBalancer returns the Edge VIP listeners; Front End pools are unchanged', () => {
    const ext = catalog.loadBalancer('sfb-edge-external', 'hardware');
    expect(sorted(ext.map((e) => `${e.service}|${e.port}/${e.transport}`))).toEqual(
      sorted([
        'Access Edge service|5269/tcp',
        'Access Edge service|443/tcp',
        'Access Edge service|5061/tcp',
        'Web Conferencing Edge service|443/tcp',
        'A/V Edge service|3478/udp',
        'A/V Edge service|443/tcp',
      ]),
    );
    const int = catalog.loadBalancer('sfb-edge-internal', 'hardware');
    expect(sorted(int.map((e) => `${e.port}/${e.transport}`))).toEqual(sorted(['5061/tcp', '5062/tcp', '3478/udp', '443/tcp']));
    expect(catalog.loadBalancer('sfb-edge-external', 'dns')).toEqual([]);
    expect(catalog.loadBalancer('sfb-front-end', 'hardware')).toEqual(SKYPE_LOAD_BALANCER_PORTS.filter((e) => e.pool === 'sfb-front-end' && e.mode === 'hardware'));
    expect(catalog.counts().loadBalancer).toBe(SKYPE_LOAD_BALANCER_PORTS.length + SKYPE_EDGE_LOAD_BALANCER_PORTS.length);
  });

  test('catalog.byRole(sfb-edge-internal): SIP 5061 both ways with Front End and Director pools, CMS 4443 from the CMS host', () => {
    const internal = catalog.byRole('sfb-edge-internal');
    expect(internal).toHaveLength(9);
    const sip = internal.filter((e) => e.ports.includes('5061'));
    expect(sorted(sip.map((e) => e.direction))).toEqual(['inbound', 'outbound']);
    for (const e of sip) expect(sorted(e.peers)).toEqual(['director', 'front-end']);
    expect(internal.find((e) => e.ports.includes('4443'))?.peers).toEqual(['cms-host']);
    expect(internal.every((e) => !e.peers.includes('internet'))).toBe(true);
    expect(catalog.byFamily('skype-edge')).toHaveLength(PORTS.length);
  });

  test('seed 001 external-access client rows reach the Edge external interface', () => {
    for (const id of ['sfb.client.sip-tls.443', 'sfb.client.psom-tls.443', 'sfb.client.stun-tcp.443', 'sfb.client.stun-udp.3478', 'sfb.client.sip-mtls.5061']) {
      const e = catalog.port(id);
      expect({ id, peers: e.peers }).toEqual({ id, peers: ['edge-external'] });
      expect(e.direction).toBe('outbound');
      expect(e.decision).toMatch(/Edge external interface/);
      // the Edge external interface admits each on the same port and transport
      const admitted = SKYPE_EDGE_EXTERNAL_PORTS.filter(
        (x) => x.direction === 'inbound' && x.ports.some((p) => e.ports.includes(p)) && x.transports.some((t) => e.transports.includes(t)),
      );
      expect({ id, admitted: admitted.length > 0 }).toEqual({ id, admitted: true });
    }
  });

  test('the all-internal-servers audio range admits the PSTN gateways (Mediation terminates their audio)', () => {
    const e = catalog.port('sfb.internal.audio-media.49152-57500');
    expect(e.peers).toContain('pstn-gateway');
    expect(e.decision).toMatch(/Mediation/);
  });
});

// ---------------------------------------------------------------------------------------------
// Row by row against the fact sheet.

/** One data row of an original table, as read from the fact sheet. */
interface FactRow {
  readonly table: string;
  readonly row: number;
  readonly role: string;
  readonly transport: Transport;
  readonly from: number;
  readonly to: number;
  readonly direction: 'inbound' | 'outbound';
  /** The Source cell for inbound rows, the Destination cell for outbound rows. */
  readonly peerCell: string;
  /** The Destination cell for inbound rows (the role's own side). */
  readonly ownCell: string;
  readonly protocolCell: string;
}

/** The tables of the `### <num>` section of the fact sheet. */
function sectionTables(text: string, num: string): MarkdownTable[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith(`### ${num} `));
  if (start < 0) throw new Error(`fact sheet: no section ${num}`);
  let end = lines.findIndex((l, i) => i > start && /^#{2,3} /.test(l));
  if (end < 0) end = lines.length;
  return extractTables(lines.slice(start, end).join('\n'));
}

function col(t: MarkdownTable, name: string): number {
  const i = t.header.indexOf(name);
  if (i < 0) throw new Error(`fact sheet table at line ${t.line}: no column "${name}" in ${t.header.join(' | ')}`);
  return i;
}

function directionOf(cell: string): 'inbound' | 'outbound' {
  if (cell === 'Inbound' || cell === 'Internal → Edge') return 'inbound';
  if (cell === 'Outbound' || cell === 'Edge → Internal') return 'outbound';
  throw new Error(`unknown direction cell "${cell}"`);
}

function transportOf(cell: string): Transport {
  const c = cell.toUpperCase();
  if (c === 'TCP') return 'tcp';
  if (c === 'UDP') return 'udp';
  throw new Error(`unknown transport cell "${cell}"`);
}

/** Rows of an Edge table; a `50001-50003 (three rows)` port cell stands for three original rows. */
function edgeRows(t: MarkdownTable, table: string, role: string): FactRow[] {
  const [cTransport, cPort, cSource, cDest, cDir, cProto] = [
    col(t, 'Transport'),
    col(t, 'Dest port'),
    col(t, 'Source'),
    col(t, 'Destination'),
    col(t, 'Direction (derived)'),
    t.header[0] === 'Protocol (doc)' ? 0 : col(t, 'Role/protocol (doc)'),
  ];
  const out: FactRow[] = [];
  for (const raw of t.rows) {
    const cells = raw.map(cleanCell);
    const direction = directionOf(cells[cDir]);
    const base = {
      table,
      role,
      transport: transportOf(cells[cTransport]),
      direction,
      peerCell: direction === 'inbound' ? cells[cSource] : cells[cDest],
      ownCell: direction === 'inbound' ? cells[cDest] : cells[cSource],
      protocolCell: cells[cProto],
    };
    const condensed = /^(\d+)-(\d+) \(three rows\)$/.exec(cells[cPort]);
    if (condensed) {
      const [from, to] = [Number(condensed[1]), Number(condensed[2])];
      expect(to - from + 1).toBe(3);
      for (let p = from; p <= to; p++) out.push({ ...base, row: out.length + 1, from: p, to: p });
    } else {
      const r = parsePortRange(cells[cPort]);
      out.push({ ...base, row: out.length + 1, from: r.from, to: r.to });
    }
  }
  return out;
}

/** Rows of the reverse proxy table, split back into the original's External and Internal tables. */
function reverseProxyRows(t: MarkdownTable): FactRow[] {
  const [cIf, cProto, cSource, cDest] = [col(t, 'Interface'), col(t, 'Protocol/transport/port'), col(t, 'Source'), col(t, 'Destination')];
  const counters: Record<string, number> = {};
  return t.rows.map((raw) => {
    const cells = raw.map(cleanCell);
    const external = cells[cIf] === 'External';
    expect(['External', 'Internal']).toContain(cells[cIf]);
    const table = external ? RP_EXTERNAL_TABLE : RP_INTERNAL_TABLE;
    counters[table] = (counters[table] ?? 0) + 1;
    const m = /^(HTTPS?)\/(TCP|UDP)\/(\d+)$/.exec(cells[cProto]);
    if (!m) throw new Error(`reverse proxy protocol cell "${cells[cProto]}"`);
    return {
      table,
      row: counters[table],
      role: 'sfb-reverse-proxy',
      transport: transportOf(m[2]),
      from: Number(m[3]),
      to: Number(m[3]),
      direction: external ? 'inbound' : 'outbound',
      peerCell: external ? cells[cSource] : cells[cDest],
      ownCell: external ? cells[cDest] : cells[cSource],
      protocolCell: m[1],
    };
  });
}

/** Peer classes a row's Source/Destination cell requires of the entry (the entry may add more, with a decision). */
function requiredPeers(r: FactRow): { readonly exactly?: readonly PeerClass[]; readonly include?: readonly PeerClass[] } {
  const c = r.peerCell;
  const externalSide = r.role === 'sfb-edge-external' || r.table === RP_EXTERNAL_TABLE;
  if (c === 'Any') return externalSide ? { exactly: ['internet'] } : { include: ['clients', 'servers'].filter((p) => !(r.from >= 50001 && r.to <= 50003 && p === 'clients')) as PeerClass[] };
  if (/XMPP Gateway/.test(c)) return { exactly: ['xmpp-gateway'] };
  if (/Central Management store|holding the CMS/.test(c)) return { exactly: ['cms-host'] };
  if (/Office Web Apps/.test(c)) return { exactly: ['office-web-apps'] };
  if (/Director/.test(c)) return { include: ['front-end', 'director'] };
  if (/Survivable Branch|SBA/.test(c)) return { include: ['front-end'] }; // branch appliances are not modelled (see the entry's decision)
  if (/^(Front End|FE) Server/.test(c)) return { include: ['front-end'] };
  throw new Error(`${r.table} row ${r.row}: no peer mapping for "${c}"`);
}

function loadFactRows(text: string): { rows: FactRow[]; byTable: Map<string, FactRow[]>; generalFacts: MarkdownTable } {
  const [ext] = sectionTables(text, '1.3');
  const [int] = sectionTables(text, '1.4');
  const [hlbExt, hlbInt] = sectionTables(text, '1.5');
  const [vipExt, vipInt] = sectionTables(text, '1.6');
  const [reverseProxy] = sectionTables(text, '1.7');
  const [generalFacts] = sectionTables(text, '1.1');
  const rows = [
    ...edgeRows(ext, EDGE_EXTERNAL_TABLE, 'sfb-edge-external'),
    ...edgeRows(int, EDGE_INTERNAL_TABLE, 'sfb-edge-internal'),
    ...edgeRows(hlbExt, EDGE_HLB_EXTERNAL_TABLE, 'sfb-edge-external'),
    ...edgeRows(hlbInt, EDGE_HLB_INTERNAL_TABLE, 'sfb-edge-internal'),
    ...edgeRows(vipExt, EDGE_VIP_EXTERNAL_TABLE, 'sfb-edge-external'),
    ...edgeRows(vipInt, EDGE_VIP_INTERNAL_TABLE, 'sfb-edge-internal'),
    ...reverseProxyRows(reverseProxy),
  ];
  const byTable = new Map<string, FactRow[]>();
  for (const r of rows) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  return { rows, byTable, generalFacts };
}

/**
 * The entries that state a fact row: same role, direction, transport, a port range covering it, and
 * citing the row. Edge-to-Edge entries cite the A/V rows only for their ports, so they are left out.
 */
function entriesFor(r: FactRow): PortEntry[] {
  return PORTS.filter((e) => !e.peers.includes('edge-peers') && e.role === r.role && e.direction === r.direction && e.transports.includes(r.transport) && covers(e, r.from, r.to) && cites(e, r.table, r.row));
}

/** `Access Edge service` for a destination cell naming it (the XMPP Proxy shares the Access Edge address). */
function vipServiceOf(cell: string): string | undefined {
  if (/Web Conferencing Edge/.test(cell)) return 'Web Conferencing Edge service';
  if (/A\/V Edge/.test(cell)) return 'A/V Edge service';
  if (/Access Edge/.test(cell)) return 'Access Edge service';
  return undefined;
}

if (!fs.existsSync(FACTS_PATH)) {
  test.skip(`Edge/reverse proxy row-by-row checks: the fact sheet is not beside this checkout (looked for ${FACTS_PATH})`, () => {
    expect(fs.existsSync(FACTS_PATH)).toBe(true);
  });
} else {
  describe('Edge and reverse proxy catalog against ms-port-facts.md §1.1, §1.3-1.7 (row by row)', () => {
    const { rows, byTable, generalFacts } = loadFactRows(fs.readFileSync(FACTS_PATH, 'utf8'));

    test('the fact sheet holds every cited table with the row counts of the originals', () => {
      for (const [table, count] of Object.entries(SKYPE_EDGE_TABLE_ROWS)) {
        if (table === EDGE_TOPOLOGY_PROSE) continue;
        expect({ table, rows: byTable.get(table)?.length }).toEqual({ table, rows: count });
      }
      expect(rows).toHaveLength(60);
    });

    test('every row has an entry with its role, port, transport and direction that cites it', () => {
      for (const r of rows) {
        const hits = entriesFor(r);
        expect({ table: r.table, row: r.row, port: `${r.from}-${r.to}/${r.transport}`, found: hits.length }).toEqual({
          table: r.table,
          row: r.row,
          port: `${r.from}-${r.to}/${r.transport}`,
          found: 1,
        });
      }
    });

    test("every entry citing a row agrees with it: port, transport, direction, role and the row's peers", () => {
      for (const e of PORTS) {
        for (const s of refsOf(e).filter((x) => x.table !== EDGE_TOPOLOGY_PROSE && x.document !== SKYPE_SERVER_DOC.document)) {
          for (const n of s.rows) {
            const r = byTable.get(s.table)?.[n - 1];
            expect({ id: e.id, table: s.table, row: n, exists: r !== undefined }).toEqual({ id: e.id, table: s.table, row: n, exists: true });
            if (!r || e.peers.includes('edge-peers')) continue; // Edge-to-Edge entries cite the A/V rows for their ports only
            expect({ id: e.id, table: s.table, row: n, role: e.role, direction: e.direction }).toEqual({ id: e.id, table: s.table, row: n, role: r.role, direction: r.direction });
            expect(e.transports).toContain(r.transport);
            expect(covers(e, r.from, r.to)).toBe(true);
            const want = requiredPeers(r);
            if (want.exactly) expect({ id: e.id, row: n, peers: sorted(e.peers) }).toEqual({ id: e.id, row: n, peers: sorted(want.exactly) });
            for (const p of want.include ?? []) expect({ id: e.id, row: n, peers: e.peers }).toEqual({ id: e.id, row: n, peers: expect.arrayContaining([p]) });
            if (r.peerCell === 'Any' && r.role === 'sfb-edge-internal') expect(e.decision).toMatch(/"Any"/);
          }
        }
      }
    });

    test('external-interface entries name the service of their row (Access, Web Conferencing, A/V Edge, XMPP Proxy)', () => {
      for (const r of rows.filter((x) => x.role === 'sfb-edge-external')) {
        const [e] = entriesFor(r);
        const expected = /XMPP Proxy/.test(r.ownCell) ? 'XMPP Proxy service' : vipServiceOf(r.ownCell);
        expect({ table: r.table, row: r.row, service: e.service }).toEqual({ table: r.table, row: r.row, service: expected });
      }
    });

    test('the load balancer entries are exactly the listeners of the two VIP tables (rows toward the Edge)', () => {
      for (const [table, pool] of [
        [EDGE_VIP_EXTERNAL_TABLE, 'sfb-edge-external'],
        [EDGE_VIP_INTERNAL_TABLE, 'sfb-edge-internal'],
      ] as const) {
        const listeners = (byTable.get(table) ?? []).filter((r) => r.direction === 'inbound');
        const expected = listeners.map((r) => {
          const service = pool === 'sfb-edge-external' ? vipServiceOf(r.ownCell) : undefined;
          return `${r.row}|${r.from}/${r.transport}|${service ?? '-'}`;
        });
        const actual = SKYPE_EDGE_LOAD_BALANCER_PORTS.filter((e) => e.source.table === table).map((e) => {
          expect(e.pool).toBe(pool);
          expect(e.mode).toBe('hardware');
          expect(e.source.rows).toHaveLength(1);
          return `${e.source.rows[0]}|${e.port}/${e.transport}|${e.service ?? '-'}`;
        });
        expect(sorted(actual)).toEqual(sorted(expected));
        // each listener agrees with the requirement of the port entry for the same row
        for (const lb of SKYPE_EDGE_LOAD_BALANCER_PORTS.filter((e) => e.source.table === table)) {
          const r = listeners.find((x) => x.row === lb.source.rows[0]) as FactRow;
          const [port] = entriesFor(r);
          if (pool === 'sfb-edge-external') expect([lb.requirement, lb.condition]).toEqual([port.requirement, port.condition]);
        }
      }
      expect(SKYPE_EDGE_LOAD_BALANCER_PORTS.every((e) => e.source.table === EDGE_VIP_EXTERNAL_TABLE || e.source.table === EDGE_VIP_INTERNAL_TABLE)).toBe(true);
    });

    test('XMPP rows (5269, 23456) are conditional on xmpp; the Access Edge 5061 rows on federation', () => {
      for (const r of rows.filter((x) => x.role !== 'sfb-reverse-proxy')) {
        const [e] = entriesFor(r);
        if (/XMPP/.test(r.protocolCell)) expect([r.row, e.condition]).toEqual([r.row, 'xmpp']);
        else if (r.role === 'sfb-edge-external' && r.from === 5061) expect(e.condition).toBe('federation');
        else if (r.from >= 50001 && r.to <= 50003) expect(e.condition).toBe('centralized-logging');
        else expect(e.requirement).toBe('required');
      }
    });

    test('Edge-to-Edge entries: the general facts state the requirement, and their ports are the A/V rows of the external table', () => {
      const factCol = col(generalFacts, 'Fact');
      const detailCol = col(generalFacts, 'Detail');
      const row = generalFacts.rows.map((c) => c.map(cleanCell)).find((c) => c[factCol] === 'Edge-to-Edge');
      expect(row).toBeDefined();
      expect((row as string[])[detailCol]).toMatch(/public A\/V Edge IP addresses/);
      const av = (byTable.get(EDGE_EXTERNAL_TABLE) ?? []).filter((r) => r.protocolCell.startsWith('A/V/'));
      const avPairs = new Set(av.map((r) => `${r.from === r.to ? r.from : `${r.from}-${r.to}`}/${r.transport}`));
      const peerPairs = new Set(SKYPE_EDGE_PEER_PORTS.flatMap((e) => e.transports.flatMap((t) => e.ports.map((p) => `${p}/${t}`))));
      expect(sorted([...peerPairs])).toEqual(sorted([...avPairs]));
      for (const e of SKYPE_EDGE_PEER_PORTS) {
        for (const n of (e.also ?? []).flatMap((s) => [...s.rows])) expect(av.map((r) => r.row)).toContain(n);
      }
    });
  });
}
