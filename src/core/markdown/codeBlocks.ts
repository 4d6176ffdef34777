import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { createParser, type Parser } from './parser';

/**
 * What a code block of an answer is, decided once for both sides: the chat panel numbers the
 * blocks it renders with codeBlockOf (src/webview/render), and the host finds the code of a
 * clicked "block 3" with listCodeBlocks, from its own copy of the answer rather than trusting code
 * sent back by the webview. Fenced and indented code blocks both count, in document order, nested
 * ones (in lists, quotes) included.
 */
export interface CodeBlock {
  /** The fence's language word as written ("ts", "Python"), or '' (none, or an indented block). */
  readonly lang: string;
  readonly code: string;
}

/** The language of a fence: the first word of its info string, unescaped, as markdown-it reads it. */
export function fenceLanguage(info: string, md: Parser): string {
  return md.utils.unescapeAll(info).trim().split(/\s+/)[0] ?? '';
}

/** The code block a markdown-it token is, or null when it is none. */
export function codeBlockOf(token: Token, md: Parser): CodeBlock | null {
  if (token.type === 'fence') return { lang: fenceLanguage(token.info, md), code: token.content };
  if (token.type === 'code_block') return { lang: '', code: token.content };
  return null;
}

let parser: Parser | undefined;

/** The code blocks of an answer, in the order the chat panel numbers them. */
export function listCodeBlocks(markdown: string): CodeBlock[] {
  // Built on first use: the extension only needs markdown-it when a code-block button is clicked.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= createParser(require('markdown-it') as typeof MarkdownIt);
  const blocks: CodeBlock[] = [];
  for (const token of parser.parse(markdown, {})) {
    const block = codeBlockOf(token, parser);
    if (block) blocks.push(block);
  }
  return blocks;
}
