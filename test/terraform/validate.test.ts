/**
 * A real Terraform check: where a Terraform CLI and the AWS provider are available from a local
 * filesystem mirror (found at run time, no network), every synthesized AWS stack of the examples
 * and of the README goes through `terraform init -plugin-dir <dir>` and `terraform validate`.
 * Elsewhere the check is skipped with a message saying why. Init runs once per test run: every
 * stack is a module of one working directory, so the provider (linked from the plugin dir, not
 * copied) and its schema load once.
 *
 * Pinning: the provider bindings target a provider version (required_providers in the output).
 * When the mirror holds another version, the test's copy of each stack (never the library's
 * output) pins the mirror's version, and the test title says so.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { HubAwsStack, SiteAwsStack } from '../../examples/multi-stack/aws';
import { readmeStacks } from '../support/readme';
import { edgeSite } from '../edge/edge-site';

/** Where provider mirrors usually live; searched a few levels deep, node_modules pruned. */
const ROOTS = ['/opt', '/usr/local', '/usr/share', '/usr/lib', path.join(os.homedir(), '.terraform.d'), path.join(os.homedir(), '.local/share/terraform')];

interface Mirror {
  /** The -plugin-dir: the directory that holds `<host>/<namespace>/<type>/<version>/<os_arch>/`. */
  readonly dir: string;
  readonly version: string;
}

function terraformVersion(): string | undefined {
  const r = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', env: tfEnv() });
  if (r.status !== 0) return undefined;
  try {
    return (JSON.parse(r.stdout) as { terraform_version: string }).terraform_version;
  } catch {
    return undefined;
  }
}

function tfEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', TF_CLI_CONFIG_FILE: os.devNull };
}

/** AWS provider binaries in an unpacked filesystem-mirror layout, newest version first. */
function awsMirrors(): Mirror[] {
  const roots = [...(process.env.TF_PLUGIN_DIR ? [process.env.TF_PLUGIN_DIR] : []), ...ROOTS].filter((r) => fs.existsSync(r));
  if (roots.length === 0) return [];
  const r = spawnSync('find', [...roots, '-maxdepth', '7', '-name', 'node_modules', '-prune', '-o', '-name', 'terraform-provider-aws_*', '-type', 'f', '-print'], { encoding: 'utf8' });
  const out: Mirror[] = [];
  for (const file of (r.stdout ?? '').split('\n').filter(Boolean)) {
    const parts = file.split(path.sep);
    // <dir>/<host>/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws_v<version>_x5
    const n = parts.length;
    if (n < 7 || parts[n - 5] !== 'hashicorp' || parts[n - 4] !== 'aws' || !parts[n - 2].startsWith(`${process.platform}_`)) continue;
    out.push({ dir: parts.slice(0, n - 6).join(path.sep), version: parts[n - 3] });
  }
  const key = (v: string) => v.split('.').map((x) => x.padStart(6, '0')).join('.');
  return out.sort((a, b) => key(b.version).localeCompare(key(a.version)));
}

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('terraform', args, { cwd, encoding: 'utf8', env: tfEnv(), timeout: 300_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Every example stack class (every `TerraformStack` subclass exported from examples/), synthesized
 * with Testing, so an example added later is checked without editing this test.
 */
function exampleStacks(): [string, () => string, string][] {
  const root = path.join(__dirname, '..', '..', 'examples');
  const out: [string, () => string, string][] = [];
  for (const file of fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') && f !== 'main.ts').sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(root, file)) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(mod)) {
      if (typeof value !== 'function' || !(value.prototype instanceof TerraformStack)) continue;
      // Stacks that need more than (scope, id), such as a site stack wired to its hub, are checked in their app (below).
      if (value.length > 2) continue;
      const Stack = value as new (scope: ReturnType<typeof Testing.app>, id: string) => TerraformStack;
      const id = exported.replace(/Stack$/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
      let text: string | undefined;
      const synth = () => (text ??= Testing.synth(new Stack(Testing.app({ context: { 'cdktf-ms-ports:warnings': 'off' } }), id)));
      out.push([id, synth, file]);
    }
  }
  return out;
}

/**
 * The multi-stack example as an app: the hub and three site stacks, synthesized together (the
 * sites reference the hub through cdktf cross-stack references, read from the hub's state).
 */
function multiStackApp(): [string, () => string][] {
  let files: Map<string, string> | undefined;
  const synth = () => {
    if (files) return files;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-ms-ports-multi-'));
    try {
      const app = new App({ outdir, context: { 'cdktf-ms-ports:warnings': 'off', 'cdktf-ms-ports:report': 'off' } });
      const hub = new HubAwsStack(app, 'multi-stack-aws-hub');
      for (const i of [1, 2, 3]) new SiteAwsStack(app, `multi-stack-aws-site${i}`, hub, { name: `site${i}`, clients: `10.${30 + i}.0.0/16` });
      app.synth();
      const ids = ['multi-stack-aws-hub', 'multi-stack-aws-site1', 'multi-stack-aws-site2', 'multi-stack-aws-site3'];
      files = new Map(ids.map((id) => [id, fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')]));
      return files;
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  };
  return ['multi-stack-aws-hub', 'multi-stack-aws-site1', 'multi-stack-aws-site2', 'multi-stack-aws-site3'].map((id): [string, () => string] => [id, () => synth().get(id)!]);
}

const examples = exampleStacks();
const isAws = (text: string) => Object.keys((JSON.parse(text) as { provider?: object }).provider ?? {}).includes('aws');
/**
 * Every AWS stack of the examples and the README, as synthesized JSON, and an Edge site in each
 * topology with every server attached (the external interface by its three service addresses; the
 * load balancers' documented settings: stickiness, listener idle timeout, client address).
 */
const STACKS: [string, () => string][] = [
  ...examples.filter(([, synth]) => isAws(synth())).map(([name, synth]): [string, () => string] => [name, synth]),
  ...multiStackApp(),
  ...readmeStacks()
    .filter((s) => s.cloud === 'aws')
    .map((s): [string, () => string] => [s.name, () => s.json]),
  ...(['single', 'dns', 'hardware'] as const).map((mode): [string, () => string] => [`edge-${mode}-aws`, () => Testing.synth(edgeSite('aws', mode).stack)]),
];

const tf = terraformVersion();
const mirrors = tf ? awsMirrors() : [];
const mirror = mirrors[0];

if (!tf) {
  test.skip('terraform validate of the AWS examples: no Terraform CLI on PATH (`terraform version` failed), so the real Terraform check cannot run here', () => undefined);
} else if (!mirror) {
  test.skip(`terraform validate of the AWS examples: Terraform ${tf} is here, but no AWS provider in a local filesystem mirror (searched ${ROOTS.join(', ')}, and $TF_PLUGIN_DIR), and the check never uses the network`, () => undefined);
} else {
  describe(`terraform ${tf} validate with hashicorp/aws ${mirror.version} from ${mirror.dir}`, () => {
    // One working directory, one init, one validate: each stack is a module of it, so the
    // provider's schema loads once; diagnostics name the module, so each stack gets its own verdict.
    const diagnostics = new Map<string, string[]>();
    let dir: string;
    let validated: { status: number | null; valid: boolean } | undefined;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-ms-ports-validate-'));
      const modules: Record<string, { source: string }> = {};
      const pinned = new Set<string>();
      for (const [name, text] of STACKS) {
        const json = JSON.parse(text()) as { terraform?: { required_providers?: Record<string, { source?: string; version?: string }>; backend?: unknown } };
        const providers = json.terraform?.required_providers ?? {};
        expect(Object.keys(providers)).toEqual(['aws']);
        const target = providers.aws.version;
        // The test's copy only: the mirror's version when it differs from the bindings' target, no backend.
        if (target !== mirror.version) {
          pinned.add(`the bindings target hashicorp/aws ${target}; the mirror has ${mirror.version}, pinned in the test's copies only`);
          providers.aws = { ...providers.aws, version: mirror.version };
        }
        delete json.terraform!.backend;
        const mod = name.replace(/[^A-Za-z0-9_-]/g, '_');
        fs.mkdirSync(path.join(dir, mod));
        fs.writeFileSync(path.join(dir, mod, 'cdk.tf.json'), JSON.stringify(json));
        modules[mod] = { source: `./${mod}` };
        diagnostics.set(mod, []);
      }
      for (const p of pinned) console.info(`terraform validate of ${STACKS.length} AWS stacks: ${p}`);
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ module: modules }));
      const init = run(['init', '-backend=false', '-input=false', `-plugin-dir=${mirror.dir}`], dir);
      if (init.status !== 0) throw new Error(`terraform init -plugin-dir ${mirror.dir} failed:\n${init.stderr}${init.stdout}`);
      const r = run(['validate', '-json'], dir);
      const result = JSON.parse(r.stdout) as { valid: boolean; diagnostics: { severity: string; summary: string; detail?: string; address?: string; range?: { filename?: string } }[] };
      for (const d of result.diagnostics.filter((x) => x.severity === 'error')) {
        const where = `${d.address ?? ''} ${d.range?.filename ?? ''}`;
        const mod = [...diagnostics.keys()].find((m) => (d.address ?? '').startsWith(`module.${m}.`) || (d.range?.filename ?? '').startsWith(`${m}/`));
        const text = `${where.trim()} ${d.summary}: ${d.detail ?? ''}`;
        if (mod) diagnostics.get(mod)!.push(text);
        else diagnostics.set('(root)', [...(diagnostics.get('(root)') ?? []), text]);
      }
      validated = { status: r.status, valid: result.valid };
    }, 300_000);

    afterAll(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('the examples and the README give AWS stacks to check, and the whole set validates', () => {
      expect(STACKS.map(([n]) => n)).toEqual(expect.arrayContaining(['skype-front-end-aws', 'active-directory-aws', 'skype-site-aws', 'edge-hardware-aws']));
      expect(STACKS.length).toBeGreaterThanOrEqual(examples.length / 2 + 1);
      expect(diagnostics.get('(root)') ?? []).toEqual([]);
      expect(validated).toEqual({ status: 0, valid: true });
    });

    test.each(STACKS.map(([name]) => name))('%s is valid Terraform', (name) => {
      expect(diagnostics.get(name.replace(/[^A-Za-z0-9_-]/g, '_'))).toEqual([]);
    });
  });
}
