import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { current } from './support/hooks';
import { Workbench } from './support/workbench';

const KEY = 'e2e-secret-key-9c41b7d2f05e3a18';

describe('Set API Key from the command palette', function () {
  let wb: Workbench;

  before(async function () {
    wb = await Workbench.start('e2e-apikey');
    current.wb = wb;
  });

  after(async function () {
    await wb?.stop();
    current.wb = undefined;
  });

  it('stores the key through a password box and confirms', async function () {
    await wb.runCommand('AIML Claude: Set API Key');
    const input = wb.apiKeyBox();
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.getAttribute('type'), 'password', 'the key is typed into a password box');
    await input.fill(KEY);
    await input.press('Enter');
    await wb.notification('API key saved').waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('api-key-saved');
  });

  it('knows a key is stored when asked again', async function () {
    await wb.runCommand('AIML Claude: Set API Key');
    await wb.quickInput().getByText('A key is already stored').waitFor({ state: 'visible', timeout: 15_000 });
    await wb.page.keyboard.press('Escape');
  });

  it('leaves no trace of the key in the settings files or the extension log', async function () {
    const settings = wb.settingsFiles();
    assert.ok(settings.length >= 1, 'the user settings file exists');
    for (const f of settings) assert.ok(!fs.readFileSync(f, 'utf8').includes(KEY), `${f} holds no key`);

    // The extension's log is written by the extension host; give it a moment to flush.
    let extLog: string[] = [];
    for (let i = 0; i < 50 && extLog.length === 0; i++) {
      extLog = wb.logFiles().filter((f) => f.endsWith('AIML Claude.log') && fs.readFileSync(f, 'utf8').includes('API key saved'));
      if (extLog.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(extLog.length, 1, 'the extension log records the save');
    for (const f of wb.logFiles()) assert.ok(!fs.readFileSync(f, 'utf8').includes(KEY), `${f} holds no key`);
  });
});
