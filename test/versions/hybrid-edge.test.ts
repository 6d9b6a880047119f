/**
 * EdgeServer({ hybrid: true }) on both clouds, judged by the verifier over the synthesized Terraform
 * against the hybrid table as the catalog holds it (catalog/skype-hybrid.ts) and the endpoint sets'
 * addresses: the rows exactly, both directions, only towards Microsoft 365's published addresses,
 * with the table's source ports (Azure); nothing of it without `hybrid`; the Front End egress to set 56.
 */
import { catalog, entryRanges } from '../../lib/catalog/index';
import { m365Snapshot } from '../../lib/catalog/m365-endpoints';
import { HYBRID_ENDPOINT_SETS, SKYPE_HYBRID_PORTS, SKYPE_HYBRID_ROWS } from '../../lib/catalog/skype-hybrid';
import { cidrContains } from '../../lib/model/cidr';
import { EdgeServer } from '../../lib/skype/edge';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import type { TerraformJson } from '../../lib/verify';
import { CLOUDS, newStack, resources, synthJson, type Cloud } from '../support/stacks';
import { passes, probes } from '../support/verified-ports';

const M365 = '52.112.0.10'; // in sets 11 and 12
const INTERNET = '93.184.216.34'; // public, in no endpoint set
const IDENTITY = '20.190.128.10'; // set 56

function build(cloud: Cloud, hybrid: boolean, federation = false) {
  const { stack, network } = newStack(cloud, { publicSubnetIds: ['subnet-0pub1'] } as never);
  const fe = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: ['10.30.0.0/16'] });
  const edge = new EdgeServer(stack, 'edge', { network, name: 'edge1', nextHop: fe, federation, hybrid });
  return { json: synthJson(stack).json as unknown as TerraformJson, edge };
}

/** Whether the Edge external interface's rows document `probe` with `address`, in `direction`, with or without hybrid (federation off). */
function documented(address: string, probe: string, direction: 'inbound' | 'outbound', hybrid: boolean): boolean {
  const [n, t] = probe.split('/');
  const snap = m365Snapshot();
  const m365 = HYBRID_ENDPOINT_SETS.flatMap((id) => snap.endpoints.find((s) => s.id === id)!.ips ?? []).some((c) => cidrContains(c, address));
  return catalog.byRole('sfb-edge-external').some((e) => {
    if (e.direction !== direction || !e.transports.includes(t as 'tcp')) return false;
    const holds = e.requirement === 'required' || (hybrid && e.condition === 'hybrid');
    if (!holds) return false;
    // Every public address is "the internet" of the Edge tables; Microsoft 365's are also its hybrid peers.
    if (!(e.peers.includes('internet') || (m365 && e.peers.includes('microsoft-online')))) return false;
    return entryRanges(e).some((r) => r.from <= Number(n) && Number(n) <= r.to);
  });
}

describe.each(CLOUDS)('hybrid Edge on %s', (cloud) => {
  test('the table has its six rows, each cited, conditional on hybrid, on the external interface', () => {
    expect(SKYPE_HYBRID_PORTS).toHaveLength(SKYPE_HYBRID_ROWS);
    expect(SKYPE_HYBRID_PORTS.map((e) => e.source.rows[0])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(SKYPE_HYBRID_PORTS.every((e) => e.condition === 'hybrid' && e.role === 'sfb-edge-external' && e.source.original?.includes('@0583cb5274a561c6e7bbb1c3b2d7164ef9e0247a'))).toBe(true);
  });

  test.each([true, false])('hybrid %s: the external interface passes exactly the documented rows, from Microsoft 365 and from the rest of the internet', (hybrid) => {
    const { json } = build(cloud, hybrid);
    const points = new Set([...probes(json), '5061/tcp', '443/tcp', '50000/tcp', '59999/tcp', '60000/tcp', '3478/udp', '3479/udp', '50000/udp']);
    for (const a of [M365, INTERNET]) {
      for (const p of points) {
        expect([a, 'in', p, passes(json, a, 'edge1-ext', p)]).toEqual([a, 'in', p, documented(a, p, 'inbound', hybrid)]);
        expect([a, 'out', p, passes(json, 'edge1-ext', a, p)]).toEqual([a, 'out', p, documented(a, p, 'outbound', hybrid)]);
      }
    }
    // The one opening hybrid adds beyond the Edge's internet table: TCP 50000-59999 in, from Microsoft 365 only.
    expect(passes(json, M365, 'edge1-ext', '50000/tcp')).toBe(hybrid);
    expect(passes(json, INTERNET, 'edge1-ext', '50000/tcp')).toBe(false);
    expect(passes(json, M365, 'edge1-ext', '5061/tcp')).toBe(hybrid);
  });

  test('without hybrid no rule cites a hybrid row or an endpoint set, and no hybrid egress exists', () => {
    const { json, edge } = build(cloud, false);
    expect(JSON.stringify(json)).not.toMatch(/sfb\.hybrid\.|m365\.set(11|12|56)\./);
    expect(edge.hybridEgress).toBeUndefined();
    expect(passes(json, 'fe-pool1', IDENTITY, '443/tcp')).toBe(false);
  });

  test('hybrid: the Front End pool joins the egress group to Microsoft 365 identity (set 56, TCP 80 and 443), and nothing more of it', () => {
    const { json, edge } = build(cloud, true);
    expect(edge.hybridEgress).toBeDefined();
    expect(edge.hybridEgress!.report().endpointSets).toEqual([56]);
    if (cloud === 'azure') {
      expect(passes(json, 'fe-pool1', IDENTITY, '443/tcp')).toBe(true);
      expect(passes(json, 'fe-pool1', IDENTITY, '80/tcp')).toBe(true);
      expect(passes(json, 'fe-pool1', IDENTITY, '8443/tcp')).toBe(false);
      expect(passes(json, 'fe-pool1', INTERNET, '443/tcp')).toBe(false);
    } else {
      // AWS: the group's egress rules name set 56's prefix lists (the verifier does not read prefix lists): read them from the Terraform.
      const lists = Object.entries((json as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource.aws_ec2_managed_prefix_list ?? {});
      const set56 = lists.filter(([, l]) => String(l.name).includes('set56'));
      expect(set56.length).toBe(2);
      const v4 = set56.find(([, l]) => l.address_family === 'IPv4')!;
      expect((v4[1].entry as { cidr: string }[]).some((e) => cidrContains(e.cidr, IDENTITY))).toBe(true);
      const egress = resources(json as never, 'aws_vpc_security_group_egress_rule').filter((r) => String(r.description).includes('m365.set56.'));
      expect(new Set(egress.map((r) => `${r.ip_protocol} ${r.from_port}-${r.to_port}`))).toEqual(new Set(['tcp 80-80', 'tcp 443-443']));
    }
  });

  if (cloud === 'azure') {
    test('Azure renders the table\'s source ports on each row', () => {
      const { json } = build(cloud, true);
      const rules = resources(json as never, 'azurerm_network_security_rule');
      for (const e of SKYPE_HYBRID_PORTS) {
        const r = rules.filter((x) => String(x.description).includes(e.id));
        expect([e.id, r.length > 0]).toEqual([e.id, true]);
        const got = [...new Set(r.map((x) => (x.source_port_ranges as string[] | undefined)?.join(',') ?? String(x.source_port_range)))];
        expect([e.id, got]).toEqual([e.id, [e.sourcePorts ? e.sourcePorts.join(',') : '*']]);
      }
    });
  }
});
