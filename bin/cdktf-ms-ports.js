#!/usr/bin/env node
/**
 * cdktf-ms-ports command line. Runs the compiled library (dist/) when it is there (an installed
 * package, or after `npm run build`); in a fresh clone after `npm ci` it loads the TypeScript
 * sources through @swc-node/register (a dev dependency), so no build step is needed.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist', 'lib', 'cli', 'main.js');
let cli;
if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json');
  try {
    require('@swc-node/register');
  } catch (e) {
    process.stderr.write('cdktf-ms-ports: dist/ is missing and @swc-node/register is not installed: run `npm ci` (a clone) or `npm run build`.\n');
    process.exit(2);
  }
  cli = require(path.join(root, 'lib', 'cli', 'main.ts'));
}
// A closed pipe (`... | head`) is not an error of ours.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode || 0);
  throw e;
});
process.exitCode = cli.run(process.argv.slice(2));
