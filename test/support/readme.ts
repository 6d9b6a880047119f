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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cdktf = require('cdktf') as typeof import('cdktf');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdktf-ms-ports-readme-${block}-`));
  const apps: { app: InstanceType<typeof cdktf.App>; synthesized: boolean }[] = [];
  class CapturedApp extends cdktf.App {
    constructor(options: ConstructorParameters<typeof cdktf.App>[0] = {}) {
      super({ ...options, outdir: path.join(outdir, String(apps.length)) });
      apps.push({ app: this, synthesized: false });
    }
    synth(): void {
      super.synth();
      apps.find((a) => a.app === this)!.synthesized = true;
    }
  }
  const patched = { ...cdktf, App: CapturedApp };
  const requireFor = (m: string): unknown => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (m === 'cdktf-ms-ports') return require('../../lib/index');
    if (m === 'cdktf') return patched;
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
    for (const { app } of apps) {
      for (const child of app.node.children) {
        if (!(child instanceof cdktf.TerraformStack)) continue;
        const file = path.join(app.outdir, 'stacks', child.node.id, 'cdk.tf.json');
        if (!fs.existsSync(file)) continue;
        const json = fs.readFileSync(file, 'utf8');
        const providers = Object.keys((JSON.parse(json) as { provider?: object }).provider ?? {});
        stacks.push({ name: `readme-${block}-${child.node.id}`, block, cloud: providers.includes('aws') ? 'aws' : providers.includes('azurerm') ? 'azure' : 'none', json });
      }
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
