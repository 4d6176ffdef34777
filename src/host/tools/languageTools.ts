import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { code, failure, resolveWorkspacePath, type Tool, type ToolContext, type ToolResult } from '../../core/tools';
import { inside } from '../../core/tools/workspacePath';

/**
 * The tools only the editor can offer: what its language servers know. The CLI has no language
 * servers, so it does not list them.
 */

const FIND_MAX = 50;
const PROBLEMS_MAX = 200;
const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

const findArgs = z.object({ name: z.string().check(z.minLength(1), z.maxLength(200)) });
const problemArgs = z.object({ path: z.optional(z.string()) });

/** The workspace-relative path of a file URI, or undefined when it is outside every root or denied. */
function visiblePath(uri: vscode.Uri, ctx: ToolContext): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  for (const root of ctx.roots) {
    const rel = inside(root.path, uri.fsPath);
    if (rel === undefined || rel === '') continue;
    if (ctx.denied(rel)) return undefined;
    return ctx.roots.length > 1 ? `${root.name}/${rel}` : rel;
  }
  return undefined;
}

// What a tool returns in `content` and its spec are read by Claude, in English like the prompts;
// only the `summary` is the user's, in the panel's tool steps.
export const findSymbolTool: Tool = {
  // l10n-ignore-start: the tool's spec, for Claude
  spec: {
    name: 'find_symbol',
    description:
      "Find where functions, classes, types, variables and other symbols are defined in the workspace, using the editor's language servers. " +
      'Returns "kind name path:line" per symbol; exact name matches first.',
    parameters: {
      type: 'object',
      properties: { name: { type: 'string', description: 'The symbol name, or the start of it.' } },
      required: ['name'],
      additionalProperties: false,
    },
  },
  // l10n-ignore-end
  async run(raw, ctx): Promise<ToolResult> {
    const parsed = findArgs.safeParse(raw ?? {});
    if (!parsed.success) {
      return failure(
        vscode.l10n.t('find_symbol: bad arguments'),
        'invalid arguments for find_symbol: name must be a non-empty string.', // l10n-ignore: for Claude
      );
    }
    const name = parsed.data.name.trim();
    const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', name)) ?? [];
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    const rows = symbols
      .map((s) => ({ s, path: visiblePath(s.location.uri, ctx) }))
      .filter((r): r is { s: vscode.SymbolInformation; path: string } => r.path !== undefined)
      .sort((a, b) => rank(a.s.name, name) - rank(b.s.name, name) || a.path.localeCompare(b.path) || a.s.location.range.start.line - b.s.location.range.start.line);
    const shown = rows.slice(0, FIND_MAX);
    const lines = shown.map(({ s, path }) => `${kindName(s.kind)} ${s.containerName ? `${s.containerName}.` : ''}${s.name} ${path}:${s.location.range.start.line + 1}`);
    if (rows.length > shown.length) lines.push(`[${rows.length - shown.length} more not shown; use a more precise name.]`); // l10n-ignore: for Claude
    const first = shown[0];
    return {
      ok: true,
      // l10n-ignore: for Claude
      content: lines.length ? lines.join('\n') : `No symbol named like "${name}" was found (the language servers may still be starting, or no open language supports symbols).`,
      summary:
        rows.length === 1
          ? vscode.l10n.t('Found symbol {0} — 1 definition', code(name))
          : vscode.l10n.t('Found symbol {0} — {1} definitions', code(name), rows.length),
      ...(first ? { location: { path: first.path, line: first.s.location.range.start.line + 1 } } : {}),
    };
  },
};

export const getProblemsTool: Tool = {
  // l10n-ignore-start: the tool's spec, for Claude
  spec: {
    name: 'get_problems',
    description:
      "The errors and warnings the editor reports (compiler, linter), for one file or the whole workspace. Returns \"path:line:col severity: message\".",
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: 'A file relative to the workspace folder; the whole workspace when left out.' } },
      additionalProperties: false,
    },
  },
  // l10n-ignore-end
  async run(raw, ctx): Promise<ToolResult> {
    const parsed = problemArgs.safeParse(raw ?? {});
    if (!parsed.success) {
      return failure(
        vscode.l10n.t('get_problems: bad arguments'),
        'invalid arguments for get_problems: path must be a string.', // l10n-ignore: for Claude
      );
    }
    const asked = parsed.data.path?.trim();
    let entries: Array<[vscode.Uri, readonly vscode.Diagnostic[]]>;
    if (asked) {
      const resolved = await resolveWorkspacePath(asked, ctx.roots, ctx.denied);
      if (!resolved.ok) return failure(vscode.l10n.t('Problems in {0}: {1}', code(asked), resolved.refusal.replace('_', ' ')), resolved.message);
      const uri = vscode.Uri.file(resolved.real);
      const byPath = vscode.languages.getDiagnostics().find(([u]) => u.fsPath === uri.fsPath || u.fsPath === vscode.Uri.joinPath(vscode.Uri.file(resolved.root.path), resolved.relative).fsPath);
      entries = [[uri, byPath?.[1] ?? vscode.languages.getDiagnostics(uri)]];
    } else {
      entries = vscode.languages.getDiagnostics();
    }
    const rows: Array<{ path: string; d: vscode.Diagnostic }> = [];
    for (const [uri, diags] of entries) {
      const path = visiblePath(uri, ctx);
      if (!path) continue;
      for (const d of diags) rows.push({ path, d });
    }
    rows.sort((a, b) => a.d.severity - b.d.severity || a.path.localeCompare(b.path) || a.d.range.start.line - b.d.range.start.line);
    const shown = rows.slice(0, PROBLEMS_MAX);
    const lines = shown.map(({ path, d }) => {
      const source = d.source ? ` (${d.source}${d.code !== undefined ? ` ${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}` : ''})` : '';
      return `${path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity] ?? 'problem'}: ${d.message.replace(/\s*\n\s*/g, ' ')}${source}`;
    });
    if (rows.length > shown.length) lines.push(`[${rows.length - shown.length} more not shown.]`); // l10n-ignore: for Claude
    const errors = rows.filter((r) => r.d.severity === vscode.DiagnosticSeverity.Error).length;
    const first = shown[0];
    return {
      ok: true,
      // l10n-ignore: for Claude
      content: lines.length ? lines.join('\n') : `No problems reported${asked ? ` in ${asked}` : ' in the workspace'}.`,
      summary: problemsSummary(asked === undefined || asked === '' ? undefined : code(asked), rows.length, errors),
      ...(first ? { location: { path: first.path, line: first.d.range.start.line + 1 } } : {}),
    };
  },
};

/**
 * Exact name first, then names that start with it, then the rest (the provider's fuzzy matches).
 * VS Code's TypeScript provider names a function with its parentheses (`area()`): still exact.
 */
function rank(name: string, query: string): number {
  const symbol = name.endsWith('()') ? name.slice(0, -2) : name;
  if (symbol === query) return 0;
  if (symbol.toLowerCase() === query.toLowerCase()) return 1;
  if (symbol.toLowerCase().startsWith(query.toLowerCase())) return 2;
  return 3;
}

function kindName(kind: vscode.SymbolKind): string {
  return (vscode.SymbolKind[kind] ?? 'symbol').toLowerCase();
}

/** "Problems in `a.ts` — 3 (1 error)", each count with its own plural, as one sentence per case. */
function problemsSummary(where: string | undefined, total: number, errors: number): string {
  if (total === 0) return where ? vscode.l10n.t('Problems in {0} — none', where) : vscode.l10n.t('Problems — none');
  if (where) {
    return errors === 1
      ? vscode.l10n.t('Problems in {0} — {1} (1 error)', where, total)
      : vscode.l10n.t('Problems in {0} — {1} ({2} errors)', where, total, errors);
  }
  return errors === 1 ? vscode.l10n.t('Problems — {0} (1 error)', total) : vscode.l10n.t('Problems — {0} ({1} errors)', total, errors);
}
