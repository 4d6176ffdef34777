import MarkdownIt from 'markdown-it';

/**
 * The fenced code blocks of an answer, in document order — the same order (markdown-it's fence
 * tokens, nested ones included) in which the chat panel numbers the blocks it renders, so a
 * "block 3" click in the panel means the same code here. The host looks code up itself rather
 * than trusting code sent back by the webview.
 */
const md = new MarkdownIt({ html: false, linkify: false });

export interface CodeBlock {
  /** The fence's language (first word of the info string), or ''. */
  lang: string;
  code: string;
}

export function listCodeBlocks(markdown: string): CodeBlock[] {
  return md
    .parse(markdown, {})
    .filter((t) => t.type === 'fence')
    .map((t) => ({ lang: (t.info.trim().split(/\s+/)[0] ?? '').toLowerCase(), code: t.content }));
}
