import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { LoopbackProxy } from '../support/loopbackProxy';
import { useWorkbench } from './support/session';
import type { Workbench } from './support/workbench';

const KEY = 'e2e-settings-key-8c2f4a6b1d3e';
/** One paragraph, so that the panel's text of the finished answer is exactly this. */
const ANSWER = Array.from({ length: 40 }, (_, i) => `Part ${i} of an answer that is still being written.`).join(' ');

/**
 * Settings changed while an answer streams never end it: the model through the panel's picker,
 * `aimlClaude.temperature` and `http.proxy` through the Settings editor. Each answer is held open
 * by the fake server (a gate) while the setting changes, then finishes; it must arrive whole, not
 * marked Stopped, with no connection closed by the client; the next question uses the new setting.
 */
describe('Settings changed mid-answer', function () {
  // The harness gives code-server NO_PROXY=127.0.0.1; a listed http.noProxy takes its place, so
  // the loopback fake server is reached through http.proxy once that is set.
  const session = useWorkbench('e2e-settings-mid-answer', { key: KEY, settings: { 'http.noProxy': ['nothing.invalid'] } });
  let proxy: LoopbackProxy;
  let frame: FrameLocator;

  before(async function () {
    proxy = await LoopbackProxy.start();
    frame = await session.wb.openChat();
  });
  after(async function () {
    await proxy?.stop();
  });

  /** Asks a question whose answer the server holds at `gate` after its first parts. */
  async function askHeld(question: string, gate: string): Promise<Locator> {
    session.api.enqueue({ kind: 'text', text: ANSWER, chunkSize: 12, delayMs: 30, hold: { after: 4, until: gate } });
    const n = await frame.locator('.message.assistant').count();
    await typeQuestion(question);
    const answer = frame.locator('.message.assistant').nth(n);
    await answer.locator('.markdown', { hasText: 'Part 0' }).waitFor({ timeout: 30_000 });
    await until(`the server to hold the answer at ${gate}`, () => session.api.held.includes(gate));
    assert.equal(await answer.getAttribute('aria-busy'), 'true', 'the answer is still streaming');
    return answer;
  }

  /** Lets the held answer go on; it must end complete, unmarked, with no client close. */
  async function expectFinishedWhole(answer: Locator, gate: string, closesBefore: number): Promise<void> {
    assert.equal(await answer.getAttribute('aria-busy'), 'true', 'still streaming when the setting changed');
    session.api.release(gate);
    await answer.and(frame.locator('.message.assistant:not([aria-busy])')).waitFor({ timeout: 60_000 });
    assert.equal(await answer.locator('.markdown').innerText(), ANSWER);
    assert.equal(await answer.locator('.status-stopped').count(), 0, 'not marked Stopped');
    assert.equal(await answer.locator('.error-box').count(), 0, 'no error');
    await answer.locator('.usage').waitFor();
    assert.equal(session.api.clientCloses, closesBefore, 'the server saw no client close');
  }

  /** Asks an ordinary question and waits for its answer to end. */
  async function askNext(question: string): Promise<Locator> {
    const n = await frame.locator('.message.assistant').count();
    await typeQuestion(question);
    const answer = frame.locator('.message.assistant').nth(n);
    await answer.locator('.usage').waitFor({ timeout: 30_000 });
    return answer;
  }

  /** Clicks into the composer first: focus may still be in the Settings editor's input. */
  async function typeQuestion(question: string): Promise<void> {
    const box = frame.locator('.composer-input');
    await box.click();
    await box.fill(question);
    await box.press('Enter');
  }

  function lastChatBody(): { model?: unknown; temperature?: unknown } {
    return (session.api.chatRequests.at(-1)?.body ?? {}) as { model?: unknown; temperature?: unknown };
  }

  it('the model, picked in the panel mid-answer: the answer finishes; the next question uses the new model', async function () {
    const closes = session.api.clientCloses;
    const answer = await askHeld('Tell me a long story.', 'model');
    await frame.locator('.model-select').selectOption('claude-opus-4-5');
    // The status bar follows the extension's configuration: the host has taken the change.
    await session.wb.page.locator('.statusbar-item', { hasText: 'Opus 4.5' }).first().waitFor({ timeout: 20_000 });
    await session.wb.screenshot('settings-model-mid-answer-dark');
    await expectFinishedWhole(answer, 'model', closes);
    assert.equal(lastChatBody().model, 'claude-sonnet-4-5', 'the held answer was asked of the old model');

    const next = await askNext('And now?');
    assert.equal(await next.locator('.markdown').innerText(), 'You asked: And now?');
    assert.equal(lastChatBody().model, 'claude-opus-4-5');
  });

  it('aimlClaude.temperature, changed in the Settings editor mid-answer: the answer finishes; the next question sends it', async function () {
    const closes = session.api.clientCloses;
    const answer = await askHeld('Another long one, please.', 'temperature');
    await setInSettingsEditor(session.wb, 'aimlClaude.temperature', '0.7', /"aimlClaude\.temperature":\s*0\.7\s*[,}]/);
    await expectFinishedWhole(answer, 'temperature', closes);
    assert.equal(lastChatBody().temperature, 0.2, 'the held answer was asked with the old temperature');

    await askNext('Warmer now?');
    assert.equal(lastChatBody().temperature, 0.7);
  });

  it('http.proxy, set to a loopback proxy mid-answer: the answer finishes; the next question goes through the proxy', async function () {
    const closes = session.api.clientCloses;
    const answer = await askHeld('One more long answer.', 'proxy');
    await setInSettingsEditor(session.wb, 'http.proxy', proxy.url, new RegExp(`"http\\.proxy":\\s*"${proxy.url.replace(/[.]/g, '\\.')}"`));
    await expectFinishedWhole(answer, 'proxy', closes);
    assert.deepEqual(proxy.forwarded, [], 'the answer in flight kept its direct connection');

    const next = await askNext('Through the proxy?');
    assert.equal(await next.locator('.markdown').innerText(), 'You asked: Through the proxy?');
    // Typing the question warms the connection through the proxy: only the keyless model list
    // may go before the question.
    assert.deepEqual(
      proxy.forwarded.filter((u) => u !== `${session.api.url}/models`),
      [`${session.api.url}/chat/completions`],
    );
  });
});

/**
 * Opens the Settings editor, finds the setting by id, types the value as a user does, waits until
 * the editor has written it to the user settings file (it does so debounced), and closes it.
 */
async function setInSettingsEditor(wb: Workbench, id: string, value: string, written: RegExp): Promise<void> {
  const { page } = wb;
  await wb.runCommand('Preferences: Open Settings (UI)');
  const editor = page.locator('.settings-editor');
  await editor.waitFor({ timeout: 20_000 });
  const search = editor.locator('.settings-header .suggest-input-container .monaco-editor').first();
  await search.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(`@id:${id}`);
  // The row of this very setting (the editor names it by data-key), not the first row shown: the
  // search runs as the id is typed, and a row of a partial match may be rendered for a moment.
  const row = editor.locator(`.settings-tree-container .setting-item-contents[data-key="${id}"]`);
  await row.waitFor({ timeout: 20_000 });
  const input = row.locator('.setting-item-control input').first();
  const file = path.join(wb.run.userDataDir, 'User', 'settings.json');
  // A search that finishes after the row appeared renders it again, with the old value: type again.
  for (let attempt = 1; ; attempt++) {
    await input.fill(value);
    await input.press('Tab');
    try {
      await until(`settings.json to match ${written}`, () => written.test(fs.readFileSync(file, 'utf8')), 5_000);
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  await wb.screenshot(`settings-${id}-mid-answer-dark`);
  await wb.runCommand('View: Close Editor');
  await editor.waitFor({ state: 'hidden', timeout: 20_000 });
}

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
