import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { aimlChunk, FakeAimlServer } from '../../support/fakeAimlServer';
import { activateExtension } from './helpers';

const KEY = 'integration-chat-key-0123456789';

suite('Chat host: protocol validation and turns', () => {
  let api: FakeAimlServer;

  suiteSetup(async () => {
    api = await FakeAimlServer.start({ validKey: KEY });
    const { api: ext } = await activateExtension();
    await ext.secrets.set(KEY);
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', api.url, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    const { api: ext } = await activateExtension();
    await ext.secrets.clear();
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.stop();
  });

  test('messages of the wrong shape are rejected, logged, and change nothing', async () => {
    const { api: ext } = await activateExtension();
    const before = ext.chatView.rejected.length;
    const turns = ext.chat.current.turns.length;
    const requests = api.chatRequests.length;
    const bad: unknown[] = [
      null,
      42,
      'send',
      [],
      {},
      { type: 'nope' },
      { type: 'send' },
      { type: 'send', text: 5, attachmentIds: [] },
      { type: 'send', text: 'hi', attachmentIds: 'all' },
      { type: 'send', text: 'hi', attachmentIds: Array.from({ length: 50 }, (_, i) => `id${i}`) },
      { type: 'codeAction', action: 'delete', messageId: 'x', blockIndex: 0 },
      { type: 'codeAction', action: 'copy', messageId: 'x', blockIndex: -1 },
      { type: 'codeAction', action: 'copy', messageId: '', blockIndex: 0 },
      { type: 'openLink', href: 42 },
      { type: 'openLink', href: '' },
      { type: 'attach', kind: 'secrets' },
      { type: 'errorAction', action: 'runCommand' },
      { type: 'selectModel', model: '' },
      { type: 'openConversation', id: '' },
      { type: '__proto__', text: 'x' },
    ];
    for (const m of bad) await ext.chatView.receive(m);
    assert.equal(ext.chatView.rejected.length - before, bad.length, 'every malformed message was rejected');
    assert.equal(ext.chat.current.turns.length, turns, 'no turn was added');
    assert.equal(api.chatRequests.length, requests, 'no request was sent');
  });

  test('a valid question streams, is answered exactly, and is persisted in the versioned format', async () => {
    const { api: ext } = await activateExtension();
    await ext.chat.newChat();
    api.enqueue({ kind: 'text', text: 'The answer is **42**.', chunkSize: 3 });
    await ext.chatView.receive({ type: 'send', text: 'What is the answer?', attachmentIds: [] });
    await ext.chat.idle();
    const turns = ext.chat.current.turns;
    assert.equal(turns.length, 2);
    assert.equal(turns[1]?.text, 'The answer is **42**.');
    assert.equal(turns[1]?.status, 'done');
    const sent = api.chatRequests.at(-1)?.body as { messages: { role: string; content: string }[]; system?: string; stream: boolean };
    assert.equal(sent.stream, true);
    assert.ok(sent.messages.at(-1)?.content.includes('What is the answer?'));
    assert.ok(!sent.messages.some((m) => m.role === 'system'), 'the system prompt goes top-level');
    const files = fs.readdirSync(ext.chatStorageDir).filter((f) => f.endsWith('.json'));
    const saved = JSON.parse(fs.readFileSync(`${ext.chatStorageDir}/${ext.chat.current.id}.json`, 'utf8'));
    assert.ok(files.length >= 1);
    assert.equal(saved.version, 1);
    assert.equal(saved.title, 'What is the answer?');
    assert.equal(saved.turns[1].text, 'The answer is **42**.');
  });

  test('a failure keeps the partial answer and the question, with a Retry action', async () => {
    const { api: ext } = await activateExtension();
    api.enqueue({ kind: 'stream', chunks: [aimlChunk({ content: 'Partial answer ' }), aimlChunk({ content: 'that will be cut' })], drop: true });
    await ext.chatView.receive({ type: 'send', text: 'Tell me more', attachmentIds: [] });
    await ext.chat.idle();
    const last = ext.chat.current.turns.at(-1);
    assert.equal(last?.status, 'failed');
    assert.ok(last?.text.length, 'the partial text is kept');
    assert.deepEqual(last?.error?.actions, ['retry']);
    assert.equal(ext.chat.current.turns.at(-2)?.text, 'Tell me more');
    // The very next request works normally.
    api.enqueue({ kind: 'text', text: 'Complete answer.' });
    await ext.chatView.receive({ type: 'retry' });
    await ext.chat.idle();
    assert.equal(ext.chat.current.turns.at(-1)?.text, 'Complete answer.');
    assert.equal(ext.chat.current.turns.at(-1)?.status, 'done');
  });

  test('an answer cut off at the output limit: the panel’s "Retry with a Larger Output Limit" answers again with twice the limit', async () => {
    const { api: ext } = await activateExtension();
    await ext.chat.newChat();
    api.enqueue({ kind: 'text', text: 'Cut off here', finishReason: 'length' });
    await ext.chatView.receive({ type: 'send', text: 'Write a long story', attachmentIds: [] });
    await ext.chat.idle();
    assert.equal(ext.chat.current.turns.at(-1)?.status, 'truncated');
    api.enqueue({ kind: 'text', text: 'The whole story.' });
    await ext.chatView.receive({ type: 'errorAction', action: 'retryLonger' });
    await ext.chat.idle();
    const limits = api.chatRequests.slice(-2).map((r) => (r.body as { max_tokens: number }).max_tokens);
    assert.deepEqual(limits, [ext.config.current.maxOutputTokens, ext.config.current.maxOutputTokens * 2]);
    assert.deepEqual(
      ext.chat.current.turns.map((t) => [t.role, t.text, t.status]),
      [
        ['user', 'Write a long story', undefined],
        ['assistant', 'The whole story.', 'done'],
      ],
    );
  });

  test('the panel’s model picker writes the setting where the user keeps it (here the workspace)', async () => {
    const { api: ext } = await activateExtension();
    const cfg = () => vscode.workspace.getConfiguration('aimlClaude');
    await cfg().update('model', 'claude-opus-4-5', vscode.ConfigurationTarget.Workspace);
    try {
      await ext.chatView.receive({ type: 'selectModel', model: 'claude-opus-4-8' });
      assert.equal(cfg().inspect<string>('model')?.workspaceValue, 'claude-opus-4-8');
      assert.equal(cfg().inspect<string>('model')?.globalValue, undefined, 'no user-level value that the workspace would hide');
      assert.equal(cfg().get('model'), 'claude-opus-4-8');
    } finally {
      await cfg().update('model', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
