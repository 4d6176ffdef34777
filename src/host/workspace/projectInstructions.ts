import * as vscode from 'vscode';
import { INSTRUCTION_FILES, readInstructionFiles, settingInstructions, type Instructions } from '../../core/prompts';
import { Disposable } from '../disposable';
import type { Log } from '../log';

/**
 * The project's instructions for Claude (AGENTS.md, CLAUDE.md, .github/copilot-instructions.md at
 * each folder's root) and the user's `aimlClaude.instructions`, kept current: re-read when one of
 * the files is created, changed or deleted, when folders change, and when the user trusts the
 * workspace. Files are read only in a trusted workspace — a repository just cloned must not be able
 * to steer Claude before the user has said they trust it; the user's own setting always applies.
 */
export class ProjectInstructions extends Disposable {
  private cached: Promise<Instructions[]> | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: Log) {
    super();
    const pattern = `{${INSTRUCTION_FILES.join(',')}}`;
    const watch = (): vscode.Disposable[] =>
      (vscode.workspace.workspaceFolders ?? []).map((folder) => {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, pattern));
        watcher.onDidCreate(() => this.invalidate('created'));
        watcher.onDidChange(() => this.invalidate('changed'));
        watcher.onDidDelete(() => this.invalidate('deleted'));
        return watcher;
      });
    let watchers = watch();
    this.register({ dispose: () => watchers.forEach((w) => w.dispose()) });
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        watchers.forEach((w) => w.dispose());
        watchers = watch();
        this.invalidate('folders changed'); // l10n-ignore: log only
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.invalidate('workspace trusted'))); // l10n-ignore: log only
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aimlClaude.instructions')) this.invalidate('setting changed'); // l10n-ignore: log only
      }),
    );
  }

  /** The instructions in force now, files first (in folder order), then the setting. */
  current(): Promise<Instructions[]> {
    this.cached ??= this.read();
    return this.cached;
  }

  private invalidate(why: string): void {
    this.cached = undefined;
    this.log.debug(`project instructions: ${why}; read again on the next request`);
    this.changed.fire();
  }

  private async read(): Promise<Instructions[]> {
    const out: Instructions[] = [];
    if (vscode.workspace.isTrusted) {
      const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, path: f.uri.fsPath }));
      try {
        out.push(...(await readInstructionFiles(roots)));
      } catch (err) {
        this.log.warn('could not read the project instructions', err);
      }
    }
    const fromSetting = settingInstructions(vscode.workspace.getConfiguration('aimlClaude').get<string>('instructions'));
    if (fromSetting) out.push(fromSetting);
    if (out.length) this.log.info(`project instructions: ${out.map((i) => `${i.source}${i.cutFromBytes !== undefined ? ' (cut at 32 KB)' : ''}`).join(', ')}`); // l10n-ignore: log only
    return out;
  }
}
