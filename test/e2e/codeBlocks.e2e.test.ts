import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { openSampleAndSelect, samplePath } from './support/editor';
import { useSharedWorkbench } from './support/session';
import type { Workbench } from './support/workbench';

// An indented code block, then two fenced ones with different code (issue 9): every button must act
// on the block it belongs to, in the panel's numbering and the host's alike.
const INDENTED = 'npm install left-pad\n';
const FIRST = "export const first = 'fenced one';\n";
const SECOND = "console.log('fenced two');\n";
const ANSWER = ['Install the helper first:', '', `    ${INDENTED.trimEnd()}`, '', 'Then pad with it:', '', '```ts', FIRST.trimEnd(), '```', '', 'Or print:', '', '```js', SECOND.trimEnd(), '```', ''].join('\n');

/** The blocks a user looks at, found by the code they show. */
const BLOCKS = [
  { name: 'the first fenced block', code: FIRST, shows: 'fenced one' },
  { name: 'the indented block', code: INDENTED, shows: 'npm install left-pad' },
] as const;

type Action = 'copy' | 'insert' | 'apply' | 'open';

/**
 * Brings the chat view back (opening a file shows the explorer in its place; the panel is then
 * rebuilt from the host's copy of the conversation) and returns the button of the block showing
 * `shows`. The editor keeps its cursor and selection.
 */
async function button(wb: Workbench, shows: string, action: Action) {
  const frame = await wb.openChat();
  await frame.locator('.message.assistant .code-block').nth(2).waitFor({ timeout: 20_000 });
  return frame.locator('.message.assistant .code-block', { hasText: shows }).last().locator(`button[data-action="${action}"]`);
}

/** The text of the active editor as the user sees it (monaco renders spaces as no-break spaces). */
async function activeEditorText(wb: Workbench): Promise<string> {
  const lines = wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

async function saveAndRead(wb: Workbench, expected: string): Promise<string> {
  await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await wb.page.keyboard.press('Control+S');
  const file = samplePath(wb);
  for (let i = 0; i < 100 && fs.readFileSync(file, 'utf8') !== expected; i++) await new Promise((r) => setTimeout(r, 100));
  return fs.readFileSync(file, 'utf8');
}

/** One undo and a save bring the fixture back for the next step. */
async function restore(wb: Workbench, original: string): Promise<void> {
  await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await wb.page.keyboard.press('Control+Z');
  assert.equal(await saveAndRead(wb, original), original, 'one undo restores the file');
}

describe('Code-block buttons act on the block they sit under (indented and fenced blocks)', function () {
  const session = useSharedWorkbench();
  let original: string;

  before(async function () {
    original = fs.readFileSync(samplePath(session.wb), 'utf8');
    session.api.enqueue({ kind: 'text', text: ANSWER, chunkSize: 9, delayMs: 20 });
    const frame = await session.wb.openChat();
    await frame.locator('.composer-input').fill('How do I pad a string?');
    await frame.locator('.composer-input').press('Enter');
    await frame.locator('.message.assistant .usage').last().waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('.message.assistant .code-block').count(), 3, 'three code blocks, each with its buttons');
  });

  beforeEach(async function () {
    await session.wb.page.keyboard.press('Escape');
    await session.wb.runCommand('Notifications: Clear All Notifications');
  });

  for (const block of BLOCKS) {
    it(`Copy under ${block.name} puts exactly its code on the clipboard`, async function () {
      await session.wb.writeClipboard('nothing copied yet');
      await (await button(session.wb, block.shows, 'copy')).click();
      let copied = '';
      for (let i = 0; i < 100 && (copied = await session.wb.readClipboard()) === 'nothing copied yet'; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(copied, block.code);
    });

    it(`Insert at cursor under ${block.name} inserts exactly its code`, async function () {
      await openSampleAndSelect(session.wb, 1, 0);
      await session.wb.page.keyboard.press('Control+Home');
      await (await button(session.wb, block.shows, 'insert')).click();
      assert.equal(await saveAndRead(session.wb, block.code + original), block.code + original);
      await restore(session.wb, original);
    });

    it(`Apply to selection under ${block.name} proposes exactly its code, and Accept writes it`, async function () {
      // Lines 9–11: the greet() function, at column 0 (so the code is not re-indented).
      await openSampleAndSelect(session.wb, 9, 11);
      await (await button(session.wb, block.shows, 'apply')).click();
      const tab = session.wb.page.locator('.tabs-container .tab', { hasText: '(proposal)' });
      await tab.waitFor({ timeout: 15_000 });
      // The editor's own lines, not a view zone's: a diff shown inline (1.139 does so when the
      // editor is narrow) draws the removed lines as a zone inside the modified side, also `.view-lines`.
      const modified = session.wb.page.locator('.monaco-diff-editor .editor.modified .lines-content > .view-lines');
      await modified.locator('.view-line', { hasText: block.shows }).first().waitFor({ timeout: 15_000 });
      assert.ok(!(await modified.innerText()).includes('fenced two'), 'the other fenced block is not proposed');
      const lines = original.split('\n');
      const expected = [...lines.slice(0, 8), ...block.code.replace(/\n$/, '').split('\n'), ...lines.slice(11)].join('\n');
      await session.wb.page.locator('.editor-actions a.action-label[aria-label^="Accept Proposal"]').click();
      await tab.waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(await saveAndRead(session.wb, expected), expected);
      await restore(session.wb, original);
    });

    it(`Open in new editor under ${block.name} opens exactly its code`, async function () {
      await (await button(session.wb, block.shows, 'open')).click();
      const tab = session.wb.page.locator('.tabs-container .tab.active', { hasText: 'Untitled' });
      await tab.waitFor({ timeout: 15_000 });
      let text = '';
      for (let i = 0; i < 50 && (text = await activeEditorText(session.wb)) !== block.code.replace(/\n$/, ''); i++) await new Promise((r) => setTimeout(r, 100));
      // The editor shows the code's lines; its last line break leaves an empty last line.
      assert.equal(text.replace(/\n+$/, ''), block.code.replace(/\n$/, ''));
      await session.wb.runCommand('View: Revert and Close Editor');
      await tab.waitFor({ state: 'detached', timeout: 10_000 });
    });
  }
});
