/**
 * The egress report of one egress construct: endpoint sets, address rules per group with the AWS
 * quota used, name rules per cloud, wildcard decisions, skipped entries and warnings. Engine-free.
 */
import type { SkippedEntry } from '../model/intent';
import type { FirewallCapacity, NamePlan } from '../plan/egress';

export interface EgressReport {
  readonly construct: string;
  readonly cloud: 'azure' | 'aws';
  /** Endpoints snapshot version cited, when the construct uses the endpoint sets. */
  readonly version?: string;
  readonly endpointSets: readonly number[];
  /** Group boundaries holding the address rules. */
  readonly groups: readonly string[];
  /**
   * AWS: per group, rule resources and the quota used per IP version (prefix-list rules count their
   * max entries). Azure: per member role, the NSG rules that carry this construct's citations.
   */
  readonly addressRules: readonly { readonly group: string; readonly resources: number; readonly quotaV4: number; readonly quotaV6: number; readonly prefixLists: number }[];
  readonly quota?: number;
  readonly names: NamePlan;
  readonly capacity?: FirewallCapacity;
  /** Firewall address rules for the source CIDRs (what names cannot carry): planned rules, and AWS 5-tuple rules. */
  readonly firewallAddressRules: readonly { readonly name: string; readonly citation: string; readonly ports: string }[];
  readonly awsStatefulRules?: number;
  readonly skipped: readonly SkippedEntry[];
  readonly warnings: readonly string[];
  /** Cloud gaps the planner reported (e.g. source ports on AWS). */
  readonly notes: readonly string[];
  readonly settings: readonly string[];
}

export function egressReportMarkdown(r: EgressReport): string {
  const out: string[] = [];
  out.push(`# Egress: ${r.construct} (${r.cloud})`, '');
  if (r.version) out.push(`Microsoft 365 endpoints snapshot version ${r.version}; endpoint sets: ${r.endpointSets.join(', ') || 'none'}.`, '');
  if (r.warnings.length) {
    out.push('## Warnings', '');
    for (const w of r.warnings) out.push(`- ${w}`);
    out.push('');
  }
  out.push('## Address rules', '');
  if (r.cloud === 'aws') {
    out.push(
      `Strategy: one customer-managed prefix list per endpoint set and IP version (max entries = its CIDRs); one egress rule per prefix list, transport and port range; a rule counts the list's max entries against the quota of ${r.quota} per security group, direction and IP version. The planner fills the groups first fit, in rule-name order (deterministic); another group is added when one would overflow, and the members attach every group.`,
      '',
      '| security group | rule resources | prefix lists | IPv4 quota used | IPv6 quota used |',
      '|---|---|---|---|---|',
    );
    for (const g of r.addressRules) out.push(`| ${g.group} | ${g.resources} | ${g.prefixLists} | ${g.quotaV4} | ${g.quotaV6} |`);
  } else {
    out.push('The rules are rendered into the NSG of every role that joined the group.', '', '| role NSG | egress rules citing this construct |', '|---|---|');
    for (const g of r.addressRules) out.push(`| ${g.group} | ${g.resources} |`);
  }
  out.push('', '## Name rules', '');
  if (r.cloud === 'azure') {
    out.push(`Azure Firewall application rules: ${r.names.azureRules.length}, FQDNs: ${r.names.azureRules.reduce((n, x) => n + x.fqdns.length, 0)}.`);
  } else {
    out.push(`AWS Network Firewall domain list: ${r.names.awsTargets.length} targets (TLS_SNI and HTTP_HOST).`);
    if (r.capacity) {
      out.push(
        `Capacity ${r.capacity.capacity} (fixed at creation) for about ${r.capacity.used} rules (${r.capacity.targets} targets x ${r.capacity.targetTypes} target types), headroom ${r.capacity.headroomPercent} percent requested, ${r.capacity.capacity - r.capacity.used} rules free.`,
      );
    }
  }
  out.push(`PAC matchers: ${r.names.pac.length}; proxy-bypass entries: ${r.names.bypass.length}.`, '');
  if (r.firewallAddressRules.length) {
    out.push(
      '## Firewall address rules (for the source networks)',
      '',
      `What the names cannot carry (UDP, other TCP ports, sets without names), from the source CIDRs: ${r.firewallAddressRules.length} ${r.cloud === 'azure' ? 'Azure Firewall network rules' : `rules, ${r.awsStatefulRules} AWS stateful 5-tuple rules (one per CIDR and port range)`}.`,
      '',
    );
    for (const a of r.firewallAddressRules) out.push(`- ${a.name}: ${a.ports} (${a.citation})`);
    out.push('');
  }
  const lists: [string, readonly string[]][] = [
    ['Wildcard decisions per cloud', r.names.notes],
    ['Cloud gaps', r.notes],
    ['Not rendered by name', r.names.skipped],
    ['Settings to apply on the proxy or firewall', r.settings],
  ];
  for (const [title, items] of lists) {
    if (!items.length) continue;
    out.push(`## ${title}`, '');
    for (const i of items) out.push(`- ${i}`);
    out.push('');
  }
  if (r.skipped.length) {
    out.push('## Catalog entries and endpoint sets not rendered', '');
    for (const s of r.skipped) out.push(`- ${s.catalogId}: ${s.reason}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
