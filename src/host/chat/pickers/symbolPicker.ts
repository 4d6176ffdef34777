import * as vscode from 'vscode';
import { workspaceToolContext } from '../../tools/context';
import { inside } from '../../../core/tools/workspacePath';
import type { NewAttachment } from './types';

interface SymbolItem extends vscode.QuickPickItem {
  readonly symbol: vscode.SymbolInformation;
  readonly relative: string;
}

/** Quick pick results are asked again at most this often while the user types. */
const QUERY_DELAY_MS = 150;

/**
 * `@symbol`: the workspace's symbols from the language servers' own provider (what Go to Symbol in
 * Workspace shows), asked again as the user types; the chosen symbol's whole definition is attached.
 */
export async function pickSymbol(excludes: readonly string[]): Promise<NewAttachment | string | undefined> {
  const ctx = workspaceToolContext(excludes);
  const picker = vscode.window.createQuickPick<SymbolItem>();
  picker.title = vscode.l10n.t('Attach a Symbol’s Definition');
  picker.placeholder = vscode.l10n.t('Type a function, class or type name');
  picker.matchOnDescription = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  const query = (value: string): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      picker.busy = true;
      const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', value)) ?? [];
      if (mine !== asked) return;
      picker.items = found.flatMap((symbol) => {
        const relative = relativeOf(ctx.roots, symbol.location.uri);
        if (relative === undefined || ctx.denied(relative)) return [];
        return [
          {
            symbol,
            relative,
            label: `$(${iconFor(symbol.kind)}) ${symbol.name}`,
            description: `${relative}:${symbol.location.range.start.line + 1}`,
            detail: symbol.containerName || undefined,
          },
        ];
      });
      picker.busy = false;
    }, QUERY_DELAY_MS);
  };
  picker.onDidChangeValue(query);
  picker.show();
  query('');
  const chosen = await new Promise<SymbolItem | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.activeItems[0]));
    picker.onDidHide(() => resolve(undefined));
  });
  if (timer) clearTimeout(timer);
  picker.dispose();
  if (!chosen) return undefined;
  return definitionAttachment(chosen.symbol.location, chosen.relative, chosen.symbol.name);
}

/**
 * The whole definition around a location: the innermost document symbol whose name range holds the
 * location (its full range covers the body and doc comments the server includes), else the lines
 * of the location itself.
 */
export interface Definition {
  readonly text: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly languageId: string;
  /** The enclosing symbol's name and kind, when a document symbol was found. */
  readonly name?: string;
  readonly kind?: vscode.SymbolKind;
}

export async function definitionText(location: vscode.Location): Promise<Definition | undefined> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(location.uri);
  } catch {
    return undefined;
  }
  const symbols = (await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined>('vscode.executeDocumentSymbolProvider', location.uri)) ?? [];
  const at = location.range.start;
  let best: vscode.Range | undefined;
  let bestSymbol: { name: string; kind: vscode.SymbolKind } | undefined;
  const visit = (list: ReadonlyArray<vscode.DocumentSymbol | vscode.SymbolInformation>): void => {
    for (const s of list) {
      const full = 'range' in s ? s.range : s.location.range;
      const name = 'selectionRange' in s ? s.selectionRange : full;
      if (full.contains(at) && (name.contains(at) || full.start.line === at.line || name.start.line === at.line)) {
        if (!best || best.contains(full)) {
          best = full;
          bestSymbol = { name: s.name, kind: s.kind };
        }
      }
      if ('children' in s && s.children.length) visit(s.children);
    }
  };
  visit(symbols);
  const range = best ?? location.range;
  const startLine = range.start.line;
  const endLine = Math.max(range.end.line, startLine);
  const text = document.getText(new vscode.Range(startLine, 0, endLine, document.lineAt(endLine).text.length));
  return { text, startLine, endLine, languageId: document.languageId, ...(bestSymbol ?? {}) };
}

async function definitionAttachment(location: vscode.Location, relative: string, name: string): Promise<NewAttachment | string> {
  const def = await definitionText(location);
  if (!def) return vscode.l10n.t('The definition of {0} could not be read.', name);
  const lines = def.startLine === def.endLine ? `${def.startLine + 1}` : `${def.startLine + 1}-${def.endLine + 1}`;
  return { kind: 'symbol', label: `${name} (${relative.split('/').pop() ?? relative}:${lines})`, relativePath: `${relative}:${lines}`, languageId: def.languageId, text: def.text };
}

function relativeOf(roots: ReadonlyArray<{ name: string; path: string }>, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  for (const root of roots) {
    const rel = inside(root.path, uri.fsPath);
    if (rel !== undefined && rel !== '') return roots.length > 1 ? `${root.name}/${rel}` : rel;
  }
  return undefined;
}

function iconFor(kind: vscode.SymbolKind): string {
  const name = vscode.SymbolKind[kind]?.toLowerCase() ?? 'misc';
  return `symbol-${name === 'typeparameter' ? 'type-parameter' : name === 'enummember' ? 'enum-member' : name}`;
}
