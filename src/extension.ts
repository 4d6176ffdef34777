import * as vscode from 'vscode';
import { bundleEvaluationMs } from './host/bundleTiming';
import { ClaudeCodeActions } from './host/codeActionProvider';
import { CHAT_VIEW_ID, COMMAND_IDS } from './host/ids';
import type { Main, TestApi } from './host/main';
import { loadMain } from './host/mainLoader';

export type { TestApi } from './host/main';

/**
 * How long after activation the rest of the extension loads when nothing asked for it sooner:
 * the status bar's model and usage appear then, and the first click finds everything ready.
 * Long enough to stay clear of the window's own start-up and the other extensions activating.
 */
const DEFERRED_START_MS = 1500;

let main: Main | undefined;

/**
 * Activation registers what VS Code must know about at once (the commands, the chat view, the
 * code actions) and nothing else: the rest (dist/main.js, about ten times this bundle) loads on
 * the first command, when the chat view opens, or shortly after start-up, whichever comes first.
 * docs/architecture.md, "Activation", says why.
 */
export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const activateStart = performance.now();
  const moduleMs = bundleEvaluationMs();
  let activateMs = 0;
  const start = (reason: string): Main => {
    if (!main) {
      // Taken before the require, so the logged time covers loading dist/main.js too.
      const askedAt = performance.now();
      main = loadMain().start(context, { moduleMs, activateMs, reason, askedAt });
    }
    return main;
  };

  for (const id of COMMAND_IDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => start(`the command ${id}`).run(id, args))); // l10n-ignore: for the log
  }
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, {
      resolveWebviewView: (view, resolveContext, token) => start('the chat view').chatView.resolveWebviewView(view, resolveContext, token), // l10n-ignore: for the log
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new ClaudeCodeActions(), ClaudeCodeActions.metadata),
  );

  activateMs = performance.now() - activateStart;
  // Integration tests reach in through the returned handles, so they get everything at once.
  if (context.extensionMode === vscode.ExtensionMode.Test) return start('the tests').testApi; // l10n-ignore: for the log
  const timer = setTimeout(() => start('the deferred start'), DEFERRED_START_MS); // l10n-ignore: for the log
  context.subscriptions.push({ dispose: () => clearTimeout(timer) });
  return undefined;
}

/**
 * VS Code waits (a few seconds at most) for the promise returned here before it disposes
 * context.subscriptions and ends the extension host. A window reload right after an answer ended,
 * or while one streams, would otherwise cut off the save of its last text.
 */
export async function deactivate(): Promise<void> {
  await main?.shutdown();
}
