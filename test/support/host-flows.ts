/**
 * "What passes" between the hosts of a synthesized stack, judged by the project's verifier
 * (lib/verify, flowVerifier) the way the cloud judges a host: by what is attached to its network
 * interface, not by what a role's boundary output says.
 *
 * Each network interface the Terraform attaches (AWS `aws_network_interface_sg_attachment`: the
 * union of the security groups on the ENI; Azure: the NSG on the NIC and the application security
 * groups the NIC joins) becomes one host, handed to the verifier as a boundary of its own (an output
 * with `role: host:<interface>`, read by parseStack like a role's boundary output). The ENI's own
 * (primary) group is taken to carry no rule, so egress stays closed unless declared.
 */
import { flowVerifier, type TerraformJson } from '../../lib/verify';

export interface HostNic {
  /** The network interface id as attached. */
  readonly nic: string;
  /** Groups on it (Terraform references `${type.key.id}`), in attachment order. */
  readonly groups: readonly string[];
  /** Azure: the NSG reference on it. */
  readonly nsg?: string;
}

type Res = Record<string, Record<string, Record<string, unknown>>>;

/** Every attached network interface with what is attached to it. */
export function hostNics(json: TerraformJson): HostNic[] {
  const res = (json.resource ?? {}) as Res;
  const byNic = new Map<string, { groups: string[]; nsg?: string }>();
  const at = (nic: string) => byNic.get(nic) ?? byNic.set(nic, { groups: [] }).get(nic)!;
  for (const a of Object.values(res.aws_network_interface_sg_attachment ?? {})) at(String(a.network_interface_id)).groups.push(String(a.security_group_id));
  for (const a of Object.values(res.azurerm_network_interface_application_security_group_association ?? {})) at(String(a.network_interface_id)).groups.push(String(a.application_security_group_id));
  for (const a of Object.values(res.azurerm_network_interface_security_group_association ?? {})) {
    const h = at(String(a.network_interface_id));
    if (h.nsg !== undefined && h.nsg !== a.network_security_group_id) throw new Error(`NIC ${String(a.network_interface_id)} is associated with two NSGs`);
    h.nsg = String(a.network_security_group_id);
  }
  return [...byNic].map(([nic, h]) => ({ nic, groups: h.groups, nsg: h.nsg })).sort((a, b) => a.nic.localeCompare(b.nic));
}

/** The verifier's name for a host. */
export const hostName = (nic: string) => `host:${nic}`;

/** The stack with one boundary output per attached interface, so the verifier can name hosts. */
export function withHosts(json: TerraformJson, nics: readonly HostNic[]): TerraformJson {
  const azure = nics.some((n) => n.nsg !== undefined);
  const output = { ...(json.output ?? {}) } as Record<string, { value?: unknown }>;
  for (const [i, h] of nics.entries()) {
    if (h.groups.length === 0) throw new Error(`interface ${h.nic} joins no group`);
    const [own, ...also] = h.groups;
    output[`exactness-host-${i}`] = {
      value: azure ? { role: hostName(h.nic), applicationSecurityGroupId: own, alsoAttach: also, networkSecurityGroupId: h.nsg } : { role: hostName(h.nic), securityGroupId: own, alsoAttach: also },
    };
  }
  return { ...json, output };
}

/** A host or an outside address in a probe. */
export interface Endpoint {
  readonly label: string;
  /** The verifier's name: `host:<nic>` or an address. */
  readonly at: string;
  readonly outside: boolean;
}

/** `sender > receiver` -> the probes (`443/tcp`, `icmp`) that pass. */
export type PassMap = Map<string, Set<string>>;

/** For each ordered pair given (never two outside endpoints), the probes the verifier lets pass. */
export function passingPorts(json: TerraformJson, pairs: readonly (readonly [Endpoint, Endpoint])[], probes: readonly string[]): PassMap {
  const judge = flowVerifier(json);
  const out: PassMap = new Map();
  for (const [from, to] of pairs) {
    if (from.outside && to.outside) continue;
    const set = new Set<string>();
    for (const port of probes) if (judge({ from: from.at, to: to.at, port }).allowed) set.add(port);
    out.set(`${from.label} > ${to.label}`, set);
  }
  return out;
}
