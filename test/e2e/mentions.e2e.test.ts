// @file and @symbol as a user does it: "@file" typed in the composer opens the workbench's quick
// pick of the workspace's files, two are checked and accepted, their chips appear, and the question
// sent carries both files (the fake server's recorded body); "@symbol" lists the TypeScript
// language server's symbols, and the chosen one's whole definition is sent.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openSampleAndSelect } from './support/editor';
import { useSharedWorkbench } from './support/session';

interface WireBody {
  messages: Array<{ role: string; content: string | null }>;
}

describe('@file and @symbol mentions in the composer', function () {
  const session = useSharedWorkbench();

  it('“@file” opens the file picker; two files checked are attached and sent with the question', async function () {
    const notes = path.join(session.wb.run.workspace, 'notes');
    fs.mkdirSync(notes, { recursive: true });
    fs.writeFileSync(path.join(notes, 'alpha-plan.md'), '# Alpha plan\n\nShip the alpha on Monday (canary ALPHA-31).\n');
    fs.writeFileSync(path.join(notes, 'beta-plan.md'), '# Beta plan\n\nShip the beta a week later (canary BETA-47).\n');
    session.api.enqueue({ kind: 'text', text: 'Both plans ship a week apart.' });

    const frame = await session.wb.openChat();
    const input = frame.locator('.composer-input');
    await input.click();
    await input.pressSequentially('Compare @file ', { delay: 30 });

    // The workbench's quick pick, as the user sees it: filter, check two rows, accept.
    const quick = session.wb.quickInput();
    await quick.locator('.quick-input-title', { hasText: 'Attach Files' }).waitFor({ state: 'visible', timeout: 30_000 });
    const filter = quick.locator('.quick-input-box input');
    await filter.fill('plan');
    const rows = quick.locator('.quick-input-list .monaco-list-row');
    for (const name of ['alpha-plan.md', 'beta-plan.md']) {
      const row = rows.filter({ hasText: name }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      // A click event on the box itself: the hover of the row above may lie over it.
      await row.locator('.monaco-checkbox, input[type=checkbox]').first().dispatchEvent('click');
    }
    await quick.getByText('2 Selected').waitFor({ timeout: 10_000 });
    await filter.press('Enter');
    await quick.waitFor({ state: 'hidden', timeout: 10_000 });

    const chips = frame.locator('.composer-chips .chip');
    await chips.nth(1).waitFor({ timeout: 20_000 });
    assert.deepEqual((await chips.allInnerTexts()).map((t) => t.trim()).sort(), ['alpha-plan.md', 'beta-plan.md']);
    await session.wb.screenshot('mentions-file-chips-dark');

    await input.pressSequentially('these plans', { delay: 20 });
    await input.press('Enter');
    await frame.locator('.message.assistant .markdown', { hasText: 'a week apart' }).waitFor({ timeout: 30_000 });

    const sent = (session.api.chatRequests.at(-1)?.body as WireBody).messages.at(-1)?.content ?? '';
    assert.match(sent, /^2 attachments for context:/);
    assert.ok(sent.includes('canary ALPHA-31') && sent.includes('`notes/alpha-plan.md`'), sent.slice(0, 600));
    assert.ok(sent.includes('canary BETA-47') && sent.includes('`notes/beta-plan.md`'), sent.slice(0, 600));
    assert.ok(sent.endsWith('Compare these plans'), sent.slice(-200));
  });

  it('“@symbol” lists the language server’s symbols; the chosen one’s whole definition is sent', async function () {
    // The TypeScript server answers for the projects it has open: open the file first.
    await openSampleAndSelect(session.wb, 1, 1);
    session.api.enqueue({ kind: 'text', text: 'greet builds a greeting.' });
    const frame = await session.wb.openChat();
    const input = frame.locator('.composer-input');
    await input.click();
    await input.pressSequentially('Explain @symbol ', { delay: 30 });

    const quick = session.wb.quickInput();
    await quick.locator('.quick-input-title', { hasText: 'Attach a Symbol’s Definition' }).waitFor({ state: 'visible', timeout: 30_000 });
    const filter = quick.locator('.quick-input-box input');
    const row = quick.locator('.quick-input-list .monaco-list-row', { hasText: 'greet' }).first();
    // The language server may still be loading the project: type the name again until it answers.
    const deadline = Date.now() + 90_000;
    for (;;) {
      await filter.fill('');
      await filter.fill('greet');
      if (await row.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
      if (Date.now() > deadline) throw new Error('the symbol picker never listed greet');
    }
    assert.match(await row.innerText(), /src\/sample\.ts:9/);
    await filter.press('Enter');
    await quick.waitFor({ state: 'hidden', timeout: 10_000 });

    const chip = frame.locator('.composer-chips .chip');
    await chip.first().waitFor({ timeout: 20_000 });
    assert.match((await chip.first().innerText()).trim(), /^greet(\(\))? \(sample\.ts:9-11\)$/);
    await input.pressSequentially('this', { delay: 20 });
    await input.press('Enter');
    await frame.locator('.message.assistant .markdown', { hasText: 'builds a greeting' }).waitFor({ timeout: 30_000 });
    const sent = (session.api.chatRequests.at(-1)?.body as WireBody).messages.at(-1)?.content ?? '';
    assert.ok(sent.includes("export function greet(name: string): string {\n  return 'Hello, ' + name + '!';\n}"), sent.slice(0, 600));
    assert.ok(sent.includes('`src/sample.ts:9-11`'), sent.slice(0, 600));
  });
});
