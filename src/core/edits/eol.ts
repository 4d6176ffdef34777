/**
 * Making a replacement fit the document: its line endings, its trailing line breaks, its
 * indentation. The diff preview and the apply both use `prepareReplacement`, so what is applied is
 * exactly what was shown.
 */

import { restoreIndentation } from './indent';
import type { Eol } from './lines';

/**
 * The line ending a text mostly uses. CRLF only when CRLF breaks outnumber bare LF ones, so a text
 * without line breaks gets `fallback` (the host passes the editor's `files.eol` or the document's
 * `eol`; VS Code documents are uniform anyway, files read by the CLI may be mixed).
 */
export function detectEol(text: string, fallback: Eol = '\n'): Eol {
  let crlf = 0;
  let lf = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    if (at > 0 && text.charCodeAt(at - 1) === 13) crlf++;
    else lf++;
  }
  if (crlf === 0 && lf === 0) return fallback;
  return crlf > lf ? '\r\n' : '\n';
}

/** VS Code's `EndOfLine.CRLF` (a stable API value: `LF = 1`, `CRLF = 2`), so the core can read it. */
export const END_OF_LINE_CRLF = 2;

/**
 * The line ending of an editor document. VS Code keeps one per document (`TextDocument.eol`),
 * also for a document without line breaks, where `detectEol` could only guess: callers in the host
 * pass the document itself.
 */
export function documentEol(doc: { readonly eol: number }): Eol {
  return doc.eol === END_OF_LINE_CRLF ? '\r\n' : '\n';
}

/** Every "\n" and "\r\n" in `text` as `eol`. Lone "\r" stays: it is content, not a line break. */
export function convertEol(text: string, eol: Eol): string {
  return text.replace(/\r?\n/g, eol);
}

/** How many line breaks end the text ("x\n\n" → 2, "x" → 0). */
export function trailingLineBreaks(text: string): number {
  const tail = /(?:\r?\n)*$/.exec(text)?.[0] ?? '';
  return tail.split('\n').length - 1;
}

export interface PrepareOptions {
  /** The document's line ending; by default the one `originalRangeText` uses. */
  readonly eol?: Eol;
  /** Put back indentation the model dropped (see indent.ts). Default true. */
  readonly reindent?: boolean;
}

/**
 * The replacement as it will stand in the document, for a range whose current text is
 * `originalRangeText` (whole lines, each with its terminator, the last one without if the range
 * ends the document).
 *
 * Rules, in order:
 * 1. line endings become the document's;
 * 2. indentation the model dropped is restored (indent.ts);
 * 3. the trailing line-break shape of the range is kept: the replacement ends with exactly as many
 *    line breaks as the range did. Usually that is one, so the next line stays the next line; zero
 *    when the range ends the document without a final newline, so none is added; two or more when
 *    the selection ended with blank lines, which models tend to drop, gluing the code to what
 *    follows. Blank lines the model added at the end are dropped for the same reason.
 * 4. a replacement with no content (only line breaks) deletes the range: "" and nothing else.
 */
export function prepareReplacement(originalRangeText: string, replacement: string, opts: PrepareOptions = {}): string {
  const eol = opts.eol ?? detectEol(originalRangeText);
  const lines = replacement.split(/\r?\n/);
  const fixed = opts.reindent === false ? lines : restoreIndentation(originalRangeText.split(/\r?\n/), lines);
  const body = fixed.join(eol).replace(/(?:\r?\n)+$/, '');
  if (body === '') return '';
  return body + eol.repeat(trailingLineBreaks(originalRangeText));
}
