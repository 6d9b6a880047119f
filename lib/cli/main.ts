/**
 * `cdktf-ms-ports`: the command line for reviewers and platform engineers.
 *
 *   ports <role | port | service | catalog id> [--json]
 *   report <cdktf.out> [--format md|csv|json] [--from-terraform]
 *   verify <cdk.tf.json | cdktf.out> --from <internet|address|role> --to <role> --port <n/tcp|n/udp|icmp> [--stack s] [--vnet cidr,...] [--to-address a] [--json]
 *   diff <old> <new>            (two report JSON files or two cdktf.out directories)
 *
 * Exit codes: 0 success / allowed / no difference; 1 denied / differences; 2 usage error (a bad
 * argument, named in the message, or files that are not cdktf-ms-ports output).
 * Engine-free: reads files, never constructs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { catalog } from '../catalog/index';
import { formatPorts, parsePorts, subtract, type PortRange } from '../model/ports';
import { parseCidr } from '../model/cidr';
import { parseStack, type ParsedStack, type TerraformJson } from '../verify/terraform';
import { parsePortSpec, verifyAppFlow, verifyFlow, VerifyUsageError, type Verdict } from '../verify/verify';
import { entryRow, type AnyCatalogEntry } from './entries';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = `usage: cdktf-ms-ports <command> ...
  ports <role | port | service | catalog id> [--json]   what the catalog says, with sources
  report <cdktf.out> [--format md|csv|json] [--from-terraform]
                                                         print the firewall report of a synth
  verify <cdk.tf.json | cdktf.out> --from <internet | address | role> --to <role>   (roles of other stacks: <stack>/<role>)
         --port <n/tcp | n/udp | icmp> [--stack <name>] [--vnet <cidr,...>] [--to-address <ip>] [--json]
                                                         allowed (exit 0) or denied (exit 1), and which rule decided;
                                                         --to a group: checked to the hosts of each role that joins it
  diff <old> <new>                                       flows added and removed per role (two report JSON
                                                         files or two cdktf.out directories); exit 1 if any
  --version, <command> --help`;

class UsageError extends Error {}

const COMMANDS: readonly (string | undefined)[] = ['ports', 'report', 'verify', 'diff'];

/** The usage lines of one command (from the first line naming it to the next command's line). */
function commandUsage(command: string | undefined): string {
  const lines = USAGE.split('\n').slice(1);
  const start = lines.findIndex((l) => l.startsWith(`  ${command} `));
  const end = lines.findIndex((l, i) => i > start && /^  (?:[a-z]+ |--)/.test(l));
  return [`usage: cdktf-ms-ports ${command} ...`, ...lines.slice(start, end < 0 ? undefined : end)].join('\n');
}

/** This package's version, from its package.json (found upwards from this file: the sources or dist/). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cdktf-ms-ports' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

function parseArgs(argv: readonly string[], flags: readonly string[], switches: readonly string[]): { positional: string[]; options: Map<string, string> } {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      if (switches.includes(name)) {
        options.set(name, 'true');
      } else if (flags.includes(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        options.set(name, v);
      } else throw new UsageError(`unknown option --${name}`);
    } else positional.push(a);
  }
  return { positional, options };
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------- ports

/** A port number as written (`5061`), refused outside 1-65535 with the argument named. */
function portNumber(q: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`ports ${q}: ${text} is not a port number (1-65535)`);
  return n;
}

function lookup(q: string): { title: string; entries: AnyCatalogEntry[] } {
  if (catalog.has(q)) return { title: `catalog id ${q}`, entries: [catalog.byId(q) as AnyCatalogEntry] };
  if (/^\d+$/.test(q)) return { title: `port ${q}`, entries: [...catalog.byPort(portNumber(q, q))] };
  const m = /^(\d+)\/([A-Za-z]+)$/.exec(q);
  if (m) {
    if (m[2] !== 'tcp' && m[2] !== 'udp') throw new UsageError(`ports ${q}: "${m[2]}" is not tcp or udp (write 5061/tcp or 5061/udp, or the port alone for both)`);
    return { title: `port ${q}`, entries: [...catalog.byPort(portNumber(q, m[1]), m[2])] };
  }
  if (catalog.serviceKeys().includes(q)) {
    const svc = catalog.service(q);
    return { title: `Windows service ${svc.key} (${svc.name})`, entries: svc.entries.map((id) => catalog.byId(id) as AnyCatalogEntry) };
  }
  for (const role of [q, `sfb-${q}`]) {
    if (!catalog.isRole(role)) continue;
    return { title: `role ${role}`, entries: [...catalog.byRole(role)] };
  }
  const roles = [...new Set(catalog.all().map((e) => e.role))].sort();
  throw new UsageError(`nothing in the catalog matches "${q}": give a catalog id, a port (5061 or 5061/tcp), a Windows service (${catalog.serviceKeys().slice(0, 6).join(', ')}, ...) or a role (${roles.slice(0, 6).join(', ')}, ...)`);
}

function ports(argv: readonly string[], io: Io): number {
  const { positional, options } = parseArgs(argv, [], ['json']);
  if (positional.length !== 1) throw new UsageError('ports takes one query: a role, a port, a service or a catalog id');
  const found = lookup(positional[0]);
  const rows = found.entries.map(entryRow);
  if (options.has('json')) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const head = ['id', 'transport', 'ports', 'direction', 'peers', 'requirement', 'purpose', 'source'];
  io.out(`${found.title}: ${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}\n`);
  io.out(`${table(head, rows.map((r) => [r.id, r.transports, r.ports, r.direction, r.peers, r.requirement, r.purpose, r.source]))}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------- report

function stackFiles(target: string): { stack: string; file: string }[] {
  if (!fs.existsSync(target)) throw new UsageError(`${target} does not exist`);
  if (fs.statSync(target).isFile()) return [{ stack: path.basename(path.dirname(target)), file: target }];
  const stacks = path.join(target, 'stacks');
  if (fs.existsSync(path.join(target, 'cdk.tf.json'))) return [{ stack: path.basename(target), file: path.join(target, 'cdk.tf.json') }];
  if (!fs.existsSync(stacks)) throw new UsageError(`${target} holds neither cdk.tf.json nor stacks/ (give a cdktf.out directory or a cdk.tf.json file)`);
  return fs
    .readdirSync(stacks)
    .sort()
    .map((s) => ({ stack: s, file: path.join(stacks, s, 'cdk.tf.json') }))
    .filter((s) => fs.existsSync(s.file));
}

/**
 * True for the Terraform JSON of a stack with cdktf-ms-ports networks: the library writes one
 * boundary output per role (its role name and security group, or NSG and application security group).
 */
function isLibraryStack(json: unknown): boolean {
  const outputs = (json as { output?: Record<string, { value?: unknown }> } | null)?.output;
  if (!outputs || typeof outputs !== 'object') return false;
  return Object.values(outputs).some((o) => {
    const v = o?.value as Record<string, unknown> | undefined;
    return !!v && typeof v === 'object' && typeof v.role === 'string' && (v.securityGroupId !== undefined || v.applicationSecurityGroupId !== undefined);
  });
}

/** The stacks of `target` written by the library; a usage error naming the argument when there is none. */
function libraryStacks(target: string, command: string): { stack: string; file: string; json: TerraformJson }[] {
  const all = stackFiles(target).map((s) => ({ ...s, json: readJson(s.file) }));
  const ours = all.filter((s) => isLibraryStack(s.json));
  if (ours.length === 0) {
    const file = fs.statSync(target).isFile();
    const what = file
      ? 'this JSON has'
      : `its ${all.length} stack${all.length === 1 ? '' : 's'} (${all.map((s) => s.stack).slice(0, 5).join(', ')}${all.length > 5 ? ', ...' : ''}) ha${all.length === 1 ? 's' : 've'}`;
    throw new UsageError(
      `${command} ${target}: not the output of cdktf-ms-ports: ${what} none of the library's role boundary outputs (a security group, or an NSG and application security group, per role); give the cdktf.out (or a cdk.tf.json) of an app that uses cdktf-ms-ports${command === 'diff' ? ', or its reports/firewall-report.json' : ''}`,
    );
  }
  return ours;
}

function readJson(file: string): TerraformJson {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformJson;
  } catch (e) {
    throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
  }
}

/** Rule rows read back from Terraform JSON (for outputs whose report was turned off). */
export function terraformRows(stack: string, json: TerraformJson): string[][] {
  let parsed;
  try {
    parsed = parseStack(json);
  } catch {
    return [];
  }
  const roleOfGroup = new Map<string, string>();
  const roleOfNsg = new Map<string, string>();
  for (const b of parsed.boundaries.values()) {
    roleOfGroup.set(b.groups[0], b.role);
    if (b.nsg) roleOfNsg.set(b.nsg, b.role);
  }
  const rows: string[][] = [];
  for (const r of parsed.azureRules) {
    const peerSide = r.direction === 'Inbound' ? [...r.sourcePrefixes, ...r.sourceGroups] : [...r.destinationPrefixes, ...r.destinationGroups];
    rows.push([stack, roleOfNsg.get(r.nsg) ?? r.nsg, r.direction === 'Inbound' ? 'ingress' : 'egress', r.name, String(r.priority), r.access.toLowerCase(), peerSide.map((p) => (roleOfGroup.has(p) ? `role ${roleOfGroup.get(p)}` : p)).join(' '), r.protocol.toLowerCase(), r.ports.join(','), r.address]);
  }
  for (const r of parsed.awsRules) {
    const peer = r.referencedGroup ? `role ${roleOfGroup.get(r.referencedGroup) ?? r.referencedGroup}` : r.cidr ?? '';
    const range = r.from === undefined || r.from === -1 ? 'all' : r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
    rows.push([stack, roleOfGroup.get(r.securityGroup) ?? r.securityGroup, r.direction, r.name ?? r.address, '-', 'allow', peer, r.protocol === '-1' ? 'all' : r.protocol, range, r.address]);
  }
  return rows.sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
}

function report(argv: readonly string[], io: Io): number {
  const { positional, options } = parseArgs(argv, ['format'], ['from-terraform']);
  if (positional.length !== 1) throw new UsageError('report takes one cdktf.out directory');
  const format = options.get('format') ?? 'md';
  if (!['md', 'csv', 'json'].includes(format)) throw new UsageError(`--format ${format} is not md, csv or json`);
  const saved = path.join(positional[0], 'reports', `firewall-report.${format}`);
  if (!options.has('from-terraform') && fs.existsSync(saved)) {
    io.out(fs.readFileSync(saved, 'utf8'));
    return 0;
  }
  const rows = libraryStacks(positional[0], 'report').flatMap((s) => terraformRows(s.stack, s.json));
  const head = ['stack', 'role', 'direction', 'rule', 'priority', 'access', 'peer', 'protocol', 'ports', 'terraform'];
  if (format === 'json') io.out(`${JSON.stringify(rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]]))), null, 2)}\n`);
  else if (format === 'csv') io.out(`${[head, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`);
  else io.out(`# Rules read back from Terraform JSON (cdktf-ms-ports)\n\n${table(head, rows)}\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------- verify

/** An address or CIDR given to a flag (`--vnet`, `--to-address`), refused with the flag named. */
function addressArg(flag: string, value: string): string {
  const text = value.includes('/') ? value : `${value}/${value.includes(':') ? 128 : 32}`;
  try {
    parseCidr(text);
  } catch (e) {
    throw new UsageError(`${flag} "${value}" is not an IP address or CIDR (${(e as Error).message})`);
  }
  return value;
}

/**
 * The roles whose hosts join `name` when it is a group boundary of the stack (a domain's members, a
 * Skype site group, an egress group): their boundary outputs list its group among the groups their
 * hosts also attach. Undefined for a role's own boundary. A group has no hosts of its own (on Azure
 * not even an NSG), so a flow to it is answered for the hosts of each member role, on both clouds.
 */
function groupMembers(stack: ParsedStack, name: string): string[] | undefined {
  const own = stack.boundaries.get(name)!;
  const members = [...stack.boundaries.values()].filter((b) => b.role !== name && b.groups.slice(1).includes(own.groups[0])).map((b) => b.role);
  if (members.length) return members.sort();
  return own.nsg === undefined && stack.cloud === 'azure' ? [] : undefined;
}

interface StackVerdict {
  readonly stack: string;
  readonly verdict: Verdict;
  /** For a group: the verdict for the hosts of each member role. */
  readonly members?: readonly { readonly role: string; readonly verdict: Verdict }[];
}

function verify(argv: readonly string[], io: Io): number {
  const { positional, options } = parseArgs(argv, ['from', 'to', 'port', 'stack', 'vnet', 'to-address'], ['json']);
  if (positional.length !== 1) throw new UsageError('verify takes one cdk.tf.json file or cdktf.out directory');
  for (const f of ['from', 'to', 'port']) if (!options.has(f)) throw new UsageError(`verify needs --${f}`);
  const query = {
    from: options.get('from')!,
    to: options.get('to')!,
    port: options.get('port')!,
    vnet: options.get('vnet')?.split(',').map((v) => addressArg('--vnet', v.trim())),
    toAddress: options.has('to-address') ? addressArg('--to-address', options.get('to-address')!) : undefined,
  };
  try {
    parsePortSpec(query.port);
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
  const stack = options.get('stack');
  // Roles named <stack>/<role>: across the stacks of the app (roles wired across stacks).
  if (query.to.includes('/') || query.from.includes('/')) {
    if (stack) throw new UsageError('--stack is for roles of one stack; roles named <stack>/<role> are looked up across the app');
    const all = libraryStacks(positional[0], 'verify').map((s) => ({ name: s.stack, json: s.json }));
    const verdict = verifyAppFlow(all, query);
    if (options.has('json')) io.out(`${JSON.stringify([{ stack: 'app', cloud: verdict.cloud, allowed: verdict.allowed, decidedBy: verdict.decidedBy }], null, 2)}\n`);
    else io.out(`app ${verdict.text}\n`);
    return verdict.allowed ? 0 : 1;
  }
  const ours = libraryStacks(positional[0], 'verify');
  if (stack !== undefined && !ours.some((s) => s.stack === stack)) {
    throw new UsageError(`--stack ${stack}: ${positional[0]} has no stack of that name with cdktf-ms-ports networks (it has ${ours.map((s) => s.stack).join(', ')})`);
  }
  const verdicts: StackVerdict[] = [];
  for (const s of ours.filter((x) => !stack || x.stack === stack)) {
    let parsed: ParsedStack;
    try {
      parsed = parseStack(s.json);
    } catch {
      continue;
    }
    if (!parsed.boundaries.has(query.to)) continue;
    const members = groupMembers(parsed, query.to);
    if (members === undefined) {
      verdicts.push({ stack: s.stack, verdict: verifyFlow(s.json, query) });
      continue;
    }
    if (members.length === 0) {
      throw new UsageError(`--to ${query.to} is a group boundary in stack ${s.stack} that no role of the stack joins, so it has no hosts there: name a role whose hosts join it (in another stack: <stack>/<role>)`);
    }
    const each = members.map((role) => ({ role, verdict: verifyFlow(s.json, { ...query, to: role }) }));
    const allowed = each.every((m) => m.verdict.allowed);
    const text = [
      `${parsed.cloud}: ${query.from} -> ${query.to} on ${query.port}: ${allowed ? 'ALLOWED' : 'DENIED'} (a group: its hosts are those of the roles that join it, ${members.join(', ')}; allowed to ${each.filter((m) => m.verdict.allowed).length} of ${members.length})`,
      ...each.flatMap((m) => m.verdict.text.split('\n').map((l) => `  ${l}`)),
    ].join('\n');
    verdicts.push({ stack: s.stack, verdict: { cloud: parsed.cloud, query, allowed, decidedBy: each.flatMap((m) => m.verdict.decidedBy), text }, members: each });
  }
  if (verdicts.length === 0) throw new UsageError(`--to ${query.to}: no stack${stack ? ` named ${stack}` : ''} in ${positional[0]} has a role named "${query.to}"`);
  if (options.has('json')) {
    io.out(
      `${JSON.stringify(
        verdicts.map((v) => ({
          stack: v.stack,
          cloud: v.verdict.cloud,
          allowed: v.verdict.allowed,
          decidedBy: v.verdict.decidedBy,
          ...(v.members ? { group: query.to, members: v.members.map((m) => ({ role: m.role, allowed: m.verdict.allowed, decidedBy: m.verdict.decidedBy })) } : {}),
        })),
        null,
        2,
      )}\n`,
    );
  } else {
    for (const v of verdicts) io.out(`${v.stack} ${v.verdict.text}\n`);
  }
  return verdicts.every((v) => v.verdict.allowed) ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------- diff

interface FlowRow {
  key: string;
  ports: PortRange[];
  portless: string;
}

function flowsOf(target: string): Map<string, FlowRow> {
  const file = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'reports', 'firewall-report.json') : target;
  const out = new Map<string, FlowRow>();
  const add = (key: string, portsText: string) => {
    const row = out.get(key) ?? { key, ports: [], portless: '' };
    if (/^\d[\d,-]*$/.test(portsText)) row.ports = parsePorts([...row.ports.map((r) => `${r.from}-${r.to}`), ...portsText.split(',')]);
    else row.portless = portsText;
    out.set(key, row);
  };
  const parsed: unknown = fs.existsSync(file) && fs.statSync(file).isFile() ? readJson(file) : undefined;
  const terraformFile = file === target && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'resource' in parsed;
  if (parsed !== undefined && !terraformFile) {
    const doc = reportDoc(file, parsed);
    for (const n of doc) for (const r of n.roles) for (const x of r.rules) if (x.access === 'allow') add(`${n.stack} ${r.name} ${x.direction} ${x.transport} from/to ${x.peer}`, x.ports);
    return out;
  }
  if (!fs.existsSync(target)) throw new UsageError(`diff ${target}: it does not exist`);
  for (const s of libraryStacks(target, 'diff')) {
    // the same key whether a stack is read from a report or from Terraform: stack, role, direction, transport, peer
    for (const r of terraformRows(s.stack, s.json)) {
      if (r[5] !== 'allow') continue;
      add(`${r[0]} ${r[1]} ${r[2]} ${r[7]} from/to ${r[6]}`, r[8] === '*' || r[8] === 'all' ? '1-65535' : r[8]);
    }
  }
  return out;
}

interface ReportRule {
  access: string;
  direction: string;
  peer: string;
  transport: string;
  ports: string;
}
type ReportDoc = { stack: string; roles: { name: string; rules: ReportRule[] }[] }[];

/** The firewall report JSON the library writes at synth (networks, their roles, their rules), checked before it is read. */
function reportDoc(file: string, doc: unknown): ReportDoc {
  const str = (v: unknown) => typeof v === 'string';
  const isRule = (x: unknown) => !!x && typeof x === 'object' && ['access', 'direction', 'peer', 'transport', 'ports'].every((k) => str((x as Record<string, unknown>)[k]));
  const isRole = (r: unknown) => !!r && typeof r === 'object' && str((r as Record<string, unknown>).name) && Array.isArray((r as { rules?: unknown }).rules) && (r as { rules: unknown[] }).rules.every(isRule);
  const isNetwork = (n: unknown) => !!n && typeof n === 'object' && str((n as Record<string, unknown>).stack) && Array.isArray((n as { roles?: unknown }).roles) && (n as { roles: unknown[] }).roles.every(isRole);
  if (!Array.isArray(doc) || doc.length === 0 || !doc.every(isNetwork)) {
    throw new UsageError(
      `diff ${file}: not a firewall report JSON of cdktf-ms-ports (${Array.isArray(doc) ? (doc.length === 0 ? 'an empty list' : 'a list of something else') : `a JSON ${doc === null ? 'null' : typeof doc}`}; the report is a list of networks, each with its stack, roles and their rules); give the reports/firewall-report.json written at synth, or a cdktf.out directory`,
    );
  }
  return doc as ReportDoc;
}

function diff(argv: readonly string[], io: Io): number {
  const { positional } = parseArgs(argv, [], []);
  if (positional.length !== 2) throw new UsageError('diff takes two reports (JSON files or cdktf.out directories): old and new');
  const before = flowsOf(positional[0]);
  const after = flowsOf(positional[1]);
  const lines: string[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(key);
    const b = after.get(key);
    const added = subtract(b?.ports ?? [], a?.ports ?? []);
    const removed = subtract(a?.ports ?? [], b?.ports ?? []);
    if (added.length) lines.push(`+ ${key}: ${formatPorts(added)}`);
    if (removed.length) lines.push(`- ${key}: ${formatPorts(removed)}`);
    if (b?.portless && !a?.portless) lines.push(`+ ${key}: ${b.portless}`);
    if (a?.portless && !b?.portless) lines.push(`- ${key}: ${a.portless}`);
  }
  io.out(lines.length ? `${lines.join('\n')}\n` : 'no flows added or removed\n');
  return lines.length ? 1 : 0;
}

/** Runs one command; returns the exit code. */
export function run(argv: readonly string[], io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): number {
  const [command, ...rest] = argv;
  try {
    if (COMMANDS.includes(command) && (rest.includes('--help') || rest.includes('-h'))) {
      io.out(`${commandUsage(command)}\n`);
      return 0;
    }
    switch (command) {
      case '--version':
      case '-v':
      case 'version':
        io.out(`cdktf-ms-ports ${packageVersion()}\n`);
        return 0;
      case 'ports':
        return ports(rest, io);
      case 'report':
        return report(rest, io);
      case 'verify':
        return verify(rest, io);
      case 'diff':
        return diff(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof VerifyUsageError) {
      io.err(`cdktf-ms-ports: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
