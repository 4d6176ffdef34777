/**
 * Where an `edit_file` call's `old_text` is in a file, and the file with `new_text` put there.
 *
 * The rules, in order (peers' most common failure is an edit that does not apply, so a near miss
 * is recovered when, and only when, it is unambiguous):
 * 1. `old_text` occurs exactly once, byte for byte: replace it.
 * 2. Otherwise, whole lines are compared ignoring line-ending differences, trailing whitespace and
 *    one uniform indentation shift (the model wrote the block 4 spaces shallower, say). A unique
 *    such match is replaced, and `new_text` is shifted by the same indentation.
 * 3. Otherwise nothing changes and the result says why, in words the model can act on: found N
 *    times (with each line), or not found (with the closest lines and their numbers).
 * The file keeps its own line endings whatever `new_text` uses, and its final newline or the lack
 * of one.
 */
import { detectEol } from '../edits/eol';

export type EditMatch =
  | {
      readonly ok: true;
      /** The whole file after the edit. */
      readonly text: string;
      /** 1-based lines the old text covered, and the lines the new text covers in the result. */
      readonly oldLines: { readonly start: number; readonly end: number };
      readonly newLines: { readonly start: number; readonly end: number };
      /** How it was found: byte for byte, or with whitespace/EOL/indentation tolerance. */
      readonly how: 'exact' | 'tolerant';
      /** The whole lines the edit touched, before and after (for a step's +added −removed). */
      readonly removedText: string;
      readonly insertedText: string;
    }
  | { readonly ok: false; readonly reason: 'empty' | 'ambiguous' | 'not_found' | 'unchanged'; readonly message: string };

/** Candidate windows scored in full when nothing matches (the rest are scored by their first line). */
const CLOSEST_CANDIDATES = 5;

export function applyEdit(file: string, oldText: string, newText: string): EditMatch {
  if (oldText === '') return { ok: false, reason: 'empty', message: 'old_text is empty. Give the exact text to replace (a few lines around the change), or use create_file for a new file.' };
  const eol = detectEol(file);
  const fileLines = splitLines(file);
  const oldLines = trimBlankEdges(toLines(oldText));
  if (oldLines.length === 0) return { ok: false, reason: 'empty', message: 'old_text is only whitespace. Give the exact text to replace.' };

  // Every place old_text may mean: its exact occurrences, and its whitespace-tolerant whole-line
  // matches. Only one place may remain: one exact occurrence inside the one tolerant match (or
  // either alone).
  const exact = occurrences(file, oldText).map((at) => ({ at, start: lineAt(fileLines, at), end: lineAt(fileLines, at + oldText.length - 1) }));
  const tolerant: Array<{ start: number; shift: Shift }> = [];
  // A cheap first test on the first non-blank line (trimmed) before the full comparison: most
  // lines of a file are not it.
  const firstIndex = oldLines.findIndex((l) => l.trim() !== '');
  const firstTrimmed = (oldLines[firstIndex] as string).trim();
  for (let start = 0; start + oldLines.length <= fileLines.length; start++) {
    if ((fileLines[start + firstIndex] as Line).content.trim() !== firstTrimmed) continue;
    const shift = matchAt(fileLines, start, oldLines);
    if (shift) tolerant.push({ start, shift });
  }
  const onlyExact = exact[0];
  const onlyTolerant = tolerant[0];
  const twoPlaces =
    exact.length === 1 && tolerant.length === 1 && onlyExact && onlyTolerant &&
    !(onlyExact.start >= onlyTolerant.start + 1 && onlyExact.end <= onlyTolerant.start + oldLines.length);
  if (exact.length > 1 || tolerant.length > 1 || twoPlaces) {
    const lines = [...new Set([...exact.map((e) => e.start), ...tolerant.map((t) => t.start + 1)])].sort((a, b) => a - b);
    const how = exact.length > 1 ? `was found ${exact.length} times` : `matches ${lines.length} places when whitespace and indentation are ignored`;
    return { ok: false, reason: 'ambiguous', message: `old_text ${how} (at lines ${lines.join(', ')}). Include more of the surrounding lines so that it matches only once.` };
  }
  if (exact.length === 0 && tolerant.length === 0) return { ok: false, reason: 'not_found', message: notFoundMessage(fileLines, oldLines) };

  const one = exact.length === 1 ? (exact[0] as { at: number; start: number; end: number }) : undefined;
  const wholeLines = one !== undefined && isLineStart(file, one.at) && isLineEnd(file, one.at + oldText.length);
  if (one && (wholeLines || tolerant.length === 0)) {
    // Byte for byte. When it covers whole lines, new_text ends the way old_text did (with or
    // without its line break), so the next line stays where it was.
    let replacement = toEol(newText, eol);
    const to = one.at + oldText.length;
    if (wholeLines) {
      replacement = sameEnding(replacement, oldText, eol);
      // Deleting whole lines takes their line break too, so no blank line is left behind.
      if (replacement === '') return deleteLines(file, fileLines, one.at, to + (/(\r\n|\r|\n)$/.test(oldText) ? 0 : (/^(\r\n|\r|\n)/.exec(file.slice(to))?.[0].length ?? 0)), 'exact');
    }
    return finish(file, fileLines, one.at, to, replacement, 'exact');
  }
  const { start, shift } = tolerant[0] as { start: number; shift: Shift };
  const end = start + oldLines.length; // exclusive
  const from = (fileLines[start] as Line).offset;
  const last = fileLines[end - 1] as Line;
  const shifted = trimBlankEdges(toLines(newText)).map((l) => reindent(l, shift));
  // The old lines' text, their last terminator kept — or, when the new text is empty, the whole
  // lines with that terminator, so a deletion leaves no blank line behind.
  if (shifted.length === 0) return deleteLines(file, fileLines, from, fileLines[end]?.offset ?? file.length, 'tolerant');
  return finish(file, fileLines, from, last.offset + last.content.length, shifted.join(eol), 'tolerant');
}

/**
 * Removes whole lines [from, to), `to` being past their last terminator or the end of the file.
 * Lines that end the file without a final break take the break before them instead, so the line
 * above does not gain one.
 */
function deleteLines(file: string, lines: readonly Line[], from: number, to: number, how: 'exact' | 'tolerant'): EditMatch {
  if (to >= file.length && !/(\r\n|\r|\n)$/.test(file) && from > 0) {
    const before = /(\r\n|\r|\n)$/.exec(file.slice(0, from))?.[0].length ?? 0;
    return finish(file, lines, from - before, to, '', how);
  }
  return finish(file, lines, from, to, '', how);
}

function isLineStart(text: string, at: number): boolean {
  return at === 0 || text[at - 1] === '\n' || (text[at - 1] === '\r' && text[at] !== '\n');
}

function isLineEnd(text: string, at: number): boolean {
  if (at === text.length) return true;
  const prev = text[at - 1];
  return prev === '\n' || (prev === '\r' && text[at] !== '\n') || text[at] === '\n' || text[at] === '\r';
}

/** `replacement` with exactly as many final line breaks as `original` (0 or 1 kept as is, extra dropped). */
function sameEnding(replacement: string, original: string, eol: string): string {
  const wants = /(\r\n|\r|\n)$/.test(original);
  const body = replacement.replace(/(\r\n|\r|\n)$/, '');
  if (body === '' && wants) return '';
  return wants ? body + eol : body;
}

/** Where `needle` starts in `text` (overlapping occurrences too; at most 51, enough to say "many"). */
export function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    out.push(at);
    if (out.length > 50) break;
  }
  return out;
}

interface Line {
  /** Without its terminator. */
  readonly content: string;
  readonly offset: number;
}

type Shift = { readonly add: string } | { readonly remove: string };

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ content: text.slice(start, m.index), offset: start });
    start = m.index + m[0].length;
  }
  if (start < text.length || text.length === 0) out.push({ content: text.slice(start), offset: start });
  return out;
}

function toLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Blank lines at the start and the end of a block do not take part in a tolerant match. */
function trimBlankEdges(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && (lines[a] as string).trim() === '') a++;
  while (b > a && (lines[b - 1] as string).trim() === '') b--;
  return lines.slice(a, b);
}

const indentOf = (s: string): string => /^[ \t]*/.exec(s)?.[0] ?? '';

/** The indentation shift that makes `oldLines` equal the file's lines at `start`, if there is one. */
function matchAt(fileLines: readonly Line[], start: number, oldLines: readonly string[]): Shift | undefined {
  let shift: Shift | undefined;
  for (let i = 0; i < oldLines.length; i++) {
    const want = (oldLines[i] as string).trimEnd();
    const have = (fileLines[start + i] as Line).content.trimEnd();
    if (want === '' || have === '') {
      if (want !== have) return undefined;
      continue;
    }
    if (!shift) {
      const fi = indentOf(have);
      const oi = indentOf(want);
      if (fi.endsWith(oi)) shift = { add: fi.slice(0, fi.length - oi.length) };
      else if (oi.endsWith(fi)) shift = { remove: oi.slice(0, oi.length - fi.length) };
      else return undefined;
    }
    // Strictly uniform: a line without the whole shift to remove does not match.
    if ('remove' in shift && !want.startsWith(shift.remove)) return undefined;
    if (reindent(want, shift) !== have) return undefined;
  }
  return shift ?? { add: '' };
}

function reindent(line: string, shift: Shift): string {
  if (line.trim() === '') return line.trimEnd();
  if ('add' in shift) return shift.add + line.trimEnd();
  return line.startsWith(shift.remove) ? line.slice(shift.remove.length).trimEnd() : line.trimStart().trimEnd();
}

function toEol(text: string, eol: string): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

/** Replaces [from, to) and keeps the file's final newline (or its absence). */
function finish(file: string, lines: readonly Line[], from: number, to: number, replacement: string, how: 'exact' | 'tolerant'): EditMatch {
  let text = file.slice(0, from) + replacement + file.slice(to);
  const endsWithBreak = /(\r\n|\r|\n)$/.exec(file);
  if (endsWithBreak && !/(\r\n|\r|\n)$/.test(text) && text !== '') text += endsWithBreak[1];
  // A new final line break that only the replacement brought is dropped.
  if (!endsWithBreak && to >= file.length && /(\r\n|\r|\n)$/.test(replacement)) text = text.replace(/(\r\n|\r|\n)$/, '');
  if (text === file) return { ok: false, reason: 'unchanged', message: 'new_text is the same as the text it replaces: nothing would change.' };
  const startLine = lineAt(lines, from);
  const oldEnd = lineAt(lines, Math.max(from, to - 1));
  const newEnd = startLine + Math.max(0, lineCount(replacement) - 1);
  // The whole lines around the edit, before and after: enough for the step's line counts without
  // diffing the whole file on every call.
  const lineStart = (lines[startLine - 1] as Line).offset;
  const oldLineEnd = lines[oldEnd]?.offset ?? file.length;
  const grown = text.length - file.length;
  return {
    ok: true,
    text,
    oldLines: { start: startLine, end: oldEnd },
    newLines: { start: startLine, end: newEnd },
    how,
    removedText: file.slice(lineStart, oldLineEnd),
    insertedText: text.slice(lineStart, oldLineEnd + grown),
  };
}

/** The 1-based line holding `offset`, by binary search over the lines' start offsets. */
function lineAt(lines: readonly Line[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines[mid] as Line).offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function lineCount(text: string): number {
  return toLines(text.replace(/(\r\n|\r|\n)$/, '')).length;
}

/** "not found", with the file's lines most like old_text and their numbers, for the model to retry. */
function notFoundMessage(fileLines: readonly Line[], oldLines: readonly string[]): string {
  const firstOld = (oldLines[0] as string).trim();
  const span = oldLines.length;
  const scored: Array<{ start: number; score: number }> = [];
  for (let start = 0; start < fileLines.length; start++) scored.push({ start, score: similarity((fileLines[start] as Line).content.trim(), firstOld) });
  scored.sort((a, b) => b.score - a.score || a.start - b.start);
  let best: { start: number; score: number } | undefined;
  for (const c of scored.slice(0, CLOSEST_CANDIDATES)) {
    let score = 0;
    for (let i = 0; i < span && c.start + i < fileLines.length; i++) score += similarity((fileLines[c.start + i] as Line).content.trim(), (oldLines[i] as string).trim());
    if (!best || score > best.score) best = { start: c.start, score };
  }
  const head = 'old_text was not found in the file (not even ignoring whitespace and indentation). Copy the text exactly from the file';
  if (!best || best.score / span < 0.3) return `${head}; read the file first if you have not.`;
  const from = best.start;
  const to = Math.min(fileLines.length, from + span);
  const width = String(to).length;
  const shown = fileLines.slice(from, to).map((l, i) => `${String(from + i + 1).padStart(width)}\t${l.content}`);
  return `${head}. The closest lines are ${from + 1}–${to}:\n${shown.join('\n')}`;
}

/** Dice coefficient over character bigrams: 1 for equal strings, 0 for nothing in common. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      common++;
      grams.set(g, n - 1);
    }
  }
  return (2 * common) / (a.length + b.length - 2);
}
