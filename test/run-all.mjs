#!/usr/bin/env node
// `npm test`: type-check and lint, then the three suites — unit (mocha on Node, with coverage of
// src/core), integration (mocha inside a real VS Code extension host) and end-to-end (playwright
// driving a real VS Code workbench in chromium, with the packaged .vsix installed). Prints each
// suite's counts and exits non-zero when a test fails, a suite fails to run, or a suite ran fewer
// tests than test/expected-counts.json records for it (a test file that stopped loading, a suite
// that silently lost its tests). Integration and end-to-end run once per VS Code version
// (test/harness/paths.mjs: min = the oldest `engines.vscode` accepts, latest = the newest
// code-server that installs here; AIML_VSCODE=min|latest|both picks), each with its own count
// line ("integration (VS Code 1.100.3)") and its own recorded count ({ "integration": { "min": … } }).
// Integration runs on both by default, the two side by side (the bundle built first, once): each
// waits on its extension host more than it computes. End to end runs on min by default; with
// AIML_VSCODE=both the two go side by side (the .vsix packaged first, once; the second run's output
// kept in test-results/ and printed when it ends). Both pass, but together they need about 2,850
// CPU-seconds, 25 minutes on 2 cores: with the rest of CI that is over its 30 minutes.
//
//   npm test                      everything
//   npm test -- unit e2e          only the named steps (typecheck, lint, unit, integration, e2e);
//                                 only the suites that ran are checked against their counts
//   npm test -- --record          also raise the recorded counts to what the passing suites ran.
//                                 A count is never lowered here: to lower one, edit the file by
//                                 hand in the commit that removes the tests, and say why there.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root, selectedTargets, targetLabel, vscodeTargets } from './harness/paths.mjs';

const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });
const args = process.argv.slice(2);
const record = args.includes('--record');
const unknownFlags = args.filter((a) => a.startsWith('-') && a !== '--record');
const only = args.filter((a) => !a.startsWith('-'));
const countsFile = path.join(root, 'test', 'expected-counts.json');
const countsName = path.relative(root, countsFile);
const expected = readCounts();
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
  ...perVersion({ name: 'integration', suite: true, concurrent: true, cmd: process.execPath, args: [path.join(root, 'test', 'integration', 'run-code-server.mjs')] }),
  // End to end on 1.100.3 unless AIML_VSCODE asks for both (then side by side): see the top.
  ...perVersion({ name: 'e2e', suite: true, concurrent: true, cmd: process.execPath, args: [path.join(root, 'test', 'e2e', 'run.mjs')] }, 'min'),
];

/**
 * One step per VS Code version AIML_VSCODE selects, each recorded under its version's id. The
 * first of each builds what the others reuse (share()): the extension bundle, the packaged .vsix.
 */
function perVersion(step, unset = 'both') {
  let targets;
  try {
    targets = selectedTargets(process.env.AIML_VSCODE?.trim() || unset);
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  return targets.map((t) => ({ ...step, label: `${step.name} (${targetLabel(t)})`, version: t.id, env: { AIML_VSCODE: t.id } }));
}

/**
 * What a step leaves for the later runs of the same suite on another version: the bundle or the
 * .vsix it built (newer than the step's start, so never one left over from an earlier run).
 */
const shared = {};
function share(step, started) {
  const builtSince = (file) => fs.existsSync(file) && fs.statSync(file).mtimeMs >= started;
  if (step.name === 'integration' && builtSince(path.join(root, 'dist', 'extension.js'))) shared.integration = { AIML_SKIP_BUILD: '1' };
  if (step.name === 'e2e' && !process.env.AIML_E2E_VSIX) {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const vsix = path.join(root, `aiml-claude-${version}.vsix`);
    if (builtSince(vsix)) shared.e2e = { AIML_E2E_VSIX: vsix };
  }
}

const unknownSteps = only.filter((name) => !steps.some((s) => s.name === name));
if (unknownFlags.length || unknownSteps.length) {
  console.error(`Unknown ${unknownFlags.length ? `option ${unknownFlags.join(' ')}` : `step ${unknownSteps.join(' ')}`}. Steps: ${steps.map((s) => s.name).join(', ')}; option: --record.`);
  process.exit(2);
}

/**
 * The recorded minimum count of each suite: { unit: 482, integration: { min: 101, latest: 101 }, … }
 * (a suite run per VS Code version has a figure per version id).
 */
function readCounts() {
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(countsFile, 'utf8'));
  } catch (err) {
    console.error(`${countsName} is missing or not JSON (${err.message}); it records how many tests each suite runs at least.`);
    process.exit(2);
  }
  const count = (n) => Number.isInteger(n) && n >= 0;
  for (const [name, n] of Object.entries(parsed)) {
    if (name.startsWith('$')) continue;
    const perVersion = typeof n === 'object' && n !== null && !Array.isArray(n);
    if (!(count(n) || (perVersion && Object.values(n).every(count)))) {
      console.error(`${countsName}: "${name}" must be a whole number of tests (or one per VS Code version), not ${JSON.stringify(n)}.`);
      process.exit(2);
    }
  }
  return parsed;
}

/** The recorded figure of a step: its version's, or the suite's (a single figure holds for every version). */
function minimumOf(step) {
  const n = expected[step.name];
  return typeof n === 'object' ? (step.version ? n[step.version] : undefined) : n;
}

/** Tests a suite ran: passed or failed (skipped ones are forbidden, and did not run). */
const ran = (stats) => (stats ? stats.passes + stats.failures : 0);

const summary = [];
let failed = false;
const selected = steps.filter((step) => !only.length || only.includes(step.name));
for (let i = 0; i < selected.length; i++) {
  const step = selected[i];
  let n = 1;
  if (step.concurrent) while (selected[i + n]?.concurrent && selected[i + n].name === step.name) n++;
  const together = selected.slice(i, i + n);
  i += n - 1;
  if (together.length === 1) {
    const statsFile = statsFileOf(step);
    console.log(`\n━━━ ${step.label ?? step.name} ━━━`);
    const started = Date.now();
    const env = { ...process.env, ...step.env, ...shared[step.name], MOCHA_STATS_FILE: statsFile };
    const r = spawnSync(step.cmd, step.args, { cwd: root, stdio: 'inherit', env });
    if (step.version && !shared[step.name]) share(step, started);
    conclude(step, r.status ?? 1, started, statsFile);
    continue;
  }
  // Side by side: what they share (the .vsix) is made first, by the first run alone.
  console.log(`\n━━━ ${together.map((s) => s.label).join(' and ')}, side by side ━━━`);
  const prepared = await prepareShared(step);
  const runs = together.map((s, k) => {
    const statsFile = statsFileOf(s);
    const log = k === 0 ? undefined : path.join(resultsDir, `${s.name}-${s.version}.log`);
    const started = Date.now();
    const env = { ...process.env, ...s.env, ...prepared, MOCHA_STATS_FILE: statsFile };
    const out = log ? fs.openSync(log, 'w') : 'inherit';
    const child = spawn(s.cmd, s.args, { cwd: root, stdio: ['ignore', out, out], env });
    if (log) console.log(`(${s.label}: its output goes to ${path.relative(root, log)} and is printed when the first run ends)`);
    const exit = new Promise((resolve) => {
      child.on('error', () => resolve(1));
      child.on('exit', (code) => resolve(code ?? 1));
    });
    return { step: s, statsFile, log, started, exit, out };
  });
  for (const r of runs) {
    const exit = await r.exit;
    if (r.log) {
      fs.closeSync(r.out);
      console.log(`\n━━━ ${r.step.label} (ran beside the run above) ━━━`);
      process.stdout.write(fs.readFileSync(r.log, 'utf8'));
    }
    conclude(r.step, exit, r.started, r.statsFile);
  }
}

function statsFileOf(step) {
  const statsFile = path.join(resultsDir, `${step.name}${step.version ? `-${step.version}` : ''}.stats.json`);
  fs.rmSync(statsFile, { force: true });
  return statsFile;
}

/**
 * Builds what concurrent runs of a suite share, once: for integration the extension bundle (the
 * runs load it from dist/ and must not rebuild it under each other), for e2e the packaged .vsix.
 */
async function prepareShared(step) {
  if (step.name === 'integration') {
    if (process.env.AIML_SKIP_BUILD) return {};
    const r = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('Building the extension for the integration runs failed; see above.');
      process.exit(r.status ?? 1);
    }
    return { AIML_SKIP_BUILD: '1' };
  }
  if (step.name !== 'e2e' || process.env.AIML_E2E_VSIX) return {};
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('Packaging the .vsix for the end-to-end runs failed; see above.');
    process.exit(r.status ?? 1);
  }
  return { AIML_E2E_VSIX: path.join(root, `aiml-claude-${version}.vsix`) };
}

/** A step's line in the summary, from its exit code and its stats file. */
function conclude(step, exit, started, statsFile) {
  const label = step.label ?? step.name;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!step.suite) {
    summary.push({ name: step.name, label, text: exit === 0 ? `ok (${seconds} s)` : `FAILED (exit ${exit})` });
    failed ||= exit !== 0;
    return;
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
  const minimum = minimumOf(step);
  if (stats && minimum !== undefined && ran(stats) < minimum) {
    const line = `${label} ran ${ran(stats)} tests, fewer than the ${minimum} recorded in ${countsName} — a test file stopped loading?`;
    console.error(`\n${line}`);
    problems.push(`fewer than the ${minimum} recorded`);
  } else if (stats && minimum === undefined) {
    console.log(`\n(${countsName} records no count for ${label}: \`npm test -- ${step.name} --record\` records ${ran(stats)})`);
  }
  failed ||= problems.length > 0;
  summary.push({
    name: step.name,
    label,
    version: step.version,
    stats,
    ok: exit === 0 && !!stats && stats.failures === 0,
    text: `${stats?.passes ?? 0} passed, ${stats?.failures ?? 0} failed${stats?.pending ? `, ${stats.pending} skipped` : ''} (${seconds} s)${problems.length ? `  ← ${problems.join(', ')}` : ''}`,
  });
}

console.log('\n━━━ summary ━━━');
const width = Math.max(12, ...summary.map((s) => s.label.length));
for (const s of summary) console.log(`${s.label.padEnd(width)} ${s.text}`);
// The failing tests by name, so that the end of a long log says what failed, not only how many.
for (const s of summary.filter((x) => x.stats?.failed?.length)) {
  console.log(`\n${s.label} failed:`);
  for (const line of s.stats.failed) console.log(`  ✗ ${line}`);
}
const passed = summary.reduce((n, s) => n + (s.stats?.passes ?? 0), 0);
const failedCount = summary.reduce((n, s) => n + (s.stats?.failures ?? 0), 0);
const skipped = summary.reduce((n, s) => n + (s.stats?.pending ?? 0), 0);
console.log(`\n${passed} passed, ${failedCount} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (record) recordCounts();
process.exit(failed ? 1 : 0);

/** One figure for every VS Code version id, or none. */
function perId(n) {
  return n === undefined ? {} : Object.fromEntries(vscodeTargets.map((t) => [t.id, n]));
}

/** Raises the recorded count of each suite that passed to what it ran; never lowers one. */
function recordCounts() {
  const next = structuredClone(expected);
  const lines = [];
  for (const s of summary) {
    if (!s.stats) continue;
    const n = ran(s.stats);
    const before = minimumOf(s);
    if (!s.ok) lines.push(`${s.label}: not recorded, the suite did not pass`);
    else if (before === undefined || n > before) {
      if (!s.version) next[s.name] = n;
      // A figure of the suite as a whole (the format before versions) becomes one per version.
      else next[s.name] = { ...(typeof next[s.name] === 'object' ? next[s.name] : perId(next[s.name])), [s.version]: n };
      lines.push(`${s.label}: ${before ?? 'none'} → ${n}`);
    } else if (n < before) lines.push(`${s.label}: ${n} is fewer than the ${before} recorded; not lowered (edit ${countsName} by hand, saying why in the commit)`);
    else lines.push(`${s.label}: ${n}, unchanged`);
  }
  if (JSON.stringify(next) !== JSON.stringify(expected)) fs.writeFileSync(countsFile, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`\n━━━ ${countsName} ━━━\n${lines.join('\n') || 'no suite ran: nothing to record'}`);
}
