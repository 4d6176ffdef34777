// The DOM of the open tail of a streaming answer: the one part of the message that is rendered
// again as text arrives. A full render of the tail (markdown-it, DOMPurify, new nodes) costs far
// more than a chunk of text is worth, so cheaper ways are tried first, each exact: the DOM they
// leave is the DOM a full render of the tail would give (the property tests check it after every
// frame).
//   1. A top-level code fence streaming in: append the new code to its text node.
//   2. Plain text added to the paragraph (or heading, or table cell) being written: append it to
//      its last text node.
//   3. Anything else on that paragraph's last line: re-parse that paragraph's inline content only,
//      and patch the paragraph's element (append text, or replace its children).
//   4. New blocks inside the tail (a list item, a table row, a nested list): parse the tail, and
//      render only the blocks that were added (see blockPatch.ts).
// Otherwise (a list turning loose, a paragraph turning into a table, …) the whole tail is rendered.
import type { Token } from 'markdown-it';
import { type CodeBlock, codeBlockOf } from '../../core/markdown/codeBlocks';
import { buildCodeBlock, codeClass } from './codeBlock';
import { highlightCode, isKnownLanguage } from './highlight';
import { createEnv, md, parseBlocks, parseInlineChildren, type Reference, type RenderEnv } from './markdown';
import { type AppendPlan, openPath, planAppend, renderRange } from './blockPatch';
import { buildBlocks, buildInline } from './domBuilder';
import { elementAt, lastElement } from './domPath';
import { findOpenParagraph, isPlainAppend, mayLeaveParagraph, type OpenParagraph, plainTextTarget, trimContentEnd } from './openParagraph';
import { sanitizeInside, sanitizeToFragment } from './sanitize';
import { appendedText, inlineTextWithBrackets } from './tokens';

export interface TailContext {
  /** Index of the tail's first code block in the whole message. */
  readonly codeBase: number;
  /** Reference definitions known from the sealed part of the message. */
  readonly refs: Record<string, Reference>;
}

/** The tail is a top-level fenced code block whose opening line is complete. */
export interface FenceStream {
  readonly lang: string;
  /** Code shown so far: complete lines, and the last line unless it may become the closing fence. */
  readonly code: string;
}

/** Whether the text just parsed holds reference definitions (repeats of known labels too). */
function definesReferences(env: RenderEnv): boolean {
  return (env.definitions ?? 0) > 0;
}

export class TailView {
  nodes: Node[] = [];
  codeBlocks: CodeBlock[] = [];
  private shown = 0;
  private paragraph: OpenParagraph | null = null;
  /** The tokens the tail's DOM shows (ways 2 and 3 keep the last inline token up to date). */
  private tokens: Token[] | null = null;
  /** The tail holds reference definitions of its own (as of the last parse). */
  private definesReferences = false;
  /** Definitions the last full render saw, the tail's own included (way 3 parses with them). */
  private refs: Record<string, Reference> = {};
  private fenceText: Text | null = null;
  private fenceShown = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly doc: Document,
  ) {}

  /** Forget the tail's DOM (it was sealed, or the message was reset). */
  clear(): void {
    for (const node of this.nodes) node.parentNode?.removeChild(node);
    this.nodes = [];
    this.codeBlocks = [];
    this.shown = 0;
    this.paragraph = null;
    this.tokens = null;
    this.refs = {};
    this.definesReferences = false;
    this.fenceText = null;
    this.fenceShown = 0;
  }

  /**
   * The DOM of the tail's first `cut` characters, handed over for good, when it is exactly what
   * sealing them would render: the tail shows no more than them (it is brought up to them now),
   * they hold no code (code is highlighted only when sealed) and no reference definitions. The
   * nodes stay where they are; the view forgets them. Null when the piece must be rendered.
   */
  take(tail: string, cut: number, ctx: TailContext): { nodes: Node[]; labelText: string | null } | null {
    if (this.fenceText !== null || this.shown > cut) return null;
    this.update(tail.slice(0, cut), ctx, null);
    const tokens = this.tokens;
    // Definitions must be recorded for the whole message: sealing renders those pieces.
    if (!tokens || this.definesReferences || tokens.some((t) => codeBlockOf(t, md) !== null)) return null;
    const nodes = this.nodes;
    this.nodes = [];
    return { nodes, labelText: inlineTextWithBrackets(tokens) };
  }

  /**
   * The DOM of a top-level code block that streamed in and is now closed, handed over for good:
   * its markup stays, its code is replaced by the highlighted code (what sealing would render).
   */
  takeFence(block: CodeBlock): Node[] | null {
    const text = this.fenceText;
    const code = text?.parentNode;
    if (!text || !code || code.nodeName !== 'CODE') return null;
    if (isKnownLanguage(block.lang)) {
      (code as Element).className = codeClass(block.lang, true);
      if (block.code === '') code.replaceChildren();
      else code.replaceChildren(sanitizeToFragment(highlightCode(block.code, block.lang), this.doc));
    } else if (text.data !== block.code) {
      text.data = block.code;
    }
    const nodes = this.nodes;
    this.nodes = [];
    return nodes;
  }

  /** Show `tail` (which extends what was shown before, unless clear() was called). */
  update(tail: string, ctx: TailContext, fence: FenceStream | null): void {
    if (tail.length === this.shown && this.nodes.length > 0) return;
    const delta = tail.slice(this.shown);
    this.shown = tail.length;
    if (fence) this.streamFence(fence, ctx);
    else if (!this.paragraph || !this.extendParagraph(this.paragraph, delta, ctx)) this.renderBlocks(tail, ctx);
  }

  private streamFence(fence: FenceStream, ctx: TailContext): void {
    if (this.fenceText === null) {
      const fragment = this.doc.createDocumentFragment();
      const block = buildCodeBlock({ code: '', lang: fence.lang }, ctx.codeBase, this.doc);
      fragment.append(block, '\n');
      this.fenceText = this.doc.createTextNode('');
      block.querySelector('code')?.appendChild(this.fenceText);
      this.replace(fragment);
      this.paragraph = null;
      this.tokens = null;
    }
    if (fence.code.length > this.fenceShown) {
      this.fenceText.appendData(fence.code.slice(this.fenceShown));
      this.fenceShown = fence.code.length;
    }
    this.codeBlocks = [{ code: fence.code, lang: fence.lang }];
  }

  /** Ways 2 and 3. False when the delta may change more than the paragraph's last line. */
  private extendParagraph(p: OpenParagraph, delta: string, ctx: TailContext): boolean {
    if (mayLeaveParagraph(p, delta)) return false;
    const inline = p.inline;
    const raw = inline.content + p.pendingWs + delta;
    const content = trimContentEnd(raw, p.holder);
    if (content === inline.content) {
      p.pendingWs = raw.slice(content.length);
      return true;
    }
    if (p.plainText && isPlainAppend(p, delta)) {
      // Way 2: the new characters are literal text and touch nothing before them.
      const added = content.slice(inline.content.length);
      p.plainText.appendData(added);
      const last = inline.children?.[inline.children.length - 1];
      if (last) last.content += added;
      inline.content = content;
      p.pendingWs = raw.slice(content.length);
      return true;
    }
    // Way 3: the paragraph's block structure is settled (see findOpenParagraph); only its inline
    // content changes.
    const env = createEnv(ctx.codeBase, false, Object.create(this.refs) as Record<string, Reference>);
    const children = md.parseInline(content, env)[0]?.children ?? [];
    const patch = this.inlinePatch(p.element, inline.children ?? [], children);
    if (!patch) return false;
    patch();
    inline.content = content;
    inline.children = children;
    p.pendingWs = raw.slice(content.length);
    p.plainText = plainTextTarget(inline, p.element);
    return true;
  }

  /**
   * How to make `element`'s content the rendering of inline tokens `next` (it shows `prev`), or
   * null when only a render of the whole tail will do: buildInline declines a link inside a link's
   * text (the HTML parser splits those) and attributes the sanitiser would change. Their HTML is
   * then parsed in its block, as in a full render, never as a loose run of inline markup.
   */
  private inlinePatch(element: Element, prev: Token[], next: Token[]): (() => void) | null {
    const added = appendedText(prev, next);
    const lastNode = element.lastChild;
    if (added !== null && lastNode?.nodeType === 3) return () => (lastNode as Text).appendData(added);
    const nodes = buildInline(next, this.doc);
    return nodes && (() => element.replaceChildren(nodes));
  }

  /** Way 4, or a full render of the tail. */
  private renderBlocks(tail: string, ctx: TailContext): void {
    const env = createEnv(ctx.codeBase, false, Object.create(ctx.refs) as Record<string, Reference>);
    // Definitions in the tail could change the links of blocks already shown: then render it all.
    const prev = this.tokens && !this.definesReferences ? this.tokens : null;
    // The block step alone is cheap; inline parsing is done for the tokens that changed only.
    const blocks = prev ? parseBlocks(tail, env) : null;
    const plan = prev && blocks && !definesReferences(env) ? planAppend(prev, blocks) : null;
    let tokens: Token[];
    if (prev && blocks && plan && this.appendBlocks(plan, prev, blocks, env)) {
      tokens = blocks;
    } else {
      tokens = md.parse(tail, env);
      const code = { base: ctx.codeBase, blocks: [] };
      const built = buildBlocks(tokens, 0, tokens.length, this.doc, code);
      this.replace(built ?? sanitizeToFragment(md.renderer.render(tokens, md.options, env), this.doc));
      this.codeBlocks = built ? code.blocks : env.codeBlocks;
    }
    this.fenceText = null;
    this.fenceShown = 0;
    this.tokens = tokens;
    // The paragraph being extended cannot define references (see openParagraph), so the
    // definitions found now stay valid for the inline-only updates that follow.
    this.refs = env.references ?? {};
    this.definesReferences = definesReferences(env);
    this.paragraph = findOpenParagraph(tokens, tail, this.nodes, this.definesReferences);
  }

  /**
   * Apply `plan` to the DOM. `next` holds block tokens only: the unchanged inline tokens take the
   * children they had, the grown and the new ones are parsed now.
   */
  private appendBlocks(plan: AppendPlan, prev: Token[], next: Token[], env: RenderEnv): boolean {
    let growInline: (() => void) | null = null;
    if (plan.grownInline >= 0) {
      // The same rule as for the open paragraph: a hidden paragraph's text must be all its item holds.
      const open = next[plan.grownInline - 1];
      if (open?.hidden && next[plan.grownInline - 2]?.type !== 'list_item_open') return false;
      const grown = elementAt(this.nodes, openPath(next, plan.grownInline));
      if (!grown) return false;
      const inline = next[plan.grownInline];
      if (inline) inline.children = parseInlineChildren(inline.content, env);
      growInline = this.inlinePatch(grown, prev[plan.grownInline]?.children ?? [], inline?.children ?? []);
      if (!growInline) return false;
    }
    // A code block still being written (inside a list, say): its code is plain text until sealed.
    let codeText: Text | null = null;
    if (plan.grownCode >= 0) {
      const holder = elementAt(this.nodes, openPath(next, plan.grownCode));
      const children = holder ? holder.childNodes : this.nodes;
      const code = lastElement(children)?.querySelector('pre > code');
      const text = code?.lastChild;
      if (!code || code.childNodes.length !== 1 || text?.nodeType !== 3) return false;
      codeText = text as Text;
    }
    const target = plan.path.length > 0 ? elementAt(this.nodes, plan.path) : null;
    if (plan.path.length > 0 && !target) return false;
    for (let i = 0; i < next.length; i++) {
      const token = next[i];
      if (token?.type !== 'inline' || i === plan.grownInline) continue;
      const kept = i < plan.from ? prev[i]?.children : null;
      token.children = kept ?? parseInlineChildren(token.content, env);
    }
    const addEnv = createEnv(env.codeBase + plan.codeBefore, false, env.references);
    const fragment =
      buildBlocks(next, plan.from, plan.to, this.doc, { base: addEnv.codeBase, blocks: addEnv.codeBlocks }) ??
      sanitizeInside(target?.localName ?? '', renderRange(next, plan.from, plan.to, addEnv), this.doc);
    if (!fragment) return false;
    // Every lookup succeeded: now change the DOM.
    growInline?.();
    const grownCode = next[plan.grownCode];
    if (codeText && grownCode) {
      codeText.appendData(grownCode.content.slice(prev[plan.grownCode]?.content.length ?? 0));
      const index = plan.codeBefore - 1;
      const block = this.codeBlocks[index];
      if (block) this.codeBlocks[index] = { code: grownCode.content, lang: block.lang };
    }
    const parent = target ?? this.container;
    // Text that ends the old content and text that starts the new are one node in parsed HTML.
    const first = fragment.firstChild;
    const last = parent.lastChild;
    if (first?.nodeType === 3 && last?.nodeType === 3 && (target || this.nodes.includes(last))) {
      (last as Text).appendData((first as Text).data);
      fragment.removeChild(first);
    }
    if (!target) this.nodes.push(...Array.from(fragment.childNodes));
    parent.appendChild(fragment);
    this.codeBlocks = [...this.codeBlocks.slice(0, plan.codeBefore), ...addEnv.codeBlocks];
    return true;
  }

  private replace(fragment: DocumentFragment): void {
    for (const node of this.nodes) node.parentNode?.removeChild(node);
    this.nodes = Array.from(fragment.childNodes);
    this.container.appendChild(fragment);
  }
}
