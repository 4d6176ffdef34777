import * as vscode from 'vscode';
import type { AttachRequest } from '../../shared/protocol';
import { captureChanges } from './pickers/changes';
import { pickFiles } from './pickers/filePicker';
import { pickSymbol } from './pickers/symbolPicker';
import type { NewAttachment } from './pickers/types';

/**
 * What the user asked to attach: the active editor's selection or problems at the moment they
 * asked, files or a symbol they pick, or the uncommitted changes. Returns a sentence instead when
 * there is nothing to attach (for the panel to show), or undefined when the user dismissed a picker.
 */
export async function captureAttachments(kind: AttachRequest, contextTokens: number, excludes: readonly string[]): Promise<NewAttachment[] | string | undefined> {
  switch (kind) {
    case 'file':
      return pickFiles(contextTokens, excludes);
    case 'symbol': {
      const a = await pickSymbol(excludes);
      return a === undefined || typeof a === 'string' ? a : [a];
    }
    case 'changes': {
      const a = await captureChanges(excludes);
      return typeof a === 'string' ? a : [a];
    }
    case 'selection':
    case 'problems': {
      const a = captureFromEditor(kind);
      return typeof a === 'string' ? a : [a];
    }
  }
}

function captureFromEditor(kind: 'selection' | 'problems'): NewAttachment | string {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return vscode.l10n.t('Open a file in the editor first.');
  const doc = editor.document;
  const relativePath = vscode.workspace.asRelativePath(doc.uri, false);
  const name = relativePath.split('/').pop() ?? relativePath;
  switch (kind) {
    case 'selection': {
      const sel = editor.selection;
      if (sel.isEmpty) return vscode.l10n.t('Select some code in {0} first.', name);
      const text = doc.getText(sel);
      const end = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
      const lines = sel.start.line === end ? `${sel.start.line + 1}` : `${sel.start.line + 1}-${end + 1}`;
      return { kind, label: `${name}:${lines}`, languageId: doc.languageId, relativePath: `${relativePath}:${lines}`, text };
    }
    case 'problems': {
      const diags = vscode.languages.getDiagnostics(doc.uri);
      if (diags.length === 0) return vscode.l10n.t('{0} has no problems.', name);
      const text = diags
        .map((d) => {
          const sev = ['error', 'warning', 'info', 'hint'][d.severity] ?? 'problem';
          const source = d.source ? ` (${d.source}${d.code !== undefined ? ` ${typeof d.code === 'object' ? d.code.value : d.code}` : ''})` : '';
          const line = doc.lineAt(Math.min(d.range.start.line, doc.lineCount - 1)).text.trim();
          return `${relativePath}:${d.range.start.line + 1}:${d.range.start.character + 1} ${sev}${source}: ${d.message}\n    ${line}`;
        })
        .join('\n');
      return { kind, label: vscode.l10n.t('Problems in {0} ({1})', name, diags.length), languageId: doc.languageId, relativePath, text };
    }
  }
}
