import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { Log } from './log';

const KEY = 'aimlClaude.apiKey';

/**
 * The API key, kept only in VS Code's SecretStorage (the OS keychain on desktop). Never in
 * settings, never in the log (each key read is registered with the log's redactor), never sent to
 * the webview.
 */
export class ApiKeyStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<boolean>());
  /** Fires with whether a key is now stored. */
  readonly onDidChange = this.changed.event;

  /**
   * The key as last read. Reading SecretStorage is a round trip to the main process (the OS
   * keychain behind it); a question reads the key more than once, so it is read once — when the
   * chat panel opens — and again only after it changed (here, or in another window).
   */
  private cached: Promise<string | undefined> | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this.register(
      secrets.onDidChange(async (e) => {
        if (e.key !== KEY) return;
        this.cached = undefined;
        this.changed.fire(await this.has());
      }),
    );
  }

  get(): Promise<string | undefined> {
    const read = (this.cached ??= this.read());
    // A failed read (a locked keychain) is not kept: the next question asks again.
    read.catch(() => {
      if (this.cached === read) this.cached = undefined;
    });
    return read;
  }

  private async read(): Promise<string | undefined> {
    const key = (await this.secrets.get(KEY))?.trim();
    Log.addSecret(key);
    return key || undefined;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  async set(key: string): Promise<void> {
    const trimmed = key.trim();
    const problem = validateApiKey(trimmed);
    if (problem) throw new Error(problem);
    Log.addSecret(trimmed);
    this.cached = undefined;
    await this.secrets.store(KEY, trimmed);
    this.cached = undefined;
  }

  async clear(): Promise<void> {
    this.cached = undefined;
    await this.secrets.delete(KEY);
    this.cached = undefined;
  }
}

/** A message for an input box, or undefined when the key looks usable. */
export function validateApiKey(key: string): string | undefined {
  const k = key.trim();
  if (k.length === 0) return vscode.l10n.t('Enter the key from your AI/ML API dashboard.');
  if (/\s/.test(k)) return vscode.l10n.t('An API key has no spaces or line breaks.');
  if (k.length < 8) return vscode.l10n.t('That is too short to be an AI/ML API key.');
  if (k.length > 512) return vscode.l10n.t('That is too long to be an AI/ML API key.');
  return undefined;
}
