// Tool steps as a user sees them (issue 10): an answer that looks around the workspace in two
// rounds (read, then search) shows each step in the panel — running, then done with its summary —,
// then the answer; a step's button opens the file at its line; a window reload brings the steps and
// the answer back. In Restricted Mode no tools are offered at all.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { toolCallScript } from '../support/fakeToolScripts';
import { useWorkbench, type Session } from './support/session';

const KEY = 'e2e-tools-key-9c2a7e5b3d1f';
const ANSWER = 'total() adds price times quantity over the items; it is called nowhere else.';

interface WireBody {
  tools?: Array<{ function: { name: string } }>;
  messages: Array<{ role: string; content: string | null; tool_call_id?: string }>;
}

/** The panel's own document, to watch its DOM change. */
async function panelFrame(session: Session): Promise<Frame> {
  for (const f of session.wb.page.frames()) if (await f.locator('.composer-input').count().catch(() => 0)) return f;
  throw new Error('the chat panel’s document is not among the page’s frames');
}

describe('Tool steps in the chat panel', function () {
  const session = useWorkbench('e2e-tool-steps', { key: KEY });

  it('two tool rounds: both steps running then done, the answer, "open" goes to the line; a reload keeps them', async function () {
    session.api.enqueue(toolCallScript([{ name: 'read_file', arguments: { path: 'src/sample.ts', start_line: 2, end_line: 6 } }], { text: 'Reading the function.' }));
    session.api.enqueue(toolCallScript([{ name: 'search_text', arguments: { query: 'total(', glob: 'src/**' } }], { text: 'Looking for its callers.' }));
    session.api.enqueue({ kind: 'text', text: ANSWER });
    const frame = await session.wb.openChat();

    // Every step row the panel draws, in order, as it is drawn: running rows, then their done rows.
    const panel = await panelFrame(session);
    await panel.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __steps: string[] }).__steps = seen;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) {
            if (n instanceof HTMLElement && n.classList.contains('tool-step')) seen.push(`${n.className.replace('tool-step ', '')}|${n.querySelector('.tool-step-text')?.textContent ?? ''}`);
          }
        }
      }).observe(document.body, { childList: true, subtree: true });
    });

    await frame.locator('.composer-input').fill('What does total() do, and who calls it?');
    await frame.locator('.composer-input').press('Enter');
    const message = frame.locator('.message.assistant').last();
    await message.locator('.markdown', { hasText: 'it is called nowhere else' }).waitFor({ timeout: 60_000 });

    const drawn = await panel.evaluate(() => (window as unknown as { __steps: string[] }).__steps);
    // (When the answer ends, the panel draws the finished message once more: done rows only.)
    const states = drawn.map((d) => d.replace(/\|.*/, ''));
    assert.deepEqual(states.slice(0, 4), ['tool-step-running', 'tool-step-done', 'tool-step-running', 'tool-step-done'], `each step shows running, then done: ${drawn.join(' / ')}`);
    assert.ok(
      states.slice(4).every((s) => s === 'tool-step-done'),
      `nothing runs after the steps ended: ${drawn.join(' / ')}`,
    );
    assert.equal(drawn[0], 'tool-step-running|Reading src/sample.ts…');
    assert.match(drawn[1] ?? '', /^tool-step-done\|Read src\/sample\.ts/);
    assert.equal(drawn[2], 'tool-step-running|Searching total( in src/**…');
    assert.equal(drawn[3], 'tool-step-done|Searched total( in src/** — 1 match');

    const steps = message.locator('.tool-step');
    assert.equal(await steps.count(), 2);
    const summaries = await steps.locator('.tool-step-text').allInnerTexts();
    assert.match(summaries[0] ?? '', /^Read src\/sample\.ts/);
    assert.equal(await steps.first().locator('.tool-step-text code').first().innerText(), 'src/sample.ts', 'the path is shown as code');
    assert.equal(await message.locator('.tool-step-done').count(), 2);
    assert.equal(await message.locator('.tool-step-running').count(), 0);

    // What went back to the model: the file's lines, then the search's matches.
    const bodies = session.api.chatRequests.slice(-3).map((r) => r.body as WireBody);
    assert.ok(bodies[0]?.tools?.some((t) => t.function.name === 'read_file'), 'the tools were offered');
    const results = (b: WireBody | undefined): string => (b?.messages ?? []).filter((m) => m.role === 'tool').map((m) => m.content ?? '').join('\n');
    assert.match(results(bodies[1]), /sum = sum \+ items\[i\]\.price \* items\[i\]\.qty;/);
    assert.match(results(bodies[2]), /src\/sample\.ts:1: export function total\(/);
    await message.scrollIntoViewIfNeeded();
    await session.wb.screenshot('tool-steps-dark');

    // The read step's button opens the file at the line it read from.
    const open = steps.first().locator('.tool-step-open');
    assert.equal(await open.getAttribute('title'), 'Open src/sample.ts at line 2');
    await open.click();
    await session.wb.page.locator('.tabs-container .tab.active', { hasText: 'sample.ts' }).waitFor({ timeout: 15_000 });
    await session.wb.page.locator('.statusbar-item', { hasText: /Ln 2, Col 1/ }).first().waitFor({ timeout: 15_000 });

    // A window reload: the host sends the conversation back, steps and answer included. The host
    // saves the conversation as the answer ends; wait until that save is on disk, so the reload
    // tests what was saved, not how fast the save was.
    const dir = path.join(session.wb.run.userDataDir, 'User', 'globalStorage', 'aiml-claude.aiml-claude', 'conversations');
    const saved = (): boolean =>
      fs.existsSync(dir) && fs.readdirSync(dir).some((n) => n.endsWith('.json') && fs.readFileSync(path.join(dir, n), 'utf8').includes('it is called nowhere else'));
    for (let i = 0; i < 100 && !saved(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(saved(), 'the conversation, answer included, is saved before the reload');
    await session.wb.page.reload();
    await session.wb.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const again = await session.wb.openChat();
    const reloaded = again.locator('.message.assistant').last();
    await reloaded.locator('.markdown', { hasText: 'it is called nowhere else' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await reloaded.locator('.tool-step .tool-step-text').allInnerTexts(), summaries);
    assert.equal(await reloaded.locator('.tool-step-done').count(), 2);
  });
});

describe('Tool steps: Restricted Mode offers no tools', function () {
  const session = useWorkbench('e2e-tool-steps-restricted', { key: KEY, restrictedMode: true });

  it('the request carries no tools, and the answer comes without steps', async function () {
    session.api.enqueue({ kind: 'text', text: 'An answer without looking around.' });
    const frame = await session.wb.openChat();
    await frame.locator('.composer-input').fill('What is in this folder?');
    await frame.locator('.composer-input').press('Enter');
    const message = frame.locator('.message.assistant').last();
    await message.locator('.markdown', { hasText: 'without looking around' }).waitFor({ timeout: 60_000 });
    const body = session.api.chatRequests.at(-1)?.body as WireBody & Record<string, unknown>;
    assert.ok(body, 'the question reached the server');
    assert.equal('tools' in body, false, 'no tools are offered in Restricted Mode');
    assert.equal(await message.locator('.tool-step').count(), 0);
  });
});
