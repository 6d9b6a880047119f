/**
 * Azure renderer for the name half of egress: one Firewall Policy rule collection group with one
 * application rule collection (Allow), one application rule per endpoint set or catalog entry,
 * with the source addresses. Deep provider import only.
 */
import { FirewallPolicyRuleCollectionGroup } from '@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group';
import type { Construct } from 'constructs';
import type { AzureAppRule } from '../plan/egress';

export interface AzureNameRulesProps {
  /** Rule collection group name: 1-80 of letters, digits, `_`, `.`, `-`. */
  readonly name: string;
  readonly firewallPolicyId: string;
  /** Group priority, 100-65000. */
  readonly priority: number;
  /** Source addresses of every rule (CIDRs). */
  readonly sourceAddresses: readonly string[];
  readonly rules: readonly AzureAppRule[];
}

export function renderAzureNameRules(scope: Construct, id: string, p: AzureNameRulesProps): FirewallPolicyRuleCollectionGroup {
  return new FirewallPolicyRuleCollectionGroup(scope, id, {
    name: p.name,
    firewallPolicyId: p.firewallPolicyId,
    priority: p.priority,
    applicationRuleCollection: [
      {
        name: `${p.name}-allow`.slice(0, 80),
        priority: 100,
        action: 'Allow',
        rule: p.rules.map((r) => ({
          name: r.name,
          description: r.description,
          sourceAddresses: [...p.sourceAddresses],
          destinationFqdns: [...r.fqdns],
          protocols: r.protocols.map((x) => ({ type: x.type, port: x.port })),
        })),
      },
    ],
  });
}
