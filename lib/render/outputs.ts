/**
 * Terraform outputs every renderer writes per role: the boundary ids, the load-balanced ports and
 * the IPsec exemptions the role's Windows hosts need (cloud security groups cannot do IPsec).
 */
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { safeName, type RolePlan } from '../plan/planner';

export interface BoundaryRefs {
  readonly securityGroupId?: string;
  readonly networkSecurityGroupId?: string;
  readonly applicationSecurityGroupId?: string;
  /** Groups (security groups / ASGs) the role's hosts must also join. */
  readonly alsoAttach?: readonly string[];
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
