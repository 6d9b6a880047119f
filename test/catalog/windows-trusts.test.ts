/**
 * Checks lib/catalog/windows-trusts.ts against KB179442 "How to configure a firewall for Active Directory
 * domains and trusts" (Windows Server 2008 and later table, and the PPTP/ICMP prose), as summarised in
 * /work/shared/reference/ms-port-facts.md section 3.5. The expected lists below are written from the
 * source by hand, so dropping or altering an entry fails the test.
 */

import type { PortEntry, Transport } from '../../lib/catalog/types';
import {
  AD_TRUST_PORTS,
  AD_TRUST_PPTP_PORTS,
  KB179442_DOC,
  KB179442_PROSE,
  KB179442_TABLE,
} from '../../lib/catalog/windows-trusts';
import { WINDOWS_SERVICE_PORTS } from '../../lib/catalog/windows';
import { SKYPE_CLIENT_PORTS, SKYPE_SERVER_PORTS } from '../../lib/catalog/skype-server';
import { parsePortRange } from '../../lib/model/ports';

const ALL: readonly PortEntry[] = [...AD_TRUST_PORTS, ...AD_TRUST_PPTP_PORTS];
const PORTLESS: ReadonlySet<Transport> = new Set<Transport>(['icmp', 'gre', 'esp', 'ah']);
const TABLE_ROWS = 13;

/**
 * KB179442, Windows Server 2008 and later table, in page order: [row, server port, transport].
 * The 49152-65535/TCP server ranges (rows 4, 10, 13) are the dynamic-rpc token.
 */
const EXPECTED_TABLE: ReadonlyArray<readonly [number, string, Transport]> = [
  [1, '123', 'udp'], // W32Time
  [2, '135', 'tcp'], // RPC Endpoint Mapper
  [3, '464', 'tcp'], // Kerberos password change (464/TCP/UDP)
  [3, '464', 'udp'],
  [4, 'dynamic-rpc', 'tcp'], // RPC for LSA, SAM, NetLogon
  [5, '389', 'tcp'], // LDAP
  [5, '389', 'udp'],
  [6, '636', 'tcp'], // LDAP SSL
  [7, '3268', 'tcp'], // LDAP GC
  [8, '3269', 'tcp'], // LDAP GC SSL
  [9, '53', 'tcp'], // DNS
  [9, '53', 'udp'],
  [10, 'dynamic-rpc', 'tcp'], // FRS RPC
  [11, '88', 'tcp'], // Kerberos
  [11, '88', 'udp'],
  [12, '445', 'tcp'], // SMB (trust creation only)
  [13, 'dynamic-rpc', 'tcp'], // DFSR RPC
];

/** The page's prose: 1 ICMP ping, 2 PPTP TCP 1723, 3 GRE (IP protocol 47). Port '' = port-less. */
const EXPECTED_PROSE: ReadonlyArray<readonly [number, string, Transport]> = [
  [1, '', 'icmp'],
  [2, '1723', 'tcp'],
  [3, '', 'gre'],
];

function triples(entries: readonly PortEntry[]): string[] {
  return entries
    .flatMap((e) =>
      e.source.rows.flatMap((r) =>
        e.transports.flatMap((t) => (e.ports.length === 0 ? [`${r}|${''}|${t}`] : e.ports.map((p) => `${r}|${p}|${t}`))),
      ),
    )
    .sort();
}

function pairs(entries: readonly PortEntry[]): Set<string> {
  return new Set(entries.flatMap((e) => e.transports.flatMap((t) => (e.ports.length === 0 ? [`|${t}`] : e.ports.map((p) => `${p}|${t}`)))));
}

const key = ([r, p, t]: readonly [number, string, Transport]): string => `${r}|${p}|${t}`;

describe('KB179442 trust ports: ids', () => {
  it('every id is unique within the file', () => {
    const ids = ALL.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('no id collides with KB832017 or Skype for Business ids', () => {
    const others = new Set([...WINDOWS_SERVICE_PORTS, ...SKYPE_SERVER_PORTS, ...SKYPE_CLIENT_PORTS].map((e) => e.id));
    expect(others.size).toBeGreaterThan(0);
    expect(ALL.map((e) => e.id).filter((id) => others.has(id))).toEqual([]);
  });

  it('ids are lowercase dotted and start with trust.', () => {
    for (const e of ALL) expect(e.id).toMatch(/^trust(\.[a-z0-9]+(-[a-z0-9]+)*)+$/);
  });
});

describe('KB179442 trust ports: shape', () => {
  it.each(ALL.map((e) => [e.id, e] as const))('%s has valid ports for its transports', (_id, e) => {
    expect(e.transports.length).toBeGreaterThan(0);
    const portless = e.transports.filter((t) => PORTLESS.has(t));
    if (portless.length > 0) {
      // A port-less transport never shares an entry with tcp/udp, and carries no ports.
      expect(portless).toEqual(e.transports);
      expect(e.ports).toEqual([]);
    } else {
      expect(e.ports.length).toBeGreaterThan(0);
      for (const p of e.ports) {
        if (p === 'dynamic-rpc') continue;
        expect(p).toMatch(/^\d+(-\d+)?$/);
        expect(() => parsePortRange(p)).not.toThrow();
      }
    }
  });

  it('gre and icmp entries have no ports', () => {
    const portless = ALL.filter((e) => e.transports.some((t) => t === 'gre' || t === 'icmp'));
    expect(portless.map((e) => e.id).sort()).toEqual(['trust.icmp', 'trust.pptp.gre']);
    for (const e of portless) expect(e.ports).toEqual([]);
  });

  it('conditional entries have a condition and no other entry has one', () => {
    for (const e of ALL) {
      if (e.requirement === 'conditional') {
        expect(e.condition).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      } else {
        expect(e.condition).toBeUndefined();
      }
    }
  });

  it('every entry is an official, inbound windows ad-trust entry from KB179442 with a purpose', () => {
    for (const e of ALL) {
      expect(e.family).toBe('windows');
      expect(e.role).toBe('ad-trust');
      expect(e.direction).toBe('inbound');
      expect(e.peers).toEqual(['trusted-domain-controllers']);
      expect(e.source.confidence).toBe('official');
      expect(e.source.document).toBe(KB179442_DOC.document);
      expect(e.source.original).toBe(KB179442_DOC.original);
      expect(e.appProtocol.length).toBeGreaterThan(0);
      expect(e.purpose.length).toBeGreaterThan(0);
      expect(e.purpose).not.toMatch(/\n/);
    }
    for (const e of AD_TRUST_PORTS) expect(e.source.table).toBe(KB179442_TABLE);
    for (const e of AD_TRUST_PPTP_PORTS) expect(e.source.table).toBe(KB179442_PROSE);
  });

  it('entries other than required explain themselves in a decision', () => {
    for (const e of ALL.filter((x) => x.requirement !== 'required')) expect(e.decision ?? '').not.toBe('');
    // ICMP is required, but interpreted from prose.
    expect(ALL.find((e) => e.id === 'trust.icmp')?.decision ?? '').not.toBe('');
  });
});

describe('KB179442 trust ports: against the source', () => {
  it('every table row 1..13 is cited, and no other row', () => {
    const cited = new Set(AD_TRUST_PORTS.flatMap((e) => e.source.rows));
    expect([...cited].sort((a, b) => a - b)).toEqual(Array.from({ length: TABLE_ROWS }, (_, i) => i + 1));
  });

  it('the table entries are exactly the expected (row, port, transport) list', () => {
    expect(triples(AD_TRUST_PORTS)).toEqual(EXPECTED_TABLE.map(key).sort());
  });

  it('the set of (port, transport) pairs equals the expected list', () => {
    const expected = new Set(EXPECTED_TABLE.map(([, p, t]) => `${p}|${t}`));
    expect([...pairs(AD_TRUST_PORTS)].sort()).toEqual([...expected].sort());
  });

  it('the prose entries are exactly ICMP, PPTP TCP 1723 and GRE', () => {
    expect(triples(AD_TRUST_PPTP_PORTS)).toEqual(EXPECTED_PROSE.map(key).sort());
  });

  it('requirements follow the page', () => {
    const req = Object.fromEntries(ALL.map((e) => [e.id, [e.requirement, e.condition ?? null]]));
    expect(req).toEqual({
      'trust.w32time.udp.123': ['conditional', 'trust-time-sync'],
      'trust.rpc-epmap.tcp.135': ['required', null],
      'trust.kpasswd.tcp.464': ['required', null],
      'trust.kpasswd.udp.464': ['required', null],
      'trust.rpc-dynamic.tcp': ['required', null],
      'trust.ldap.tcp.389': ['required', null],
      'trust.ldap.udp.389': ['required', null],
      'trust.ldaps.tcp.636': ['optional', null],
      'trust.gc.tcp.3268': ['required', null],
      'trust.gc-ssl.tcp.3269': ['optional', null],
      'trust.dns.tcp.53': ['required', null],
      'trust.dns.udp.53': ['required', null],
      'trust.frs-rpc.tcp': ['optional', null],
      'trust.kerberos.tcp.88': ['required', null],
      'trust.kerberos.udp.88': ['required', null],
      'trust.smb.tcp.445': ['conditional', 'trust-creation'],
      'trust.dfsr-rpc.tcp': ['optional', null],
      'trust.icmp': ['required', null],
      'trust.pptp.tcp.1723': ['conditional', 'trust-pptp-tunnel'],
      'trust.pptp.gre': ['conditional', 'trust-pptp-tunnel'],
    });
  });

  it('the three 49152-65535/TCP server rows use the dynamic-rpc token', () => {
    const dyn = AD_TRUST_PORTS.filter((e) => e.ports.includes('dynamic-rpc'));
    expect(dyn.map((e) => e.source.rows[0]).sort((a, b) => a - b)).toEqual([4, 10, 13]);
    for (const e of dyn) expect(e.ports).toEqual(['dynamic-rpc']);
    expect(AD_TRUST_PORTS.some((e) => e.ports.includes('49152-65535'))).toBe(false);
  });
});
