#!/usr/bin/env node
// `npm test`: type-check and lint, then the three suites — unit (mocha on Node, with coverage of
// src/core), integration (mocha inside a real VS Code extension host) and end-to-end (playwright
// driving a real VS Code workbench in chromium, with the packaged .vsix installed). Prints each
// suite's counts and exits non-zero when a test fails, a suite fails to run, or a suite ran no test.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './harness/paths.mjs';

const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });
const only = process.argv.slice(2);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reporter = path.join(root, 'test', 'harness', 'stats-reporter.cjs');

const steps = [
  { name: 'typecheck', cmd: bin('tsc'), args: ['--noEmit', '-p', '.'] },
  { name: 'lint', cmd: bin('eslint'), args: ['--max-warnings', '0', '.'] },
  {
    name: 'unit',
    suite: true,
    cmd: bin('c8'),
    args: ['--reporter=text-summary', '--reporter=text', '--check-coverage', '--lines', '90', '--include', 'src/core/**', bin('mocha'), '--reporter', reporter],
  },
  { name: 'integration', suite: true, cmd: process.execPath, args: [path.join(root, 'test', 'integration', 'run-code-server.mjs')] },
  { name: 'e2e', suite: true, cmd: process.execPath, args: [path.join(root, 'test', 'e2e', 'run.mjs')] },
];

const summary = [];
let failed = false;
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  const statsFile = path.join(resultsDir, `${step.name}.stats.json`);
  fs.rmSync(statsFile, { force: true });
  console.log(`\n━━━ ${step.name} ━━━`);
  const started = Date.now();
  const r = spawnSync(step.cmd, step.args, { cwd: root, stdio: 'inherit', env: { ...process.env, MOCHA_STATS_FILE: statsFile } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const exit = r.status ?? 1;
  if (!step.suite) {
    summary.push({ name: step.name, text: exit === 0 ? `ok (${seconds} s)` : `FAILED (exit ${exit})` });
    failed ||= exit !== 0;
    continue;
  }
  let stats;
  try {
    stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  } catch {
    stats = undefined;
  }
  const problems = [];
  if (exit !== 0) problems.push(`exit ${exit}`);
  if (!stats) problems.push('no results');
  else if (stats.passes + stats.failures === 0) problems.push('ran no test');
  if (stats?.failures) problems.push(`${stats.failures} failing`);
  failed ||= problems.length > 0;
  summary.push({
    name: step.name,
    stats,
    text: `${stats?.passes ?? 0} passed, ${stats?.failures ?? 0} failed${stats?.pending ? `, ${stats.pending} skipped` : ''} (${seconds} s)${problems.length ? `  ← ${problems.join(', ')}` : ''}`,
  });
}

console.log('\n━━━ summary ━━━');
for (const s of summary) console.log(`${s.name.padEnd(12)} ${s.text}`);
const passed = summary.reduce((n, s) => n + (s.stats?.passes ?? 0), 0);
const failedCount = summary.reduce((n, s) => n + (s.stats?.failures ?? 0), 0);
const skipped = summary.reduce((n, s) => n + (s.stats?.pending ?? 0), 0);
console.log(`\n${passed} passed, ${failedCount} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
