/**
 * Existing network pieces as peers (issue 22 item 1, issue 24 "bring your own network pieces"): an
 * AWS security group or managed prefix list, an Azure application security group or service tag,
 * named with `Peers`. The documented flows render towards them in both directions, as for an address
 * list; the other cloud's piece, a malformed id and a tag meaning every address are refused.
 */
import { catalog, entryRanges } from '../../lib/catalog/index';
import { Peers } from '../../lib/core/existing';
import { FrontEndPool } from '../../lib/skype/front-end-pool';
import { WindowsServer } from '../../lib/windows/windows-server';
import { newStack, resources, synthJson } from '../support/stacks';

const SG = 'sg-0abc1234def567890';
const PL = 'pl-0abc1234def567890';
const ASG = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-vdi/providers/Microsoft.Network/applicationSecurityGroups/asg-vdi';

/** The ports the client rows of seed 001 document between a Front End pool and its clients, per direction. */
function documented(direction: 'in' | 'out'): number[] {
  const fe = catalog.all().filter((e) => ['sfb-front-end', 'sfb-internal-servers'].includes(e.role) && e.direction === 'inbound' && e.peers.includes('clients') && e.requirement === 'required' && e.transports.includes('tcp'));
  const client = catalog.all().filter((e) => e.role === 'sfb-client' && e.direction === 'inbound' && e.peers.includes('front-end') && e.transports.includes('tcp'));
  const rows = direction === 'in' ? fe : client;
  return [...new Set(rows.flatMap((e) => entryRanges(e).map((r) => r.from)))].sort((a, b) => a - b);
}

describe('AWS: an existing security group and prefix list', () => {
  const { stack, network } = newStack('aws');
  const fe = new FrontEndPool(stack, 'fe', { network, clients: [Peers.securityGroup(SG, { name: 'vdi' })] });
  new WindowsServer(stack, 'mon', { network, services: ['smb'], clients: ['10.1.0.0/16'] }).allowFrom(Peers.prefixList(PL, { maxEntries: 12, name: 'monitoring' }), 445, { label: 'monitoring' });
  const { json } = synthJson(stack);
  const rules = (type: string) => resources(json, type).filter((r) => String(r.security_group_id).includes('aws_security_group.fe_security-group'));

  test('the pool admits the group on its documented client ports, and reaches it on the client media ranges', () => {
    const inFrom = rules('aws_vpc_security_group_ingress_rule').filter((r) => r.referenced_security_group_id === SG);
    const outTo = rules('aws_vpc_security_group_egress_rule').filter((r) => r.referenced_security_group_id === SG);
    const starts = (list: Record<string, unknown>[]) => [...new Set(list.map((r) => Number(r.from_port)))].sort((a, b) => a - b);
    for (const p of documented('in')) expect({ p, admitted: inFrom.some((r) => Number(r.from_port) <= p && p <= Number(r.to_port)) }).toEqual({ p, admitted: true });
    expect(starts(outTo)).toEqual([1024]); // the client media range (seed 001 client table)
    expect(inFrom.every((r) => String(r.description).includes('sfb.'))).toBe(true);
  });

  test('a prefix list is referenced by id, created nowhere, and weighs its max entries in the quota', () => {
    const pl = resources(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.prefix_list_id === PL);
    expect(pl).toHaveLength(1);
    expect(resources(json, 'aws_ec2_managed_prefix_list')).toEqual([]);
    const plan = network.plan();
    expect(plan.roles.find((r) => r.name === 'mon')!.awsRules.find((r) => r.peer.kind === 'prefix-list')!.weight).toBe(12);
    expect(fe.roleName).toBe('fe');
  });
});

describe('Azure: an existing application security group and service tag', () => {
  const { stack, network } = newStack('azure');
  new FrontEndPool(stack, 'fe', { network, clients: [Peers.applicationSecurityGroup(ASG)] });
  new WindowsServer(stack, 'mon', { network, services: ['smb'], clients: ['10.1.0.0/16'] }).allowTo(Peers.serviceTag('AzureMonitor'), 443, { label: 'monitoring' });
  const { json } = synthJson(stack);
  const nsgRules = (nsg: string) => resources(json, 'azurerm_network_security_rule').filter((r) => String(r.network_security_group_name).includes(`azurerm_network_security_group.${nsg}_`));

  test('the pool admits the ASG on its client ports and reaches it on the client media range', () => {
    const inFrom = nsgRules('fe').filter((r) => r.direction === 'Inbound' && JSON.stringify(r.source_application_security_group_ids ?? []).includes('asg-vdi'));
    const outTo = nsgRules('fe').filter((r) => r.direction === 'Outbound' && JSON.stringify(r.destination_application_security_group_ids ?? []).includes('asg-vdi'));
    expect(inFrom.length).toBeGreaterThan(0);
    expect(outTo.length).toBeGreaterThan(0);
    const ranges = inFrom.flatMap((r) => (r.destination_port_ranges as string[] | undefined) ?? [String(r.destination_port_range)]);
    for (const p of documented('in')) expect({ p, admitted: ranges.some((x) => { const [a, b] = x.split('-').map(Number); return a <= p && p <= (b ?? a); }) }).toEqual({ p, admitted: true });
  });

  test('a service tag is a destination prefix', () => {
    const out = nsgRules('mon').filter((r) => r.direction === 'Outbound' && r.destination_address_prefix === 'AzureMonitor');
    expect(out).toHaveLength(1);
    expect(out[0].destination_port_range ?? out[0].destination_port_ranges).toEqual('443');
  });
});

describe('refused with a clear error', () => {
  test('a piece of the other cloud', () => {
    const { stack, network } = newStack('azure');
    expect(() => new FrontEndPool(stack, 'fe', { network, clients: [Peers.securityGroup(SG)] })).toThrow(/clients: security group sg-0abc1234def567890 is an AWS piece, but this role is on Azure/);
    const aws = newStack('aws');
    const w = new WindowsServer(aws.stack, 'win', { network: aws.network, services: ['smb'], clients: ['10.1.0.0/16'] });
    expect(() => w.allowTo(Peers.serviceTag('AzureMonitor'), 443, { label: 'x' })).toThrow(/service tag AzureMonitor is an Azure piece, but this role is on AWS/);
  });

  test('malformed ids, a missing size, and a tag that means every address', () => {
    expect(() => Peers.securityGroup('sg-123')).toThrow(/security group id "sg-123" is not a security group id/);
    expect(() => Peers.prefixList(PL, { maxEntries: 0 })).toThrow(/maxEntries 0/);
    expect(() => Peers.applicationSecurityGroup('asg-vdi')).toThrow(/application security group id "asg-vdi"/);
    expect(() => Peers.serviceTag('Internet')).toThrow(/stands for every address.*'internet'/);
    expect(() => Peers.securityGroup(SG, { name: 'Bad Name' })).toThrow(/name "Bad Name"/);
  });
});
