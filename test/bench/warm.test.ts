/**
 * The bench child's second synth (BENCH_WARM=1), which the one-site rows run on both sides to tell
 * cold code from work: each side builds and synthesizes the topology again in a new app of the same
 * process, after its measured synth, and writes the same Terraform as the first time. The plain
 * program's input is dropped after its first build (it is not kept through synth), so the child must
 * read it again for the second.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { generateFloor, readStacks } from '../../bench/floor';
import { buildTopology, topology } from '../../bench/topology';

const ROOT = path.join(__dirname, '..', '..');

interface ChildLine {
  kind: string;
  runMs: number;
  phasesMs?: { plan: number; render: number; report: number };
  warm?: { runMs: number; phasesMs?: { plan: number; render: number; report: number } };
}

/** Runs bench/child.ts through the TypeScript loader the bench uses, and returns its JSON line. */
function child(args: string[], env: NodeJS.ProcessEnv): ChildLine {
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, 'bench', 'child.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildLine;
}

describe('bench child: second synth in the same process (BENCH_WARM)', () => {
  let dir: string;
  let floorModule: string;
  let floorData: string;
  let expected: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-warm-'));
    const app = new App({ outdir: path.join(dir, 'reference') });
    buildTopology(app, topology('full-site'), 'azure');
    app.synth();
    const reference = readStacks(app.outdir);
    expected = JSON.stringify(reference);
    // The floor module imports the runtime by absolute path; its provider classes resolve from the repository.
    const floor = generateFloor(reference, path.join(ROOT, 'bench', 'plain-runtime'));
    floorModule = path.join(dir, 'floor.ts');
    floorData = path.join(dir, 'floor.json');
    fs.writeFileSync(floorModule, floor.module);
    fs.writeFileSync(floorData, JSON.stringify(floor.data));
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs on both sides, each writing the same Terraform twice; the library reports its phases in both synths', () => {
    const env = { BENCH_WARM: '1', NODE_PATH: path.join(ROOT, 'node_modules') };
    const lib = child(['lib', 'full-site', 'azure', path.join(dir, 'lib')], env);
    const plain = child(['plain', 'full-site', 'azure', path.join(dir, 'plain'), floorModule, floorData], env);

    for (const side of [lib, plain]) {
      expect(side.warm?.runMs).toBeGreaterThan(0);
    }
    expect(lib.warm?.phasesMs?.plan).toBeGreaterThan(0);
    expect(lib.warm?.phasesMs?.render).toBeGreaterThan(0);
    expect(plain.phasesMs).toBeUndefined();
    expect(plain.warm?.phasesMs).toBeUndefined();
    for (const out of ['lib', 'lib-warm', 'plain', 'plain-warm']) {
      expect(JSON.stringify(readStacks(path.join(dir, out)))).toBe(expected);
    }
  });

  it('without BENCH_WARM, synthesizes once', () => {
    const plain = child(['plain', 'full-site', 'azure', path.join(dir, 'plain-once'), floorModule, floorData], { NODE_PATH: path.join(ROOT, 'node_modules') });
    expect(plain.warm).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'plain-once-warm'))).toBe(false);
  });
});
