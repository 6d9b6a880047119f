/**
 * Mediation and the clients, with the whole-site wiring (README and examples/skype-site), judged by
 * the project's verifier over the synthesized Terraform of both clouds: the clients and Mediation
 * reach each other on the "all internal servers" audio range 49152-57500 and the clients' media
 * range, both ways, for a cloud ClientNetwork and for client CIDRs; a Mediation pool without its
 * clients is a synth-time error. The README's Mediation program also shows the gateways' own ports.
 */
import * as fs from 'fs';
import { MediationServer } from '../../lib/skype/mediation';
import type { TerraformJson } from '../../lib/verify';
import { skypeSite } from '../../examples/skype-site/site';
import { thrown } from '../support/errors';
import { readmeBlocks, runBlock, README } from '../support/readme';
import { CLOUDS, newStack, synthJson, type Cloud } from '../support/stacks';
import { compare, documented, notRendered, passes } from '../support/verified-ports';

const GATEWAYS = ['192.168.50.10/32', '192.168.50.11/32'];

describe('Mediation and the clients', () => {
  test.each(CLOUDS)('a Mediation pool needs its clients: leaving them out is a synth-time error naming the prop (%s)', (cloud) => {
    const { stack, network } = newStack(cloud);
    const e = thrown(() => new MediationServer(stack, 'med', { network, name: 'med1', pstnGateways: GATEWAYS } as never));
    expect(e.path).toMatch(/\/med$/);
    expect(e.message).toMatch(/clients/);
    expect(e.fix).toMatch(/clients: \[/);
  });

  describe.each(CLOUDS)('the site example (examples/skype-site) on %s', (cloud) => {
    const { stack, network } = newStack(cloud as Cloud, { publicSubnetIds: ['subnet-0pub1', 'subnet-0pub2'] } as never);
    const site = skypeSite(stack, network);
    const json = synthJson(stack).json as TerraformJson;
    const med = site.mediation.roleName;
    const desktops = site.desktops.roleName;

    test('the cloud client network and Mediation reach each other: 49152-57500 to Mediation, the client media range back', () => {
      for (const t of ['udp', 'tcp']) {
        for (const p of [49152, 57500]) expect([`${desktops} > ${med} ${p}/${t}`, passes(json, desktops, med, `${p}/${t}`)]).toEqual([`${desktops} > ${med} ${p}/${t}`, true]);
        for (const p of [50000, 50199]) expect([`${med} > ${desktops} ${p}/${t}`, passes(json, med, desktops, `${p}/${t}`)]).toEqual([`${med} > ${desktops} ${p}/${t}`, true]);
        // and not beyond the ranges
        expect(passes(json, desktops, med, `49151/${t}`) || passes(json, desktops, med, `57501/${t}`)).toBe(false);
        expect(passes(json, med, desktops, `49999/${t}`) || passes(json, med, desktops, `50200/${t}`)).toBe(false);
      }
    });

    test('client CIDRs and Mediation reach each other the same way', () => {
      for (const t of ['udp', 'tcp']) {
        for (const p of [49152, 57500]) expect([p, t, passes(json, '10.30.0.5', med, `${p}/${t}`)]).toEqual([p, t, true]);
        for (const p of [50000, 50199]) expect([p, t, passes(json, med, '10.30.0.0/16', `${p}/${t}`)]).toEqual([p, t, true]);
        expect(passes(json, '10.30.0.5', med, `49151/${t}`) || passes(json, med, '10.30.0.0/16', `50200/${t}`)).toBe(false);
      }
    });

    test('Mediation reaches its gateways (default SIP ports); its report lists the gateway media as not rendered', () => {
      for (const gw of ['192.168.50.10', '192.168.50.11']) {
        expect(passes(json, med, gw, '5081/tcp') && passes(json, med, gw, '5082/tcp')).toBe(true);
      }
      expect(notRendered(network, med).map((l) => l.split(':')[0])).toContain('- sfb.med.gateway-media');
    });
  });

  test("the README's whole-site program: its client network and Mediation reach each other both ways", () => {
    const blocks = readmeBlocks(fs.readFileSync(README, 'utf8'));
    const n = blocks.findIndex((b) => b.includes('new MediationServer(') && b.includes('new ClientNetwork(') && b.includes('new EdgeServer('));
    expect(n).toBeGreaterThanOrEqual(0);
    const run = runBlock(blocks[n], n + 1);
    expect(run.stacks).toHaveLength(1);
    const json = JSON.parse(run.stacks[0].json) as TerraformJson;
    for (const t of ['udp', 'tcp']) {
      expect(passes(json, 'vdi', 'med', `49152/${t}`) && passes(json, 'vdi', 'med', `57500/${t}`)).toBe(true);
      expect(passes(json, 'med', 'vdi', `50000/${t}`) && passes(json, 'med', 'vdi', `50199/${t}`)).toBe(true);
    }
    expect(passes(json, 'med', '192.168.50.10', '5081/tcp') && passes(json, 'med', '192.168.50.10', '5082/tcp')).toBe(true);
  });
});

test("the README's Mediation program (Azure): the gateway's own SIP ports and media range, and the clients both ways", () => {
  const blocks = readmeBlocks(fs.readFileSync(README, 'utf8'));
  const n = blocks.findIndex((b) => b.includes('pstnGatewayPorts:') && b.includes('AzureNetwork'));
  expect(n).toBeGreaterThanOrEqual(0);
  const json = JSON.parse(runBlock(blocks[n], n + 1).stacks[0].json) as TerraformJson;
  const gw = compare(json, 'med', '192.168.50.10', documented([{ id: 'sfb.med.sip.5081', ports: '5060' }, { id: 'sfb.med.sip-tls.5082', ports: '5061' }, { id: 'sfb.med.gateway-media', ports: '16384-32767' }]));
  expect(gw.passing).toEqual(gw.documented);
  expect(gw.passing).toEqual(expect.arrayContaining(['5060/tcp', '5061/tcp', '16384/udp', '32767/udp']));
  for (const t of ['udp', 'tcp']) {
    expect(passes(json, 'vdi', 'med', `49152/${t}`) && passes(json, '10.30.0.5', 'med', `57500/${t}`)).toBe(true);
    expect(passes(json, 'med', 'vdi', `50000/${t}`) && passes(json, 'med', '10.30.0.0/16', `50199/${t}`)).toBe(true);
  }
});
