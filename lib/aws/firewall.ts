/**
 * AWS renderer for the name half of egress: one stateful Network Firewall rule group with a domain
 * list (ALLOWLIST, TLS SNI and HTTP Host), HOME_NET set to the source addresses, and a capacity
 * fixed at creation with headroom. Deep provider import only.
 */
import { NetworkfirewallRuleGroup } from '@cdktf/provider-aws/lib/networkfirewall-rule-group';
import type { Construct } from 'constructs';
import type { FirewallCapacity } from '../plan/egress';

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
