import * as vscode from 'vscode';
import { setTranslator } from '../core/l10n';

/**
 * Makes the core's sentences (src/core/l10n.ts `tr`) go through `vscode.l10n.t`, so they come
 * out in VS Code's display language like the host's own. Returns the undo for deactivation.
 */
export function installTranslator(): vscode.Disposable {
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  return new vscode.Disposable(() => setTranslator(undefined));
}

/** What the chat page needs to speak the user's language: the loaded bundle and the language. */
export function webviewL10n(): { language: string; bundle: Record<string, string> } {
  return { language: vscode.env.language, bundle: vscode.l10n.bundle ?? {} };
}
