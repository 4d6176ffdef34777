#!/usr/bin/env node
// End-to-end suite: packages the extension once (unless AIML_E2E_VSIX names a .vsix), then runs
// the playwright tests on each VS Code version AIML_VSCODE selects (min = 1.100.3, latest =
// 1.139.1, both by default; test/harness/paths.mjs); each test installs that .vsix into a fresh
// code-server profile. Mocha arguments pass through (e.g. --grep 'name'). The counts of all runs
// go to $MOCHA_STATS_FILE.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root, selectedTargets, targetLabel } from '../harness/paths.mjs';
import { installCodeServer } from '../harness/install-code-server.mjs';

let targets;
try {
  targets = selectedTargets();
  for (const target of targets) installCodeServer(target);
} catch (err) {
  console.error(`[e2e] ${err.message}`);
  process.exit(1);
}
let vsix = process.env.AIML_E2E_VSIX;
if (!vsix) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  vsix = path.join(root, `aiml-claude-${pkg.version}.vsix`);
}
const reporter = path.join(root, 'test', 'harness', 'stats-reporter.cjs');
const args = [
  path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
  '--config', path.join(root, 'test', 'e2e', 'mocharc.json'),
  '--reporter', reporter,
  ...process.argv.slice(2),
];
const statsFile = process.env.MOCHA_STATS_FILE;
const total = { passes: 0, failures: 0, pending: 0, tests: 0 };
const failed = [];
let code = 0;
for (const target of targets) {
  const label = targetLabel(target);
  console.log(`[e2e] ${label}`);
  const ownStats = statsFile && targets.length > 1 ? `${statsFile}.${target.id}` : statsFile;
  if (ownStats) fs.rmSync(ownStats, { force: true });
  const env = { ...process.env, AIML_E2E_VSIX: vsix, AIML_VSCODE: target.id, ...(ownStats ? { MOCHA_STATS_FILE: ownStats } : {}) };
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  code ||= r.status ?? 1;
  if (!ownStats) continue;
  if (!fs.existsSync(ownStats)) {
    console.error(`[e2e] ${label}: mocha wrote no results`);
    code ||= 1;
    continue;
  }
  const stats = JSON.parse(fs.readFileSync(ownStats, 'utf8'));
  for (const k of Object.keys(total)) total[k] += stats[k] ?? 0;
  for (const line of stats.failed ?? []) failed.push(targets.length > 1 ? `${label}: ${line}` : line);
  console.log(`[e2e] ${label}: ${stats.passes} passed, ${stats.failures} failed`);
  if (ownStats !== statsFile) fs.rmSync(ownStats, { force: true });
}
if (statsFile && targets.length > 1) fs.writeFileSync(statsFile, JSON.stringify({ ...total, failed }));
process.exit(code);
