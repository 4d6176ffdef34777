/**
 * Following a proposal's range through the user's edits.
 *
 * Re-anchoring by text alone cannot tell two identical copies apart (two closing braces, two blank
 * lines), and picking the wrong one puts the change in the wrong place. The editor knows better:
 * every change event says exactly where text changed. The host feeds each change to
 * `trackLineRange` while a proposal is open; the range moves with edits above it, stays with edits
 * below it, and any edit that touches its lines makes it `null`, after which the host refuses to
 * apply and offers the diff again. `reanchor` then only confirms the text at the tracked line.
 */

import type { Position } from './plan';

/** A proposal's whole-line range, 0-based inclusive, and the length of its last line. */
export interface TrackedRange {
  readonly startLine: number;
  readonly endLine: number;
  /**
   * Length of the last line's content when the proposal was made. With it, typing a line break at
   * the very end of the range (Enter after the last selected line) keeps the range; without it,
   * any change starting on the last line counts as touching the range.
   */
  readonly endCharacter?: number;
}

/** A document change in pre-change coordinates, shaped like VS Code's content change event. */
export interface DocumentChange {
  readonly range: { readonly start: Position; readonly end: Position };
  readonly text: string;
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/**
 * The range after `change`, or null when the change touched the range's lines (their content, or
 * the line breaks that make them whole lines). Feed an event's changes in the order VS Code lists
 * them; each is in the coordinates left by the previous one.
 */
export function trackLineRange(range: TrackedRange, change: DocumentChange): TrackedRange | null {
  const { start, end } = change.range;
  const { text } = change;
  if (text === '' && start.line === end.line && start.character === end.character) return range;
  const shift = lineBreaks(text) - (end.line - start.line);

  // Wholly below: starts after the last line, or at the end of its content with a line break first
  // (the last line keeps its content and ends with a line break again). Checked first: for a range
  // of one empty line, a line break typed on it adds a line below, as the editor shows it.
  const below =
    start.line > range.endLine ||
    (start.line === range.endLine &&
      range.endCharacter !== undefined &&
      start.character >= range.endCharacter &&
      /^\r?\n/.test(text));
  if (below) return range;

  // Wholly above: ends before the first line, or ends at its very start and leaves a line break
  // (or the start of the document) in front of it.
  const above =
    end.line < range.startLine ||
    (end.line === range.startLine &&
      end.character === 0 &&
      (/\n$/.test(text) || (text === '' && start.character === 0)));
  if (above) return { ...range, startLine: range.startLine + shift, endLine: range.endLine + shift };

  return null;
}
