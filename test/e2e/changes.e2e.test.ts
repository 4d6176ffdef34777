// Changes across files as a user meets them (issue 11): "rename `total` to `sum_items` and update
// its two callers" in a small Python package, answered as Claude does it — read the definition,
// search the callers, three edit_file calls —, reviewed on the answer's Changes card, accepted all
// at once or with one file rejected first. The files on disk are compared byte for byte with
// test/fixtures/py-rename/after.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { root } from '../harness/paths.mjs';
import { toolCallScript } from '../support/fakeToolScripts';
import { useWorkbench, type Session } from './support/session';

const KEY = 'e2e-changes-key-4b8e2d6f1a3c';
const FIXTURE = path.join(root, 'test', 'fixtures', 'py-rename');
const FILES = ['cart.py', 'checkout.py', 'report.py'] as const;

function fixture(which: 'before' | 'after', name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURE, which, name));
}

/** Puts the package in the workspace as `shop/`, as it was before the rename. */
function resetPackage(session: Session): void {
  const dir = path.join(session.wb.run.workspace, 'shop');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of FILES) fs.writeFileSync(path.join(dir, f), fixture('before', f));
}

function onDisk(session: Session, name: string): Buffer {
  return fs.readFileSync(path.join(session.wb.run.workspace, 'shop', name));
}

/** The answer, round by round: read the definition, search its uses, edit the three files, say so. */
function scriptRename(session: Session): void {
  const text = (name: string): string => fixture('before', name).toString('utf8');
  session.api.enqueue(toolCallScript([{ name: 'read_file', arguments: { path: 'shop/cart.py' } }], { text: 'Let me read the definition first.' }));
  session.api.enqueue(toolCallScript([{ name: 'search_text', arguments: { query: 'total(', glob: 'shop/**' } }], { text: 'Now its callers.' }));
  session.api.enqueue(
    toolCallScript([
      { name: 'edit_file', arguments: { path: 'shop/cart.py', old_text: 'def total(items):\n', new_text: 'def sum_items(items):\n' } },
      {
        name: 'edit_file',
        // Both lines that name it, with the lines between: one unique place in the file.
        arguments: {
          path: 'shop/checkout.py',
          old_text: text('checkout.py').split('\n').slice(0, 5).join('\n'),
          new_text: fixture('after', 'checkout.py').toString('utf8').split('\n').slice(0, 5).join('\n'),
        },
      },
      { name: 'edit_file', arguments: { path: 'shop/report.py', old_text: '{cart.total(items)}', new_text: '{cart.sum_items(items)}' } },
    ]),
  );
  session.api.enqueue({ kind: 'text', text: 'Renamed `total` to `sum_items` in cart.py and updated its two callers.' });
}

/** Asks for the rename and waits for the Changes card of the answer. */
async function askRename(session: Session): Promise<{ frame: FrameLocator; card: ReturnType<FrameLocator['locator']> }> {
  scriptRename(session);
  const frame = await session.wb.openChat();
  const answers = await frame.locator('.message.assistant').count();
  await frame.locator('.composer-input').fill('Rename `total` to `sum_items` and update its two callers');
  await frame.locator('.composer-input').press('Enter');
  const message = frame.locator('.message.assistant').nth(answers);
  await message.locator('.markdown', { hasText: 'updated its two callers' }).waitFor({ timeout: 60_000 });
  const card = message.locator('.changes-card');
  await card.waitFor({ timeout: 10_000 });
  return { frame, card };
}

/** The card's rows as the user reads them: path, counts, state. */
async function rows(card: ReturnType<FrameLocator['locator']>): Promise<string[]> {
  const out: string[] = [];
  for (const row of await card.locator('.change-row').all()) {
    const name = (await row.locator('.change-file').innerText()).trim();
    const stats = (await row.locator('.change-stats').innerText()).replace(/\s+/g, ' ').trim();
    const state = (await row.locator('.change-state').count()) ? (await row.locator('.change-state').innerText()).trim() : 'pending';
    out.push(`${name} ${stats} ${state}`);
  }
  return out;
}

async function waitForRows(card: ReturnType<FrameLocator['locator']>, want: string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await rows(card);
    if (JSON.stringify(seen) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(seen, want);
}

const PENDING = ['shop/cart.py +1 −1 pending', 'shop/checkout.py +2 −2 pending', 'shop/report.py +1 −1 pending'];

function checkRequests(session: Session): void {
  // Four requests: the question, then each round's results sent back.
  const bodies = session.api.chatRequests.slice(-4).map((r) => r.body as { messages: Array<{ role: string; content: string | null }> });
  const toolResults = (i: number): string =>
    (bodies[i]?.messages ?? [])
      .filter((m) => m.role === 'tool')
      .map((m) => m.content ?? '')
      .join('\n');
  assert.match(toolResults(1), /def total\(items\):/, 'the file read went back to the model');
  assert.match(toolResults(2), /checkout\.py:5:.*due = total\(items\)/, 'the search found the caller');
  assert.match(toolResults(2), /report\.py:6:.*cart\.total\(items\)/, 'the search found the other caller');
}

// One workbench, dark then light (switched in place, as a user does): the package is put back
// before each test.
describe('Rename across three files on the Changes card', function () {
  const session = useWorkbench('e2e-changes', { key: KEY, colorScheme: 'dark' });

  for (const scheme of ['dark', 'light'] as const) {
    describe(`${scheme} theme`, function () {
      before(async function () {
        if (scheme === 'light') await session.wb.setTheme('Default Light Modern', 'light');
      });

      beforeEach(() => resetPackage(session));

      it('Accept All writes the three files exactly as intended', async function () {
        const { card } = await askRename(session);
        checkRequests(session);
        await waitForRows(card, PENDING);
        assert.equal(await card.locator('.changes-title').innerText(), ' Changes (3 files)'.trim());
        for (const f of FILES) assert.deepEqual(onDisk(session, f), fixture('before', f), `${f} is untouched before the user accepts`);
        await card.scrollIntoViewIfNeeded();
        await session.wb.screenshot(`changes-card-pending-${scheme}`);

        await card.getByRole('button', { name: 'Accept All' }).click();
        await waitForRows(card, ['shop/cart.py +1 −1 Accepted', 'shop/checkout.py +2 −2 Accepted', 'shop/report.py +1 −1 Accepted']);
        for (const f of FILES) assert.deepEqual(onDisk(session, f), fixture('after', f), `${f} on disk is exactly as intended`);
        await card.getByRole('button', { name: 'Undo Changes' }).waitFor();
        await session.wb.screenshot(`changes-card-accepted-${scheme}`);
      });

      it('one file rejected first: it stays as it was, Accept All changes the other two', async function () {
        const { card } = await askRename(session);
        await waitForRows(card, PENDING);
        await card.getByRole('button', { name: 'Reject shop/report.py' }).click();
        await waitForRows(card, ['shop/cart.py +1 −1 pending', 'shop/checkout.py +2 −2 pending', 'shop/report.py +1 −1 Rejected']);
        await card.getByRole('button', { name: 'Accept All' }).click();
        await waitForRows(card, ['shop/cart.py +1 −1 Accepted', 'shop/checkout.py +2 −2 Accepted', 'shop/report.py +1 −1 Rejected']);
        assert.deepEqual(onDisk(session, 'cart.py'), fixture('after', 'cart.py'));
        assert.deepEqual(onDisk(session, 'checkout.py'), fixture('after', 'checkout.py'));
        assert.deepEqual(onDisk(session, 'report.py'), fixture('before', 'report.py'), 'the rejected file is unchanged');
        await session.wb.screenshot(`changes-card-one-rejected-${scheme}`);
      });
    });
  }
});
