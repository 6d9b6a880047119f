#!/usr/bin/env node
/**
 * One source tree, built twice. Writes the CDK Terrain (cdktn) flavour of the library to
 * gen/cdktn/: a copy of lib/ and examples/ whose module specifiers are rewritten
 *
 *   cdktf                            -> cdktn
 *   cdktf/<path>                     -> cdktn/<path>
 *   @cdktf/provider-<name>/<path>    -> @cdktn/provider-<name>/<path>
 *
 * and nothing else (no other text changes, so the two flavours cannot drift). `constructs` is
 * shared by both engines and stays as it is. Relative imports keep working because the copy keeps
 * the directory layout; a relative import that leaves the copied directories is pointed back at
 * the original file.
 *
 * The specifiers are found with TypeScript's own pre-processor (import/export ... from, import
 * type, require(), import(), typeof import()), not with a text search, so a string such as
 * "cdktf-ms-ports: ..." in a description is never touched. After rewriting, the script refuses to
 * finish if any cdktf specifier is left.
 *
 * gen/ is build output (gitignored). It is (re)written by `npm ci` (prepare), `npm test` and the
 * jest global setup; files whose content did not change are not rewritten, files that no longer
 * exist in lib/ or examples/ are removed. Exports `generate()` for the jest setup and the tests.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** Directories copied, relative to the repository root. */
const SOURCES = ['lib', 'examples'];
/** Where the flavour is written, relative to the repository root. */
const OUT = path.join('gen', 'cdktn');
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

/** The rewrite of one bare module specifier, or undefined when it is not an engine module. */
function rewriteSpecifier(spec) {
  let m = /^cdktf(\/.*)?$/.exec(spec);
  if (m) return `cdktn${m[1] ?? ''}`;
  m = /^@cdktf\/(provider-[a-z0-9-]+)(\/.*)?$/.exec(spec);
  if (m) return `@cdktn/${m[1]}${m[2] ?? ''}`;
  return undefined;
}

/** Is this specifier one of cdktf's (the engine or its providers)? */
function isCdktfSpecifier(spec) {
  return /^(cdktf|@cdktf\/provider-[a-z0-9-]+)(\/.*)?$/.test(spec);
}

function moduleSpecifiers(ts, text) {
  // readImportFiles = true, detectJavaScriptImports = true (require() and import() calls too).
  return ts.preProcessFile(text, true, true).importedFiles;
}

/**
 * Rewrites the module specifiers of one source file. `fromFile` and `toFile` are absolute paths:
 * relative specifiers that leave the copied directories are re-pointed from toFile to the original.
 */
function rewriteSource(ts, text, fromFile, toFile, root = ROOT) {
  const refs = moduleSpecifiers(ts, text)
    .map((r) => ({ ...r, next: nextSpecifier(r.fileName, fromFile, toFile, root) }))
    .filter((r) => r.next !== undefined && r.next !== r.fileName)
    .sort((a, b) => b.pos - a.pos);
  let out = text;
  for (const r of refs) {
    // pos is where the string literal starts (its opening quote or backtick).
    const start = r.pos + 1;
    const end = start + r.fileName.length;
    if (!/['"`]/.test(out[r.pos]) || out.slice(start, end) !== r.fileName || out[end] !== out[r.pos]) {
      throw new Error(`${fromFile}: unexpected specifier position for "${r.fileName}"`);
    }
    out = out.slice(0, start) + r.next + out.slice(end);
  }
  const left = moduleSpecifiers(ts, out).filter((r) => isCdktfSpecifier(r.fileName));
  if (left.length) {
    throw new Error(`${fromFile}: cdktf module specifiers left after rewriting: ${left.map((r) => r.fileName).join(', ')}`);
  }
  return out;
}

function nextSpecifier(spec, fromFile, toFile, root) {
  const engine = rewriteSpecifier(spec);
  if (engine) return engine;
  if (!spec.startsWith('.')) return spec;
  const target = path.resolve(path.dirname(fromFile), spec);
  const inside = SOURCES.some((d) => {
    const rel = path.relative(path.join(root, d), target);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
  if (inside) return spec;
  let back = path.relative(path.dirname(toFile), target).split(path.sep).join('/');
  if (!back.startsWith('.')) back = `./${back}`;
  return back;
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return listFiles(p);
    return d.isFile() ? [p] : [];
  });
}

/**
 * Writes the cdktn flavour under `root`/gen/cdktn. Returns counts of files written, unchanged,
 * removed and specifiers rewritten.
 */
function generate(root = ROOT) {
  const ts = require('typescript');
  const outRoot = path.join(root, OUT);
  const wanted = new Set();
  const stats = { files: 0, written: 0, unchanged: 0, removed: 0 };
  for (const dir of SOURCES) {
    for (const from of listFiles(path.join(root, dir))) {
      const rel = path.relative(root, from);
      const to = path.join(outRoot, rel);
      wanted.add(to);
      stats.files++;
      const input = fs.readFileSync(from);
      const output = CODE.test(from) && !from.endsWith('.d.ts') ? Buffer.from(rewriteSource(ts, input.toString('utf8'), from, to, root), 'utf8') : input;
      if (fs.existsSync(to) && fs.readFileSync(to).equals(output)) {
        stats.unchanged++;
        continue;
      }
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, output);
      stats.written++;
    }
  }
  for (const file of listFiles(outRoot)) {
    if (!wanted.has(file)) {
      fs.rmSync(file);
      stats.removed++;
    }
  }
  return stats;
}

module.exports = { generate, rewriteSpecifier, rewriteSource, moduleSpecifiers, OUT, SOURCES };

if (require.main === module) {
  const s = generate();
  if (!process.argv.includes('--quiet')) {
    console.log(`cdktn flavour: ${s.files} files in ${OUT} (${s.written} written, ${s.unchanged} unchanged, ${s.removed} removed)`);
  }
}
