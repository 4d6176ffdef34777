// The one markdown-it configuration every answer goes through, full or incremental, so that both
// paths produce the same HTML. Raw HTML is off (model output is untrusted), links are checked
// against an allow-list, images are never loaded, and code blocks get the action header.
import MarkdownIt, { type Env, type Token } from 'markdown-it';
import { type CodeBlock, codeBlockOf } from '../../core/markdown/codeBlocks';
import { isAllowedUrl } from '../../core/markdown/links';
import { createParser } from '../../core/markdown/parser';
import { t } from '../l10n';
import { renderCodeBlock } from './codeBlock';
import { escapeHtml } from './escape';

export type Reference = NonNullable<Env['references']>[string];

/**
 * What a render needs besides the text: where its code blocks start in the whole message's
 * numbering (a piece of an answer is rendered on its own), and whether to highlight code.
 * Rendering fills `codeBlocks` and, through markdown-it, `references`.
 */
export interface RenderEnv extends Env {
  references?: Record<string, Reference>;
  /** How many reference definitions the text holds (set by parsing; repeats of a label count). */
  definitions?: number;
  codeBase: number;
  codeBlocks: CodeBlock[];
  highlight: boolean;
}

export function createEnv(codeBase = 0, highlight = true, references?: Record<string, Reference>): RenderEnv {
  const env: RenderEnv = { codeBase, codeBlocks: [], highlight };
  if (references) env.references = references;
  return env;
}

function isRenderEnv(env: Env | undefined): env is RenderEnv {
  return env !== undefined && Array.isArray(env['codeBlocks']);
}

function codeBlockHtml(tokens: Token[], idx: number, env: Env | undefined): string {
  const token = tokens[idx];
  const block = token && codeBlockOf(token, md);
  if (!block) return '';
  if (!isRenderEnv(env)) return renderCodeBlock(block, 0, true);
  const index = env.codeBase + env.codeBlocks.length;
  env.codeBlocks.push(block);
  return renderCodeBlock(block, index, env.highlight);
}

function removeAttr(token: Token, name: string): void {
  if (token.attrs) token.attrs = token.attrs.filter((attr) => attr[0] !== name);
}

// An image inside a link would render as a link inside a link; the HTML parser would then split
// the outer one. Detect it so the image becomes plain alt text there.
function insideLink(tokens: Token[], idx: number): boolean {
  let depth = 0;
  for (let i = idx - 1; i >= 0; i--) {
    const type = tokens[i]?.type;
    if (type === 'link_close') depth--;
    else if (type === 'link_open' && ++depth > 0) return true;
  }
  return false;
}

function createMarkdown() {
  // The parse (options, link allow-list) is the host's too: it finds a clicked block's code in
  // the same token stream.
  const md = createParser(MarkdownIt);

  // Fenced and indented code blocks both get the action header; what counts as one, and its
  // code and language, is core's codeBlockOf, which the host uses as well.
  md.renderer.rules.fence = (tokens, idx, _options, env) => codeBlockHtml(tokens, idx, env);
  md.renderer.rules.code_block = (tokens, idx, _options, env) => codeBlockHtml(tokens, idx, env);

  // Links keep their href (for hover and accessibility) and carry it again in data-href: the UI
  // cancels the click and asks the host to open it, so the webview itself never navigates. The
  // token is left as it is (the streaming tail renders some tokens more than once).
  md.renderer.rules.link_open = (tokens, idx, _options, _env, self) => {
    const token = tokens[idx];
    if (!token) return '';
    const href = String(token.attrGet('href') ?? '');
    const allowed = isAllowedUrl(href);
    const attrs = (token.attrs ?? []).filter(([name]) => name !== 'href' || allowed);
    if (allowed) attrs.push(['data-href', href]);
    return `<a${self.renderAttrs({ attrs })}>`;
  };

  // Images are never loaded (the CSP forbids remote images, and a tracking pixel is a leak):
  // show the alt text, as a link to the image when its address is allowed.
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (!token) return '';
    const src = String(token.attrGet('src') ?? '');
    const alt = escapeHtml(self.renderInlineAsText(token.children ?? [], options, env) || t('image'));
    if (!isAllowedUrl(src) || insideLink(tokens, idx)) return `<span class="md-image">${alt}</span>`; // l10n-ignore: HTML markup
    const title = String(token.attrGet('title') ?? '');
    const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
    const href = escapeHtml(src);
    return (
      // l10n-ignore-start: HTML markup around the alt text
      `<a class="md-image" href="${href}" data-href="${href}"${titleAttr}>` +
      `<span class="codicon codicon-file-media" aria-hidden="true"></span>${alt}</a>`
      // l10n-ignore-end
    );
  };

  md.core.ruler.push('align_to_class', (state) => alignToClass(state.tokens));
  // Definitions leave no token behind (strip_references removes them); count them first.
  md.core.ruler.before('strip_references', 'count_definitions', (state) => {
    state.env['definitions'] = countDefinitions(state.tokens);
  });
  return md;
}

/**
 * Table alignment comes as style="text-align:…", and style attributes are not allowed through the
 * sanitiser: turn it into a class. A core rule; exported for token streams built block by block.
 */
export function alignToClass(tokens: readonly Token[]): void {
  for (const token of tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const style = token.attrGet('style');
    if (typeof style !== 'string') continue;
    removeAttr(token, 'style');
    const align = /text-align:(left|right|center)/.exec(style)?.[1];
    if (align) token.attrJoin('class', `md-align-${align}`);
  }
}

/**
 * Block tokens of `text` with no inline parsing: markdown-it's block step, plus the core rules
 * that act on block tokens. Inline tokens carry their content and no children yet; give them
 * children with parseInlineChildren. Reference definitions stay in as tokens (the core chain
 * strips them); env.definitions counts them.
 */
export function parseBlocks(text: string, env: RenderEnv): Token[] {
  const tokens: Token[] = [];
  md.block.parse(text, md, env, tokens);
  alignToClass(tokens);
  env.definitions = countDefinitions(tokens);
  return tokens;
}

function countDefinitions(tokens: readonly Token[]): number {
  let count = 0;
  for (const token of tokens) if (token.type === 'reference_definition') count++;
  return count;
}

/** The children markdown-it's core chain (inline, linkify, text_join) gives an inline token. */
export function parseInlineChildren(content: string, env: RenderEnv): Token[] {
  return md.parseInline(content, env)[0]?.children ?? [];
}

export const md = createMarkdown();

/** Unsanitised HTML of `text`. Callers sanitise before it reaches the DOM. */
export function markdownToHtml(text: string, env: RenderEnv): string {
  return md.render(text, env);
}
