#!/usr/bin/env node
/**
 * Builds what the package ships: the cdktn flavour (gen/cdktn, scripts/cdktn-flavour.js), then both
 * builds of lib/ compiled by tsc into dist/ (tsconfig.build.json: dist/lib and dist/gen/cdktn/lib,
 * with the catalog's data files).
 *
 * It runs as `prepare` and `prepack`, so every way of installing gets a built package:
 *   - `npm pack` / `npm publish` (prepack, then prepare),
 *   - `npm install <git URL>` (npm installs the dev dependencies in its clone, then runs prepare),
 *   - `npm install --install-links <folder>` or a plain `npm install <folder>` (prepare in the
 *     folder, with the folder's own node_modules),
 *   - `npm ci` in a clone (prepare; the tests also need gen/).
 * A build whose inputs did not change since the last one is skipped (dist/.build-stamp holds a hash
 * of them), so pack's prepack + prepare and a git install's two prepare runs compile once.
 *
 * Where the dev dependencies are missing (a folder installed without `npm ci` in it first), the
 * build cannot run: an existing complete dist/ is kept and used; otherwise it stops with what to do.
 *
 *   node scripts/build.js           build when needed
 *   node scripts/build.js --force   build even when the stamp matches
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
/** What the package's entry points need: both builds' index files. */
const ENTRIES = [path.join(DIST, 'lib', 'index.js'), path.join(DIST, 'gen', 'cdktn', 'lib', 'index.js')];
/** The inputs of the build: a change to any of them makes the next build compile. */
const INPUT_DIRS = ['lib'];
const INPUT_FILES = ['scripts/build.js', 'scripts/cdktn-flavour.js', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? listFiles(p) : d.isFile() ? [p] : [];
  });
}

/** A hash of every input's path and content, and of the compiler's version. */
function inputHash(tsVersion) {
  const h = crypto.createHash('sha256');
  h.update(`typescript ${tsVersion}\n`);
  const files = [...INPUT_DIRS.flatMap((d) => listFiles(path.join(ROOT, d))), ...INPUT_FILES.map((f) => path.join(ROOT, f))].sort();
  for (const f of files) {
    h.update(path.relative(ROOT, f).split(path.sep).join('/'));
    h.update('\0');
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0));
    h.update('\0');
  }
  return h.digest('hex');
}

function complete() {
  return ENTRIES.every((f) => fs.existsSync(f));
}

function say(text) {
  // stderr: `npm pack --json` prints its JSON on stdout, which the scripts it runs share
  process.stderr.write(`cdktf-ms-ports build: ${text}\n`);
}

function main() {
  const force = process.argv.includes('--force');
  let tsc;
  let tsVersion;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
    tsVersion = require(require.resolve('typescript/package.json', { paths: [ROOT] })).version;
  } catch {
    if (complete()) {
      say('typescript is not installed here; using the dist/ that is already built');
      return;
    }
    process.stderr.write(
      `cdktf-ms-ports build: cannot build ${ROOT}: its dev dependencies are not installed (typescript is missing) and dist/ is not built.\n` +
        `Run \`npm ci\` in ${ROOT} first, then install it again; or install a packed tarball (\`npm pack\` there) or the git URL.\n`,
    );
    process.exit(1);
  }
  const hash = inputHash(tsVersion);
  if (!force && complete() && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === hash) {
    say('dist/ is up to date');
    return;
  }
  const started = Date.now();
  require('./cdktn-flavour.js').generate(ROOT);
  // Compile from scratch: no file of a removed source stays behind in the package.
  fs.rmSync(path.join(DIST, 'lib'), { recursive: true, force: true });
  fs.rmSync(path.join(DIST, 'gen'), { recursive: true, force: true });
  fs.rmSync(STAMP, { force: true });
  execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (!complete()) throw new Error(`tsc ran but ${ENTRIES.filter((f) => !fs.existsSync(f)).join(', ')} is missing`);
  fs.writeFileSync(STAMP, `${hash}\n`);
  say(`compiled dist/lib and dist/gen/cdktn/lib in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

module.exports = { inputHash, ENTRIES, STAMP };

if (require.main === module) main();
