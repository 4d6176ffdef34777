import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { screenshotsDir } from '../harness/paths.mjs';
import { useWorkbench } from './support/session';

const KEY = 'e2e-spending-key-4b7d9f1a3c5e';

/** The question the user typed, as the server received it in the last request. */
function lastQuestion(body: unknown): string {
  const messages = (body as { messages?: Array<{ role: string; content: unknown }> }).messages ?? [];
  const last = messages.at(-1);
  return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content);
}

/**
 * What it costs, in the real workbench with the packaged extension: an answer's footer shows
 * prompt, cached, output and reasoning tokens and the reported cost; the toolbar the conversation's
 * running total; the status bar's tooltip today's total. With aimlClaude.spendWarning set low, a
 * conversation that crossed it asks before the next request: Cancel keeps the question and sends
 * nothing, Send sends it, and the request after that does not ask again.
 */
for (const scheme of ['dark', 'light'] as const) {
  describe(`What it costs (${scheme})`, function () {
    const session = useWorkbench(`e2e-spending-${scheme}`, { key: KEY, colorScheme: scheme, settings: { 'aimlClaude.spendWarning': '1000 tokens' } });
    let frame: FrameLocator;

    before(async function () {
      frame = await session.wb.openChat();
    });

    async function ask(question: string): Promise<void> {
      const box = frame.locator('.composer-input');
      await box.click();
      await box.fill(question);
      await box.press('Enter');
    }

    it('the footer: prompt, cached, output, reasoning tokens and the cost; the running total; today in the status bar', async function () {
      session.api.enqueue({
        kind: 'text',
        text: 'A short answer about `total()`.',
        usage: { prompt_tokens: 1240, completion_tokens: 86, total_tokens: 1326, prompt_tokens_details: { cached_tokens: 1024 }, completion_tokens_details: { reasoning_tokens: 31 } },
        meta: { usd_spent: 0.0042 },
      });
      await ask('What does total() do?');
      const answer = frame.locator('.message.assistant').last();
      const usage = answer.locator('.usage');
      await usage.waitFor({ timeout: 30_000 });
      assert.equal(await usage.innerText(), '1,240 tokens in (1,024 cached) · 86 out (31 reasoning) · $0.0042');
      assert.match((await usage.getAttribute('title')) ?? '', /1,024 from the cache.*31 of them reasoning.*1,326 in all; cost \$0\.0042/);
      const spent = frame.locator('.conversation-spent');
      await spent.waitFor({ timeout: 10_000 });
      assert.equal(await spent.innerText(), 'Σ 1.3K tokens · $0.0042');
      assert.match((await spent.getAttribute('title')) ?? '', /^This conversation so far: 1,240 prompt tokens \(1,024 from the cache\), 86 output tokens \(31 of them reasoning\), 1,326 in all; cost \$0\.0042/);
      // The footer on its own, to look at: compact and readable.
      await answer.locator('.message-footer').screenshot({ path: path.join(screenshotsDir, `spending-footer-${scheme}.png`) });
      await session.wb.screenshot(`spending-answer-${scheme}`);

      // Today's total, in the model item's tooltip.
      const item = session.wb.page.locator('.statusbar-item[id*="aimlClaude.model"], .statusbar-item:has(.codicon-sparkle)').first();
      await item.hover();
      const hover = session.wb.page.locator('.monaco-hover, .workbench-hover', { hasText: 'Today:' }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await hover.innerText(), /Today: 1,240 tokens in \(1,024 cached\) · 86 out \(31 reasoning\) · \$0\.0042 \(1,326 tokens\)/);
      await session.wb.page.mouse.move(0, 0);
    });

    if (scheme === 'dark') {
      it('past aimlClaude.spendWarning the next send asks: Cancel keeps the question, Send sends it, once per crossing', async function () {
        const requests = session.api.chatRequests.length;
        await ask('Can it be shorter?');
        const dialog = session.wb.page.locator('.monaco-dialog-box');
        await dialog.waitFor({ state: 'visible', timeout: 20_000 });
        assert.match(await dialog.innerText(), /This conversation has used 1,326 tokens \(warning at 1,000\)\. Send anyway\?/);
        await session.wb.screenshot('spending-warning-dark');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
        await frame.locator('.notices', { hasText: 'Not sent. Your question is still in the box.' }).waitFor({ timeout: 10_000 });
        assert.equal(await frame.locator('.composer-input').inputValue(), 'Can it be shorter?', 'the question stays in the composer');
        assert.equal(session.api.chatRequests.length, requests, 'nothing was sent');
        assert.equal(await frame.locator('.message.user').count(), 1);

        // Sent again from the composer: asked again, and Send goes on.
        session.api.enqueue({ kind: 'text', text: 'Yes: use reduce.', usage: { prompt_tokens: 1400, completion_tokens: 10, total_tokens: 1410 } });
        await frame.locator('.composer-input').press('Enter');
        await dialog.waitFor({ state: 'visible', timeout: 20_000 });
        await dialog.getByRole('button', { name: 'Send' }).click();
        await frame.locator('.message.assistant .markdown', { hasText: 'Yes: use reduce.' }).waitFor({ timeout: 30_000 });
        assert.equal(session.api.chatRequests.length, requests + 1, 'sent once');
        assert.match(lastQuestion(session.api.chatRequests.at(-1)?.body), /Can it be shorter\?/);
        await frame.locator('.conversation-spent', { hasText: 'Σ 2.7K tokens' }).waitFor({ timeout: 10_000 });

        // Once per crossing: the next question goes without asking.
        session.api.enqueue({ kind: 'text', text: 'Done.', usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } });
        await frame.locator('.message.assistant .usage').nth(1).waitFor({ timeout: 10_000 });
        await ask('Thanks.');
        await frame.locator('.message.assistant .markdown', { hasText: 'Done.' }).waitFor({ timeout: 30_000 });
        assert.equal(await dialog.count(), 0, 'no question this time');
        assert.equal(session.api.chatRequests.length, requests + 2);
      });
    }
  });
}
