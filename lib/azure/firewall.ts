/**
 * Azure renderer for the name half of egress: one Firewall Policy rule collection group with one
 * application rule collection (Allow), one application rule per endpoint set or catalog entry,
 * with the source addresses. Deep provider import only.
 */
import type { FirewallPolicyRuleCollectionGroup } from '@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group';
import type { Construct } from 'constructs';
import { requirePeer } from '../render/peers';
import { formatRange } from '../model/ports';
import type { AzureAppRule, FirewallAddressRule } from '../plan/egress';

export interface AzureNameRulesProps {
  /** Rule collection group name: 1-80 of letters, digits, `_`, `.`, `-`. */
  readonly name: string;
  readonly firewallPolicyId: string;
  /** Group priority, 100-65000. */
  readonly priority: number;
  /** Source addresses of every rule (CIDRs). */
  readonly sourceAddresses: readonly string[];
  readonly rules: readonly AzureAppRule[];
  /** Address rules the names cannot carry (UDP, other TCP ports, sets without names), as network rules. */
  readonly addressRules?: readonly FirewallAddressRule[];
  /** Snapshot version, for the network rules' descriptions. */
  readonly version?: string;
}

export function renderAzureNameRules(scope: Construct, id: string, p: AzureNameRulesProps): FirewallPolicyRuleCollectionGroup {
  const FirewallPolicyRuleCollectionGroup = collectionGroupClass(scope.node.path);
  return new FirewallPolicyRuleCollectionGroup(scope, id, {
    name: p.name,
    firewallPolicyId: p.firewallPolicyId,
    priority: p.priority,
    ...(p.addressRules?.length
      ? {
          // Network rules are evaluated before application rules: they only carry what names cannot.
          networkRuleCollection: [
            {
              name: `${p.name}-addresses`.slice(0, 80),
              priority: 200,
              action: 'Allow',
              rule: p.addressRules.map((r) => ({
                name: r.name,
                description: `${r.citation}: ${r.transport.toUpperCase()} the names cannot carry`,
                protocols: [r.transport.toUpperCase()],
                sourceAddresses: [...p.sourceAddresses],
                destinationAddresses: [...r.cidrs],
                destinationPorts: r.ports.map(formatRange),
              })),
            },
          ],
        }
      : {}),
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

/**
 * The rule collection group class (320 KB of provider code), loaded on first use: apps without an
 * Azure egress firewall never load it.
 */
function collectionGroupClass(owner: string): typeof FirewallPolicyRuleCollectionGroup {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return requirePeer(owner, 'Azure Firewall policy rule collection groups', () => (require('@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group') as typeof import('@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group')).FirewallPolicyRuleCollectionGroup);
}
