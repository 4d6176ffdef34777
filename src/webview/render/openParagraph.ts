// The paragraph (or heading, or table cell) a streaming answer is writing into, and what may be
// done to it without parsing the whole tail again: see ways 2 and 3 in tailView.ts.
import type { Token } from 'markdown-it';
import { elementAt } from './domPath';
import { type InlineHolder, trailingInline } from './tokens';

/** The paragraph being written: its tokens, its element, and how the tail's end maps onto it. */
export interface OpenParagraph {
  readonly inline: Token;
  readonly holder: InlineHolder;
  readonly element: Element;
  /** Whitespace at the end of the tail, not (yet) part of the paragraph's content. */
  pendingWs: string;
  /** Text node that plain text may be appended to, or null when that is not known to be exact. */
  plainText: Text | null;
}

// Characters with no markdown meaning inside a paragraph line (typographer is off). "." counts
// only where it cannot complete a bare link (see linkSafe).
const PLAIN_RE = /^[\p{L}\p{N} ,'"?!.-]+$/u;
const PLAIN_RUN_RE = /[\p{L}\p{N} ,'"?!.-]+$/u;

/**
 * Lines that more characters could still turn into a block marker: a heading's "#", a fence, a
 * thematic break or setext underline, a table's delimiter row, or container markers only (quote
 * ">", list "-", "1." …, in any sequence: "> - " may yet open a list item in a quote). A line
 * that is none of these (once trimmed) keeps its block role whatever follows on it.
 */
const UNSETTLED_RE = /^(?:#{1,6}|`+|~+|[-*_ \t]+|=+|[|:\- \t]+|(?:(?:[>+*-]|\d{1,9}[.)]?)[ \t]*)+)$/;

function settled(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !UNSETTLED_RE.test(trimmed);
}

/** Whether text starting a paragraph can still become a reference definition ("[label]:"). */
function mayBecomeDefinition(content: string): boolean {
  if (!content.startsWith('[')) return false;
  // A label ends at its first unescaped "]" and holds no unescaped "[".
  const m = /^\[(?:[^[\]\\]|\\[\s\S])*\]([\s\S])?/.exec(content);
  return !m || m[1] === undefined || m[1] === ':';
}

/** Cells of a table row as markdown-it splits it (an escaped pipe does not split). */
function countCells(line: string): number {
  const cells = line.trim().split(/(?<!\\)\|/);
  if (cells[0] === '') cells.shift();
  if (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells.length;
}

/** How markdown-it trims the end of the content: paragraphs and headings ASCII only, cells all. */
export function trimContentEnd(text: string, holder: InlineHolder): string {
  if (holder === 'cell') return text.trimEnd();
  let end = text.length;
  while (end > 0 && ' \t\n\r'.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/**
 * Whether `delta`, added to the paragraph's last line, is plain text that renders as itself and
 * changes nothing before it: no markup character, and no "." that could complete a bare link.
 */
export function isPlainAppend(p: OpenParagraph, delta: string): boolean {
  if (!p.plainText || !PLAIN_RE.test(delta)) return false;
  const word = p.pendingWs ? '' : (/\S*$/.exec(p.inline.content)?.[0] ?? '');
  return !/\.\S/.test(word + delta);
}

/** Whether a delta may change more than the paragraph's last line (then the tail is parsed). */
export function mayLeaveParagraph(p: OpenParagraph, delta: string): boolean {
  // A new line may start a new block; "|" may add a table cell; "#" may close a heading.
  return /[\n\r|]/.test(delta) || (p.holder === 'heading' && delta.includes('#'));
}

/**
 * The paragraph (heading, table cell) the next characters will extend, when the tail ends inside
 * it and its last line is settled: then whatever comes next on that line is inline content of
 * that paragraph, however it parses. `nodes` is the tail's DOM, `tokens` what it shows.
 */
export function findOpenParagraph(tokens: Token[], tail: string, nodes: ArrayLike<Node>, tailDefinesReferences: boolean): OpenParagraph | null {
  const found = trailingInline(tokens);
  if (!found) return null;
  const { inline, holder, path } = found;
  // A paragraph starting "[label]:" can still become a reference definition, and a definition
  // just above can take the paragraph's lines as its title once a quote closes.
  if (holder === 'paragraph' && (mayBecomeDefinition(inline.content) || tailDefinesReferences)) return null;
  const lastLine = inline.content.slice(inline.content.lastIndexOf('\n') + 1);
  const trimmed = tail.replace(/[ \t]+$/, '');
  const tailLine = trimmed.slice(trimmed.lastIndexOf('\n') + 1);
  if (!trimmed.endsWith(lastLine) || !settled(lastLine) || !settled(tailLine)) return null;
  // A row's cells beyond the header's count are dropped: the text must be in a rendered cell.
  if (holder === 'cell' && countCells(tailLine) !== found.rowCells) return null;
  const element = elementAt(nodes, path);
  if (!element) return null;
  return { inline, holder, element, pendingWs: tail.slice(trimmed.length), plainText: plainTextTarget(inline, element) };
}

/**
 * The text node plain characters can be appended to, exactly: the content ends in plain
 * characters, and they are the end of the last text token and of the element's last text node.
 */
export function plainTextTarget(inline: Token, element: Element): Text | null {
  const children = inline.children ?? [];
  const last = children[children.length - 1];
  const run = PLAIN_RUN_RE.exec(inline.content)?.[0] ?? '';
  const node = element.lastChild;
  if (!last || last.type !== 'text' || run === '' || !last.content.endsWith(run)) return null;
  if (node?.nodeType !== 3 || !(node as Text).data.endsWith(run)) return null;
  return node as Text;
}
