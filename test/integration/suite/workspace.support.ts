// Shared set-up of the workspace-feature suites (instructions, attachments, Explain's definitions,
// language tools, changes across files): files in the fixture workspace, the TypeScript fixture
// project, waiting for the real TypeScript language server, and a look at the quick picks the
// extension opens.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ToWebview } from '../../../src/shared/protocol';
import type { FakeAimlServer } from '../../support/fakeAimlServer';
import { EXTENSION_ID, waitFor } from './helpers';

/** The workspace folder on disk (a fresh copy of test/fixtures/workspace per launch). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') throw new Error('the tests need the fixture workspace folder on disk');
  return folder.uri.fsPath;
}

/** Writes a file under the workspace folder (folders created), with node's fs: as another program would. */
export function writeWorkspaceFile(relative: string, content: string | Buffer): string {
  const file = path.join(workspaceRoot(), ...relative.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

export function readWorkspaceFile(relative: string): string {
  return fs.readFileSync(path.join(workspaceRoot(), ...relative.split('/')), 'utf8');
}

export function removeWorkspacePath(relative: string): void {
  fs.rmSync(path.join(workspaceRoot(), ...relative.split('/')), { recursive: true, force: true });
}

export function workspaceUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...relative.split('/')));
}

/** Where the TypeScript fixture project is copied in the workspace. */
export const TS_PROJECT = 'tsproj';

/**
 * Copies test/fixtures/ts-project into the workspace as `tsproj/`, with a dependency in its
 * node_modules (written here: node_modules is not committed), whose definitions Explain must not
 * attach.
 */
export function copyTsProject(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const target = path.join(workspaceRoot(), TS_PROJECT);
  fs.cpSync(path.join(ext.extensionPath, 'test', 'fixtures', 'ts-project'), target, { recursive: true });
  writeWorkspaceFile(`${TS_PROJECT}/node_modules/fake-lib/package.json`, JSON.stringify({ name: 'fake-lib', version: '1.0.0', types: 'index.d.ts' }));
  writeWorkspaceFile(
    `${TS_PROJECT}/node_modules/fake-lib/index.d.ts`,
    ['/** Keeps a value within [low, high]. */', 'export declare function clamp(value: number, low: number, high: number): number;', ''].join('\n'),
  );
  return target;
}

/** The 0-based position of the first `needle` in a document. */
export function positionOf(doc: vscode.TextDocument, needle: string, nth = 0): vscode.Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} is not in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at);
}

/**
 * Opens `tsproj/src/report.ts` and waits until the TypeScript language server has loaded the
 * project: Go to Definition on `area` lands in shapes.ts, and the workspace symbol search finds
 * `formatArea`. A language server starts slowly on a loaded machine: polled, with a deadline.
 */
export async function waitForTypeScript(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(`${TS_PROJECT}/src/report.ts`));
  await vscode.window.showTextDocument(doc, { preview: false });
  const at = positionOf(doc, 'area(s)');
  await waitFor(
    'the TypeScript language server (Go to Definition)',
    async () => {
      const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, at);
      return defs?.some((d) => ('targetUri' in d ? d.targetUri : d.uri).fsPath.endsWith(path.join('src', 'shapes.ts'))) || undefined;
    },
    90_000,
  );
  await waitFor(
    'the TypeScript language server (workspace symbols)',
    async () => {
      const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'formatArea');
      // VS Code's TypeScript provider names a function with its parentheses: `formatArea()`.
      return found?.some((s) => s.name === 'formatArea()' || s.name === 'formatArea') || undefined;
    },
    60_000,
  );
  return doc;
}

/**
 * The quick picks the extension creates while `fn` runs, to see what they list and to pick in
 * them. `vscode.window` is the one API object of this extension (the tests load from its folder),
 * so wrapping `createQuickPick` sees the pickers the extension creates; they stay real quick picks
 * of the workbench, answered with the workbench's own commands.
 */
export function watchQuickPicks(): { pickers: vscode.QuickPick<vscode.QuickPickItem>[]; dispose(): void } {
  const pickers: vscode.QuickPick<vscode.QuickPickItem>[] = [];
  const original = vscode.window.createQuickPick;
  const wrapped = <T extends vscode.QuickPickItem>(): vscode.QuickPick<T> => {
    const picker = original.call(vscode.window) as vscode.QuickPick<T>;
    pickers.push(picker as unknown as vscode.QuickPick<vscode.QuickPickItem>);
    return picker;
  };
  Object.assign(vscode.window, { createQuickPick: wrapped });
  return {
    pickers,
    dispose: () => Object.assign(vscode.window, { createQuickPick: original }),
  };
}

/**
 * Answers the modal questions (`showWarningMessage` with `{ modal: true }`) the extension asks while
 * installed, recording them: a modal dialog cannot be answered from the extension host.
 */
export function answerModals(answer: (message: string, items: string[]) => string | undefined): { asked: string[]; dispose(): void } {
  const asked: string[] = [];
  const original = vscode.window.showWarningMessage;
  const wrapped = (message: string, ...rest: unknown[]): Thenable<unknown> => {
    const options = rest[0];
    if (typeof options === 'object' && options !== null && (options as vscode.MessageOptions).modal) {
      const items = rest.slice(1).filter((i): i is string => typeof i === 'string');
      asked.push(message);
      return Promise.resolve(answer(message, items));
    }
    return (original as (...a: unknown[]) => Thenable<unknown>).call(vscode.window, message, ...rest);
  };
  Object.assign(vscode.window, { showWarningMessage: wrapped });
  return { asked, dispose: () => Object.assign(vscode.window, { showWarningMessage: original }) };
}

/** The last message of a type the host posted to the panel. */
export function lastPosted<T extends ToWebview['type']>(posted: Map<ToWebview['type'], ToWebview>, type: T): Extract<ToWebview, { type: T }> | undefined {
  const m = posted.get(type);
  return m?.type === type ? (m as Extract<ToWebview, { type: T }>) : undefined;
}

export interface WireMessage {
  role: string;
  content: string | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface WireBody {
  system?: string;
  tools?: Array<{ type: string; function: { name: string } }>;
  messages: WireMessage[];
}

/** The body of the `n`-th chat request the fake server received (negative: from the end). */
export function requestBody(server: FakeAimlServer, n = -1): WireBody {
  const req = server.chatRequests.at(n);
  if (!req) throw new Error(`no chat request ${n} (the server received ${server.chatRequests.length})`);
  return req.body as WireBody;
}
