// Streaming render of one answer. The text is cut into top-level blocks; a finished block is
// rendered once, sanitised, appended and then left alone ("sealed"); only the open tail is
// rendered again, at most once per scheduled frame. Work per frame is proportional to the tail,
// never to the whole answer, so a long answer costs about what one render of it costs.
//
// Sealing rule. The tail is cut before line L when
//   - line L is complete and not blank, the line before it is blank (or line L opens a fence or is
//     a heading, which close the blocks above without one), and
//   - markdown-it's block parser, run on the tail up to L, says a top-level block starts at L.
// The blank line matters: it closes paragraphs, blockquotes, tables and reference definitions
// (whose title may otherwise continue on the next line), so nothing after L can change a block
// before it. Lists and indented code that continue past a blank line are markdown-it's call.
// Sooner, where that is already certain:
//   - after a blank line that closes every block above it (no list, indented code or open fence),
//   - before an unfinished line whose first character cannot continue a list or indented code,
//   - after the closing line of a top-level fence.
//
// Reference definitions are global: "[x]: url" at the end changes "[x]" at the top. Each sealed
// piece is rendered with the definitions known so far; when a later piece brings new ones, the
// earlier pieces whose text mentions those labels are rendered again (rare, and only those).
import {
  closedByBlankLine, closesFence, interruptsBlocks, isBlank, mayBecomeCloser, mayContinueAfterBlank, type OpenFence, openingFence,
  startsTopLevelBlock,
} from './boundaries';
import { type CodeBlock, codeBlockOf, fenceLanguage } from '../../core/markdown/codeBlocks';
import { createEnv, markdownToHtml, md, parseBlocks, type Reference } from './markdown';
import { sanitizeToFragment, serializeNodes } from './sanitize';
import { type FenceStream, type TailContext, TailView } from './tailView';
import { inlineTextWithBrackets } from './tokens';

export type Scheduler = (callback: () => void) => void;

export interface IncrementalRendererOptions {
  /** When to render the tail after append(); requestAnimationFrame by default. */
  scheduler?: Scheduler;
}

interface SealedPiece {
  readonly text: string;
  nodes: Node[];
  readonly codeBase: number;
  /** Its inline text folded like reference labels, or null when it has no "[" to use one. */
  readonly labelText: string | null;
}

interface RenderedPiece {
  readonly fragment: DocumentFragment;
  readonly codeBlocks: CodeBlock[];
  readonly labelText: string | null;
}

/** The open tail is a top-level fence whose opening line is complete. */
interface StreamingFence extends OpenFence {
  readonly lang: string;
  /** Where the code starts in the tail (just after the opening line). */
  readonly codeStart: number;
}

const defaultScheduler: Scheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

/** markdown-it's input normalisation, applied to the text as it arrives. */
function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

/** Text folded the way markdown-it folds reference labels, to look for a label in it. */
function foldForLabels(text: string): string {
  return text.replace(/\s+/g, ' ').toLowerCase().toUpperCase();
}

function createRefs(parent: Record<string, Reference>): Record<string, Reference> {
  // A child object: markdown-it finds the known definitions through the prototype and records the
  // piece's new ones as own properties, which is how we learn about them.
  return Object.create(parent) as Record<string, Reference>;
}

export class IncrementalRenderer {
  private readonly doc: Document;
  private readonly schedule: Scheduler;

  private rawParts: string[] = [];
  private rawText: string | null = '';
  private pendingCR = false;

  /** Normalised text after the last sealed piece. */
  private tail = '';
  /** Start (in `tail`) of the first line not yet scanned; always a line start. */
  private scanPos = 0;
  /** Index within the tail of the line at scanPos. */
  private tailLine = 0;
  private prevBlank = false;
  /** The partial line at scanPos was looked at by sealBeforePartialLine. */
  private checkedPartial = false;
  private fence: StreamingFence | null = null;

  private readonly pieces: SealedPiece[] = [];
  private refs: Record<string, Reference> = {};
  private sealedCode: CodeBlock[] = [];
  private readonly view: TailView;

  private scheduled = false;
  private generation = 0;
  private finished = false;

  constructor(
    private readonly container: HTMLElement,
    opts: IncrementalRendererOptions = {},
  ) {
    this.doc = container.ownerDocument;
    this.schedule = opts.scheduler ?? defaultScheduler;
    this.view = new TailView(container, this.doc);
  }

  /** The text received so far, exactly as given. */
  get text(): string {
    if (this.rawText === null) {
      this.rawText = this.rawParts.join('');
      this.rawParts = [this.rawText];
    }
    return this.rawText;
  }

  /** The code blocks shown, by data-block-index: the model's code, not the highlighted DOM. */
  blocks(): CodeBlock[] {
    return [...this.sealedCode, ...this.view.codeBlocks];
  }

  append(delta: string): void {
    if (this.finished) throw new Error('IncrementalRenderer: append() after finish(); call reset() first');
    if (delta === '') return;
    const first = this.rawParts.length === 0;
    this.rawParts.push(delta);
    this.rawText = null;
    let text = this.pendingCR ? `\r${delta}` : delta;
    // A "\r" at the end may be the first half of "\r\n": wait for the next delta to know.
    this.pendingCR = text.endsWith('\r');
    if (this.pendingCR) text = text.slice(0, -1);
    this.tail += normalizeNewlines(text);
    if (this.scheduled) return;
    if (first) {
      // The answer's first token is what the user waits for: rendered now, so the next frame
      // paints it, instead of waiting for an animation-frame callback (which may come a frame
      // later when the message lands just after one). Later deltas are batched per frame.
      this.scanLines();
      this.renderTail();
      return;
    }
    this.scheduled = true;
    const generation = this.generation;
    this.schedule(() => {
      if (generation !== this.generation) return;
      this.scheduled = false;
      this.scanLines();
      this.renderTail();
    });
  }

  /** The answer is complete: render and seal whatever is left, now. */
  finish(): void {
    if (this.finished) return;
    this.generation++;
    this.scheduled = false;
    if (this.pendingCR) this.tail += '\n';
    this.pendingCR = false;
    this.scanLines();
    if (this.tail !== '') this.seal(this.tail.length);
    this.finished = true;
  }

  /** Forget everything and empty the container (a new answer, or a regenerated one). */
  reset(): void {
    this.generation++;
    this.scheduled = false;
    this.finished = false;
    this.rawParts = [];
    this.rawText = '';
    this.pendingCR = false;
    this.tail = '';
    this.scanPos = 0;
    this.tailLine = 0;
    this.prevBlank = false;
    this.checkedPartial = false;
    this.fence = null;
    this.pieces.length = 0;
    this.refs = {};
    this.sealedCode = [];
    this.view.clear();
    this.container.replaceChildren();
  }

  /** Scan the lines completed since the last frame, sealing every finished block. */
  private scanLines(): void {
    for (;;) {
      const newline = this.tail.indexOf('\n', this.scanPos);
      if (newline < 0) {
        this.sealBeforePartialLine();
        return;
      }
      const start = this.scanPos;
      const next = newline + 1;
      const line = this.tail.slice(start, newline);
      const blank = isBlank(line);
      if (
        this.tailLine > 0 &&
        this.fence === null &&
        !blank &&
        (this.prevBlank || interruptsBlocks(line)) &&
        startsTopLevelBlock(this.tail.slice(0, next), this.tailLine)
      ) {
        this.seal(start);
        continue; // the same line again, now as the first line of the new tail
      }
      this.scanPos = next;
      this.checkedPartial = false;
      if (this.tailLine === 0) {
        const fence = openingFence(line);
        this.fence = fence && { ...fence, lang: fenceLanguage(fence.info, md), codeStart: next };
      } else if (this.fence && closesFence(line, this.fence)) {
        this.seal(next, sealedFence(this.tail.slice(0, next)));
        continue;
      } else if (blank && !this.prevBlank && this.fence === null && closedByBlankLine(this.tail.slice(0, next), this.tailLine)) {
        // A paragraph, heading, table, quote… ends at a blank line: seal it now, while the DOM
        // the tail shows is still exactly this text (see TailView.take).
        this.seal(next);
        continue;
      }
      this.prevBlank = blank;
      this.tailLine++;
    }
  }

  /** After a list or indented code, a new line's first character can settle that it is a new block. */
  private sealBeforePartialLine(): void {
    const first = this.tail.charAt(this.scanPos);
    if (this.checkedPartial || first === '' || this.tailLine === 0 || !this.prevBlank || this.fence !== null) return;
    this.checkedPartial = true;
    if (!mayContinueAfterBlank(first) && startsTopLevelBlock(this.tail, this.tailLine)) this.seal(this.scanPos);
  }

  private tailContext(): TailContext {
    return { codeBase: this.sealedCode.length, refs: this.refs };
  }

  /**
   * Render the first `cut` characters of the tail for good, and start a new tail after them.
   * `fence` is given when they are a top-level code block that streamed in.
   */
  private seal(cut: number, fence?: CodeBlock): void {
    // A code block that streamed in keeps its markup and gets its highlighted code.
    const fenceNodes = fence ? this.view.takeFence(fence) : null;
    // Prose the tail already shows exactly is kept as it is, rather than rendered once more.
    const taken = fenceNodes ? null : this.view.take(this.tail, cut, this.tailContext());
    const text = this.tail.slice(0, cut);
    this.tail = this.tail.slice(cut);
    this.scanPos -= cut;
    this.tailLine = 0;
    this.prevBlank = false;
    this.checkedPartial = false;
    this.fence = null;
    this.view.clear();

    const codeBase = this.sealedCode.length;
    if (fence && fenceNodes) {
      this.pieces.push({ text, nodes: fenceNodes, codeBase, labelText: null });
      this.sealedCode.push(fence);
      return;
    }
    if (taken) {
      this.pieces.push({ text, nodes: taken.nodes, codeBase, labelText: taken.labelText === null ? null : foldForLabels(taken.labelText) });
      return;
    }
    const refs = createRefs(this.refs);
    const rendered = this.renderPiece(text, codeBase, refs);
    const nodes = Array.from(rendered.fragment.childNodes);
    this.container.appendChild(rendered.fragment);
    this.pieces.push({ text, nodes, codeBase, labelText: rendered.labelText });
    this.sealedCode.push(...rendered.codeBlocks);

    const labels = Object.keys(refs);
    if (labels.length === 0) return;
    for (const label of labels) this.refs[label] = refs[label] as Reference;
    this.rerenderPiecesUsing(labels, this.pieces.length - 1);
  }

  private renderPiece(text: string, codeBase: number, refs: Record<string, Reference>): RenderedPiece {
    const env = createEnv(codeBase, true, refs);
    const tokens = md.parse(text, env);
    const fragment = sanitizeToFragment(md.renderer.render(tokens, md.options, env), this.doc);
    // The inline text (container markers such as "> " stripped) is where a label can be used.
    const labelText = inlineTextWithBrackets(tokens);
    return { fragment, codeBlocks: env.codeBlocks, labelText: labelText === null ? null : foldForLabels(labelText) };
  }

  /** New reference definitions arrived: render again the earlier pieces that may use them. */
  private rerenderPiecesUsing(labels: string[], before: number): void {
    for (let i = 0; i < before; i++) {
      const piece = this.pieces[i];
      if (!piece?.labelText || !labels.some((label) => piece.labelText?.includes(label))) continue;
      const rendered = this.renderPiece(piece.text, piece.codeBase, createRefs(this.refs));
      const nodes = Array.from(rendered.fragment.childNodes);
      this.container.insertBefore(rendered.fragment, this.nodeAfterPiece(i));
      for (const node of piece.nodes) node.parentNode?.removeChild(node);
      piece.nodes = nodes;
    }
  }

  private nodeAfterPiece(index: number): Node | null {
    for (let j = index + 1; j < this.pieces.length; j++) {
      const first = this.pieces[j]?.nodes[0];
      if (first) return first;
    }
    return this.view.nodes[0] ?? null;
  }

  /** The frame's one render of the open tail. */
  private renderTail(): void {
    this.view.update(this.tail, this.tailContext(), this.fenceStream());
  }

  /** What a streaming top-level fence shows: its code so far, minus a line that may close it. */
  private fenceStream(): FenceStream | null {
    const fence = this.fence;
    if (!fence) return null;
    let end = this.tail.length;
    if (this.scanPos < end && mayBecomeCloser(this.tail.slice(this.scanPos), fence)) end = this.scanPos;
    return { lang: fence.lang, code: this.tail.slice(fence.codeStart, end) };
  }

  /**
   * @internal For tests: the open tail and its DOM, to check that what the fast paths leave is
   * what a full render of the tail gives. `streaming` is true while a code fence streams in
   * (its DOM is then the unhighlighted code so far, by design).
   */
  inspectTail(): { text: string; nodes: readonly Node[]; codeBase: number; refs: Readonly<Record<string, Reference>>; streaming: boolean } {
    return { text: this.tail, nodes: this.view.nodes, codeBase: this.sealedCode.length, refs: this.refs, streaming: this.fence !== null };
  }
}

/**
 * The code block a top-level fence that streamed in turns out to be, read from markdown-it's
 * tokens by codeBlockOf, as every other block (and the host's copy) is: the streamed code is only
 * what was shown meanwhile. Undefined when the text is not one code block (then it is rendered).
 */
function sealedFence(text: string): CodeBlock | undefined {
  const blocks: CodeBlock[] = [];
  let others = 0;
  for (const token of parseBlocks(text, createEnv())) {
    const block = codeBlockOf(token, md);
    if (block) blocks.push(block);
    else others++;
  }
  return blocks.length === 1 && others === 0 ? blocks[0] : undefined;
}

/** A whole message rendered at once (history, and the reference the incremental path must match). */
export function renderMessage(markdown: string, doc: Document = document): { fragment: DocumentFragment; blocks: CodeBlock[] } {
  const env = createEnv(0, true);
  const fragment = sanitizeToFragment(markdownToHtml(markdown, env), doc);
  return { fragment, blocks: env.codeBlocks };
}

/** Sanitised HTML of a whole message. */
export function renderFull(markdown: string, doc: Document = document): string {
  return serializeNodes(renderMessage(markdown, doc).fragment, doc);
}
