import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, MERGED_SETTINGS, parseSettings, SETTING_ORIGINS, USER_ONLY_REASONS, workspaceMaySet, type SettingKey, type SettingProblem, type Settings } from '../core/settings';
import { Disposable } from './disposable';
import type { Log } from './log';
import { workspaceSettingKeys } from './workspaceSettings';

export const SECTION = 'aimlClaude';

/**
 * Settings read through one validated view. A bad value is reported once (naming the setting and
 * the default that is used instead) and never crashes anything.
 *
 * A workspace's settings come with the folder (a cloned repository), so they are not taken on
 * trust: the base URL, which decides where the API key goes, comes from the user's settings only,
 * and what a request may spend comes from the workspace only once the folder is trusted
 * (SETTING_ORIGINS in src/core/settings.ts; SECURITY.md, "Settings"). package.json declares the
 * same (`scope`, `restrictedConfigurations`), but the scope alone is not relied on: values are
 * read with inspect() and only the user's are used.
 */
export class Config extends Disposable {
  private currentSettings: Settings;
  private readonly warned = new Set<string>();
  /** Settings whose ignored workspace value was logged: said once, not on every read. */
  private readonly ignoredLogged = new Set<string>();
  /** The warnings shown so far, in order (read by the integration tests). */
  readonly shownWarnings: string[] = [];
  private readonly changed = this.register(new vscode.EventEmitter<Settings>());
  readonly onDidChange = this.changed.event;
  private readonly trustChanged = this.register(new vscode.EventEmitter<void>());
  /** Fires when the user trusts the folder (VS Code never takes trust back without a reload). */
  readonly onDidGrantTrust = this.trustChanged.event;

  constructor(private readonly log: Log) {
    super();
    this.currentSettings = this.read();
    void this.checkWorkspaceFiles();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        this.currentSettings = this.read();
        this.changed.fire(this.currentSettings);
        void this.checkWorkspaceFiles();
      }),
    );
    this.register(
      // Trust granted: the workspace's values now apply, without a reload.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.log.info('this folder is now trusted; its settings apply');
        this.currentSettings = this.read();
        this.changed.fire(this.currentSettings);
        this.trustChanged.fire();
      }),
    );
    // VS Code drops a value it ignores without a configuration event: watch the file itself.
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json'));
    for (const onEvent of [watcher.onDidCreate, watcher.onDidChange]) this.register(onEvent(() => void this.checkWorkspaceFiles()));
  }

  /** Restricted Mode: the folder is not trusted, so its cost settings are ignored. */
  get restricted(): boolean {
    return !vscode.workspace.isTrusted;
  }

  get current(): Settings {
    return this.currentSettings;
  }

  /**
   * Writes the model where the user keeps it: the workspace if set there (and the workspace's
   * value applies), else the user settings.
   */
  async setModel(id: string): Promise<void> {
    const cfg = vscode.workspace.getConfiguration(SECTION);
    const inspected = cfg.inspect<string>('model');
    const target = !workspaceMaySet('model', vscode.workspace.isTrusted)
      ? vscode.ConfigurationTarget.Global
      : inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await cfg.update('model', id, target);
  }

  private read(): Settings {
    const cfg = vscode.workspace.getConfiguration(SECTION);
    const raw: Partial<Record<SettingKey, unknown>> = {};
    const trusted = vscode.workspace.isTrusted;
    for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) {
      if (MERGED_SETTINGS.has(key)) {
        const inspected = cfg.inspect<unknown>(key);
        const values = [inspected?.globalValue, inspected?.workspaceValue, inspected?.workspaceFolderValue].filter((v) => v !== undefined);
        raw[key] = values.length === 0 ? undefined : values.every(Array.isArray) ? [...new Set(values.flat())] : values.find((v) => !Array.isArray(v));
        continue;
      }
      if (workspaceMaySet(key, trusted)) {
        raw[key] = cfg.get<unknown>(key);
        continue;
      }
      const inspected = cfg.inspect<unknown>(key);
      raw[key] = inspected?.globalValue;
      if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) this.logIgnored(key);
    }
    const { settings, problems } = parseSettings(raw);
    for (const p of problems) this.report(p, raw[p.key]);
    return settings;
  }

  /**
   * Logs the settings this workspace sets that are ignored, though VS Code has already dropped
   * them (public for the integration tests, which wait on it).
   */
  checkWorkspaceFiles(): Promise<void> {
    return workspaceSettingKeys(SECTION).then(
      (keys) => {
        const trusted = vscode.workspace.isTrusted;
        for (const key of Object.keys(SETTING_ORIGINS) as SettingKey[]) if (keys.has(key) && !workspaceMaySet(key, trusted)) this.logIgnored(key);
      },
      (err: unknown) => this.log.debug('could not read the workspace settings files', err),
    );
  }

  /** Names the setting, never its value: a URL may carry credentials. */
  private logIgnored(key: SettingKey): void {
    if (this.ignoredLogged.has(key)) return;
    this.ignoredLogged.add(key);
    // l10n-ignore-start: log only
    const why =
      SETTING_ORIGINS[key] === 'user'
        ? `only your user settings may set it, since ${USER_ONLY_REASONS[key] ?? 'it is yours alone'}`
        : 'this folder is not trusted (Restricted Mode), so your user settings apply';
    // l10n-ignore-end
    this.log.warn(`${SECTION}.${key} is set in this workspace's settings and is ignored: ${why}`);
  }

  private report(problem: SettingProblem, value: unknown): void {
    const id = `${problem.key}=${JSON.stringify(value)}`;
    if (this.warned.has(id)) return;
    this.warned.add(id);
    const name = `${SECTION}.${problem.key}`;
    const message = invalidSettingMessage(problem);
    this.log.warn(`${name} ${problem.reason}; using the default`);
    this.shownWarnings.push(message);
    void vscode.window.showWarningMessage(message, vscode.l10n.t('Open Settings')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', name);
    });
  }
}

/** The warning users see; the value itself is not repeated (a URL may carry credentials). */
export function invalidSettingMessage(problem: SettingProblem): string {
  const fallback = DEFAULT_SETTINGS[problem.key];
  const shown = fallback === undefined ? vscode.l10n.t('off') : typeof fallback === 'string' ? fallback || vscode.l10n.t('empty') : JSON.stringify(fallback);
  return vscode.l10n.t('AIML Claude: the setting “{0}” {1}. Using the default ({2}) until it is fixed.', `${SECTION}.${problem.key}`, problem.reason, shown);
}
