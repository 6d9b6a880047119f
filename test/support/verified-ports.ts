/**
 * Test helpers that judge synthesized Terraform the way a cloud does, with the project's verifier
 * (lib/verify), against catalog rows read directly: whether a flow passes, the ports on which one
 * role reaches another (or an address outside the cloud) among every port a rule names, and the
 * report's "not rendered" list of a role.
 */
import { catalog, entryRanges } from '../../lib/catalog/index';
import type { NetworkBinding } from '../../lib/core/binding';
import { reportMarkdown } from '../../lib/report/report';
import { verifyFlow, type TerraformJson } from '../../lib/verify';

/** Whether the verifier lets `from` reach `to` on `port` in the synthesized Terraform. */
export function passes(json: unknown, from: string, to: string, port: string): boolean {
  return verifyFlow(json as TerraformJson, { from, to, port }).allowed;
}

/** Every tcp/udp port a rule of the stack starts or ends at, and one either side: the probes that can change a verdict. */
export function probes(json: TerraformJson): string[] {
  const out = new Set<string>();
  const add = (t: string, p: number) => {
    for (const q of [p - 1, p, p + 1]) if (q >= 1 && q <= 65535) out.add(`${q}/${t}`);
  };
  const res = json.resource ?? {};
  for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']) {
    for (const r of Object.values(res[type] ?? {})) {
      const t = String(r.ip_protocol);
      if (t === 'tcp' || t === 'udp') {
        add(t, Number(r.from_port));
        add(t, Number(r.to_port));
      }
    }
  }
  for (const r of Object.values(res.azurerm_network_security_rule ?? {})) {
    const t = String(r.protocol).toLowerCase();
    const ranges = r.destination_port_range !== undefined ? [String(r.destination_port_range)] : ((r.destination_port_ranges as string[]) ?? []);
    for (const range of ranges) {
      if (range === '*') continue;
      const [a, b] = range.split('-').map(Number);
      for (const tt of t === '*' ? ['tcp', 'udp'] : [t]) {
        if (tt !== 'tcp' && tt !== 'udp') continue;
        add(tt, a);
        add(tt, b ?? a);
      }
    }
  }
  return [...out].sort();
}

/** The ports of catalog entries, as `port/transport` probes' expected set: each entry's own ranges, or the value given for it. */
export function documented(list: readonly { id: string; ports?: string }[]): (probe: string) => boolean {
  const ranges = list.flatMap(({ id, ports }) => {
    const e = catalog.port(id);
    const rs = ports === undefined ? entryRanges(e) : ports.split(',').map((p) => ({ from: Number(p.split('-')[0]), to: Number(p.split('-')[1] ?? p.split('-')[0]) }));
    return e.transports.flatMap((t) => rs.map((r) => ({ t, ...r })));
  });
  return (probe) => {
    const [n, t] = probe.split('/');
    return ranges.some((r) => r.t === t && r.from <= Number(n) && Number(n) <= r.to);
  };
}

/** The ports on which `from` reaches `to`, among the probes; and the ones the catalog documents. */
export function compare(json: TerraformJson, from: string, to: string, expected: (probe: string) => boolean): { passing: string[]; documented: string[] } {
  const all = probes(json);
  return { passing: all.filter((p) => passes(json, from, to, p)), documented: all.filter(expected) };
}

/** The report's "not rendered" lines of one role, from the Markdown report of the network. */
export function notRendered(network: NetworkBinding, role: string): string[] {
  const md = reportMarkdown([network.reportInput()]);
  const section = md.split('\n### ').find((s) => s.includes(`: \`${role}\``)) ?? '';
  const start = section.indexOf('Catalog entries not rendered:');
  if (start < 0) return [];
  return section
    .slice(start)
    .split('\n')
    .filter((l) => l.startsWith('- '));
}
