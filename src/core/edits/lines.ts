/**
 * Line splitting shared by the edit functions.
 *
 * Lines keep their terminator ("a\r\n"), so joining them gives back the exact text: edits can then
 * leave every untouched byte alone, whatever mix of line endings a file on disk has. Only "\n" and
 * "\r\n" end a line; a lone "\r" is content (VS Code normalises lone CRs away when it loads a file,
 * and treating them as content keeps our line numbers equal to VS Code's for every document it shows).
 */

export type Eol = '\n' | '\r\n';

/**
 * The lines of a text, each with its terminator. A text that ends with a line break has no empty
 * last entry, and "" has no lines: this is the unit the line diff works on, so that
 * `splitKeepEol(t).join('') === t` always. (`indexOf` rather than a regular expression: this runs
 * on whole files for every proposal, and is several times faster.)
 */
export function splitKeepEol(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', start)) {
    out.push(text.slice(start, at + 1));
    start = at + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/**
 * The lines of a document as VS Code numbers them: always at least one, the last one without a
 * terminator and possibly empty ("a\n" has the lines "a\n" and "").
 */
export function documentLines(text: string): string[] {
  const lines = splitKeepEol(text);
  const last = lines[lines.length - 1];
  if (last === undefined || last.endsWith('\n')) lines.push('');
  return lines;
}

/** The line break that ends a line: '' for a last line without one. */
export function terminatorOf(line: string): '' | Eol {
  if (line.endsWith('\r\n')) return '\r\n';
  if (line.endsWith('\n')) return '\n';
  return '';
}

/** A line without its terminator. */
export function contentOf(line: string): string {
  return line.slice(0, line.length - terminatorOf(line).length);
}

/** Offsets where each line starts, plus one entry for the end of the text. */
export function lineOffsets(lines: readonly string[]): number[] {
  const offsets = new Array<number>(lines.length + 1);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    offsets[i] = at;
    at += (lines[i] as string).length;
  }
  offsets[lines.length] = at;
  return offsets;
}

/**
 * `lineOffsets(documentLines(text))` without making a string per line: where each line of the
 * document starts, plus one entry for the end of the text. Used on whole files, once per apply.
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  starts.push(text.length);
  return starts;
}

/** How many "\n" there are in text[from, to). */
export function countLineBreaks(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
