// The workbench in another display language: German. code-server starts with `--locale de` and a
// fixture language pack (test/fixtures/langpack-de/, no translations of its own) so that
// `vscode.env.language` is "de"; VS Code's own menus stay English, ours come from
// package.nls.de.json (and the runtime strings from l10n/bundle.l10n.de.json). The expected titles
// are read from those files, so a changed translation does not break the test, a missing one does.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../harness/paths.mjs';
import { useWorkbench } from './support/session';
import type { Workbench } from './support/workbench';

const nls = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
const de = nls('package.nls.de.json');
const en = nls('package.nls.json');
/** The category stays as it is in every language (package.json names it, not an nls key). */
const CATEGORY = 'AIML Claude';

/** The German title of a command from package.nls.de.json, checked to differ from the English one. */
function germanTitle(key: string): string {
  const title = de[key];
  assert.ok(title, `package.nls.de.json has ${key}`);
  assert.notEqual(title, en[key], `${key} is translated`);
  return title;
}

/** Opens the palette on `query` and returns the main labels of the rows it lists. */
async function paletteLabels(wb: Workbench, query: string, expected: string): Promise<string[]> {
  await wb.openPalette(query, expected);
  const rows = wb.quickInput().locator('.quick-input-list .monaco-list-row');
  // Each row shows its title first; a translated command also shows its English title below it.
  return rows.evaluateAll((els) => els.map((el) => el.querySelector('.label-name')?.textContent?.trim() ?? ''));
}

describe('The workbench in German (locale "de")', function () {
  const session = useWorkbench('e2e-locale-de', { key: false, locale: 'de' });

  it('starts the extension host in German: vscode.env.language is "de"', function () {
    const languages = session.wb.extensionHostLanguages();
    assert.ok(languages.length > 0, 'an extension host is running');
    assert.deepEqual([...new Set(languages)], ['de']);
  });

  it('the command palette lists our commands by their German titles, under the unchanged category', async function () {
    const { wb } = session;
    for (const key of ['command.openChat.title', 'command.setApiKey.title', 'command.selectModel.title', 'command.explainSelection.title']) {
      const title = `${CATEGORY}: ${germanTitle(key)}`;
      const labels = await paletteLabels(wb, title, title);
      assert.ok(labels.includes(title), `"${title}" is listed: ${labels.join(' | ')}`);
      assert.ok(!labels.includes(`${CATEGORY}: ${en[key]}`), `no row is titled in English: ${labels.join(' | ')}`);
      await wb.page.keyboard.press('Escape');
    }
  });

  it('"Chat öffnen" opens the chat view, titled and with its title actions in German', async function () {
    const { wb } = session;
    await wb.runCommand(`${CATEGORY}: ${germanTitle('command.openChat.title')}`);
    await wb.chatFrame().locator('.composer-input').waitFor({ state: 'visible', timeout: 30_000 });
    // The only view of its container: the side bar's title is "<container>: <view name>".
    const sidebar = wb.page.locator('[id="workbench.parts.sidebar"]');
    const heading = sidebar.locator('.composite.title .title-label h2');
    assert.equal((await heading.textContent())?.trim(), `${CATEGORY}: ${de['view.chat.name']}`);
    const actions = await sidebar
      .locator('.composite.title .title-actions .action-label')
      .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
    for (const key of ['command.newChat.title', 'command.selectModel.title']) {
      assert.ok(actions.includes(germanTitle(key)), `title action "${de[key]}" in ${actions.join(' | ')}`);
    }
    // The panel with the palette over it, listing our commands in German (the rows in view: the
    // list renders only those; the one just run comes first, then the rest alphabetically).
    const openChat = `${CATEGORY}: ${de['command.openChat.title']}`;
    const labels = await paletteLabels(wb, `${CATEGORY}: `, openChat);
    for (const title of [openChat, `${CATEGORY}: ${de['command.setApiKey.title']}`]) {
      assert.ok(labels.includes(title), `"${title}" in ${labels.join(' | ')}`);
    }
    await wb.screenshot('locale-de-panel');
    await wb.page.keyboard.press('Escape');
  });

  it('a command’s error comes in German (vscode.l10n.t with l10n/bundle.l10n.de.json)', async function () {
    const { wb } = session;
    // VS Code's own command: its menus stay English, the pack translates nothing of VS Code.
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand(`${CATEGORY}: ${germanTitle('command.explainSelection.title')}`);
    const message = germanMessage('Open a file and select the code to explain first.');
    await wb.notification(message).first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('locale-de-notification');
  });

  it('the chat panel speaks German: its texts, and the host’s answer to a question sent without a key', async function () {
    const { wb } = session;
    await wb.runCommand(`${CATEGORY}: ${germanTitle('command.openChat.title')}`);
    const frame = wb.chatFrame();
    const input = frame.locator('.composer-input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await frame.locator('html').getAttribute('lang'), 'de');
    assert.equal(await input.getAttribute('placeholder'), germanMessage('Ask Claude about your code…  (@selection, @file, @symbol, @problems, @changes)'));
    assert.equal(await frame.locator('button.send').getAttribute('aria-label'), germanMessage('Send'));
    await input.fill('Was macht diese Funktion?');
    await input.press('Enter');
    // The chat session's sentence comes from src/host through the core's tr.
    await frame.locator('.notice', { hasText: germanMessage('Set your AI/ML API key first; your question stays in the box.') }).waitFor({ timeout: 15_000 });
    assert.equal(await input.inputValue(), 'Was macht diese Funktion?', 'the question stays in the box');
    await wb.screenshot('locale-de-chat');
  });
});

/** A run-time message in German from l10n/bundle.l10n.de.json, checked to be translated. */
function germanMessage(english: string): string {
  const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<string, string>;
  const german = bundle[english];
  assert.ok(german, `l10n/bundle.l10n.de.json translates "${english}"`);
  assert.notEqual(german, english, `"${english}" is translated`);
  return german;
}
