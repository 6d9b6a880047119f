/**
 * Mediation and its PSTN gateways, judged the way a cloud judges: the project's verifier
 * (lib/verify) over the synthesized Terraform of both clouds, against the catalog rows read
 * directly (never the planner's own data). A Mediation pool (stand-alone, or collocated on a Front
 * End pool) reaches its gateways on the gateways' SIP ports (default: the collocated rows
 * 5081/TCP and 5082/TLS of seed 001; `pstnGatewayPorts` replaces them) and, when the gateways'
 * media range is given, on it; nothing else. What is not rendered (the gateways' media without a
 * range) is listed in the report.
 */
import type { TerraformStack } from 'cdktf';
import { catalog } from '../../lib/catalog/index';
import type { NetworkBinding } from '../../lib/core/binding';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { MediationServer } from '../../lib/skype/mediation';
import { PstnGateway } from '../../lib/skype/outside';
import type { TerraformJson } from '../../lib/verify';
import { thrown } from '../support/errors';
import { CLOUDS, newStack, synthJson, type Cloud } from '../support/stacks';
import { compare, documented, notRendered, passes } from '../support/verified-ports';

const GATEWAYS = ['192.168.50.10/32', '192.168.50.11/32'];

function mediationSite(cloud: Cloud, props: Record<string, unknown> = {}): { stack: TerraformStack; network: NetworkBinding; json: TerraformJson } {
  const { stack, network } = newStack(cloud);
  const gateways = PstnGateway.fromAddresses(stack, 'gw', { network, name: 'sbc', cidrs: GATEWAYS });
  new MediationServer(stack, 'med', { network, name: 'med1', pstnGateways: [gateways], clients: ['10.30.0.0/16'], ...props } as never);
  return { stack, network, json: synthJson(stack).json as TerraformJson };
}

describe.each(CLOUDS)('stand-alone Mediation and its PSTN gateways on %s', (cloud) => {
  test('gateways reach Mediation on 5067/5068 and the audio range (seed 001 Mediation rows, 49152-57500)', () => {
    const { json } = mediationSite(cloud as Cloud);
    for (const gw of ['192.168.50.10', '192.168.50.11']) {
      for (const p of ['5067/tcp', '5068/tcp', '49152/udp', '57500/udp', '49152/tcp', '57500/tcp']) expect([gw, p, passes(json, gw, 'med1', p)]).toEqual([gw, p, true]);
      expect([gw, passes(json, gw, 'med1', '5070/tcp')]).toEqual([gw, false]);
    }
  });

  test('by default Mediation reaches each gateway on SIP 5081/TCP and 5082/TLS (the documented default) and nothing else', () => {
    const { json } = mediationSite(cloud as Cloud);
    for (const gw of ['192.168.50.10', '192.168.50.11']) {
      const got = compare(json, 'med1', gw, documented([{ id: 'sfb.med.sip.5081' }, { id: 'sfb.med.sip-tls.5082' }]));
      expect(got.passing).toEqual(got.documented);
      expect(got.passing).toEqual(expect.arrayContaining(['5081/tcp', '5082/tcp']));
    }
    // the default is the seed's collocated Mediation rows, and the catalog says so
    for (const [id, row, port] of [['sfb.med.sip.5081', 25, '5081'], ['sfb.med.sip-tls.5082', 26, '5082']] as const) {
      const e = catalog.port(id);
      expect([e.ports, e.source.rows, e.direction, e.peers]).toEqual([[port], [row], 'outbound', ['pstn-gateway']]);
      expect(e.decision).toMatch(/collocated/);
      expect(e.decision).toMatch(/pstnGatewayPorts/);
    }
  });

  test("the gateways' own SIP ports, when given, replace the default", () => {
    const { json } = mediationSite(cloud as Cloud, { pstnGatewayPorts: { sipTcp: 5060, sipTls: 5061 } });
    const got = compare(json, 'med1', '192.168.50.10', documented([{ id: 'sfb.med.sip.5081', ports: '5060' }, { id: 'sfb.med.sip-tls.5082', ports: '5061' }]));
    expect(got.passing).toEqual(got.documented);
    expect(got.passing).toEqual(expect.arrayContaining(['5060/tcp', '5061/tcp']));
    expect(passes(json, 'med1', '192.168.50.10', '5081/tcp') || passes(json, 'med1', '192.168.50.10', '5082/tcp')).toBe(false);
  });

  test("media to the gateways: rendered only on the gateways' media range when given; otherwise listed as not rendered", () => {
    const without = mediationSite(cloud as Cloud);
    expect(passes(without.json, 'med1', '192.168.50.10', '16384/udp')).toBe(false);
    const lines = notRendered(without.network, 'med1');
    expect(lines.find((l) => l.startsWith('- sfb.med.gateway-media:'))).toMatch(/pstnGatewayPorts\.media/);

    const withMedia = mediationSite(cloud as Cloud, { pstnGatewayPorts: { media: '16384-32767' } });
    const got = compare(withMedia.json, 'med1', '192.168.50.11', documented([{ id: 'sfb.med.sip.5081' }, { id: 'sfb.med.sip-tls.5082' }, { id: 'sfb.med.gateway-media', ports: '16384-32767' }]));
    expect(got.passing).toEqual(got.documented);
    expect(got.passing).toEqual(expect.arrayContaining(['16384/udp', '32767/udp', '16384/tcp', '32767/tcp']));
    expect(notRendered(withMedia.network, 'med1').some((l) => l.startsWith('- sfb.med.gateway-media:'))).toBe(false);
    // the media entry documents no port of its own: none is invented
    expect(catalog.port('sfb.med.gateway-media').ports).toEqual([]);
  });

  test('bad gateway ports are refused at synth time, naming the prop, the value and the fix', () => {
    for (const [bad, what] of [
      [{ sipTcp: 70000 }, /pstnGatewayPorts\.sipTcp/],
      [{ sipTls: '5061' }, /pstnGatewayPorts\.sipTls/],
      [{ media: '16384-99999' }, /pstnGatewayPorts\.media "16384-99999"/],
      [{ rtp: '1-2' }, /rtp/],
    ] as const) {
      const e = thrown(() => mediationSite(cloud as Cloud, { pstnGatewayPorts: bad }));
      expect(e.path).toMatch(/\/med$/);
      expect(e.message).toMatch(what);
      expect(e.fix.length).toBeGreaterThan(10);
    }
  });
});

describe.each(CLOUDS)('Front End pool with collocated Mediation and its PSTN gateways on %s', (cloud) => {
  const build = (props: Record<string, unknown>) => {
    const { stack, network } = newStack(cloud as Cloud);
    const gateways = PstnGateway.fromAddresses(stack, 'gw', { network, name: 'sbc', cidrs: GATEWAYS });
    new FrontEndPool(stack, 'fe', { network, name: 'fe1', clients: ['10.30.0.0/16'], collocatedMediation: true, pstnGateways: [gateways], ...props } as never);
    return { network, json: synthJson(stack).json as TerraformJson };
  };

  test('5081/5082 by default (its own rows), the given ports otherwise, and the media range when given', () => {
    const byDefault = build({});
    const d = compare(byDefault.json, 'fe1', '192.168.50.10', documented([{ id: 'sfb.fe.mediation.5081' }, { id: 'sfb.fe.mediation.5082' }]));
    expect(d.passing).toEqual(d.documented);
    expect(d.passing).toEqual(expect.arrayContaining(['5081/tcp', '5082/tcp']));
    expect(notRendered(byDefault.network, 'fe1').find((l) => l.startsWith('- sfb.fe.mediation.gateway-media:'))).toMatch(/pstnGatewayPorts\.media/);

    const given = build({ pstnGatewayPorts: { sipTcp: 5060, sipTls: 5061, media: '20000-20999' } });
    const g = compare(given.json, 'fe1', '192.168.50.10', documented([{ id: 'sfb.fe.mediation.5081', ports: '5060' }, { id: 'sfb.fe.mediation.5082', ports: '5061' }, { id: 'sfb.fe.mediation.gateway-media', ports: '20000-20999' }]));
    expect(g.passing).toEqual(g.documented);
    expect(g.passing).toEqual(expect.arrayContaining(['5060/tcp', '5061/tcp', '20000/udp', '20999/udp']));
  });

  test('pstnGatewayPorts without collocatedMediation is an error', () => {
    const { stack, network } = newStack(cloud as Cloud);
    const e = thrown(() => new FrontEndPool(stack, 'fe', { network, name: 'fe1', clients: ['10.30.0.0/16'], pstnGatewayPorts: { sipTcp: 5060 } } as never));
    expect(e.message).toMatch(/pstnGatewayPorts is given but the pool does not run the Mediation service.*Fix: set collocatedMediation: true/);
  });
});

