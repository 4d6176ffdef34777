#!/usr/bin/env node
// `npm run bench`: the stream-throughput bench, then the apply, render and workbench benches when
// their files exist, each in its own Node process (so one's CPU figures and heap never touch the
// other's).
// Prints every table, then writes them into README.md between `<!-- bench:start -->` and
// `<!-- bench:end -->` (when both markers are there; otherwise it only prints).
// Benchmarks never fail on timing; the exit code is non-zero only when a bench crashed.
//
//   npm run bench                       all benches, README updated
//   npm run bench -- throughput         only the named ones (throughput, apply, tools, edits, render, token-frame, first-token, workbench)
//   npm run bench -- --no-readme        print only
//   npm run bench -- --readme FILE      write into another file (a copy, to try it out)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const writeReadme = !args.includes('--no-readme');
const readmeAt = args.indexOf('--readme');
const readmePath = readmeAt >= 0 && args[readmeAt + 1] ? path.resolve(args[readmeAt + 1]) : path.join(root, 'README.md');
const only = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--readme'));
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Driver code for a bench module that has no CLI of its own: import, run, print JSON. */
const driver = (file, run, format) => `
const mod = await import(${JSON.stringify(pathToImport(file))});
const m = mod.${run} ? mod : mod.default;
const result = await m.${run}((line) => console.error(line));
const table = typeof m.${format} === 'function' ? m.${format}(result) : null;
console.log(JSON.stringify({ result, table }));
`;

function pathToImport(file) {
  return new URL(`file://${path.join(root, file)}`).href;
}

const benches = [
  {
    name: 'throughput',
    title: 'Stream throughput: core client vs openai SDK',
    file: 'test/bench/stream-throughput.ts',
    args: ['test/bench/stream-throughput.ts', '--json'],
  },
  {
    name: 'apply',
    title: 'Refactor apply on a 10,000-line file',
    file: 'test/bench/apply.ts',
    args: ['test/bench/apply.ts', '--json'],
  },
  {
    name: 'tools',
    title: 'Workspace tools: search_text against ripgrep, the tool loop per round',
    file: 'test/bench/tools.ts',
    args: ['test/bench/tools.ts', '--json'],
  },
  {
    name: 'edits',
    title: 'Edits across files: composing and planning, match recovery',
    file: 'test/bench/edits.ts',
    args: ['test/bench/edits.ts', '--json'],
  },
  {
    name: 'render',
    title: 'Streaming render cost (chat panel)',
    file: 'test/bench/render.ts',
    args: ['--input-type=module', '-e', driver('test/bench/render.ts', 'runRenderBench', 'formatResult')],
  },
  {
    name: 'token-frame',
    title: 'A token’s frame in a 200-turn conversation (chat panel)',
    file: 'test/bench/tokenFrame.ts',
    args: ['--input-type=module', '-e', driver('test/bench/tokenFrame.ts', 'runTokenFrameBench', 'formatTokenFrame')],
  },
  {
    // Packages the .vsix and asks questions in the real workbench over HTTPS with an added RTT.
    name: 'first-token',
    title: 'Time to first token: the extension’s share, with and without warming',
    file: 'test/bench/firstToken.ts',
    args: ['--input-type=module', '-e', driver('test/bench/firstToken.ts', 'runFirstTokenBench', 'formatFirstToken')],
  },
  {
    // Packages the .vsix (production bundles in dist/) and drives the real workbench: the slowest.
    name: 'workbench',
    title: 'In the workbench: activation, latency, memory, sizes',
    file: 'test/bench/workbench.ts',
    args: ['--input-type=module', '-e', driver('test/bench/workbench.ts', 'runWorkbenchBench', 'formatResult')],
  },
];

/** Runs one bench in a child Node with tsx; resolves with its parsed JSON line, or an error. */
function runBench(bench) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', ...bench.args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c) => (out += c));
    child.on('error', (error) => resolve({ error }));
    child.on('close', (code) => {
      if (code !== 0) {
        resolve({ error: new Error(`${bench.file} exited with code ${code}`) });
        return;
      }
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last));
      } catch {
        resolve({ error: new Error(`${bench.file} printed no JSON result`) });
      }
    });
  });
}

// How busy the machine was: other work on it inflates the wall-clock figures (the ratios and CPU
// figures less so), and the README should say so beside them.
const loadAtStart = os.loadavg()[0];
const sections = [];
let failed = false;
for (const bench of benches) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  if (!fs.existsSync(path.join(root, bench.file))) {
    console.log(`\n(${bench.file} is not there yet: skipped)`);
    continue;
  }
  console.log(`\n━━━ ${bench.title} ━━━`);
  const started = Date.now();
  const r = await runBench(bench);
  if (r.error) {
    failed = true;
    console.error(`bench ${bench.name} failed: ${r.error.message}`);
    continue;
  }
  const table = r.table ?? `\`\`\`json\n${JSON.stringify(r.result, null, 2)}\n\`\`\``;
  console.log(`\n${table}\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  sections.push(`### ${bench.title}\n\n${table}`);
}

if (sections.length > 0 && writeReadme) {
  const readme = fs.existsSync(readmePath) ? fs.readFileSync(readmePath, 'utf8') : '';
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) {
    console.log(`\n${path.relative(root, readmePath)} has no ${START} … ${END} markers: figures printed only.`);
  } else {
    const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
    const stamp = new Date().toISOString().slice(0, 10);
    const body = [
      `_Measured by \`npm run bench\` on ${stamp}: Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpu} ×${os.cpus().length}; ` +
        `load average ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end (other work on the machine slows the wall-clock figures)._`,
      '',
      sections.join('\n\n'),
    ].join('\n');
    const updated = `${readme.slice(0, start + START.length)}\n${body}\n${readme.slice(end)}`;
    fs.writeFileSync(readmePath, updated);
    console.log(`\n${path.relative(root, readmePath)}: figures written between the bench markers.`);
  }
}

process.exit(failed ? 1 : 0);
