import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { openSampleAndSelect } from './support/editor';
import { useWorkbench } from './support/session';

describe('First run: no key stored yet', function () {
  const session = useWorkbench('e2e-first-run', { key: false });

  it('activation loads only the start-up bundle; the rest loads by itself soon after, with nothing clicked', async function () {
    // Workbench.start waited for the status bar item, which the rest of the extension (dist/main.js)
    // makes: loaded here by the deferred start, since nothing was clicked yet.
    const log = session.wb
      .logFiles()
      .filter((f) => f.endsWith('AIML Claude.log'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const activated = log.indexOf('activated in ');
    const loaded = log.indexOf('loaded for the deferred start in ');
    assert.ok(activated >= 0, `the log says the extension activated:\n${log}`);
    assert.ok(loaded > activated, `the log says the rest loaded by the deferred start, after activation:\n${log}`);
    assert.doesNotMatch(log, /loaded for the (command|chat view)/);
  });

  it('shows the getting-started walkthrough with its five steps', async function () {
    await session.wb.runCommand('AIML Claude: Get Started');
    const page = session.wb.page.locator('.gettingStartedContainer');
    await page.getByText('Get started with AIML Claude').first().waitFor({ timeout: 20_000 });
    for (const step of ['Set your API key', 'Choose a model', 'Try Explain', 'Try Refactor', 'Open the chat']) {
      await page.getByText(step, { exact: true }).first().waitFor({ timeout: 10_000 });
    }
    await session.wb.screenshot('walkthrough-dark');
  });

  it('the chat panel offers "Set API Key" in its empty state', async function () {
    const frame = await session.wb.openChat();
    const button = frame.locator('.empty').getByRole('button', { name: 'Set API Key' });
    await button.waitFor({ timeout: 10_000 });
    await session.wb.screenshot('chat-empty-no-key-dark');
  });

  it('a chat question without a key leads to the key prompt and stays in the box', async function () {
    const frame = session.wb.chatFrame();
    await frame.locator('.composer-input').fill('Hello, Claude');
    await frame.locator('.composer-input').press('Enter');
    const input = session.wb.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await input.getAttribute('type'), 'password');
    await session.wb.page.keyboard.press('Escape');
    assert.equal(await frame.locator('.composer-input').inputValue(), 'Hello, Claude');
    assert.equal(session.api.chatRequests.length, 0, 'no request was sent');
  });

  for (const [command, verb] of [
    ['AIML Claude: Explain Selection', 'explain'],
    ['AIML Claude: Refactor Selection…', 'refactor'],
  ] as const) {
    it(`"${command}" without a key leads to the key prompt, nothing sent`, async function () {
      const wb = session.wb;
      await wb.runCommand('Notifications: Clear All Notifications');
      await openSampleAndSelect(wb, 2, 6);
      await wb.runCommand(command);
      const toast = wb.notification(`Set your AI/ML API key to ${verb}`);
      await toast.waitFor({ timeout: 15_000 });
      await toast.getByRole('button', { name: 'Set API Key' }).click();
      const input = wb.quickInput().locator('input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await input.getAttribute('type'), 'password');
      await wb.page.keyboard.press('Escape');
      assert.equal(session.api.chatRequests.length, 0, 'no request was sent');
    });
  }
});
