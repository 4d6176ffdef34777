import * as vscode from 'vscode';
import { findModel } from '../core/models';
import type { Config } from './config';
import { Disposable } from './disposable';

/** The current model in the status bar; a click opens the model picker. */
export class ModelStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('aimlClaude.model', vscode.StatusBarAlignment.Right, 100));

  constructor(private readonly config: Config) {
    super();
    this.item.name = 'AIML Claude Model';
    this.item.command = 'aimlClaude.selectModel';
    this.update();
    this.register(config.onDidChange(() => this.update()));
    this.item.show();
  }

  private update(): void {
    const id = this.config.current.model;
    const m = findModel(id);
    this.item.text = `$(sparkle) ${m?.label.replace(/^Claude /, '') ?? id}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**AIML Claude** — ${m?.label ?? id}${m?.retired ? ' (retired: pick another model)' : ''}\n\nClick to choose another model.`,
    );
    this.item.backgroundColor = m?.retired ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }
}
