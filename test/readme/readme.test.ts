/**
 * The README is code: its quick start is what CI runs, and every ```ts block is a complete program
 * that runs as written and synthesizes stacks with a provider, the same bytes every time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readmeBlocks, runBlock, README } from '../support/readme';

const ROOT = path.join(__dirname, '..', '..');
const text = fs.readFileSync(README, 'utf8');
const blocks = readmeBlocks(text);

/** Command lines of a shell text: comments, blank lines and shell set-up (set, cd) dropped. */
function commands(sh: string): string[] {
  return sh
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !/^(set|cd) /.test(l));
}

test('the quick start is two commands (install and run the main job; test), and .ci/run runs exactly them', () => {
  const quick = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(text);
  expect(quick).not.toBeNull();
  const lines = commands(quick![1]);
  expect(lines).toEqual(['npm ci && npm run synth', 'npm test']);
  expect(commands(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8'))).toEqual(lines);
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts.synth).toMatch(/examples\/main\.ts/);
  expect(scripts.test).toMatch(/(tsc .*--noEmit|npm run typecheck).*&& jest/);
});

test('the README has usage blocks for both clouds', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  expect(blocks.some((b) => b.includes('AzureNetwork'))).toBe(true);
  expect(blocks.some((b) => b.includes('AwsNetwork'))).toBe(true);
});

describe.each(blocks.map((b, i) => [i + 1, b] as const))('README ts block %i', (n, code) => {
  test('imports the library by its package name and providers by deep path only', () => {
    expect(code).toMatch(/from 'cdktf-ms-ports(\/cdktn)?';/);
    expect(code).not.toMatch(/from '\.{1,2}\//);
    expect(code).not.toMatch(/from '@(cdktf|cdktn)\/provider-(aws|azurerm)'/);
  });

  test('runs as written, synthesizes every app it creates, each stack with a provider, byte-identical twice', () => {
    const a = runBlock(code, n);
    // every App the block creates is synthesized (a block may instead synthesize with Testing.synth)
    expect(a.synthesized).toBe(a.apps);
    expect(a.stacks.length).toBeGreaterThanOrEqual(1);
    for (const s of a.stacks) {
      expect({ stack: s.name, cloud: s.cloud }).not.toEqual({ stack: s.name, cloud: 'none' });
      const json = JSON.parse(s.json) as { resource: Record<string, object> };
      expect(Object.keys(json.resource).length).toBeGreaterThan(2);
    }
    const b = runBlock(code, n);
    expect(b.stacks.map((s) => s.json)).toEqual(a.stacks.map((s) => s.json));
  });
});

test('the examples import the library by its package name, so they can be copied into a project unchanged', () => {
  const dir = path.join(ROOT, 'examples');
  const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThanOrEqual(5);
  for (const f of files) {
    const src = fs.readFileSync(path.join(dir, f), 'utf8');
    expect({ file: f, relativeLibImport: /from '(\.\.\/)+lib\//.test(src) }).toEqual({ file: f, relativeLibImport: false });
  }
  expect(files.filter((f) => /from 'cdktf-ms-ports'/.test(fs.readFileSync(path.join(dir, f), 'utf8'))).length).toBeGreaterThanOrEqual(5);
});
