/**
 * The README is code: its ```ts blocks are complete programs. This runs each one as written
 * (TypeScript stripped by swc, `cdktf-ms-ports` resolved to this checkout, as the tsconfig path
 * mapping does), with every `App` it creates writing to a temporary directory, and returns the
 * stacks they synthesized.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { transformSync } from '@swc/core';

export const README = path.join(__dirname, '..', '..', 'README.md');

/** The ```ts blocks of the README, in order. */
export function readmeBlocks(text = fs.readFileSync(README, 'utf8')): string[] {
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

export interface ReadmeStack {
  /** `readme-<block>-<stack id>`. */
  readonly name: string;
  /** 1-based index of the ```ts block. */
  readonly block: number;
  readonly cloud: 'azure' | 'aws' | 'none';
  /** The synthesized cdk.tf.json. */
  readonly json: string;
}

export interface ReadmeRun {
  readonly block: number;
  /** Number of `App`s the block created and synthesized. */
  readonly apps: number;
  readonly synthesized: number;
  readonly stacks: readonly ReadmeStack[];
  /** What the program printed with console.log. */
  readonly logs: readonly string[];
}

/** Runs one block; throws what the program throws. */
export function runBlock(code: string, block: number): ReadmeRun {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdktf-ms-ports-readme-${block}-`));
  const apps: { app: { outdir: string; node: { children: unknown[] } }; synthesized: boolean; engine: typeof import('cdktf') }[] = [];
  /** The engine module with its App writing to the temporary directory and recording itself. */
  const capture = (engine: typeof import('cdktf')) => {
    class CapturedApp extends engine.App {
      constructor(options: ConstructorParameters<typeof engine.App>[0] = {}) {
        super({ ...options, outdir: path.join(outdir, String(apps.length)) });
        apps.push({ app: this as never, synthesized: false, engine });
      }
      synth(): void {
        super.synth();
        apps.find((a) => a.app === (this as never))!.synthesized = true;
      }
    }
    // Testing.synth (a block that checks its own output) counts as synthesizing that stack.
    const testing = Object.create(engine.Testing) as typeof engine.Testing;
    testing.synth = (stack, ...rest) => {
      const json = engine.Testing.synth(stack, ...rest);
      synthesizedByTesting.push({ id: stack.node.id, json });
      return json;
    };
    return { ...engine, App: CapturedApp, Testing: testing };
  };
  const synthesizedByTesting: { id: string; json: string }[] = [];
  const engines = new Map<string, unknown>();
  const requireFor = (m: string): unknown => {
    // The library by its package name, resolved to this checkout as the tsconfig paths do.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (m === 'cdktf-ms-ports') return require('../../lib/index');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (m === 'cdktf-ms-ports/cdktn') return require('../../gen/cdktn/lib/index');
    if (m === 'cdktf' || m === 'cdktn') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      if (!engines.has(m)) engines.set(m, capture(require(m) as typeof import('cdktf')));
      return engines.get(m);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(m);
  };
  const js = transformSync(code, { filename: `README-block-${block}.ts`, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code;
  const logs: string[] = [];
  const console_ = { ...console, log: (...args: unknown[]) => logs.push(args.map(String).join(' ')) };
  const module_ = { exports: {} };
  try {
    new Function('require', 'module', 'exports', 'console', js)(requireFor, module_, module_.exports, console_);
    const stacks: ReadmeStack[] = [];
    for (const { app, engine } of apps) {
      for (const child of app.node.children) {
        if (!(child instanceof engine.TerraformStack)) continue;
        const file = path.join(app.outdir, 'stacks', child.node.id, 'cdk.tf.json');
        if (!fs.existsSync(file)) continue;
        const json = fs.readFileSync(file, 'utf8');
        const providers = Object.keys((JSON.parse(json) as { provider?: object }).provider ?? {});
        stacks.push({ name: `readme-${block}-${child.node.id}`, block, cloud: providers.includes('aws') ? 'aws' : providers.includes('azurerm') ? 'azure' : 'none', json });
      }
    }
    for (const t of synthesizedByTesting) {
      const providers = Object.keys((JSON.parse(t.json) as { provider?: object }).provider ?? {});
      stacks.push({ name: `readme-${block}-${t.id}`, block, cloud: providers.includes('aws') ? 'aws' : providers.includes('azurerm') ? 'azure' : 'none', json: t.json });
    }
    return { block, apps: apps.length, synthesized: apps.filter((a) => a.synthesized).length, stacks, logs };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

let cache: ReadmeStack[] | undefined;

/** Every stack the README's blocks synthesize (run once per test file). */
export function readmeStacks(): ReadmeStack[] {
  cache ??= readmeBlocks().flatMap((code, i) => runBlock(code, i + 1).stacks);
  return cache;
}
