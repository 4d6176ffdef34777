/**
 * Generators and reference helpers for the edit properties. The helpers are written independently
 * of src/core/edits (plain string slicing), so a test never checks the code against itself.
 */
import fc from 'fast-check';

export type Eol = '\n' | '\r\n';

export interface Pos {
  line: number;
  character: number;
}

/** Line contents from a small alphabet, so that duplicates, blanks, braces and backticks are common. */
export const lineContent = fc.string({ unit: fc.constantFrom('a', 'b', 'x', ' ', '  ', '\t', '{', '}', '`', 'é', '😀'), maxLength: 6 });

export const eolArb = fc.constantFrom<Eol>('\n', '\r\n');

/** A document: uniform line endings, as VS Code keeps them, with or without a final newline. */
export const documentArb = fc
  .record({ lines: fc.array(lineContent, { minLength: 1, maxLength: 14 }), eol: eolArb, finalNewline: fc.boolean() })
  .map(({ lines, eol, finalNewline }) => ({ text: lines.join(eol) + (finalNewline ? eol : ''), eol }));

/** A model answer's code: any mix of line endings, zero to two trailing line breaks. */
export const replacementArb = fc
  .record({
    lines: fc.array(lineContent, { minLength: 0, maxLength: 8 }),
    breaks: fc.array(eolArb, { minLength: 8, maxLength: 8 }),
    trailing: fc.array(eolArb, { maxLength: 2 }),
  })
  .map(({ lines, breaks, trailing }) => lines.map((l, i) => (i === 0 ? l : (breaks[i] as string) + l)).join('') + trailing.join(''));

/** VS Code's lines of a text, without terminators. */
export function vsLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Where each VS Code line starts in the text. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

export function offsetAt(text: string, pos: Pos): number {
  const starts = lineStarts(text);
  const start = starts[pos.line];
  if (start === undefined) throw new Error(`line ${pos.line} out of range`);
  return start + pos.character;
}

/** Applies position edits given in the original text's coordinates. */
export function applyTextEdits(text: string, edits: readonly { start: Pos; end: Pos; newText: string }[]): string {
  const byOffset = edits
    .map((e) => ({ from: offsetAt(text, e.start), to: offsetAt(text, e.end), newText: e.newText }))
    .sort((a, b) => b.from - a.from);
  let out = text;
  let limit = Infinity;
  for (const e of byOffset) {
    if (e.to > limit || e.from > e.to) throw new Error('overlapping edits');
    out = out.slice(0, e.from) + e.newText + out.slice(e.to);
    limit = e.from;
  }
  return out;
}

/** Line tokens with terminators, the unit of the minimal diff. */
export function tokens(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Length of the longest common subsequence of two token lists. */
export function lcs(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1] as number);
      diag = up;
    }
  }
  return row[b.length] as number;
}

/** Picks a whole-line range [startLine, endLine] of a document from two random numbers. */
export function pickRange(text: string, a: number, b: number): { startLine: number; endLine: number } {
  const count = vsLines(text).length;
  const x = a % count;
  const y = b % count;
  return { startLine: Math.min(x, y), endLine: Math.max(x, y) };
}
