/**
 * Skype for Business Server versions on both clouds: SE by default (and named in the report), what
 * 2019 removed refused outside 2015 with errors naming `version`, a mixed 2015/SE site whose flows
 * are the documented ones (verifier over the synthesized Terraform), and the catalog's version data.
 */
import { catalog, FAMILY_VERSIONS, SKYPE_VERSIONS } from '../../lib/catalog/index';
import { reportJson } from '../../lib/report/report';
import { Director } from '../../lib/skype/director';
import { EdgeServer } from '../../lib/skype/edge';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { MediationServer } from '../../lib/skype/mediation';
import { PersistentChatPool } from '../../lib/skype/persistent-chat';
import type { TerraformJson } from '../../lib/verify';
import { CLOUDS, newStack, synthJson } from '../support/stacks';
import { passes } from '../support/verified-ports';

describe('catalog versions', () => {
  test('every Skype entry says which versions it applies to, with a source; Persistent Chat and XMPP rows are 2015 only, and no other row differs (the recorded finding)', () => {
    const skype = catalog.all().filter((e) => FAMILY_VERSIONS[e.family] !== undefined);
    expect(skype.length).toBeGreaterThan(100);
    const only2015 = skype.filter((e) => catalog.versionsOf(e)!.versions.join() === '2015').map((e) => e.id).sort();
    expect(only2015).toEqual(['sfb.edge-ext.xmpp-out.tcp.5269', 'sfb.edge-ext.xmpp.tcp.5269', 'sfb.edge-int.xmpp-mtls.tcp.23456', 'sfb.pchat.file-transfer.443', 'sfb.pchat.sip.5041', 'sfb.pchat.wcf.881']);
    for (const e of skype) {
      const v = catalog.versionsOf(e)!;
      expect(v.source.length).toBeGreaterThan(40);
      if (!only2015.includes(e.id)) expect([e.id, v.versions]).toEqual([e.id, SKYPE_VERSIONS]);
    }
    expect(catalog.versionsOf(catalog.byId('sfb.lb.hw.edge-ext.xmpp.5269'))!.versions).toEqual([2015]);
    // Other products carry no Skype version.
    expect(catalog.all().filter((e) => e.family === 'windows' || e.family === 'teams-direct-routing').every((e) => catalog.versionsOf(e) === undefined)).toBe(true);
  });
});

describe.each(CLOUDS)('Skype for Business Server versions on %s', (cloud) => {
  test('SE by default on every server role, named in the report; 2019 and 2015 are named as given', () => {
    const { stack, network } = newStack(cloud);
    const fe = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: ['10.30.0.0/16'] });
    const dir = new Director(stack, 'dir', { network, name: 'dir1', version: 2019 });
    const med = new MediationServer(stack, 'med', { network, name: 'med1', pstnGateways: ['10.50.0.0/24'], clients: ['10.30.0.0/16'] });
    const edge = new EdgeServer(stack, 'edge', { network, name: 'edge1', nextHop: fe });
    expect([fe.version, dir.version, med.version, edge.version, edge.external!.version]).toEqual(['SE', 2019, 'SE', 'SE', 'SE']);
    const report = JSON.parse(reportJson([{ stack: 'test', network: network.node.path, plan: network.plan() }])) as { roles: { name: string; version?: string }[] }[];
    const byName = new Map(report[0].roles.map((r) => [r.name, r.version]));
    expect(byName.get('fe-pool1')).toBe('Skype for Business Server Subscription Edition (SE)');
    expect(byName.get('dir1')).toBe('Skype for Business Server 2019');
    expect(byName.get('edge1-ext')).toBe('Skype for Business Server Subscription Edition (SE)');
    expect(byName.get('skype-front-ends')).toBeUndefined(); // a group, not a server
  });

  test('Persistent Chat and XMPP are refused outside 2015, naming version', () => {
    const { stack, network } = newStack(cloud);
    expect(() => new PersistentChatPool(stack, 'pc1', { network, clients: ['10.30.0.0/16'] })).toThrow(/pc1: PersistentChatPool is a Persistent Chat pool, but version is 'SE' \(the default\).*Fix: set version: 2015/);
    expect(() => new PersistentChatPool(stack, 'pc2', { network, clients: ['10.30.0.0/16'], version: 2019 })).toThrow(/pc2: .*version is 2019.*Fix: set version: 2015/);
    expect(() => PersistentChatPool.fromAddresses(stack, 'pc3', { network, cidrs: ['192.168.4.0/24'] })).toThrow(/pc3: .*version is 'SE'/);
    expect(() => new FrontEndPool(stack, 'fe1', { network, clients: ['10.30.0.0/16'], xmppGateway: true })).toThrow(/fe1: xmppGateway is set, but version is 'SE'.*Fix: set version: 2015/);
    expect(() => new EdgeServer(stack, 'ed1', { network, pools: ['10.10.1.0/24'], xmpp: true, version: 'SE' })).toThrow(/ed1: xmpp is set, but version is 'SE'.*Fix: set version: 2015/);
    expect(() => new EdgeServer(stack, 'ed2', { network, pools: ['10.10.1.0/24'], xmpp: true, version: 2019 })).toThrow(/ed2: xmpp is set, but version is 2019/);
    expect(() => new FrontEndPool(stack, 'fe2', { network, clients: ['10.30.0.0/16'], version: 2016 as never })).toThrow(/fe2: version 2016 is not a Skype for Business Server version.*Fix: write version: 2015, version: 2019 .*'SE'/);
    expect(() => new PersistentChatPool(stack, 'pc4', { network, name: 'pc4', clients: ['10.30.0.0/16'], version: 2015 })).not.toThrow();
  });

  test('a mixed site during a migration: a 2015 pool (Persistent Chat, XMPP gateway) beside an SE pool and an SE Edge; the flows between them are the documented ones', () => {
    const { stack, network } = newStack(cloud, { publicSubnetIds: ['subnet-0pub1'] } as never);
    const old = new FrontEndPool(stack, 'old', { network, name: 'fe2015', version: 2015, clients: ['10.30.0.0/16'], xmppGateway: true });
    const fe = new FrontEndPool(stack, 'fe', { network, name: 'fese', clients: ['10.31.0.0/16'] });
    new PersistentChatPool(stack, 'pc', { network, name: 'pchat2015', version: 2015, clients: ['10.30.0.0/16'] });
    const edge = new EdgeServer(stack, 'edge', { network, name: 'edge-se', pools: [old, fe] });
    const json = synthJson(stack).json as unknown as TerraformJson;
    // Front End pools of both versions: SIP 5061 both ways (seed 001), Persistent Chat SIP 5041 from each (its peers are the Front End pools).
    expect(passes(json, 'fe2015', 'fese', '5061/tcp') && passes(json, 'fese', 'fe2015', '5061/tcp')).toBe(true);
    expect(passes(json, 'fese', 'pchat2015', '5041/tcp') && passes(json, 'fe2015', 'pchat2015', '5041/tcp')).toBe(true);
    expect(passes(json, 'fese', 'pchat2015', '881/tcp')).toBe(false);
    // Both pools reach the SE Edge's internal interface; the 2015 pool's XMPP gateway does not (the SE Edge has no XMPP proxy).
    expect(passes(json, 'fe2015', 'edge-se', '5061/tcp') && passes(json, 'fese', 'edge-se', '5061/tcp')).toBe(true);
    expect(passes(json, 'fe2015', 'edge-se', '23456/tcp')).toBe(false);
    expect(passes(json, '93.184.216.34', 'edge-se-ext', '5269/tcp')).toBe(false);
    const skipped = network.plan().roles.find((r) => r.name === 'edge-se')!.skipped;
    expect(skipped).toContainEqual({ catalogId: 'sfb.edge-int.xmpp-mtls.tcp.23456', reason: "applies to Skype for Business Server 2015 only; this role runs 'SE'" });
    expect(edge.version).toBe('SE');
  });
});
