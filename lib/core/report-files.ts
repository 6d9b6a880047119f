/**
 * The firewall report of every app, written at synth without extra code: in `app.synth()`, once
 * the last network binding of the app has rendered, `<app outdir>/reports/` gets the report of every
 * binding of the app; when bindings render one stack at a time (Testing.synth), each rewrites it with
 * every binding rendered so far. Files: firewall-report.md,
 * .csv and .json, firewall-checks.csv (every check on every role), and one ipsec-<stack>-<role>.ps1
 * per role with IPsec exemptions.
 *
 * App context keys: `cdktf-ms-ports:report` = `off`, or a comma list of `md`, `csv`, `json`,
 * `ipsec` (default all four); `cdktf-ms-ports:warnings` = `off` (or `false`) silences the warnings
 * printed at synth (they stay in the report); `on` (or `true`) is the default.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { compareText } from '../model/compare';
import { MsPortsError } from '../model/errors';
import { showValue } from './props';
import { ipsecPowerShell, writeReport, type ReportInput } from '../report/report';

export const REPORT_CONTEXT_KEY = 'cdktf-ms-ports:report';
export const WARNINGS_CONTEXT_KEY = 'cdktf-ms-ports:warnings';
export const REPORT_FORMATS = ['md', 'csv', 'json', 'ipsec'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** Directory under the app's outdir that holds the report. */
export const REPORT_DIR = 'reports';

/** A rendered binding, as the report needs it. */
export interface RenderedNetwork {
  readonly construct: IConstruct;
  input(): ReportInput;
}

const rendered = new WeakMap<IConstruct, Map<string, RenderedNetwork>>();
const cleaned = new WeakSet<IConstruct>();

/** The formats the app asked for (context key), validated. Empty: the report is off. */
export function reportFormats(scope: IConstruct): ReportFormat[] {
  const value: unknown = scope.node.tryGetContext(REPORT_CONTEXT_KEY);
  if (value === undefined || value === null || value === true || value === 'all') return [...REPORT_FORMATS];
  if (value === false || value === 'off' || value === 'none' || value === '') return [];
  const list = Array.isArray(value) ? value.map(String) : String(value).split(',').map((s) => s.trim());
  for (const f of list) {
    if (!(REPORT_FORMATS as readonly string[]).includes(f)) {
      throw new MsPortsError(scope.node.path, `context ${REPORT_CONTEXT_KEY} names the report format "${f}"`, `use "off" or a comma list of ${REPORT_FORMATS.join(', ')}`);
    }
  }
  return REPORT_FORMATS.filter((f) => list.includes(f));
}

/**
 * True unless the app silenced the warnings printed at synth: `false`, `"off"` or `"false"` (context
 * given on the command line arrives as text) silence them; `true`, `"on"`, `"true"` or no value print
 * them. Any other value is refused rather than read as one or the other.
 */
export function warningsOn(scope: IConstruct): boolean {
  const v: unknown = scope.node.tryGetContext(WARNINGS_CONTEXT_KEY);
  if (v === false || v === 'off' || v === 'false') return false;
  if (v === undefined || v === true || v === 'on' || v === 'true') return true;
  throw new MsPortsError(
    scope.node.path,
    `context ${WARNINGS_CONTEXT_KEY} is ${showValue(v)}, which is not on or off`,
    `set ${WARNINGS_CONTEXT_KEY} to false (or "off") to silence the warnings printed at synth, or true (or "on", the default) to print them`,
  );
}

const declared = new WeakMap<IConstruct, Set<IConstruct>>();

/** Called by every network binding when it is constructed: the app's report waits for all of them. */
export function declareNetwork(construct: IConstruct): void {
  const root = construct.node.root;
  const set = declared.get(root) ?? new Set<IConstruct>();
  declared.set(root, set);
  set.add(construct);
}

/**
 * Adds a rendered binding and rewrites the app's report with every binding rendered so far.
 * `whenComplete`: write only once every binding of the app has rendered (in `app.synth()` all of
 * them render while the stacks are prepared), so that an app of N networks writes its report once,
 * not N times with ever longer inputs.
 */
export function writeAppReport(network: RenderedNetwork, whenComplete = false): void {
  const root = network.construct.node.root;
  if (!App.isApp(root)) return; // constructs outside an App (no outdir): nothing to write
  const formats = reportFormats(network.construct);
  const list = rendered.get(root) ?? new Map<string, RenderedNetwork>();
  rendered.set(root, list);
  list.set(network.construct.node.path, network);
  if (formats.length === 0) return;
  if (whenComplete && !allRendered(declared.get(root), list)) return;
  const dir = path.join(root.outdir, REPORT_DIR);
  fs.mkdirSync(dir, { recursive: true });
  if (!cleaned.has(root)) {
    cleaned.add(root);
    for (const f of fs.readdirSync(dir)) {
      if (/^firewall-(report|checks)\.(md|csv|json)$/.test(f) || /^ipsec-.*\.ps1$/.test(f)) fs.rmSync(path.join(dir, f));
    }
  }
  const inputs = [...list.values()]
    .map((n) => n.input())
    .sort((a, b) => compareText(a.stack, b.stack) || compareText(a.network, b.network));
  // Every format in one pass over the roles, each file written through its own buffer.
  const files: ChunkFile[] = [];
  const open = (name: string): ((chunk: string) => void) => {
    const file = new ChunkFile(path.join(dir, name));
    files.push(file);
    return (chunk) => file.write(chunk);
  };
  try {
    const csv = formats.includes('csv');
    writeReport(inputs, {
      md: formats.includes('md') ? open('firewall-report.md') : undefined,
      csv: csv ? open('firewall-report.csv') : undefined,
      checksCsv: csv ? open('firewall-checks.csv') : undefined,
      json: formats.includes('json') ? open('firewall-report.json') : undefined,
    });
    for (const f of files) f.flush();
  } finally {
    for (const f of files) f.close();
  }
  if (formats.includes('ipsec')) {
    for (const i of inputs) {
      for (const rp of i.plan.roles) {
        if (rp.ipsec.length) fs.writeFileSync(path.join(dir, `ipsec-${i.stack}-${rp.name}.ps1`), ipsecPowerShell(rp));
      }
    }
  }
}

/** Has every declared binding rendered? Cheap until the last one (an app of N bindings asks N times). */
function allRendered(all: ReadonlySet<IConstruct> | undefined, done: ReadonlyMap<string, RenderedNetwork>): boolean {
  if (!all) return true;
  if (done.size < all.size) return false;
  for (const n of all) if (!done.has(n.node.path)) return false;
  return true;
}

/**
 * A report file written piece by piece through a 1 MiB buffer: a large app's report (tens of
 * MB for hundreds of networks) never exists as one string, nor as one document of every rule, and
 * the pieces are encoded straight into the buffer (no concatenated strings to flatten).
 */
class ChunkFile {
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private fd: number | undefined;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  write(chunk: string): void {
    const fd = this.fd!;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (chunk.length * 3 > this.buffer.length - this.used) {
      this.flush();
      if (chunk.length * 3 > this.buffer.length) {
        fs.writeSync(fd, chunk);
        return;
      }
    }
    this.used += this.buffer.write(chunk, this.used);
  }

  flush(): void {
    if (this.used) fs.writeSync(this.fd!, this.buffer, 0, this.used);
    this.used = 0;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The stack name a binding reports under. */
export function stackName(scope: IConstruct): string {
  return TerraformStack.of(scope).node.id;
}
