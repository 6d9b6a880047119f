/**
 * Stage "fit AWS": a role's planned rules become security group rule resources (one per peer
 * address, prefix list or group, and per port range), spread over as many groups as the quota needs.
 *
 * Properties (test/plan/aws.test.ts):
 * - never widens: the resources of a rule cover exactly its ports, towards exactly its peer's
 *   addresses (the internet is 0.0.0.0/0 and ::/0), one resource per address and range;
 * - keeps catalog ids: each resource cites the ids of the contributions whose ports overlap its
 *   range, and only those;
 * - within the quota: per group, direction and IP version, the resources weigh at most the quota
 *   (a prefix-list rule weighs its max entries); the ranges of one rule and one peer stay in one group;
 * - deterministic: resources in key order (ingress first), groups filled first-fit in that order;
 * - attachable: the groups a role's hosts attach (its own, its extra ones, those it joins) fit the
 *   security groups a network interface takes less its own primary group; else an error with the fix;
 * - exhaustive: every peer kind is handled by name (a new kind does not compile until handled here).
 * No cdktf imports.
 */
import { parseCidr } from '../model/cidr';
import { compareText, textOrderFor } from '../model/compare';
import { MsPortsError } from '../model/errors';
import type { Peer, RoleIntent } from '../model/intent';
import { formatRange, type PortRange } from '../model/ports';
import { idsOf } from './merge';
import { describe, safeName } from './names';
import { AWS_PROFILE as AWS_DESCRIPTION_PROFILE, AWS_DEFAULT_RULES_PER_SG, AWS_DEFAULT_SGS_PER_ENI } from './profiles';
import { assertNever, type AwsRuleResource, type Contribution, type PlannedRule, type PlanOptions, type RolePlan } from './types';

/** A role's rules as AWS rule resources, sorted (ingress first, then by key) and spread over its security groups. */
export function expandAws(role: RoleIntent, rules: readonly PlannedRule[], options: PlanOptions): AwsRuleResource[] {
  const quota = options.awsRulesPerSecurityGroup ?? AWS_DEFAULT_RULES_PER_SG;
  const out: AwsRuleResource[] = [];
  for (const rule of rules) expandAwsRule(rule, awsPeers(role, rule), out);
  const byKey = textOrderFor(out.map((r) => r.key));
  const sorted = out.sort((a, b) => (a.direction === b.direction ? byKey(a.key, b.key) : a.direction === 'ingress' ? -1 : 1));
  return spreadOverGroups(role, sorted, quota, options);
}

/** What a rule's resources name: each address, a prefix list, or the role's security group. */
export function awsPeers(role: RoleIntent, rule: PlannedRule): AwsRuleResource['peer'][] {
  const peer = rule.peer;
  switch (peer.kind) {
    case 'cidrs':
      if (peer.prefixList) return [prefixListPeer(role, peer.name, peer.cidrs, peer.prefixList)];
      return peer.cidrs.map((c) => ({ kind: 'cidr' as const, cidr: parseCidr(c) }));
    case 'internet':
      return [{ kind: 'cidr', cidr: parseCidr('0.0.0.0/0') }, { kind: 'cidr', cidr: parseCidr('::/0') }];
    case 'role':
      return [{ kind: 'role', role: peer.role }];
    case 'existing': {
      const ref = peer.ref;
      if (ref.type === 'aws-security-group') return [{ kind: 'group-id', name: peer.name, id: ref.id }];
      if (ref.type === 'aws-prefix-list') {
        return [{ kind: 'prefix-list', name: peer.name, version: 4, cidrs: [], maxEntries: ref.maxEntries, description: `existing prefix list ${ref.id}`, existingId: ref.id }];
      }
      throw new MsPortsError(role.path, `peer "${peer.name}" is an Azure ${ref.type === 'azure-service-tag' ? 'service tag' : 'application security group'}, but this network is on AWS`, 'name an AWS security group (Peers.securityGroup) or prefix list (Peers.prefixList), or the peer\'s addresses');
    }
    case 'lb-probe':
    case 'any':
      // Never on AWS: merge drops health-probe flows there (an NLB's health checks come from its own
      // boundary, which the pool admits), and only Azure's deny-all rules name any peer. A rule that
      // names one anyway is a planner bug, never a rule to leave out quietly.
      throw new Error(`[cdktf-ms-ports] internal: AWS rule "${rule.name}" of role "${role.name}" names peer kind "${peer.kind}", which AWS rules cannot name`);
    default:
      return assertNever(peer, 'peer kind');
  }
}

/** One resource per peer and port range of a rule (one for a port-less rule), each citing the ids of its range. */
function expandAwsRule(rule: PlannedRule, peers: readonly AwsRuleResource['peer'][], out: AwsRuleResource[]): void {
  const ranges: (PortRange | undefined)[] = rule.ports.length ? [...rule.ports] : [undefined];
  const just = rule.contributions.find((c) => c.justification)?.justification;
  // The ids each range cites: those of the contributions it overlaps (the same for every peer).
  const rangeIds = rule.ports.length ? overlapping(rule.contributions, rule.ports).map(idsOf) : [[...rule.catalogIds]];
  for (const peer of peers) {
    const peerTag = peer.kind === 'cidr' ? peer.cidr.text : peer.kind === 'prefix-list' ? `prefix list ${peer.existingId ?? peer.name}` : peer.kind === 'group-id' ? `security group ${peer.id}` : `role ${peer.role}`;
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i];
      const ids = peer === peers[0] ? rangeIds[i] : [...rangeIds[i]];
      const span = r ? formatRange(r) : 'all';
      out.push({
        key: safeName(`${rule.name}-${span}${peer.kind === 'cidr' ? `-${peer.cidr.text}` : ''}`, 120),
        weight: peer.kind === 'prefix-list' ? peer.maxEntries : 1,
        rule: rule.name,
        direction: rule.direction,
        peer,
        transport: rule.transport,
        range: r,
        catalogIds: ids,
        description: describe(`${rule.transport} ${span} ${peerTag}${just ? ` justified: ${just}` : ''}`, ids, AWS_DESCRIPTION_PROFILE),
      });
    }
  }
}

/**
 * For each range of a rule (its ports: sorted, disjoint), the contributions whose ports overlap it,
 * in contribution order: one walk over each contribution's (sorted) ports.
 */
export function overlapping(list: readonly Contribution[], ranges: readonly PortRange[]): Contribution[][] {
  const out: Contribution[][] = ranges.map(() => []);
  for (const c of list) {
    let i = 0;
    for (const p of c.ports) {
      while (i < ranges.length && ranges[i].to < p.from) i++;
      for (let k = i; k < ranges.length && ranges[k].from <= p.to; k++) {
        const at = out[k];
        if (at[at.length - 1] !== c) at.push(c);
      }
    }
  }
  return out;
}

/** The quota bucket a rule resource counts in: direction and IP version (AWS counts them apart). */
export function bucketOf(r: AwsRuleResource): string {
  return `${r.direction}:${r.peer.kind === 'role' || r.peer.kind === 'group-id' ? 4 : r.peer.kind === 'prefix-list' ? r.peer.version : r.peer.cidr.version}`;
}

/**
 * Spreads a role's rule resources over as many security groups for the same hosts as the quota
 * needs (AWS counts rules per group, direction and IP version). The ranges of one rule for one peer
 * stay in one group; they fill groups in name order (first fit), so the assignment is deterministic.
 * Fails only when the hosts could not attach that many groups.
 */
export function spreadOverGroups(role: RoleIntent, rules: AwsRuleResource[], quota: number, options: PlanOptions): AwsRuleResource[] {
  const count = new Map<string, number>();
  // A prefix-list rule weighs its max entries; every other rule 1.
  for (const r of rules) count.set(bucketOf(r), (count.get(bucketOf(r)) ?? 0) + r.weight);
  if ([...count.values()].every((n) => n <= quota)) return rules;
  const perEni = options.awsSecurityGroupsPerEni ?? AWS_DEFAULT_SGS_PER_ENI;
  // The interface keeps a group of its own (its primary group: an ENI never has none), and
  // `aws_network_interface_sg_attachment` adds to it: perEni - 1 attachments, the role's own group one of them.
  const attachable = perEni - 1;
  const available = attachable - 1 - (role.memberOf ?? []).length - (role.joinsForeign ?? []).length;
  // Units: the resources of one planned rule and one peer address or group (its port ranges), in name order.
  const units = new Map<string, AwsRuleResource[]>();
  for (const r of rules) {
    // A prefix list is one unit per range: each of its rules weighs the whole list already.
    const k = `${bucketOf(r)}|${r.rule}|${r.peer.kind === 'role' ? r.peer.role : r.peer.kind === 'group-id' ? `sg:${r.peer.id}` : r.peer.kind === 'prefix-list' ? `${r.peer.name}|${r.key}` : r.peer.cidr.text}`;
    units.set(k, [...(units.get(k) ?? []), r]);
  }
  const fill: Map<string, number>[] = [];
  const groupOf = new Map<AwsRuleResource, number>();
  for (const [k, list] of [...units.entries()].sort(([a], [b]) => compareText(a, b))) {
    const bucket = k.split('|')[0];
    const weight = list.reduce((n, r) => n + r.weight, 0);
    if (weight > quota) {
      throw new MsPortsError(
        role.path,
        `rule "${list[0].rule}" of role "${role.name}" needs ${weight} ${bucket.startsWith('ingress') ? 'inbound' : 'outbound'} rules for one peer${list[0].peer.kind === 'prefix-list' ? ' (a prefix-list rule counts its max entries)' : ''}, over the quota of ${quota} per security group`,
        `summarize the peer's CIDRs or ranges, or raise the account's "rules per security group" quota and set rulesPerSecurityGroup to at least ${weight}`,
      );
    }
    let g = fill.findIndex((m) => (m.get(bucket) ?? 0) + weight <= quota);
    if (g < 0) {
      fill.push(new Map());
      g = fill.length - 1;
    }
    fill[g].set(bucket, (fill[g].get(bucket) ?? 0) + weight);
    for (const r of list) groupOf.set(r, g);
  }
  const extra = fill.length - 1;
  if (extra > available) {
    const worst = [...count.entries()].sort((a, b) => b[1] - a[1])[0];
    throw new MsPortsError(
      role.path,
      `the rules of role "${role.name}" need ${fill.length} security groups (${worst[1]} ${worst[0].startsWith('ingress') ? 'inbound' : 'outbound'} IPv${worst[0].slice(-1)} rules at ${quota} per group), but a network interface takes at most ${perEni} security groups, one of them its own (primary) group, so a host attaches at most ${attachable}, and the role's hosts also join ${(role.memberOf ?? []).length + (role.joinsForeign ?? []).length} group(s), which leaves room for ${Math.max(available + 1, 0)}`,
      `summarize peer CIDRs, narrow configurable media ranges, raise the account's "rules per security group" quota (rulesPerSecurityGroup) or "security groups per network interface" quota (securityGroupsPerNetworkInterface, up to 16)`,
    );
  }
  return rules.map((r) => ({ ...r, group: groupOf.get(r) ?? 0 }));
}

/** A CIDR group rendered as one customer-managed prefix list: one IP version, within its fixed size. */
export function prefixListPeer(role: RoleIntent, name: string, cidrs: readonly string[], hint: NonNullable<Extract<Peer, { kind: 'cidrs' }>['prefixList']>): AwsRuleResource['peer'] {
  const parsed = cidrs.map((c) => parseCidr(c));
  const versions = new Set(parsed.map((c) => c.version));
  if (versions.size !== 1) {
    throw new MsPortsError(role.path, `prefix list "${hint.name}" (peer group "${name}") mixes IPv4 and IPv6 addresses`, 'give each IP version its own peer group and prefix list');
  }
  if (!Number.isInteger(hint.maxEntries) || hint.maxEntries < parsed.length || hint.maxEntries > 1000) {
    throw new MsPortsError(role.path, `prefix list "${hint.name}" has max entries ${hint.maxEntries} for ${parsed.length} CIDRs`, 'use max entries from the number of CIDRs up to 1000');
  }
  return { kind: 'prefix-list', name: hint.name, version: parsed[0].version, cidrs: parsed, maxEntries: hint.maxEntries, description: hint.description };
}

/**
 * AWS: a role's hosts attach its own security groups and every group (with that group's extra
 * groups) it joins; the total must fit the security groups a network interface takes, less the
 * interface's own (primary) group, which `aws_network_interface_sg_attachment` adds to.
 */
export function checkGroupsPerInterface(roles: readonly RolePlan[], options: PlanOptions): void {
  const perEni = options.awsSecurityGroupsPerEni ?? AWS_DEFAULT_SGS_PER_ENI;
  const attachable = perEni - 1;
  const byName = new Map(roles.map((r) => [r.name, r]));
  const groupsOf = (g: string) => byName.get(g)?.awsSecurityGroups ?? options.foreign?.get(g)?.awsSecurityGroups ?? 1;
  for (const r of roles) {
    const foreign = r.joinsForeign ?? [];
    if (r.outside || r.remote || r.group || r.synthetic) continue;
    const joined = [...r.memberOf, ...foreign.filter((g) => !r.memberOf.includes(g))];
    const parts = [`${r.name} ${r.awsSecurityGroups}`, ...joined.map((g) => `${g} ${groupsOf(g)}`)];
    const total = r.awsSecurityGroups + joined.reduce((n, g) => n + groupsOf(g), 0);
    if (total > attachable) {
      throw new MsPortsError(
        r.path,
        `the hosts of role "${r.name}" would attach ${total} security groups (${parts.join(', ')}), but a network interface takes at most ${perEni}, one of them its own (primary) group, so a host attaches at most ${attachable}`,
        `raise the account's "security groups per network interface" quota and set securityGroupsPerNetworkInterface to at least ${total + 1} (up to 16), raise rulesPerSecurityGroup, or let the role join fewer groups`,
      );
    }
  }
}
