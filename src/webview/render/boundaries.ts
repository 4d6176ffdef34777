// Line-level facts the incremental renderer needs to decide where a finished block ends. The
// decisions that depend on the whole grammar (lists that continue past a blank line, indented
// code, …) are left to markdown-it's own block parser; these helpers only pick the moments worth
// asking it, and follow a top-level code fence, which is the common long block in an answer.
import { md } from './markdown';

/** A line of only spaces and tabs, as markdown-it's isEmpty sees it. */
export function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/**
 * Whether a complete line at column 0 ends the blocks above it with no blank line between: a
 * fence opener or an ATX heading (markdown-it still confirms it starts a block there).
 */
export function interruptsBlocks(line: string): boolean {
  return openingFence(line) !== null || /^#{1,6}(?:[ \t]|$)/.test(line);
}

/** An open top-level fence at the start of the tail. */
export interface OpenFence {
  readonly char: '`' | '~';
  readonly length: number;
  /** The fence's info string, still escaped. */
  readonly info: string;
}

/**
 * The fence opened by `line`, when the line starts a fenced code block at column 0. Indented
 * openers are left to the generic path: their content lines lose up to that much indentation.
 */
export function openingFence(line: string): OpenFence | null {
  const m = /^(`{3,}|~{3,})(.*)$/.exec(line);
  if (!m) return null;
  const marker = m[1] ?? '';
  const info = m[2] ?? '';
  const char = marker[0] === '~' ? '~' : '`';
  // CommonMark: a backtick fence's info string may not contain a backtick (it is inline code then).
  if (char === '`' && info.includes('`')) return null;
  return { char, length: marker.length, info };
}

/** Whether a complete line closes `fence` (same character, at least as long, indent under 4). */
export function closesFence(line: string, fence: OpenFence): boolean {
  const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
  const run = m?.[1];
  return run !== undefined && run[0] === fence.char && run.length >= fence.length;
}

/**
 * Whether an incomplete last line could still turn into a closing fence. Such a line is held back
 * from the streaming code view so it does not flash "``" before the block closes. The set of lines
 * this accepts is closed under taking prefixes, so what was once shown never has to be taken back.
 */
export function mayBecomeCloser(partial: string, fence: OpenFence): boolean {
  const re = fence.char === '`' ? /^ {0,3}`*[ \t]*$/ : /^ {0,3}~*[ \t]*$/;
  return re.test(partial);
}

type Tokens = ReturnType<typeof md.parse>;

function blockTokens(text: string): Tokens {
  const tokens: Tokens = [];
  md.block.parse(text, md, {}, tokens);
  return tokens;
}

/**
 * Whether line `line` (0-based) of `text` starts a block at the top level, per markdown-it's block
 * parser. `text` must end with that line: whether a line continues the block above it depends only
 * on the lines up to it (CommonMark closes blocks line by line, never reopens them). The line must
 * be complete, or far enough along that the rest cannot change that (see mayContinueAfterBlank).
 */
export function startsTopLevelBlock(text: string, line: number): boolean {
  const tokens = blockTokens(text);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (!token || token.level !== 0 || token.nesting < 0 || !token.map) continue;
    if (token.map[0] === line) return true;
    if (token.map[0] < line) return false;
  }
  return false;
}

/**
 * Whether `text`, which ends with the blank line `blankLine`, has all its blocks closed by that
 * line. True unless the last block is one that continues past a blank line: a list, an indented
 * code block, or a fence still open.
 */
export function closedByBlankLine(text: string, blankLine: number): boolean {
  const tokens = blockTokens(text);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (!token || token.level !== 0 || token.nesting < 0 || !token.map) continue;
    if (token.map[1] > blankLine) return false;
    return token.type !== 'bullet_list_open' && token.type !== 'ordered_list_open' && token.type !== 'code_block';
  }
  return false;
}

/**
 * Whether a line beginning with `first`, after a blank line, may still continue the block above
 * (a list, by indentation or another marker; indented code). Any other first character settles
 * that the line starts a new block, before the line is complete.
 */
export function mayContinueAfterBlank(first: string): boolean {
  return /[ \t\-+*0-9]/.test(first);
}
