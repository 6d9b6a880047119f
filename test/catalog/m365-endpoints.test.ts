/**
 * The shipped Microsoft 365 endpoints snapshot, its validator and the refresh command: a malformed
 * download is rejected with a clear error naming the record and field; a newer version reports the
 * endpoint sets that were added, removed and changed (ms-port-facts.md 4.5 lists what changed).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diffEndpointSets, m365Snapshot, validateEndpointSets, type EndpointSet } from '../../lib/catalog/m365-endpoints';
import { MsPortsError } from '../../lib/model/errors';
import { refreshSnapshot } from '../../lib/tools/refresh-endpoints';

const ROOT = path.resolve(__dirname, '../..');

/** The 2025043000 changes of ms-port-facts.md 4.5, applied to the shipped records. */
function newerVersion(sets: readonly EndpointSet[]): EndpointSet[] {
  type Mutable = { -readonly [K in keyof EndpointSet]: EndpointSet[K] };
  const out: Mutable[] = sets.filter((s) => s.id !== 67 && s.id !== 68).map((s) => ({ ...s }));
  const byId = (id: number) => out.find((s) => s.id === id)!;
  const s31 = byId(31);
  s31.ips = [...s31.ips!, '2603:1063:6000::/35'];
  s31.udpPorts = '443';
  const s12 = byId(12);
  s12.urls = [...s12.urls!, '*.teams.cloud.microsoft', 'teams.cloud.microsoft'];
  s12.ips = s12.ips!.filter((c) => c !== '52.238.119.141/32' && c !== '52.244.160.207/32');
  s12.udpPorts = '443';
  byId(16).urls = byId(16).urls!.filter((u) => u !== 'mlccdn.blob.core.windows.net');
  return out;
}

describe('the shipped snapshot', () => {
  test('is versioned, valid, and holds 68 endpoint sets with unique ids across the four service areas', () => {
    const s = m365Snapshot();
    expect(s.version).toBe('2024073100');
    expect(s.instance).toBe('Worldwide');
    expect(s.endpoints).toHaveLength(68);
    expect(new Set(s.endpoints.map((e) => e.id)).size).toBe(68);
    expect([...new Set(s.endpoints.map((e) => e.serviceArea))].sort()).toEqual(['Common', 'Exchange', 'SharePoint', 'Skype']);
    expect(m365Snapshot()).toBe(s); // read once, then cached
  });

  test('matches the derived file in ../shared/data record for record (when present)', () => {
    const shared = path.resolve(ROOT, '../shared/data/o365-endpoints-worldwide.derived-2024073100.json');
    if (!fs.existsSync(shared)) {
      console.log(`skipped: ${shared} is not beside this checkout`);
      return;
    }
    expect(m365Snapshot().endpoints).toEqual(JSON.parse(fs.readFileSync(shared, 'utf8')));
  });

  test('Teams media (set 11) is the IP-only Optimize set on UDP 3478-3481, with IPv6', () => {
    const s11 = m365Snapshot().endpoints.find((e) => e.id === 11)!;
    expect(s11).toMatchObject({ serviceArea: 'Skype', category: 'Optimize', required: true, udpPorts: '3478,3479,3480,3481' });
    expect(s11.urls).toBeUndefined();
    expect(s11.ips).toContain('2603:1063::/38');
  });
});

test('the snapshot is not read at require time: loading the library leaves it unread until first use', () => {
  const script = [
    "const l = require('./lib/index.ts');",
    "const seen = () => Object.keys(require.cache).some((k) => k.endsWith('m365-endpoints-worldwide.json'));",
    'const before = seen();',
    'const v = l.m365.m365Snapshot().version;',
    'console.log(JSON.stringify({ before, after: seen(), v }));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ before: false, after: true, v: '2024073100' });
});

describe('validation of a download', () => {
  const good = () => JSON.parse(JSON.stringify(m365Snapshot().endpoints)) as Record<string, unknown>[];
  const reject = (mutate: (d: Record<string, unknown>[]) => unknown, where: RegExp, problem: RegExp) => {
    const d = good();
    const doc = mutate(d) ?? d;
    let err: unknown;
    try {
      validateEndpointSets(doc, 'download.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MsPortsError);
    expect((err as MsPortsError).path).toMatch(where);
    expect((err as MsPortsError).problem).toMatch(problem);
    expect((err as MsPortsError).fix.length).toBeGreaterThan(5);
  };

  test('accepts the shipped records', () => {
    expect(validateEndpointSets(good(), 'download.json')).toHaveLength(68);
  });
  test('rejects a non-array document', () => reject(() => ({ endpoints: [] }), /^download\.json$/, /not a JSON array/));
  test('rejects an empty array', () => reject(() => [], /^download\.json$/, /no endpoint sets/));
  test('rejects a duplicate id', () => reject((d) => void (d[1].id = d[0].id), /\[1\]\.id$/, /appears twice/));
  test('rejects a non-integer id', () => reject((d) => void (d[0].id = '1'), /\[0\]\.id$/, /positive whole number/));
  test('rejects an unknown service area', () => reject((d) => void (d[2].serviceArea = 'Teams'), /\[2\]\.serviceArea$/, /"Teams" is unknown/));
  test('rejects an unknown category', () => reject((d) => void (d[0].category = 'Block'), /\[0\]\.category$/, /unknown/));
  test('rejects a CIDR with host bits', () => reject((d) => void ((d[0].ips as string[])[0] = '13.107.6.153/31'), /\[0\]\.ips\[0\]$/, /13\.107\.6\.153\/31/));
  test('rejects a malformed address', () => reject((d) => void ((d[0].ips as string[])[1] = '13.107.300.0/24'), /\[0\]\.ips\[1\]$/, /13\.107\.300\.0/));
  test('rejects port 70000', () => reject((d) => void (d[0].tcpPorts = '80,70000'), /\[0\]\.tcpPorts$/, /70000/));
  test('rejects ports given as a number', () => reject((d) => void (d[0].tcpPorts = 443), /\[0\]\.tcpPorts$/, /not a comma-separated string/));
  test('rejects a URL with a scheme', () => reject((d) => void ((d[0].urls as string[])[0] = 'https://outlook.office.com/'), /\[0\]\.urls\[0\]$/, /not a DNS name/));
  test('rejects an unknown field', () => reject((d) => void (d[3].tcpport = '443'), /\[3\]\.tcpport$/, /unknown field/));
  test('rejects a record without ports', () => reject((d) => {
    delete d[0].tcpPorts;
    delete d[0].udpPorts;
  }, /\[0\]$/, /neither tcpPorts nor udpPorts/));
  test('rejects a non-boolean required', () => reject((d) => void (d[0].required = 'yes'), /\[0\]\.required$/, /not true or false/));
});

describe('refresh', () => {
  const current = () => m365Snapshot();

  test('reports the sets that changed between 2024073100 and a newer download', () => {
    const next = newerVersion(current().endpoints);
    const r = refreshSnapshot(JSON.stringify(next), { file: 'endpoints.json', version: '2025043000', current: current() });
    expect(r.snapshot.version).toBe('2025043000');
    expect(r.diff.added).toEqual([]);
    expect(r.diff.removed).toEqual([67, 68]);
    expect(r.diff.changed).toEqual([
      { id: 12, fields: ['urls', 'ips', 'udpPorts'] },
      { id: 16, fields: ['urls'] },
      { id: 31, fields: ['ips', 'udpPorts'] },
    ]);
    expect(r.lines).toContain('removed: 67, 68');
    expect(r.lines.join('\n')).toMatch(/2024073100 -> 2025043000/);
    expect(JSON.parse(r.text)).toMatchObject({ version: '2025043000', instance: 'Worldwide' });
  });

  test('a bare download needs the version; a bad version or non-JSON file is a clear error', () => {
    const text = JSON.stringify(current().endpoints);
    expect(() => refreshSnapshot(text, { file: 'dl.json' })).toThrow(/dl\.json: a web-service download carries no version\. Fix: pass --version/);
    expect(() => refreshSnapshot(text, { file: 'dl.json', version: '2025' })).toThrow(/version "2025" is not a web-service version/);
    expect(() => refreshSnapshot('{"id": 1,', { file: 'dl.json', version: '2025043000' })).toThrow(/dl\.json: the file is not JSON/);
  });

  test('the diff of identical data is empty', () => {
    expect(diffEndpointSets(current().endpoints, current().endpoints)).toEqual({ added: [], removed: [], changed: [] });
  });

  test('the command writes the snapshot and prints the changed sets; a malformed download exits 1 and writes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'refresh-'));
    const out = path.join(dir, 'snapshot.json');
    fs.writeFileSync(out, `${JSON.stringify(current(), null, 2)}\n`);
    const dl = path.join(dir, 'download.json');
    fs.writeFileSync(dl, JSON.stringify(newerVersion(current().endpoints)));
    const run = (file: string) =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'scripts/refresh-endpoints.ts'), file, '--version', '2025043000', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    const ok = run(dl);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/removed: 67, 68/);
    expect(ok.stdout).toMatch(/changed: 12 \(urls, ips, udpPorts\); 16 \(urls\); 31 \(ips, udpPorts\)/);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).version).toBe('2025043000');

    const before = fs.readFileSync(out, 'utf8');
    const bad = path.join(dir, 'bad.json');
    const broken = newerVersion(current().endpoints) as unknown as Record<string, unknown>[];
    broken[4].ips = ['40.92.0.0/33'];
    fs.writeFileSync(bad, JSON.stringify(broken));
    const fail = run(bad);
    expect(fail.status).toBe(1);
    expect(fail.stderr).toMatch(/bad\.json\[4\]\.ips\[0\]: .*40\.92\.0\.0\/33.*Fix:/);
    expect(fs.readFileSync(out, 'utf8')).toBe(before);
  });
});
