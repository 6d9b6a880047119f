/**
 * The egress catalog against its seeds: 003 (Skype for Business Online ports, source ranges, FQDN
 * list, timeout), 000 (OneDrive ports and proxy exceptions) and 002 (every Messenger feature row
 * and URL). Reads the seeds from ../shared/seeds when present; skipped with a message otherwise.
 */
import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../../lib/catalog/index';
import { messengerNames, MESSENGER_PORTS, MESSENGER_PORTS_TABLE, MESSENGER_URLS_TABLE } from '../../lib/catalog/messenger';
import { SFBO_CLIENT_PORTS, SFBO_NAMES, SFBO_SETTINGS } from '../../lib/catalog/office365';
import { ONEDRIVE_BYPASS_TABLE, ONEDRIVE_NAMES, ONEDRIVE_PORTS, ONEDRIVE_PORTS_TABLE } from '../../lib/catalog/onedrive';
import type { PortEntry, Transport } from '../../lib/catalog/types';
import { formatPorts, normalize, parsePorts, type PortRange } from '../../lib/model/ports';

const SEEDS = path.resolve(__dirname, '../../../shared/seeds');
const seed = (name: string) => path.join(SEEDS, name);

/** Union of an entry list's ports per transport. */
function portsOf(entries: readonly PortEntry[], t: Transport): string {
  return formatPorts(normalize(entries.filter((e) => e.transports.includes(t)).flatMap((e) => parsePorts(e.ports))));
}

describe('egress catalog: every entry is cited and registered', () => {
  test.each([
    ['office365', SFBO_CLIENT_PORTS],
    ['onedrive', ONEDRIVE_PORTS],
    ['messenger', MESSENGER_PORTS],
  ] as const)('%s port entries are in the catalog index, outbound, with a source row', (family, entries) => {
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(catalog.port(e.id)).toBe(e);
      expect({ id: e.id, family: e.family, direction: e.direction }).toEqual({ id: e.id, family, direction: 'outbound' });
      expect(e.source.rows.length).toBeGreaterThan(0);
      expect(e.purpose.length).toBeGreaterThan(5);
    }
    expect(catalog.byFamily(family)).toHaveLength(entries.length);
  });

  test('community entries are exactly the blog-only ports, off by default (optional) and marked', () => {
    const community = catalog.all().filter((e) => e.source.confidence === 'community');
    expect(community.map((e) => e.id).sort()).toEqual(['onedrive.community.17125', 'onedrive.community.6667']);
    for (const e of community) {
      expect(e.requirement).toBe('optional');
      expect(e.purpose).toMatch(/COMMUNITY/);
      expect(e.decision).toMatch(/No official backing/);
    }
  });

  test('every Messenger entry is legacy; the published 65525 typo is kept, with the decision', () => {
    for (const e of [...MESSENGER_PORTS, ...messengerNames()]) expect(e.requirement).toBe('legacy');
    const call = catalog.port('messenger.call.udp');
    expect(call.ports).toEqual(['5004-65525']);
    expect(call.decision).toMatch(/typo/);
  });
});

if (!fs.existsSync(SEEDS)) {
  test.skip(`egress seed checks: ../shared/seeds is not beside this checkout (looked for ${SEEDS})`, () => undefined);
} else {
  describe('seed 003: Skype for Business Online ports, FQDN list and timeout', () => {
    const text = fs.readFileSync(seed('003_cf88cd113275125d.txt'), 'utf8');
    const start = text.indexOf('---|---|---|---|---|');
    const end = text.indexOf('注: Office 365 Skype');
    const cells = text
      .slice(start, end)
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map((l) => l.replace(/\s*\|$/, ''));
    const rows: string[][] = [];
    for (let i = 0; i < cells.length; i += 5) rows.push(cells.slice(i, i + 5));

    test('the port table has 7 rows of 5 cells', () => {
      expect(rows).toHaveLength(7);
      for (const r of rows) expect(r).toHaveLength(5);
    });

    test.each([1, 2, 3, 4, 5, 6, 7])('row %i: destination ports, transports, optional range and source ports match the catalog', (row) => {
      const [, , , srcCell, dstCell] = rows[row - 1];
      const entries = SFBO_CLIENT_PORTS.filter((e) => e.source.rows.includes(row));
      expect(entries.length).toBeGreaterThan(0);
      const required = entries.filter((e) => e.requirement !== 'optional');
      const optional = entries.filter((e) => e.requirement === 'optional');
      // TCP destination ports named before any range ("443 TCP", "5223 TCP").
      const tcp = [...dstCell.matchAll(/(?:^|、)\s*(\d+) TCP/g)].map((m) => m[1]);
      expect(portsOf(required, 'tcp')).toBe(formatPorts(normalize(parsePorts(tcp))));
      // "3478 および 3479 UDP"
      const udp = /(\d+) および (\d+) UDP/.exec(dstCell);
      expect(portsOf(required, 'udp')).toBe(udp ? formatPorts(normalize(parsePorts([udp[1], udp[2]]))) : '');
      // "50000 ~ 59999 UDP および TCP (省略可能)"
      const opt = /(\d+) ~ (\d+) UDP および TCP \(省略可能\)/.exec(dstCell);
      expect(portsOf(optional, 'udp')).toBe(opt ? `${opt[1]}-${opt[2]}` : '');
      expect(portsOf(optional, 'tcp')).toBe(opt ? `${opt[1]}-${opt[2]}` : '');
      // Source ports: a range for the media rows, ephemeral otherwise.
      const src = /(\d+) ~ (\d+) UDP および TCP/.exec(srcCell);
      for (const e of entries) expect(e.sourcePorts ?? []).toEqual(src ? [`${src[1]}-${src[2]}`] : []);
      if (!src) expect(srcCell).toMatch(/エフェメラル/);
    });

    test('the legacy push row names Lync Mobile 2010 and is legacy', () => {
      expect(rows[6][0]).toMatch(/Lync Mobile 2010/);
      expect(catalog.port('o365.sfbo.mobile-push.5223').requirement).toBe('legacy');
    });

    test('the FQDN allow list: 10 names in order', () => {
      const names = [...text.matchAll(/次の接続先への発信接続を許可する: (\S+)/g)].map((m) => m[1].toLowerCase());
      expect(names).toHaveLength(10);
      expect(SFBO_NAMES.map((n) => n.names[0])).toEqual(names);
      SFBO_NAMES.forEach((n, i) => expect(n.source.rows).toEqual([i + 1]));
    });

    test('the HTTPS/SSL timeout of 8 hours is a reported setting', () => {
      expect(text).toMatch(/HTTPS\/SSL タイムアウトを 8 時間/);
      expect(SFBO_SETTINGS.map((s) => [s.id, s.value])).toEqual([['o365.sfbo.https-timeout', '8 hours']]);
    });
  });

  describe('seed 000: OneDrive ports and proxy exceptions', () => {
    const text = fs.readFileSync(seed('000_34146a6a0e155eca.txt'), 'utf8');

    test('the four ports, in the blog\'s order, map to the catalog rows; only 443 and 80 have official backing', () => {
      const ports = [...text.matchAll(/^- ポート(\d+)[:：]/gm)].map((m) => m[1]);
      expect(ports).toEqual(['443', '80', '17125', '6667']);
      ports.forEach((p, i) => {
        const e = ONEDRIVE_PORTS.find((x) => x.ports.includes(p))!;
        const blog = e.source.document.startsWith('000_') ? e.source : e.also!.find((s) => s.document.startsWith('000_'))!;
        expect({ p, table: blog.table, rows: blog.rows }).toEqual({ p, table: ONEDRIVE_PORTS_TABLE, rows: [i + 1] });
        expect({ p, confidence: e.source.confidence }).toEqual({ p, confidence: i < 2 ? 'official' : 'community' });
      });
    });

    test('the proxy exceptions are the four names, in order', () => {
      const at = text.indexOf('例外に追加すべきアドレス');
      const names = [...text.slice(at, at + 200).matchAll(/^- (\*\.[a-z.]+)$/gm)].map((m) => m[1]);
      expect(names).toEqual(ONEDRIVE_NAMES.map((n) => n.names[0]));
      for (const n of ONEDRIVE_NAMES) expect(n.source.table).toBe(ONEDRIVE_BYPASS_TABLE);
    });
  });

  describe('seed 002: every Messenger feature row and URL', () => {
    const text = fs.readFileSync(seed('002_2c49bec7dc32abbd.txt'), 'utf8');
    const table = text.slice(text.indexOf('機能使用されるポート') + '機能使用されるポート'.length, text.indexOf('* これらのポートは'));
    const rows: { name: string; tcp: PortRange[]; udp: PortRange[] }[] = [];
    for (const raw of table.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const first = raw.search(/TCP|UDP/);
      if (first > 0) rows.push({ name: raw.slice(0, first).trim(), tcp: [], udp: [] });
      const row = rows[rows.length - 1];
      for (const m of raw.matchAll(/(TCP\/UDP|TCP|UDP)\s+([\d、 ~]+)/g)) {
        const ports = m[2]
          .split('、')
          .map((s) => s.replace(/\s+/g, '').replace('~', '-'))
          .filter(Boolean);
        const ranges = parsePorts(ports);
        if (m[1] !== 'UDP') row.tcp = normalize([...row.tcp, ...ranges]);
        if (m[1] !== 'TCP') row.udp = normalize([...row.udp, ...ranges]);
      }
    }

    test('the table has 12 feature rows', () => {
      expect(rows).toHaveLength(12);
    });

    test.each(Array.from({ length: 12 }, (_, i) => i + 1))('row %i: TCP and UDP ports equal the catalog entries of that row', (row) => {
      const r = rows[row - 1];
      const entries = MESSENGER_PORTS.filter((e) => e.source.table === MESSENGER_PORTS_TABLE && e.source.rows.includes(row));
      expect(entries.length).toBeGreaterThan(0);
      expect({ feature: r.name, tcp: portsOf(entries, 'tcp'), udp: portsOf(entries, 'udp') }).toEqual({ feature: r.name, tcp: formatPorts(r.tcp), udp: formatPorts(r.udp) });
    });

    test('the 22 URLs, in order, with the scheme\'s or explicit port', () => {
      const urls = text
        .slice(text.indexOf('使用される URLURL の機能'))
        .split('\n')
        .filter((l) => /^https?:\/\//.test(l));
      const names = messengerNames();
      expect(urls).toHaveLength(22);
      expect(names).toHaveLength(22);
      names.forEach((n, i) => {
        expect(n.source.table).toBe(MESSENGER_URLS_TABLE);
        expect(n.source.rows).toEqual([i + 1]);
        const port = n.tcpPorts[0];
        const expected = port === 443 ? `https://${n.names[0]}` : port === 80 ? `http://${n.names[0]}` : `http://${n.names[0]}:${port}`;
        expect(urls[i].toLowerCase().startsWith(expected)).toBe(true);
      });
    });
  });
}
