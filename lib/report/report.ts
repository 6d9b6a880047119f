/**
 * The firewall report: every planned rule with its sources (Markdown, CSV, JSON), the load-balanced
 * ports, skipped catalog entries with the reason, and the IPsec exemptions as notes and as a
 * PowerShell script. Engine-free: it reads plans, never cdktf.
 */
import { catalog } from '../catalog/index';
import type { CheckReport } from '../checks/types';
import { formatPorts } from '../model/ports';
import type { NetworkPlan, PlanPeer, PlannedRule, RolePlan } from '../plan/planner';

/** One network's plan, labelled for the report. */
export interface ReportInput {
  /** e.g. the stack name. */
  readonly stack: string;
  /** The network binding's construct path. */
  readonly network: string;
  readonly plan: NetworkPlan;
  /**
   * Terraform addresses of the rendered rule resources (`aws_vpc_security_group_ingress_rule.<id>`),
   * keyed by `ruleKey(role, direction, rule)`. The binding fills it at synth. Default: none known.
   */
  readonly addresses?: ReadonlyMap<string, readonly string[]>;
}

/** The key of a planned rule in `ReportInput.addresses`. */
export function ruleKey(role: string, direction: string, rule: string): string {
  return `${role}|${direction}|${rule}`;
}

/** Where a catalog id comes from: document, table and rows (custom rules: the user's program). */
export function sourceText(id: string): string {
  if (id.startsWith('custom:')) return `${id}: written in the program (allowFrom/allowTo)`;
  let text = sourceTexts.get(id);
  if (text === undefined) {
    if (!catalog.has(id)) return `${id}: not in the catalog`;
    const s = catalog.byId(id).source;
    text = `${id}: ${s.document}, ${s.table}, row${s.rows.length > 1 ? 's' : ''} ${s.rows.join(' ')}`;
    sourceTexts.set(id, text);
  }
  return text;
}

/** Source lines of catalog entries, made once per entry (every rule citing an entry repeats it). */
const sourceTexts = new Map<string, string>();

function unique(list: readonly (string | undefined)[]): string[] {
  return [...new Set(list.filter((x): x is string => !!x))];
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

/** Purpose, sources, justification and Terraform addresses of a planned rule. */
function ruleDetails(input: ReportInput, rp: RolePlan, r: PlannedRule) {
  let byRule = ruleTexts.get(input);
  if (!byRule) {
    byRule = new WeakMap();
    ruleTexts.set(input, byRule);
  }
  let texts = byRule.get(r);
  if (!texts) {
    texts = {
      purpose: r.access === 'deny' ? r.description : unique(r.contributions.map((c) => c.purpose)).sort().join('; '),
      sources: r.catalogIds.map(sourceText),
      justification: unique(r.contributions.map((c) => c.justification)).sort().join('; '),
    };
    byRule.set(r, texts);
  }
  return {
    purpose: texts.purpose,
    sources: [...texts.sources],
    justification: texts.justification,
    addresses: [...(input.addresses?.get(ruleKey(rp.name, r.direction, r.name)) ?? [])],
  };
}

/**
 * A rule's texts, made once per report input (the formats of one report show them all) and dropped
 * with it, so a plan kept after synth does not keep them.
 */
const ruleTexts = new WeakMap<ReportInput, WeakMap<PlannedRule, { readonly purpose: string; readonly sources: readonly string[]; readonly justification: string }>>();

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
  /** What the rule is for: the purposes of the flows merged into it. */
  readonly purpose: string;
  /** Per catalog id: document, table and rows. */
  readonly sources: readonly string[];
  /** Written reasons of the flows merged into the rule (empty when none was needed). */
  readonly justification: string;
  /** Terraform addresses of the rule's resources (empty when the report was built from a plan alone). */
  readonly addresses: readonly string[];
}

export function reportRows(inputs: readonly ReportInput[]): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const i of inputs) for (const rp of i.plan.roles) for (const row of roleRows(i, rp)) rows.push(row);
  return rows;
}

/** The rows of one role, one per planned rule. */
function roleRows(i: ReportInput, rp: RolePlan): ReportRow[] {
  // AWS: rule resources per planned rule, counted in one pass over the role's resources.
  const resources = new Map<string, number>();
  if (i.plan.cloud === 'aws') {
    for (const a of rp.awsRules) {
      const key = `${a.direction}|${a.rule}`;
      resources.set(key, (resources.get(key) ?? 0) + 1);
    }
  }
  return rp.rules.map((r) => {
    const d = ruleDetails(i, rp, r);
    return {
      stack: i.stack,
      cloud: i.plan.cloud,
      role: rp.name,
      rule: r.name,
      priority: i.plan.cloud === 'azure' ? r.priority : null,
      access: r.access,
      direction: r.direction,
      peer: peerText(r.peer),
      transport: r.transport,
      ports: portsText(r),
      catalogIds: r.catalogIds,
      resources: i.plan.cloud === 'aws' ? (resources.get(`${r.direction}|${r.name}`) ?? 0) : 1,
      purpose: d.purpose,
      sources: d.sources,
      justification: d.justification,
      addresses: d.addresses,
    };
  });
}

export function reportJson(inputs: readonly ReportInput[]): string {
  return [...reportJsonChunks(inputs)].join('');
}

/**
 * `JSON.stringify(value, null, 2)` as it reads nested `depth` levels deep (its lines indented by
 * 2 x depth spaces, the first one by the caller): the value is stringified inside `depth` arrays,
 * whose brackets are cut off, so the engine indents it (no second pass over the text).
 */
function nestedJson(value: unknown, depth: number): string {
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // "[\n  [\n    ...<value>...\n  ]\n]": the opening part is depth x ("[\n" + indent), the closing part mirrors it.
  let head = 0;
  for (let i = 0; i < depth; i++) head += 2 + 2 * (i + 1);
  let tail = 0;
  for (let i = 0; i < depth; i++) tail += 2 + 2 * i;
  return text.slice(head, text.length - tail);
}

/** The JSON report of one role. */
function roleJson(i: ReportInput, rp: RolePlan) {
  return {
    name: rp.name,
    kind: rp.kind,
    path: rp.path,
    // Object literals (no spreads): the same keys in the same order as the other formats' fields.
    rules: rp.rules.map((r) => {
      const d = ruleDetails(i, rp, r);
      return {
        name: r.name,
        priority: i.plan.cloud === 'azure' ? r.priority : null,
        access: r.access,
        direction: r.direction,
        peer: peerText(r.peer),
        transport: r.transport,
        ports: portsText(r),
        catalogIds: r.catalogIds,
        description: r.description,
        purpose: d.purpose,
        sources: d.sources,
        justification: d.justification,
        addresses: d.addresses,
      };
    }),
    awsRuleResources: rp.awsRules.length,
    ...(rp.remote ? { standInFor: rp.remote.members } : {}),
    listeners: rp.listeners.map((l) => ({ port: l.port, transport: l.transport, catalogIds: l.catalogIds })),
    probePort: rp.probePort ?? null,
    ipsec: rp.ipsec,
    skipped: rp.skipped,
    notes: rp.notes ?? [],
    egressAllowAllReason: rp.egressAllowAllReason ?? null,
  };
}

/**
 * The JSON report in pieces, one role at a time, so that a large app's report is written without
 * holding all of it (or a document of every rule) in memory: the text is exactly
 * `JSON.stringify([{ stack, network, cloud, roles, checks }, ...], null, 2)` and a newline.
 */
export function* reportJsonChunks(inputs: readonly ReportInput[]): Generator<string> {
  if (inputs.length === 0) {
    yield '[]\n';
    return;
  }
  let first = true;
  for (const i of inputs) {
    yield `${first ? '[\n' : ',\n'}  {\n    "stack": ${JSON.stringify(i.stack)},\n    "network": ${JSON.stringify(i.network)},\n    "cloud": ${JSON.stringify(i.plan.cloud)},\n`;
    first = false;
    if (i.plan.roles.length === 0) yield '    "roles": [],\n';
    else {
      let firstRole = true;
      for (const rp of i.plan.roles) {
        yield `${firstRole ? '    "roles": [\n' : ',\n'}      ${nestedJson(roleJson(i, rp), 3)}`;
        firstRole = false;
      }
      yield '\n    ],\n';
    }
    yield `    "checks": ${nestedJson(i.plan.checks ?? null, 2)}\n  }`;
  }
  yield '\n]\n';
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A Markdown table cell: pipes escaped, line breaks flattened. */
function mdCell(v: string | number): string {
  const text = String(v);
  return /[|\r\n]/.test(text) ? text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ') : text;
}

export function reportCsv(inputs: readonly ReportInput[]): string {
  return [...reportCsvChunks(inputs)].join('');
}

/** The rules CSV in pieces (a header, then one piece per role). */
export function* reportCsvChunks(inputs: readonly ReportInput[]): Generator<string> {
  yield 'stack,cloud,role,rule,priority,access,direction,peer,transport,ports,catalog_ids,resources,purpose,sources,justification,terraform_addresses\n';
  for (const i of inputs) {
    for (const rp of i.plan.roles) {
      let text = '';
      for (const r of roleRows(i, rp)) {
        text += `${[r.stack, r.cloud, r.role, r.rule, r.priority === null ? '' : String(r.priority), r.access, r.direction, r.peer, r.transport, r.ports, r.catalogIds.join(' '), String(r.resources), r.purpose, r.sources.join('; '), r.justification, r.addresses.join(' ')]
          .map(csvCell)
          .join(',')}\n`;
      }
      if (text) yield text;
    }
  }
}

/**
 * The checks as CSV: one line per check and role (pass, fail or suppressed), then the findings'
 * problem, fix and suppression reason on the lines that have them.
 */
export function reportChecksCsv(inputs: readonly ReportInput[]): string {
  return [...reportChecksCsvChunks(inputs)].join('');
}

/** The checks CSV in pieces (a header, then one piece per network). */
export function* reportChecksCsvChunks(inputs: readonly ReportInput[]): Generator<string> {
  yield 'stack,network,pack,check,role,rule,status,problem,fix,reason\n';
  for (const i of inputs) {
    const checks = i.plan.checks;
    if (!checks) continue;
    // Findings by check and role, in their order.
    const byStatus = new Map<string, CheckReport['findings'][number][]>();
    for (const f of checks.findings) {
      const key = `${f.check}\n${f.role}`;
      const list = byStatus.get(key);
      if (list) list.push(f);
      else byStatus.set(key, [f]);
    }
    let text = '';
    for (const s of checks.statuses) {
      const found = byStatus.get(`${s.check}\n${s.role}`) ?? [];
      const rows = found.length ? found.map((f) => [f.rule ?? '', f.status, f.problem, f.fix, f.reason ?? '']) : [['', 'pass', '', '', '']];
      for (const r of rows) text += `${[i.stack, i.network, s.pack, s.check, s.role, ...r].map(csvCell).join(',')}\n`;
    }
    yield text;
  }
}

function roleMarkdown(input: ReportInput, rp: RolePlan): string[] {
  const cloud = input.plan.cloud;
  const out: string[] = [];
  out.push(`### ${rp.kind}: \`${rp.name}\``, '', `Construct: \`${rp.path}\``, '');
  if (rp.outside) {
    out.push(`Outside the cloud (${rp.outside.cidrs.join(' ')}): nothing is rendered for it; set these rules on the firewall in front of it (they mirror the cloud roles' rules).`, '');
  }
  if (rp.remote) {
    out.push(
      `Stand-in for roles in other stacks (their hosts${cloud === 'aws' ? ' and load balancers' : ''} join this boundary): ${rp.remote.members.map((m) => `\`${m}\``).join(', ')}. It has no rules of its own; the rules below mirror this network's rules towards it, and the roles it stands for render their own side in their stacks.`,
      '',
    );
  }
  out.push('| rule | prio | access | dir | peer | proto | ports | cites | purpose | justification | terraform |', '|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rp.rules) {
    const d = ruleDetails(input, rp, r);
    const tf = d.addresses.length === 0 ? '' : d.addresses.length === 1 ? d.addresses[0] : `${d.addresses[0]} (+${d.addresses.length - 1} more)`;
    const cells = [r.name, cloud === 'azure' ? r.priority : '-', r.access, r.direction, peerText(r.peer), r.transport, portsText(r), r.catalogIds.join(' '), d.purpose, d.justification, tf];
    out.push(`| ${cells.map(mdCell).join(' | ')} |`);
  }
  if (cloud === 'aws' && !rp.outside && !rp.remote) {
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

/** The checks table and the findings (failed warnings, suppressed findings with their reason). */
function checksMarkdown(checks: CheckReport): string[] {
  const out: string[] = ['### Checks', '', '| check | level | suppressible | roles | failed | suppressed | what it looks for |', '|---|---|---|---|---|---|---|'];
  for (const c of checks.summary) {
    out.push(`| ${[c.check, c.level, c.suppressible ? 'yes' : 'no', c.roles, c.failed, c.suppressed, c.title].map(mdCell).join(' | ')} |`);
  }
  const failed = checks.findings.filter((f) => f.status === 'fail');
  const suppressed = checks.findings.filter((f) => f.status === 'suppressed');
  if (failed.length) {
    out.push('', 'Warnings:', '');
    for (const f of failed) out.push(`- ${f.check} on \`${f.role}\`${f.rule ? ` rule \`${f.rule}\`` : ''}: ${f.problem}. Fix: ${f.fix}`);
  }
  if (suppressed.length) {
    out.push('', 'Suppressed findings:', '');
    for (const f of suppressed) out.push(`- ${f.check} on \`${f.role}\`${f.rule ? ` rule \`${f.rule}\`` : ''}: ${f.problem}. Suppressed because: ${f.reason}`);
  }
  out.push('');
  return out;
}

export function reportMarkdown(inputs: readonly ReportInput[]): string {
  return [...reportMarkdownChunks(inputs)].join('');
}

/** The Markdown report in pieces (one per role and per checks section), each ending in a newline. */
export function* reportMarkdownChunks(inputs: readonly ReportInput[]): Generator<string> {
  yield '# Firewall report (cdktf-ms-ports)\n\n';
  for (const i of inputs) {
    yield `## ${i.stack} (${i.plan.cloud}, network \`${i.network}\`)\n\n`;
    for (const rp of i.plan.roles) yield `${roleMarkdown(i, rp).join('\n')}\n`;
    if (i.plan.checks) yield `${checksMarkdown(i.plan.checks).join('\n')}\n`;
  }
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
      `${stack} / ${rp.name} (${rp.kind})${rp.outside ? ' [outside the cloud: rules to set on its own firewall]' : ''}${rp.remote ? ` [stand-in for ${rp.remote.members.length} role(s) in other stacks: rendered there]` : ''}: ${ingress.length} inbound + ${egress.length} outbound rules` +
        (plan.cloud === 'aws' && !rp.outside && !rp.remote ? ` (${rp.awsRules.length} AWS rule resources${rp.awsSecurityGroups > 1 ? ` in ${rp.awsSecurityGroups} security groups` : ''})` : '') +
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

