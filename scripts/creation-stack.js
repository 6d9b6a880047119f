#!/usr/bin/env node
/**
 * Measures what CDKTN_DISABLE_CREATION_STACK (cdktn: tokens keep no creation stack trace) changes
 * for a cdktn synth of the examples (`npm run synth:cdktn`'s app: every example stack, the Skype
 * site on both clouds among them), for docs/compatibility.md.
 *
 *   node scripts/creation-stack.js [rounds=5] [app=gen/cdktn/examples/main.ts]
 *
 * Each round runs the app twice in fresh processes, once with the variable unset and once with it
 * set to 1, in alternating order (so a slow spell of a shared machine hits both alike), each into
 * its own scratch outdir. Prints per round the wall time of the process, the app's own synth time
 * (the "in N ms" it prints) and the peak memory (max RSS), then the medians, and checks that both
 * settings write the same Terraform (the stack traces are metadata only).
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const rounds = Number(process.argv[2] ?? 5);
const app = process.argv[3] ?? path.join('gen', 'cdktn', 'examples', 'main.ts');

require('./cdktn-flavour.js').generate(ROOT);

/** Preload that reports the process's peak memory on exit. */
const preload = path.join(os.tmpdir(), `ms-ports-maxrss-${process.pid}.js`);
fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write(`maxrss-kb ${process.resourceUsage().maxRSS}\\n`));\n");

function once(disabled) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-ports-creation-stack-'));
  const env = { ...process.env, CDKTF_OUTDIR: outdir, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') };
  if (disabled) env.CDKTN_DISABLE_CREATION_STACK = '1';
  else delete env.CDKTN_DISABLE_CREATION_STACK;
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', preload, '-r', '@swc-node/register', app], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${app} failed (${disabled ? 'disabled' : 'default'}):\n${r.stderr}`);
  const synth = Number(/ in (\d+) ms\.\s*$/m.exec(r.stdout)?.[1] ?? NaN);
  const rss = Number(/maxrss-kb (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  const stacks = path.join(outdir, 'stacks');
  const tf = fs.readdirSync(stacks).sort().map((s) => fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf8'));
  fs.rmSync(outdir, { recursive: true, force: true });
  return { wall, synth, rss, tf };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = { default: [], disabled: [] };
let reference;
for (let i = 0; i < rounds; i++) {
  for (const disabled of i % 2 ? [true, false] : [false, true]) {
    const r = once(disabled);
    reference ??= r.tf;
    if (JSON.stringify(r.tf) !== JSON.stringify(reference)) throw new Error('the synthesized Terraform differs between the settings');
    results[disabled ? 'disabled' : 'default'].push(r);
    console.log(`round ${i + 1} ${disabled ? 'CDKTN_DISABLE_CREATION_STACK=1' : 'default                       '}  wall ${r.wall.toFixed(0)} ms  synth ${r.synth} ms  max RSS ${r.rss.toFixed(0)} MB`);
  }
}
fs.rmSync(preload, { force: true });
console.log(`\nNode ${process.version}, ${rounds} rounds, ${app}, ${reference.length} stacks (same Terraform with both settings)`);
for (const k of ['default', 'disabled']) {
  const r = results[k];
  console.log(`median ${k.padEnd(8)}: wall ${median(r.map((x) => x.wall)).toFixed(0)} ms, synth ${median(r.map((x) => x.synth)).toFixed(0)} ms, max RSS ${median(r.map((x) => x.rss)).toFixed(0)} MB`);
}
