#!/usr/bin/env node
/**
 * cdktf-ms-ports command line. An installed package runs the compiled library (dist/). In a clone
 * (lib/ is there: the package does not ship it) it runs the TypeScript sources through
 * @swc-node/register (a dev dependency), so it never runs a dist/ older than the sources (`npm ci`
 * builds dist/, and editing lib/ does not rebuild it); without that dev dependency it runs dist/.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist', 'lib', 'cli', 'main.js');
const source = path.join(root, 'lib', 'cli', 'main.ts');
/** @swc-node/register when this is a clone with its dev dependencies installed, else undefined. */
function register() {
  if (!fs.existsSync(source)) return undefined;
  try {
    return require.resolve('@swc-node/register', { paths: [root] });
  } catch {
    return undefined;
  }
}
let cli;
const swc = register();
if (swc) {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json');
  require(swc);
  cli = require(source);
} else if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  process.stderr.write('cdktf-ms-ports: dist/ is missing and @swc-node/register is not installed: run `npm ci` (a clone) or `npm run build`.\n');
  process.exit(2);
}
// A closed pipe (`... | head`) is not an error of ours.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode || 0);
  throw e;
});
process.exitCode = cli.run(process.argv.slice(2));
