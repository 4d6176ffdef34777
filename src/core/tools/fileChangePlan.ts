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
import { splitKeepEol, type Eol } from '../edits/lines';
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
  const orig = splitKeepEol(original);
  const prop = splitKeepEol(proposed);
  let head = 0;
  while (head < orig.length && head < prop.length && orig[head] === prop[head]) head++;
  let tail = 0;
  while (tail < orig.length - head && tail < prop.length - head && orig[orig.length - 1 - tail] === prop[prop.length - 1 - tail]) tail++;
  let start = head;
  let end = orig.length - tail; // exclusive
  // A lone insertion changes no original line: take a neighbour, so there is something to find again.
  if (start === end) {
    if (start > 0) start--;
    else if (end < orig.length) end++;
  }
  const shiftEnd = prop.length - orig.length;
  return {
    startLine: start,
    endLine: Math.max(start, end - 1),
    originalText: orig.slice(start, end).join(''),
    proposedText: prop.slice(start, end + shiftEnd).join(''),
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
  const slice = splitKeepEol(current).slice(anchored.startLine, anchored.endLine + 1).join('');
  // A last line that gained a line break since (the user typed below it): keep the break.
  if (replacement !== '' && !base.endsWith('\n') && slice.endsWith('\n') && !replacement.endsWith('\n')) replacement += eol;
  const plan = planRangeReplacement(current, anchored, replacement, { normalize: false });
  return { ok: true, edits: plan.edits, newText: plan.newDocumentText, startLine: anchored.startLine };
}
