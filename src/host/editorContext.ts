import * as vscode from 'vscode';
import { surroundingWindow, type PromptContext } from '../core/prompts';
import type { Notifier } from './proposals/notifier';
import { PROPOSAL_SCHEME } from './proposals/scheme';
import type { ApiKeyStore } from './secrets';

/**
 * What an editor command works on, read from the editor: the selection; when it is empty, the
 * symbol around the cursor (from the document's symbol provider); else the line at the cursor.
 * The scope says which it was, so messages and the prompt can say so too.
 */
export type ScopeKind = 'selection' | 'symbol' | 'line';

export interface CodeScope {
  readonly document: vscode.TextDocument;
  readonly kind: ScopeKind;
  /** Whole lines, 0-based inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The code: the exact selection, or the whole lines (refactor, symbols, the current line). */
  readonly text: string;
  readonly symbolName?: string;
  readonly symbolKind?: string;
  /** "sample.ts" */
  readonly fileName: string;
  /** Workspace-relative path with "/"; the file name for files outside the workspace; undefined when untitled. */
  readonly relativePath?: string;
  /** "lines 3–10" */
  readonly span: string;
  /** "sample.ts:3-10" */
  readonly label: string;
  /** "the selection", "the function total around the cursor", "the line at the cursor" */
  readonly description: string;
}

/** Lines longer than this are probably minified or generated: refactor warns first. */
export const LONG_LINE_CHARS = 1000;

/** How long to wait for a document symbol provider (a language server may still be starting). */
const SYMBOL_TIMEOUT_MS = 3000;

export type Purpose = 'explain' | 'refactor' | 'apply';

/** The editor to work in, or a sentence saying why there is none. */
export function activeEditorFor(purpose: Purpose): vscode.TextEditor | string {
  const editor =
    vscode.window.activeTextEditor ??
    (purpose === 'apply' ? vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== PROPOSAL_SCHEME) : undefined);
  if (!editor) {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const input = tab?.input;
    if (input instanceof vscode.TabInputNotebook || input instanceof vscode.TabInputNotebookDiff) return notebookMessage(purpose);
    if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputWebview) {
      return notTextMessage(purpose, tab?.label ?? vscode.l10n.t('The active editor'));
    }
    return noEditorMessage(purpose);
  }
  return checkDocument(editor.document, purpose) ?? editor;
}

/** Why the document cannot be used for `purpose`, or undefined when it can. */
export function checkDocument(document: vscode.TextDocument, purpose: Purpose): string | undefined {
  const name = fileNameOf(document.uri);
  if (purpose !== 'explain') {
    if (document.uri.scheme === PROPOSAL_SCHEME) return vscode.l10n.t('This is a proposal preview. Accept or reject it first, then work on the file itself.');
    if (!isWritable(document)) return vscode.l10n.t('{0} is read-only, so it cannot be changed. Explain Selection works on it.', name);
  }
  return undefined;
}

// One whole sentence per purpose: a verb slotted into a sentence does not translate.
function notebookMessage(purpose: Purpose): string {
  switch (purpose) {
    case 'explain':
      return vscode.l10n.t('Click into a notebook cell and select the code to explain first.');
    case 'refactor':
      return vscode.l10n.t('Click into a notebook cell and select the code to refactor first.');
    case 'apply':
      return vscode.l10n.t('Click into a notebook cell and select the code to apply the code to first.');
  }
}

function notTextMessage(purpose: Purpose, label: string): string {
  switch (purpose) {
    case 'explain':
      return vscode.l10n.t('{0} is not a text document, so there is no code to explain. Open a text file and select some code.', label);
    case 'refactor':
      return vscode.l10n.t('{0} is not a text document, so there is no code to refactor. Open a text file and select some code.', label);
    case 'apply':
      return vscode.l10n.t('{0} is not a text document, so there is no code to apply the code to. Open a text file and select some code.', label);
  }
}

function noEditorMessage(purpose: Purpose): string {
  switch (purpose) {
    case 'explain':
      return vscode.l10n.t('Open a file and select the code to explain first.');
    case 'refactor':
      return vscode.l10n.t('Open a file and select the code to refactor first.');
    case 'apply':
      return vscode.l10n.t('Open a file and select the code to apply the code to first.');
  }
}

function isWritable(document: vscode.TextDocument): boolean {
  const scheme = document.uri.scheme;
  if (scheme === 'untitled' || scheme === 'vscode-notebook-cell') return true;
  // false: a read-only file system; undefined: no file system at all (git:, output:, other virtual documents).
  return vscode.workspace.fs.isWritableFileSystem(scheme) === true;
}

/** The selection's text says it is binary: NUL characters do not occur in source code. */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000');
}

/** The longest line of the text, 1-based in the document. */
export function longestLine(scope: CodeScope): { line: number; length: number } {
  let best = { line: scope.startLine + 1, length: 0 };
  scope.text.split(/\r?\n/).forEach((l, i) => {
    if (l.length > best.length) best = { line: scope.startLine + 1 + i, length: l.length };
  });
  return best;
}

export interface CaptureOptions {
  /** Extend a selection to whole lines (refactor replaces whole lines). */
  readonly wholeLines: boolean;
  /** An explicit range of whole lines, 0-based inclusive (code actions, retries). */
  readonly range?: { readonly startLine: number; readonly endLine: number };
  /** Look for the enclosing symbol at this line instead of the cursor (a diagnostic's line). */
  readonly atLine?: number;
  /** The selection to use; the editor's by default. */
  readonly selection?: vscode.Selection;
}

/** Reads the scope from a document and a selection (see CodeScope). */
export async function captureScope(document: vscode.TextDocument, opts: CaptureOptions): Promise<CodeScope> {
  if (opts.range) {
    const startLine = clampLine(document, opts.range.startLine);
    const endLine = Math.max(startLine, clampLine(document, opts.range.endLine));
    return scopeOf(document, 'selection', startLine, endLine, wholeLineText(document, startLine, endLine));
  }
  const sel = opts.selection;
  const probe = opts.atLine !== undefined ? new vscode.Position(clampLine(document, opts.atLine), 0) : sel?.active;
  const selectionHolds = sel && !sel.isEmpty && (opts.atLine === undefined || (sel.start.line <= opts.atLine && opts.atLine <= sel.end.line));
  if (sel && selectionHolds) {
    const startLine = sel.start.line;
    // A selection ending at column 0 of a line does not include that line (as VS Code's line commands treat it).
    const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
    const text = opts.wholeLines ? wholeLineText(document, startLine, endLine) : document.getText(sel);
    return scopeOf(document, 'selection', startLine, endLine, text);
  }
  const position = probe ?? new vscode.Position(0, 0);
  const symbol = await enclosingSymbol(document, position);
  if (symbol) {
    const { start, end } = symbol.range;
    return scopeOf(document, 'symbol', start.line, end.line, wholeLineText(document, start.line, end.line), symbol.name, symbol.kind);
  }
  return scopeOf(document, 'line', position.line, position.line, wholeLineText(document, position.line, position.line));
}

function clampLine(document: vscode.TextDocument, line: number): number {
  return Math.min(Math.max(0, Math.floor(line)), document.lineCount - 1);
}

/** Lines [startLine, endLine] with their line breaks (the last line of the document has none). */
export function wholeLineText(document: vscode.TextDocument, startLine: number, endLine: number): string {
  const end = endLine < document.lineCount - 1 ? new vscode.Position(endLine + 1, 0) : document.lineAt(endLine).range.end;
  return document.getText(new vscode.Range(new vscode.Position(startLine, 0), end));
}

function scopeOf(
  document: vscode.TextDocument,
  kind: ScopeKind,
  startLine: number,
  endLine: number,
  text: string,
  symbolName?: string,
  symbolKind?: string,
): CodeScope {
  const fileName = fileNameOf(document.uri);
  const span = startLine === endLine ? vscode.l10n.t('line {0}', startLine + 1) : vscode.l10n.t('lines {0}–{1}', startLine + 1, endLine + 1);
  const lines = startLine === endLine ? `${startLine + 1}` : `${startLine + 1}-${endLine + 1}`;
  const description =
    kind === 'selection'
      ? vscode.l10n.t('the selection ({0})', span)
      : kind === 'symbol'
        ? vscode.l10n.t('the {0} {1} around the cursor ({2}; nothing was selected)', symbolKind ?? vscode.l10n.t('symbol'), symbolName ?? '', span).replace(/\s+/g, ' ')
        : vscode.l10n.t('the line at the cursor ({0}; nothing was selected)', span);
  return {
    document,
    kind,
    startLine,
    endLine,
    text,
    symbolName,
    symbolKind,
    fileName,
    relativePath: relativePathOf(document.uri),
    span,
    label: `${fileName}:${lines}`,
    description,
  };
}

interface FoundSymbol {
  readonly name: string;
  readonly kind: string;
  readonly range: vscode.Range;
}

/**
 * The innermost symbol of more than one line around `position`. One-line symbols (a variable, a
 * field) are passed over: the line at the cursor says the same, and the function around them is
 * what the user most likely means.
 */
async function enclosingSymbol(document: vscode.TextDocument, position: vscode.Position): Promise<FoundSymbol | undefined> {
  let result: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined;
  try {
    result = await Promise.race([
      vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SYMBOL_TIMEOUT_MS)),
    ]);
  } catch {
    return undefined;
  }
  const all: FoundSymbol[] = [];
  const visit = (s: vscode.DocumentSymbol | vscode.SymbolInformation): void => {
    const range = 'location' in s ? s.location.range : s.range;
    all.push({ name: s.name, kind: (vscode.SymbolKind[s.kind] ?? 'symbol').toLowerCase(), range });
    if ('children' in s) for (const c of s.children ?? []) visit(c);
  };
  for (const s of result ?? []) visit(s);
  const around = all.filter((s) => s.range.end.line > s.range.start.line && s.range.start.line <= position.line && position.line <= s.range.end.line);
  around.sort((a, b) => a.range.end.line - a.range.start.line - (b.range.end.line - b.range.start.line));
  return around[0];
}

/**
 * Whether a document named by a command's arguments (another extension, a link) may be worked on:
 * a file of the workspace, or one the user already has open in an editor tab.
 */
export function inWorkspaceOrOpen(uri: vscode.Uri): boolean {
  if (vscode.workspace.getWorkspaceFolder(uri)) return true;
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => {
      const input = t.input;
      const shown = input instanceof vscode.TabInputText ? [input.uri] : input instanceof vscode.TabInputTextDiff ? [input.original, input.modified] : [];
      return shown.some((u) => u.toString() === key);
    }),
  );
}

export function fileNameOf(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || 'untitled';
}

/** Workspace-relative with "/"; only the file name outside the workspace (no home folders in prompts). */
export function relativePathOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme === 'untitled') return undefined;
  if (!vscode.workspace.getWorkspaceFolder(uri)) return fileNameOf(uri);
  return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
}

/** The prompt's view of a scope, with a bounded window of the lines around it. */
export function promptContextOf(scope: CodeScope): PromptContext {
  const doc = scope.document;
  // surroundingWindow takes at most 30 lines in all, so 30 on each side are enough to look at.
  const from = Math.max(0, scope.startLine - 30);
  const to = Math.min(doc.lineCount - 1, scope.endLine + 30);
  const lines: string[] = [];
  for (let i = from; i <= to; i++) lines.push(doc.lineAt(i).text);
  const w = surroundingWindow(lines, scope.startLine - from, scope.endLine - from);
  return {
    selectedText: scope.text,
    languageId: doc.languageId,
    relativePath: scope.relativePath,
    startLine: scope.startLine + 1,
    endLine: scope.endLine + 1,
    before: w.before || undefined,
    after: w.after || undefined,
    selectionKind: scope.kind,
  };
}

/** The diagnostics on lines [startLine, endLine], most severe first. */
export function diagnosticsIn(document: vscode.TextDocument, startLine: number, endLine: number): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => d.range.start.line <= endLine && d.range.end.line >= startLine)
    .sort((a, b) => a.severity - b.severity || a.range.start.line - b.range.start.line);
}

/**
 * true when a key is stored. Without one, says so with a "Set API Key" button that runs the
 * command, and goes on when a key was set; nothing is sent without a key.
 */
export async function ensureApiKey(keys: ApiKeyStore, notifier: Notifier, purpose: 'explain code' | 'refactor code'): Promise<boolean> {
  if (await keys.has()) return true;
  // `purpose` picks the sentence; it is not shown itself (a verb slotted in does not translate).
  const message =
    purpose === 'explain code'
      ? vscode.l10n.t('Set your AI/ML API key to explain code with Claude. It is kept in VS Code’s secret storage.')
      : vscode.l10n.t('Set your AI/ML API key to refactor code with Claude. It is kept in VS Code’s secret storage.');
  const setKey = vscode.l10n.t('Set API Key');
  const choice = await notifier.warn(message, setKey);
  if (choice !== setKey) return false;
  await vscode.commands.executeCommand('aimlClaude.setApiKey');
  return keys.has();
}
