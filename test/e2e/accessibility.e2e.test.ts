// The panel for keyboard and screen reader users, in the real workbench: what the live region says
// while an answer streams and when it ends (never each token), Open Answer in Editor from the
// answer's button (reached with the keyboard) and from the palette, and a Tab walk through the
// panel that reaches every control in order, each with a visible focus ring.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { useSharedWorkbench } from './support/session';

const ANSWER = 'The function adds the prices of the items. It then rounds the sum to cents.\n\n```ts\nexport const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n```\n';

/** What has focus in the panel, as a short description ("button Send", "textarea …"). */
function focused(frame: FrameLocator): Promise<{ what: string; ring: boolean; inPanel: boolean }> {
  return frame.locator('body').evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { what: 'body', ring: false, inPanel: false };
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none' || el.matches('.input-wrap :focus');
    const name = el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? el.textContent?.trim().slice(0, 40) ?? '';
    return { what: `${el.tagName.toLowerCase()} ${name}`.trim(), ring, inPanel: true };
  });
}

describe('Accessibility of the chat panel', function () {
  const session = useSharedWorkbench();

  it('the live region says the answer started, not each token, then how it ended with its first sentence', async function () {
    const frame = await session.wb.openChat();
    // Slow enough (about 5 s) to sample the live region several times while the text grows.
    session.api.enqueue({ kind: 'text', text: ANSWER, chunkSize: 4, delayMs: 120 });
    await frame.locator('.composer-input').fill('What does total do?');
    // The composer's token estimate follows the typing silently (it is live only when over the limit).
    await frame.locator('.estimate', { hasText: 'tokens' }).waitFor({ timeout: 10_000 });
    assert.equal(await frame.locator('.estimate').getAttribute('aria-live'), 'off');
    await frame.locator('.composer-input').press('Enter');
    const region = frame.locator('.answer-announcer');
    const body = frame.locator('.message.assistant .markdown').last();
    const streaming = frame.locator('.message.assistant[aria-busy="true"]');
    await body.getByText('The function').waitFor({ timeout: 30_000 });
    const samples: string[] = [];
    const lengths: number[] = [];
    // Only samples taken while the answer is still streaming count.
    for (let i = 0; i < 8; i++) {
      const text = await region.innerText();
      const length = (await body.innerText()).length;
      if (!(await streaming.count())) break;
      samples.push(text);
      lengths.push(length);
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.ok(samples.length >= 3, `sampled ${samples.length} times while streaming`);
    assert.ok(lengths.at(-1)! > lengths[0]!, `the answer grew while sampled: ${lengths.join(', ')}`);
    assert.deepEqual([...new Set(samples)], ['Claude is answering…'], 'the live region did not follow the tokens');
    await frame.locator('.message.assistant .usage').last().waitFor({ timeout: 30_000 });
    assert.equal(await region.innerText(), 'Claude answered: The function adds the prices of the items.');
    // The region is a polite, atomic status; the answer body and the conversation are not live.
    assert.deepEqual(await region.evaluate((el) => [el.getAttribute('role'), el.getAttribute('aria-live'), el.getAttribute('aria-atomic')]), ['status', 'polite', 'true']);
    assert.equal(await body.getAttribute('aria-live'), null);
    assert.equal(await frame.locator('.messages').getAttribute('aria-live'), 'off');
    // Visually hidden, still in the accessibility tree.
    const box = await region.boundingBox();
    assert.ok(box && box.width <= 1 && box.height <= 1, JSON.stringify(box));
  });

  it('Open Answer in Editor: the answer’s button reached with Shift+Tab and Enter, then the palette; the editor is read-only', async function () {
    const frame = session.wb.chatFrame();
    const { page } = session.wb;
    await frame.locator('.composer-input').focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Shift+Tab');
      reached = (await focused(frame)).what === 'button Open answer 1 in an editor';
    }
    assert.ok(reached, 'Shift+Tab from the composer reaches the answer’s Open in editor button');
    await page.keyboard.press('Enter');
    const tab = page.locator('.tabs-container .tab', { hasText: 'Answer 1.md' });
    await tab.waitFor({ timeout: 15_000 });
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'The function adds the prices' }).waitFor({ timeout: 15_000 });
    // Monaco draws spaces as no-break spaces, and may wrap long lines.
    const before = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    assert.match(before.replace(/\s+/g, ' '), /It then rounds the sum to cents\./);
    assert.match(before, /export const total/);
    await editor.locator('.view-lines').click();
    await page.keyboard.type('typed');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' '), before, 'typing into the answer changes nothing');
    assert.equal(await tab.locator('.codicon-lock, .codicon-lock-small').count() + (await page.locator('.monaco-editor-overlaymessage, .monaco-hover', { hasText: /read-only/i }).count()) > 0, true, 'VS Code shows the editor as read-only');

    session.api.enqueue({ kind: 'text', text: 'A second, shorter answer.' });
    await frame.locator('.composer-input').fill('Shorter?');
    await frame.locator('.composer-input').press('Enter');
    await frame.locator('.message.assistant .usage').nth(1).waitFor({ timeout: 30_000 });
    await session.wb.runCommand('AIML Claude: Open Answer in Editor');
    await page.locator('.tabs-container .tab.active', { hasText: 'Answer 2.md' }).waitFor({ timeout: 15_000 });
    await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'A second, shorter answer.' }).first().waitFor();
  });

  it('Tab walks every control of the panel in order, each with a visible focus ring', async function () {
    const { page } = session.wb;
    const frame = await session.wb.openChat();
    // Every control a keyboard user should reach, in document order.
    const expected = await frame.locator('body').evaluate(() => {
      const sel = 'button, select, textarea, input, summary, a[href], [tabindex]:not([tabindex="-1"])';
      // Chromium also puts a scrolled box without controls of its own (a wide code block's <pre>)
      // in the Tab order, so that it can be scrolled from the keyboard.
      return [...document.querySelectorAll<HTMLElement>('*')]
        .filter((el) => el.matches(sel) || (/(auto|scroll)/.test(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth && !el.querySelector(sel)))
        .filter((el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => `${el.tagName.toLowerCase()} ${(el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? el.textContent?.trim().slice(0, 40) ?? '').trim()}`.trim());
    });
    assert.ok(expected.length >= 12, expected.join(' | '));
    // No positive tabindex: the order is the document's.
    assert.equal(await frame.locator('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').count(), 0);

    const walk: string[] = [];
    const noRing: string[] = [];
    // Focus on the first control, put there by the keyboard (Tab away and back), then Tab by Tab
    // until focus leaves the panel.
    await frame.locator('body').evaluate(() => document.querySelector<HTMLElement>('button, select, textarea, input, summary, [tabindex="0"]')?.focus());
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < expected.length + 5; i++) {
      const f = await focused(frame);
      if (!f.inPanel) break;
      walk.push(f.what);
      if (!f.ring) noRing.push(f.what);
      await page.keyboard.press('Tab');
    }
    assert.deepEqual(walk.slice(0, expected.length), expected, 'Tab reaches every control in document order');
    assert.deepEqual(noRing, [], 'every focused control shows a focus ring');
    await session.wb.screenshot('a11y-keyboard-walk');
  });
});
