// Refactor proposals in the real extension host: streamed into a diff, accepted or rejected,
// applied only where the original code still is, one undo step, line endings kept.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { documentEol, END_OF_LINE_CRLF } from '../../../src/core/edits';
import { applyCodeBlock } from '../../../src/host/proposals/applyFromChat';
import { proposalOfTab, tabsOfProposal } from '../../../src/host/proposals/tabs';
import {
  answerWith,
  closeAll,
  diffTab,
  openFile,
  proposalSideText,
  quietNotifications,
  readyId,
  refactor,
  selectLines,
  setUp,
  tearDown,
  userEdit,
  waitFor,
  type Env,
} from './proposals.support';

const SOURCE = [
  'export function total(items: { price: number; qty: number }[]): number {',
  '  let sum = 0;',
  '  for (const item of items) {',
  '    sum += item.price * item.qty;',
  '  }',
  '  return sum;',
  '}',
  '',
  'export function greet(name: string): string {',
  "  return 'Hello, ' + name + '!';",
  '}',
  '',
].join('\n');

/** Lines 1–5 (0-based) of SOURCE rewritten: two separate changes (lines 1–3, line 5). */
const RENAMED_BODY = ['  let total = 0;', '  for (const { price, qty } of items) {', '    total += price * qty;', '  }', '  return total;', ''].join('\n');
const FIRST_HUNK = ['  let total = 0;', '  for (const { price, qty } of items) {', '    total += price * qty;'].join('\n');
const ORIGINAL_FIRST = ['  let sum = 0;', '  for (const item of items) {', '    sum += item.price * item.qty;'].join('\n');
const EXPECTED = SOURCE.replace(ORIGINAL_FIRST, FIRST_HUNK).replace('  return sum;', '  return total;');

suite('Proposals: reviewed, version-safe refactor edits', () => {
  let env: Env;

  suiteSetup(async () => {
    env = await setUp();
  });
  suiteTeardown(async () => {
    await closeAll();
    await tearDown(env);
  });
  setup(() => quietNotifications(env.api));
  teardown(async () => {
    for (const p of env.api.proposals.all) await env.api.proposals.close(p, 'test teardown');
    await closeAll();
  });

  async function proposeRename(opts: { chunkSize?: number; delayMs?: number } = {}) {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 1, 5);
    env.server.enqueue({ kind: 'text', text: answerWith(RENAMED_BODY), chunkSize: opts.chunkSize ?? 24, delayMs: opts.delayMs ?? 5 });
    const id = readyId(await refactor());
    return { ...file, id };
  }

  test('accept: the document holds exactly the proposal, the diff showed it and closes', async () => {
    const { doc, id } = await proposeRename();
    const tab = diffTab(id);
    assert.ok(tab, 'a diff editor is open');
    assert.match(tab.label, /Rename sum to total/);
    await waitFor('the proposal side to show the whole file with the change', async () => (await proposalSideText(id)) === EXPECTED);
    assert.equal(doc.getText(), SOURCE, 'nothing is written before Accept');

    const outcome = await vscode.commands.executeCommand<{ ok: boolean }>('aimlClaude.acceptProposal', id);
    assert.equal(outcome?.ok, true);
    assert.equal(doc.getText(), EXPECTED);
    await waitFor('the diff to close', () => diffTab(id) === undefined);
    assert.equal(env.api.proposals.get(id), undefined);
  });

  test('the request asks for exactly the selected lines and the answer streams into the proposal side', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 1, 5);
    // Small chunks, spaced out: on a loaded machine the proposal side is redrawn less often than
    // chunks arrive, and the answer must last long enough to be seen in several states.
    env.server.enqueue({ kind: 'text', text: answerWith(RENAMED_BODY), chunkSize: 4, delayMs: 80 });
    const pending = refactor();
    const seen = new Set<string>();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const p = env.api.proposals.all[0];
      if (p) {
        const text = await proposalSideText(p.id);
        if (text !== undefined) seen.add(text);
        if (p.state === 'ready') break;
      }
      await new Promise((r) => setTimeout(r, 30));
    }
    const id = readyId(await pending);
    assert.ok(seen.size >= 3, `the proposal side changed while streaming (${seen.size} states)`);
    const body = env.server.chatRequests.at(-1)?.body as { messages: { content: string }[]; max_tokens: number };
    const prompt = body.messages.map((m) => m.content).join('\n');
    assert.match(prompt, /Rewrite lines 2–6 of `tmp\/case-/);
    assert.match(prompt, /Rename sum to total/);
    assert.match(prompt, /typescript aiml-replacement/);
    assert.equal(body.max_tokens, 8192);
    await vscode.commands.executeCommand('aimlClaude.rejectProposal', id);
  });

  test('the proposal’s tabs are found by one helper: its diff is the active tab, and none is left once rejected', async () => {
    const { id } = await proposeRename();
    const tabs = tabsOfProposal(id);
    assert.equal(tabs.length, 1);
    assert.equal(tabs[0], diffTab(id));
    assert.deepEqual(proposalOfTab(vscode.window.tabGroups.activeTabGroup.activeTab), { id, side: 'proposal' });
    assert.equal(env.api.proposals.activeProposal()?.id, id);
    assert.equal(proposalOfTab(undefined), undefined);
    await vscode.commands.executeCommand('aimlClaude.rejectProposal', id);
    await waitFor('the diff to close', () => tabsOfProposal(id).length === 0);
  });

  test('reject: the document stays byte-identical and unmodified', async () => {
    const { doc, id } = await proposeRename();
    const version = doc.version;
    await vscode.commands.executeCommand('aimlClaude.rejectProposal', id);
    assert.equal(doc.getText(), SOURCE);
    assert.equal(doc.version, version, 'not even touched');
    assert.equal(doc.isDirty, false);
    await waitFor('the diff to close', () => diffTab(id) === undefined);
  });

  test('an edit outside the range between request and accept: applied where the code moved, the edit kept', async () => {
    const { doc, uri, id } = await proposeRename();
    await userEdit(uri, (e) => e.insert(uri, new vscode.Position(0, 0), '// added above\n// and another line\n'));
    await userEdit(uri, (e) => e.insert(uri, new vscode.Position(doc.lineCount - 1, 0), '// added below\n'));
    assert.notEqual(doc.version, env.api.proposals.get(id)?.init.version, 'the document changed since the request');
    const outcome = await vscode.commands.executeCommand<{ ok: boolean }>('aimlClaude.acceptProposal', id);
    assert.equal(outcome?.ok, true, JSON.stringify(outcome));
    assert.equal(doc.getText(), `// added above\n// and another line\n${EXPECTED}// added below\n`);
  });

  test('an edit outside the range while the answer streams: still applied at the moved range', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 1, 5);
    env.server.enqueue({ kind: 'text', text: answerWith(RENAMED_BODY), chunkSize: 8, delayMs: 30 });
    const pending = refactor();
    await waitFor('the request', () => env.server.chatRequests.length > 0 && env.api.proposals.all.length > 0);
    await userEdit(file.uri, (e) => e.insert(file.uri, new vscode.Position(0, 0), '/* header */\n'));
    const id = readyId(await pending);
    assert.equal((await vscode.commands.executeCommand<{ ok: boolean }>('aimlClaude.acceptProposal', id))?.ok, true);
    assert.equal(file.doc.getText(), `/* header */\n${EXPECTED}`);
  });

  test('an edit inside the range: refused with a message offering the diff again, the document unchanged', async () => {
    const { doc, uri, id } = await proposeRename();
    await userEdit(uri, (e) => e.replace(uri, new vscode.Range(3, 4, 3, 7), 'acc'));
    const edited = doc.getText();
    const outcome = await vscode.commands.executeCommand<{ ok: boolean; reason?: string }>('aimlClaude.acceptProposal', id);
    assert.equal(outcome?.ok, false);
    assert.equal(outcome?.reason, 'changed');
    assert.equal(doc.getText(), edited, 'the user’s edit is kept and nothing else changed');
    const notice = env.api.notifier.last(/edited after the request/);
    assert.ok(notice, 'a message says why');
    assert.deepEqual(notice.actions, ['Show Proposal', 'Reject']);
    assert.ok(env.api.proposals.get(id), 'the proposal stays open for review');
  });

  test('an edit inside the range that leaves the same text (typed, then undone by hand) still refuses', async () => {
    const { doc, uri, id } = await proposeRename();
    await userEdit(uri, (e) => e.insert(uri, new vscode.Position(2, 2), 'x'));
    await userEdit(uri, (e) => e.delete(uri, new vscode.Range(2, 2, 2, 3)));
    assert.equal(doc.getText(), SOURCE);
    const outcome = await vscode.commands.executeCommand<{ ok: boolean }>('aimlClaude.acceptProposal', id);
    assert.equal(outcome?.ok, false, 'the range was touched: the proposal may no longer be what the user reviewed');
    assert.equal(doc.getText(), SOURCE);
  });

  test('a CRLF document stays CRLF, every line', async () => {
    const crlf = SOURCE.replace(/\n/g, '\r\n');
    const file = await openFile(crlf);
    assert.equal(file.doc.eol, vscode.EndOfLine.CRLF);
    assert.equal(vscode.EndOfLine.CRLF, END_OF_LINE_CRLF, 'the core reads VS Code’s value');
    assert.equal(documentEol(file.doc), '\r\n');
    selectLines(file.editor, 1, 5);
    // Models answer with LF.
    env.server.enqueue({ kind: 'text', text: answerWith(RENAMED_BODY) });
    const id = readyId(await refactor());
    await waitFor('the proposal side in CRLF', async () => (await proposalSideText(id)) === EXPECTED.replace(/\n/g, '\r\n'));
    await vscode.commands.executeCommand('aimlClaude.acceptProposal', id);
    const text = file.doc.getText();
    assert.equal(text, EXPECTED.replace(/\n/g, '\r\n'));
    assert.equal(/(^|[^\r])\n/.test(text), false, 'no bare LF');
    assert.equal(file.doc.eol, vscode.EndOfLine.CRLF);
  });

  test('one undo restores the original exactly', async () => {
    const { doc, editor, id } = await proposeRename();
    await vscode.commands.executeCommand('aimlClaude.acceptProposal', id);
    assert.equal(doc.getText(), EXPECTED);
    await waitFor('the file to be the active editor again', () => vscode.window.activeTextEditor?.document === doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), SOURCE);
    await vscode.commands.executeCommand('redo');
    assert.equal(doc.getText(), EXPECTED);
    void editor;
  });

  test('accepting one hunk of two applies only that hunk; the rest can be rejected', async () => {
    const { doc, id } = await proposeRename();
    const p = env.api.proposals.get(id);
    assert.equal(p?.hunks.length, 2, 'two separate changes');
    const first = await vscode.commands.executeCommand<{ ok: boolean; finished: boolean }>('aimlClaude.acceptHunk', id, 0);
    assert.equal(first?.ok, true);
    assert.equal(first?.finished, false);
    const onlyFirst = SOURCE.replace(ORIGINAL_FIRST, FIRST_HUNK);
    assert.equal(doc.getText(), onlyFirst);
    // The diff now shows what is left to decide: the original side has the accepted change.
    await waitFor('the proposal side to update', async () => (await proposalSideText(id)) === EXPECTED);
    await vscode.commands.executeCommand('aimlClaude.rejectHunk', id, 1);
    assert.equal(doc.getText(), onlyFirst);
    await waitFor('the proposal to close', () => env.api.proposals.get(id) === undefined);
  });

  test('each accepted hunk is its own undo step', async () => {
    const { doc, id } = await proposeRename();
    await vscode.commands.executeCommand('aimlClaude.acceptHunk', id, 1);
    const onlySecond = SOURCE.replace('  return sum;', '  return total;');
    assert.equal(doc.getText(), onlySecond);
    await vscode.commands.executeCommand('aimlClaude.acceptHunk', id, 0);
    assert.equal(doc.getText(), EXPECTED);
    await waitFor('the file to be the active editor again', () => vscode.window.activeTextEditor?.document === doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), onlySecond);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), SOURCE);
  });

  test('accepting a hunk after the user edited above it: still the right lines', async () => {
    const { doc, uri, id } = await proposeRename();
    await userEdit(uri, (e) => e.insert(uri, new vscode.Position(0, 0), 'import x from "y";\n\n'));
    await vscode.commands.executeCommand('aimlClaude.acceptHunk', id, 1);
    await userEdit(uri, (e) => e.insert(uri, new vscode.Position(0, 0), '// one more\n'));
    await vscode.commands.executeCommand('aimlClaude.acceptHunk', id, 0);
    assert.equal(doc.getText(), `// one more\nimport x from "y";\n\n${EXPECTED}`);
  });

  test('the range at the end of a file without a final newline keeps having none', async () => {
    const source = 'const a = 1;\nfunction f() {\n  return a;\n}';
    const file = await openFile(source);
    selectLines(file.editor, 1, 3);
    env.server.enqueue({ kind: 'text', text: answerWith('function f(): number {\n  return a;\n}\n') });
    const id = readyId(await refactor());
    await vscode.commands.executeCommand('aimlClaude.acceptProposal', id);
    assert.equal(file.doc.getText(), 'const a = 1;\nfunction f(): number {\n  return a;\n}');
  });

  test('truncated output (finish reason length): nothing offered, the message says why and offers a larger limit', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 1, 5);
    env.server.enqueue({ kind: 'text', text: answerWith(RENAMED_BODY), finishReason: 'length' });
    let answered = false;
    env.api.notifier.respond = (n) => {
      if (!answered && n.actions.includes('Retry with a Larger Output Limit')) {
        answered = true;
        return 'Retry with a Larger Output Limit';
      }
      return undefined;
    };
    // The retry's answer: complete.
    env.server.enqueue({ kind: 'text', text: answerWith(RENAMED_BODY) });
    const before = env.server.chatRequests.length;
    const outcome = await refactor();
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.status === 'failed' && outcome.reason, 'truncated');
    const notice = env.api.notifier.last(/cut off at the output limit/);
    assert.ok(notice);
    assert.match(notice.text, /8,192 tokens/);
    assert.match(notice.text, /16,384/);
    assert.equal(file.doc.getText(), SOURCE, 'never applied');
    // The retry runs with the doubled limit and makes a proposal of its own.
    await waitFor('the retry request', () => env.server.chatRequests.length === before + 2);
    assert.equal((env.server.chatRequests.at(-1)?.body as { max_tokens: number }).max_tokens, 16384);
    const retried = await waitFor('the retried proposal', () => env.api.proposals.all.find((p) => p.state === 'ready'));
    await vscode.commands.executeCommand('aimlClaude.acceptProposal', retried.id);
    assert.equal(file.doc.getText(), EXPECTED);
  });

  test('an answer without a code block: nothing offered, the message says so', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 1, 5);
    env.server.enqueue({ kind: 'text', text: 'I would rename `sum` to `total`, but I will not write the code.' });
    const outcome = await refactor();
    assert.equal(outcome.status === 'failed' && outcome.reason, 'no_code');
    assert.ok(env.api.notifier.last(/no code block to apply/));
    assert.equal(env.api.proposals.all.length, 0, 'no proposal is left open');
    assert.equal(file.doc.getText(), SOURCE);
  });

  test('an answer whose block is never closed is not applied', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 1, 5);
    env.server.enqueue({ kind: 'text', text: '```typescript aiml-replacement\n  let total = 0;\n' });
    const outcome = await refactor();
    assert.equal(outcome.status === 'failed' && outcome.reason, 'no_code');
    assert.ok(env.api.notifier.last(/not closed/));
    assert.equal(file.doc.getText(), SOURCE);
  });

  test('the same code back: no proposal, "no changes"', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 9, 9);
    env.server.enqueue({ kind: 'text', text: answerWith("  return 'Hello, ' + name + '!';\n") });
    const outcome = await refactor();
    assert.equal(outcome.status, 'unchanged');
    assert.ok(env.api.notifier.last(/no changes/));
    assert.equal(file.doc.getText(), SOURCE);
  });

  test('reject while the answer streams cancels the request; the document is untouched', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 1, 5);
    env.server.enqueue({ kind: 'text', text: answerWith(RENAMED_BODY), chunkSize: 2, delayMs: 100 });
    const closes = env.server.clientCloses;
    const pending = refactor();
    const p = await waitFor('the streaming proposal', () => env.api.proposals.all[0]);
    await waitFor('some of the answer', () => p.answer.length > 10);
    await vscode.commands.executeCommand('aimlClaude.rejectProposal', p.id);
    const outcome = await pending;
    assert.equal(outcome.status, 'cancelled');
    await env.server.waitForClientClose(closes + 1);
    assert.equal(file.doc.getText(), SOURCE);
    assert.equal(env.api.proposals.all.length, 0);
  });

  test('an API error: a message with its actions, no proposal left', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 1, 5);
    env.server.enqueue({ kind: 'error', status: 401, message: 'Invalid API key' });
    const outcome = await refactor();
    assert.equal(outcome.status === 'failed' && outcome.reason, 'api');
    const notice = env.api.notifier.last();
    assert.deepEqual(notice?.actions, ['Set API Key']);
    assert.equal(env.api.proposals.all.length, 0);
    assert.equal(file.doc.getText(), SOURCE);
  });

  test('"Apply to selection" of a chat code block goes through the same reviewed proposal', async () => {
    const file = await openFile(SOURCE);
    selectLines(file.editor, 9, 9);
    const outcome = await applyCodeBlock(
      { manager: env.api.proposals, notifier: env.api.notifier, log: env.api.log },
      { lang: 'ts', code: '  return `Hello, ${name}!`;\n' },
    );
    assert.equal(outcome.status, 'ready');
    const id = outcome.status === 'ready' ? outcome.proposalId : '';
    assert.ok(diffTab(id), 'the diff is shown');
    assert.equal(file.doc.getText(), SOURCE, 'nothing written before Accept');
    assert.ok(env.api.notifier.last(/One change proposed/));
    await vscode.commands.executeCommand('aimlClaude.acceptProposal', id);
    assert.equal(file.doc.getText(), SOURCE.replace("  return 'Hello, ' + name + '!';", '  return `Hello, ${name}!`;'));
  });

  test('in a long file the diff opens at the range, not at the top', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `const v${i} = ${i};`);
    const file = await openFile(lines.join('\n') + '\n');
    selectLines(file.editor, 300, 301);
    env.server.enqueue({ kind: 'text', text: answerWith('const v300 = 300 as const;\nconst v301 = 301 as const;\n') });
    const id = readyId(await refactor());
    const editor = await waitFor('the proposal side editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'aiml-claude-proposal' && e.document.uri.path.startsWith(`/${id}/proposal/`)),
    );
    assert.equal(editor.selection.active.line, 300);
    assert.ok(editor.visibleRanges.some((r) => r.contains(new vscode.Position(300, 0))), JSON.stringify(editor.visibleRanges));
  });

  test('per-change review: CodeLens and hover links name each change and accept only it', async () => {
    const { doc, id } = await proposeRename();
    const input = diffTab(id)?.input as vscode.TabInputTextDiff;
    await waitFor('the proposal side', async () => (await proposalSideText(id)) === EXPECTED);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', input.modified)) ?? [];
    const titles = lenses.map((l) => l.command?.title);
    assert.deepEqual(titles, ['$(check) Accept change 1 of 2', '$(discard) Reject', '$(check) Accept change 2 of 2', '$(discard) Reject']);
    assert.deepEqual(lenses.map((l) => l.range.start.line), [1, 1, 5, 5], 'each above its change on the proposal side');
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', input.modified, new vscode.Position(5, 4))) ?? [];
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /Change 2 of 2/);
    assert.ok(hoverText.includes(`command:aimlClaude.acceptHunk?${encodeURIComponent(JSON.stringify([id, 1]))}`), hoverText);
    const originalHovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', input.original, new vscode.Position(2, 4))) ?? [];
    assert.match(originalHovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join(''), /Change 1 of 2/, 'the original side too');
    // The lens's own command and arguments, as a click runs them.
    const lens = lenses[2] as vscode.CodeLens;
    await vscode.commands.executeCommand(lens.command?.command as string, ...(lens.command?.arguments ?? []));
    assert.equal(doc.getText(), SOURCE.replace('  return sum;', '  return total;'));
    await waitFor('the lenses to update', async () => {
      const left = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', input.modified)) ?? [];
      return left.length === 2 && left[0]?.command?.title === '$(check) Accept change 1 of 2';
    });
  });
});
