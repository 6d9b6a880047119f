/**
 * The firewall report: every planned rule with its sources (Markdown, CSV, JSON), the load-balanced
 * ports, skipped catalog entries with the reason, and the IPsec exemptions as notes and as a
 * PowerShell script. Engine-free: it reads plans, never cdktf.
 */
import { catalog } from '../catalog/index';
import type { CheckReport } from '../checks/types';
import { formatPorts } from '../model/ports';
import { assertNever, existingText } from '../model/peer';
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
    case 'existing':
      return `${peer.name} (existing ${existingText(peer.ref)})`;
    default:
      return assertNever(peer, 'peer kind');
  }
}

function listenerText(l: { frontend?: string; transport: string; port: number }): string {
  return `${l.frontend ? `${l.frontend}:` : ''}${l.transport}/${l.port}`;
}

function portsText(rule: PlannedRule): string {
  return rule.ports.length ? formatPorts(rule.ports) : rule.transport === 'all' ? 'all' : '-';
}

/** The texts of a list of catalog ids, made once per distinct list in one report (rules of many roles cite the same entries). */
interface CiteTexts {
  /** Catalog ids, space-separated. */
  readonly cites: string;
  /** Per catalog id: document, table and rows. */
  readonly sources: readonly string[];
  /** `sources` joined with "; ". */
  readonly sourcesText: string;
  /** The JSON report's `catalogIds` and `sources` lists of a rule (made when first written). */
  json?: { readonly catalogIds: string; readonly sources: string };
}

/**
 * A planned rule's texts as every format of one report shows them, made once per rule for all
 * formats (and dropped with the role's pieces).
 */
interface RuleTexts {
  readonly peer: string;
  readonly ports: string;
  readonly cite: CiteTexts;
  readonly purpose: string;
  readonly justification: string;
  /** Terraform addresses of the rule's resources (the binding's list, read in place). */
  readonly addresses: readonly string[];
}

const NO_ADDRESSES: readonly string[] = [];

/** Texts of the flows merged into a rule (purposes or justifications): distinct, sorted, "; "-separated. */
function mergedText(list: readonly (string | undefined)[]): string {
  const texts = new Set<string>();
  for (const t of list) if (t) texts.add(t);
  return texts.size === 1 ? texts.values().next().value! : [...texts].sort().join('; ');
}

/**
 * What one report shares between its rules: the texts of each distinct list of catalog ids. Made
 * per report (one write, or one format's pieces) and dropped with it: nothing outlives the synth.
 */
class ReportTexts {
  private readonly citeTexts = new Map<string, CiteTexts>();

  /** The texts of every rule of a role, in its rule order. */
  rules(input: ReportInput, rp: RolePlan): RuleTexts[] {
    const list: RuleTexts[] = [];
    for (const r of rp.rules) {
      // Nearly every rule has one flow: its texts as they are.
      const c = r.contributions;
      list.push({
        peer: peerText(r.peer),
        ports: portsText(r),
        cite: this.cite(r.catalogIds),
        purpose: r.access === 'deny' ? r.description : c.length === 1 ? c[0].purpose || '' : mergedText(c.map((x) => x.purpose)),
        justification: c.length === 1 ? c[0].justification || '' : mergedText(c.map((x) => x.justification)),
        addresses: input.addresses?.get(ruleKey(rp.name, r.direction, r.name)) ?? NO_ADDRESSES,
      });
    }
    return list;
  }

  private cite(ids: readonly string[]): CiteTexts {
    const cites = ids.length === 1 ? ids[0] : ids.join(' ');
    let texts = this.citeTexts.get(cites);
    if (!texts) {
      const sources = ids.map(sourceText);
      texts = { cites, sources, sourcesText: sources.join('; ') };
      this.citeTexts.set(cites, texts);
    }
    return texts;
  }

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
  const shared = new ReportTexts();
  const rows: ReportRow[] = [];
  for (const i of inputs) {
    for (const rp of i.plan.roles) {
      const texts = shared.rules(i, rp);
      const resources = awsResourceCounts(i, rp);
      rp.rules.forEach((r, n) => {
        const t = texts[n];
        rows.push({
          stack: i.stack,
          cloud: i.plan.cloud,
          role: rp.name,
          rule: r.name,
          priority: i.plan.cloud === 'azure' ? r.priority : null,
          access: r.access,
          direction: r.direction,
          peer: t.peer,
          transport: r.transport,
          ports: t.ports,
          catalogIds: r.catalogIds,
          resources: resources ? (resources.get(`${r.direction}|${r.name}`) ?? 0) : 1,
          purpose: t.purpose,
          sources: t.cite.sources,
          justification: t.justification,
          addresses: t.addresses,
        });
      });
    }
  }
  return rows;
}

/** AWS: rule resources per planned rule (`direction|rule`), counted in one pass over the role's resources. Azure: undefined (1 each). */
function awsResourceCounts(i: ReportInput, rp: RolePlan): Map<string, number> | undefined {
  if (i.plan.cloud !== 'aws') return undefined;
  const resources = new Map<string, number>();
  for (const a of rp.awsRules) {
    const key = `${a.direction}|${a.rule}`;
    resources.set(key, (resources.get(key) ?? 0) + 1);
  }
  return resources;
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
  // Most of a role's lists are empty or plain strings: written without stringifying a wrapped copy.
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return jsonNumber(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const indent = '  '.repeat(depth + 1);
    let text: string | undefined = '[';
    for (let n = 0; n < value.length && text !== undefined; n++) {
      const v: unknown = value[n];
      text = typeof v === 'string' ? `${text}${n ? ',' : ''}\n${indent}${JSON.stringify(v)}` : undefined;
    }
    if (text !== undefined) return `${text}\n${'  '.repeat(depth)}]`;
  }
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

/** A number as JSON.stringify writes it. */
function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/** Pushes a list of strings as JSON.stringify(…, null, 2) writes it inside a rule of the JSON report (items indented by 14 spaces). */
function pushJsonStrings(out: string[], list: readonly string[]): void {
  if (list.length === 0) {
    out.push('[]');
    return;
  }
  for (let n = 0; n < list.length; n++) out.push(n ? ',\n              ' : '[\n              ', stringify(list[n]));
  out.push('\n            ]');
}

/** A string as JSON. */
const stringify = (text: string): string => JSON.stringify(text);

/** The JSON report's opening of one network, up to its roles (`first`: the document's first network). */
function jsonNetworkHead(i: ReportInput, first: boolean): string {
  return `${first ? '[\n' : ',\n'}  {\n    "stack": ${JSON.stringify(i.stack)},\n    "network": ${JSON.stringify(i.network)},\n    "cloud": ${JSON.stringify(i.plan.cloud)},\n${i.plan.roles.length === 0 ? '    "roles": [],\n' : ''}`;
}

/** The JSON report's closing of one network, after its roles: the end of the role list and the checks. */
function jsonNetworkTail(i: ReportInput): string {
  return `${i.plan.roles.length === 0 ? '' : '\n    ],\n'}    "checks": ${nestedJson(i.plan.checks ?? null, 2)}\n  }`;
}

/**
 * The JSON text of one role in the document, preceded by what separates it from the previous role
 * (`first`: opens the role list), exactly as `JSON.stringify` writes it: the rules, which make
 * nearly all of it, written field by field from their texts as pieces joined once (no string of
 * many small concatenations to flatten, no object graph to stringify); the role's other lists stringified.
 */
function roleJson(i: ReportInput, rp: RolePlan, texts: readonly RuleTexts[], first: boolean): string {
  const azure = i.plan.cloud === 'azure';
  const out: string[] = [first ? '    "roles": [\n      {\n        "name": ' : ',\n      {\n        "name": ', stringify(rp.name), ',\n        "kind": ', stringify(rp.kind), ...(rp.productVersion ? [',\n        "version": ', stringify(rp.productVersion)] : []), ',\n        "path": ', stringify(rp.path), ',\n        "rules": '];
  if (rp.rules.length === 0) out.push('[]');
  else {
    for (let n = 0; n < rp.rules.length; n++) {
      const r = rp.rules[n];
      const t = texts[n];
      let cite = t.cite.json;
      if (!cite) {
        const ids: string[] = [];
        pushJsonStrings(ids, r.catalogIds);
        const sources: string[] = [];
        pushJsonStrings(sources, t.cite.sources);
        cite = t.cite.json = { catalogIds: ids.join(''), sources: sources.join('') };
      }
      out.push(
        n ? ',\n          {\n            "name": ' : '[\n          {\n            "name": ',
        stringify(r.name),
        ',\n            "priority": ',
        azure ? jsonNumber(r.priority) : 'null',
        ',\n            "access": ',
        stringify(r.access),
        ',\n            "direction": ',
        stringify(r.direction),
        ',\n            "peer": ',
        stringify(t.peer),
        ',\n            "transport": ',
        stringify(r.transport),
        ',\n            "ports": ',
        stringify(t.ports),
        ',\n            "catalogIds": ',
        cite.catalogIds,
        ',\n            "description": ',
        stringify(r.description),
        ',\n            "purpose": ',
        stringify(t.purpose),
        ',\n            "sources": ',
        cite.sources,
        ',\n            "justification": ',
        stringify(t.justification),
        ',\n            "addresses": ',
      );
      pushJsonStrings(out, t.addresses);
      out.push('\n          }');
    }
    out.push('\n        ]');
  }
  out.push(',\n        "awsRuleResources": ', jsonNumber(rp.awsRules.length), ',\n');
  if (rp.remote) out.push('        "standInFor": ', nestedJson(rp.remote.members, 4), ',\n');
  out.push(
    '        "listeners": ',
    nestedJson(
      rp.listeners.map((l) => ({ port: l.port, transport: l.transport, catalogIds: l.catalogIds })),
      4,
    ),
    ',\n        "probePort": ',
    nestedJson(rp.probePort ?? null, 4),
    ',\n        "ipsec": ',
    nestedJson(rp.ipsec, 4),
    ',\n        "skipped": ',
    nestedJson(rp.skipped, 4),
    ',\n        "notes": ',
    nestedJson(rp.notes ?? [], 4),
    ',\n        "egressAllowAllReason": ',
    nestedJson(rp.egressAllowAllReason ?? null, 4),
    '\n      }',
  );
  return out.join('');
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
  const shared = new ReportTexts();
  let first = true;
  for (const i of inputs) {
    yield jsonNetworkHead(i, first);
    first = false;
    let firstRole = true;
    for (const rp of i.plan.roles) {
      yield roleJson(i, rp, shared.rules(i, rp), firstRole);
      firstRole = false;
    }
    yield jsonNetworkTail(i);
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

const CSV_HEADER = 'stack,cloud,role,rule,priority,access,direction,peer,transport,ports,catalog_ids,resources,purpose,sources,justification,terraform_addresses\n';

/** The CSV lines of a role's rules ('' when it has none). */
function roleCsv(i: ReportInput, rp: RolePlan, texts: readonly RuleTexts[]): string {
  if (rp.rules.length === 0) return '';
  const azure = i.plan.cloud === 'azure';
  const resources = awsResourceCounts(i, rp);
  const role = `${csvCell(i.stack)},${csvCell(i.plan.cloud)},${csvCell(rp.name)},`;
  const out: string[] = [];
  for (let n = 0; n < rp.rules.length; n++) {
    const r = rp.rules[n];
    const t = texts[n];
    const a = t.addresses;
    // Numbers need no quoting.
    out.push(
      role,
      csvCell(r.name),
      azure ? `,${r.priority},` : ',,',
      csvCell(r.access),
      ',',
      csvCell(r.direction),
      ',',
      csvCell(t.peer),
      ',',
      csvCell(r.transport),
      ',',
      csvCell(t.ports),
      ',',
      csvCell(t.cite.cites),
      resources ? `,${resources.get(`${r.direction}|${r.name}`) ?? 0},` : ',1,',
      csvCell(t.purpose),
      ',',
      csvCell(t.cite.sourcesText),
      ',',
      csvCell(t.justification),
      ',',
      a.length === 0 ? '' : csvCell(a.length === 1 ? a[0] : a.join(' ')),
      '\n',
    );
  }
  return out.join('');
}

/** The rules CSV in pieces (a header, then one piece per role). */
export function* reportCsvChunks(inputs: readonly ReportInput[]): Generator<string> {
  yield CSV_HEADER;
  const shared = new ReportTexts();
  for (const i of inputs) {
    for (const rp of i.plan.roles) {
      if (rp.rules.length) yield roleCsv(i, rp, shared.rules(i, rp));
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

const CHECKS_CSV_HEADER = 'stack,network,pack,check,role,rule,status,problem,fix,reason\n';

/** The checks CSV lines of one network (undefined when it has no checks). */
function networkChecksCsv(i: ReportInput): string | undefined {
  const checks = i.plan.checks;
  if (!checks) return undefined;
  // Findings by check and role, in their order.
  const byStatus = new Map<string, CheckReport['findings'][number][]>();
  for (const f of checks.findings) {
    const key = `${f.check}\n${f.role}`;
    const list = byStatus.get(key);
    if (list) list.push(f);
    else byStatus.set(key, [f]);
  }
  const head = `${csvCell(i.stack)},${csvCell(i.network)},`;
  const out: string[] = [];
  for (const s of checks.statuses) {
    const status = `${head}${csvCell(s.pack)},${csvCell(s.check)},${csvCell(s.role)},`;
    const found = byStatus.get(`${s.check}\n${s.role}`);
    if (!found) out.push(status, ',pass,,,\n');
    else {
      for (const f of found) out.push(status, csvCell(f.rule ?? ''), ',', csvCell(f.status), ',', csvCell(f.problem), ',', csvCell(f.fix), ',', csvCell(f.reason ?? ''), '\n');
    }
  }
  return out.join('');
}

/** The checks CSV in pieces (a header, then one piece per network). */
export function* reportChecksCsvChunks(inputs: readonly ReportInput[]): Generator<string> {
  yield CHECKS_CSV_HEADER;
  for (const i of inputs) {
    const text = networkChecksCsv(i);
    if (text !== undefined) yield text;
  }
}

/** The Markdown of one role, ending in a newline. */
function roleMarkdown(input: ReportInput, rp: RolePlan, texts: readonly RuleTexts[]): string {
  const cloud = input.plan.cloud;
  // Pieces joined once: each line followed by a newline, the rule rows written cell by cell.
  const out: string[] = [];
  const lines = (...list: string[]): void => {
    for (const l of list) out.push(l, '\n');
  };
  lines(`### ${rp.kind}: \`${rp.name}\``, '', `Construct: \`${rp.path}\``, '');
  if (rp.productVersion) lines(`Version: ${rp.productVersion} (catalog/versions.ts: the rows of this version, with their sources)`, '');
  if (rp.outside) {
    lines(`Outside the cloud (${rp.outside.cidrs.join(' ')}): nothing is rendered for it; set these rules on the firewall in front of it (they mirror the cloud roles' rules).`, '');
  }
  if (rp.remote) {
    lines(
      `Stand-in for roles in other stacks (their hosts${cloud === 'aws' ? ' and load balancers' : ''} join this boundary): ${rp.remote.members.map((m) => `\`${m}\``).join(', ')}. It has no rules of its own; the rules below mirror this network's rules towards it, and the roles it stands for render their own side in their stacks.`,
      '',
    );
  }
  lines('| rule | prio | access | dir | peer | proto | ports | cites | purpose | justification | terraform |', '|---|---|---|---|---|---|---|---|---|---|---|');
  if (rp.rules.length) {
    for (let n = 0; n < rp.rules.length; n++) {
      const r = rp.rules[n];
      const t = texts[n];
      const a = t.addresses;
      out.push(
        '| ',
        mdCell(r.name),
        cloud === 'azure' ? ` | ${r.priority} | ` : ' | - | ',
        mdCell(r.access),
        ' | ',
        mdCell(r.direction),
        ' | ',
        mdCell(t.peer),
        ' | ',
        mdCell(r.transport),
        ' | ',
        mdCell(t.ports),
        ' | ',
        mdCell(t.cite.cites),
        ' | ',
        mdCell(t.purpose),
        ' | ',
        mdCell(t.justification),
        ' | ',
        a.length === 0 ? '' : mdCell(a.length === 1 ? a[0] : `${a[0]} (+${a.length - 1} more)`),
        ' |\n',
      );
    }
  }
  if (cloud === 'aws' && !rp.outside && !rp.remote) {
    lines('', `AWS rule resources (one per peer address x transport x range): ${rp.awsRules.length}${rp.awsSecurityGroups > 1 ? `, spread over ${rp.awsSecurityGroups} security groups for the same hosts (quota)` : ''}`);
  }
  if (rp.egressAllowAllReason) lines('', `All egress allowed on purpose: ${rp.egressAllowAllReason}`);
  if (rp.listeners.length) {
    lines('', `Load balancer (${rp.internetFacing ? 'internet-facing, ' : ''}pass-through, health probe TCP ${rp.probePort}): ${rp.listeners.map(listenerText).join(', ')}`);
  }
  if (rp.ipsec.length) {
    lines('', 'IPsec exemptions (apply on the hosts; security groups cannot express IPsec):', '');
    for (const n of rp.ipsec) {
      lines(`- ${n.ruleName} (${n.catalogId}): ${n.direction}, ${n.transports.join('+').toUpperCase()}, source ports ${n.sourcePorts}, destination ports ${n.destinationPorts}, do not authenticate. ${n.reason}`);
    }
  }
  if (rp.skipped.length) {
    lines('', 'Catalog entries not rendered:', '');
    for (const s of rp.skipped) lines(`- ${s.catalogId}: ${s.reason}`);
  }
  if (rp.notes?.length) {
    lines('', 'Rendered differently on this cloud:', '');
    for (const n of rp.notes) lines(`- ${n}`);
  }
  lines('');
  return out.join('');
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

const MD_TITLE = '# Firewall report (cdktf-ms-ports)\n\n';

function networkMarkdownHead(i: ReportInput): string {
  return `## ${i.stack} (${i.plan.cloud}, network \`${i.network}\`)\n\n`;
}

/** The Markdown report in pieces (one per role and per checks section), each ending in a newline. */
export function* reportMarkdownChunks(inputs: readonly ReportInput[]): Generator<string> {
  yield MD_TITLE;
  const shared = new ReportTexts();
  for (const i of inputs) {
    yield networkMarkdownHead(i);
    for (const rp of i.plan.roles) yield roleMarkdown(i, rp, rp.rules.length ? shared.rules(i, rp) : []);
    if (i.plan.checks) yield `${checksMarkdown(i.plan.checks).join('\n')}\n`;
  }
}

/** Where `writeReport` sends each format's pieces (a format left out is not made). */
export interface ReportSinks {
  readonly md?: (chunk: string) => void;
  readonly csv?: (chunk: string) => void;
  readonly checksCsv?: (chunk: string) => void;
  readonly json?: (chunk: string) => void;
}

/**
 * Every asked format of the report in one pass over the roles: each rule's texts are made once
 * for all formats and dropped with the role, and each format gets the same pieces as its
 * `report*Chunks` generator gives (their concatenation is the same text).
 */
export function writeReport(inputs: readonly ReportInput[], sinks: ReportSinks): void {
  const { md, csv, checksCsv, json } = sinks;
  const shared = new ReportTexts();
  md?.(MD_TITLE);
  csv?.(CSV_HEADER);
  checksCsv?.(CHECKS_CSV_HEADER);
  if (json && inputs.length === 0) json('[]\n');
  const rulesWanted = !!(md || csv || json);
  let first = true;
  for (const i of inputs) {
    md?.(networkMarkdownHead(i));
    json?.(jsonNetworkHead(i, first));
    first = false;
    let firstRole = true;
    for (const rp of i.plan.roles) {
      const texts = rulesWanted && rp.rules.length ? shared.rules(i, rp) : [];
      md?.(roleMarkdown(i, rp, texts));
      if (csv && rp.rules.length) csv(roleCsv(i, rp, texts));
      json?.(roleJson(i, rp, texts, firstRole));
      firstRole = false;
    }
    json?.(jsonNetworkTail(i));
    if (md && i.plan.checks) md(`${checksMarkdown(i.plan.checks).join('\n')}\n`);
    if (checksCsv) {
      const text = networkChecksCsv(i);
      if (text !== undefined) checksCsv(text);
    }
  }
  if (json && inputs.length) json('\n]\n');
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

