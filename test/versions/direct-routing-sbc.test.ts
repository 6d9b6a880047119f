/**
 * DirectRoutingSbc on both clouds, judged by the project's verifier over the synthesized Terraform
 * against the Direct Routing tables as the catalog holds them (catalog/teams-direct-routing.ts) and
 * Microsoft's published ranges: exactly the documented rows with Microsoft, nothing else to or from
 * the internet, media bypass only when enabled, source ports on Azure, the Mediation pool wired.
 */
import { catalog, entryRanges } from '../../lib/catalog/index';
import { DIRECT_ROUTING_RANGES, type DirectRoutingEnvironment } from '../../lib/catalog/teams-direct-routing';
import type { PeerClass } from '../../lib/catalog/types';
import { cidrContains } from '../../lib/model/cidr';
import { parsePorts } from '../../lib/model/ports';
import { DirectRoutingSbc, type DirectRoutingSbcProps } from '../../lib/skype/direct-routing-sbc';
import { MediationServer } from '../../lib/skype/mediation';
import type { TerraformJson } from '../../lib/verify';
import { CLOUDS, newStack, resources, synthJson, type Cloud } from '../support/stacks';
import { passes, probes } from '../support/verified-ports';

const MEDIA = '20000-29999';
const SAMPLES = ['52.112.0.10', '52.120.0.10', '52.122.0.10', '52.127.88.10', '52.127.64.10', '10.30.0.5', '203.0.113.5', '198.51.100.77'];
const CLIENTS = '10.30.0.0/16';

function build(cloud: Cloud, props: Partial<DirectRoutingSbcProps> = {}) {
  const { stack, network } = newStack(cloud);
  const sbc = new DirectRoutingSbc(stack, 'sbc', { network, name: 'sbc1', mediaPorts: MEDIA, ...props });
  const { json } = synthJson(stack);
  return { json: json as unknown as TerraformJson, sbc, network };
}

/** The peer classes an address plays for the SBC's rows, from the published ranges of the environment. */
function classesOf(address: string, env: DirectRoutingEnvironment, bypass: boolean): Set<PeerClass> {
  const r = DIRECT_ROUTING_RANGES[env];
  const inAny = (list: readonly string[]) => list.some((c) => cidrContains(c, address));
  const out = new Set<PeerClass>();
  if (inAny(r.sipProxies)) out.add('direct-routing-sip-proxy');
  if (inAny(r.mediaProcessors)) out.add('direct-routing-media-processor');
  if (bypass && inAny(r.transportRelays)) out.add('direct-routing-transport-relay');
  if (bypass && cidrContains(CLIENTS, address)) out.add('teams-clients');
  return out;
}

/** Whether the catalog's Direct Routing rows document `probe` between the address and the SBC, in that direction. */
function documented(address: string, probe: string, direction: 'inbound' | 'outbound', env: DirectRoutingEnvironment, bypass: boolean, sipPort = 5061): boolean {
  const [n, t] = probe.split('/');
  const cls = classesOf(address, env, bypass);
  return catalog.byRole('teams-sbc-external').some((e) => {
    if (e.direction !== direction || !e.transports.includes(t as 'tcp')) return false;
    if (e.requirement === 'conditional' && !(bypass && e.condition === 'media-bypass')) return false;
    if (!e.peers.some((p) => cls.has(p))) return false;
    const ranges = e.setting ? parsePorts([e.setting.prop === 'sipPort' ? String(sipPort) : MEDIA]) : entryRanges(e);
    return ranges.some((r) => r.from <= Number(n) && Number(n) <= r.to);
  });
}

describe.each(CLOUDS)('DirectRoutingSbc on %s', (cloud) => {
  test.each([
    ['worldwide', false],
    ['worldwide', true],
    ['gcc-high', false],
    ['dod', true],
  ] as const)('%s, media bypass %s: the external interface passes exactly the documented rows, the internal side nothing from the internet', (env, bypass) => {
    const { json } = build(cloud, { environment: env, ...(bypass ? { mediaBypass: { clients: [CLIENTS] } } : {}) });
    const points = [...probes(json), '5061/tcp', '5060/tcp', '443/tcp', '3478/udp', '3481/udp', '3482/udp', '49152/udp', '53247/udp', '53248/udp', '50000/udp', '50019/udp', '50020/udp', '59999/udp', '20000/udp', '29999/udp', '30000/udp'];
    let checked = 0;
    for (const a of SAMPLES) {
      for (const p of new Set(points)) {
        expect([a, 'in', p, passes(json, a, 'sbc1-ext', p)]).toEqual([a, 'in', p, documented(a, p, 'inbound', env, bypass)]);
        expect([a, 'out', p, passes(json, 'sbc1-ext', a, p)]).toEqual([a, 'out', p, documented(a, p, 'outbound', env, bypass)]);
        // The internal side has no rule with Microsoft or the internet at all.
        expect([a, p, passes(json, a, 'sbc1', p), passes(json, 'sbc1', a, p)]).toEqual([a, p, false, false]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    // Something is documented and passes: the test is not vacuous.
    expect(passes(json, env === 'worldwide' ? '52.112.0.10' : env === 'dod' ? '52.127.64.10' : '52.127.88.10', 'sbc1-ext', '5061/tcp')).toBe(true);
  });

  test('worldwide specifics: SIP from 52.122.0.0/15 but not from 52.120.0.0/15; media from 52.120.0.0/14; bypass clients only with mediaBypass', () => {
    const plain = build(cloud).json;
    expect(passes(plain, '52.122.0.10', 'sbc1-ext', '5061/tcp')).toBe(true);
    expect(passes(plain, '52.120.0.10', 'sbc1-ext', '5061/tcp')).toBe(false);
    expect(passes(plain, '52.120.0.10', 'sbc1-ext', '20000/udp')).toBe(true);
    expect(passes(plain, '10.30.0.5', 'sbc1-ext', '20000/udp')).toBe(false);
    const bypass = build(cloud, { mediaBypass: { clients: [CLIENTS] } }).json;
    expect(passes(bypass, '10.30.0.5', 'sbc1-ext', '20000/udp')).toBe(true);
    expect(passes(bypass, 'sbc1-ext', '10.30.0.5', '50019/udp')).toBe(true);
    expect(passes(bypass, 'sbc1-ext', '10.30.0.5', '50020/udp')).toBe(false);
    expect(passes(bypass, 'sbc1-ext', '52.112.0.10', '59999/udp')).toBe(true);
  });

  test('a custom SIP port replaces 5061 on the SBC side only; the proxies keep 5061', () => {
    const { json } = build(cloud, { sipPort: 5067 });
    expect(passes(json, '52.112.0.10', 'sbc1-ext', '5067/tcp')).toBe(true);
    expect(passes(json, '52.112.0.10', 'sbc1-ext', '5061/tcp')).toBe(false);
    expect(passes(json, 'sbc1-ext', '52.112.0.10', '5061/tcp')).toBe(true);
  });

  test('bad input: missing or one-port media range, a SIP port other than 5061 in GCC High, an unknown environment', () => {
    const { stack, network } = newStack(cloud);
    expect(() => new DirectRoutingSbc(stack, 'sbc-a', { network } as never)).toThrow(/test-\w+\/sbc-a: mediaPorts is missing.*Fix:/);
    expect(() => new DirectRoutingSbc(stack, 'sbc-b', { network, mediaPorts: '20000' })).toThrow(/mediaPorts "20000" holds 1 port.*Fix: .*at least 2 ports/);
    expect(() => new DirectRoutingSbc(stack, 'sbc-c', { network, mediaPorts: MEDIA, environment: 'gcc-high', sipPort: 5062 })).toThrow(/sipPort 5062 with environment "gcc-high".*Fix: use sipPort: 5061/);
    expect(() => new DirectRoutingSbc(stack, 'sbc-d', { network, mediaPorts: MEDIA, environment: 'mars' as never })).toThrow(/environment/);
  });

  test('the Mediation pool wired during a migration: its documented gateway rows, both ways, and nothing else on the internal side', () => {
    const { stack, network } = newStack(cloud);
    const sbc = new DirectRoutingSbc(stack, 'sbc', { network, name: 'sbc1', mediaPorts: MEDIA });
    new MediationServer(stack, 'med', { network, name: 'med1', pstnGateways: [sbc], clients: ['10.30.0.0/16'], loadBalancing: 'dns', pstnGatewayPorts: { sipTls: 5068, media: MEDIA } });
    const json = synthJson(stack).json as unknown as TerraformJson;
    // Seed 001: the gateway sends SIP to Mediation on 5067 (TLS) and 5068, audio to 49152-57500; Mediation sends SIP and media to the gateway's own ports.
    expect(passes(json, 'sbc1', 'med1', '5067/tcp')).toBe(true);
    expect(passes(json, 'sbc1', 'med1', '49152/udp')).toBe(true);
    expect(passes(json, 'med1', 'sbc1', '5068/tcp')).toBe(true);
    expect(passes(json, 'med1', 'sbc1', '20000/udp')).toBe(true);
    expect(passes(json, 'med1', 'sbc1', '5061/tcp')).toBe(false);
    expect(passes(json, 'sbc1', 'med1', '5061/tcp')).toBe(false);
    expect(passes(json, '203.0.113.5', 'sbc1', '5068/tcp')).toBe(false);
  });

  if (cloud === 'azure') {
    test('Azure renders the tables\' source ports: 1024-65535 for SIP from the proxies, the media processors\' ranges, the SBC\'s media range for its own media', () => {
      const { json } = build(cloud, { mediaBypass: { clients: [CLIENTS] } });
      const rules = resources(json as never, 'azurerm_network_security_rule');
      const src = (id: string) => {
        const r = rules.filter((x) => String(x.description).includes(id));
        expect(r.length).toBeGreaterThan(0);
        return [...new Set(r.map((x) => (x.source_port_ranges as string[] | undefined)?.join(',') ?? String(x.source_port_range)))];
      };
      expect(src('teams.dr.sip.in.tcp')).toEqual(['1024-65535']);
      expect(src('teams.dr.sip.out.tcp.5061')).toEqual(['*']);
      expect(src('teams.dr.media.in.udp')).toEqual(['3478-3481,49152-53247']);
      expect(src('teams.dr.media.out.udp')).toEqual([MEDIA]);
      expect(src('teams.dr.bypass.client.in.udp')).toEqual(['50000-50019']);
      expect(src('teams.dr.bypass.relay.out.udp')).toEqual([MEDIA]);
    });
  }
});
