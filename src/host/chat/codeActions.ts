import * as vscode from 'vscode';
import { convertEol, documentEol } from '../../core/edits';
import { listCodeBlocks, type CodeBlock } from '../../core/markdown/codeBlocks';
import { codeHash } from '../../shared/codeHash';
import type { FromWebview } from '../../shared/protocol';
import type { Log } from '../log';

export type CodeActionRequest = Extract<FromWebview, { type: 'codeAction' }>;
export type CodeAction = CodeActionRequest['action'];

/** Applying goes through the reviewed-proposal pipeline (diff preview, Accept/Reject). */
export type ApplyToSelection = (block: CodeBlock) => Promise<void>;

/** One whole sentence per action: a clause slotted into a sentence does not translate. */
function blockChanged(action: CodeAction): string {
  switch (action) {
    case 'copy':
      return vscode.l10n.t('That code block changed; nothing was copied.');
    case 'insert':
      return vscode.l10n.t('That code block changed; nothing was inserted.');
    case 'apply':
      return vscode.l10n.t('That code block changed; nothing was applied.');
    case 'open':
      return vscode.l10n.t('That code block changed; nothing was opened.');
  }
}

/**
 * Runs a code block's button. The code comes from the host's copy of the answer, found by the
 * rule the chat panel numbers its blocks by (listCodeBlocks), and is used only when it is the code
 * the panel showed under that button (same fingerprint): a panel that numbered the blocks another
 * way must never make Insert write some other block into the document, unreviewed. Returns what
 * to tell the user when nothing was done.
 */
export async function runCodeAction(
  request: CodeActionRequest,
  messageText: string | undefined,
  deps: { log: Log; applyToSelection: ApplyToSelection },
): Promise<string | undefined> {
  const { action, blockIndex } = request;
  const block = messageText === undefined ? undefined : listCodeBlocks(messageText)[blockIndex];
  if (!block) return vscode.l10n.t('That code block is no longer in the conversation.');
  const hash = codeHash(block.code);
  if (hash !== request.codeHash) {
    deps.log.warn(`code block ${action} refused: block ${blockIndex} of message ${request.messageId} has code ${hash}, the panel showed ${request.codeHash}`);
    return blockChanged(action);
  }
  switch (action) {
    case 'copy':
      await vscode.env.clipboard.writeText(block.code);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Code copied'), 2000);
      return undefined;
    case 'insert': {
      const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
      if (!editor) return vscode.l10n.t('Open a file in the editor to insert the code.');
      const code = convertEol(block.code, documentEol(editor.document));
      // Insert at every cursor, replacing what is selected, as typing would; one undo step.
      const ok = await editor.edit((b) => {
        for (const sel of editor.selections) b.replace(sel, code);
      });
      return ok ? undefined : vscode.l10n.t('The code could not be inserted: the document changed or is read-only.');
    }
    case 'apply':
      await deps.applyToSelection(block);
      return undefined;
    case 'open': {
      const language = block.lang ? await languageFor(block.lang) : undefined;
      const doc = await vscode.workspace.openTextDocument({ content: block.code, language });
      await vscode.window.showTextDocument(doc, { preview: false });
      return undefined;
    }
  }
}

const ALIASES: Record<string, string> = { ts: 'typescript', js: 'javascript', py: 'python', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', yml: 'yaml', md: 'markdown', rs: 'rust', cs: 'csharp', 'c++': 'cpp', rb: 'ruby', kt: 'kotlin', tsx: 'typescriptreact', jsx: 'javascriptreact' };

async function languageFor(written: string): Promise<string | undefined> {
  // The block keeps the language as written ("TS"); VS Code's ids are lower case.
  const lang = written.toLowerCase();
  const id = ALIASES[lang] ?? lang;
  return (await vscode.languages.getLanguages()).includes(id) ? id : undefined;
}
