// Project instructions in a real extension host: an AGENTS.md in the workspace folder reaches the
// system prompt of chat, Explain and Refactor; an edit to it applies to the next request without a
// reload; the panel lists it; the user turns it off for one conversation; a long one is cut.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExplainOutcome } from '../../../src/host/commands/explain';
import type { InstructionsChip } from '../../../src/shared/protocol';
import { answerWith, closeAll, openFile, quietNotifications, readyId, refactor, selectLines, setUp, tearDown, waitFor, type Env } from './proposals.support';
import { lastPosted, removeWorkspacePath, requestBody, workspaceUri, writeWorkspaceFile } from './workspace.support';

const FIRST = '# Conventions\n\nName every variable after a bird (canary PELICAN-7).\n';
const EDITED = '# Conventions\n\nName every variable after a fish, never a bird (canary HALIBUT-9). Tabs, not spaces.\n';

/** The instructions chips the panel was sent last. */
function chips(env: Env): InstructionsChip[] | undefined {
  return lastPosted(env.api.chatView.lastPosted, 'instructions')?.items;
}

async function waitForChip(env: Env, what: string, probe: (chip: InstructionsChip | undefined) => boolean): Promise<InstructionsChip | undefined> {
  await waitFor(what, () => probe(chips(env)?.find((c) => c.source === 'AGENTS.md')) || undefined, 20_000);
  return chips(env)?.find((c) => c.source === 'AGENTS.md');
}

async function ask(env: Env, question: string): Promise<string> {
  env.server.enqueue({ kind: 'text', text: `Answer to: ${question}` });
  await env.api.chat.send(question, []);
  await env.api.chat.idle();
  assert.equal(env.api.chat.current.turns.at(-1)?.status, 'done');
  return requestBody(env.server).system ?? '';
}

suite('Project instructions: AGENTS.md in the workspace folder', () => {
  let env: Env;

  suiteSetup(async function () {
    this.timeout(60_000);
    env = await setUp();
    await env.api.chat.newChat();
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    removeWorkspacePath('AGENTS.md');
    if (env) await waitFor('the chips without AGENTS.md', () => !chips(env)?.some((c) => c.source === 'AGENTS.md') || undefined, 20_000).catch(() => undefined);
    await closeAll();
    await tearDown(env);
  });
  setup(() => quietNotifications(env.api));
  teardown(async () => {
    await env.api.chat.idle();
    for (const p of env.api.proposals.all) await env.api.proposals.close(p, 'test teardown');
    await closeAll();
  });

  test('AGENTS.md reaches the system prompt of a chat question, of Explain and of Refactor, and the panel lists it', async () => {
    writeWorkspaceFile('AGENTS.md', FIRST);
    const chip = await waitForChip(env, 'the AGENTS.md chip', (c) => c?.active === true);
    assert.deepEqual(chip, { source: 'AGENTS.md', tokens: chip?.tokens, active: true, cut: false });
    assert.ok((chip?.tokens ?? 0) > 0);

    const system = await ask(env, 'How should I name things?');
    assert.match(system, /<instructions source="AGENTS.md">\n# Conventions\n\nName every variable after a bird \(canary PELICAN-7\)\.\n<\/instructions>/);

    const file = await openFile('export function add(a: number, b: number): number {\n  return a + b;\n}\n');
    selectLines(file.editor, 0, 2);
    env.server.enqueue({ kind: 'text', text: 'It adds.' });
    const explained = (await vscode.commands.executeCommand<ExplainOutcome>('aimlClaude.explainSelection')) as ExplainOutcome;
    assert.equal(explained.status, 'asked', JSON.stringify(explained));
    await env.api.chat.idle();
    assert.match(requestBody(env.server).system ?? '', /PELICAN-7/, 'Explain sends the instructions');

    selectLines(await vscode.window.showTextDocument(file.doc), 1, 1);
    env.server.enqueue({ kind: 'text', text: answerWith('  return b + a;\n') });
    readyId(await refactor({ instruction: 'Swap the operands' }));
    assert.match(requestBody(env.server).system ?? '', /<instructions source="AGENTS.md">[\s\S]*PELICAN-7/, 'Refactor sends the instructions');
  });

  test('an edit to AGENTS.md (in the editor, saved) applies to the next request, without a reload', async () => {
    const before = await waitForChip(env, 'the AGENTS.md chip', (c) => c?.active === true);
    const doc = await vscode.workspace.openTextDocument(workspaceUri('AGENTS.md'));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), EDITED);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    await waitForChip(env, 'the chip of the edited file', (c) => c !== undefined && c.tokens !== before?.tokens);

    const system = await ask(env, 'And now?');
    assert.match(system, /\(canary HALIBUT-9\)\. Tabs, not spaces\./);
    assert.doesNotMatch(system, /PELICAN-7/, 'the old text is gone');
  });

  test('turned off for this conversation: left out of the next request, the chip says so; turned on again, it is back', async () => {
    // The host's list of rejected messages is the whole session's (other suites send malformed ones).
    const rejectedBefore = env.api.chatView.rejected.length;
    await env.api.chatView.receive({ type: 'instructions', action: 'disable', source: 'AGENTS.md' });
    assert.equal(chips(env)?.find((c) => c.source === 'AGENTS.md')?.active, false);
    let system = await ask(env, 'Without the conventions?');
    assert.doesNotMatch(system, /HALIBUT-9|<instructions/);
    assert.deepEqual(env.api.chat.current.disabledInstructions, ['AGENTS.md']);

    await env.api.chatView.receive({ type: 'instructions', action: 'enable', source: 'AGENTS.md' });
    assert.equal(chips(env)?.find((c) => c.source === 'AGENTS.md')?.active, true);
    system = await ask(env, 'With them again?');
    assert.match(system, /HALIBUT-9/);
    assert.deepEqual(env.api.chatView.rejected.slice(rejectedBefore), []);
  });

  test('an AGENTS.md over 32 KB is cut at a line end, and the prompt says so', async () => {
    const line = 'Prefer small functions with names that say what they do, and comments that say why.\n';
    const body = `# Long conventions (canary HEAD-3)\n\n${line.repeat(Math.ceil(40_000 / line.length))}The very last rule (canary TAIL-5).\n`;
    const bytes = Buffer.byteLength(body);
    assert.ok(bytes > 40_000);
    writeWorkspaceFile('AGENTS.md', body);
    const chip = await waitForChip(env, 'the chip of the long file', (c) => c?.cut === true);
    assert.equal(chip?.active, true);

    const system = await ask(env, 'What are the rules?');
    assert.match(system, /canary HEAD-3/);
    assert.doesNotMatch(system, /TAIL-5/, 'the end of the file is cut');
    assert.ok(system.includes(`[Cut: the file is ${Math.round(bytes / 1024)} KB; only its first 32 KB are shown.]`), 'the cut is said');
    const kept = /<instructions source="AGENTS.md">\n([\s\S]*?)\n\[Cut:/.exec(system)?.[1] ?? '';
    assert.ok(Buffer.byteLength(kept) <= 32 * 1024 && kept.endsWith('why.'), 'cut at a line end, within 32 KB');
  });
});
