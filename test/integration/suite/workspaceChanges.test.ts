// Changes across files in a real extension host (issue 11): an answer's edit_file and create_file
// calls end in the turn's changes; the Changes card's actions (sent as the panel sends them) apply
// them as one WorkspaceEdit — one undo step in each file —, re-anchor past the user's edits
// elsewhere, refuse (stale) where the changed lines were edited, never create over a file that
// appeared, undo what was applied unless it changed since; and the states survive a reload of the
// conversation from disk.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StoredFileChange, Turn } from '../../../src/core/chat/conversation';
import { toolCallScript, type ScriptedCall } from '../../support/fakeToolScripts';
import { closeAll, quietNotifications, setUp, tearDown, waitFor, type Env } from './proposals.support';
import { lastPosted, readWorkspaceFile, removeWorkspacePath, requestBody, workspaceUri, writeWorkspaceFile } from './workspace.support';

/** Three small modules, one function each, with lines around the one an answer changes. */
function moduleText(name: string): string {
  return [`// ${name}: part of the order total.`, `export function ${name}(items: number[]): number {`, `  const scale = 1;`, `  return items.length * scale;`, `}`, `// end of ${name}`, ``].join('\n');
}

/** An edit_file call that changes `scale = 1` to `scale = n` in one module. */
function scaleEdit(path: string, n: number): ScriptedCall {
  return { name: 'edit_file', arguments: { path, old_text: '  const scale = 1;\n', new_text: `  const scale = ${n};\n` } };
}

function edited(name: string, n: number): string {
  return moduleText(name).replace('const scale = 1;', `const scale = ${n};`);
}

/** Asks a question whose answer calls the tools once, then says it is done; returns the answer's turn. */
async function propose(env: Env, question: string, calls: readonly ScriptedCall[]): Promise<Turn> {
  env.server.enqueue(toolCallScript(calls, { text: 'I will change the files.' }));
  env.server.enqueue({ kind: 'text', text: 'The changes are ready for review.' });
  await env.api.chat.send(question, []);
  await env.api.chat.idle();
  const turn = env.api.chat.current.turns.at(-1);
  assert.equal(turn?.role, 'assistant');
  assert.equal(turn?.status, 'done', JSON.stringify(turn));
  assert.ok(turn.changes, 'the answer has changes');
  return turn;
}

function states(turn: Turn): Array<[string, StoredFileChange['state']]> {
  return (turn.changes ?? []).map((c) => [c.path, c.state]);
}

/** A Changes card action, as the panel sends it; returns the warning the panel was shown, if any. */
async function act(env: Env, turn: Turn, action: 'accept' | 'reject' | 'acceptAll' | 'rejectAll' | 'undo', path?: string): Promise<string | undefined> {
  const before = lastPosted(env.api.chatView.lastPosted, 'notice');
  // The host's list of rejected messages is the whole session's (other suites send malformed ones).
  const rejectedBefore = env.api.chatView.rejected.length;
  await env.api.chatView.receive({ type: 'changeAction', messageId: turn.id, action, ...(path === undefined ? {} : { path }) });
  assert.deepEqual(env.api.chatView.rejected.slice(rejectedBefore), []);
  const after = lastPosted(env.api.chatView.lastPosted, 'notice');
  return after !== before ? after?.text : undefined;
}

/** Changes a file as the user would in the editor: a WorkspaceEdit, then saved. */
async function userEdit(relative: string, change: (text: string) => string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relative));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), change(doc.getText()));
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await doc.save());
}

suite('Changes across files: the Changes card in the extension host', () => {
  let env: Env;
  let dir = '';
  let testNo = 0;
  /** `name`.ts in this test's folder. */
  const f = (name: string): string => `${dir}/${name}.ts`;

  suiteSetup(async function () {
    this.timeout(60_000);
    env = await setUp();
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    await closeAll();
    removeWorkspacePath('multi');
    await tearDown(env);
  });
  setup(async () => {
    quietNotifications(env.api);
    await env.api.chat.newChat();
    // A folder of its own per test: a document an earlier test opened may linger in the editor's
    // memory, and the tools read the editor's text first.
    dir = `multi/t${++testNo}`;
    for (const name of ['alpha', 'beta', 'gamma']) writeWorkspaceFile(`${dir}/${name}.ts`, moduleText(name));
  });
  teardown(async () => {
    await env.api.chat.idle();
    await closeAll();
  });

  test('edits of three files are one turn’s changes; Accept All writes them, one undo step in each file', async function () {
    this.timeout(60_000);
    const turn = await propose(env, 'Scale every part', [scaleEdit(f('alpha'), 2), scaleEdit(f('beta'), 3), scaleEdit(f('gamma'), 4)]);
    assert.deepEqual(
      turn.changes?.map(({ path, created, added, removed, state }) => ({ path, created, added, removed, state })),
      ['alpha', 'beta', 'gamma'].map((n) => ({ path: f(n), created: false, added: 1, removed: 1, state: 'pending' })),
    );
    // The panel drew the card: the answer as it was sent there carries the three files.
    const tools = requestBody(env.server, -2).tools?.map((t) => t.function.name) ?? [];
    assert.ok(tools.includes('edit_file') && tools.includes('create_file'), `the edit tools were offered: ${tools.join(', ')}`);
    for (const n of ['alpha', 'beta', 'gamma']) assert.equal(readWorkspaceFile(f(n)), moduleText(n), 'nothing is written before the user accepts');

    assert.equal(await act(env, turn, 'acceptAll'), undefined);
    assert.deepEqual(states(turn), [
      [f('alpha'), 'accepted'],
      [f('beta'), 'accepted'],
      [f('gamma'), 'accepted'],
    ]);
    const view = lastPosted(env.api.chatView.lastPosted, 'turnUpdated')?.message;
    assert.equal(view?.id, turn.id);
    assert.deepEqual(view?.changes?.map((c) => c.state), ['accepted', 'accepted', 'accepted'], 'the card was redrawn');
    [2, 3, 4].forEach((n, i) => {
      const name = ['alpha', 'beta', 'gamma'][i] as string;
      assert.equal(readWorkspaceFile(f(name)), edited(name, n), `${name}.ts is written and saved`);
    });

    // One undo in each file's editor puts it back exactly; a second one changes nothing more.
    for (const name of ['alpha', 'beta', 'gamma']) {
      const editor = await vscode.window.showTextDocument(workspaceUri(f(name)), { preview: false });
      await vscode.commands.executeCommand('undo');
      await waitFor(`${name}.ts undone`, () => editor.document.getText() === moduleText(name) || undefined);
      await vscode.commands.executeCommand('undo');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(editor.document.getText(), moduleText(name), `a second undo in ${name}.ts changes nothing`);
    }
  });

  test('a file edited elsewhere since the proposal is re-anchored (the user’s edit kept); one edited in the changed lines is refused and marked stale', async function () {
    this.timeout(60_000);
    const turn = await propose(env, 'Scale two parts', [scaleEdit(f('alpha'), 2), scaleEdit(f('beta'), 3)]);
    // The user adds lines above the change in alpha (it moves down), and edits the very line in beta.
    await userEdit(f('alpha'), (t) => `// reviewed by the user\n// twice\n${t}`);
    await userEdit(f('beta'), (t) => t.replace('const scale = 1;', 'const scale = 10;'));

    const warning = await act(env, turn, 'acceptAll');
    assert.equal(warning, `1 file was changed; not applied: ${f('beta')} was edited where the change goes. Your edits are kept; open the file's diff to see what was proposed.`);
    assert.deepEqual(states(turn), [
      [f('alpha'), 'accepted'],
      [f('beta'), 'stale'],
    ]);
    assert.equal(readWorkspaceFile(f('alpha')), `// reviewed by the user\n// twice\n${edited('alpha', 2)}`);
    assert.equal(readWorkspaceFile(f('beta')), moduleText('beta').replace('const scale = 1;', 'const scale = 10;'), 'nothing written over the user’s edit');
  });

  test('Undo Changes puts back every file it applied, and refuses one changed since', async function () {
    this.timeout(60_000);
    const turn = await propose(env, 'Scale every part', [scaleEdit(f('alpha'), 2), scaleEdit(f('beta'), 3), scaleEdit(f('gamma'), 4)]);
    assert.equal(await act(env, turn, 'acceptAll'), undefined);
    await userEdit(f('gamma'), (t) => t.replace('// end of gamma', '// end of gamma, edited after the answer'));

    const warning = await act(env, turn, 'undo');
    assert.equal(warning, `Undone: 2 files. Not undone: ${f('gamma')} (changed since).`);
    assert.deepEqual(states(turn), [
      [f('alpha'), 'undone'],
      [f('beta'), 'undone'],
      [f('gamma'), 'accepted'],
    ]);
    assert.equal(readWorkspaceFile(f('alpha')), moduleText('alpha'));
    assert.equal(readWorkspaceFile(f('beta')), moduleText('beta'));
    assert.equal(readWorkspaceFile(f('gamma')), edited('gamma', 4).replace('// end of gamma', '// end of gamma, edited after the answer'));
  });

  test('the conversation read back from disk keeps the changes and their states; the card acts on them still', async function () {
    this.timeout(60_000);
    const turn = await propose(env, 'Scale every part', [scaleEdit(f('alpha'), 2), scaleEdit(f('beta'), 3), scaleEdit(f('gamma'), 4)]);
    assert.equal(await act(env, turn, 'accept', f('alpha')), undefined);
    assert.equal(await act(env, turn, 'reject', f('beta')), undefined);
    const id = env.api.chat.current.id;

    // Another conversation, then this one again: read from the store on disk, drawn anew.
    await env.api.chat.newChat();
    assert.equal(env.api.chat.changesOf(turn.id), undefined);
    await env.api.chat.open(id);
    const reloaded = env.api.chat.current.turns.find((t) => t.id === turn.id);
    assert.ok(reloaded && reloaded !== turn, 'a fresh copy, read from disk');
    assert.deepEqual(states(reloaded), [
      [f('alpha'), 'accepted'],
      [f('beta'), 'rejected'],
      [f('gamma'), 'pending'],
    ]);
    const init = lastPosted(env.api.chatView.lastPosted, 'init');
    const card = init?.messages.find((m) => m.id === turn.id)?.changes;
    assert.deepEqual(card?.map((c) => [c.path, c.state, c.added, c.removed]), [
      [f('alpha'), 'accepted', 1, 1],
      [f('beta'), 'rejected', 1, 1],
      [f('gamma'), 'pending', 1, 1],
    ]);

    // The reloaded card still works: the pending file is accepted, the accepted one undone.
    assert.equal(await act(env, reloaded, 'accept', f('gamma')), undefined);
    assert.equal(readWorkspaceFile(f('gamma')), edited('gamma', 4));
    assert.equal(await act(env, reloaded, 'undo'), undefined);
    assert.deepEqual(states(reloaded), [
      [f('alpha'), 'undone'],
      [f('beta'), 'rejected'],
      [f('gamma'), 'undone'],
    ]);
    for (const n of ['alpha', 'beta', 'gamma']) assert.equal(readWorkspaceFile(f(n)), moduleText(n));
  });

  test('two quick clicks of Accept All apply once: the second finds nothing pending and warns of nothing', async function () {
    this.timeout(60_000);
    const turn = await propose(env, 'Scale two parts', [scaleEdit(f('alpha'), 5), scaleEdit(f('beta'), 6), { name: 'create_file', arguments: { path: `${dir}/extra.ts`, content: 'export const extra = 1;\n' } }]);
    const noticeBefore = lastPosted(env.api.chatView.lastPosted, 'notice');
    const rejectedBefore = env.api.chatView.rejected.length;
    const click = () => env.api.chatView.receive({ type: 'changeAction', messageId: turn.id, action: 'acceptAll' });
    await Promise.all([click(), click()]);
    assert.deepEqual(env.api.chatView.rejected.slice(rejectedBefore), []);
    const noticeAfter = lastPosted(env.api.chatView.lastPosted, 'notice');
    assert.equal(noticeAfter, noticeBefore, `no warning, the second click had nothing left to do: ${noticeAfter?.text ?? ''}`);
    assert.deepEqual(states(turn), [
      [f('alpha'), 'accepted'],
      [f('beta'), 'accepted'],
      [`${dir}/extra.ts`, 'accepted'],
    ]);
    assert.equal(readWorkspaceFile(f('alpha')), edited('alpha', 5));
    assert.equal(readWorkspaceFile(f('beta')), edited('beta', 6));
    assert.equal(readWorkspaceFile(`${dir}/extra.ts`), 'export const extra = 1;\n');
  });

  test('create_file: a new file is created on accept; never over a file that appeared meanwhile', async function () {
    this.timeout(60_000);
    const turn = await propose(env, 'Add two helpers', [
      { name: 'create_file', arguments: { path: `${dir}/helpers/one.ts`, content: 'export const one = 1;\n' } },
      { name: 'create_file', arguments: { path: `${dir}/helpers/two.ts`, content: 'export const two = 2;\n' } },
    ]);
    assert.deepEqual(
      turn.changes?.map(({ path, created, added, removed }) => [path, created, added, removed]),
      [
        [`${dir}/helpers/one.ts`, true, 1, 0],
        [`${dir}/helpers/two.ts`, true, 1, 0],
      ],
    );
    writeWorkspaceFile(`${dir}/helpers/two.ts`, 'the user’s own file\n');

    const warning = await act(env, turn, 'acceptAll');
    assert.ok(warning?.startsWith(`1 file was changed; not applied: ${dir}/helpers/two.ts appeared meanwhile, so it was not created over.`), warning);
    assert.deepEqual(states(turn), [
      [`${dir}/helpers/one.ts`, 'accepted'],
      [`${dir}/helpers/two.ts`, 'stale'],
    ]);
    assert.equal(readWorkspaceFile(`${dir}/helpers/one.ts`), 'export const one = 1;\n');
    assert.equal(readWorkspaceFile(`${dir}/helpers/two.ts`), 'the user’s own file\n', 'the file that appeared is kept');
  });
});
