import * as vscode from 'vscode';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  readonly level: NoticeLevel;
  readonly text: string;
  readonly actions: readonly string[];
}

/**
 * The messages the editor commands show. Every message is kept (the last 200) so the integration
 * tests can read what a user would have read, and a test may answer in place of a person through
 * `respond`; without it the message goes to VS Code as usual. Callers never await the answer unless
 * they need it: a command that only informs returns at once.
 */
export class Notifier {
  readonly shown: Notice[] = [];
  /** The titles of progress notifications shown (the last 200), for the same reason. */
  readonly progressTitles: string[] = [];
  respond: ((notice: Notice) => string | undefined) | undefined;

  /** A progress notification, as `vscode.window.withProgress`, its title kept. */
  progress<T>(
    options: vscode.ProgressOptions & { readonly title: string },
    task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<T>,
  ): Thenable<T> {
    this.progressTitles.push(options.title);
    if (this.progressTitles.length > 200) this.progressTitles.splice(0, this.progressTitles.length - 200);
    return vscode.window.withProgress(options, task);
  }

  show(level: NoticeLevel, text: string, ...actions: string[]): Promise<string | undefined> {
    const notice: Notice = { level, text, actions };
    this.shown.push(notice);
    if (this.shown.length > 200) this.shown.splice(0, this.shown.length - 200);
    if (this.respond) return Promise.resolve(this.respond(notice));
    const message = vscode.l10n.t('AIML Claude: {0}', text);
    const show =
      level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return Promise.resolve(show(message, ...actions));
  }

  info(text: string, ...actions: string[]): Promise<string | undefined> {
    return this.show('info', text, ...actions);
  }

  warn(text: string, ...actions: string[]): Promise<string | undefined> {
    return this.show('warning', text, ...actions);
  }

  error(text: string, ...actions: string[]): Promise<string | undefined> {
    return this.show('error', text, ...actions);
  }

  /** The last notice whose text matches, for tests. */
  last(match?: RegExp): Notice | undefined {
    for (let i = this.shown.length - 1; i >= 0; i--) {
      const n = this.shown[i] as Notice;
      if (!match || match.test(n.text)) return n;
    }
    return undefined;
  }
}
