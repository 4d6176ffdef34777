// The renderer and the sanitiser in a real browser engine: DOMPurify's behaviour depends on the
// DOM implementation (see xss.test.ts), and the webview is chromium.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = resolve(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';

interface PageApi {
  problems(): Array<{ name: string; how: string; problems: string[] }>;
}

describe('renderer and sanitiser in chromium', function () {
  this.timeout(120_000);
  let context: BrowserContext | undefined;
  let page: Page;
  let userDataDir = '';
  const requests: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const out = await esbuild.build({
      stdin: {
        contents: `
          import { IncrementalRenderer, renderFull } from './src/webview/render/incremental';
          import { sanitizeHtml } from './src/webview/render/sanitize';
          import { inertnessProblems } from './test/unit/render/xssCheck';
          import { XSS_PAYLOADS } from './test/unit/render/xssPayloads';
          function check(html) { const d = document.createElement('div'); d.innerHTML = html; return inertnessProblems(d); }
          globalThis.renderApi = {
            problems() {
              const out = [];
              for (const p of XSS_PAYLOADS) {
                out.push({ name: p.name, how: 'raw HTML to the sanitiser', problems: check(sanitizeHtml(p.markdown)) });
                out.push({ name: p.name, how: 'renderFull', problems: check(renderFull(p.markdown)) });
                const c = document.createElement('div');
                document.body.appendChild(c);
                const queue = [];
                const r = new IncrementalRenderer(c, { scheduler: (cb) => queue.push(cb) });
                const seen = [];
                for (const ch of p.markdown) { r.append(ch); queue.splice(0).forEach((cb) => cb()); seen.push(...inertnessProblems(c)); }
                r.finish();
                seen.push(...inertnessProblems(c));
                if (c.innerHTML !== renderFull(p.markdown)) seen.push('streamed DOM differs from renderFull');
                out.push({ name: p.name, how: 'streamed', problems: seen });
                c.remove();
              }
              return out.filter((r) => r.problems.length > 0);
            },
          };`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true, format: 'iife', platform: 'browser', write: false,
    });
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    userDataDir = mkdtempSync(join(ROOT, 'test-results', 'chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    // Any request leaving the page (an image, a script, a stylesheet) fails the test.
    page.on('request', (req) => {
      if (!req.url().startsWith('data:') && req.url() !== 'about:blank') requests.push(req.url());
    });
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: out.outputFiles[0]?.text ?? '' });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('every XSS payload is inert: as raw HTML through the sanitiser, rendered whole, and at every frame of a stream', async () => {
    const problems = await page.evaluate(() => (globalThis as unknown as { renderApi: PageApi }).renderApi.problems());
    assert.deepEqual(problems, []);
    const canary = await page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss);
    assert.equal(canary, undefined, 'a payload ran script');
    assert.deepEqual(requests, [], 'a payload made a request');
  });
});
