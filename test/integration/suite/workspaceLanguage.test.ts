// What the real TypeScript language server knows, used by the extension: Explain attaches the
// definitions the selected code uses (the project's, not node_modules' or the library's; nearest
// first; only what fits the budget; removable from later questions), and a chat answer's
// find_symbol and get_problems calls send back the right `path:line` and the diagnostic.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplainOutcome } from '../../../src/host/commands/explain';
import { toolCallScript } from '../../support/fakeToolScripts';
import { closeAll, quietNotifications, selectLines, setUp, tearDown, waitFor, type Env } from './proposals.support';
import { copyTsProject, removeWorkspacePath, requestBody, TS_PROJECT, waitForTypeScript, workspaceUri } from './workspace.support';

const BUDGET_KEY = 'explain.definitionsBudgetTokens';

/** Explain on describeShapes (report.ts lines 13–16), as the command runs from the editor. */
async function explainDescribeShapes(env: Env): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(`${TS_PROJECT}/src/report.ts`));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  assert.match(doc.lineAt(12).text, /^export function describeShapes/);
  selectLines(editor, 12, 15);
  env.server.enqueue({ kind: 'text', text: 'It describes the shapes.' });
  const outcome = (await vscode.commands.executeCommand<ExplainOutcome>('aimlClaude.explainSelection')) as ExplainOutcome;
  assert.equal(outcome.status, 'asked', JSON.stringify(outcome));
  await env.api.chat.idle();
  assert.equal(env.api.chat.current.turns.at(-1)?.status, 'done');
}

/** The definition labels of the last Explain question, in the order attached. */
function definitionLabels(env: Env): string[] {
  const question = env.api.chat.current.turns.filter((t) => t.role === 'user').at(-1);
  return (question?.attachments ?? []).filter((a) => a.kind === 'definition').map((a) => a.label);
}

async function setBudget(env: Env, tokens: number | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('aimlClaude').update('explain.definitionsBudgetTokens', tokens, vscode.ConfigurationTarget.Global);
  await waitFor('the budget setting', () => (tokens === undefined || env.api.config.current[BUDGET_KEY] === tokens) || undefined);
}

suite('Language features: Explain’s definitions, find_symbol and get_problems (TypeScript language server)', () => {
  let env: Env;

  suiteSetup(async function () {
    this.timeout(240_000);
    env = await setUp();
    copyTsProject();
    await waitForTypeScript();
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    await setBudget(env, undefined).catch(() => undefined);
    await closeAll();
    removeWorkspacePath(TS_PROJECT);
    await tearDown(env);
  });
  setup(async () => {
    quietNotifications(env.api);
    await env.api.chat.newChat();
  });
  teardown(async () => {
    await env.api.chat.idle();
    await closeAll();
  });

  test('Explain attaches the project definitions the code uses — same file nearest first, then in order of use — not node_modules’ or the library’s', async function () {
    this.timeout(120_000);
    await setBudget(env, 4000);
    await explainDescribeShapes(env);
    assert.deepEqual(definitionLabels(env), [
      'plural (report.ts:9-11)',
      'heading (report.ts:5-7)',
      'Shape (shapes.ts:6-17)',
      'area (shapes.ts:19-21)',
      'formatArea (format.ts:1-3)',
    ]);
    const sent = requestBody(env.server).messages.at(-1)?.content ?? '';
    assert.ok(sent.includes('export function formatArea(value: number): string {\n  return `${value.toFixed(2)} m²`;\n}'), 'formatArea’s whole definition is sent');
    assert.ok(sent.includes('readonly weight?: number;'), 'Shape’s whole definition is sent');
    assert.doesNotMatch(sent, /declare function clamp|Keeps a value within/, 'nothing from node_modules');
    assert.doesNotMatch(sent, /interface Array<T>|reduce<U>/, 'nothing from the TypeScript library');
  });

  test('a small budget attaches only what fits: the large Shape is left out, the smaller ones after it kept', async function () {
    this.timeout(120_000);
    // The budget is what all of them take but Shape: measured with a large one first.
    await setBudget(env, 4000);
    await explainDescribeShapes(env);
    const all = env.api.chat.current.turns.filter((t) => t.role === 'user').at(-1)?.attachments?.filter((a) => a.kind === 'definition') ?? [];
    const shape = all.find((a) => a.label.startsWith('Shape ('));
    assert.ok(shape && all.length === 5);
    assert.ok(all.every((a) => a === shape || a.tokens < shape.tokens), 'Shape is the largest');
    const budget = all.reduce((n, a) => n + a.tokens, 0) - shape.tokens;

    await env.api.chat.newChat();
    await setBudget(env, budget);
    await explainDescribeShapes(env);
    assert.deepEqual(definitionLabels(env), ['plural (report.ts:9-11)', 'heading (report.ts:5-7)', 'area (shapes.ts:19-21)', 'formatArea (format.ts:1-3)']);
    const question = env.api.chat.current.turns.filter((t) => t.role === 'user').at(-1);
    const spent = (question?.attachments ?? []).filter((a) => a.kind === 'definition').reduce((n, a) => n + a.tokens, 0);
    assert.equal(spent, budget, `within the budget of ${budget} tokens`);
    assert.doesNotMatch(requestBody(env.server).messages.at(-1)?.content ?? '', /readonly weight\?: number;/, 'Shape is not sent');
  });

  test('a definition chip removed from the Explain question is left out of the next question', async function () {
    this.timeout(120_000);
    await setBudget(env, 4000);
    await explainDescribeShapes(env);
    const question = env.api.chat.current.turns.filter((t) => t.role === 'user').at(-1);
    const area = question?.attachments?.find((a) => a.label.startsWith('area ('));
    assert.ok(question && area, 'area is attached');
    // The host's list of rejected messages is the whole session's (other suites send malformed ones).
    const rejectedBefore = env.api.chatView.rejected.length;
    await env.api.chatView.receive({ type: 'removeTurnAttachment', messageId: question.id, attachmentId: area.id });
    assert.deepEqual(env.api.chatView.rejected.slice(rejectedBefore), []);

    env.server.enqueue({ kind: 'text', text: 'It sums the areas.' });
    await env.api.chat.send('And what does total hold?', []);
    await env.api.chat.idle();
    const history = requestBody(env.server).messages.map((m) => m.content ?? '').join('\n');
    assert.ok(history.includes('export function formatArea'), 'the other definitions are still sent');
    assert.ok(!history.includes('Math.PI * shape.size ** 2'), 'the removed definition is not');
  });

  test('find_symbol and get_problems send back the language server’s `path:line` and the diagnostic', async function () {
    this.timeout(120_000);
    const broken = await vscode.workspace.openTextDocument(workspaceUri(`${TS_PROJECT}/src/broken.ts`));
    await vscode.window.showTextDocument(broken, { preview: false });
    await waitFor(
      'the type error in broken.ts',
      () => vscode.languages.getDiagnostics(broken.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error) || undefined,
      90_000,
    );
    env.server.enqueue(
      toolCallScript([
        { name: 'find_symbol', arguments: { name: 'formatArea' } },
        { name: 'get_problems', arguments: { path: `${TS_PROJECT}/src/broken.ts` } },
      ]),
    );
    env.server.enqueue({ kind: 'text', text: 'label is a number, not a string.' });
    await env.api.chat.send('Where is formatArea, and what is wrong in broken.ts?', []);
    await env.api.chat.idle();
    assert.equal(env.api.chat.current.turns.at(-1)?.status, 'done');

    const messages = requestBody(env.server).messages;
    const calls = messages.flatMap((m) => m.tool_calls ?? []);
    const resultOf = (name: string): string => messages.find((m) => m.role === 'tool' && m.tool_call_id === calls.find((c) => c.function.name === name)?.id)?.content ?? '';
    assert.equal(messages.filter((m) => m.role === 'tool').length, 2);
    assert.match(resultOf('find_symbol'), new RegExp(`^function formatArea(\\(\\))? ${TS_PROJECT}/src/format\\.ts:1$`, 'm'));
    assert.match(resultOf('get_problems'), new RegExp(`^${TS_PROJECT}/src/broken\\.ts:3:14 error: Type 'number' is not assignable to type 'string'\\. \\(ts 2322\\)$`, 'm'));
    const steps = env.api.chat.current.turns.at(-1)?.rounds?.flatMap((r) => r.calls.map((c) => c.summary));
    // The two calls of one round run side by side: kept in the order they ended.
    assert.deepEqual(steps?.sort(), ['Found symbol `formatArea` — 1 definition', `Problems in \`${TS_PROJECT}/src/broken.ts\` — 1 (1 error)`]);
  });

  test('find_symbol puts the exact name first, before names that start with it', async function () {
    this.timeout(120_000);
    env.server.enqueue(toolCallScript([{ name: 'find_symbol', arguments: { name: 'area' } }]));
    env.server.enqueue({ kind: 'text', text: 'area is in shapes.ts.' });
    await env.api.chat.send('Where is area defined?', []);
    await env.api.chat.idle();
    const result = requestBody(env.server).messages.find((m) => m.role === 'tool')?.content ?? '';
    const lines = result.split('\n');
    // VS Code's TypeScript provider names functions with their parentheses (`area()`).
    assert.match(lines[0] ?? '', new RegExp(`^function area(\\(\\))? ${TS_PROJECT}/src/shapes\\.ts:19$`), result);
    assert.ok(lines.some((l) => new RegExp(`^function areaLabel(\\(\\))? ${TS_PROJECT}/src/format\\.ts:6$`).test(l)), result);
  });
});
