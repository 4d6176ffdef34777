// The chat panel's script (src/webview/main.ts, bundled as for the webview) in real chromium, with
// VS Code's webview API replaced by a recorder: what it does with the messages the host posts.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { FromWebview, MessageView, ToWebview } from '../../../src/shared/protocol';

const ROOT = resolve(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';

const STUB = `
  window.__posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => undefined,
    setState: () => undefined,
  });`;

interface PanelWindow {
  __posted: FromWebview[];
}

const answer = (id: string, extra: Partial<MessageView>): MessageView => ({ id, role: 'assistant', text: 'Some text.', createdAt: 2, model: 'claude-sonnet-4-5', ...extra });
const question = (id: string): MessageView => ({ id, role: 'user', text: 'A question', createdAt: 1 });

const init = (messages: MessageView[]): ToWebview => ({
  type: 'init',
  conversationId: 'c1',
  messages,
  history: [],
  model: 'claude-sonnet-4-5',
  models: [{ id: 'claude-sonnet-4-5', label: 'Claude Sonnet 4.5', contextTokens: 200_000, maxOutputTokens: 64_000, retired: false }],
  hasKey: true,
  trust: { restricted: false, bannerDismissed: false },
  thinking: false,
  busy: false,
});

describe('chat panel script in chromium: what it accepts from the host', function () {
  this.timeout(120_000);
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const warnings: string[] = [];
  const errors: string[] = [];

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is needed (apt-get install chromium)`);
    const out = await esbuild.build({ entryPoints: [join(ROOT, 'src', 'webview', 'main.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false });
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    userDataDir = mkdtempSync(join(ROOT, 'test-results', 'chromium-panel-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent('<!doctype html><html><body><div id="app" class="app" aria-busy="true"></div></body></html>');
    await page.addScriptTag({ content: STUB });
    await page.addScriptTag({ content: out.outputFiles[0]?.text ?? '' });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  const send = (m: unknown) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  const posted = () => page.evaluate(() => (window as unknown as PanelWindow).__posted);
  const appHtml = () => page.evaluate(() => document.getElementById('app')?.innerHTML ?? '');

  it('says it is ready, then renders what init carries', async () => {
    assert.deepEqual((await posted())[0], { type: 'ready' });
    await send(init([question('u1'), answer('a1', { status: 'done' })]));
    await page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('aria-busy'));
    assert.equal(await page.locator('.message.assistant').count(), 1);
    assert.deepEqual(errors, []);
  });

  it('drops messages of the wrong shape, with a console warning each, and changes nothing', async () => {
    const before = await appHtml();
    const bad: unknown[] = [
      null,
      'init',
      { type: 'delta', id: 5, text: 'x' },
      { type: 'delta', id: 'a1' },
      { type: 'notice', level: 'fatal', text: 'boom' },
      { type: 'turnEnded', message: { id: 'a1', role: 'assistant' } },
      { type: 'focusComposer', text: 'nothing sends this any more' },
      { type: 'no-such-message' },
    ];
    const warned = warnings.length;
    for (const m of bad) await send(m);
    // Messages are delivered in order: a valid one after them shows they have all been handled.
    await send({ type: 'notice', level: 'info', text: 'after the bad ones' });
    await page.locator('.notice', { hasText: 'after the bad ones' }).waitFor();
    const fresh = warnings.slice(warned);
    assert.equal(fresh.length, bad.length, fresh.join('\n'));
    for (const w of fresh) assert.match(w, /^AIML Claude: ignored a malformed message from the extension: /);
    assert.match(fresh[2] ?? '', /delta: id /);
    await page.locator('.notice', { hasText: 'after the bad ones' }).locator('button').click();
    assert.equal(await appHtml(), before, 'nothing was rendered from them');
    assert.deepEqual(errors, []);
  });

  it('an answer ended by something else says what, and only the user’s Stop reads "Stopped"', async () => {
    await send(
      init([
        question('u1'),
        answer('a1', { status: 'stopped' }),
        question('u2'),
        answer('a2', { status: 'interrupted', interruption: 'newChat' }),
        question('u3'),
        answer('a3', { status: 'interrupted', interruption: 'windowClosed' }),
      ]),
    );
    const status = page.locator('.message.assistant .status');
    await status.nth(2).waitFor();
    assert.deepEqual(
      (await status.allInnerTexts()).map((t) => t.trim()),
      [
        'Stopped — the answer above is partial.',
        'Ended: you started a new chat — the answer above is partial.',
        'Interrupted when the window closed — the answer above is partial.',
      ],
    );
  });

  it('an answer cut off at the output limit offers "Retry with a Larger Output Limit", which asks the host for it', async () => {
    await send(init([question('u1'), answer('a1', { status: 'truncated' })]));
    const button = page.locator('.message.assistant button', { hasText: 'Retry with a Larger Output Limit' });
    await button.waitFor();
    const count = (await posted()).length;
    await button.click();
    await page.waitForFunction((n) => (window as unknown as PanelWindow).__posted.length > n, count);
    assert.deepEqual((await posted()).at(-1), { type: 'errorAction', action: 'retryLonger' });
  });
});
