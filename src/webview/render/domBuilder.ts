// DOM for the streaming tail's prose, built from markdown-it's tokens with createElement and
// createTextNode instead of going through HTML and a sanitiser. The tail is rebuilt piece by piece
// many times per answer (each time an emphasis closes, a list item starts…), and DOMPurify's
// per-call cost (a new document each time) would dominate it.
//
// Why this is safe: nothing here parses markup. Elements come from a fixed list (a subset of the
// sanitiser's allow-list), attribute values are set as plain values, link targets pass the same
// allow-list as everywhere else, text goes into text nodes. Code blocks are built unhighlighted
// (highlight.js's HTML goes through DOMPurify when a block is sealed). Any token or attribute this
// does not know makes it return null, and the caller uses the HTML path.
//
// Why it is the same DOM: it mirrors markdown-it's renderer (renderToken's newlines included) and
// our rules in markdown.ts. The unit tests compare it with the HTML path on random documents and
// after every frame of a stream.
import type { Token } from 'markdown-it';
import { type CodeBlock, codeBlockOf } from '../../core/markdown/codeBlocks';
import { isAllowedUrl } from '../../core/markdown/links';
import { t } from '../l10n';
import { buildCodeBlock } from './codeBlock';
import { md } from './markdown';

const INLINE_PAIRED = new Set(['em', 'strong', 's']);
const BLOCK_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'hr',
  'table', 'thead', 'tbody', 'tr', 'th', 'td',
]);

class Unknown extends Error {}

/** Appends elements and text under a stack of open elements; adjacent text becomes one node. */
class Builder {
  readonly root: DocumentFragment;
  private readonly stack: Array<Element | DocumentFragment>;
  private text = '';

  constructor(private readonly doc: Document) {
    this.root = doc.createDocumentFragment();
    this.stack = [this.root];
  }

  get top(): Element | DocumentFragment {
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  insideLink(): boolean {
    return this.stack.some((el) => el.nodeName === 'A');
  }

  addText(text: string): void {
    this.text += text;
  }

  flush(): void {
    if (!this.text) return;
    const last = this.top.lastChild;
    if (last?.nodeType === 3) (last as Text).appendData(this.text);
    else this.top.appendChild(this.doc.createTextNode(this.text));
    this.text = '';
  }

  add(el: Element): void {
    this.flush();
    this.top.appendChild(el);
  }

  open(el: Element): void {
    this.add(el);
    this.stack.push(el);
  }

  close(tag: string): void {
    this.flush();
    const top = this.top;
    if (this.stack.length < 2 || (top as Element).localName !== tag) throw new Unknown();
    this.stack.pop();
  }

  element(tag: string): Element {
    return this.doc.createElement(tag);
  }

  get document(): Document {
    return this.doc;
  }

  done(): DocumentFragment {
    this.flush();
    if (this.stack.length !== 1) throw new Unknown();
    return this.root;
  }
}

function attrText(token: Token, name: string): string | null {
  const value = token.attrGet(name);
  return value === null ? null : String(value);
}

/**
 * An attribute from the answer (a link's target or title), when the HTML path keeps it as it is.
 * DOMPurify trims every attribute value it keeps and drops values that could close markup
 * ("-->", "]>", "</title" …): a title may begin or end with a newline (one written over several
 * lines) or hold such text. Those are left to the HTML path rather than copied here.
 */
function setAttr(el: Element, name: string, value: string): void {
  if (value !== value.trim() || /[<>]/.test(value)) throw new Unknown();
  el.setAttribute(name, value);
}

/** markdown-it's link_open as changed in markdown.ts: href kept if allowed, then data-href. */
function link(b: Builder, token: Token): void {
  // markdown-it lets an autolink sit inside a link's text; the HTML parser then closes the outer
  // link early (and may reopen formatting). Leave that to the HTML path.
  if (b.insideLink()) throw new Unknown();
  const a = b.element('a');
  for (const [name, value] of token.attrs ?? []) {
    if (name === 'href') {
      if (isAllowedUrl(String(value))) setAttr(a, 'href', String(value));
    } else if (name === 'title') {
      setAttr(a, 'title', String(value));
    } else {
      throw new Unknown();
    }
  }
  const href = a.getAttribute('href');
  if (href !== null) setAttr(a, 'data-href', href);
  b.open(a);
}

/** The image rule in markdown.ts: alt text, as a link to the image when allowed. */
function image(b: Builder, token: Token): void {
  const alt = md.renderer.renderInlineAsText(token.children ?? [], md.options, {}) || t('image');
  const src = attrText(token, 'src') ?? '';
  if (!isAllowedUrl(src) || b.insideLink()) {
    const span = b.element('span');
    span.className = 'md-image';
    span.textContent = alt;
    b.add(span);
    return;
  }
  const a = b.element('a');
  a.className = 'md-image';
  setAttr(a, 'href', src);
  setAttr(a, 'data-href', src);
  const title = attrText(token, 'title');
  if (title) setAttr(a, 'title', title);
  const icon = b.element('span');
  icon.className = 'codicon codicon-file-media'; // l10n-ignore: class names
  icon.setAttribute('aria-hidden', 'true');
  a.append(icon, alt);
  b.add(a);
}

function inline(b: Builder, tokens: readonly Token[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        b.addText(token.content);
        break;
      case 'softbreak':
        b.addText('\n');
        break;
      case 'hardbreak':
        b.add(b.element('br'));
        b.addText('\n');
        break;
      case 'code_inline': {
        if (token.attrs) throw new Unknown();
        const code = b.element('code');
        code.textContent = token.content;
        b.add(code);
        break;
      }
      case 'link_open':
        link(b, token);
        break;
      case 'image':
        image(b, token);
        break;
      default:
        if (token.attrs || !(INLINE_PAIRED.has(token.tag) || (token.tag === 'a' && token.nesting === -1))) throw new Unknown();
        if (token.nesting === 1) b.open(b.element(token.tag));
        else if (token.nesting === -1) b.close(token.tag);
        else throw new Unknown();
    }
  }
}

/** Where built code blocks are numbered from, and recorded (as the fence rule does). */
export interface CodeSink {
  readonly base: number;
  readonly blocks: CodeBlock[];
}

/** renderToken for a block token, newlines included, as DOM. */
function block(b: Builder, tokens: readonly Token[], idx: number, code: CodeSink | undefined): void {
  const token = tokens[idx];
  if (!token || token.hidden) return;
  const entry = codeBlockOf(token, md);
  if (entry) {
    if (!code) throw new Unknown();
    b.add(buildCodeBlock(entry, code.base + code.blocks.length, b.document));
    code.blocks.push(entry);
    b.addText('\n');
    return;
  }
  if (!BLOCK_TAGS.has(token.tag)) throw new Unknown();
  // renderToken: a newline between a hidden paragraph and the next opening block tag.
  if (token.nesting !== -1 && idx > 0 && tokens[idx - 1]?.hidden) b.addText('\n');
  if (token.nesting === -1) {
    b.close(token.tag);
    b.addText('\n');
    return;
  }
  const el = b.element(token.tag);
  for (const [name, value] of token.attrs ?? []) {
    if (name === 'start' && token.tag === 'ol' && /^\d+$/.test(String(value))) el.setAttribute('start', String(value));
    else if (name === 'class' && /^md-align-(left|right|center)$/.test(String(value))) el.setAttribute('class', String(value));
    else throw new Unknown();
  }
  if (token.nesting === 0) {
    b.add(el);
    b.addText('\n');
    return;
  }
  b.open(el);
  // renderToken: no newline after an opening tag followed by inline content, a hidden token, or
  // its own closing tag.
  const next = tokens[idx + 1];
  const tight = next && (next.type === 'inline' || next.hidden || (next.nesting === -1 && next.tag === token.tag));
  if (!tight) b.addText('\n');
}

/** The nodes of an inline token's children, or null if one of them is not known here. */
export function buildInline(tokens: readonly Token[], doc: Document): DocumentFragment | null {
  try {
    const b = new Builder(doc);
    inline(b, tokens);
    return b.done();
  } catch (err) {
    if (err instanceof Unknown) return null;
    throw err;
  }
}

/**
 * The nodes of block tokens [from, to) of `tokens` (a balanced range, inline children parsed),
 * or null if the range holds anything not known here. Code blocks are built unhighlighted and
 * recorded in `code`; without a sink, code makes it return null.
 */
export function buildBlocks(tokens: readonly Token[], from: number, to: number, doc: Document, code?: CodeSink): DocumentFragment | null {
  const codeCount = code?.blocks.length ?? 0;
  try {
    const b = new Builder(doc);
    for (let i = from; i < to; i++) {
      const token = tokens[i];
      if (token?.type === 'inline') inline(b, token.children ?? []);
      else block(b, tokens, i, code);
    }
    return b.done();
  } catch (err) {
    if (!(err instanceof Unknown)) throw err;
    if (code) code.blocks.length = codeCount;
    return null;
  }
}
