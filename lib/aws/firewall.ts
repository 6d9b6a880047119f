/**
 * AWS renderer for the name half of egress: one stateful Network Firewall rule group with a domain
 * list (ALLOWLIST, TLS SNI and HTTP Host), HOME_NET set to the source addresses, and a capacity
 * fixed at creation with headroom. Deep provider import only.
 */
import type { NetworkfirewallRuleGroup } from '@cdktf/provider-aws/lib/networkfirewall-rule-group';
import type { Construct } from 'constructs';
import { requirePeer } from '../render/peers';
import type { FirewallAddressRule, FirewallCapacity } from '../plan/egress';

export interface AwsDomainListProps {
  /** Rule group name: 1-128 letters, digits and hyphens. */
  readonly name: string;
  readonly targets: readonly string[];
  readonly capacity: FirewallCapacity;
  /** Source addresses (HOME_NET): the domain list inspects traffic from these. */
  readonly sourceAddresses: readonly string[];
  /** Cites the endpoint sets and snapshot version (at most 512 characters). */
  readonly description: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export const AWS_DOMAIN_TARGET_TYPES = ['TLS_SNI', 'HTTP_HOST'] as const;

export function renderAwsDomainList(scope: Construct, id: string, p: AwsDomainListProps): NetworkfirewallRuleGroup {
  const NetworkfirewallRuleGroup = ruleGroupClass(scope.node.path);
  return new NetworkfirewallRuleGroup(scope, id, {
    name: p.name,
    type: 'STATEFUL',
    capacity: p.capacity.capacity,
    description: p.description.slice(0, 512),
    ruleGroup: {
      ruleVariables: { ipSets: [{ key: 'HOME_NET', ipSet: { definition: [...p.sourceAddresses] } }] },
      rulesSource: {
        rulesSourceList: {
          generatedRulesType: 'ALLOWLIST',
          targetTypes: [...AWS_DOMAIN_TARGET_TYPES],
          targets: [...p.targets],
        },
      },
    },
    tags: {
      ...p.tags,
      Name: p.name,
      'ms-ports:capacity': `${p.capacity.capacity} for ${p.capacity.used} estimated rules (${p.capacity.targets} targets x ${p.capacity.targetTypes} target types, headroom ${p.capacity.headroomPercent} percent)`,
    },
  });
}

export interface AwsAddressRulesProps {
  /** Rule group name: 1-128 letters, digits and hyphens. */
  readonly name: string;
  readonly rules: readonly FirewallAddressRule[];
  /** Source addresses (HOME_NET and each rule's source). */
  readonly sourceAddresses: readonly string[];
  readonly headroomPercent: number;
  readonly description: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Stateful 5-tuple rules (PASS), one per destination CIDR and port range, as the capacity counts them. */
export function awsAddressRuleCount(rules: readonly FirewallAddressRule[]): number {
  return rules.reduce((n, r) => n + r.cidrs.length * r.ports.length, 0);
}

/**
 * AWS renderer for the address rules the names cannot carry: one stateful rule group of 5-tuple PASS
 * rules (HOME_NET to each endpoint-set CIDR on each port range), capacity sized with headroom.
 */
export function renderAwsAddressRules(scope: Construct, id: string, p: AwsAddressRulesProps): NetworkfirewallRuleGroup {
  const NetworkfirewallRuleGroup = ruleGroupClass(scope.node.path);
  const used = awsAddressRuleCount(p.rules);
  const capacity = Math.min(30000, Math.max(100, Math.ceil((used * (100 + p.headroomPercent)) / 100 / 100) * 100));
  let sid = 0;
  const statefulRule = p.rules.flatMap((r) =>
    r.cidrs.flatMap((cidr) =>
      r.ports.map((range) => ({
        action: 'PASS',
        header: {
          protocol: r.transport.toUpperCase(),
          source: '$HOME_NET',
          sourcePort: 'ANY',
          direction: 'FORWARD',
          destination: cidr,
          destinationPort: range.from === range.to ? String(range.from) : `${range.from}:${range.to}`,
        },
        ruleOption: [{ keyword: 'sid', settings: [String(++sid)] }],
      })),
    ),
  );
  return new NetworkfirewallRuleGroup(scope, id, {
    name: p.name,
    type: 'STATEFUL',
    capacity,
    description: p.description.slice(0, 512),
    ruleGroup: {
      ruleVariables: { ipSets: [{ key: 'HOME_NET', ipSet: { definition: [...p.sourceAddresses] } }] },
      rulesSource: { statefulRule },
    },
    tags: { ...p.tags, Name: p.name, 'ms-ports:capacity': `${capacity} for ${used} rules (headroom ${p.headroomPercent} percent)` },
  });
}

/**
 * The rule group class (580 KB of provider code), loaded on first use: apps without an AWS egress
 * firewall never load it.
 */
function ruleGroupClass(owner: string): typeof NetworkfirewallRuleGroup {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return requirePeer(owner, 'AWS Network Firewall rule groups', () => (require('@cdktf/provider-aws/lib/networkfirewall-rule-group') as typeof import('@cdktf/provider-aws/lib/networkfirewall-rule-group')).NetworkfirewallRuleGroup);
}
