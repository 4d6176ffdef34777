// Explain and Refactor from the editor in the real extension host: what they send, how the scope is
// chosen and said, the quick pick, code actions, and every bad input refused before a request.
import * as assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExplainOutcome } from '../../../src/host/commands/explain';
import type { RefactorOutcome } from '../../../src/host/commands/refactor';
import {
  answerWith,
  closeAll,
  diffTab,
  KEY,
  lastRequestText,
  openFile,
  quietNotifications,
  readyId,
  refactor,
  selectLines,
  setUp,
  tearDown,
  waitFor,
  type Env,
} from './proposals.support';

const SOURCE = [
  "import { readFile } from 'node:fs/promises';",
  '',
  'export function total(items) {',
  '  let sum = 0;',
  '  for (const item of items) sum += item.price;',
  '  return sum;',
  '}',
  '',
].join('\n');

const explain = async () => (await vscode.commands.executeCommand<ExplainOutcome>('aimlClaude.explainSelection')) as ExplainOutcome;

/**
 * Answers the quick pick a pending command shows, however long it takes to appear (a loaded machine
 * is slow): the command runs until the command settles. With no quick pick open it does nothing.
 */
async function answerQuickPick(pending: Thenable<RefactorOutcome | undefined>, command: string): Promise<RefactorOutcome> {
  let settled = false;
  const result = Promise.resolve(pending).finally(() => {
    settled = true;
  });
  const deadline = Date.now() + 20_000;
  while (!settled && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    if (!settled) await vscode.commands.executeCommand(command);
  }
  return (await result) as RefactorOutcome;
}

suite('Explain and Refactor: scope, prompts, entry points and bad input', () => {
  let env: Env;
  const disposables: vscode.Disposable[] = [];

  suiteSetup(async () => {
    env = await setUp();
    // Symbols for *.symtest files, so the "enclosing symbol" rule does not wait on a language server.
    disposables.push(
      vscode.languages.registerDocumentSymbolProvider({ pattern: '**/*.symtest' }, {
        provideDocumentSymbols(doc) {
          const fn = new vscode.DocumentSymbol('total', '', vscode.SymbolKind.Function, new vscode.Range(2, 0, 6, 1), new vscode.Range(2, 16, 2, 21));
          fn.children = [new vscode.DocumentSymbol('sum', '', vscode.SymbolKind.Variable, new vscode.Range(3, 2, 3, 14), new vscode.Range(3, 6, 3, 9))];
          return doc.lineCount > 6 ? [fn] : [];
        },
      }),
    );
  });
  suiteTeardown(async () => {
    for (const d of disposables) d.dispose();
    await closeAll();
    await tearDown(env);
  });
  setup(async () => {
    quietNotifications(env.api);
    if (!(await env.api.secrets.has())) await env.api.secrets.set(KEY);
  });
  teardown(async () => {
    await env.api.chat.idle();
    for (const p of env.api.proposals.all) await env.api.proposals.close(p, 'test teardown');
    await closeAll();
  });

  test('Explain a selection: a chat turn with the code and the lines around it, streamed into the panel', async () => {
    const file = await openFile(SOURCE, 'js');
    selectLines(file.editor, 3, 5);
    env.server.enqueue({ kind: 'text', text: 'It adds up the **prices**.', chunkSize: 4, delayMs: 10 });
    const outcome = await explain();
    assert.equal(outcome.status, 'asked', JSON.stringify(outcome));
    assert.equal(outcome.status === 'asked' && outcome.kind, 'selection');
    const turns = env.api.chat.current.turns;
    const user = turns.at(-2);
    const answer = turns.at(-1);
    assert.match(user?.text ?? '', /^Explain this JavaScript code from `tmp\/case-[^`]+\.js`, lines 4–6\./);
    assert.equal(user?.attachments?.[0]?.text, '  let sum = 0;\n  for (const item of items) sum += item.price;\n  return sum;');
    assert.match(user?.attachments?.[0]?.label ?? '', /\.js:4-6$/);
    assert.match(user?.attachments?.[1]?.text ?? '', /export function total\(items\) \{\n⋮ lines 4–6: the code to explain, attached above ⋮\n\}/);
    assert.equal(answer?.text, 'It adds up the **prices**.');
    assert.equal(answer?.status, 'done');
    const sent = lastRequestText(env.server);
    assert.match(sent, /Selected code: case-.*\.js:4-6/);
    assert.match(sent, /for \(const item of items\) sum \+= item\.price;/);
    assert.match(sent, /import \{ readFile \}/, 'the surrounding window went too');
    assert.doesNotMatch(user?.text ?? '', /Be concise/, 'the panel shows the short question');
    assert.match(sent, /Explain this JavaScript code from .*Refer to lines by their numbers\. Be concise\./s, 'the model reads the question and how to answer');
    assert.equal(env.api.chatView.visible, true, 'the chat panel is open');
  });

  test('Explain with nothing selected: the enclosing symbol, and the question says so', async () => {
    const file = await openFile(SOURCE, 'symtest');
    file.editor.selection = new vscode.Selection(3, 5, 3, 5);
    env.server.enqueue({ kind: 'text', text: 'Sums prices.' });
    const outcome = await explain();
    assert.equal(outcome.status === 'asked' && outcome.kind, 'symbol');
    const user = env.api.chat.current.turns.at(-2);
    assert.match(user?.text ?? '', /Explain the function `total` in `tmp\/case-.*\.symtest`, lines 3–7\. Nothing was selected, so this is the function around the cursor\./);
    assert.equal(user?.attachments?.[0]?.text, SOURCE.split('\n').slice(2, 7).join('\n') + '\n');
  });

  test('Explain with nothing selected outside any symbol: the line at the cursor, said so', async () => {
    const file = await openFile(SOURCE, 'symtest');
    file.editor.selection = new vscode.Selection(0, 3, 0, 3);
    env.server.enqueue({ kind: 'text', text: 'An import.' });
    const outcome = await explain();
    assert.equal(outcome.status === 'asked' && outcome.kind, 'line');
    assert.match(env.api.chat.current.turns.at(-2)?.text ?? '', /Explain line 1 of .*Nothing was selected, so this is the line at the cursor\./);
  });

  test('no editor: a clear message for both, nothing sent', async () => {
    await closeAll();
    const before = env.server.chatRequests.length;
    const e = await explain();
    assert.equal(e.status, 'refused');
    assert.match(e.status === 'refused' ? e.reason : '', /Open a file and select the code to explain first/);
    const r = await refactor({ instruction: undefined });
    assert.equal(r.status, 'refused');
    assert.match(r.status === 'refused' ? r.reason : '', /Open a file and select the code to refactor first/);
    assert.equal(env.server.chatRequests.length, before);
  });

  test('no API key: Explain and Refactor lead to "Set API Key", nothing sent', async () => {
    await env.api.secrets.clear();
    const file = await openFile(SOURCE);
    selectLines(file.editor, 3, 5);
    const before = env.server.chatRequests.length;
    const e = await explain();
    assert.deepEqual(e, { status: 'refused', reason: 'no API key' });
    assert.deepEqual(env.api.notifier.last()?.actions, ['Set API Key']);
    assert.match(env.api.notifier.last()?.text ?? '', /Set your AI\/ML API key to explain code/);
    // Pressing the button runs the Set API Key command (its input box), here dismissed.
    env.api.notifier.respond = (n) => (n.actions.includes('Set API Key') ? 'Set API Key' : undefined);
    const closer = setInterval(() => void vscode.commands.executeCommand('workbench.action.closeQuickOpen'), 300);
    try {
      const r = await refactor();
      assert.deepEqual(r, { status: 'refused', reason: 'no API key' });
    } finally {
      clearInterval(closer);
    }
    assert.match(env.api.notifier.last()?.text ?? '', /to refactor code/);
    assert.equal(env.server.chatRequests.length, before);
  });

  test('a selection beyond the model’s context: refused with the numbers, nothing sent', async () => {
    const big = Array.from({ length: 7000 }, (_, i) => `const value${i} = ${'x'.repeat(90)};`).join('\n') + '\n';
    const file = await openFile(big);
    file.editor.selection = new vscode.Selection(0, 0, file.doc.lineCount - 1, 0);
    const before = env.server.chatRequests.length;
    const e = await explain();
    assert.equal(e.status, 'refused');
    const message = e.status === 'refused' ? e.reason : '';
    assert.match(message, /The code to explain \(lines 1–7000\) with its context is about [\d,]+ tokens; Claude Sonnet 4\.5 accepts 200,000 including 8,192 for the answer\./);
    const r = await refactor();
    assert.match(r.status === 'refused' ? r.reason : '', /about [\d,]+ tokens; Claude Sonnet 4\.5 accepts 200,000/);
    assert.equal(env.server.chatRequests.length, before);
    assert.equal(env.api.proposals.all.length, 0);
  });

  test('a selection larger than the output limit: refactor refuses before sending', async () => {
    await vscode.workspace.getConfiguration('aimlClaude').update('maxOutputTokens', 256, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the setting', () => env.api.config.current.maxOutputTokens === 256);
      const file = await openFile(Array.from({ length: 40 }, (_, i) => `let v${i} = ${i} + ${i};`).join('\n'));
      file.editor.selection = new vscode.Selection(0, 0, 39, 5);
      const before = env.server.chatRequests.length;
      const r = await refactor();
      assert.match(r.status === 'refused' ? r.reason : '', /is about [\d,]+ tokens, but an answer may use at most 256/);
      assert.equal(env.server.chatRequests.length, before);
    } finally {
      await vscode.workspace.getConfiguration('aimlClaude').update('maxOutputTokens', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a read-only document: Refactor refuses, Explain works', async () => {
    const provider = vscode.workspace.registerTextDocumentContentProvider('aiml-test-readonly', { provideTextDocumentContent: () => SOURCE });
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('aiml-test-readonly:/lib/readonly.js'));
      const editor = await vscode.window.showTextDocument(doc);
      selectLines(editor, 3, 5);
      const before = env.server.chatRequests.length;
      const r = await refactor();
      assert.match(r.status === 'refused' ? r.reason : '', /readonly\.js is read-only, so it cannot be changed/);
      assert.equal(env.server.chatRequests.length, before);
      env.server.enqueue({ kind: 'text', text: 'Read-only code, explained.' });
      const e = await explain();
      assert.equal(e.status, 'asked');
    } finally {
      provider.dispose();
    }
  });

  test('very long lines: Refactor asks first; declined, nothing is sent', async () => {
    const minified = `var a=${'[1,2,3],'.repeat(400)}0;\n`;
    const file = await openFile(`// header\n${minified}`, 'js');
    selectLines(file.editor, 1, 1);
    const before = env.server.chatRequests.length;
    const r = await refactor();
    assert.deepEqual(r, { status: 'refused', reason: 'long lines' });
    const notice = env.api.notifier.last();
    assert.match(notice?.text ?? '', /Line 2 of case-.*\.js is 3,208 characters long \(minified or generated code\?\)/);
    assert.deepEqual(notice?.actions, ['Refactor Anyway']);
    assert.equal(env.server.chatRequests.length, before);
    // Agreed: it goes ahead.
    env.api.notifier.respond = (n) => (n.actions.includes('Refactor Anyway') ? 'Refactor Anyway' : undefined);
    env.server.enqueue({ kind: 'text', text: answerWith('var a = [];\n', 'javascript') });
    const again = await refactor();
    assert.equal(again.status, 'ready');
  });

  test('text with NUL characters: refused as binary', async () => {
    // VS Code will not open such a file from disk; an untitled document can hold it.
    const doc = await vscode.workspace.openTextDocument({ content: 'abc\u0000def\nmore\n' });
    const editor = await vscode.window.showTextDocument(doc);
    selectLines(editor, 0, 1);
    try {
      const r = await refactor();
      assert.match(r.status === 'refused' ? r.reason : '', /looks like a binary file/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  test('a non-text editor (an image): a clear message', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri as vscode.Uri;
    const png = vscode.Uri.joinPath(folder, 'tmp', 'pixel.png');
    const bytes = Uint8Array.from(
      atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
      (c) => c.charCodeAt(0),
    );
    await vscode.workspace.fs.writeFile(png, bytes);
    await closeAll();
    await vscode.commands.executeCommand('vscode.open', png);
    await waitFor('the image editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'pixel.png');
    assert.equal(vscode.window.activeTextEditor, undefined);
    const e = await explain();
    assert.match(e.status === 'refused' ? e.reason : '', /pixel\.png is not a text document, so there is no code to explain/);
  });

  test('the quick pick: the first preset is "Improve readability", and its instruction is what is sent', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 3, 5);
    env.server.enqueue({ kind: 'text', text: answerWith('  let sum = 0;\n  for (const { price } of items) sum += price;\n  return sum;\n') });
    const pending = vscode.commands.executeCommand<RefactorOutcome>('aimlClaude.refactorSelection');
    const outcome = await answerQuickPick(pending, 'workbench.action.acceptSelectedQuickOpenItem');
    const id = readyId(outcome);
    assert.match(lastRequestText(env.server), /Improve the readability of this code/);
    assert.match(diffTab(id)?.label ?? '', /Improve readability \(proposal\)/);
  });

  test('the quick pick dismissed: nothing sent, no proposal', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 3, 5);
    const before = env.server.chatRequests.length;
    const pending = vscode.commands.executeCommand<RefactorOutcome>('aimlClaude.refactorSelection');
    assert.deepEqual(await answerQuickPick(pending, 'workbench.action.closeQuickOpen'), { status: 'cancelled' });
    assert.equal(env.server.chatRequests.length, before);
  });

  test('Refactor with nothing selected: the enclosing symbol is the range, and the prompt says so', async () => {
    const file = await openFile(SOURCE, 'symtest');
    file.editor.selection = new vscode.Selection(4, 3, 4, 3);
    env.server.enqueue({ kind: 'text', text: answerWith('export function total(items) {\n  return items.reduce((s, i) => s + i.price, 0);\n}\n', 'text') });
    const id = readyId(await refactor({ instruction: 'Use reduce' }));
    assert.match(lastRequestText(env.server), /Rewrite lines 3–7 of .*Nothing was selected, so this is the symbol around the cursor\./s);
    await vscode.commands.executeCommand('aimlClaude.acceptProposal', id);
    assert.equal(file.doc.getText(), SOURCE.replace(/export function total[\s\S]*?\n\}\n/, 'export function total(items) {\n  return items.reduce((s, i) => s + i.price, 0);\n}\n'));
  });

  test('Refactor called with {uri, instruction} for a file outside the workspace and not open: refused with a message, nothing sent', async () => {
    const outside = vscode.Uri.file(path.join(os.tmpdir(), `aiml-outside-${Date.now().toString(36)}.js`));
    await vscode.workspace.fs.writeFile(outside, new TextEncoder().encode(SOURCE));
    await closeAll();
    assert.equal(vscode.workspace.getWorkspaceFolder(outside), undefined, 'the file is outside the workspace');
    const file = await openFile(SOURCE, 'js'); // an active editor that must not be used instead
    const before = env.server.chatRequests.length;
    const outcome = await refactor({ uri: outside.toString(), instruction: 'Delete every line', startLine: 0, endLine: 6 });
    assert.equal(outcome.status, 'refused', JSON.stringify(outcome));
    assert.match(outcome.status === 'refused' ? outcome.reason : '', /^aiml-outside-.*\.js is outside the workspace and not open in an editor, so it was not refactored\. Open it first/);
    assert.equal(env.api.notifier.last()?.level, 'warning');
    assert.equal(env.server.chatRequests.length, before, 'nothing sent');
    assert.equal(env.api.proposals.all.length, 0);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === outside.toString()), 'not even opened');
    assert.equal(file.doc.getText(), SOURCE);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(outside)), SOURCE);
  });

  test('Refactor called with {uri, instruction} for a file open in an editor: proposed as a diff, the instruction shown, nothing written before Accept', async () => {
    const outside = vscode.Uri.file(path.join(os.tmpdir(), `aiml-open-${Date.now().toString(36)}.js`));
    await vscode.workspace.fs.writeFile(outside, new TextEncoder().encode(SOURCE));
    const doc = await vscode.workspace.openTextDocument(outside);
    await vscode.window.showTextDocument(doc, { preview: false });
    await openFile('// another file, the active one\n', 'js');
    env.server.enqueue({ kind: 'text', text: answerWith('  let total = 0;\n  for (const item of items) total += item.price;\n  return total;\n', 'javascript') });
    const outcome = await refactor({ uri: outside.toString(), instruction: 'Rename sum to total,\nand keep the loop', title: 'Rename', startLine: 3, endLine: 5 });
    const id = readyId(outcome);
    assert.match(lastRequestText(env.server), /Rename sum to total,\nand keep the loop/);
    assert.match(lastRequestText(env.server), /let sum = 0;/, 'the named file’s lines were sent');
    assert.match(env.api.notifier.progressTitles.at(-1) ?? '', /^AIML Claude: Rename \(aiml-open-.*\.js, lines 4–6\): “Rename sum to total, and keep the loop”$/);
    assert.ok(diffTab(id), 'the diff is shown');
    assert.equal(doc.getText(), SOURCE, 'nothing written before Accept');
    await vscode.commands.executeCommand('aimlClaude.rejectProposal', id);
    assert.equal(doc.getText(), SOURCE);
  });

  test('Refactor called with {uri} for a workspace file that is not open: it is proposed as a diff', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri as vscode.Uri;
    const inside = vscode.Uri.joinPath(folder, 'tmp', `closed-${Date.now().toString(36)}.js`);
    await vscode.workspace.fs.writeFile(inside, new TextEncoder().encode(SOURCE));
    await closeAll();
    env.server.enqueue({ kind: 'text', text: answerWith('  return items.length;\n', 'javascript') });
    const id = readyId(await refactor({ uri: inside.toString(), startLine: 5, endLine: 5 }));
    assert.ok(diffTab(id));
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(inside)), SOURCE);
  });

  test('Refactor called with arguments of the wrong shape: refused with a message, nothing sent', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 3, 5);
    const before = env.server.chatRequests.length;
    for (const args of [{ uri: 42 }, { startLine: -1, instruction: 'x' }, { instruction: ['a'] }, 'rm -rf /', 7]) {
      const outcome = (await vscode.commands.executeCommand<RefactorOutcome>('aimlClaude.refactorSelection', args)) as RefactorOutcome;
      assert.equal(outcome.status, 'refused', JSON.stringify(args));
      assert.match(outcome.status === 'refused' ? outcome.reason : '', /called with arguments it cannot use, so nothing was done/);
    }
    assert.equal(env.server.chatRequests.length, before);
    assert.equal(env.api.proposals.all.length, 0);
  });

  test('code actions: Explain and Refactor on a selection, "Fix with Claude" on a diagnostic with its message in the instruction', async () => {
    const file = await openFile(SOURCE, 'symtest');
    const diagnostics = vscode.languages.createDiagnosticCollection('aiml-test');
    disposables.push(diagnostics);
    const problem = new vscode.Diagnostic(new vscode.Range(4, 40, 4, 45), "Property 'price' does not exist on type 'Item'.", vscode.DiagnosticSeverity.Error);
    problem.source = 'ts';
    problem.code = 2339;
    diagnostics.set(file.uri, [problem]);
    selectLines(file.editor, 3, 5);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file.uri, new vscode.Range(4, 40, 4, 45))) ?? [];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Fix with Claude'), titles.join(', '));
    const withSelection = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file.uri, new vscode.Range(3, 0, 5, 12))) ?? [];
    assert.ok(withSelection.some((a) => a.title === 'Explain with Claude'));
    assert.ok(withSelection.some((a) => a.title === 'Refactor with Claude…'));

    const fix = actions.find((a) => a.title === 'Fix with Claude') as vscode.CodeAction;
    env.server.enqueue({ kind: 'text', text: answerWith('  for (const item of items) sum += item.cost;\n', 'text') });
    const outcome = (await vscode.commands.executeCommand<RefactorOutcome>(fix.command?.command as string, ...(fix.command?.arguments ?? []))) as RefactorOutcome;
    assert.equal(outcome.status, 'ready', JSON.stringify(outcome));
    const sent = lastRequestText(env.server);
    assert.match(sent, /Fix this problem reported in the code/);
    assert.match(sent, /line 5: error \(ts 2339\): Property 'price' does not exist on type 'Item'\./);
    assert.match(sent, /Rewrite lines 4–6/, 'the selection holds the diagnostic, so it is the range');
  });
});
