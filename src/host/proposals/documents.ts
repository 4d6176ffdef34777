import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { PROPOSAL_SCHEME } from './scheme';

/** How often a streaming proposal's document may be re-read by the editor. */
const UPDATE_INTERVAL_MS = 80;

/**
 * The text of every open proposal document. VS Code asks for the content when a document opens and
 * again after each change event; events are coalesced so that a fast stream re-renders the diff at
 * most every UPDATE_INTERVAL_MS, while `flush` makes the final text show at once.
 */
export class ProposalDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly dirty = new Map<string, vscode.Uri>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this));
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // A proposal that is gone shows as empty rather than failing to open.
    return this.texts.get(uri.toString()) ?? '';
  }

  get(uri: vscode.Uri): string | undefined {
    return this.texts.get(uri.toString());
  }

  set(uri: vscode.Uri, text: string): void {
    const key = uri.toString();
    if (this.texts.get(key) === text) return;
    const known = this.texts.has(key);
    this.texts.set(key, text);
    if (!known) return; // not opened yet: the first read gets it
    this.dirty.set(key, uri);
    this.timer ??= setTimeout(() => this.flush(), UPDATE_INTERVAL_MS);
  }

  /** Fires the pending change events now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const uris = [...this.dirty.values()];
    this.dirty.clear();
    for (const uri of uris) this.changed.fire(uri);
  }

  delete(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
    this.dirty.delete(uri.toString());
  }
}
