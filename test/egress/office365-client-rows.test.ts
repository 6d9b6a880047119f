/**
 * Office365Egress with every optional and legacy seed 003 row enabled, a server role (a Front End
 * pool) and a client role (ClientNetwork) in `from`, on both clouds: what the synthesized Terraform
 * lets each role send to the Skype endpoint sets' addresses, judged the way each cloud judges egress
 * (AWS: the union of the egress rules of every security group the role's hosts attach; Azure: the
 * role's NSG outbound rules in priority order, then the default rules), against what the catalog
 * documents: the seed 003 port table has the client as the source of every row (catalog role
 * `sfbo-client`, decision recorded on each entry), so the ports a row adds beyond the endpoint sets'
 * published ports pass for the client and never for the server. What the sets publish passes for both.
 */
import { setAddresses, m365Snapshot } from '../../lib/catalog/m365-endpoints';
import { SFBO_CLIENT_PORTS } from '../../lib/catalog/office365';
import { cidrContains } from '../../lib/model/cidr';
import { parsePorts, subtract, type PortRange } from '../../lib/model/ports';
import { Office365Egress } from '../../lib/egress/office365';
import { ClientNetwork } from '../../lib/skype/client-network';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { parseStack, type TerraformJson } from '../../lib/verify/terraform';
import { CLOUDS, newStack, synthJson, type Cloud } from '../support/stacks';

const NOT_REQUIRED = SFBO_CLIENT_PORTS.filter((e) => e.requirement !== 'required').map((e) => e.id);

type Json = TerraformJson & { resource: Record<string, Record<string, Record<string, unknown>>> };
const refOf = (v: unknown) => /^\$\{([a-z0-9_]+\.[^.}]+)(?:\.[a-z_]+)?\}$/.exec(String(v))?.[1];
const within = (port: number, spec: string) => spec === '*' || spec.split(',').some((p) => {
  const [a, b = a] = p.split('-').map(Number);
  return a <= port && port <= b;
});

/** AWS: does any egress rule of a group the role's hosts attach let `transport port` out to `address`? */
function awsAllows(json: Json, role: string, transport: 'tcp' | 'udp', port: number, address: string): boolean {
  const groups = new Set(parseStack(json).boundaries.get(role)!.groups);
  const lists = json.resource.aws_ec2_managed_prefix_list ?? {};
  return Object.values(json.resource.aws_vpc_security_group_egress_rule ?? {}).some((r) => {
    if (!groups.has(refOf(r.security_group_id)!)) return false;
    if (r.ip_protocol !== '-1' && (r.ip_protocol !== transport || Number(r.from_port) > port || port > Number(r.to_port))) return false;
    const list = refOf(r.prefix_list_id);
    const cidrs = list ? (lists[list.split('.')[1]].entry as { cidr: string }[]).map((e) => e.cidr) : [r.cidr_ipv4 ?? r.cidr_ipv6].filter((c): c is string => typeof c === 'string');
    return cidrs.some((c) => cidrContains(c, address));
  });
}

/** Azure: the first outbound rule of the role's NSG (by priority) that matches, else the default AllowInternetOutBound. */
function azureAllows(json: Json, role: string, transport: 'tcp' | 'udp', port: number, address: string): boolean {
  const parsed = parseStack(json);
  const b = parsed.boundaries.get(role)!;
  const rules = parsed.azureRules.filter((r) => r.nsg === b.nsg && r.direction === 'Outbound').sort((x, y) => x.priority - y.priority);
  const hit = rules.find(
    (r) =>
      (r.protocol === '*' || r.protocol.toLowerCase() === transport) &&
      r.ports.some((p) => within(port, p)) &&
      (r.sourceGroups.length === 0 || r.sourceGroups.some((g) => b.groups.includes(g))) &&
      r.destinationGroups.length === 0 &&
      r.destinationPrefixes.some((p) => p === '*' || p === 'Internet' || (/[.:]/.test(p) && cidrContains(p, address))),
  );
  return hit ? hit.access === 'Allow' : true;
}

function build(cloud: Cloud) {
  const b = newStack(cloud, { securityGroupsPerNetworkInterface: 6 });
  const desktops = new ClientNetwork(b.stack, 'desktops', { network: b.network, name: 'vdi-clients' });
  const pool = new FrontEndPool(b.stack, 'fe', { network: b.network, name: 'fe-pool1', clients: [desktops, '10.30.0.0/16'] });
  new Office365Egress(b.stack, 'o365', { network: b.network, from: [pool, desktops, '10.30.0.0/16'], firewall: false, enable: NOT_REQUIRED });
  return synthJson(b.stack).json as Json;
}

/** The first address of a set's first CIDR of each IP version. */
function probes(setId: number): string[] {
  const set = m365Snapshot().endpoints.find((s) => s.id === setId)!;
  const { v4, v6 } = setAddresses(set);
  return [v4[0].text.split('/')[0], v6[0].text.split('/')[0]];
}

/**
 * From the catalog and the snapshot only: per seed 003 row and transport, the ports beyond what
 * the Skype sets publish for that transport (set 12: TCP, set 11: UDP), and those within.
 */
function documented(): { id: string; transport: 'tcp' | 'udp'; beyond: PortRange[]; inside: PortRange[]; set: number }[] {
  const sets = m365Snapshot().endpoints.filter((s) => s.serviceArea === 'Skype' && s.ips?.length);
  return SFBO_CLIENT_PORTS.flatMap((e) =>
    (e.transports as ('tcp' | 'udp')[]).flatMap((t) =>
      sets
        .filter((s) => (t === 'tcp' ? s.tcpPorts : s.udpPorts) !== undefined)
        .map((s) => {
          const published = parsePorts(String(t === 'tcp' ? s.tcpPorts : s.udpPorts).split(','));
          const ports = parsePorts(e.ports);
          return { id: e.id, transport: t, beyond: subtract(ports, published), inside: subtract(ports, subtract(ports, published)), set: s.id };
        }),
    ),
  );
}

test('the catalog records that every seed 003 port row is a client row, and why servers do not get them', () => {
  for (const e of SFBO_CLIENT_PORTS) {
    expect({ id: e.id, role: e.role }).toEqual({ id: e.id, role: 'sfbo-client' });
    expect({ id: e.id, decision: e.decision }).toEqual({ id: e.id, decision: expect.stringMatching(/client.*source of every row.*server roles .*endpoint sets/) });
  }
  // the rows that add ports beyond the endpoint sets: 5223 push and the 50000-59999 media range, on both transports of the range
  const beyond = documented().filter((d) => d.beyond.length);
  expect([...new Set(beyond.map((d) => d.id))].sort()).toEqual([
    'o365.sfbo.audio.media-range',
    'o365.sfbo.desktop-sharing.media-range',
    'o365.sfbo.mobile-push.5223',
    'o365.sfbo.video.media-range',
  ]);
});

describe.each(CLOUDS)('Office365Egress client rows on %s', (cloud) => {
  const allows = cloud === 'aws' ? awsAllows : azureAllows;
  let json: Json;
  beforeAll(() => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      json = build(cloud);
    } finally {
      warn.mockRestore();
    }
  });

  test('ports a client row adds beyond the endpoint sets pass for the client role, never for the server role', () => {
    const rows = documented().filter((d) => d.beyond.length);
    expect(rows.length).toBeGreaterThanOrEqual(7); // 5223 tcp; three media rows on tcp and udp
    for (const d of rows) {
      for (const address of probes(d.set)) {
        for (const r of d.beyond) {
          for (const port of [r.from, r.to]) {
            const at = `${d.id} ${d.transport} ${port} to ${address} (set ${d.set})`;
            expect({ at, client: allows(json, 'vdi-clients', d.transport, port, address) }).toEqual({ at, client: true });
            expect({ at, server: allows(json, 'fe-pool1', d.transport, port, address) }).toEqual({ at, server: false });
          }
        }
      }
    }
  });

  test('what the endpoint sets publish passes for both roles (the set rows apply to every source role)', () => {
    const rows = documented().filter((d) => d.inside.length);
    expect(rows.length).toBeGreaterThan(0);
    for (const d of rows) {
      for (const address of probes(d.set)) {
        const at = `${d.id} ${d.transport} ${d.inside[0].from} to ${address}`;
        for (const role of ['vdi-clients', 'fe-pool1']) expect({ at, role, allowed: allows(json, role, d.transport, d.inside[0].from, address) }).toEqual({ at, role, allowed: true });
      }
    }
  });

  test('the client rows are a group of their own, joined by the client role only', () => {
    const b = parseStack(json).boundaries;
    const clientGroup = [...b.values()].find((x) => x.role === 'o365-clients')!;
    expect(clientGroup).toBeDefined();
    expect(b.get('vdi-clients')!.groups).toContain(clientGroup.groups[0]);
    expect(b.get('fe-pool1')!.groups).not.toContain(clientGroup.groups[0]);
  });
});
