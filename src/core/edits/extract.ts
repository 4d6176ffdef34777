/**
 * Taking the replacement code out of Claude's answer.
 *
 * The answer is Markdown. Its fenced code blocks are parsed the CommonMark way (``` or ~~~, three or
 * more, a closing fence of the same character at least as long as the opening one, backtick info
 * strings without backticks), with two deliberate differences:
 * - A fence may be indented by any amount (models nest blocks in list items); the opening fence's
 *   indentation is removed from the block's lines, as CommonMark does for up to three spaces.
 * - A block still open at the end of the answer is NOT a block: the answer was cut off, and
 *   half a function must never be applied.
 *
 * Which block, when there are several (the rule, in order):
 *  1. the first block whose info string carries the marker the refactor prompt asked for
 *     (`REPLACEMENT_MARKER`, "```ts aiml-replacement");
 *  2. else the first block whose language is the document's (aliases and React variants count:
 *     "ts" matches `typescript` and `typescriptreact`);
 *  3. else the largest block (the first of equals).
 * Blocks holding only whitespace are never chosen: an empty block is far more often a glitch than a
 * request to delete the selection, and deleting code the user did not expect to lose is the failure
 * this project exists to avoid.
 */

import { REPLACEMENT_MARKER } from '../prompts/fence';
import { sameLanguage } from '../prompts/languages';
import { EditError } from './errors';

export interface FencedBlock {
  /** The info string after the opening fence, trimmed ("ts aiml-replacement"). */
  readonly info: string;
  /** The first word of the info string, without decorations ("ts" from "{.ts}" or "ts:src/a.ts"). */
  readonly language: string;
  /** The block's lines joined with "\n", each line ending with "\n"; "" for an empty block. */
  readonly code: string;
  /** Whether a closing fence was found. */
  readonly complete: boolean;
  /** 0-based line of the opening fence in the answer. */
  readonly startLine: number;
}

export interface ExtractOptions {
  /** The document's VS Code language id, for rule 2. */
  readonly languageId?: string;
  /** The info-string marker for rule 1; defaults to `REPLACEMENT_MARKER`, '' disables the rule. */
  readonly marker?: string;
}

export interface Extracted {
  readonly code: string;
  /** Index of the chosen block among the answer's complete blocks. */
  readonly blockIndex: number;
  /** How many complete blocks the answer holds. */
  readonly blockCount: number;
}

const OPENING = /^([ \t]*)(`{3,}|~{3,})(.*)$/;
const CLOSING = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;

/** Every fenced block of a Markdown answer, in order; the last may be incomplete. */
export function parseFencedBlocks(answer: string): FencedBlock[] {
  const lines = answer.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = OPENING.exec(lines[i] as string);
    const indent = open?.[1] ?? '';
    const fence = open?.[2] ?? '';
    const info = (open?.[3] ?? '').trim();
    // A backtick fence's info string may not contain backticks (CommonMark), else "```a```" on
    // one line would open a block.
    if (!open || (fence.startsWith('`') && info.includes('`'))) {
      i++;
      continue;
    }
    let close = i + 1;
    while (close < lines.length && !closes(lines[close] as string, fence)) close++;
    const complete = close < lines.length;
    const body = lines.slice(i + 1, close).map((line) => dedent(line, indent.length));
    blocks.push({
      info,
      language: languageOf(info),
      code: body.length === 0 ? '' : body.join('\n') + '\n',
      complete,
      startLine: i,
    });
    i = close + 1;
  }
  return blocks;
}

function closes(line: string, fence: string): boolean {
  const m = CLOSING.exec(line);
  const run = m?.[1];
  return run !== undefined && run[0] === fence[0] && run.length >= fence.length;
}

function dedent(line: string, width: number): string {
  let cut = 0;
  while (cut < width && (line[cut] === ' ' || line[cut] === '\t')) cut++;
  return line.slice(cut);
}

function languageOf(info: string): string {
  const first = info.split(/\s+/)[0] ?? '';
  return first.replace(/^\{?\.?/, '').replace(/[}:,].*$/, '');
}

function carriesMarker(block: FencedBlock, marker: string): boolean {
  const wanted = marker.toLowerCase();
  return block.info.toLowerCase().split(/[\s,{}:]+/).includes(wanted);
}

function isUsable(block: FencedBlock): boolean {
  return block.code.trim() !== '';
}

/** Applies the documented choice rule to candidate blocks; undefined when none is usable. */
function choose(blocks: readonly FencedBlock[], opts: ExtractOptions): FencedBlock | undefined {
  const usable = blocks.filter(isUsable);
  const marker = opts.marker ?? REPLACEMENT_MARKER;
  const languageId = opts.languageId;
  return (
    (marker !== '' ? usable.find((b) => carriesMarker(b, marker)) : undefined) ??
    (languageId ? usable.find((b) => sameLanguage(b.language, languageId)) : undefined) ??
    usable.reduce<FencedBlock | undefined>((best, b) => (!best || b.code.length > best.code.length ? b : best), undefined)
  );
}

/**
 * The replacement code of a finished answer, chosen by the rule above.
 * @throws EditError `no_code` when no complete, non-empty block exists.
 */
export function extractReplacement(answer: string, opts: ExtractOptions = {}): Extracted {
  const all = parseFencedBlocks(answer);
  const complete = all.filter((b) => b.complete);
  const chosen = choose(complete, opts);
  if (!chosen) {
    const open = all.some((b) => !b.complete && isUsable(b));
    throw new EditError(
      'no_code',
      open && complete.every((b) => !isUsable(b))
        ? "The answer's code block is not closed (the answer may be cut off), so nothing was applied."
        : undefined,
    );
  }
  return { code: chosen.code, blockIndex: complete.indexOf(chosen), blockCount: complete.length };
}

/**
 * The code to show while the answer is still streaming: the same rule, but a block still open at
 * the end counts too. Only for display; apply uses `extractReplacement` on the finished answer.
 */
export function previewReplacement(
  answerSoFar: string,
  opts: ExtractOptions = {},
): { code: string; complete: boolean } | undefined {
  const chosen = choose(parseFencedBlocks(answerSoFar), opts);
  return chosen && { code: chosen.code, complete: chosen.complete };
}
