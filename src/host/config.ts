import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, parseSettings, type SettingKey, type SettingProblem, type Settings } from '../core/settings';
import { Disposable } from './disposable';
import type { Log } from './log';

export const SECTION = 'aimlClaude';

/**
 * Settings read through one validated view. A bad value is reported once (naming the setting and
 * the default that is used instead) and never crashes anything.
 */
export class Config extends Disposable {
  private currentSettings: Settings;
  private readonly warned = new Set<string>();
  /** The warnings shown so far, in order (read by the integration tests). */
  readonly shownWarnings: string[] = [];
  private readonly changed = this.register(new vscode.EventEmitter<Settings>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: Log) {
    super();
    this.currentSettings = this.read();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        this.currentSettings = this.read();
        this.changed.fire(this.currentSettings);
      }),
    );
  }

  get current(): Settings {
    return this.currentSettings;
  }

  /** Writes the model where the user keeps it: the workspace if set there, else the user settings. */
  async setModel(id: string): Promise<void> {
    const cfg = vscode.workspace.getConfiguration(SECTION);
    const inspected = cfg.inspect<string>('model');
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await cfg.update('model', id, target);
  }

  private read(): Settings {
    const cfg = vscode.workspace.getConfiguration(SECTION);
    const raw: Partial<Record<SettingKey, unknown>> = {};
    for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) raw[key] = cfg.get<unknown>(key);
    const { settings, problems } = parseSettings(raw);
    for (const p of problems) this.report(p, raw[p.key]);
    return settings;
  }

  private report(problem: SettingProblem, value: unknown): void {
    const id = `${problem.key}=${JSON.stringify(value)}`;
    if (this.warned.has(id)) return;
    this.warned.add(id);
    const name = `${SECTION}.${problem.key}`;
    const message = invalidSettingMessage(problem);
    this.log.warn(`${name} ${problem.reason}; using the default`);
    this.shownWarnings.push(message);
    void vscode.window.showWarningMessage(message, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', name);
    });
  }
}

/** The warning users see; the value itself is not repeated (a URL may carry credentials). */
export function invalidSettingMessage(problem: SettingProblem): string {
  const fallback = DEFAULT_SETTINGS[problem.key];
  return `AIML Claude: the setting “${SECTION}.${problem.key}” ${problem.reason}. Using the default (${String(fallback)}) until it is fixed.`;
}
