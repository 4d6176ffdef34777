/**
 * Minimal line edits between two texts, and hunks for accepting part of a change.
 *
 * Lines here keep their terminators (lines.ts), so applying the edits reproduces the new text byte
 * for byte, line endings and a missing final newline included. The diff is jsdiff's Myers diff over
 * whole lines: it yields the fewest removed plus added lines, so lines the model did not change are
 * never rewritten (no lost cursor positions, markers or breakpoints on them, and a diff the user can
 * review line by line).
 */

import { diffArrays } from 'diff';
import { EditError } from './errors';
import { splitKeepEol } from './lines';

/** Replace lines [startLine, endLine) of the original with `newLines`. */
export interface LineEdit {
  /** 0-based line in the original text. */
  readonly startLine: number;
  /** Exclusive; equal to `startLine` for a pure insertion. */
  readonly endLine: number;
  /** The lines to put there, each with its terminator (the last one of a text may have none). */
  readonly newLines: readonly string[];
}

/**
 * One contiguous change, for per-hunk review. Hunks are exactly the change regions of the minimal
 * diff (no context merging): that is what a diff editor shows as separate changes.
 */
export interface Hunk {
  /** Position among the hunks of one diff, 0-based; stable for the same two texts. */
  readonly id: number;
  /** Lines [originalStart, originalEnd) of the original are replaced. */
  readonly originalStart: number;
  readonly originalEnd: number;
  /** Where the hunk's lines start in the new text (for CodeLens on the modified side). */
  readonly newStart: number;
  /** The original lines the hunk removes, with terminators. */
  readonly removedLines: readonly string[];
  /** The lines it puts in their place, with terminators. */
  readonly newLines: readonly string[];
}

/** The change regions between two texts, in order. */
export function computeHunks(originalText: string, newText: string): Hunk[] {
  const changes = diffArrays(splitKeepEol(originalText), splitKeepEol(newText));
  const hunks: Hunk[] = [];
  let oldLine = 0;
  let newLine = 0;
  let open: { originalStart: number; newStart: number; removed: string[]; added: string[] } | undefined;
  const flush = (): void => {
    if (!open) return;
    hunks.push({
      id: hunks.length,
      originalStart: open.originalStart,
      originalEnd: open.originalStart + open.removed.length,
      newStart: open.newStart,
      removedLines: open.removed,
      newLines: open.added,
    });
    open = undefined;
  };
  for (const change of changes) {
    if (!change.added && !change.removed) {
      flush();
      oldLine += change.value.length;
      newLine += change.value.length;
      continue;
    }
    open ??= { originalStart: oldLine, newStart: newLine, removed: [], added: [] };
    if (change.removed) {
      open.removed.push(...change.value);
      oldLine += change.value.length;
    } else {
      open.added.push(...change.value);
      newLine += change.value.length;
    }
  }
  flush();
  return hunks;
}

/** The minimal line edits that turn `originalText` into `newText`, in order, never overlapping. */
export function computeLineEdits(originalText: string, newText: string): LineEdit[] {
  return computeHunks(originalText, newText).map((h) => ({
    startLine: h.originalStart,
    endLine: h.originalEnd,
    newLines: h.newLines,
  }));
}

/**
 * `text` with the edits applied. Edits are in original coordinates and may come in any order.
 * @throws EditError `conflict` when edits overlap or reach past the end of the text.
 */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const lines = splitKeepEol(text);
  const sorted = [...edits].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const out: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    if (edit.startLine < at || edit.endLine < edit.startLine || edit.endLine > lines.length) {
      throw new EditError('conflict', 'The edits overlap or reach past the end of the text, so none was applied.');
    }
    out.push(...lines.slice(at, edit.startLine), ...edit.newLines);
    at = edit.endLine;
  }
  out.push(...lines.slice(at));
  return out.join('');
}

/**
 * The original text with only the given hunks applied (any subset, any order): the rest of the
 * original stays as it was. Each hunk's removed lines are checked against the text first, so a
 * hunk computed for another text is refused rather than applied in the wrong place.
 * @throws EditError `stale` when a hunk does not match the text, `conflict` when hunks overlap.
 */
export function applyHunks(originalText: string, hunks: readonly Hunk[]): string {
  const lines = splitKeepEol(originalText);
  for (const h of hunks) {
    const actual = lines.slice(h.originalStart, h.originalEnd);
    const matches =
      h.originalEnd - h.originalStart === h.removedLines.length &&
      actual.length === h.removedLines.length &&
      actual.every((line, k) => line === h.removedLines[k]);
    if (!matches) throw new EditError('stale', 'A change no longer matches the text it was made for, so none was applied.');
  }
  return applyLineEdits(
    originalText,
    hunks.map((h) => ({ startLine: h.originalStart, endLine: h.originalEnd, newLines: h.newLines })),
  );
}
