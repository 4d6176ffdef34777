import * as vscode from 'vscode';
import { findModel } from '../core/models';
import { formatCount } from '../core/prompts/tokens';
import { formatUsageLine, type DailyUsage } from '../core/usage';
import type { Config } from './config';
import { Disposable } from './disposable';

/** The current model in the status bar, today's usage in its tooltip; a click opens the model picker. */
export class ModelStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('aimlClaude.model', vscode.StatusBarAlignment.Right, 100));

  constructor(
    private readonly config: Config,
    private readonly daily?: DailyUsage,
  ) {
    super();
    this.item.name = vscode.l10n.t('AIML Claude Model');
    this.item.command = 'aimlClaude.selectModel';
    this.update();
    this.register(config.onDidChange(() => this.update()));
    if (daily) {
      this.register(daily.onDidChange(() => this.update()));
      // Other windows add to the same total, and it starts again at midnight: read it again now and then.
      const timer = setInterval(() => this.update(), 60_000);
      this.register({ dispose: () => clearInterval(timer) });
    }
    this.item.show();
  }

  private update(): void {
    const id = this.config.current.model;
    const m = findModel(id);
    this.item.text = `$(sparkle) ${m?.label.replace(/^Claude /, '') ?? id}`;
    this.item.tooltip = new vscode.MarkdownString(
      `${m?.retired ? vscode.l10n.t('**AIML Claude** — {0} (retired: pick another model)', m.label) : vscode.l10n.t('**AIML Claude** — {0}', m?.label ?? id)}\n\n${this.todayLine()}${vscode.l10n.t('Click to choose another model.')}`,
    );
    this.item.backgroundColor = m?.retired ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** "Today: 12,345 in (8,000 cached) · 678 out · $0.12" (read when the tooltip is rebuilt). */
  private todayLine(): string {
    if (!this.daily) return '';
    const today = this.daily.today();
    const line =
      today.totalTokens === 0 && today.usdSpent === undefined
        ? vscode.l10n.t('Today: nothing used yet')
        : vscode.l10n.t('Today: {0} ({1} tokens)', formatUsageLine(today), formatCount(today.totalTokens));
    return `${line}\n\n`;
  }

  /** The tooltip's text, for the integration tests. */
  get tooltipText(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
  }
}
