// Shared set-up of the proposal and explain/refactor suites: a fake AI/ML server in the extension
// host, files in the fixture workspace, and small helpers to read what the extension did.
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { RefactorOutcome } from '../../../src/host/commands/refactor';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { activateExtension, waitFor } from './helpers';

export const KEY = 'integration-proposals-key-7c1e';

export interface Env {
  api: TestApi;
  server: FakeAimlServer;
}

export async function setUp(): Promise<Env> {
  const server = await FakeAimlServer.start({ validKey: KEY });
  const { api } = await activateExtension();
  await api.secrets.set(KEY);
  await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
  await waitFor('the base URL setting', () => api.config.current.baseUrl === server.url);
  return { api, server };
}

export async function tearDown(env: Env | undefined): Promise<void> {
  if (!env) return;
  env.api.notifier.respond = undefined;
  for (const p of env.api.proposals.all) await env.api.proposals.close(p, 'test teardown');
  await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
  await vscode.workspace.getConfiguration('aimlClaude').update('maxOutputTokens', undefined, vscode.ConfigurationTarget.Global);
  await env.api.secrets.clear();
  await env.server.stop();
}

/** Per test: answers every message as if dismissed, so no test waits on a notification. */
export function quietNotifications(api: TestApi): void {
  api.notifier.respond = () => undefined;
}

let fileCounter = 0;

/** Writes a file into the workspace and opens it in an editor. */
export async function openFile(content: string, ext = 'ts'): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor; uri: vscode.Uri }> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('the tests need the fixture workspace folder');
  const uri = vscode.Uri.joinPath(folder, 'tmp', `case-${Date.now().toString(36)}-${fileCounter++}.${ext}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor, uri };
}

/** Saves (so closing asks nothing) and closes every editor. */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === 'file') await doc.save();
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Selects whole lines [start, end] (0-based, inclusive). */
export function selectLines(editor: vscode.TextEditor, start: number, end: number): void {
  editor.selection = new vscode.Selection(start, 0, end, editor.document.lineAt(end).text.length);
}

/** A refactor answer as Claude writes it: the marked block, then a sentence. */
export function answerWith(code: string, lang = 'typescript'): string {
  return `\`\`\`${lang} aiml-replacement\n${code}\`\`\`\n\nRenamed for clarity.`;
}

export async function refactor(args: Record<string, unknown> = {}): Promise<RefactorOutcome> {
  return (await vscode.commands.executeCommand<RefactorOutcome>('aimlClaude.refactorSelection', { instruction: 'Rename sum to total', ...args })) as RefactorOutcome;
}

/** The proposal id of a ready outcome, or a failure that says what came back. */
export function readyId(outcome: RefactorOutcome): string {
  if (outcome.status !== 'ready') throw new Error(`expected a ready proposal, got ${JSON.stringify(outcome)}`);
  return outcome.proposalId;
}

/** A user's edit, as the editor would make it (one WorkspaceEdit). */
export async function userEdit(uri: vscode.Uri, edit: (e: vscode.WorkspaceEdit) => void): Promise<void> {
  const we = new vscode.WorkspaceEdit();
  edit(we);
  if (!(await vscode.workspace.applyEdit(we))) throw new Error('the simulated user edit was not applied');
}

/** The tab of a proposal's diff editor, if open. */
export function diffTab(id: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'aiml-claude-proposal' && t.input.modified.path.startsWith(`/${id}/`));
}

/** The proposal side's text as the editor shows it. */
export async function proposalSideText(id: string): Promise<string | undefined> {
  const tab = diffTab(id);
  if (!tab) return undefined;
  const input = tab.input as vscode.TabInputTextDiff;
  return (await vscode.workspace.openTextDocument(input.modified)).getText();
}

export function lastRequestText(server: FakeAimlServer): string {
  const body = server.chatRequests.at(-1)?.body as { messages?: { content: string }[] } | undefined;
  return (body?.messages ?? []).map((m) => m.content).join('\n');
}

export { waitFor };

/**
 * The suite hooks of a suite that chats with the fake server: set up once before its tests, editors
 * closed and everything undone after, and per test notifications answered as dismissed and a new
 * chat. `holder.env` is filled once suiteSetup has run.
 */
export function useChatEnv(): { env: Env } {
  const holder = {} as { env: Env };
  suiteSetup(async function () {
    this.timeout(60_000);
    holder.env = await setUp();
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    await closeAll();
    await tearDown(holder.env);
  });
  setup(async () => {
    quietNotifications(holder.env.api);
    await holder.env.api.chat.newChat();
  });
  teardown(async () => {
    await holder.env.api.chat.idle();
    await closeAll();
  });
  return holder;
}
