import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { useWorkbench } from './support/session';

const KEY = 'e2e-history-key-9a8b7c6d5e4f';

async function openHistory(frame: FrameLocator): Promise<void> {
  if (await frame.locator('.history').isVisible()) return;
  await frame.getByRole('button', { name: 'Conversation history' }).click();
  await frame.locator('.history-search').waitFor({ state: 'visible' });
}

const titles = (frame: FrameLocator) => frame.locator('.history-item .history-title').allInnerTexts();

async function waitForTitles(frame: FrameLocator, expected: string[]): Promise<void> {
  let seen: string[] = [];
  for (let i = 0; i < 200; i++) {
    seen = await titles(frame);
    if (JSON.stringify(seen) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(seen, expected);
}

/** Where the installed extension keeps its conversations in a run's profile. */
function conversationsDir(userDataDir: string): string {
  return path.join(userDataDir, 'User', 'globalStorage', 'aiml-claude.aiml-claude', 'conversations');
}

describe('Conversation history in the chat panel', function () {
  const session = useWorkbench('e2e-history', { key: KEY });

  async function ask(frame: FrameLocator, question: string, answer: string): Promise<void> {
    session.api.enqueue({ kind: 'text', text: answer });
    await frame.locator('.composer-input').fill(question);
    await frame.locator('.composer-input').press('Enter');
    await frame.locator('.message.assistant .markdown', { hasText: answer.slice(0, 20) }).waitFor({ timeout: 30_000 });
    await frame.locator('button.stop').waitFor({ state: 'hidden', timeout: 30_000 });
  }

  it('search finds a conversation by a word of its answer, in any case', async function () {
    const frame = await session.wb.openChat();
    await ask(frame, 'How does the parser split lines?', 'It calls slice(0, -1) on the lines, which drops the last one.');
    await session.wb.runCommand('AIML Claude: New Chat');
    await frame.locator('.message').first().waitFor({ state: 'detached', timeout: 20_000 });
    await ask(frame, 'Rename total to sum_items', 'Renamed it in both files.');
    await openHistory(frame);
    await waitForTitles(frame, ['Rename total to sum_items', 'How does the parser split lines?']);
    await frame.locator('.history-search').pressSequentially('SLICE');
    await waitForTitles(frame, ['How does the parser split lines?']);
    assert.match(await frame.locator('.history-item .history-excerpt').innerText(), /slice\(0, -1\)/);
    await session.wb.screenshot('history-search-dark');
    await frame.locator('.history-search').pressSequentially('xyz');
    await frame.locator('.history-empty', { hasText: 'No conversation mentions “SLICExyz”.' }).waitFor();
    // Escape clears the box first, and the whole list is back.
    await frame.locator('.history-search').press('Escape');
    await waitForTitles(frame, ['Rename total to sum_items', 'How does the parser split lines?']);
    assert.equal(await frame.locator('.history-search').inputValue(), '');
  });

  it('rename from the list: VS Code asks for the name, an empty one is refused', async function () {
    const frame = session.wb.chatFrame();
    await openHistory(frame);
    await frame.getByRole('button', { name: 'Rename “How does the parser split lines?”' }).click();
    const input = session.wb.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await input.inputValue(), 'How does the parser split lines?');
    await input.fill('   ');
    await session.wb.quickInput().getByText('Type a name, or press Escape to keep the old one.').waitFor({ timeout: 10_000 });
    await input.fill('Parser: the last line');
    await input.press('Enter');
    await waitForTitles(frame, ['Rename total to sum_items', 'Parser: the last line']);
  });

  it('delete from the list, then Undo on the notification: the file comes back byte for byte', async function () {
    const frame = session.wb.chatFrame();
    await openHistory(frame);
    const files = fs.readdirSync(conversationsDir(session.wb.run.userDataDir)).filter((n) => n.endsWith('.json'));
    const before = new Map(files.map((f) => [f, fs.readFileSync(path.join(conversationsDir(session.wb.run.userDataDir), f))]));
    assert.equal(before.size, 2);
    await frame.getByRole('button', { name: 'Delete “Parser: the last line”' }).click();
    const toast = session.wb.notification('Deleted “Parser: the last line”.');
    await toast.waitFor({ timeout: 15_000 });
    await waitForTitles(frame, ['Rename total to sum_items']);
    assert.equal(fs.readdirSync(conversationsDir(session.wb.run.userDataDir)).length, 1);
    await session.wb.screenshot('history-deleted-dark');
    await toast.getByRole('button', { name: 'Undo' }).click();
    await waitForTitles(frame, ['Rename total to sum_items', 'Parser: the last line']);
    for (const [f, bytes] of before) assert.ok(fs.readFileSync(path.join(conversationsDir(session.wb.run.userDataDir), f)).equals(bytes), `${f} as it was`);
  });

  it('export from the list through VS Code’s save dialog writes the Markdown', async function () {
    const frame = session.wb.chatFrame();
    await openHistory(frame);
    await frame.getByRole('button', { name: 'Export “Parser: the last line”' }).click();
    // code-server's save dialog is VS Code's simple file dialog: a path in a quick input.
    const input = session.wb.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    // The dialog shows the folder first and the default name a moment later.
    const named = /parser-the-last-line-\d{4}-\d{2}-\d{2}\.md$/;
    for (let i = 0; i < 50 && !named.test(await input.inputValue()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(await input.inputValue(), named);
    const target = path.join(session.wb.run.workspace, 'parser-export.md');
    await input.fill(target);
    // The simple file dialog lists the folder as the path is typed; an Enter that lands while it
    // is still updating is taken by the list, not the dialog. Press again until the dialog closes.
    for (let i = 0; i < 5 && (await input.isVisible()); i++) {
      if ((await input.inputValue()) !== target) await input.fill(target);
      await input.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
    }
    await session.wb.notification('Exported “Parser: the last line” to parser-export.md.').waitFor({ timeout: 15_000 });
    const md = fs.readFileSync(target, 'utf8');
    assert.match(md, /^# Parser: the last line\n\n\*claude-sonnet-4-5 · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · 2 messages\*\n\n## Question\n\nHow does the parser split lines\?\n\n## Answer \(claude-sonnet-4-5\)\n\nIt calls slice\(0, -1\) on the lines, which drops the last one\.\n$/);
  });
});

describe('Conversation history in the light theme, with a damaged file', function () {
  const session = useWorkbench('e2e-history-light', { key: KEY, colorScheme: 'light' });
  const T0 = Date.UTC(2026, 10, 20, 10, 0);
  const conversation = (id: string, title: string, updatedAt: number, answer: string) => ({
    version: 1,
    id,
    title,
    createdAt: updatedAt,
    updatedAt,
    model: 'claude-opus-4-5',
    turns: [
      { id: `${id}-u`, role: 'user', text: title, createdAt: updatedAt },
      { id: `${id}-a`, role: 'assistant', text: answer, status: 'done', createdAt: updatedAt },
    ],
  });

  it('a damaged file is set aside with a warning naming it; search and the list read well in light', async function () {
    // Files as an earlier session left them, one of them cut off mid-write by something else.
    const dir = conversationsDir(session.wb.run.userDataDir);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const write = (id: string, text: string) => fs.writeFileSync(path.join(dir, `${id}.json`), text, { mode: 0o600 });
    write('c0ffee00-0000-4000-8000-00000000f001', JSON.stringify(conversation('c0ffee00-0000-4000-8000-00000000f001', 'Cache the parsed config', T0, 'Memoise loadConfig() with a Map keyed by path.')));
    write('c0ffee00-0000-4000-8000-00000000f002', JSON.stringify(conversation('c0ffee00-0000-4000-8000-00000000f002', 'Why is the build slow?', T0 + 60_000, 'esbuild is fast; the type check is the slow part.')));
    const cut = '{"version":1,"id":"c0ffee00-0000-4000-8000-00000000f003","title":"Half';
    write('c0ffee00-0000-4000-8000-00000000f003', cut);

    const frame = await session.wb.openChat();
    await openHistory(frame);
    await waitForTitles(frame, ['Why is the build slow?', 'Cache the parsed config']);
    const toast = session.wb.notification(/damaged conversation file was set aside as “c0ffee00-0000-4000-8000-00000000f003\.corrupt-\d{8}T\d{9}Z\.json”.*Nothing was deleted\./);
    await toast.waitFor({ timeout: 15_000 });
    await toast.getByRole('button', { name: 'Show Log' }).waitFor();
    const aside = fs.readdirSync(dir).filter((n) => n.includes('.corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(fs.readFileSync(path.join(dir, aside[0] ?? ''), 'utf8'), cut, 'kept as it was');
    await session.wb.screenshot('history-damaged-light');

    await frame.locator('.history-search').pressSequentially('map keyed');
    await waitForTitles(frame, ['Cache the parsed config']);
    assert.equal(await frame.locator('.history-excerpt').innerText(), 'Memoise loadConfig() with a Map keyed by path.');
    await session.wb.screenshot('history-search-light');
    await frame.locator('.history-search').press('Escape');
    await waitForTitles(frame, ['Why is the build slow?', 'Cache the parsed config']);
    await session.wb.screenshot('history-list-light');
  });
});
