/**
 * The Edge external interface as Microsoft deploys it: each Edge Server has one external address per
 * service (Access, Web Conferencing, A/V Edge), in every topology (single server, DNS and hardware
 * load balancing), attached with `attachHost({ networkInterfaceId, serviceAddresses })`. Judged on
 * the synthesized Terraform the way the clouds judge it at apply: Azure load balancer rule
 * uniqueness, AWS names; and each service's backend pool / target groups hold that service's
 * addresses only, the service read from the catalog row each target group cites.
 */
import { catalog } from '../../lib/catalog/index';
import type { LoadBalancerEntry } from '../../lib/catalog/types';
import { frontendKey, frontendName } from '../../lib/model/declare';
import { MsPortsError } from '../../lib/model/errors';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { CLOUDS, resources, synthJson, newStack, type TfJson } from '../support/stacks';
import { awsLbNameProblems, awsTargetGroups, azureLbRuleProblems, edgeSite, refTo } from './edge-site';
import { EdgeServer } from '../../lib/skype/edge';
import { verifyFlow } from '../../lib/verify/verify';

const MODES = ['single', 'dns', 'hardware'] as const;

/** The `serviceAddresses` key of a catalog load balancer entry's service (`A/V Edge service` -> `av`). */
const serviceKeyOf = (e: LoadBalancerEntry) => frontendKey(frontendName(e.service!));

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MsPortsError);
    return e as Error;
  }
  throw new Error('expected an MsPortsError');
}

describe.each(MODES)('Edge %s: what the clouds refuse at apply', (mode) => {
  test('Azure: every load balancer rule has its own frontend port and its own backend port, protocol and pool (and IP configuration)', () => {
    const site = edgeSite('azure', mode);
    const { json } = synthJson(site.stack);
    expect(resources(json, 'azurerm_lb_rule').length).toBeGreaterThan(0);
    expect(azureLbRuleProblems(json)).toEqual([]);
  });

  test('AWS: load balancer and target group names fit (32 characters) and are unique', () => {
    const site = edgeSite('aws', mode);
    const { json } = synthJson(site.stack);
    expect(resources(json, 'aws_lb_target_group').length).toBeGreaterThan(0);
    expect(awsLbNameProblems(json)).toEqual([]);
  });

  test.each(CLOUDS)('each server\'s external interface joins the external boundary once, which admits the internet on every service\'s documented port (%s)', (cloud) => {
    const site = edgeSite(cloud, mode);
    const { json } = synthJson(site.stack);
    if (cloud === 'azure') {
      const nsgs = resources(json, 'azurerm_network_interface_security_group_association').filter((a) => String(a.network_interface_id).endsWith('-ext'));
      expect(nsgs).toHaveLength(site.external.size);
      for (const a of nsgs) expect(String(a.network_security_group_id)).toContain('edge_external_network-security-group');
    } else {
      const own = resources(json, 'aws_network_interface_sg_attachment').filter((a) => String(a.security_group_id).includes('edge_external_security-group'));
      expect(own).toHaveLength(site.external.size);
    }
    // The external VIP table's listeners, as the clouds judge the boundary (the project's verifier).
    for (const e of catalog.loadBalancer('sfb-edge-external', 'hardware').filter((x) => !x.condition || x.condition === 'federation')) {
      const v = verifyFlow(json as never, { from: 'internet', to: 'edge-pool1-ext', port: `${e.port}/${e.transport}` });
      expect([e.id, v.allowed]).toEqual([e.id, true]);
    }
  });
});

describe('Edge hardware: each service\'s pool holds that service\'s addresses only', () => {
  const external = catalog.loadBalancer('sfb-edge-external', 'hardware');

  test('Azure: one backend pool per service; each rule of a service uses it; its members are the servers\' IP configurations of that service', () => {
    const site = edgeSite('azure', 'hardware', { servers: 3 });
    const { json } = synthJson(site.stack);
    const lbKey = Object.entries(json.resource.azurerm_lb).find(([, r]) => (r.tags as Record<string, string>)['ms-ports-role'] === 'edge-pool1-ext')![0];
    const lbId = refTo('azurerm_lb', lbKey, 'id');
    const pools = Object.entries(json.resource.azurerm_lb_backend_address_pool).filter(([, r]) => r.loadbalancer_id === lbId);
    expect(pools).toHaveLength(3);
    const members = (poolKey: string) =>
      resources(json, 'azurerm_network_interface_backend_address_pool_association')
        .filter((a) => a.backend_address_pool_id === refTo('azurerm_lb_backend_address_pool', poolKey, 'id'))
        .map((a) => `${String(a.network_interface_id).replace(/.*\//, '')}#${String(a.ip_configuration_name)}`)
        .sort();
    const rules = resources(json, 'azurerm_lb_rule').filter((r) => r.loadbalancer_id === lbId);
    // Every documented listener of the external VIP table, on its service's frontend, in its service's pool.
    const documented = external.filter((e) => !e.condition || e.condition === 'federation');
    expect(rules).toHaveLength(documented.length);
    for (const e of documented) {
      const key = serviceKeyOf(e);
      const rule = rules.find((r) => r.frontend_ip_configuration_name === frontendName(e.service!) && r.frontend_port === e.port && r.protocol === (e.transport === 'tcp' ? 'Tcp' : 'Udp'));
      expect([e.id, rule !== undefined]).toEqual([e.id, true]);
      const ids = rule!.backend_address_pool_ids as string[];
      expect(ids).toHaveLength(1);
      const poolKey = pools.find(([k]) => refTo('azurerm_lb_backend_address_pool', k, 'id') === ids[0])![0];
      const expected = [...site.external.entries()].map(([host, a]) => `nic-${host}-ext#${a[key as keyof typeof a].ipConfigurationName}`).sort();
      expect([e.id, members(poolKey)]).toEqual([e.id, expected]);
    }
    expect(azureLbRuleProblems(json)).toEqual([]);
  });

  test('AWS: each target group of a service holds that service\'s addresses only (service from the catalog row it cites)', () => {
    const site = edgeSite('aws', 'hardware', { servers: 3 });
    const { json } = synthJson(site.stack);
    const groups = awsTargetGroups(json).filter((g) => g.cites.some((id) => id.startsWith('sfb.lb.hw.edge-ext.')));
    const documented = external.filter((e) => !e.condition || e.condition === 'federation');
    expect(groups.map((g) => g.cites.join(' ')).sort()).toEqual(documented.map((e) => e.id).sort());
    for (const g of groups) {
      const e = catalog.byId(g.cites[0]) as LoadBalancerEntry;
      const key = serviceKeyOf(e) as 'access' | 'webConferencing' | 'av';
      const expected = [...site.external.values()].map((a) => a[key].privateIp!).sort();
      expect([e.id, g.targets]).toEqual([e.id, expected]);
      expect(g.tg.target_type).toBe('ip');
    }
    expect(awsLbNameProblems(json)).toEqual([]);
  });

  test.each(CLOUDS)('the other load-balanced roles keep one pool and one address per host (%s)', (cloud) => {
    const site = edgeSite(cloud, 'hardware');
    const { json } = synthJson(site.stack);
    if (cloud === 'azure') {
      const assoc = resources(json, 'azurerm_network_interface_backend_address_pool_association');
      const of = (nic: string) => assoc.filter((a) => String(a.network_interface_id).endsWith(nic));
      expect(of('nic-fe-pool1-1')).toEqual([expect.objectContaining({ ip_configuration_name: 'ipconfig1', backend_address_pool_id: expect.stringContaining('fe_load-balancer_backend-pool_') })]);
      expect(of('nic-edge1-int')).toHaveLength(1);
    } else {
      const fe = awsTargetGroups(json).filter((g) => g.cites.some((id) => id.startsWith('sfb.lb.hw.fe.')));
      expect(fe.length).toBeGreaterThan(3);
      for (const g of fe) expect(g.targets).toEqual(['10.10.1.11', '10.10.1.12']);
    }
  });
});

describe.each(CLOUDS)('serviceAddresses: bad input is refused with the fix (%s)', (cloud) => {
  const addr = (n: number) => (cloud === 'aws' ? { privateIp: `10.20.0.${n}` } : { ipConfigurationName: `ip${n}` });
  const three = { access: addr(1), webConferencing: addr(2), av: addr(3) };

  test('hardware: a single address, or none, would put one address behind every service', () => {
    const a = edgeSite(cloud, 'hardware', { attach: false });
    a.edge.external!.attachHost({ networkInterfaceId: 'nic-1', ...(cloud === 'aws' ? { privateIp: '10.20.0.1' } : { ipConfigurationName: 'ipconfig1' }) });
    expect(thrown(() => synthJson(a.stack)).message).toMatch(/edge\/external: .*host "host-1".*one virtual IP .* per service \(access, av, web-conferencing\).*would .* behind every service.*Fix: .*serviceAddresses: \{ access: .*webConferencing: .*av: /);
    const b = edgeSite(cloud, 'hardware', { attach: false });
    b.edge.external!.attachHost({ networkInterfaceId: 'nic-1' });
    expect(thrown(() => synthJson(b.stack)).message).toMatch(/host.serviceAddresses is missing/);
  });

  test('a missing or unknown service, or two services on one address, is refused', () => {
    const a = edgeSite(cloud, 'hardware', { attach: false });
    expect(thrown(() => a.edge.external!.attachHost({ networkInterfaceId: 'nic-1', serviceAddresses: { access: addr(1), webConferencing: addr(2) } as never })).message).toMatch(/host.serviceAddresses has no address for av.*Fix: .*access, webConferencing, av/);
    expect(thrown(() => a.edge.external!.attachHost({ networkInterfaceId: 'nic-1', serviceAddresses: { ...three, webconf: addr(4) } as never })).message).toMatch(/has no prop "host.serviceAddresses.webconf"/);
    expect(thrown(() => a.edge.external!.attachHost({ networkInterfaceId: 'nic-1', serviceAddresses: { ...three, av: { address: '1' } } as never })).message).toMatch(/has no prop "host.serviceAddresses.av.address"/);
    expect(thrown(() => a.edge.external!.attachHost({ networkInterfaceId: 'nic-1', serviceAddresses: { ...three, av: '10.20.0.3' } as never })).message).toMatch(/host.serviceAddresses.av .*is a string, not an object.*Fix: write host.serviceAddresses.av as an object with ipConfigurationName, privateIp/);
    a.edge.external!.attachHost({ networkInterfaceId: 'nic-1', serviceAddresses: { ...three, av: addr(1) } });
    expect(thrown(() => synthJson(a.stack)).message).toMatch(cloud === 'aws' ? /serviceAddresses.av.privateIp 10.20.0.1 is also the address of host "host-1" access/ : /serviceAddresses.access and .av are both IP configuration "ip1"/);
  });

  test('the other cloud\'s field is refused, not ignored; an AWS address must be IPv4', () => {
    const a = edgeSite(cloud, 'hardware', { attach: false });
    const other = cloud === 'aws' ? { ipConfigurationName: 'ip9' } : { privateIp: '10.20.0.9' };
    a.edge.external!.attachHost({ networkInterfaceId: 'nic-1', serviceAddresses: { ...three, av: other } });
    expect(thrown(() => synthJson(a.stack)).message).toMatch(cloud === 'aws' ? /serviceAddresses.av.ipConfigurationName "ip9" is not used on AWS/ : /serviceAddresses.av.privateIp "10.20.0.9" is not used on Azure/);
    if (cloud === 'aws') {
      const b = edgeSite(cloud, 'hardware', { attach: false });
      b.edge.external!.attachHost({ networkInterfaceId: 'nic-1', serviceAddresses: { ...three, av: { privateIp: '10.20.0.300' } } });
      expect(thrown(() => synthJson(b.stack)).message).toMatch(/serviceAddresses.av.privateIp "10.20.0.300" is not an IPv4 address/);
    }
  });

  test('a role with one address per host refuses serviceAddresses', () => {
    const { stack, network } = newStack(cloud);
    const fe = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: ['10.30.0.0/16'] });
    expect(thrown(() => fe.attachHost({ networkInterfaceId: 'nic-1', serviceAddresses: three })).message).toMatch(/test-\w+\/fe: attachHost got host.serviceAddresses, but .* has one address per host.*Fix: remove serviceAddresses/);
    const edge = new EdgeServer(stack, 'edge', { network, name: 'edge1', pools: [fe] });
    expect(thrown(() => edge.attachHost({ networkInterfaceId: 'nic-2', serviceAddresses: three })).message).toMatch(/has one address per host/);
  });

  test('single and DNS: the addresses are accepted and need nothing beyond the interface\'s boundary', () => {
    for (const mode of ['single', 'dns'] as const) {
      const withAddresses = edgeSite(cloud, mode);
      const plain = edgeSite(cloud, mode, { attach: false });
      for (const k of [...withAddresses.external.keys()]) plain.edge.attachHost({ name: k, networkInterfaceId: cloud === 'aws' ? `eni-${(0x300 + Number(k.slice(4))).toString(16).padStart(17, '0')}` : `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc/providers/Microsoft.Network/networkInterfaces/nic-${k}-int` });
      const a = synthJson(withAddresses.stack).json;
      const b = synthJson(plain.stack).json;
      const ext = (json: TfJson) =>
        Object.fromEntries(
          Object.entries(json.resource)
            .map(([type, rs]) => [type, Object.keys(rs).filter((k) => k.startsWith('edge_external_') && !k.includes('_host-')).sort()] as const)
            .filter(([, keys]) => keys.length > 0),
        );
      // The same external interface resources, plus only the hosts' boundary attachments.
      expect(ext(a)).toEqual(ext(b));
      const hostResources = Object.entries(a.resource).flatMap(([type, rs]) => Object.keys(rs).filter((k) => k.startsWith('edge_external_host-')).map(() => type));
      expect(new Set(hostResources)).toEqual(new Set(cloud === 'aws' ? ['aws_network_interface_sg_attachment'] : ['azurerm_network_interface_security_group_association', 'azurerm_network_interface_application_security_group_association']));
    }
  });
});
