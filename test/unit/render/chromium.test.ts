// The renderer and the sanitiser in a real browser engine: DOMPurify's behaviour depends on the
// DOM implementation (see xss.test.ts), and the webview is chromium. Without a chromium these
// tests fail, saying how to get one: a skipped security test would pass unnoticed.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumPath } from '../../harness/paths.mjs';
import { markdownDocument, streaming } from './markdownArbitrary';

const ROOT = resolve(__dirname, '..', '..', '..');

/** The chromium the tests drive ($CHROMIUM_PATH, else Debian's), or an error saying how to get one. */
function chromiumOrExplain(path: string = chromiumPath): string {
  if (existsSync(path)) return path;
  throw new Error(
    `No chromium at ${path}: these tests need a real one. Install it (Debian/Ubuntu: apt-get install chromium) ` +
      'or set CHROMIUM_PATH to a chromium or chrome binary.',
  );
}

interface PageApi {
  problems(): Array<{ name: string; how: string; problems: string[] }>;
  stream(text: string, sizes: number[]): string | null;
}

// Runs in the page, bundled with the renderer.
const PAGE_SOURCE = `
  import { IncrementalRenderer, renderFull } from './src/webview/render/incremental';
  import { createEnv, markdownToHtml } from './src/webview/render/markdown';
  import { sanitizeHtml, sanitizeToFragment, serializeNodes } from './src/webview/render/sanitize';
  import { inertnessProblems } from './test/unit/render/xssCheck';
  import { XSS_PAYLOADS } from './test/unit/render/xssPayloads';

  function check(html) { const d = document.createElement('div'); d.innerHTML = html; return inertnessProblems(d); }

  // Stream text in chunks of the given sizes, a frame after each; null if every frame's tail and the
  // final DOM equal a full render, else what differed. onFrame sees the container after each frame.
  function stream(text, sizes, onFrame) {
    const c = document.createElement('div');
    document.body.appendChild(c);
    const queue = [];
    const r = new IncrementalRenderer(c, { scheduler: (cb) => queue.push(cb) });
    let pos = 0;
    try {
      for (let i = 0; pos < text.length; i++) {
        const size = sizes[i % sizes.length];
        r.append(text.slice(pos, pos + size));
        pos += size;
        queue.splice(0).forEach((cb) => cb());
        onFrame?.(c);
        const tail = r.inspectTail();
        if (tail.streaming) continue;
        const env = createEnv(tail.codeBase, false, Object.create(tail.refs));
        const expected = serializeNodes(sanitizeToFragment(markdownToHtml(tail.text, env)));
        const holder = document.createElement('div');
        for (const n of tail.nodes) holder.appendChild(n.cloneNode(true));
        if (holder.innerHTML !== expected) return 'tail after ' + JSON.stringify(text.slice(0, pos)) + ': ' + holder.innerHTML + ' != ' + expected;
      }
      r.finish();
      onFrame?.(c);
      return c.innerHTML === renderFull(text) ? null : 'final DOM differs for ' + JSON.stringify(text);
    } finally {
      c.remove();
    }
  }

  globalThis.renderApi = {
    stream: (text, sizes) => stream(text, sizes),
    problems() {
      const out = [];
      for (const p of XSS_PAYLOADS) {
        out.push({ name: p.name, how: 'raw HTML to the sanitiser', problems: check(sanitizeHtml(p.markdown)) });
        out.push({ name: p.name, how: 'renderFull', problems: check(renderFull(p.markdown)) });
        const seen = [];
        const differs = stream(p.markdown, [1], (c) => seen.push(...inertnessProblems(c)));
        if (differs) seen.push(differs);
        out.push({ name: p.name, how: 'streamed', problems: seen });
      }
      return out.filter((r) => r.problems.length > 0);
    },
  };`;

interface Opened {
  context: BrowserContext;
  page: Page;
  userDataDir: string;
  /** Requests the page made (none expected: nothing may load). */
  requests: string[];
}

async function openPage(): Promise<Opened> {
  const out = await esbuild.build({
    stdin: { contents: PAGE_SOURCE, resolveDir: ROOT, loader: 'ts' },
    bundle: true, format: 'iife', platform: 'browser', write: false,
  });
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const userDataDir = mkdtempSync(join(ROOT, 'test-results', 'chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumOrExplain(),
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith('data:') && req.url() !== 'about:blank') requests.push(req.url());
  });
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: out.outputFiles[0]?.text ?? '' });
  return { context, page, userDataDir, requests };
}

describe('renderer and sanitiser in chromium', function () {
  this.timeout(180_000);
  let opened: Opened | undefined;

  before(async () => {
    opened = await openPage();
  });

  after(async () => {
    await opened?.context.close();
    if (opened) rmSync(opened.userDataDir, { recursive: true, force: true });
  });

  const api = (): Page => {
    if (!opened) throw new Error('no page');
    return opened.page;
  };

  it('every XSS payload is inert: as raw HTML through the sanitiser, rendered whole, and at every frame of a stream', async () => {
    const problems = await api().evaluate(() => (globalThis as unknown as { renderApi: PageApi }).renderApi.problems());
    assert.deepEqual(problems, []);
    assert.equal(await api().evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss), undefined, 'a payload ran script');
    assert.deepEqual(opened?.requests, [], 'a payload made a request');
  });

  it("random documents in random chunks: every frame's tail and the final DOM equal a full render (300 runs)", async () => {
    // The documents and chunkings are generated here, and rendered there.
    const cases = fc.sample(fc.tuple(markdownDocument, streaming), { numRuns: 300, seed: 20240601 });
    for (const [text, how] of cases) {
      const arg: [string, number[]] = [text, [...how.sizes]];
      const problem = await api().evaluate(([t, sizes]) => (globalThis as unknown as { renderApi: PageApi }).renderApi.stream(t, sizes), arg);
      assert.equal(problem, null);
    }
  });
});
