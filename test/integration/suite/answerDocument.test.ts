// Open Answer in Editor in a real extension host: the answer's Markdown as a read-only document
// (the host's copy of the text, looked up by turn id), the latest answer from the palette, and an
// id that is not an answer of the open conversation refused with a sentence.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { useChatEnv } from './proposals.support';

const ANSWER = '## Sum\n\nIt adds the `prices`. Then it rounds.\n\n```python\nprint(total([1, 2]))\n```\n';

suite('Open Answer in Editor', () => {
  const holder = useChatEnv();

  async function ask(question: string, text: string): Promise<string> {
    const { env } = holder;
    env.server.enqueue({ kind: 'text', text });
    await env.api.chat.send(question, []);
    await env.api.chat.idle();
    const turn = env.api.chat.current.turns.at(-1);
    assert.equal(turn?.role, 'assistant');
    assert.equal(turn.text, text);
    return turn.id;
  }

  test('an answer opens as a read-only Markdown document with exactly its text; the palette opens the latest', async function () {
    this.timeout(60_000);
    const { env } = holder;
    const first = await ask('What does total do?', ANSWER);
    await ask('And shorter?', 'It sums and rounds.');

    assert.equal(await env.api.answers.open(first), undefined);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor opened');
    assert.equal(editor.document.uri.scheme, 'aiml-claude-answer');
    assert.equal(editor.document.uri.path, '/Answer 1.md');
    assert.equal(editor.document.languageId, 'markdown');
    assert.equal(editor.document.getText(), ANSWER);
    // Read-only: typing into the editor changes nothing (VS Code shows "Cannot edit in read-only editor").
    await vscode.commands.executeCommand('type', { text: 'typed ' });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(editor.document.getText(), ANSWER, 'the answer document cannot be typed into');
    assert.equal(editor.document.isDirty, false);

    await vscode.commands.executeCommand('aimlClaude.openAnswerInEditor');
    const latest = vscode.window.activeTextEditor;
    assert.equal(latest?.document.uri.path, '/Answer 2.md');
    assert.equal(latest?.document.getText(), 'It sums and rounds.');
  });

  test('the panel’s button: the host opens the answer it holds; an id that is not an answer is refused', async function () {
    this.timeout(60_000);
    const { env } = holder;
    const id = await ask('Explain', 'An answer to open.');
    const rejected = env.api.chatView.rejected.length;
    await env.api.chatView.receive({ type: 'openAnswer', messageId: id });
    assert.deepEqual(env.api.chatView.rejected.slice(rejected), []);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), 'An answer to open.');

    const question = env.api.chat.current.turns.find((t) => t.role === 'user');
    assert.ok(question);
    assert.equal(await env.api.answers.open(question.id), 'That answer is no longer in the open conversation.', 'a question is not an answer');
    assert.equal(await env.api.answers.open('no-such-turn'), 'That answer is no longer in the open conversation.');
    await env.api.chat.newChat();
    assert.equal(await env.api.answers.open(), 'There is no answer to open yet: ask Claude something first.');
  });
});
