/**
 * An Edge site for the Edge tests: a Front End pool and a Director (hardware or DNS load balanced),
 * an Edge pool in one of Microsoft's three topologies, and every server attached, each Edge Server's
 * external interface with one address per service. Also the judges of what the clouds refuse at
 * apply in a load balancer (and `terraform validate` does not check).
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { AwsNetwork } from '../../lib/aws/network';
import { AzureNetwork } from '../../lib/azure/network';
import type { EdgeServiceAddresses, NetworkBinding } from '../../lib/core/binding';
import { Director } from '../../lib/skype/director';
import { EdgeServer, type EdgeLoadBalancing } from '../../lib/skype/edge';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import type { Cloud, TfJson } from '../support/stacks';

export interface EdgeSite {
  readonly app: App;
  readonly stack: TerraformStack;
  readonly network: NetworkBinding;
  readonly pool: FrontEndPool;
  readonly director: Director;
  readonly edge: EdgeServer;
  /** Each Edge Server's external addresses, by host name. */
  readonly external: ReadonlyMap<string, EdgeServiceAddresses>;
}

/** A well-formed id with 17 hex digits, from a small number (AWS ids: `eni-` + 17 hex). */
const hex17 = (n: number) => n.toString(16).padStart(17, '0');

export function edgeSite(cloud: Cloud, mode: EdgeLoadBalancing, o: { servers?: number; poolMode?: 'hardware' | 'dns'; attach?: boolean } = {}): EdgeSite {
  const app = Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off', 'cdktf-ms-ports:report': 'off' } });
  const stack = new TerraformStack(app, `edge-${mode}-${cloud}`);
  let network: NetworkBinding;
  if (cloud === 'aws') {
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    network = new AwsNetwork(stack, 'net', {
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      loadBalancerSubnetIds: ['subnet-0aaa1111bbb22222c', 'subnet-0ddd3333eee44444f'],
      publicSubnetIds: ['subnet-0abc1111def22222a', 'subnet-0abc3333def44444b'],
    });
  } else {
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    network = new AzureNetwork(stack, 'net', {
      resourceGroupName: 'rg-uc',
      location: 'japaneast',
      virtualNetworkName: 'vnet-uc',
      loadBalancerSubnetId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc/providers/Microsoft.Network/virtualNetworks/vnet-uc/subnets/snet-lb',
    });
  }
  const poolMode = o.poolMode ?? 'hardware';
  const servers = o.servers ?? (mode === 'single' ? 1 : 2);
  const pool = new FrontEndPool(stack, 'fe', { network, name: 'fe-pool1', clients: ['10.30.0.0/16'], loadBalancing: poolMode, centralManagementStore: true });
  const director = new Director(stack, 'dir', { network, name: 'dir-pool1', clients: ['10.30.0.0/16'], loadBalancing: poolMode });
  const edge = new EdgeServer(stack, 'edge', {
    network,
    name: 'edge-pool1',
    pools: [pool, director],
    clients: ['10.31.0.0/16'],
    loadBalancing: mode,
    serverCount: servers,
    internalVip: mode === 'hardware',
  });
  const nic = (name: string, n: number) =>
    cloud === 'aws' ? `eni-${hex17(n)}` : `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-uc/providers/Microsoft.Network/networkInterfaces/nic-${name}`;
  const single = (n: number, ip: string) => (cloud === 'aws' ? { privateIp: ip } : { ipConfigurationName: `ipconfig${n}` });
  const external = new Map<string, EdgeServiceAddresses>();
  if (o.attach ?? true) {
    for (const [i, role] of [pool, director].entries()) {
      for (const k of [1, 2]) role.attachHost({ name: `s${k}`, networkInterfaceId: nic(`${role.roleName}-${k}`, 0x100 * (i + 1) + k), ...single(1, `10.10.${i + 1}.${10 + k}`) });
    }
    for (let k = 1; k <= servers; k++) {
      const internalLb = mode === 'hardware';
      edge.attachHost({ name: `edge${k}`, networkInterfaceId: nic(`edge${k}-int`, 0x300 + k), ...(internalLb ? single(1, `10.10.3.${10 + k}`) : {}) });
      const addresses: EdgeServiceAddresses =
        cloud === 'aws'
          ? { access: { privateIp: `10.20.0.${10 + k}` }, webConferencing: { privateIp: `10.20.0.${40 + k}` }, av: { privateIp: `10.20.0.${70 + k}` } }
          : { access: { ipConfigurationName: 'access' }, webConferencing: { ipConfigurationName: 'webconf' }, av: { ipConfigurationName: 'av' } };
      edge.external!.attachHost({ name: `edge${k}`, networkInterfaceId: nic(`edge${k}-ext`, 0x400 + k), serviceAddresses: addresses });
      external.set(`edge${k}`, addresses);
    }
  }
  return { app, stack, network, pool, director, edge, external };
}

interface Named {
  readonly key: string;
  readonly r: Record<string, unknown>;
}

function named(json: TfJson, type: string): Named[] {
  return Object.entries(json.resource[type] ?? {}).map(([key, r]) => ({ key, r }));
}

/**
 * What Azure refuses in load balancer rules at apply: per load balancer, a frontend (IP
 * configuration), protocol and port used by two rules; a backend port and protocol used by two rules
 * without floating IP on the same backend pool, or on the same IP configuration through two pools.
 */
export function azureLbRuleProblems(json: TfJson): string[] {
  const problems: string[] = [];
  const poolMembers = new Map<string, string[]>();
  for (const { r } of named(json, 'azurerm_network_interface_backend_address_pool_association')) {
    const pool = String(r.backend_address_pool_id);
    poolMembers.set(pool, [...(poolMembers.get(pool) ?? []), `${String(r.network_interface_id)}#${String(r.ip_configuration_name)}`]);
  }
  const seen = new Map<string, string>();
  const claim = (key: string, rule: string, what: string) => {
    const other = seen.get(key);
    if (other && other !== rule) problems.push(`${what}: rules ${other} and ${rule}`);
    else seen.set(key, rule);
  };
  for (const { key, r } of named(json, 'azurerm_lb_rule')) {
    const lb = String(r.loadbalancer_id);
    claim(`front|${lb}|${String(r.frontend_ip_configuration_name)}|${String(r.protocol)}|${String(r.frontend_port)}`, key, `frontend ${String(r.frontend_ip_configuration_name)} ${String(r.protocol)}/${String(r.frontend_port)} used twice`);
    if (r.enable_floating_ip === true) continue;
    for (const pool of (r.backend_address_pool_ids as string[] | undefined) ?? []) {
      claim(`pool|${lb}|${pool}|${String(r.protocol)}|${String(r.backend_port)}`, key, `backend ${String(r.protocol)}/${String(r.backend_port)} on pool ${pool} used twice without floating IP`);
      for (const m of poolMembers.get(pool) ?? []) {
        claim(`ipconfig|${lb}|${m}|${String(r.protocol)}|${String(r.backend_port)}`, key, `backend ${String(r.protocol)}/${String(r.backend_port)} on IP configuration ${m} used twice without floating IP`);
      }
    }
  }
  return problems;
}

/** What AWS refuses in load balancer and target group names: over 32 characters, or one name twice. */
export function awsLbNameProblems(json: TfJson): string[] {
  const problems: string[] = [];
  for (const type of ['aws_lb', 'aws_lb_target_group']) {
    const names = named(json, type).map(({ r }) => String(r.name));
    for (const n of names) if (n.length > 32 || !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(n)) problems.push(`${type} name "${n}" is not 1-32 letters, digits and inner hyphens`);
    for (const n of new Set(names)) if (names.filter((x) => x === n).length > 1) problems.push(`${type} name "${n}" is used twice`);
  }
  return problems;
}

/** The `${type.key.attr}` reference of a resource. */
export const refTo = (type: string, key: string, attr: string) => `\${${type}.${key}.${attr}}`;

/** Each AWS target group with its cited catalog ids, its listener and the addresses registered in it. */
export function awsTargetGroups(json: TfJson): { key: string; tg: Record<string, unknown>; cites: string[]; listener?: Record<string, unknown>; targets: string[] }[] {
  const attachments = named(json, 'aws_lb_target_group_attachment');
  const listeners = named(json, 'aws_lb_listener');
  return named(json, 'aws_lb_target_group').map(({ key, r }) => {
    const arn = refTo('aws_lb_target_group', key, 'arn');
    const tags = (r.tags ?? {}) as Record<string, string>;
    return {
      key,
      tg: r,
      cites: (tags['ms-ports:cites'] ?? '').split(' ').filter(Boolean),
      listener: listeners.find((l) => ((l.r.default_action as { target_group_arn?: string }[] | undefined) ?? []).some((a) => a.target_group_arn === arn))?.r,
      targets: attachments.filter((a) => a.r.target_group_arn === arn).map((a) => String(a.r.target_id)).sort(),
    };
  });
}
