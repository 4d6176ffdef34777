import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Conversation } from '../../../src/core/chat/conversation';
import type { TestApi } from '../../../src/extension';
import type { HistoryUi } from '../../../src/host/chat/history';
import type { ToWebview } from '../../../src/shared/protocol';
import { activateExtension, waitFor } from './helpers';

// The history's dialogs are VS Code's own in the product. Here they are replaced through the
// TestApi (`history.ui`): the save dialog returns a path in a temporary folder, the input box a
// typed name, the notifications a chosen button. Everything else — the command, the panel's
// messages, the store on disk, workspace.fs — is the real extension in a real extension host.

const T0 = Date.UTC(2026, 10, 23, 9, 30);

function fixture(id: string, title: string, updatedAt: number, question = title, answer = 'Done.'): Conversation {
  return {
    version: 1,
    id,
    title,
    createdAt: updatedAt - 60_000,
    updatedAt,
    model: 'claude-sonnet-4-5',
    turns: [
      { id: `${id}-u`, role: 'user', text: question, createdAt: updatedAt - 60_000 },
      { id: `${id}-a`, role: 'assistant', text: answer, model: 'claude-sonnet-4-5', status: 'done', createdAt: updatedAt },
    ],
  };
}

/** Writes a conversation file as the store would (compact JSON, owner-only). */
function writeConversation(dir: string, c: Conversation | string, id = typeof c === 'string' ? '' : c.id): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${id}.json`);
  fs.writeFileSync(file, typeof c === 'string' ? c : JSON.stringify(c), { mode: 0o600 });
  return file;
}

suite('History: export, search, rename, delete with Undo, the cap, damaged files', () => {
  let ext: TestApi;
  let tmp: string;
  let realUi: HistoryUi;
  const posted: ToWebview[] = [];
  let post: TestApi['chatView']['post'];

  suiteSetup(async () => {
    ext = (await activateExtension()).api;
    realUi = ext.history.ui;
    post = ext.chatView.post;
    ext.chatView.post = (m) => {
      posted.push(m);
      post(m);
    };
  });

  setup(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-history-it-'));
    await ext.chat.newChat();
    // Only this suite's conversations in the folder: earlier suites' would count against the cap.
    fs.rmSync(ext.chatStorageDir, { recursive: true, force: true });
    posted.length = 0;
  });

  teardown(async () => {
    ext.history.ui = realUi;
    await vscode.workspace.getConfiguration('aimlClaude').update('history.maxConversations', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  suiteTeardown(() => {
    ext.chatView.post = post;
  });

  function lastHistory(): string[] {
    const m = posted.filter((p): p is Extract<ToWebview, { type: 'history' }> => p.type === 'history').at(-1);
    return m?.history.map((h) => h.title) ?? [];
  }

  test('Export Conversation… writes the Markdown the user picked, exactly; a .json name gets the stored format', async () => {
    const c = fixture('c0ffee00-0000-4000-8000-00000000e001', 'Fix parser', T0, 'Why is `parse()` wrong?', 'It drops the last line:\n\n```ts\nlines.slice(0, -1)\n```');
    // Keys in the stored format's order (src/core/chat/conversation.ts), which the JSON export keeps.
    const [u, a] = c.turns as [Conversation['turns'][number], Conversation['turns'][number]];
    c.turns = [
      {
        id: u.id,
        role: 'user',
        text: u.text,
        attachments: [{ id: 'x1', kind: 'file', label: 'src/parse.ts', tokens: 9, languageId: 'typescript', relativePath: 'src/parse.ts', text: 'export const parse = (s: string) => s.split("\\n");\n' }],
        createdAt: u.createdAt,
      },
      {
        id: a.id,
        role: 'assistant',
        text: a.text,
        model: a.model,
        status: a.status,
        rounds: [
          { text: '', calls: [{ id: 's1', name: 'read_file', arguments: '{}', ok: true, summary: 'Read `src/parse.ts` 1–1', result: '…' }] },
          { text: 'It drops the last line.', calls: [] },
        ],
        createdAt: a.createdAt,
      },
    ];
    writeConversation(ext.chatStorageDir, c);
    const offered: vscode.SaveDialogOptions[] = [];
    const md = vscode.Uri.file(path.join(tmp, 'out', 'parser.md'));
    fs.mkdirSync(path.dirname(md.fsPath));
    ext.history.ui = { ...realUi, showSaveDialog: async (o) => (offered.push(o), md), showInformationMessage: async () => undefined };
    await vscode.commands.executeCommand('aimlClaude.exportConversation', c.id);
    const expected = [
      '# Fix parser',
      '',
      '*claude-sonnet-4-5 · 2026-11-23 09:29 UTC · 2 messages*',
      '',
      '## Question',
      '',
      'Why is `parse()` wrong?',
      '',
      '**Attached file: src/parse.ts**',
      '',
      '```typescript',
      'export const parse = (s: string) => s.split("\\n");',
      '```',
      '',
      '## Answer (claude-sonnet-4-5)',
      '',
      'Tool steps:',
      '',
      '- Read `src/parse.ts` 1–1',
      '',
      'It drops the last line:',
      '',
      '```ts',
      'lines.slice(0, -1)',
      '```',
      '',
    ].join('\n');
    assert.equal(fs.readFileSync(md.fsPath, 'utf8'), expected);
    assert.equal(path.basename(offered[0]?.defaultUri?.fsPath ?? ''), 'fix-parser-2026-11-23.md');
    assert.deepEqual(offered[0]?.filters, { Markdown: ['md'], JSON: ['json'] });

    // The same conversation from the history list's Export button, saved under a .json name.
    const json = vscode.Uri.file(path.join(tmp, 'out', 'parser.json'));
    ext.history.ui = { ...ext.history.ui, showSaveDialog: async () => json };
    await ext.chatView.receive({ type: 'exportConversation', id: c.id });
    assert.equal(fs.readFileSync(json.fsPath, 'utf8'), `${JSON.stringify(c, null, 2)}\n`);
  });

  test('Export of the open conversation, and a cancelled dialog writes nothing', async () => {
    const c = fixture('c0ffee00-0000-4000-8000-00000000e002', 'Open one', T0);
    writeConversation(ext.chatStorageDir, c);
    await ext.chat.open(c.id);
    const target = vscode.Uri.file(path.join(tmp, 'open.md'));
    ext.history.ui = { ...realUi, showSaveDialog: async () => undefined, showInformationMessage: async () => undefined };
    await vscode.commands.executeCommand('aimlClaude.exportConversation');
    assert.deepEqual(fs.readdirSync(tmp), [], 'cancelled: nothing written');
    ext.history.ui = { ...ext.history.ui, showSaveDialog: async () => target };
    await vscode.commands.executeCommand('aimlClaude.exportConversation');
    assert.match(fs.readFileSync(target.fsPath, 'utf8'), /^# Open one\n/);
  });

  test('search: titles and message text, any case, from the panel’s box', async () => {
    writeConversation(ext.chatStorageDir, fixture('c0ffee00-0000-4000-8000-00000000e011', 'Parser bug', T0 + 2, 'Why?', 'Because of SLICE.'));
    writeConversation(ext.chatStorageDir, fixture('c0ffee00-0000-4000-8000-00000000e012', 'Rename total', T0 + 1, 'Call it sum_items', 'Sure.'));
    await ext.chatView.receive({ type: 'searchHistory', query: 'slice' });
    assert.deepEqual(lastHistory(), ['Parser bug']);
    const hit = posted.filter((p) => p.type === 'history').at(-1);
    assert.equal(hit?.type === 'history' ? hit.history[0]?.excerpt : '', 'Because of SLICE.');
    await ext.chatView.receive({ type: 'searchHistory', query: 'RENAME' });
    assert.deepEqual(lastHistory(), ['Rename total']);
    await ext.chatView.receive({ type: 'searchHistory', query: 'nothing of the kind' });
    assert.deepEqual(lastHistory(), []);
    await ext.chatView.receive({ type: 'searchHistory', query: '' });
    assert.deepEqual(lastHistory(), ['Parser bug', 'Rename total']);
  });

  test('rename: validated, saved, last activity kept; the open conversation renamed in the session too', async () => {
    const c = fixture('c0ffee00-0000-4000-8000-00000000e021', 'Old name', T0);
    const file = writeConversation(ext.chatStorageDir, c);
    const problems: (string | undefined)[] = [];
    ext.history.ui = {
      ...realUi,
      showInputBox: async (o) => {
        assert.equal(o.value, 'Old name');
        for (const v of ['', '   ', 'x'.repeat(201), 'Fine']) problems.push((await o.validateInput?.(v)) as string | undefined);
        return '  New   name ';
      },
    };
    await ext.chatView.receive({ type: 'renameConversation', id: c.id });
    assert.equal(problems.slice(0, 3).every((p) => typeof p === 'string' && p.length > 0), true, problems.join(' | '));
    assert.equal(problems[3], undefined);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Conversation;
    assert.equal(saved.title, 'New name');
    assert.equal(saved.updatedAt, T0);
    assert.deepEqual(lastHistory(), ['New name']);

    // Escape keeps the old name.
    ext.history.ui = { ...realUi, showInputBox: async () => undefined };
    await ext.chatView.receive({ type: 'renameConversation', id: c.id });
    assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as Conversation).title, 'New name');

    await ext.chat.open(c.id);
    ext.history.ui = { ...realUi, showInputBox: async () => 'Open and renamed' };
    await ext.chatView.receive({ type: 'renameConversation', id: c.id });
    await ext.chat.idle();
    assert.equal(ext.chat.current.title, 'Open and renamed');
    assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as Conversation).title, 'Open and renamed');
  });

  test('delete with Undo puts the file back byte for byte; dismissed, it stays deleted', async () => {
    const c = fixture('c0ffee00-0000-4000-8000-00000000e031', 'Delete me', T0);
    const file = writeConversation(ext.chatStorageDir, c);
    const bytes = fs.readFileSync(file);
    let answer: (choice: string | undefined) => void = () => undefined;
    const shown: string[] = [];
    ext.history.ui = {
      ...realUi,
      showInformationMessage: (m, ...items) => {
        shown.push(`${m} [${items.join(', ')}]`);
        return new Promise((resolve) => (answer = resolve));
      },
    };
    const removing = ext.chatView.receive({ type: 'deleteConversation', id: c.id });
    await waitFor('the Undo notification', () => shown.length === 1);
    assert.deepEqual(shown, ['Deleted “Delete me”. [Undo]']);
    assert.equal(fs.existsSync(file), false, 'deleted at once');
    assert.deepEqual(lastHistory(), []);
    answer('Undo');
    await removing;
    assert.ok(fs.readFileSync(file).equals(bytes), 'restored byte for byte');
    assert.deepEqual(lastHistory(), ['Delete me']);

    const again = ext.chatView.receive({ type: 'deleteConversation', id: c.id });
    await waitFor('the second notification', () => shown.length === 2);
    answer(undefined);
    await again;
    assert.equal(fs.existsSync(file), false, 'dismissed: deleted for good');
  });

  test('deleting the open conversation starts a new chat; Undo reopens it', async () => {
    const c = fixture('c0ffee00-0000-4000-8000-00000000e032', 'Open and deleted', T0);
    const file = writeConversation(ext.chatStorageDir, c);
    const bytes = fs.readFileSync(file);
    await ext.chat.open(c.id);
    let answer: (choice: string | undefined) => void = () => undefined;
    let asked = false;
    ext.history.ui = { ...realUi, showInformationMessage: () => ((asked = true), new Promise((resolve) => (answer = resolve))) };
    const removing = ext.chatView.receive({ type: 'deleteConversation', id: c.id });
    await waitFor('the Undo notification', () => asked);
    assert.notEqual(ext.chat.current.id, c.id);
    assert.equal(ext.chat.current.turns.length, 0);
    answer('Undo');
    await removing;
    assert.ok(fs.readFileSync(file).equals(bytes));
    assert.equal(ext.chat.current.id, c.id, 'reopened');
  });

  test('the cap deletes the oldest by last activity, never the open one', async () => {
    const ids = [1, 2, 3, 4, 5].map((n) => `c0ffee00-0000-4000-8000-00000000e04${n}`);
    ids.forEach((id, i) => writeConversation(ext.chatStorageDir, fixture(id, `Conversation ${i + 1}`, T0 + i * 1000)));
    await ext.chat.open(ids[0]!); // the oldest, and open
    await vscode.workspace.getConfiguration('aimlClaude').update('history.maxConversations', 3, vscode.ConfigurationTarget.Global);
    const left = await waitFor('the oldest deleted', () => {
      const names = fs.readdirSync(ext.chatStorageDir).sort();
      return names.length === 3 ? names : undefined;
    });
    assert.deepEqual(left, [ids[0], ids[3], ids[4]].map((id) => `${id}.json`));
    // 0 is no cap.
    await vscode.workspace.getConfiguration('aimlClaude').update('history.maxConversations', 0, vscode.ConfigurationTarget.Global);
    for (let i = 6; i <= 9; i++) writeConversation(ext.chatStorageDir, fixture(`c0ffee00-0000-4000-8000-00000000e04${i}`, `More ${i}`, T0 + i * 1000));
    await ext.chatView.receive({ type: 'searchHistory', query: '' });
    assert.equal(fs.readdirSync(ext.chatStorageDir).length, 7);
  });

  test('a damaged file is set aside with one warning naming it, and never deleted', async () => {
    writeConversation(ext.chatStorageDir, fixture('c0ffee00-0000-4000-8000-00000000e051', 'Healthy', T0));
    const damaged = '{"version":1,"id":"c0ffee00-0000-4000-8000-00000000e052","title":"Cut';
    writeConversation(ext.chatStorageDir, damaged, 'c0ffee00-0000-4000-8000-00000000e052');
    const warnings: string[] = [];
    ext.history.ui = { ...realUi, showWarningMessage: async (m, ...items) => (warnings.push(`${m} [${items.join(', ')}]`), undefined) };
    const before = ext.history.shownWarnings.length;
    await ext.chatView.receive({ type: 'searchHistory', query: '' });
    assert.deepEqual(lastHistory(), ['Healthy']);
    const aside = fs.readdirSync(ext.chatStorageDir).filter((n) => n.includes('.corrupt-'));
    assert.equal(aside.length, 1);
    assert.match(aside[0]!, /^c0ffee00-0000-4000-8000-00000000e052\.corrupt-\d{8}T\d{9}Z\.json$/);
    assert.equal(fs.readFileSync(path.join(ext.chatStorageDir, aside[0]!), 'utf8'), damaged);
    assert.equal(warnings.length, 1);
    assert.ok(warnings[0]?.includes(`“${aside[0]}”`), warnings[0]);
    assert.match(warnings[0] ?? '', /Nothing was deleted\. \[Show Log, Open File\]$/);
    assert.equal(ext.history.shownWarnings.length, before + 1);
    // Listed again: no second warning, the file still there.
    await ext.chatView.receive({ type: 'searchHistory', query: '' });
    assert.equal(warnings.length, 1);
    assert.ok(fs.existsSync(path.join(ext.chatStorageDir, aside[0]!)));
  });
});
