/**
 * Applying one file's proposal to the file as it is now, safely: the same rule as a refactor's
 * Accept (docs/architecture.md, "A refactor, end to end"). The proposal is reduced to the span of
 * lines it changes (from its first to its last changed line, with one line of context around an
 * insertion); that span's original text must still be in the file — where it was, or where the
 * user's edits elsewhere moved it — or the apply is refused. Only the changed lines are written,
 * in the file's own line endings.
 */
import { convertEol, detectEol } from '../edits/eol';
import { reanchor, type ReanchorFailure } from '../edits/anchor';
import { countLineBreaks, lineStarts, type Eol } from '../edits/lines';
import { planRangeReplacement, type TextEdit } from '../edits/plan';

export interface ChangeSpan {
  /** 0-based, inclusive, in the original text. */
  readonly startLine: number;
  readonly endLine: number;
  /** The span's lines in the original, and what the proposal puts there (both with terminators). */
  readonly originalText: string;
  readonly proposedText: string;
}

/**
 * The lines a proposal changes, or undefined when it changes nothing: everything between the
 * common first lines and the common last lines of the two texts (no diff needed for that, which
 * matters when an answer touches fifty files).
 */
export function changeSpan(original: string, proposed: string): ChangeSpan | undefined {
  if (original === proposed) return undefined;
  // Compared by characters, then widened to whole lines: the same span as comparing the texts'
  // lines (with their terminators) from both ends, without a string per line of either text.
  const lo = original.length;
  const lp = proposed.length;
  let p = 0;
  while (p < lo && p < lp && original.charCodeAt(p) === proposed.charCodeAt(p)) p++;
  // Whole lines inside the common prefix are the common first lines.
  let head = p === 0 ? 0 : original.lastIndexOf('\n', p - 1) + 1;
  // The common suffix, not reaching into those lines.
  const room = Math.min(lo, lp) - head;
  let s = 0;
  while (s < room && original.charCodeAt(lo - 1 - s) === proposed.charCodeAt(lp - 1 - s)) s++;
  // Whole lines inside the common suffix are the common last lines: from its first line start
  // that is one in both texts.
  const ro = lo - s;
  const rp = lp - s;
  let tailO: number;
  if ((ro === 0 || original.charCodeAt(ro - 1) === 10) && (rp === 0 || proposed.charCodeAt(rp - 1) === 10)) tailO = ro;
  else {
    const nl = original.indexOf('\n', ro);
    tailO = nl === -1 ? lo : nl + 1;
  }
  let tailP = rp + (tailO - ro);
  // A lone insertion changes no original line: take a neighbour, so there is something to find again.
  if (head === tailO) {
    if (head > 0) head = head < 2 ? 0 : original.lastIndexOf('\n', head - 2) + 1;
    else if (tailO < lo) {
      const nl = original.indexOf('\n', tailO);
      const next = nl === -1 ? lo : nl + 1;
      tailP += next - tailO;
      tailO = next;
    }
  }
  const startLine = countLineBreaks(original, 0, head);
  const end = countLineBreaks(original, 0, tailO) + (tailO === lo && lo > 0 && original.charCodeAt(lo - 1) !== 10 ? 1 : 0); // exclusive
  return {
    startLine,
    endLine: Math.max(startLine, end - 1),
    originalText: original.slice(head, tailO),
    proposedText: proposed.slice(head, tailP),
  };
}

export type FileChangePlan =
  | { readonly ok: true; readonly edits: TextEdit[]; readonly newText: string; readonly startLine: number }
  | { readonly ok: false; readonly reason: ReanchorFailure };

/**
 * The edits that put `span` into `current` (the file's text now), or why not: 'changed' when the
 * changed lines were edited since the proposal, 'ambiguous' when they now appear twice at the same
 * distance, 'missing' when the file no longer reaches them.
 */
export function planFileChange(current: string, span: ChangeSpan, fallbackEol: Eol = '\n'): FileChangePlan {
  const eol = detectEol(current, fallbackEol);
  const base = convertEol(span.originalText, eol);
  const lineCount = span.endLine - span.startLine + 1;
  const anchored = reanchor(base, span.startLine, current, { lineCount });
  if (!anchored.ok) return { ok: false, reason: anchored.reason };
  let replacement = convertEol(span.proposedText, eol);
  const starts = lineStarts(current);
  const sliceEndsWithBreak = current.charCodeAt((starts[anchored.endLine + 1] as number) - 1) === 10 && (starts[anchored.endLine + 1] as number) > (starts[anchored.startLine] as number);
  // A last line that gained a line break since (the user typed below it): keep the break.
  if (replacement !== '' && !base.endsWith('\n') && sliceEndsWithBreak && !replacement.endsWith('\n')) replacement += eol;
  const plan = planRangeReplacement(current, anchored, replacement, { normalize: false });
  return { ok: true, edits: plan.edits, newText: plan.newDocumentText, startLine: anchored.startLine };
}
