import * as vscode from 'vscode';
import { resolveWorkspacePath } from '../../core/tools';
import { workspaceToolContext } from '../tools/context';

/**
 * Opens a workspace file a tool step points at, at its line. The path is the host's own record of
 * the step, and it is still resolved as the tools resolve paths (inside a folder, no link out, not
 * on the deny-list): a file may have changed into a link since the step ran.
 */
export async function openWorkspaceLocation(location: { path: string; line?: number }, excludes: readonly string[]): Promise<string | undefined> {
  const ctx = workspaceToolContext(excludes);
  const resolved = await resolveWorkspacePath(location.path, ctx.roots, ctx.denied);
  if (!resolved.ok) return resolved.message;
  if (resolved.kind !== 'file') return vscode.l10n.t('“{0}” is not a file.', location.path);
  const line = location.line && location.line > 0 ? location.line - 1 : 0;
  const selection = new vscode.Range(line, 0, line, 0);
  await vscode.window.showTextDocument(vscode.Uri.file(resolved.real), { selection, preview: true });
  return undefined;
}
