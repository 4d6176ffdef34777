import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { openSampleAndSelect, samplePath } from './support/editor';
import { useWorkbench } from './support/session';
import type { Workbench } from './support/workbench';

const KEY = 'e2e-refactor-key-3e9a7c5b1d2f';

// test/fixtures/workspace/src/sample.ts, lines 2–6 (1-based) are the body of total().
const ORIGINAL_BODY = [
  '  let sum = 0;',
  '  for (let i = 0; i < items.length; i++) {',
  '    sum = sum + items[i].price * items[i].qty;',
  '  }',
  '  return sum;',
];
/** Two changes: the loop (lines 3–4) and the return (line 6). */
const NEW_BODY = ['  let sum = 0;', '  for (const item of items) {', '    sum += item.price * item.qty;', '  }', '  return Math.round(sum * 100) / 100;'];

function answer(body: string[]): string {
  return `\`\`\`typescript aiml-replacement\n${body.join('\n')}\n\`\`\`\n\nA plain for-of loop reads better than indexing.`;
}

/** The diff editor of a proposal and its editor-title Accept button. */
function proposalDiff(page: Page) {
  return {
    tab: page.locator('.tabs-container .tab', { hasText: '(proposal)' }),
    diff: page.locator('.monaco-diff-editor'),
    accept: page.locator('.editor-actions a.action-label[aria-label^="Accept Proposal"]'),
    reject: page.locator('.editor-actions a.action-label[aria-label^="Reject Proposal"]'),
  };
}

async function pickPreset(wb: Workbench, label: string): Promise<void> {
  await wb.runCommand('AIML Claude: Refactor Selection…');
  const row = wb.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

async function saveAndRead(wb: Workbench, expected: string): Promise<string> {
  await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await wb.page.keyboard.press('Control+S');
  const file = samplePath(wb);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && fs.readFileSync(file, 'utf8') !== expected) await new Promise((r) => setTimeout(r, 100));
  return fs.readFileSync(file, 'utf8');
}

// One workbench, dark then light (switched in place, as a user does): each test puts the file back.
describe('Explain and Refactor in the real workbench', function () {
  const session = useWorkbench('e2e-refactor', { key: KEY, colorScheme: 'dark' });
  let original: string;

  before(async function () {
    original = fs.readFileSync(samplePath(session.wb), 'utf8');
    assert.equal(original.split('\n').slice(1, 6).join('\n'), ORIGINAL_BODY.join('\n'), 'the fixture is as this test expects');
  });

  for (const scheme of ['dark', 'light'] as const) {
    describe(`${scheme} theme`, function () {
      before(async function () {
        if (scheme === 'light') await session.wb.setTheme('Default Light Modern', 'light');
      });

      beforeEach(async function () {
        // Whatever a failed test left open (a menu, a quick pick) must not block the next one, and
        // toasts of earlier tests must not be mistaken for this one's.
        await session.wb.page.keyboard.press('Escape');
        await session.wb.page.keyboard.press('Escape');
        await session.wb.runCommand('Notifications: Clear All Notifications');
      });

      it('palette → Refactor Selection… → a preset → the diff → Accept in the title → saved file holds exactly the change', async function () {
        await openSampleAndSelect(session.wb, 2, 6);
        session.api.enqueue({ kind: 'text', text: answer(NEW_BODY), chunkSize: 12, delayMs: 40 });
        await pickPreset(session.wb, 'Improve readability');
        const { tab, diff, accept } = proposalDiff(session.wb.page);
        await tab.waitFor({ timeout: 15_000 });
        assert.match(await tab.innerText(), /sample\.ts: Improve readability \(proposal\)/);
        await diff.waitFor();
        await accept.waitFor({ timeout: 20_000 });
        // The proposal side shows the new code.
        await diff.locator('.editor.modified .view-lines', { hasText: 'for (const item of items)' }).waitFor();
        await session.wb.notification(/2 changes proposed for sample\.ts, lines 2–6/).waitFor({ timeout: 10_000 });
        const prompt = (session.api.chatRequests.at(-1)?.body as { messages: { content: string }[] }).messages.at(-1)?.content ?? '';
        assert.match(prompt, /Improve the readability of this code/);
        assert.match(prompt, /Rewrite lines 2–6 of `src\/sample\.ts`/);
        await session.wb.screenshot(`refactor-diff-${scheme}`);
        assert.equal(fs.readFileSync(samplePath(session.wb), 'utf8'), original, 'nothing is written before Accept');

        await accept.click();
        await tab.waitFor({ state: 'detached', timeout: 10_000 });
        const expected = original.replace(ORIGINAL_BODY.join('\n'), NEW_BODY.join('\n'));
        assert.equal(await saveAndRead(session.wb, expected), expected);
        // Back to the original for the next test: one undo, then save.
        await session.wb.page.keyboard.press('Control+Z');
        assert.equal(await saveAndRead(session.wb, original), original, 'one undo restores the original');
      });

      it('per-change review: the hint and hover on a change, then Accept from the notification', async function () {
        await openSampleAndSelect(session.wb, 2, 6);
        session.api.enqueue({ kind: 'text', text: answer(NEW_BODY) });
        await pickPreset(session.wb, 'Simplify');
        const { tab, diff } = proposalDiff(session.wb.page);
        await tab.waitFor({ timeout: 15_000 });
        // Hover the second change on the proposal side: its own Accept / Reject links.
        const changed = diff.locator('.editor.modified .view-line', { hasText: 'Math.round' }).first();
        await changed.waitFor({ timeout: 10_000 });
        await changed.locator('span', { hasText: 'return' }).first().hover();
        const hover = session.wb.page.locator('.monaco-hover', { hasText: 'Change 2 of 2' });
        await hover.waitFor({ state: 'visible', timeout: 10_000 });
        await session.wb.screenshot(`refactor-hunks-hover-${scheme}`);
        await session.wb.page.mouse.move(5, 5);
        const toast = session.wb.notification(/2 changes proposed for sample\.ts/).first();
        await toast.waitFor();
        // The progress toast stays up to 800 ms after the answer (VS Code's minimum); let it go.
        await session.wb.notification(/waiting for Claude|so far/).first().waitFor({ state: 'hidden', timeout: 10_000 });
        await session.wb.screenshot(`refactor-notification-${scheme}`);
        await toast.locator('.monaco-button', { hasText: /^Accept$/ }).click();
        await tab.waitFor({ state: 'detached', timeout: 10_000 });
        const expected = original.replace(ORIGINAL_BODY.join('\n'), NEW_BODY.join('\n'));
        assert.equal(await saveAndRead(session.wb, expected), expected);
        await session.wb.page.keyboard.press('Control+Z');
        assert.equal(await saveAndRead(session.wb, original), original);
      });

      it('Explain from the editor context menu streams into the chat panel', async function () {
        await openSampleAndSelect(session.wb, 1, 7);
        // The answer starts a moment after the request: Explain opens the panel, which on a busy
        // machine may still be loading while a quick answer has already ended (nothing to see stream).
        session.api.enqueue({ kind: 'text', text: '`total` adds **price × qty** over the items.\n\n- line 2 starts at zero', chunkSize: 4, delayMs: 30, headersDelayMs: 5000 });
        // Shift+F10 opens the context menu at the cursor, keeping the selection.
        await session.wb.page.keyboard.press('Shift+F10');
        const menu = session.wb.page.locator('.monaco-menu');
        const parent = menu.locator('.action-item', { hasText: 'AIML Claude' }).first();
        await parent.hover();
        const explain = menu.locator('.action-item', { hasText: 'Explain Selection' }).last();
        await explain.waitFor({ state: 'visible', timeout: 10_000 });
        await session.wb.screenshot(`explain-context-menu-${scheme}`);
        // Along the parent item into the submenu, as a hand would: a diagonal path over other items closes it.
        const from = await parent.boundingBox();
        const to = await explain.boundingBox();
        assert.ok(from && to);
        await session.wb.page.mouse.move(to.x + 20, from.y + from.height / 2, { steps: 5 });
        await session.wb.page.mouse.move(to.x + 20, to.y + to.height / 2, { steps: 3 });
        await session.wb.page.mouse.down();
        await session.wb.page.mouse.up();
        const frame = session.wb.chatFrame();
        const user = frame.locator('.message.user').last();
        await user.waitFor({ timeout: 20_000 });
        assert.match(await user.innerText(), /Explain this TypeScript code from `?src\/sample\.ts`?, lines 1–7/);
        const body = frame.locator('.message.assistant .markdown').last();
        const seen = new Set<string>();
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline) {
          const t = await body.innerText().catch(() => '');
          if (t) seen.add(t);
          if (/line 2 starts at zero/.test(t) && (await frame.locator('.message.assistant:not([aria-busy])').count()) > 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.ok(seen.size >= 2, `streamed (${seen.size} states seen)`);
        assert.match(await body.innerText(), /total adds price × qty over the items\./);
        const sent = (session.api.chatRequests.at(-1)?.body as { messages: { content: string }[] }).messages.at(-1)?.content ?? '';
        assert.match(sent, /export function total\(items/);
        await session.wb.screenshot(`explain-chat-${scheme}`);
      });

      it('a chat code block’s "Apply to selection" opens the same proposal diff; Accept writes it', async function () {
        await openSampleAndSelect(session.wb, 10, 10);
        const frame = await session.wb.openChat();
        session.api.enqueue({ kind: 'text', text: "Use a template literal:\n\n```ts\n  return `Hello, ${name}!`;\n```\n" });
        await frame.locator('.composer-input').fill('Shorter greet?');
        await frame.locator('.composer-input').press('Enter');
        const apply = frame.locator('.message.assistant').last().locator('button[data-action="apply"]');
        await apply.waitFor({ timeout: 20_000 });
        await apply.click();
        const { tab, accept, diff } = proposalDiff(session.wb.page);
        await tab.waitFor({ timeout: 15_000 });
        assert.match(await tab.innerText(), /sample\.ts: Apply code from chat \(proposal\)/);
        await diff.locator('.editor.modified .view-lines', { hasText: 'Hello, ${name}' }).waitFor({ timeout: 10_000 });
        await accept.waitFor({ timeout: 10_000 });
        await session.wb.screenshot(`apply-from-chat-${scheme}`);
        await accept.click();
        await tab.waitFor({ state: 'detached', timeout: 10_000 });
        const expected = original.replace("  return 'Hello, ' + name + '!';", '  return `Hello, ${name}!`;');
        assert.equal(await saveAndRead(session.wb, expected), expected);
        await session.wb.page.keyboard.press('Control+Z');
        assert.equal(await saveAndRead(session.wb, original), original, 'one undo restores the original');
      });
    });
  }
});
