// Restricted Mode in a real extension host: workspace trust on, and the folder
// (test/fixtures/untrusted-workspace) not trusted, its .vscode/settings.json holding hostile values.
// The extension stays on, takes what decides cost and where the key goes from the user only, and
// tells the panel what is limited.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, type SettingKey } from '../../../src/core/settings';
import type { ToWebview } from '../../../src/shared/protocol';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { activateExtension, EXTENSION_ID, waitFor } from '../suite/helpers';
import { flushedLog, occurrences } from '../suite/logFile';

const KEY = 'integration-restricted-key-0b9e';

/** The user's own values, each different from the folder's (and from the defaults where it matters). */
const USER = {
  model: 'claude-opus-4-5',
  maxOutputTokens: 3000,
  thinking: 'off',
  thinkingBudgetTokens: 2048,
  maxRetries: 1,
  requestTimeoutSeconds: 60,
} as const;
const RESTRICTED: readonly SettingKey[] = ['baseUrl', ...(Object.keys(USER) as (keyof typeof USER)[])];

function initMessage(chatView: { lastPosted: Map<ToWebview['type'], ToWebview> }): Extract<ToWebview, { type: 'init' }> {
  const init = chatView.lastPosted.get('init');
  if (init?.type !== 'init') throw new Error('no init message was posted');
  return init;
}

suite('Restricted Mode: an untrusted folder with hostile settings', () => {
  let server: FakeAimlServer;

  suiteSetup(async () => {
    server = await FakeAimlServer.start({ validKey: KEY });
  });

  suiteTeardown(async () => {
    const cfg = vscode.workspace.getConfiguration('aimlClaude');
    for (const key of RESTRICTED) await cfg.update(key, undefined, vscode.ConfigurationTarget.Global);
    const { api } = await activateExtension();
    await api.secrets.clear();
    await server.stop();
  });

  test('the folder is untrusted and the extension is active anyway', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this launch opens the folder in Restricted Mode');
    assert.equal(vscode.workspace.getConfiguration('editor').get('tabSize'), 7, "the folder's settings file is read");
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is enabled in Restricted Mode');
    await waitFor('activation on start-up', () => ext.isActive);
    const { api } = await activateExtension();
    assert.equal(api.config.restricted, true);
  });

  test('restricted settings come from the user only; the temperature may come from the folder', async () => {
    const { api } = await activateExtension();
    // Nothing set by the user yet: the defaults, never the folder's values.
    for (const key of RESTRICTED) assert.deepEqual(api.config.current[key], DEFAULT_SETTINGS[key], key);
    assert.equal(api.config.current.temperature, 0.9, 'a setting that spends nothing applies from any folder');

    const cfg = vscode.workspace.getConfiguration('aimlClaude');
    for (const [key, value] of Object.entries(USER)) await cfg.update(key, value, vscode.ConfigurationTarget.Global);
    await cfg.update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await waitFor('the user settings', () => api.config.current.baseUrl === server.url && api.config.current.requestTimeoutSeconds === USER.requestTimeoutSeconds);
    assert.deepEqual(
      Object.fromEntries(RESTRICTED.map((k) => [k, api.config.current[k]])),
      { baseUrl: server.url, ...USER },
      "the user's values, not the folder's",
    );
  });

  test('the log names each ignored setting once, never its value', async () => {
    const { api } = await activateExtension();
    await api.config.checkWorkspaceFiles();
    await api.config.checkWorkspaceFiles();
    const log = await flushedLog(api);
    for (const key of RESTRICTED) assert.equal(occurrences(log, `aimlClaude.${key} is set in this workspace's settings and is ignored`), 1, key);
    assert.equal(occurrences(log, 'aimlClaude.temperature is set'), 0);
    assert.match(log, /aimlClaude\.model is set in this workspace's settings and is ignored: this folder is not trusted \(Restricted Mode\)/);
    assert.ok(!log.includes('hunter2') && !log.includes('attacker.invalid'), 'the value is never logged');
  });

  test("a question goes to the user's server with the user's model and limits", async () => {
    const { api } = await activateExtension();
    await api.secrets.set(KEY);
    await waitFor('the user base URL', () => api.config.current.baseUrl === server.url);
    server.enqueue({ kind: 'text', text: 'Answered within your limits.' });
    await api.chat.send('How much may this cost?', []);
    await api.chat.idle();
    assert.equal(api.chat.current.turns.at(-1)?.text, 'Answered within your limits.');
    const req = server.chatRequests.at(-1);
    assert.ok(req, 'the request reached the user base URL');
    const body = req.body as Record<string, unknown>;
    assert.equal(body.model, USER.model);
    assert.equal(body.max_tokens, USER.maxOutputTokens);
    assert.equal(body.thinking, undefined, 'no thinking: the folder asked for it, the user did not');
    assert.equal(body.temperature, 0.9);
  });

  test('the chat panel is told what is limited, and the banner can be dismissed for the session', async () => {
    const { api } = await activateExtension();
    await api.chat.sendInit();
    assert.deepEqual(initMessage(api.chatView).trust, { restricted: true, bannerDismissed: false });

    await api.chatView.receive({ type: 'trustBanner', action: 'dismiss' });
    await api.chat.sendInit();
    assert.deepEqual(initMessage(api.chatView).trust, { restricted: true, bannerDismissed: true });
    assert.deepEqual(api.chatView.rejected, []);
  });

  test('"Manage Workspace Trust" in the panel opens VS Code\'s Workspace Trust editor', async () => {
    const { api } = await activateExtension();
    const trustTab = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /trust/i.test(t.label));
    assert.equal(trustTab(), undefined);
    await api.chatView.receive({ type: 'trustBanner', action: 'manage' });
    const tab = await waitFor('the Workspace Trust editor', trustTab);
    assert.match(tab.label, /Workspace Trust/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the model picker in Restricted Mode writes the user settings, where the value applies', async () => {
    const { api } = await activateExtension();
    await api.chatView.receive({ type: 'selectModel', model: 'claude-sonnet-4-5' });
    await waitFor('the model change', () => api.config.current.model === 'claude-sonnet-4-5');
    const inspected = vscode.workspace.getConfiguration('aimlClaude').inspect<string>('model');
    assert.equal(inspected?.globalValue, 'claude-sonnet-4-5');
  });
});
