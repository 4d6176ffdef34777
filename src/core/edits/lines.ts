/**
 * Line splitting shared by the edit functions.
 *
 * Lines keep their terminator ("a\r\n"), so joining them gives back the exact text: edits can then
 * leave every untouched byte alone, whatever mix of line endings a file on disk has. Only "\n" and
 * "\r\n" end a line; a lone "\r" is content (VS Code normalises lone CRs away when it loads a file,
 * and treating them as content keeps our line numbers equal to VS Code's for every document it shows).
 */

export type Eol = '\n' | '\r\n';

const LINE = /[^\n]*\n|[^\n]+$/g;

/**
 * The lines of a text, each with its terminator. A text that ends with a line break has no empty
 * last entry, and "" has no lines: this is the unit the line diff works on, so that
 * `splitKeepEol(t).join('') === t` always.
 */
export function splitKeepEol(text: string): string[] {
  return text.match(LINE) ?? [];
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
