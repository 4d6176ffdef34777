import * as vscode from 'vscode';
import { estimateTokens } from '../../core/prompts';
import { inside } from '../../core/tools/workspacePath';
import { definitionText, type Definition } from '../chat/pickers/symbolPicker';
import type { NewAttachment } from '../chat/pickers/types';
import { workspaceToolContext } from '../tools/context';

/** Names looked up per Explain: a long selection uses many, and each lookup asks a language server. */
const MAX_LOOKUPS = 80;
const PARALLEL = 8;
/** A language server that is still starting does not hold Explain up longer than this. */
const LOOKUP_BUDGET_MS = 3000;

const TYPE_KINDS = new Set<vscode.SymbolKind>([
  vscode.SymbolKind.Function,
  vscode.SymbolKind.Method,
  vscode.SymbolKind.Constructor,
  vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface,
  vscode.SymbolKind.Enum,
  vscode.SymbolKind.Struct,
  vscode.SymbolKind.TypeParameter,
]);

interface Found extends Definition {
  readonly uri: vscode.Uri;
  readonly relative: string;
  /** Where in the selection the name was first used (order of use breaks ties). */
  readonly order: number;
}

/**
 * The definitions of the functions and types a selection uses, found with the definition provider
 * (what Go to Definition does), for Explain to attach: only definitions in the workspace (not the
 * standard library's or a dependency's declarations) and outside the selection itself, nearest first
 * — the same file by distance, then other files in order of first use — until `budgetTokens` is
 * spent. A definition that does not fit is skipped for a smaller one after it.
 */
export async function definitionsUsedBy(document: vscode.TextDocument, range: vscode.Range, budgetTokens: number, excludes: readonly string[]): Promise<NewAttachment[]> {
  if (budgetTokens <= 0) return [];
  const ctx = workspaceToolContext(excludes);
  const names = identifiersIn(document, range).slice(0, MAX_LOOKUPS);
  const deadline = Date.now() + LOOKUP_BUDGET_MS;
  const found = new Map<string, Found>();
  for (let i = 0; i < names.length && Date.now() < deadline; i += PARALLEL) {
    const batch = names.slice(i, i + PARALLEL);
    const results = await Promise.all(batch.map((n, j) => lookup(document, n.position, i + j)));
    for (const r of results) {
      if (!r) continue;
      const relative = relativeIn(ctx.roots, r.location.uri);
      if (relative === undefined || ctx.denied(relative) || /(^|\/)node_modules\//.test(relative)) continue;
      if (r.location.uri.toString() === document.uri.toString() && range.contains(r.location.range)) continue;
      const def = await definitionText(r.location);
      if (!def || !isFunctionOrType(def)) continue;
      // A symbol defined within the selection is already in front of Claude.
      if (r.location.uri.toString() === document.uri.toString() && def.startLine >= range.start.line && def.endLine <= range.end.line) continue;
      const key = `${r.location.uri.toString()}#${def.startLine}`;
      if (!found.has(key)) found.set(key, { ...def, uri: r.location.uri, relative, order: r.order });
    }
  }
  const sameFile = (f: Found) => f.uri.toString() === document.uri.toString();
  const distance = (f: Found) => (f.endLine < range.start.line ? range.start.line - f.endLine : f.startLine - range.end.line);
  const ordered = [...found.values()].sort((a, b) => Number(sameFile(b)) - Number(sameFile(a)) || (sameFile(a) ? distance(a) - distance(b) : a.order - b.order));
  const out: NewAttachment[] = [];
  let spent = 0;
  for (const f of ordered) {
    const tokens = estimateTokens(f.text);
    if (spent + tokens > budgetTokens) continue;
    spent += tokens;
    const lines = f.startLine === f.endLine ? `${f.startLine + 1}` : `${f.startLine + 1}-${f.endLine + 1}`;
    const file = f.relative.split('/').pop() ?? f.relative;
    out.push({ kind: 'definition', label: `${f.name ?? vscode.l10n.t('definition')} (${file}:${lines})`, relativePath: `${f.relative}:${lines}`, languageId: f.languageId, text: f.text });
  }
  return out;
}

interface Name {
  readonly name: string;
  readonly position: vscode.Position;
}

/** Each identifier of the range once, at its first use, in reading order. */
function identifiersIn(document: vscode.TextDocument, range: vscode.Range): Name[] {
  const seen = new Set<string>();
  const out: Name[] = [];
  for (let line = range.start.line; line <= range.end.line && line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    const from = line === range.start.line ? range.start.character : 0;
    const to = line === range.end.line ? range.end.character : text.length;
    for (const m of text.slice(from, to).matchAll(/[A-Za-z_$][\w$]*/g)) {
      const name = m[0];
      if (name.length < 2 || seen.has(name) || KEYWORDS.has(name)) continue;
      seen.add(name);
      out.push({ name, position: new vscode.Position(line, from + (m.index ?? 0)) });
    }
  }
  return out;
}

async function lookup(document: vscode.TextDocument, position: vscode.Position, order: number): Promise<{ location: vscode.Location; order: number } | undefined> {
  try {
    const result = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink> | undefined>('vscode.executeDefinitionProvider', document.uri, position);
    const first = result?.[0];
    if (!first) return undefined;
    const location = 'targetUri' in first ? new vscode.Location(first.targetUri, first.targetSelectionRange ?? first.targetRange) : first;
    return { location, order };
  } catch {
    return undefined;
  }
}

function isFunctionOrType(def: Definition): boolean {
  if (def.kind === undefined) return def.endLine > def.startLine;
  if (TYPE_KINDS.has(def.kind)) return true;
  // `const total = (items) => …` is a variable to the language server: a function when it spans lines.
  return (def.kind === vscode.SymbolKind.Variable || def.kind === vscode.SymbolKind.Constant) && def.endLine > def.startLine;
}

function relativeIn(roots: ReadonlyArray<{ name: string; path: string }>, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  for (const root of roots) {
    const rel = inside(root.path, uri.fsPath);
    if (rel) return roots.length > 1 ? `${root.name}/${rel}` : rel;
  }
  return undefined;
}

/** Words that are never worth a lookup, in the common languages. */
const KEYWORDS = new Set(
  // l10n-ignore-start: programming languages' keywords, matched against identifiers
  (
    'if else for while do switch case break continue return function const let var new this class extends implements interface type enum ' +
    'import export from default async await yield try catch finally throw typeof instanceof in of void null undefined true false def self ' +
    'None True False elif pass lambda with as is not and or fn pub mut impl struct use mod match where let func go package public private ' +
    'protected static final int string number boolean any unknown never readonly keyof'
  ).split(' '),
  // l10n-ignore-end
);
