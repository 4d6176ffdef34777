// Apply benchmark (issue 5, acceptance 4; docs/architecture.md, Budgets: "computing and applying a
// refactor's edit on a 10,000-line file under 50 ms"). Pure core code, no VS Code:
//   plan       planRangeReplacement: fit the replacement (EOL, indentation, trailing breaks), diff
//              the 50-line range, edits in document coordinates: what Accept computes.
//   accept     applyProposal: re-anchor on the original text at the expected line, then plan.
//   moved      applyProposal after 3 lines were inserted above: re-anchoring searches the document.
//   apply      applyOffsetEdits: the planned edits applied to the 10,000-line text.
// Each case: median and p95 over many runs after a warm-up, and how many lines the edits touch
// (they must stay inside the range and cover only the changed lines).
// Timing never fails the run; a wrong result does.
// Run: npx tsx test/bench/apply.ts   (npm run bench calls runApplyBench)
import { applyOffsetEdits, applyProposal, planRangeReplacement, type TextEdit } from '../../src/core/edits';

const DOC_LINES = 10_000;
const RANGE_LINES = 50;
const WARMUP = 30;
const RUNS = 300;
const BUDGET_MS = 50;

export interface ApplyCase {
  readonly name: string;
  readonly what: string;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly runs: number;
}

export interface ApplyEditShape {
  /** Lines of the replacement that differ from the original range. */
  readonly changedLines: number;
  readonly edits: number;
  /** Document lines the edits replace, and lines they insert. */
  readonly linesReplaced: number;
  readonly linesInserted: number;
  /** Whether every edit lies inside the 50-line range. */
  readonly insideRange: boolean;
}

export interface ApplyResult {
  readonly documentLines: number;
  readonly rangeLines: number;
  readonly rangeStartLine: number;
  readonly budgetMs: number;
  /** The 50-line change where every line differs. */
  readonly full: { readonly cases: readonly ApplyCase[]; readonly shape: ApplyEditShape };
  /** The same range where 6 of the 50 lines differ: the edits must touch only those. */
  readonly partial: { readonly cases: readonly ApplyCase[]; readonly shape: ApplyEditShape };
  readonly node: string;
}

/** A TypeScript-looking document: classes of methods, comments, blank lines. */
function makeDocument(lines: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(`/** Service ${i}: keeps the ledger of account ${i}. */`);
    out.push(`export class Service${i} {`);
    out.push(`  private readonly entries: number[] = [];`);
    out.push('');
    out.push(`  add(amount: number): void {`);
    out.push(`    if (amount <= 0) throw new RangeError('amount ${i} must be positive');`);
    out.push(`    this.entries.push(amount);`);
    out.push('  }');
    out.push('');
    out.push(`  total(): number {`);
    out.push(`    let sum = 0;`);
    out.push(`    for (let k = 0; k < this.entries.length; k++) sum = sum + this.entries[k];`);
    out.push('    return sum;');
    out.push('  }');
    out.push('}');
    out.push('');
  }
  return out.slice(0, lines);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] as number;
}

function measure(name: string, what: string, fn: () => unknown): ApplyCase {
  for (let i = 0; i < WARMUP; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, what, medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95), runs: RUNS };
}

function shapeOf(edits: readonly TextEdit[], start: number, end: number, changedLines: number): ApplyEditShape {
  let linesReplaced = 0;
  let linesInserted = 0;
  let insideRange = true;
  for (const e of edits) {
    linesReplaced += e.end.line - e.start.line;
    linesInserted += e.newText === '' ? 0 : e.newText.split('\n').length - 1;
    if (e.start.line < start || e.end.line > end + 1 || (e.end.line === end + 1 && e.end.character !== 0)) insideRange = false;
  }
  return { changedLines, edits: edits.length, linesReplaced, linesInserted, insideRange };
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`apply bench: ${message}`);
}

function runCase(docLines: readonly string[], start: number, replacementLines: readonly string[], changedLines: number) {
  const doc = docLines.join('\n') + '\n';
  const end = start + RANGE_LINES - 1;
  const originalText = docLines.slice(start, end + 1).join('\n') + '\n';
  const replacement = replacementLines.join('\n') + '\n';
  const expected = [...docLines.slice(0, start), ...replacementLines, ...docLines.slice(end + 1)].join('\n') + '\n';

  const plan = planRangeReplacement(doc, { startLine: start, endLine: end }, replacement);
  check(plan.newDocumentText === expected, 'the planned document is not the expected one');
  check(applyOffsetEdits(doc, plan.offsetEdits) === expected, 'applying the planned edits does not give the expected document');
  const moved = '// one\n// two\n// three\n' + doc;
  const movedResult = applyProposal(moved, { originalText, startLine: start, endLine: end, replacement });
  check(movedResult.ok && movedResult.startLine === start + 3, 're-anchoring after an edit above failed');
  check(movedResult.ok && movedResult.text === '// one\n// two\n// three\n' + expected, 'the re-anchored result lost the edit above');

  const cases = [
    measure('plan', 'planRangeReplacement: fit + diff the range + edits', () => planRangeReplacement(doc, { startLine: start, endLine: end }, replacement)),
    measure('accept', 'applyProposal at the expected line (re-anchor + plan)', () => applyProposal(doc, { originalText, startLine: start, endLine: end, replacement })),
    measure('moved', 'applyProposal after 3 lines inserted above (search)', () => applyProposal(moved, { originalText, startLine: start, endLine: end, replacement })),
    // Reading a character flattens V8's rope, so the cost of building the new text is counted.
    measure('apply', 'applyOffsetEdits on the 10,000-line text', () => {
      const text = applyOffsetEdits(doc, plan.offsetEdits);
      return text.charCodeAt(text.length >> 1);
    }),
  ];
  return { cases, shape: shapeOf(plan.edits, start, end, changedLines) };
}

export async function runApplyBench(log: (line: string) => void = () => {}): Promise<ApplyResult> {
  const docLines = makeDocument(DOC_LINES);
  const start = DOC_LINES / 2 - RANGE_LINES / 2;
  const original = docLines.slice(start, start + RANGE_LINES);

  // Every line rewritten (as a reformatting refactor would).
  const full = original.map((l) => (l.trim() === '' ? '  // (kept apart)' : `${l.replace(/sum/g, 'total')} // reviewed`));
  log(`apply bench: ${DOC_LINES}-line document, lines ${start + 1}–${start + RANGE_LINES} replaced, every line changed`);
  const fullRun = runCase(docLines, start, full, RANGE_LINES);

  // Only the `sum` lines renamed: a handful of separate small hunks.
  const partial = original.map((l) => l.replace(/\bsum\b/g, 'total'));
  const changed = partial.filter((l, i) => l !== original[i]).length;
  log(`apply bench: the same range with ${changed} of ${RANGE_LINES} lines changed`);
  const partialRun = runCase(docLines, start, partial, changed);
  check(partialRun.shape.linesReplaced === changed && partialRun.shape.linesInserted === changed, 'the edits touch lines that did not change');

  return {
    documentLines: DOC_LINES,
    rangeLines: RANGE_LINES,
    rangeStartLine: start + 1,
    budgetMs: BUDGET_MS,
    full: fullRun,
    partial: partialRun,
    node: process.version,
  };
}

function ms(n: number): string {
  return n < 1 ? n.toFixed(3) : n.toFixed(2);
}

/** The result as a Markdown table with a short verdict. */
export function formatApplyResult(r: ApplyResult): string {
  const rows: string[] = [
    `Refactor apply on a ${r.documentLines.toLocaleString('en-US')}-line document, lines ${r.rangeStartLine}–${r.rangeStartLine + r.rangeLines - 1} (${r.rangeLines} lines), ${r.full.cases[0]?.runs ?? 0} runs each, Node ${r.node}:`,
    '',
    '| change | step | median ms | p95 ms |',
    '|---|---|---:|---:|',
  ];
  for (const [label, run] of [
    [`${r.full.shape.changedLines} of ${r.rangeLines} lines`, r.full],
    [`${r.partial.shape.changedLines} of ${r.rangeLines} lines`, r.partial],
  ] as const) {
    for (const c of run.cases) rows.push(`| ${label} | ${c.name}: ${c.what} | ${ms(c.medianMs)} | ${ms(c.p95Ms)} |`);
  }
  const shape = (s: ApplyEditShape) =>
    `${s.edits} edit${s.edits === 1 ? '' : 's'} replacing ${s.linesReplaced} line${s.linesReplaced === 1 ? '' : 's'} with ${s.linesInserted}, ${s.insideRange ? 'all inside the range' : 'SOME OUTSIDE THE RANGE'}`;
  const worst = Math.max(...[...r.full.cases, ...r.partial.cases].map((c) => c.medianMs));
  rows.push(
    '',
    `Edits: ${r.full.shape.changedLines} changed lines → ${shape(r.full.shape)}; ${r.partial.shape.changedLines} changed lines → ${shape(r.partial.shape)}. ` +
      `The other ${(r.documentLines - r.rangeLines).toLocaleString('en-US')} lines are never touched.`,
    `Budget ${r.budgetMs} ms: slowest median ${ms(worst)} ms (${worst <= r.budgetMs ? 'within' : 'OVER'} budget). ` +
      'Applying in VS Code is one WorkspaceEdit with these edits; its cost is the editor’s, not measured here.',
  );
  return rows.join('\n');
}

if (require.main === module) {
  runApplyBench((line) => console.error(line)).then(
    (r) => {
      if (process.argv.includes('--json')) console.log(JSON.stringify({ result: r, table: formatApplyResult(r) }));
      else console.log(formatApplyResult(r));
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
