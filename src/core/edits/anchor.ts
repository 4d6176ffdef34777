/**
 * Finding the selected code again after the document changed.
 *
 * A proposal is made for the text the range held when the request was sent. By the time the user
 * accepts, they may have typed elsewhere in the file, which moves the range. The rule:
 *
 *  1. If the original lines are still at the expected start line, the range is there. (The host
 *     keeps the expected line current through change events with `trackLineRange`, so in the
 *     editor this is the normal case; the CLI passes the line it read.)
 *  2. Otherwise every whole-line occurrence of the original lines is a candidate, and the one
 *     nearest the expected line wins.
 *  3. Two candidates at the same, smallest distance: 'ambiguous'. None: 'changed' (the code was
 *     edited), or 'missing' when the document no longer even reaches the expected line.
 * The caller refuses on any failure; it never applies over text the proposal was not made for.
 *
 * Matching compares line contents exactly. Line ending kinds may differ (the user may have switched
 * the file to CRLF), and a last line that had no terminator may have gained one (the user typed
 * below the range, at the end of the file): neither changes the code the proposal replaces.
 */

import { contentOf, lineStarts, splitKeepEol, terminatorOf } from './lines';

export type ReanchorFailure = 'changed' | 'ambiguous' | 'missing';

export type ReanchorResult =
  | { readonly ok: true; readonly startLine: number; readonly endLine: number }
  | { readonly ok: false; readonly reason: ReanchorFailure };

export interface ReanchorOptions {
  /**
   * How many lines the range had. Needed only when the range ended with the document's empty last
   * line, which adds no text ("a\n" is line 0 alone, or lines 0 and 1 when the empty last line was
   * selected too); once the user types below it, that line is a line like any other.
   */
  readonly lineCount?: number;
}

/**
 * Where whole lines `originalRangeText` now are in `currentDocumentText`, searching from
 * `expectedStartLine` (0-based). `endLine` is inclusive.
 */
export function reanchor(
  originalRangeText: string,
  expectedStartLine: number,
  currentDocumentText: string,
  opts: ReanchorOptions = {},
): ReanchorResult {
  const pattern = splitKeepEol(originalRangeText);
  // An unterminated empty line: the document's empty last line, part of the range.
  if (pattern.length === 0 || (opts.lineCount === pattern.length + 1 && originalRangeText.endsWith('\n'))) pattern.push('');
  const wanted = pattern.map(contentOf);
  const needsBreak = pattern.map((line) => terminatorOf(line) !== '');
  // Line start offsets only, compared in place: no string per line of the document (this runs on
  // whole files, for every file of a multi-file answer).
  const text = currentDocumentText;
  const starts = lineStarts(text);
  const docLength = starts.length - 1;
  const n = pattern.length;
  const hasBreak = (k: number): boolean => text.charCodeAt((starts[k + 1] as number) - 1) === 10 && (starts[k + 1] as number) > (starts[k] as number);
  const contentIs = (k: number, want: string): boolean => {
    const from = starts[k] as number;
    let to = starts[k + 1] as number;
    if (hasBreak(k)) {
      to--;
      if (to > from && text.charCodeAt(to - 1) === 13) to--;
    }
    return to - from === want.length && text.startsWith(want, from);
  };

  const matchesAt = (k: number): boolean => {
    if (k < 0 || k + n > docLength) return false;
    for (let i = 0; i < n; i++) {
      if (!contentIs(k + i, wanted[i] as string)) return false;
      if (needsBreak[i] && !hasBreak(k + i)) return false;
    }
    return true;
  };

  if (matchesAt(expectedStartLine)) return { ok: true, startLine: expectedStartLine, endLine: expectedStartLine + n - 1 };

  let best = -1;
  let bestDistance = Infinity;
  let tie = false;
  for (let k = 0; k + n <= docLength; k++) {
    if (!matchesAt(k)) continue;
    const distance = Math.abs(k - expectedStartLine);
    if (distance < bestDistance) {
      best = k;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) {
      tie = true;
    }
  }
  if (best === -1) return { ok: false, reason: expectedStartLine >= docLength ? 'missing' : 'changed' };
  if (tie) return { ok: false, reason: 'ambiguous' };
  return { ok: true, startLine: best, endLine: best + n - 1 };
}
