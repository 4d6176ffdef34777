// Restricted Mode and the workspace features: an untrusted folder's files are not the user's to hand
// to a model, so a chat request offers no tools, and the folder's AGENTS.md (a hostile one here,
// test/fixtures/untrusted-workspace/AGENTS.md) is not read into any prompt.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { activateExtension, waitFor } from '../suite/helpers';

const KEY = 'integration-restricted-tools-key-6e2f';

suite('Restricted Mode: no tools, no project instructions', () => {
  let server: FakeAimlServer;

  suiteSetup(async () => {
    server = await FakeAimlServer.start({ validKey: KEY });
    const { api } = await activateExtension();
    await api.secrets.set(KEY);
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await waitFor('the user base URL', () => api.config.current.baseUrl === server.url);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    const { api } = await activateExtension();
    await api.secrets.clear();
    await server.stop();
  });

  test('a chat request carries no tools and nothing of the folder’s AGENTS.md', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this launch opens the folder in Restricted Mode');
    const agents = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/'), 'AGENTS.md'));
    assert.match(new TextDecoder().decode(agents), /UNTRUSTED-AGENTS-4417/, 'the folder has an AGENTS.md');
    const { api } = await activateExtension();
    assert.equal(api.config.current['tools.enabled'], true, 'tools are on in the settings');
    await api.chat.newChat();
    server.enqueue({ kind: 'text', text: 'Answered without the workspace.' });
    await api.chat.send('What is in this folder?', []);
    await api.chat.idle();
    assert.equal(api.chat.current.turns.at(-1)?.text, 'Answered without the workspace.');

    const body = server.chatRequests.at(-1)?.body as Record<string, unknown> & { system?: string; messages: Array<{ content: string | null }> };
    assert.equal('tools' in body, false, 'no tools are offered');
    const everything = JSON.stringify(body);
    assert.ok(!everything.includes('UNTRUSTED-AGENTS-4417'), 'the folder’s AGENTS.md is in no part of the request');
    assert.doesNotMatch(body.system ?? '', /<instructions/);
    const chips = api.chatView.lastPosted.get('instructions');
    assert.ok(chips?.type !== 'instructions' || !chips.items.some((c) => c.source === 'AGENTS.md'), 'the panel lists no AGENTS.md chip');
  });
});
