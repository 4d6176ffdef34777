import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ToWebview } from '../../../src/shared/protocol';
import { FakeAimlServer, type RecordedRequest } from '../../support/fakeAimlServer';
import { activateExtension, waitFor } from './helpers';
import { configure, startProxy } from './network.support';

const KEY = 'integration-warming-key-7d31';

const describe = (r: RecordedRequest) => `${r.method} ${r.path}`;

suite('Chat: warming the connection before the question', () => {
  let api: FakeAimlServer;

  suiteSetup(async () => {
    api = await FakeAimlServer.start({ validKey: KEY });
    const { api: ext } = await activateExtension();
    await ext.secrets.set(KEY);
    await configure({ 'aimlClaude.baseUrl': api.url, 'aimlClaude.model': 'claude-sonnet-4-5', 'aimlClaude.tools.enabled': false });
  });

  suiteTeardown(async () => {
    const { api: ext } = await activateExtension();
    await ext.secrets.clear();
    await configure({ 'aimlClaude.baseUrl': undefined, 'aimlClaude.model': undefined, 'aimlClaude.tools.enabled': undefined, 'http.proxy': undefined, 'http.noProxy': undefined });
    await api.stop();
  });

  setup(async () => {
    const { api: ext } = await activateExtension();
    await ext.chat.idle();
    await ext.chat.newChat();
    // No connection left from an earlier test: each one starts from a cold client (and one the
    // previous test warmed is not opened again by itself once closed).
    ext.clients.get().stopKeepingWarm();
    api.closeIdleConnections();
    await waitFor('no open connection', () => ext.clients.get().openConnections === 0);
    api.reset();
  });

  test('focus and typing open one connection, with no request but the keyless model list; the question then uses it', async () => {
    const { api: ext } = await activateExtension();
    for (let i = 0; i < 5; i++) await ext.chatView.receive({ type: 'warm' });
    await waitFor('the warm-up', () => ext.clients.get().openConnections === 1 && api.requests.length === 1);
    for (let i = 0; i < 5; i++) await ext.chatView.receive({ type: 'warm' });
    assert.equal(api.connections, 1, 'one connection per idle period');
    assert.deepEqual(api.requests.map(describe), ['GET /v1/models']);
    assert.equal(api.requests[0]?.headers.authorization, undefined, 'warming sends no key');
    assert.ok(!JSON.stringify(api.requests).includes(KEY));

    await ext.chatView.receive({ type: 'send', text: 'Hello after warming', attachmentIds: [] });
    await ext.chat.idle();
    assert.equal(ext.chat.current.turns.at(-1)?.status, 'done');
    assert.equal(api.connections, 1, 'the question went out on the warmed connection');
    assert.equal(api.chatRequests[0]?.connectionId, api.requests[0]?.connectionId);
  });

  test('after the server closed its idle side, the next keystroke opens one new connection', async () => {
    const { api: ext } = await activateExtension();
    await ext.chatView.receive({ type: 'warm' });
    await waitFor('the first warm-up', () => ext.clients.get().openConnections === 1 && api.requests.length === 1);
    api.closeIdleConnections();
    await waitFor('the client to see the close', () => ext.clients.get().openConnections === 0);
    for (let i = 0; i < 3; i++) await ext.chatView.receive({ type: 'warm' });
    await waitFor('the second warm-up', () => ext.clients.get().openConnections === 1 && api.requests.length === 2);
    assert.equal(api.connections, 2);
    assert.deepEqual(api.requests.map(describe), ['GET /v1/models', 'GET /v1/models']);
    assert.ok(api.requests.every((r) => r.headers.authorization === undefined));
  });

  test('Explain Selection warms before it builds the prompt, and its question takes the warmed connection', async () => {
    const { api: ext } = await activateExtension();
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export const answer = 42;\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 25);
    await vscode.commands.executeCommand('aimlClaude.explainSelection');
    await ext.chat.idle();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.equal(describe(api.requests[0] as RecordedRequest), 'GET /v1/models', api.requests.map(describe).join(', '));
    assert.equal(api.chatRequests.length, 1);
    assert.equal(api.connections, 1);
  });

  test('a warm-up that gets no answer delays nothing: the question is answered on a connection of its own meanwhile, and nothing is shown', async () => {
    const { api: ext } = await activateExtension();
    api.modelsGate = 'stuck-warm-up';
    const posted: ToWebview[] = [];
    const post = ext.chatView.post;
    ext.chatView.post = (m) => {
      posted.push(m);
      post(m);
    };
    try {
      await ext.chatView.receive({ type: 'warm' });
      await waitFor('the warm-up to reach the server', () => api.held.includes('stuck-warm-up'));
      await ext.chatView.receive({ type: 'send', text: 'Are you there?', attachmentIds: [] });
      await ext.chat.idle();
      assert.equal(ext.chat.current.turns.at(-1)?.status, 'done', 'answered while the warm-up is still waiting');
      assert.deepEqual(api.held, ['stuck-warm-up']);
      assert.equal(api.connections, 2);
    } finally {
      api.release('stuck-warm-up');
      ext.chatView.post = post;
    }
    assert.ok(!posted.some((m) => m.type === 'notice'), JSON.stringify(posted.filter((m) => m.type === 'notice')));
  });

  test('a server that is down: the warm-up fails silently (the log only), and the question afterwards goes through', async () => {
    const { api: ext } = await activateExtension();
    const port = api.port;
    await api.stop();
    const posted: ToWebview[] = [];
    const post = ext.chatView.post;
    ext.chatView.post = (m) => {
      posted.push(m);
      post(m);
    };
    try {
      assert.equal(await ext.clients.get().warm(), 'failed');
      api = await FakeAimlServer.start({ validKey: KEY, port });
      await ext.chatView.receive({ type: 'send', text: 'Back up?', attachmentIds: [] });
      await ext.chat.idle();
      assert.equal(ext.chat.current.turns.at(-1)?.status, 'done');
      assert.equal(api.chatRequests.length, 1);
    } finally {
      ext.chatView.post = post;
    }
    assert.ok(!posted.some((m) => m.type === 'notice'), JSON.stringify(posted.filter((m) => m.type === 'notice')));
  });

  test('with http.proxy set, warming goes through the proxy, and the question follows it', async () => {
    const proxy = await startProxy();
    const { api: ext } = await activateExtension();
    try {
      // The harness's NO_PROXY names loopback: an explicit http.noProxy replaces it.
      await configure({ 'http.proxy': proxy.url, 'http.noProxy': ['nothing.invalid'] });
      await waitFor('a client for the proxy', () => ext.clients.get().openConnections === 0);
      await ext.chatView.receive({ type: 'warm' });
      await waitFor('the warm-up through the proxy', () => ext.clients.get().openConnections === 1 && api.requests.length === 1);
      await ext.chatView.receive({ type: 'warm' });
      assert.deepEqual(proxy.log, [`GET ${api.url}/models`]);
      assert.equal(api.requests[0]?.headers.authorization, undefined);
      await ext.chatView.receive({ type: 'send', text: 'Through the proxy', attachmentIds: [] });
      await ext.chat.idle();
      assert.equal(ext.chat.current.turns.at(-1)?.status, 'done');
      assert.deepEqual(proxy.log, [`GET ${api.url}/models`, `POST ${api.url}/chat/completions`]);
      // One warm-up only, however often the composer asked (the reuse of the tunnel itself is
      // asserted in test/unit/api/warm.test.ts).
      assert.equal(api.requests.filter((r) => r.path.endsWith('/models')).length, 1);
    } finally {
      await configure({ 'http.proxy': undefined, 'http.noProxy': undefined });
      await proxy.close();
    }
  });
});
