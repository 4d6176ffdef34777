// Edits across files benchmark (README, Performance):
//   compose   200 edit_file calls over 50 files of 2,000 lines (4 per file, each matched against the
//             file as the earlier ones left it), then each file's proposal reduced to its span and
//             planned onto the file as it is on disk: the whole of what the host does between
//             Claude's calls and Accept All — total time, median of several runs (goal < 100 ms).
//   recovery  a generated corpus of edits whose old_text is taken from a file and perturbed the way
//             models perturb it (line endings, trailing spaces, a uniform indentation shift, a
//             missing final newline): of those whose place is unique, the share matched (goal 100 %),
//             and the number applied at a wrong place (goal 0).
// Timing never fails the run; a wrong result does.
// Run: npx tsx test/bench/edits.ts   (npm run bench calls runEditsBench)
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyEdit, ChangeSet, changeSpan, denyMatcher, planFileChange, type TextReader } from '../../src/core/tools';

const FILES = 50;
const LINES = 2000;
const EDITS_PER_FILE = 4;
const RUNS = 7;
const CORPUS = 5000;

export interface EditsResult {
  readonly files: number;
  readonly lines: number;
  readonly edits: number;
  readonly totalMs: { readonly median: number; readonly p95: number };
  readonly perEditMs: number;
  readonly recovery: { readonly cases: number; readonly unique: number; readonly recovered: number; readonly wrong: number; readonly notUnique: number; readonly refusedNotUnique: number };
}

/** mulberry32: small, seeded, and even in its low bits (a plain LCG modulo small n is not). */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
  };
}

/** A Python-looking file whose lines are unique (every statement carries its file and line number). */
function makeFile(f: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < LINES; i++) {
    out.push(`def handler_${f}_${i}(items):`);
    out.push(`    total_${i} = 0`);
    out.push(`    for item in items:`);
    out.push(`        total_${i} += item.price * ${i % 7}`);
    out.push(`    return total_${i}`);
    out.push('');
  }
  return `${out.slice(0, LINES).join('\n')}\n`;
}

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? 0;
  return { median: Number(at(0.5).toFixed(2)), p95: Number(at(0.95).toFixed(2)) };
}

async function composeAndPlan(dir: string, texts: string[]): Promise<number> {
  const read: TextReader = async (p) => {
    const text = texts[Number(path.basename(p).replace(/\D/g, ''))] ?? '';
    return { text, bytes: text.length };
  };
  const roots = [{ name: 'ws', path: dir }];
  const denied = denyMatcher();
  const t = performance.now();
  const set = new ChangeSet(read);
  const pending: Promise<unknown>[] = [];
  for (let f = 0; f < FILES; f++) {
    for (let e = 0; e < EDITS_PER_FILE; e++) {
      const i = 40 + e * 80; // four functions spread through the file
      pending.push(set.edit(roots, denied, `src/m${f}.py`, `        total_${i} += item.price * ${i % 7}`, `        total_${i} += item.price * ${i % 7} + item.tax`));
    }
  }
  const results = await Promise.all(pending);
  let planned = 0;
  for (const c of set.files) {
    const span = changeSpan(c.original, c.proposed);
    if (!span) continue;
    const plan = planFileChange(c.original, span);
    if (plan.ok && plan.newText === c.proposed) planned++;
  }
  const ms = performance.now() - t;
  if (results.some((r) => !(r as { ok: boolean }).ok) || planned !== FILES) throw new Error(`compose/plan gave the wrong result: ${planned} of ${FILES} files planned`);
  return ms;
}

/** The recovery corpus: old_text from a file, perturbed; the place is unique or not by construction. */
function recoveryCorpus(): EditsResult['recovery'] {
  const rand = rng(7);
  let unique = 0;
  let recovered = 0;
  let wrong = 0;
  let notUnique = 0;
  let refusedNotUnique = 0;
  for (let n = 0; n < CORPUS; n++) {
    const eol = rand(3) === 0 ? '\r\n' : '\n';
    const lines: string[] = [];
    const fnCount = 3 + rand(6);
    // Some functions repeat exactly (a duplicated helper): edits of those are not unique.
    const dup = rand(4) === 0;
    for (let f = 0; f < fnCount; f++) {
      const name = dup && f === fnCount - 1 ? 0 : f;
      lines.push(`def f${name}(x):`, `    y = x * ${name}`, `    if y > ${name}:`, `        return y`, `    return ${name}`, '');
    }
    const suffix = rand(2) ? eol : '';
    const file = lines.join(eol) + suffix;
    const target = rand(fnCount - (dup ? 1 : 0));
    const start = target * 6 + 1;
    const len = 1 + rand(3);
    const window = lines.slice(start, start + len);
    const isUnique = !(dup && target === 0);
    // The model's copy: shifted, trailing spaces, other line endings.
    const shift = rand(3);
    const copy = window.map((l) => (shift === 0 ? l : shift === 1 ? `  ${l}` : l.replace(/^ {4}/, ''))).map((l) => (rand(3) === 0 ? `${l}  ` : l));
    const oldText = copy.join(rand(2) ? '\r\n' : '\n');
    const newLines = window.map((l) => `${l} # changed`);
    const newText = newLines.map((l) => (shift === 0 ? l : shift === 1 ? `  ${l}` : l.replace(/^ {4}/, ''))).join('\n');
    const expected = [...lines.slice(0, start), ...newLines, ...lines.slice(start + len)].join(eol) + suffix;
    const r = applyEdit(file, oldText, newText);
    if (isUnique) {
      unique++;
      if (r.ok && r.text === expected) recovered++;
      else if (r.ok) wrong++;
    } else {
      notUnique++;
      if (!r.ok) refusedNotUnique++;
      else wrong++;
    }
  }
  return { cases: CORPUS, unique, recovered, wrong, notUnique, refusedNotUnique };
}

export async function runEditsBench(log: (line: string) => void = console.error): Promise<EditsResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aiml-edits-bench-'));
  try {
    await fs.mkdir(path.join(dir, 'src'));
    const texts = Array.from({ length: FILES }, (_, f) => makeFile(f));
    await Promise.all(texts.map((t, f) => fs.writeFile(path.join(dir, 'src', `m${f}.py`), t)));
    await composeAndPlan(dir, texts); // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      times.push(await composeAndPlan(dir, texts));
      log(`  run ${i + 1}/${RUNS}: ${times.at(-1)?.toFixed(1)} ms`);
    }
    log('recovery corpus…');
    const recovery = recoveryCorpus();
    const total = stats(times);
    return { files: FILES, lines: LINES, edits: FILES * EDITS_PER_FILE, totalMs: total, perEditMs: Number((total.median / (FILES * EDITS_PER_FILE)).toFixed(3)), recovery };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export function formatEditsResult(r: EditsResult): string {
  const rate = ((r.recovery.recovered / r.recovery.unique) * 100).toFixed(1);
  return [
    `${r.edits} \`edit_file\` calls over ${r.files} files of ${r.lines.toLocaleString('en-US')} lines, composed and planned (median of ${RUNS} runs): ` +
      `**${r.totalMs.median} ms** in all, p95 ${r.totalMs.p95} ms (goal < 100 ms); ${r.perEditMs} ms an edit.`,
    '',
    `Match recovery over ${r.recovery.cases.toLocaleString('en-US')} generated edits whose \`old_text\` was perturbed (line endings, trailing spaces, an indentation shift):`,
    '',
    '| | cases | result |',
    '|---|---|---|',
    `| unique place | ${r.recovery.unique} | **${rate} %** recovered (goal 100 %) |`,
    `| not unique (a duplicated function) | ${r.recovery.notUnique} | ${r.recovery.refusedNotUnique} refused with the line numbers |`,
    `| applied at a wrong place | | **${r.recovery.wrong}** (goal 0) |`,
  ].join('\n');
}

if (require.main === module) {
  runEditsBench().then(
    (r) => console.log(process.argv.includes('--json') ? JSON.stringify({ result: r, table: formatEditsResult(r) }) : formatEditsResult(r)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
