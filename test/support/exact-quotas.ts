/**
 * Cloud quotas of a synthesized stack, counted independently of the library's own checks: AWS
 * security groups per network interface (the attachments, which add to the interface's own group:
 * at most 4 with the default of 5) and rules per security group per direction and IP version (a
 * rule naming a managed prefix list counts its max_entries; a group reference counts once in each
 * version); Azure rules per NSG (1000).
 */
import type { TerraformJson } from '../../lib/verify';

type Res = Record<string, Record<string, Record<string, unknown>>>;

export interface QuotaProblem {
  readonly what: string;
  readonly count: number;
  readonly limit: number;
}

export const AWS_ATTACHMENTS_PER_ENI = 4;
export const AWS_RULES_PER_GROUP = 60;
export const AZURE_RULES_PER_NSG = 1000;

export function quotaProblems(json: TerraformJson): QuotaProblem[] {
  const res = (json.resource ?? {}) as Res;
  const out: QuotaProblem[] = [];
  const count = new Map<string, number>();
  const bump = (k: string, n: number) => count.set(k, (count.get(k) ?? 0) + n);
  for (const a of Object.values(res.aws_network_interface_sg_attachment ?? {})) bump(`eni ${String(a.network_interface_id)}`, 1);
  const lists = new Map(Object.entries(res.aws_ec2_managed_prefix_list ?? {}).map(([k, v]) => [`\${aws_ec2_managed_prefix_list.${k}.id}`, { n: Number(v.max_entries), v6: v.address_family === 'IPv6' }]));
  for (const dir of ['ingress', 'egress']) {
    for (const r of Object.values(res[`aws_vpc_security_group_${dir}_rule`] ?? {})) {
      const g = `sg ${String(r.security_group_id)} ${dir}`;
      if (r.cidr_ipv4 !== undefined) bump(`${g} IPv4`, 1);
      else if (r.cidr_ipv6 !== undefined) bump(`${g} IPv6`, 1);
      else if (r.prefix_list_id !== undefined) {
        const l = lists.get(String(r.prefix_list_id));
        bump(`${g} ${l?.v6 ? 'IPv6' : 'IPv4'}`, l?.n ?? 1);
      } else {
        bump(`${g} IPv4`, 1);
        bump(`${g} IPv6`, 1);
      }
    }
  }
  for (const r of Object.values(res.azurerm_network_security_rule ?? {})) bump(`nsg ${String(r.network_security_group_name)}`, 1);
  for (const [k, n] of count) {
    const limit = k.startsWith('eni ') ? AWS_ATTACHMENTS_PER_ENI : k.startsWith('sg ') ? AWS_RULES_PER_GROUP : AZURE_RULES_PER_NSG;
    if (n > limit) out.push({ what: k, count: n, limit });
  }
  return out;
}

/** The largest counts per kind of quota, for the report. */
export function quotaPeaks(json: TerraformJson): Record<string, number> {
  const res = (json.resource ?? {}) as Res;
  const peak: Record<string, number> = {};
  const per = (items: Record<string, unknown>[], key: (r: Record<string, unknown>) => string, label: string) => {
    const m = new Map<string, number>();
    for (const r of items) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
    peak[label] = Math.max(0, ...m.values());
  };
  per(Object.values(res.aws_network_interface_sg_attachment ?? {}), (r) => String(r.network_interface_id), 'aws attachments per ENI');
  per(Object.values(res.aws_vpc_security_group_ingress_rule ?? {}), (r) => String(r.security_group_id), 'aws ingress rules per group');
  per(Object.values(res.aws_vpc_security_group_egress_rule ?? {}), (r) => String(r.security_group_id), 'aws egress rules per group');
  per(Object.values(res.azurerm_network_security_rule ?? {}), (r) => String(r.network_security_group_name), 'azure rules per NSG');
  return peak;
}
