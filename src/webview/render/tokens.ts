// Small helpers over markdown-it tokens for the streaming tail: finding the paragraph an answer is
// currently writing into, and telling whether two inline token lists render the same.
import type { Token } from 'markdown-it';

function sameAttrs(a: Token['attrs'], b: Token['attrs']): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((attr, i) => attr[0] === b[i]?.[0] && attr[1] === b[i]?.[1]);
}

/** Whether two tokens render the same HTML (children compared too). */
export function sameToken(a: Token, b: Token): boolean {
  return (
    a.type === b.type &&
    a.tag === b.tag &&
    a.nesting === b.nesting &&
    a.content === b.content &&
    a.markup === b.markup &&
    a.info === b.info &&
    a.hidden === b.hidden &&
    sameAttrs(a.attrs, b.attrs) &&
    sameTokens(a.children ?? [], b.children ?? [])
  );
}

export function sameTokens(a: readonly Token[], b: readonly Token[], count = Math.max(a.length, b.length)): boolean {
  if (a.length < count || b.length < count) return false;
  for (let i = 0; i < count; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || !sameToken(x, y)) return false;
  }
  return true;
}

/**
 * The text that `next` adds to the end of `prev`, when the only difference between the two inline
 * token lists is a longer final text token; null otherwise.
 */
export function appendedText(prev: readonly Token[], next: readonly Token[]): string | null {
  if (prev.length === 0 || prev.length !== next.length) return null;
  const last = prev.length - 1;
  const a = prev[last];
  const b = next[last];
  if (!a || !b || a.type !== 'text' || b.type !== 'text' || !b.content.startsWith(a.content)) return null;
  return sameTokens(prev, next, last) ? b.content.slice(a.content.length) : null;
}

/** What holds the text at the very end of a token stream. */
export type InlineHolder = 'paragraph' | 'heading' | 'cell';

/** The inline content at the very end of a token stream, and the elements that hold it. */
export interface TrailingInline {
  readonly inline: Token;
  readonly holder: InlineHolder;
  /** Tags of the elements enclosing its text, outermost first (e.g. ["ul", "li"] or ["p"]). */
  readonly path: readonly string[];
  /** For a table cell: how many cells its row has. */
  readonly rowCells: number;
}

export function trailingInline(tokens: readonly Token[]): TrailingInline | null {
  let idx = tokens.length - 1;
  while (idx >= 0 && tokens[idx]?.nesting === -1) idx--;
  const inline = tokens[idx];
  const open = tokens[idx - 1];
  if (!inline || inline.type !== 'inline' || !open) return null;
  let holder: InlineHolder;
  if (open.type === 'paragraph_open') holder = 'paragraph';
  else if (open.type === 'heading_open' && open.markup.startsWith('#')) holder = 'heading';
  else if (open.type === 'td_open' || open.type === 'th_open') holder = 'cell';
  else return null;
  // A tight list hides its paragraphs: the text is then the list item's own content, which is
  // only safe to replace when nothing precedes the paragraph inside the item.
  if (open.hidden && tokens[idx - 2]?.type !== 'list_item_open') return null;
  const path: string[] = [];
  let rowCells = 0;
  for (let i = 0; i < idx; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.type === 'tr_open') rowCells = 0;
    else if (token.type === 'td_open' || token.type === 'th_open') rowCells++;
    if (token.nesting === 1 && !token.hidden) path.push(token.tag);
    else if (token.nesting === -1 && !token.hidden) path.pop();
  }
  return { inline, holder, path, rowCells };
}

/** The inline text of `tokens` that contains "[" (where a reference label can be used), or null. */
export function inlineTextWithBrackets(tokens: readonly Token[]): string | null {
  let text: string | null = null;
  for (const token of tokens) {
    if (token.type === 'inline' && token.content.includes('[')) text = `${text ?? ''}${token.content}\n`;
  }
  return text;
}
