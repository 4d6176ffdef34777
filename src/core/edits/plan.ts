/**
 * Planning the document edits that replace a range of whole lines.
 *
 * Only the selected range is diffed, never the whole file: lines outside it cannot be touched by
 * construction, and the cost stays proportional to the selection (a 50-line change in a
 * 10,000-line file diffs 50 lines). The result is in the document's own coordinates, ready for one
 * `WorkspaceEdit` (one undo step); the host converts positions, nothing else.
 */

import { detectEol, prepareReplacement } from './eol';
import { computeHunks } from './lineEdits';
import { lineOffsets, lineStarts, splitKeepEol, type Eol } from './lines';

export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based UTF-16 code unit in the line, as VS Code counts characters. */
  readonly character: number;
}

/** A text edit in document coordinates (a VS Code `TextEdit` without the class). */
export interface TextEdit {
  readonly start: Position;
  readonly end: Position;
  readonly newText: string;
}

/** The same edit by character offsets into the document text (for the CLI and plain strings). */
export interface OffsetEdit {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly newText: string;
}

/** Whole lines of a document, 0-based, both ends inclusive. */
export interface LineRange {
  readonly startLine: number;
  readonly endLine: number;
}

export interface RangeReplacementPlan {
  /** Non-overlapping, in document order, each covering only lines that change. */
  readonly edits: TextEdit[];
  readonly offsetEdits: OffsetEdit[];
  /** The document as it will be after the edits. */
  readonly newDocumentText: string;
  /** The range's text before, and the text that replaces it (after `prepareReplacement`). */
  readonly originalRangeText: string;
  readonly replacementText: string;
}

export interface PlanOptions {
  /** The document's line ending; detected from the text when absent. */
  readonly eol?: Eol;
  /** Put back indentation the model dropped (indent.ts). Default true. */
  readonly reindent?: boolean;
  /**
   * false: `replacement` is already in its final form (for example the result of `applyHunks` on a
   * prepared replacement) and is used byte for byte. Default true.
   */
  readonly normalize?: boolean;
}

/** The text of whole lines [startLine, endLine] and where it sits in the document. */
export function rangeText(documentText: string, range: LineRange): { text: string; startOffset: number; endOffset: number } {
  const offsets = lineStarts(documentText);
  assertRange(range, offsets.length - 1);
  const startOffset = offsets[range.startLine] as number;
  const endOffset = offsets[range.endLine + 1] as number;
  return { text: documentText.slice(startOffset, endOffset), startOffset, endOffset };
}

function assertRange(range: LineRange, lineCount: number): void {
  const { startLine, endLine } = range;
  if (!Number.isInteger(startLine) || !Number.isInteger(endLine) || startLine < 0 || endLine < startLine || endLine >= lineCount) {
    throw new RangeError(`Lines ${startLine}-${endLine} are not a range of this ${lineCount}-line document.`);
  }
}

/** Converts offsets to positions with the document's line start table (binary search). */
function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 2; // the last entry is the end of the text, not a line start
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - (starts[lo] as number) };
}

/**
 * The edits that replace whole lines `range` of the document with `replacement`, and the document
 * that results. The replacement is first made to fit (eol.ts: line endings, indentation, trailing
 * line breaks) unless `normalize` is false.
 * @throws RangeError when the range is not inside the document.
 */
export function planRangeReplacement(
  documentText: string,
  range: LineRange,
  replacement: string,
  opts: PlanOptions = {},
): RangeReplacementPlan {
  const starts = lineStarts(documentText);
  assertRange(range, starts.length - 1);
  const rangeStart = starts[range.startLine] as number;
  const rangeEnd = starts[range.endLine + 1] as number;
  const original = documentText.slice(rangeStart, rangeEnd);
  const eol = opts.eol ?? detectEol(documentText);
  const prepared =
    opts.normalize === false ? replacement : prepareReplacement(original, replacement, { eol, reindent: opts.reindent ?? true });

  const inRange = lineOffsets(splitKeepEol(original));
  const offsetEdits: OffsetEdit[] = computeHunks(original, prepared).map((h) => ({
    startOffset: rangeStart + (inRange[h.originalStart] as number),
    endOffset: rangeStart + (inRange[h.originalEnd] as number),
    newText: h.newLines.join(''),
  }));
  const edits = offsetEdits.map((e) => ({
    start: positionAt(starts, e.startOffset),
    end: positionAt(starts, e.endOffset),
    newText: e.newText,
  }));
  return {
    edits,
    offsetEdits,
    newDocumentText: documentText.slice(0, rangeStart) + prepared + documentText.slice(rangeEnd),
    originalRangeText: original,
    replacementText: prepared,
  };
}

/** Applies offset edits (document coordinates, non-overlapping) to a text. */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.startOffset - b.startOffset);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.startOffset < at || e.endOffset < e.startOffset || e.endOffset > text.length) {
      throw new RangeError('Edits overlap or reach past the end of the text.');
    }
    out += text.slice(at, e.startOffset) + e.newText;
    at = e.endOffset;
  }
  return out + text.slice(at);
}
