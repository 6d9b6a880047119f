/**
 * The firewall report: every planned rule with its sources (Markdown, CSV, JSON), the load-balanced
 * ports, skipped catalog entries with the reason, and the IPsec exemptions as notes and as a
 * PowerShell script. Engine-free: it reads plans, never cdktf.
 */
import { formatPorts } from '../model/ports';
import type { NetworkPlan, PlanPeer, PlannedRule, RolePlan } from '../plan/planner';

/** One network's plan, labelled for the report. */
export interface ReportInput {
  /** e.g. the stack name. */
  readonly stack: string;
  /** The network binding's construct path. */
  readonly network: string;
  readonly plan: NetworkPlan;
}

export function peerText(peer: PlanPeer): string {
  switch (peer.kind) {
    case 'cidrs':
      return `${peer.name} (${peer.cidrs.join(' ')})`;
    case 'role':
      return `role ${peer.role}`;
    case 'internet':
      return 'internet';
    case 'lb-probe':
      return 'load balancer probe';
    case 'any':
      return 'any';
  }
}

function listenerText(l: { frontend?: string; transport: string; port: number }): string {
  return `${l.frontend ? `${l.frontend}:` : ''}${l.transport}/${l.port}`;
}

function portsText(rule: PlannedRule): string {
  return rule.ports.length ? formatPorts(rule.ports) : rule.transport === 'all' ? 'all' : '-';
}

/** The fields of a planned rule every report format shows. */
function ruleFields(cloud: string, r: PlannedRule) {
  return {
    rule: r.name,
    priority: cloud === 'azure' ? r.priority : null,
    access: r.access,
    direction: r.direction,
    peer: peerText(r.peer),
    transport: r.transport,
    ports: portsText(r),
    catalogIds: r.catalogIds,
  };
}

/** Plain rows, one per planned rule, for CSV and JSON. */
export interface ReportRow {
  readonly stack: string;
  readonly cloud: string;
  readonly role: string;
  readonly rule: string;
  readonly priority: number | null;
  readonly access: string;
  readonly direction: string;
  readonly peer: string;
  readonly transport: string;
  readonly ports: string;
  readonly catalogIds: readonly string[];
  /** Number of cloud rule resources (AWS: peer x range; Azure: 1). */
  readonly resources: number;
}

export function reportRows(inputs: readonly ReportInput[]): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const i of inputs) {
    for (const rp of i.plan.roles) {
      for (const r of rp.rules) {
        rows.push({
          stack: i.stack,
          cloud: i.plan.cloud,
          role: rp.name,
          ...ruleFields(i.plan.cloud, r),
          resources: i.plan.cloud === 'aws' ? rp.awsRules.filter((a) => a.rule === r.name && a.direction === r.direction).length : 1,
        });
      }
    }
  }
  return rows;
}

export function reportJson(inputs: readonly ReportInput[]): string {
  const doc = inputs.map((i) => ({
    stack: i.stack,
    network: i.network,
    cloud: i.plan.cloud,
    roles: i.plan.roles.map((rp) => ({
      name: rp.name,
      kind: rp.kind,
      path: rp.path,
      rules: rp.rules.map((r) => {
        const { rule, ...rest } = ruleFields(i.plan.cloud, r);
        return { name: rule, ...rest, description: r.description };
      }),
      awsRuleResources: rp.awsRules.length,
      listeners: rp.listeners.map((l) => ({ port: l.port, transport: l.transport, catalogIds: l.catalogIds })),
      probePort: rp.probePort ?? null,
      ipsec: rp.ipsec,
      skipped: rp.skipped,
      notes: rp.notes ?? [],
      egressAllowAllReason: rp.egressAllowAllReason ?? null,
    })),
  }));
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A Markdown table cell: pipes escaped, line breaks flattened. */
function mdCell(v: string | number): string {
  return String(v).replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function reportCsv(inputs: readonly ReportInput[]): string {
  const head = ['stack', 'cloud', 'role', 'rule', 'priority', 'access', 'direction', 'peer', 'transport', 'ports', 'catalog_ids', 'resources'];
  const lines = [head.join(',')];
  for (const r of reportRows(inputs)) {
    lines.push(
      [r.stack, r.cloud, r.role, r.rule, r.priority === null ? '' : String(r.priority), r.access, r.direction, r.peer, r.transport, r.ports, r.catalogIds.join(' '), String(r.resources)]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function roleMarkdown(cloud: string, rp: RolePlan): string[] {
  const out: string[] = [];
  out.push(`### ${rp.kind}: \`${rp.name}\``, '', `Construct: \`${rp.path}\``, '');
  if (rp.outside) {
    out.push(`Outside the cloud (${rp.outside.cidrs.join(' ')}): nothing is rendered for it; set these rules on the firewall in front of it (they mirror the cloud roles' rules).`, '');
  }
  out.push('| rule | prio | access | dir | peer | proto | ports | cites |', '|---|---|---|---|---|---|---|---|');
  for (const r of rp.rules) {
    const cells = [r.name, cloud === 'azure' ? r.priority : '-', r.access, r.direction, peerText(r.peer), r.transport, portsText(r), r.catalogIds.join(' ')];
    out.push(`| ${cells.map(mdCell).join(' | ')} |`);
  }
  if (cloud === 'aws' && !rp.outside) {
    out.push('', `AWS rule resources (one per peer address x transport x range): ${rp.awsRules.length}${rp.awsSecurityGroups > 1 ? `, spread over ${rp.awsSecurityGroups} security groups for the same hosts (quota)` : ''}`);
  }
  if (rp.egressAllowAllReason) out.push('', `All egress allowed on purpose: ${rp.egressAllowAllReason}`);
  if (rp.listeners.length) {
    out.push('', `Load balancer (${rp.internetFacing ? 'internet-facing, ' : ''}pass-through, health probe TCP ${rp.probePort}): ${rp.listeners.map(listenerText).join(', ')}`);
  }
  if (rp.ipsec.length) {
    out.push('', 'IPsec exemptions (apply on the hosts; security groups cannot express IPsec):', '');
    for (const n of rp.ipsec) {
      out.push(`- ${n.ruleName} (${n.catalogId}): ${n.direction}, ${n.transports.join('+').toUpperCase()}, source ports ${n.sourcePorts}, destination ports ${n.destinationPorts}, do not authenticate. ${n.reason}`);
    }
  }
  if (rp.skipped.length) {
    out.push('', 'Catalog entries not rendered:', '');
    for (const s of rp.skipped) out.push(`- ${s.catalogId}: ${s.reason}`);
  }
  if (rp.notes?.length) {
    out.push('', 'Rendered differently on this cloud:', '');
    for (const n of rp.notes) out.push(`- ${n}`);
  }
  out.push('');
  return out;
}

export function reportMarkdown(inputs: readonly ReportInput[]): string {
  const out: string[] = ['# Firewall report (cdktf-ms-ports)', ''];
  for (const i of inputs) {
    out.push(`## ${i.stack} (${i.plan.cloud}, network \`${i.network}\`)`, '');
    for (const rp of i.plan.roles) out.push(...roleMarkdown(i.plan.cloud, rp));
  }
  return `${out.join('\n')}\n`;
}

/** A PowerShell single-quoted literal. PowerShell treats U+2018-U+201B as single quotes too: double them all. */
function psQuote(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/**
 * A PowerShell script that creates the role's IPsec exemptions on a Windows host with
 * New-NetIPsecRule (InboundSecurity/OutboundSecurity None = do not authenticate). Idempotent:
 * an existing rule of the same display name is removed first.
 */
export function ipsecPowerShell(rp: RolePlan): string {
  const lines = [
    `# IPsec exemptions for ${rp.kind} "${rp.name}" (cdktf-ms-ports; source: Skype for Business Server`,
    '# "Port and protocol requirements for servers", recommended IPsec exceptions table).',
    '# Run elevated on every host of the role.',
    '#Requires -RunAsAdministrator',
    "$ErrorActionPreference = 'Stop'",
  ];
  for (const n of rp.ipsec) {
    for (const t of n.transports) {
      const name = `ms-ports ${rp.name} ${n.ruleName} ${t.toUpperCase()}`;
      // -LocalPort takes a list: one element per range
      const local = n.direction === 'outbound' && n.sourcePorts !== 'any' ? ` -LocalPort ${n.sourcePorts.split(',').map(psQuote).join(',')}` : '';
      lines.push(
        `Get-NetIPsecRule -DisplayName ${psQuote(name)} -ErrorAction SilentlyContinue | Remove-NetIPsecRule`,
        `New-NetIPsecRule -DisplayName ${psQuote(name)} -Description ${psQuote(`${n.catalogId}: ${n.reason}`)} -Protocol ${t.toUpperCase()}${local} -InboundSecurity None -OutboundSecurity None | Out-Null`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Short per-role summary lines, as `npm run synth` prints them. */
export function summaryLines(stack: string, plan: NetworkPlan): string[] {
  const out: string[] = [];
  for (const rp of plan.roles) {
    const ingress = rp.rules.filter((r) => r.direction === 'ingress');
    const egress = rp.rules.filter((r) => r.direction === 'egress');
    out.push(
      `${stack} / ${rp.name} (${rp.kind})${rp.outside ? ' [outside the cloud: rules to set on its own firewall]' : ''}: ${ingress.length} inbound + ${egress.length} outbound rules` +
        (plan.cloud === 'aws' && !rp.outside ? ` (${rp.awsRules.length} AWS rule resources${rp.awsSecurityGroups > 1 ? ` in ${rp.awsSecurityGroups} security groups` : ''})` : '') +
        `, ${rp.listeners.length} listeners, ${rp.ipsec.length} IPsec exemptions, ${rp.skipped.length} entries skipped`,
    );
    for (const r of rp.rules) {
      out.push(
        `    ${r.direction === 'ingress' ? 'in ' : 'out'} ${plan.cloud === 'azure' ? String(r.priority).padStart(4) + ' ' : ''}${r.access.padEnd(5)} ${r.transport.padEnd(3)} ${portsText(r).padEnd(28)} ${peerText(r.peer)}`,
      );
    }
    if (rp.listeners.length) out.push(`    listeners: ${rp.listeners.map(listenerText).join(' ')} (probe ${rp.probePort})`);
  }
  return out;
}

