import * as vscode from 'vscode';
import type { ErrorAction } from '../shared/protocol';

/** What the retries of a failure mean where it happened; the other actions are the same everywhere. */
export interface RetryHandlers {
  readonly retry?: () => unknown;
  readonly retryLonger?: () => unknown;
}

/** Runs an action of src/shared/errorActions.ts (a button the user chose); nothing for undefined. */
export async function runErrorAction(action: ErrorAction | undefined, handlers: RetryHandlers = {}): Promise<void> {
  switch (action) {
    case 'setApiKey':
      await vscode.commands.executeCommand('aimlClaude.setApiKey');
      return;
    case 'pickModel':
      await vscode.commands.executeCommand('aimlClaude.selectModel');
      return;
    case 'showLog':
      await vscode.commands.executeCommand('aimlClaude.showLog');
      return;
    case 'retry':
      await handlers.retry?.();
      return;
    case 'retryLonger':
      await handlers.retryLonger?.();
      return;
    case undefined:
      return;
  }
}
