import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import { codeHash } from '../../../src/shared/codeHash';
import type { ToWebview } from '../../../src/shared/protocol';
import { aimlChunk, FakeAimlServer } from '../../support/fakeAimlServer';
import { activateExtension } from './helpers';
import { closeAll, openFile } from './proposals.support';

// An answer with an indented code block before two fenced ones: the panel numbers all three.
const INDENTED = 'npm install left-pad\n';
const FIRST = "const first = 'fenced one';\n";
const SECOND = "const second = 'fenced two';\n";
const THREE_BLOCKS = ['Install it:', '', `    ${INDENTED.trimEnd()}`, '', 'Then:', '', '```ts', FIRST.trimEnd(), '```', '', 'Or:', '', '```ts', SECOND.trimEnd(), '```', ''].join('\n');

/** Asks for THREE_BLOCKS and returns the answer's message id. */
async function answerWithThreeBlocks(ext: TestApi, api: FakeAimlServer): Promise<string> {
  await ext.chat.newChat();
  api.enqueue({ kind: 'text', text: THREE_BLOCKS, chunkSize: 7 });
  await ext.chatView.receive({ type: 'send', text: 'How do I pad?', attachmentIds: [] });
  await ext.chat.idle();
  const answer = ext.chat.current.turns.at(-1);
  assert.equal(answer?.text, THREE_BLOCKS);
  return answer?.id ?? '';
}

/** Closes the editors a test opened: untitled ones reverted first, so closing asks nothing. */
async function closeEditors(): Promise<void> {
  for (let i = 0; i < 20 && vscode.window.activeTextEditor; i++) {
    const doc = vscode.window.activeTextEditor.document;
    if (doc.isUntitled) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    else await closeAll();
  }
  await closeAll();
}

/** What the host posts to the panel, and the log's warnings, while `fn` runs. */
async function watching(ext: TestApi, fn: () => Promise<void>): Promise<{ posted: ToWebview[]; warnings: string[] }> {
  const posted: ToWebview[] = [];
  const warnings: string[] = [];
  const post = ext.chatView.post;
  // Every component's Log writes to the one output channel: watch its warnings there.
  const channel = Reflect.get(ext.log, 'channel') as vscode.LogOutputChannel;
  const warn = channel.warn;
  ext.chatView.post = (m) => {
    posted.push(m);
    post(m);
  };
  channel.warn = (message: string, ...args: unknown[]) => {
    warnings.push(message);
    warn.call(channel, message, ...args);
  };
  try {
    await fn();
  } finally {
    ext.chatView.post = post;
    channel.warn = warn;
  }
  return { posted, warnings };
}

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
      { type: 'codeAction', action: 'copy', messageId: '', blockIndex: 0, codeHash: '00000000' },
      { type: 'codeAction', action: 'copy', messageId: 'x', blockIndex: 0 },
      { type: 'codeAction', action: 'copy', messageId: 'x', blockIndex: 0, codeHash: 'not-hex!' },
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

  test('code-block buttons act on the block the panel numbered: an indented block counts', async () => {
    const { api: ext } = await activateExtension();
    const id = await answerWithThreeBlocks(ext, api);
    try {
      const { editor } = await openFile('', 'ts');
      await ext.chatView.receive({ type: 'codeAction', action: 'insert', messageId: id, blockIndex: 1, codeHash: codeHash(FIRST) });
      assert.equal(editor.document.getText(), FIRST, 'Insert under the first fenced block inserts that block');
      await ext.chatView.receive({ type: 'codeAction', action: 'insert', messageId: id, blockIndex: 0, codeHash: codeHash(INDENTED) });
      assert.equal(editor.document.getText(), FIRST + INDENTED, 'Insert under the indented block inserts it');
      await ext.chatView.receive({ type: 'codeAction', action: 'open', messageId: id, blockIndex: 2, codeHash: codeHash(SECOND) });
      assert.equal(vscode.window.activeTextEditor?.document.getText(), SECOND, 'Open shows the second fenced block');
      assert.equal(vscode.window.activeTextEditor?.document.languageId, 'typescript');
    } finally {
      await closeEditors();
    }
  });

  test('a codeAction whose code fingerprint does not match the host’s block is refused, said and logged, and changes nothing', async () => {
    const { api: ext } = await activateExtension();
    const id = await answerWithThreeBlocks(ext, api);
    try {
      const { editor } = await openFile('keep me\n', 'ts');
      const documents = vscode.workspace.textDocuments.length;
      const proposals = ext.proposals.all.length;
      // What a panel that numbered only the fenced blocks would send: index 1 with the second block's code.
      const { posted, warnings } = await watching(ext, async () => {
        for (const action of ['insert', 'apply', 'open'] as const) {
          await ext.chatView.receive({ type: 'codeAction', action, messageId: id, blockIndex: 1, codeHash: codeHash(SECOND) });
        }
      });
      assert.equal(editor.document.getText(), 'keep me\n', 'nothing was inserted');
      assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'no editor was opened');
      assert.equal(vscode.workspace.textDocuments.length, documents, 'no document was opened');
      assert.equal(ext.proposals.all.length, proposals, 'no proposal was made');
      assert.deepEqual(
        posted.map((m) => (m.type === 'notice' ? `${m.level}: ${m.text}` : m.type)),
        [
          'warning: That code block changed; nothing was inserted.',
          'warning: That code block changed; nothing was applied.',
          'warning: That code block changed; nothing was opened.',
        ],
      );
      assert.equal(warnings.filter((w) => /code block (insert|apply|open) refused: block 1 of message/.test(w)).length, 3, warnings.join('\n'));
    } finally {
      await closeEditors();
    }
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
