#!/usr/bin/env node
/**
 * One source tree, built twice. Writes the CDK Terrain (cdktn) flavour of the library to
 * gen/cdktn/: the engine-bound files of lib/ and examples/, with their module specifiers rewritten
 *
 *   cdktf                            -> cdktn
 *   cdktf/<path>                     -> cdktn/<path>
 *   @cdktf/provider-<name>/<path>    -> @cdktn/provider-<name>/<path>
 *
 * and nothing else (no other text changes, so the two flavours cannot drift). `constructs` is
 * shared by both engines and stays as it is.
 *
 * Which files are engine-bound is computed, not listed: a file is engine-bound when it, or any file
 * it imports by a relative path, imports cdktf or a @cdktf package. Every other file (the catalog,
 * model, planner, report, any data file) is engine-free and shared: it is not copied, and the
 * copies import the original (their relative specifiers are re-pointed at it). So new files under
 * lib/ need no work here, and both builds share one engine-free core at run time (one MsPortsError
 * class, one catalog).
 *
 * The specifiers are found with TypeScript's own pre-processor (import/export ... from, import
 * type, require(), import(), typeof import()), not with a text search, so a string such as
 * "cdktf-ms-ports: ..." in a description is never touched. After rewriting, the script refuses to
 * finish if any cdktf specifier is left.
 *
 * gen/ is build output (gitignored). It is (re)written by `npm ci` (prepare), `npm test`
 * (typecheck) and the jest global setup; files whose content did not change are not rewritten,
 * files no longer wanted are removed. Exports `generate()` for the jest setup and the tests.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** Directories whose engine-bound files are copied, relative to the repository root (bench too: `npm run bench:cdktn`). */
const SOURCES = ['lib', 'examples', 'bench'];
/** Where the flavour is written, relative to the repository root. */
const OUT = path.join('gen', 'cdktn');
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.d.ts', '.js', '/index.ts', '/index.tsx', '/index.js'];

/** The rewrite of one bare module specifier, or undefined when it is not a cdktf module. */
function rewriteSpecifier(spec) {
  let m = /^cdktf(\/.*)?$/.exec(spec);
  if (m) return `cdktn${m[1] ?? ''}`;
  m = /^@cdktf\/(provider-[a-z0-9-]+)(\/.*)?$/.exec(spec);
  if (m) return `@cdktn/${m[1]}${m[2] ?? ''}`;
  return undefined;
}

/** Does this specifier bind a file to the cdktf engine (the engine or any @cdktf package)? */
function isCdktfSpecifier(spec) {
  return /^(cdktf|@cdktf\/.+)(\/.*)?$/.test(spec) && !/^cdktf-/.test(spec);
}

/**
 * Every module specifier of a source file, from TypeScript's parser: import and export
 * declarations (`export * as x from` included), `import x = require()`, `require()`, `import()`
 * and `typeof import()`. Each as { fileName, pos } with pos at the literal's opening quote.
 */
function moduleSpecifiers(ts, text) {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = [];
  const add = (lit) => {
    if (lit && (ts.isStringLiteral(lit) || ts.isNoSubstitutionTemplateLiteral(lit))) out.push({ fileName: lit.text, pos: lit.getStart(sf) });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isExternalModuleReference(node)) add(node.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node.arguments[0]);
      // require.resolve('x') names a module too
      else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' && callee.name.text === 'resolve') add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The file a relative specifier names, or undefined when none exists. */
function resolveRelative(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const suffix of RESOLVE_SUFFIXES) {
    const candidate = base + suffix;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return listFiles(p);
    return d.isFile() ? [p] : [];
  });
}

function isCode(file) {
  return CODE.test(file) && !file.endsWith('.d.ts');
}

/**
 * The engine-bound code files under `root`'s SOURCES: those whose relative-import closure imports
 * a cdktf module. Returns a Set of absolute paths.
 */
function engineBoundFiles(ts, root) {
  const files = SOURCES.flatMap((d) => listFiles(path.join(root, d))).filter(isCode);
  const edges = new Map();
  const direct = new Set();
  for (const file of files) {
    const specs = moduleSpecifiers(ts, fs.readFileSync(file, 'utf8')).map((r) => r.fileName);
    if (specs.some(isCdktfSpecifier)) direct.add(file);
    edges.set(
      file,
      specs.filter((s) => s.startsWith('.')).map((s) => resolveRelative(file, s)).filter((f) => f !== undefined),
    );
  }
  const bound = new Set();
  const visiting = new Set();
  const visit = (file) => {
    if (bound.has(file)) return true;
    if (visiting.has(file)) return false;
    visiting.add(file);
    let b = direct.has(file);
    for (const dep of edges.get(file) ?? []) if (visit(dep)) b = true;
    visiting.delete(file);
    if (b) bound.add(file);
    return b;
  };
  // Cycles: repeat until nothing changes, so a file in a cycle with a bound file is bound too.
  let size = -1;
  while (size !== bound.size) {
    size = bound.size;
    for (const f of files) visit(f);
  }
  return bound;
}

/**
 * Rewrites the module specifiers of one source file (`fromFile`, copied to `toFile`): cdktf
 * modules become cdktn ones; relative specifiers that do not name a copied file are re-pointed
 * from toFile at the original.
 */
function rewriteSource(ts, text, fromFile, toFile, copied) {
  const refs = moduleSpecifiers(ts, text)
    .map((r) => ({ ...r, next: nextSpecifier(r.fileName, fromFile, toFile, copied) }))
    .filter((r) => r.next !== r.fileName)
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

function nextSpecifier(spec, fromFile, toFile, copied) {
  const engine = rewriteSpecifier(spec);
  if (engine) return engine;
  if (!spec.startsWith('.')) return spec;
  const target = resolveRelative(fromFile, spec);
  if (target && copied.has(target)) return spec;
  let back = path.relative(path.dirname(toFile), path.resolve(path.dirname(fromFile), spec)).split(path.sep).join('/');
  if (!back.startsWith('.')) back = `./${back}`;
  return back;
}

/**
 * Writes the cdktn flavour under `root`/gen/cdktn. Returns counts: engine-bound files copied
 * (`files`), written, unchanged, removed, and engine-free files shared.
 */
function generate(root = ROOT) {
  const ts = require('typescript');
  const outRoot = path.join(root, OUT);
  const copied = engineBoundFiles(ts, root);
  const wanted = new Set();
  const stats = { files: copied.size, written: 0, unchanged: 0, removed: 0, shared: 0 };
  stats.shared = SOURCES.flatMap((d) => listFiles(path.join(root, d))).length - copied.size;
  for (const from of [...copied].sort()) {
    const to = path.join(outRoot, path.relative(root, from));
    wanted.add(to);
    const output = Buffer.from(rewriteSource(ts, fs.readFileSync(from, 'utf8'), from, to, copied), 'utf8');
    if (fs.existsSync(to) && fs.readFileSync(to).equals(output)) {
      stats.unchanged++;
      continue;
    }
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, output);
    stats.written++;
  }
  for (const file of listFiles(outRoot)) {
    if (!wanted.has(file)) {
      fs.rmSync(file);
      stats.removed++;
    }
  }
  pruneEmptyDirs(outRoot);
  return stats;
}

function pruneEmptyDirs(dir) {
  if (!fs.existsSync(dir)) return;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const p = path.join(dir, d.name);
    pruneEmptyDirs(p);
    if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
  }
}

module.exports = { generate, engineBoundFiles, rewriteSpecifier, rewriteSource, moduleSpecifiers, isCdktfSpecifier, OUT, SOURCES };

if (require.main === module) {
  const s = generate();
  if (!process.argv.includes('--quiet')) {
    console.log(
      `cdktn flavour: ${s.files} engine-bound files in ${OUT} (${s.written} written, ${s.unchanged} unchanged, ${s.removed} removed); ${s.shared} engine-free files shared`,
    );
  }
}
