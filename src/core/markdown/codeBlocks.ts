import type MarkdownIt from 'markdown-it';

/**
 * The fenced code blocks of an answer, in document order — the same order (markdown-it's fence
 * tokens, nested ones included) in which the chat panel numbers the blocks it renders, so a
 * "block 3" click in the panel means the same code here. The host looks code up itself rather
 * than trusting code sent back by the webview.
 */
type Parser = InstanceType<typeof MarkdownIt>;
let md: Parser | undefined;

/** Built on first use: the extension only needs it when a code-block button is clicked. */
function parser(): Parser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  md ??= new (require('markdown-it') as typeof MarkdownIt)({ html: false, linkify: false });
  return md;
}

export interface CodeBlock {
  /** The fence's language (first word of the info string), or ''. */
  lang: string;
  code: string;
}

export function listCodeBlocks(markdown: string): CodeBlock[] {
  return parser()
    .parse(markdown, {})
    .filter((t) => t.type === 'fence')
    .map((t) => ({ lang: (t.info.trim().split(/\s+/)[0] ?? '').toLowerCase(), code: t.content }));
}
