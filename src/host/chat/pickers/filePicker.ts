import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { estimateTokens, formatCount } from '../../../core/prompts';
import { collectFiles, comparePaths, resolveWorkspacePath, type ToolContext } from '../../../core/tools';
import { workspaceToolContext } from '../../tools/context';
import type { NewAttachment } from './types';

/** Above this estimate a file is attached only after the user says so, with the number. */
export const LARGE_FILE_TOKENS = 10_000;
/** Files over this size are not offered for attaching at all: they would not fit any context. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

interface FileItem extends vscode.QuickPickItem {
  readonly relative: string;
}

/**
 * `@file`: a quick pick of the workspace's files (VS Code's fuzzy matching over names and folders),
 * listed the way the tools list them — .gitignore, `files.exclude`, `search.exclude` and the
 * secrets deny-list honoured — several at a time. Returns the attachments, or a sentence saying why
 * there are none, or undefined when the user dismissed the picker.
 */
export async function pickFiles(contextTokens: number, excludes: readonly string[]): Promise<NewAttachment[] | string | undefined> {
  const ctx = workspaceToolContext(excludes);
  if (ctx.roots.length === 0) return vscode.l10n.t('Open a folder to attach its files.');
  const picker = vscode.window.createQuickPick<FileItem>();
  picker.title = vscode.l10n.t('Attach Files');
  picker.placeholder = vscode.l10n.t('Type to search the workspace’s files; select several with Space or the check boxes');
  picker.canSelectMany = true;
  picker.matchOnDescription = true;
  picker.busy = true;
  picker.show();
  const files = await listFiles(ctx).catch(() => [] as string[]);
  // The file in the editor comes first, so "@file" then Enter attaches it as before.
  const active = vscode.window.activeTextEditor?.document.uri;
  const current = active?.scheme === 'file' ? files.find((f) => uriOf(ctx, f)?.fsPath === active.fsPath) : undefined;
  const ordered = current ? [current, ...files.filter((f) => f !== current)] : files;
  picker.items = ordered.map((relative) => {
    const dir = path.posix.dirname(relative);
    return {
      relative,
      label: path.posix.basename(relative),
      description: relative === current ? (dir === '.' ? vscode.l10n.t('current file') : vscode.l10n.t('current file · {0}', dir)) : dir === '.' ? '' : dir,
      iconPath: vscode.ThemeIcon.File,
      resourceUri: uriOf(ctx, relative),
    };
  });
  picker.busy = false;
  const chosen = await new Promise<readonly FileItem[] | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.selectedItems.length ? picker.selectedItems : picker.activeItems.slice(0, 1)));
    picker.onDidHide(() => resolve(undefined));
  });
  picker.dispose();
  if (!chosen || chosen.length === 0) return undefined;

  const out: NewAttachment[] = [];
  const refused: string[] = [];
  for (const item of chosen) {
    const a = await readForAttachment(ctx, item.relative, contextTokens);
    if (typeof a === 'string') refused.push(a);
    else if (a) out.push(a);
  }
  if (out.length === 0) return refused.join(' ') || undefined;
  if (refused.length) void vscode.window.showInformationMessage(refused.join(' '));
  return out;
}

async function listFiles(ctx: ToolContext): Promise<string[]> {
  if (ctx.ripgrep) {
    const { paths } = await collectFiles(ctx, undefined);
    return paths.sort(comparePaths);
  }
  // No ripgrep at all (unusual: VS Code ships one): VS Code's own file search, without .gitignore.
  const uris = await vscode.workspace.findFiles('**/*', undefined, 20_000);
  return uris
    .map((u) => vscode.workspace.asRelativePath(u, ctx.roots.length > 1))
    .filter((rel) => !ctx.denied(rel))
    .sort(comparePaths);
}

function uriOf(ctx: ToolContext, relative: string): vscode.Uri | undefined {
  const root = ctx.roots.length > 1 ? ctx.roots.find((r) => relative.startsWith(`${r.name}/`)) : ctx.roots[0];
  if (!root) return undefined;
  const rel = ctx.roots.length > 1 ? relative.slice(root.name.length + 1) : relative;
  return vscode.Uri.file(path.join(root.path, rel));
}

/**
 * One file as an attachment: through the same resolver as the tools (no link out, nothing on the
 * deny-list), text only, and confirmed first when it is large. An open editor's unsaved text wins
 * over the file on disk: it is what the user sees.
 */
export async function readForAttachment(ctx: ToolContext, relative: string, contextTokens: number): Promise<NewAttachment | string | undefined> {
  const resolved = await resolveWorkspacePath(relative, ctx.roots, ctx.denied);
  if (!resolved.ok) return resolved.message;
  if (resolved.kind !== 'file') return vscode.l10n.t('{0} is not a file.', relative);
  const uri = vscode.Uri.file(resolved.real);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
  let text: string;
  let languageId: string | undefined = open?.languageId;
  if (open) {
    text = open.getText();
  } else {
    const stat = await fs.stat(resolved.real);
    if (stat.size > MAX_FILE_BYTES) return vscode.l10n.t('{0} is {1} KB, too large to attach.', relative, formatCount(Math.round(stat.size / 1024)));
    const data = await fs.readFile(resolved.real);
    if (data.subarray(0, 8000).includes(0)) return vscode.l10n.t('{0} is a binary file, so it cannot be attached.', relative);
    text = data.toString('utf8');
  }
  languageId ??= await languageOf(uri);
  const tokens = estimateTokens(text);
  if (tokens > LARGE_FILE_TOKENS) {
    const share = Math.round((tokens / contextTokens) * 100);
    const attach = vscode.l10n.t('Attach');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} is about {1} tokens ({2}% of the model’s context). Attach it anyway?', relative, formatCount(tokens), share),
      { modal: true },
      attach,
    );
    if (choice !== attach) return undefined;
  }
  return { kind: 'file', label: path.posix.basename(resolved.relative), relativePath: resolved.relative, languageId, text };
}

async function languageOf(uri: vscode.Uri): Promise<string | undefined> {
  try {
    // Opening a document without showing it gives its language id (the file is read once more,
    // but an attachment is a click, not a hot path).
    return (await vscode.workspace.openTextDocument(uri)).languageId;
  } catch {
    return undefined;
  }
}
