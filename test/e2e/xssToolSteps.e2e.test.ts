// The XSS checks of xss.e2e.test.ts, for tool steps: what the tools return comes from the
// workspace (file names, contents, search results) and from the model (arguments), and every bit of
// it must render as text in the steps — in their summaries and in the expanded details.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { toolCallScript } from '../support/fakeToolScripts';
import { useSharedWorkbench } from './support/session';
import { assertNoScriptRan, useBeacon } from './support/xssGuards';

const SET = 'window.__xss=1';

describe('Security: hostile tool steps render inert in real chromium', function () {
  const session = useSharedWorkbench();
  const beacon = useBeacon();

  it('hostile file names, file contents, search results and arguments show as text in the steps', async function () {
    const beaconUrl = beacon.url();
    const dir = path.join(session.wb.run.workspace, 'hostile');
    const fileName = `<img src=x onerror=${SET}>.md`;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, fileName), `# Notes\n<script>${SET}</script>\n<img src="${beaconUrl}/content.png">\n<svg onload="${SET}"></svg>\n`);
    fs.writeFileSync(path.join(dir, '"><iframe srcdoc="x" onload="parent.__xss=1">.txt'), `<style>@import '${beaconUrl}/import.css';</style>\n`);

    session.api.enqueue(
      toolCallScript([
        { name: 'list_files', arguments: { glob: 'hostile/**' } },
        { name: 'read_file', arguments: { path: `hostile/${fileName}` } },
        { name: 'search_text', arguments: { query: '<script>', glob: 'hostile/**' } },
        // A hostile argument of the model's own: a path that is also markup.
        { name: 'read_file', arguments: { path: `<svg onload="${SET}">/<img src="${beaconUrl}/arg.png">` } },
      ]),
    );
    session.api.enqueue({ kind: 'text', text: 'Looked at the hostile files.' });

    const frame = await session.wb.openChat();
    await frame.locator('.composer-input').fill('What is in hostile/?');
    await frame.locator('.composer-input').press('Enter');
    const message = frame.locator('.message.assistant').last();
    await message.locator('.markdown', { hasText: 'Looked at the hostile files.' }).waitFor({ timeout: 60_000 });
    const steps = message.locator('.tool-step');
    assert.equal(await steps.count(), 4);

    // Open every step's details, so what was sent to Claude is drawn too.
    for (const summary of await message.locator('.tool-step-summary').all()) await summary.click();
    await new Promise((r) => setTimeout(r, 1000));

    const texts = await steps.allInnerTexts();
    const all = texts.join('\n');
    assert.ok(all.includes(fileName), `the file name shows as written: ${all.slice(0, 400)}`);
    assert.ok(all.includes(`<script>${SET}</script>`), 'the content shows as text');
    assert.ok(all.includes('"><iframe srcdoc="x" onload="parent.__xss=1">.txt'), 'the other file name shows as text');
    assert.ok(all.includes(`<svg onload="${SET}">`), 'the model’s argument shows as text');

    await assertNoScriptRan(session.wb.page);
    assert.deepEqual(beacon.hits, [], 'nothing was fetched from the beacon server');

    const dangerous = await message.locator('.tool-steps').evaluate((el) => {
      const bad: string[] = [];
      for (const n of el.querySelectorAll('*')) {
        const tag = n.tagName.toLowerCase();
        if (['script', 'iframe', 'object', 'embed', 'svg', 'style', 'link', 'img', 'meta', 'base', 'form'].includes(tag)) bad.push(tag);
        for (const a of n.getAttributeNames()) if (a.startsWith('on') || a === 'srcdoc' || a === 'src' || a === 'href') bad.push(`${tag}[${a}]`);
      }
      return bad;
    });
    assert.deepEqual(dangerous, [], 'no element or attribute came from the tool output');
    await message.scrollIntoViewIfNeeded();
    await session.wb.screenshot('xss-tool-steps-dark');
  });
});
