import os from 'node:os';
import * as vscode from 'vscode';
import type { Conversation } from '../../core/chat/conversation';
import { conversationJson, conversationMarkdown, exportFileName } from '../../core/chat/exportMarkdown';
import type { Log } from '../log';

export interface ExportUi {
  showSaveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  showWarningMessage(message: string, ...items: string[]): Thenable<string | undefined>;
}

/**
 * Export Conversation…: asks where (the save dialog offers Markdown and JSON, named from the
 * title), then writes the conversation there — as Markdown, or as JSON (the stored format) when
 * the chosen name ends in `.json`. Written with workspace.fs, so it works in remote windows too.
 */
export async function exportConversation(c: Conversation, deps: { ui: ExportUi; log: Log }): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await deps.ui.showSaveDialog({
    title: vscode.l10n.t('Export Conversation'),
    saveLabel: vscode.l10n.t('Export'),
    defaultUri: vscode.Uri.joinPath(folder, exportFileName(c, 'md')),
    filters: { Markdown: ['md'], JSON: ['json'] },
  });
  if (!target) return;
  const asJson = target.path.toLowerCase().endsWith('.json');
  const name = target.path.split('/').pop() ?? target.path;
  try {
    const text = asJson ? conversationJson(c) : conversationMarkdown(c);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  } catch (err) {
    deps.log.error(`could not export conversation ${c.id} to ${target.toString()}`, err);
    const message = vscode.l10n.t('Could not write “{0}”: {1}. Pick another place and export again.', name, reasonOf(err));
    void deps.ui.showWarningMessage(message, vscode.l10n.t('Show Log')).then((choice) => {
      if (choice) deps.log.show();
    });
    return;
  }
  deps.log.info(`exported conversation ${c.id} as ${asJson ? 'JSON' : 'Markdown'} to ${target.toString()}`);
  void deps.ui.showInformationMessage(vscode.l10n.t('Exported “{0}” to {1}.', c.title, name), vscode.l10n.t('Open')).then(async (choice) => {
    if (choice) await vscode.window.showTextDocument(target, { preview: true });
  });
}

function reasonOf(err: unknown): string {
  if (err instanceof vscode.FileSystemError) return err.code === 'NoPermissions' ? vscode.l10n.t('permission denied') : err.code || err.message;
  return err instanceof Error ? err.message : vscode.l10n.t('the write failed');
}
