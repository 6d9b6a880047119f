/**
 * The whole Skype for Business site: every pair of role kinds renders every documented flow of the
 * pair in both directions, whether the other side is in the cloud or outside it (by address); the
 * internet reaches only the Edge external interface and the reverse proxy; the site example's
 * documented flows, on both clouds.
 */
import { TerraformStack, Testing } from 'cdktf';
import { catalog, entryRanges } from '../../lib/catalog/index';
import type { IpsecRole, PortEntry, Transport } from '../../lib/catalog/index';
import type { NetworkBinding } from '../../lib/core/binding';
import type { SecurityRole } from '../../lib/core/role';
import { applies } from '../../lib/model/declare';
import type { NetworkPlan } from '../../lib/plan/planner';
import { ipsecPowerShell } from '../../lib/report/report';
import { ClientNetwork } from '../../lib/skype/client-network';
import { Director } from '../../lib/skype/director';
import { EdgeServer } from '../../lib/skype/edge';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { MediationServer } from '../../lib/skype/mediation';
import { OfficeWebAppsServer } from '../../lib/skype/office-web-apps';
import { PstnGateway } from '../../lib/skype/outside';
import { PersistentChatPool } from '../../lib/skype/persistent-chat';
import { ReverseProxy } from '../../lib/skype/reverse-proxy';
import { skypeSite } from '../../examples/skype-site/site';
import { allows, reaches } from '../support/plan-reach';
import { CLOUDS, newStack, resources, synthJson, type Cloud } from '../support/stacks';

type Maker = (scope: TerraformStack, network: NetworkBinding, name: string) => SecurityRole;
interface Kind {
  readonly key: string;
  readonly cloud: Maker;
  readonly outside: (scope: TerraformStack, network: NetworkBinding, name: string, cidr: string) => SecurityRole;
}

/** The role kinds the README says can be wired to each other. */
const KINDS: readonly Kind[] = [
  {
    key: 'front-end',
    cloud: (s, network, name) => new FrontEndPool(s, name, { network, name, clients: ['10.30.0.0/16'] }),
    outside: (s, network, name, cidr) => FrontEndPool.fromAddresses(s, name, { network, name, cidrs: [cidr] }),
  },
  {
    key: 'director',
    cloud: (s, network, name) => new Director(s, name, { network, name }),
    outside: (s, network, name, cidr) => Director.fromAddresses(s, name, { network, name, cidrs: [cidr] }),
  },
  {
    key: 'mediation',
    cloud: (s, network, name) => new MediationServer(s, name, { network, name, pstnGateways: ['10.50.0.0/24'], clients: ['10.30.0.0/16'] }),
    outside: (s, network, name, cidr) => MediationServer.fromAddresses(s, name, { network, name, cidrs: [cidr] }),
  },
  {
    key: 'persistent-chat',
    cloud: (s, network, name) => new PersistentChatPool(s, name, { network, name, version: 2015 }),
    outside: (s, network, name, cidr) => PersistentChatPool.fromAddresses(s, name, { network, name, version: 2015, cidrs: [cidr] }),
  },
  {
    key: 'office-web-apps',
    cloud: (s, network, name) => new OfficeWebAppsServer(s, name, { network, name }),
    outside: (s, network, name, cidr) => OfficeWebAppsServer.fromAddresses(s, name, { network, name, cidrs: [cidr] }),
  },
  {
    key: 'edge',
    cloud: (s, network, name) => new EdgeServer(s, name, { network, name, pools: ['10.10.1.0/24'] }),
    outside: (s, network, name, cidr) => EdgeServer.fromAddresses(s, name, { network, name, cidrs: [cidr] }),
  },
  {
    key: 'reverse-proxy',
    cloud: (s, network, name) => new ReverseProxy(s, name, { network, name, pools: ['10.10.1.0/24'] }),
    outside: (s, network, name, cidr) => ReverseProxy.fromAddresses(s, name, { network, name, cidrs: [cidr] }),
  },
  {
    key: 'clients',
    cloud: (s, network, name) => new ClientNetwork(s, name, { network, name }),
    outside: (s, network, name, cidr) => ClientNetwork.fromAddresses(s, name, { network, name, cidrs: [cidr] }),
  },
];

interface Expected {
  readonly from: SecurityRole;
  readonly to: SecurityRole;
  readonly transport: Transport;
  readonly port?: number;
  readonly id: string;
}

/** What the catalog documents between two roles: each side's entries whose peer classes the other plays. */
function documented(a: SecurityRole, b: SecurityRole): Expected[] {
  const out: Expected[] = [];
  for (const [self, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const { entries, options } = self.catalogEntries();
    for (const e of entries as PortEntry[]) {
      if (applies(e, options ?? {})) continue;
      if (!e.peers.some((c) => other.plays().includes(c))) continue;
      const ranges = options?.portOverrides?.get(e.id) ?? entryRanges(e);
      for (const t of e.transports) {
        const ports = t === 'tcp' || t === 'udp' ? [ranges[0].from, ranges[ranges.length - 1].to] : [undefined];
        for (const port of ports) {
          out.push(e.direction === 'inbound' ? { from: other, to: self, transport: t, port, id: e.id } : { from: self, to: other, transport: t, port, id: e.id });
        }
      }
    }
  }
  return out;
}

const pairs: [Kind, Kind][] = [];
for (let i = 0; i < KINDS.length; i++) for (let j = i + 1; j < KINDS.length; j++) pairs.push([KINDS[i], KINDS[j]]);

describe.each(CLOUDS)('every pair of Skype role kinds on %s renders each documented flow both ways', (cloud) => {
  test.each(pairs.map(([a, b]) => [a.key, b.key, a, b] as const))('%s <-> %s', (_ak, _bk, ka, kb) => {
    let checked = 0;
    // both in the cloud, then each side outside the cloud in turn
    for (const mode of ['cloud-cloud', 'cloud-outside', 'outside-cloud'] as const) {
      const { stack, network } = newStack(cloud as Cloud);
      const a = mode === 'outside-cloud' ? ka.outside(stack, network, 'aa', '192.168.1.0/24') : ka.cloud(stack, network, 'aa');
      const b = mode === 'cloud-outside' ? kb.outside(stack, network, 'bb', '192.168.2.0/24') : kb.cloud(stack, network, 'bb');
      a.connect(b);
      const plan = network.plan();
      for (const f of documented(a, b)) {
        const what = `${mode}: ${f.id} ${f.from.roleName} -> ${f.to.roleName} ${f.transport}/${f.port ?? '-'}`;
        // the cloud side(s) render it: the sender's egress and the receiver's ingress
        expect([what, reaches(plan, f.from.roleName, f.to.roleName, f.transport, f.port)]).toEqual([what, true]);
        // and the outside role's side is listed for the report (the mirror of the cloud rule)
        for (const [outside, dir, other] of [
          [f.from, 'egress', f.to],
          [f.to, 'ingress', f.from],
        ] as const) {
          if (!outside.isOutside) continue;
          const rp = plan.roles.find((r) => r.name === outside.roleName)!;
          const listed = rp.rules.some((r) => r.direction === dir && r.peer.kind === 'role' && (r.peer.role === other.roleName || other.memberOf.includes(r.peer.role)));
          expect([what, 'listed outside', listed]).toEqual([what, 'listed outside', true]);
        }
        checked++;
      }
    }
    // some pairs document nothing between them (e.g. two client-facing roles); the walk still ran
    expect(checked).toBeGreaterThanOrEqual(0);
  });

  test('the walk covers the pairs that document flows', () => {
    const { stack, network } = newStack(cloud as Cloud);
    const fe = KINDS[0].cloud(stack, network, 'fe');
    const edge = KINDS[5].cloud(stack, network, 'edge');
    expect(documented(fe, edge).length).toBeGreaterThan(5);
  });
});

function sitePlan(cloud: Cloud): { plan: NetworkPlan; json: ReturnType<typeof synthJson>['json']; site: ReturnType<typeof skypeSite> } {
  const { stack, network } = newStack(cloud, { publicSubnetIds: ['subnet-0pub1', 'subnet-0pub2'] } as never);
  const site = skypeSite(stack, network);
  const { json } = synthJson(stack);
  return { plan: network.plan(), json, site };
}

describe.each(CLOUDS)('the Skype site example on %s', (cloud) => {
  const { plan, json, site } = sitePlan(cloud as Cloud);
  const role = (n: string) => plan.roles.find((r) => r.name === n)!;
  const internetIn = (n: string) => role(n).rules.filter((r) => r.direction === 'ingress' && r.access === 'allow' && r.peer.kind === 'internet');

  test('the internet reaches the Edge external interface on 443/TCP, 5061/TCP and 3478/UDP, and the reverse proxy on 443', () => {
    const ext = internetIn('edge-pool1-ext');
    const has = (t: string, p: number) => ext.some((r) => r.transport === t && r.ports.some((x) => x.from <= p && p <= x.to));
    expect(has('tcp', 443) && has('tcp', 5061) && has('udp', 3478)).toBe(true);
    expect(internetIn('rp1').some((r) => r.transport === 'tcp' && r.ports.some((x) => x.from <= 443 && 443 <= x.to))).toBe(true);
    // nothing else of the Edge is open from the internet: 50000-59999 is outbound only
    expect(ext.some((r) => r.ports.some((x) => x.from <= 50000 && 50000 <= x.to))).toBe(false);
  });

  test('no internal role admits the internet', () => {
    for (const rp of plan.roles) {
      if (rp.name === 'edge-pool1-ext' || rp.name === 'rp1' || rp.name.startsWith('edge-pool1-ext-')) continue;
      expect([rp.name, internetIn(rp.name).length]).toEqual([rp.name, 0]);
    }
    if (cloud === 'aws') {
      const open = resources(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.cidr_ipv4 === '0.0.0.0/0' || r.cidr_ipv6 === '::/0');
      for (const r of open) expect(String(r.security_group_id)).toMatch(/edge_external|rp_security-group/);
    } else {
      const open = resources(json, 'azurerm_network_security_rule').filter((r) => r.access === 'Allow' && r.direction === 'Inbound' && r.source_address_prefix === 'Internet');
      for (const r of open) expect(String(r.network_security_group_name)).toMatch(/edge_external|rp_network-security-group/);
      expect(open.length).toBeGreaterThan(0);
    }
  });

  test('internal roles refuse the internet given as an address list', () => {
    const { stack, network } = newStack(cloud as Cloud);
    new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: ['0.0.0.0/0'] });
    expect(() => synthJson(stack)).toThrow(/test-\w+\/fe: .*internet.*Fix:/);
  });

  test('Edge internal <-> Front End: SIP 5061 both ways; the pool reaches the Edge on 8057, 5062, 443 and 3478', () => {
    expect(reaches(plan, 'fe-pool1', 'edge-pool1', 'tcp', 5061)).toBe(true);
    expect(reaches(plan, 'edge-pool1', 'fe-pool1', 'tcp', 5061)).toBe(true);
    for (const p of [8057, 5062, 443]) expect(reaches(plan, 'fe-pool1', 'edge-pool1', 'tcp', p)).toBe(true);
    expect(reaches(plan, 'fe-pool1', 'edge-pool1', 'udp', 3478)).toBe(true);
    // 4443 from the pool that holds the Central Management store
    expect(reaches(plan, 'fe-pool1', 'edge-pool1', 'tcp', 4443)).toBe(true);
    // the Edge reaches the pool's Bandwidth Policy Service
    expect(reaches(plan, 'edge-pool1', 'fe-pool1', 'tcp', 5080)).toBe(true);
    // the Director gets 5061 both ways, but not the Front End's PSOM
    expect(reaches(plan, 'dir-pool1', 'edge-pool1', 'tcp', 5061)).toBe(true);
    expect(allows(plan, 'edge-pool1', 'ingress', 'dir-pool1', 'tcp', 8057)).toBe(false);
  });

  test('reverse proxy -> Front End and Director 4443, -> Office Web Apps 443', () => {
    expect(reaches(plan, 'rp1', 'fe-pool1', 'tcp', 4443)).toBe(true);
    expect(reaches(plan, 'rp1', 'dir-pool1', 'tcp', 4443)).toBe(true);
    expect(reaches(plan, 'rp1', 'owa', 'tcp', 443)).toBe(true);
    expect(reaches(plan, 'rp1', 'fe-pool1', 'tcp', 5061)).toBe(false);
  });

  test('gateways <-> Mediation: SIP 5067/5068 and the audio range, only from the gateway addresses', () => {
    const med = role('med-pool1');
    const fromGw = med.rules.filter((r) => r.direction === 'ingress' && r.peer.kind === 'cidrs' && r.peer.outsideRole === 'pstn-sbc');
    const covers = (t: string, p: number) => fromGw.some((r) => r.transport === t && r.ports.some((x) => x.from <= p && p <= x.to));
    expect(covers('tcp', 5067) && covers('tcp', 5068) && covers('udp', 49152) && covers('udp', 57500) && covers('tcp', 57500)).toBe(true);
    expect(fromGw.every((r) => r.peer.kind === 'cidrs' && [...r.peer.cidrs].sort().join() === '192.168.50.10/32,192.168.50.11/32')).toBe(true);
    // nobody else is admitted on 5067/5068
    const others = med.rules.filter((r) => r.direction === 'ingress' && !(r.peer.kind === 'cidrs' && r.peer.outsideRole === 'pstn-sbc') && r.ports.some((x) => x.from <= 5067 && 5068 <= x.to));
    expect(others).toHaveLength(0);
    // the Front End pool reaches the Mediation pool on 5070 (through the site's server group)
    expect(reaches(plan, 'fe-pool1', 'med-pool1', 'tcp', 5070)).toBe(true);
  });

  test('domain: cloud roles reach the on-premises controllers; the cloud controllers replicate with them both ways', () => {
    for (const r of ['fe-pool1', 'med-pool1', 'dc-corp-cloud']) expect(reaches(plan, r, 'dc-corp-onprem', 'tcp', 389)).toBe(true);
    expect(reaches(plan, 'dc-corp-onprem', 'dc-corp-cloud', 'tcp', 135)).toBe(true);
    expect(reaches(plan, 'dc-corp-cloud', 'dc-corp-onprem', 'tcp', 49152)).toBe(true);
  });

  test("the Edge's IPsec scripts cover exactly its rows of the IPsec exception table", () => {
    const rows = (r: IpsecRole) => new Set(catalog.ipsec(r).map((e) => e.ruleName));
    for (const [name, catRole] of [
      ['edge-pool1', 'sfb-edge-av-internal'],
      ['edge-pool1-ext', 'sfb-edge-av-external'],
    ] as const) {
      const rp = role(name);
      expect(new Set(rp.ipsec.map((n) => n.ruleName))).toEqual(rows(catRole));
      const ps1 = ipsecPowerShell(rp);
      for (const n of rp.ipsec) for (const t of n.transports) expect(ps1).toContain(`${n.ruleName} ${t.toUpperCase()}`);
      expect(ps1.match(/New-NetIPsecRule/g)).toHaveLength(rp.ipsec.reduce((k, n) => k + n.transports.length, 0));
    }
    // Mediation, the Front End (A/V conferencing, attendant, application sharing), the clients and Exchange UM too
    expect(role('med-pool1').ipsec.map((n) => n.catalogId).sort()).toEqual(catalog.ipsec('sfb-mediation').map((e) => e.id).sort());
    expect(role('vdi-clients').ipsec.map((n) => n.sourcePorts)).toEqual(['50000-50199']);
    expect(role('exchange-um').ipsec.map((n) => n.catalogId).sort()).toEqual(catalog.ipsec('exchange-um').map((e) => e.id).sort());
    // every role with exemptions has a Terraform output, the outside Exchange UM included (by its addresses)
    for (const rp of plan.roles.filter((r) => r.ipsec.length)) {
      const out = json.output?.[`net-${rp.name}-ipsec-exemptions`];
      expect([rp.name, out !== undefined]).toEqual([rp.name, true]);
    }
    expect(JSON.stringify(json.output?.['net-exchange-um-ipsec-exemptions'])).toContain('192.168.20.0/28');
  });

  test('the Edge external interface is hardware load balanced on internet-facing VIPs', () => {
    if (cloud === 'aws') {
      const lbs = resources(json, 'aws_lb').filter((l) => l.internal === false);
      expect(lbs.length).toBe(3); // Access, Web Conferencing, A/V Edge
      const listeners = resources(json, 'aws_lb_listener').filter((l) => String(l.load_balancer_arn).includes('edge'));
      expect(listeners.map((l) => `${l.protocol}/${l.port}`).sort()).toEqual(['TCP/443', 'TCP/443', 'TCP/443', 'TCP/5061', 'UDP/3478']);
    } else {
      expect(resources(json, 'azurerm_public_ip')).toHaveLength(3);
      const rules = resources(json, 'azurerm_lb_rule').filter((r) => String(r.loadbalancer_id).includes('edge'));
      expect(rules.map((r) => `${r.protocol}/${r.frontend_port}`).sort()).toEqual(['Tcp/443', 'Tcp/443', 'Tcp/443', 'Tcp/5061', 'Udp/3478']);
    }
    expect(site.edge.external).toBeDefined();
  });
});

describe('Edge options', () => {
  test.each(CLOUDS)('XMPP (5269, 23456) only for Skype for Business Server 2015 (%s)', (cloud) => {
    const build = (props: { version?: 2015 | 2019; xmpp?: boolean }) => {
      const { stack, network } = newStack(cloud);
      const fe = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: ['10.30.0.0/16'], xmppGateway: props.xmpp, version: props.version });
      new EdgeServer(stack, 'edge', { network, name: 'edge1', pools: [fe], ...props });
      return { stack, network };
    };
    // The default version is SE: the XMPP Gateway (Front End) and proxy (Edge) are refused there, naming `version`.
    expect(() => build({ xmpp: true })).toThrow(/fe: xmppGateway is set, but version is 'SE' \(the default\).*Fix: set version: 2015/);
    expect(() => build({ version: 2019, xmpp: true })).toThrow(/xmppGateway is set, but version is 2019.*Fix: set version: 2015/);
    const with2015 = build({ version: 2015, xmpp: true }).network.plan();
    const ext = with2015.roles.find((r) => r.name === 'edge1-ext')!;
    expect(ext.rules.some((r) => r.direction === 'ingress' && r.peer.kind === 'internet' && r.ports.some((p) => p.from <= 5269 && 5269 <= p.to))).toBe(true);
    expect(reaches(with2015, 'fe-pool1', 'edge1', 'tcp', 23456)).toBe(true);
    const without = build({ version: 2015 }).network.plan();
    expect(without.roles.find((r) => r.name === 'edge1-ext')!.rules.some((r) => r.ports.some((p) => p.from <= 5269 && 5269 <= p.to))).toBe(false);
    expect(reaches(without, 'fe-pool1', 'edge1', 'tcp', 23456)).toBe(false);
  });

  test.each(CLOUDS)('nextHop wires the Edge to its pool; an Edge with no pool is an error (%s)', (cloud) => {
    const { stack, network } = newStack(cloud);
    const fe = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: ['10.30.0.0/16'] });
    new EdgeServer(stack, 'edge', { network, name: 'edge1', nextHop: fe });
    const plan = network.plan();
    expect(reaches(plan, 'fe-pool1', 'edge1', 'tcp', 5061) && reaches(plan, 'edge1', 'fe-pool1', 'tcp', 5061)).toBe(true);
    const b = newStack(cloud);
    expect(() => new EdgeServer(b.stack, 'edge', { network: b.network, name: 'edge1' })).toThrow(/test-\w+\/edge: neither pools nor nextHop.*Fix:/);
  });

  test.each(CLOUDS)('every documented prop of the site roles is accepted at run time; Director sipTcp5060 opens the optional row (%s)', (cloud) => {
    const { stack, network } = newStack(cloud, { publicSubnetIds: ['subnet-0pub1'] } as never);
    const cn = new ClientNetwork(stack, 'cn', { network, name: 'cn', legacyFileTransfer: true, dhcp: { servers: ['10.40.0.10/32'], ipPhones: true }, clientMediaPorts: '50000-50100' });
    const fe = new FrontEndPool(stack, 'fe', {
      network, name: 'fe', version: 2015, clients: [cn], xmppGateway: true, officeWebApps: ['10.60.0.0/24'], edgeInternal: ['10.70.0.0/24'], fileShare: ['10.80.0.0/24'],
      e911Gateways: ['10.90.0.0/24'], collocatedMediation: true, pstnGateways: ['10.50.0.0/24'], centralManagementStore: true,
    });
    const dir = new Director(stack, 'dir', { network, name: 'dir', clients: [cn], loadBalancing: 'dns', sipTcp5060: true, probePort: 443, reverseProxy: ['10.10.9.0/28'], edgeInternal: ['10.70.0.0/24'] });
    new MediationServer(stack, 'med', { network, name: 'med', pstnGateways: ['10.51.0.0/24'], pstnGatewayPorts: { sipTcp: 5060, sipTls: 5061, media: '16384-32767' }, clients: [cn], loadBalancing: 'dns', mediaPorts: { audio: '50000-55000' } });
    new EdgeServer(stack, 'edge', { network, name: 'edge', nextHop: fe, version: 2015, xmpp: true, federation: false, centralizedLogging: { admins: ['10.0.99.0/24'] }, loadBalancing: 'hardware', internalVip: true, serverCount: 4, externalName: 'edge-out' });
    new ReverseProxy(stack, 'rp', { network, name: 'rp', pools: [fe, dir], http80: true, http8080: true, officeWebApps: ['10.60.0.0/24'] });
    new OfficeWebAppsServer(stack, 'owa', { network, name: 'owa', clients: ['10.30.0.0/16'] });
    new PersistentChatPool(stack, 'pc', { network, name: 'pc', version: 2015, clients: ['10.30.0.0/16'], servers: ['10.11.0.0/24'] });
    expect(synthJson(stack).text.length).toBeGreaterThan(1000);
    const d = network.plan().roles.find((r) => r.name === 'dir')!;
    expect(d.rules.some((r) => r.direction === 'ingress' && r.catalogIds.includes('sfb.dir.sip.5060'))).toBe(true);
  });

  test('a gateway declared by address is a role: Mediation admits it, and it cannot be wired as a boundary', () => {
    const { stack, network } = newStack('aws');
    const gw = PstnGateway.fromAddresses(stack, 'gw', { network, name: 'sbc', cidrs: ['192.168.50.0/28'] });
    new MediationServer(stack, 'med', { network, name: 'med1', pstnGateways: [gw], clients: ['10.30.0.0/16'] });
    expect(() => gw.allowFrom('10.0.0.0/8', 5067, { label: 'x' })).toThrow(/outside the cloud.*Fix:/);
    const json = Testing.synth(stack);
    expect(json).toContain('192.168.50.0/28');
  });
});
