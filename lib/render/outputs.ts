/**
 * Terraform outputs every renderer writes per role: the boundary ids, the load-balanced ports and
 * the IPsec exemptions the role's Windows hosts need (cloud security groups cannot do IPsec).
 */
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { safeName, type NetworkPlan, type RolePlan } from '../plan/planner';
import { EXISTING_PEERS_OUTPUT_SUFFIX } from '../plan/profiles';

export interface BoundaryRefs {
  readonly securityGroupId?: string;
  readonly networkSecurityGroupId?: string;
  readonly applicationSecurityGroupId?: string;
  /** Groups (security groups / ASGs) the role's hosts must also join. */
  readonly alsoAttach?: readonly string[];
  /**
   * AWS, a load-balanced role: the target groups its hosts register in (a launch template's or Auto
   * Scaling group's `target_group_arns`), by `<transport>-<port>` (and frontend, where a role has one
   * virtual IP per service).
   */
  readonly targetGroupArns?: Readonly<Record<string, string>>;
  /** Azure, a load-balanced role: the backend pools its NICs (or a scale set's) join, by frontend. */
  readonly backendPoolIds?: Readonly<Record<string, string>>;
}

/** Output ids are unique per stack: binding id + role name. */
export function outputId(bindingId: string, roleName: string, what: string): string {
  return safeName(`${bindingId}-${roleName}-${what}`, 200).replace(/\./g, '-');
}

export function renderRoleOutputs(scope: Construct, bindingId: string, rp: RolePlan, refs: BoundaryRefs): void {
  const hosts = refs.applicationSecurityGroupId
    ? `members of application security group ${refs.applicationSecurityGroupId}`
    : `instances in security group ${refs.securityGroupId}`;
  new TerraformOutput(scope, 'boundary', {
    value: { role: rp.name, kind: rp.kind, ...refs, alsoAttach: [...(refs.alsoAttach ?? [])] },
    description: `Security boundary of ${rp.kind} ${rp.name}`,
  }).overrideLogicalId(outputId(bindingId, rp.name, 'boundary'));
  renderIpsecOutput(scope, bindingId, rp, hosts);
}

/**
 * A role outside the cloud has no boundary, but its hosts may still need IPsec exemptions (Exchange
 * Unified Messaging, an on-premises Mediation pool): an output names them by their addresses.
 */
export function renderOutsideRoleOutputs(scope: Construct, bindingId: string, rp: RolePlan): void {
  if (rp.outside) renderIpsecOutput(scope, bindingId, rp, `hosts at ${rp.outside.cidrs.join(' ')} (outside the cloud)`);
}

function renderIpsecOutput(scope: Construct, bindingId: string, rp: RolePlan, hosts: string): void {
  if (rp.ipsec.length > 0) {
    new TerraformOutput(scope, 'ipsec-exemptions', {
      value: rp.ipsec.map((n) => ({
        rule: n.ruleName,
        catalog_id: n.catalogId,
        direction: n.direction,
        source: n.direction === 'inbound' ? 'Any' : hosts,
        destination: n.direction === 'inbound' ? hosts : 'Any',
        protocols: n.transports.map((t) => t.toUpperCase()),
        source_ports: n.sourcePorts,
        destination_ports: n.destinationPorts,
        authentication: 'none (exempt from IPsec)',
        reason: n.reason,
      })),
      description: `IPsec exemptions for ${rp.kind} ${rp.name}: apply them on the Windows hosts (see the report's PowerShell script)`,
    }).overrideLogicalId(outputId(bindingId, rp.name, 'ipsec-exemptions'));
  }
}

/**
 * The existing network pieces (Peers.*) a network's rules name, with what the rules assume of them:
 * an AWS security group is in the network's VPC, a prefix list has the max entries given, an Azure
 * application security group is in the network's virtual network. Written as the output
 * `<network>-existing-peers` (EXISTING_PEERS_OUTPUT_SUFFIX) so a reviewer, and checkDeployable, see it.
 */
export function renderExistingPeersOutput(scope: Construct, bindingId: string, plan: NetworkPlan, where: { vpcId?: string; virtualNetwork?: string }): void {
  const seen = new Map<string, Record<string, unknown>>();
  for (const rp of plan.roles) {
    for (const r of rp.rules) {
      const p = r.peer;
      if (p.kind !== 'existing' || seen.has(p.name)) continue;
      const ref = p.ref;
      seen.set(
        p.name,
        ref.type === 'aws-security-group'
          ? { name: p.name, type: ref.type, id: ref.id, ...(where.vpcId ? { vpcId: where.vpcId } : {}) }
          : ref.type === 'aws-prefix-list'
          ? { name: p.name, type: ref.type, id: ref.id, maxEntries: ref.maxEntries }
          : ref.type === 'azure-application-security-group'
          ? { name: p.name, type: ref.type, id: ref.id, ...(where.virtualNetwork ? { virtualNetwork: where.virtualNetwork } : {}) }
          : { name: p.name, type: ref.type, tag: ref.tag },
      );
    }
  }
  if (seen.size === 0) return;
  new TerraformOutput(scope, 'existing-peers', {
    value: [...seen.keys()].sort().map((k) => seen.get(k)!),
    description: 'Existing network pieces the rules name, and what the rules assume of them (same VPC or virtual network; prefix list size)',
  }).overrideLogicalId(`${bindingId}${EXISTING_PEERS_OUTPUT_SUFFIX}`);
}
