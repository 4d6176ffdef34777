// Browser side of the render benchmark: bundled with the renderer and run inside chromium, so the
// timings are of the real DOM, the real HTML parser and the real DOMPurify.
import { IncrementalRenderer, renderFull, renderMessage } from '../../src/webview/render/index';

export interface PageRun {
  /** Wall-clock time inside the page. */
  readonly ms: number;
  readonly renders: number;
  /** Time spent on the chunks of each quarter of the answer: flat for a flat cost per chunk. */
  readonly quarters: number[];
}

let chunks: string[] = [];
let text = '';
let last: HTMLElement | null = null;

function freshContainer(): HTMLElement {
  document.body.replaceChildren();
  const container = document.createElement('div');
  document.body.appendChild(container);
  last = container;
  return container;
}

function settle(container: HTMLElement): void {
  // Force style and layout once, so every variant pays for laying out what it built.
  void container.offsetHeight;
}

/** Add `ms` to the quarter of the answer chunk `i` falls in. */
function addTo(quarters: number[], i: number, ms: number): void {
  const q = Math.min(3, Math.floor((4 * i) / chunks.length));
  quarters[q] = (quarters[q] ?? 0) + ms;
}

/** Keep the answer in the page, so the timed calls carry no arguments. */
function load(answerChunks: string[]): number {
  chunks = answerChunks;
  text = chunks.join('');
  return text.length;
}

/** The incremental renderer, its scheduler firing after every `flushEvery` chunks. */
function incremental(flushEvery: number): PageRun {
  const container = freshContainer();
  const queue: Array<() => void> = [];
  const renderer = new IncrementalRenderer(container, { scheduler: (cb) => queue.push(cb) });
  let renders = 0;
  const quarters = [0, 0, 0, 0];
  const start = performance.now();
  let last = start;
  for (let i = 0; i < chunks.length; i++) {
    renderer.append(chunks[i] ?? '');
    if ((i + 1) % flushEvery === 0) {
      for (const cb of queue.splice(0)) {
        cb();
        renders++;
      }
      const now = performance.now();
      addTo(quarters, i, now - last);
      last = now;
    }
  }
  renderer.finish();
  settle(container);
  return { ms: performance.now() - start, renders, quarters };
}

/**
 * The naive ways: the whole message so far rendered again (markdown-it, DOMPurify, the DOM built and
 * swapped in) at each frame, a frame every `frameEvery` chunks, and once after the last chunk.
 * frameEvery 1 is a render on every chunk; a larger one is what a careful peer does, rendering the
 * full text at most once per animation frame. Every render counted here was run.
 */
function naive(frameEvery: number): PageRun {
  const container = freshContainer();
  let sofar = '';
  let renders = 0;
  const quarters = [0, 0, 0, 0];
  const start = performance.now();
  for (let i = 0; i < chunks.length; i++) {
    sofar += chunks[i] ?? '';
    if ((i + 1) % frameEvery !== 0 && i !== chunks.length - 1) continue;
    const before = performance.now();
    container.replaceChildren(renderMessage(sofar).fragment);
    addTo(quarters, i, performance.now() - before);
    renders++;
  }
  settle(container);
  return { ms: performance.now() - start, renders, quarters };
}

/** One render of the final text. */
function single(): PageRun {
  const container = freshContainer();
  const start = performance.now();
  container.appendChild(renderMessage(text).fragment);
  settle(container);
  return { ms: performance.now() - start, renders: 1, quarters: [] };
}

/** Whether the last run's DOM equals renderFull of the answer. */
function check(): boolean {
  return last !== null && last.innerHTML === renderFull(text);
}

declare global {
  var renderBench: { load: typeof load; incremental: typeof incremental; naive: typeof naive; single: typeof single; check: typeof check };
}
globalThis.renderBench = { load, incremental, naive, single, check };
