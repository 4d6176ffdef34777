// Drive an IncrementalRenderer the way the chat panel does, with a scheduler the test controls.
import { IncrementalRenderer } from '../../../src/webview/render/incremental';
import { createEnv, markdownToHtml } from '../../../src/webview/render/markdown';
import { sanitizeToFragment, serializeNodes } from '../../../src/webview/render/sanitize';
import { cut, type Streaming } from './markdownArbitrary';

/** A scheduler that runs nothing until the test says so. */
export class ManualScheduler {
  private queue: Array<() => void> = [];
  scheduled = 0;
  readonly schedule = (cb: () => void): void => {
    this.scheduled++;
    this.queue.push(cb);
  };
  get pending(): number {
    return this.queue.length;
  }
  /** Run what is queued: one animation frame. */
  tick(): void {
    const queue = this.queue;
    this.queue = [];
    for (const cb of queue) cb();
  }
}

/** What a full render of the renderer's open tail gives (the reference for its fast paths). */
export function expectedTail(renderer: IncrementalRenderer, doc: Document): string | null {
  const tail = renderer.inspectTail();
  if (tail.streaming) return null;
  const env = createEnv(tail.codeBase, false, Object.create(tail.refs) as typeof tail.refs);
  return serializeNodes(sanitizeToFragment(markdownToHtml(tail.text, env), doc), doc);
}

export function actualTail(renderer: IncrementalRenderer, doc: Document): string {
  const holder = doc.createElement('div');
  for (const node of renderer.inspectTail().nodes) holder.appendChild(node.cloneNode(true));
  return holder.innerHTML;
}

export interface StreamOptions {
  /** After every frame, check the tail's DOM against a full render of the tail. */
  checkTail?: boolean;
}

/** Stream `text` into `container` as `streaming` says, then finish. */
export function stream(text: string, how: Streaming, container: HTMLElement, opts: StreamOptions = {}): IncrementalRenderer {
  const doc = container.ownerDocument;
  const scheduler = new ManualScheduler();
  const renderer = new IncrementalRenderer(container, { scheduler: scheduler.schedule });
  cut(text, how.sizes).forEach((delta, i) => {
    renderer.append(delta);
    if (!how.flushes[i % how.flushes.length]) return;
    scheduler.tick();
    if (!opts.checkTail) return;
    const expected = expectedTail(renderer, doc);
    if (expected !== null && actualTail(renderer, doc) !== expected) {
      throw new Error(`tail after delta ${i} differs from a full render of the tail\n` +
        `tail: ${JSON.stringify(renderer.inspectTail().text)}\nexpected: ${expected}\nactual:   ${actualTail(renderer, doc)}`);
    }
  });
  renderer.finish();
  return renderer;
}
