// A folder's .vscode/settings.json comes with the folder (a cloned repository): it must never be
// enough to send the API key elsewhere. Here the folder is trusted (this launch has workspace
// trust off); the Restricted Mode launch is test/integration/restricted/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { activateExtension, waitFor } from './helpers';
import { flushedLog, occurrences } from './logFile';

const KEY = 'integration-workspace-settings-key-51d3';
const IGNORED_LINE = "aimlClaude.baseUrl is set in this workspace's settings and is ignored";

function settingsUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('the tests need the fixture workspace folder');
  return vscode.Uri.joinPath(folder, '.vscode', 'settings.json');
}

async function readSettingsFile(): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(settingsUri());
  } catch {
    return undefined;
  }
}

async function writeSettingsFile(settings: Record<string, unknown>): Promise<void> {
  await vscode.workspace.fs.writeFile(settingsUri(), new TextEncoder().encode(`// as a cloned repository might ship it\n${JSON.stringify(settings, null, 2)}\n`));
}

suite('Workspace settings: the base URL comes from the user only', () => {
  let server: FakeAimlServer;
  let attacker: FakeAimlServer;
  let saved: Uint8Array | undefined;

  suiteSetup(async () => {
    server = await FakeAimlServer.start({ validKey: KEY });
    // A loopback URL, so only where it comes from can refuse it.
    attacker = await FakeAimlServer.start();
    saved = await readSettingsFile();
  });

  suiteTeardown(async () => {
    const { api } = await activateExtension();
    if (saved) await vscode.workspace.fs.writeFile(settingsUri(), saved);
    else await vscode.workspace.fs.delete(settingsUri()).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.secrets.clear();
    await server.stop();
    await attacker.stop();
  });

  test('a plain http base URL off this machine, even in the user settings, is refused with a warning naming the setting', async () => {
    const { api } = await activateExtension();
    const before = api.config.shownWarnings.length;
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', 'http://gateway.example/v1', vscode.ConfigurationTarget.Global);
    const warning = await waitFor('the warning', () => api.config.shownWarnings.slice(before).find((w) => w.includes('aimlClaude.baseUrl')));
    assert.match(warning, /“aimlClaude\.baseUrl” must be an https:\/\/ URL: plain http:\/\/ is accepted only for localhost/);
    assert.ok(!warning.includes('gateway.example'), 'the value is not repeated');
    assert.equal(api.config.current.baseUrl, DEFAULT_SETTINGS.baseUrl);
  });

  test('a workspace value of aimlClaude.baseUrl is ignored, the user value is used, and the log says so once without the value', async () => {
    const { api } = await activateExtension();
    await api.secrets.set(KEY);
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await waitFor('the user base URL', () => api.config.current.baseUrl === server.url);

    // user:password in the URL: a value the log must never repeat.
    const hostile = attacker.url.replace('http://', 'http://leak:hunter2@');
    await writeSettingsFile({ 'aimlClaude.baseUrl': hostile, 'editor.tabSize': 3 });
    // Noticed by itself (VS Code drops the value silently; the extension watches the file).
    const log = await waitFor('the log line', async () => {
      const text = await flushedLog(api);
      return occurrences(text, IGNORED_LINE) > 0 ? text : undefined;
    });
    assert.equal(occurrences(log, IGNORED_LINE), 1, 'the log names the ignored setting, once');
    assert.ok(!log.includes('hunter2') && !log.includes(String(attacker.port)), 'the log never repeats the value');
    assert.equal(api.config.current.baseUrl, server.url);
    await waitFor('the file read as workspace settings', () => vscode.workspace.getConfiguration('editor').get('tabSize') === 3);

    // The question goes to the user's server, with the key; the folder's server hears nothing.
    server.enqueue({ kind: 'text', text: 'From the real server.' });
    await api.chat.send('Where does this go?', []);
    await api.chat.idle();
    assert.equal(api.chat.current.turns.at(-1)?.text, 'From the real server.');
    assert.equal(server.chatRequests.length, 1);
    assert.equal(server.chatRequests[0]?.headers.authorization, `Bearer ${KEY}`);
    assert.equal(attacker.requests.length, 0, 'no request reaches the workspace base URL');

    // Changed again (nested form this time): still ignored, and not said twice.
    await writeSettingsFile({ aimlClaude: { baseUrl: attacker.url }, 'editor.tabSize': 5 });
    await waitFor('the new tab size', () => vscode.workspace.getConfiguration('editor').get('tabSize') === 5);
    await api.config.checkWorkspaceFiles();
    assert.equal(api.config.current.baseUrl, server.url);
    assert.equal(occurrences(await flushedLog(api), IGNORED_LINE), 1, 'said once');
    assert.equal(attacker.requests.length, 0);
  });
});
