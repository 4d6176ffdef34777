import * as vscode from 'vscode';
import type { RefactorArgs } from './commands/refactor';
import { fixInstruction } from './diagnostics';
import { PROPOSAL_SCHEME } from './proposals/scheme';

const FIX_KIND = vscode.CodeActionKind.QuickFix.append('aimlClaude');
const REWRITE_KIND = vscode.CodeActionKind.RefactorRewrite.append('aimlClaude');

/** At most this many "Fix with Claude" actions, one per diagnostic under the cursor. */
const MAX_FIXES = 3;

/**
 * The light bulb's "Explain with Claude" and "Refactor with Claude…", and "Fix with Claude" on a
 * diagnostic (its message, source and code go into the instruction). Explain and Refactor are
 * offered for a selection, or when the user asks for code actions (Ctrl+.), not on every cursor
 * move: a light bulb on every line would be noise.
 */
export class ClaudeCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [FIX_KIND, REWRITE_KIND] };

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (document.uri.scheme === PROPOSAL_SCHEME) return [];
    const actions: vscode.CodeAction[] = [];
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind);

    if (wants(FIX_KIND)) {
      for (const d of context.diagnostics.slice(0, MAX_FIXES)) {
        const message = d.message.split('\n')[0]?.trim() ?? '';
        const short = message.length > 50 ? `${message.slice(0, 49)}…` : message;
        const title = context.diagnostics.length > 1 ? vscode.l10n.t('Fix with Claude: {0}', short) : vscode.l10n.t('Fix with Claude');
        const action = new vscode.CodeAction(title, FIX_KIND);
        action.diagnostics = [d];
        const args: RefactorArgs = { uri: document.uri.toString(), line: d.range.start.line, instruction: fixInstruction(d), title: vscode.l10n.t('Fix with Claude') };
        action.command = { command: 'aimlClaude.refactorSelection', title, arguments: [args] };
        actions.push(action);
      }
    }

    const asked = context.triggerKind === vscode.CodeActionTriggerKind.Invoke;
    if (wants(REWRITE_KIND) && (!range.isEmpty || asked)) {
      const explainTitle = vscode.l10n.t('Explain with Claude');
      const explain = new vscode.CodeAction(explainTitle, REWRITE_KIND);
      explain.command = { command: 'aimlClaude.explainSelection', title: explainTitle };
      const refactorTitle = vscode.l10n.t('Refactor with Claude…');
      const refactor = new vscode.CodeAction(refactorTitle, REWRITE_KIND);
      refactor.command = { command: 'aimlClaude.refactorSelection', title: refactorTitle };
      actions.push(explain, refactor);
    }
    return actions;
  }
}
