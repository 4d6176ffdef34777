import path from 'node:path';
import * as vscode from 'vscode';
import type { Conversation } from '../../core/chat/conversation';
import { conversationsToPrune } from '../../core/chat/prune';
import type { ConversationStore, ConversationSummary, SetAsideFile } from '../../core/chat/store';
import type { Settings } from '../../core/settings';
import type { ToWebview } from '../../shared/protocol';
import type { Log } from '../log';
import { exportConversation, type ExportUi } from './exportConversation';

/** The VS Code dialogs the history uses: VS Code's own, replaced by the integration tests (TestApi). */
export interface HistoryUi extends ExportUi {
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  showWarningMessage(message: string, ...items: string[]): Thenable<string | undefined>;
}

/** What the history needs of the chat session (ChatSession has it). */
export interface HistorySession {
  readonly current: Conversation;
  delete(id: string): Promise<void>;
  open(id: string): Promise<void>;
  renameCurrent(title: string): Promise<void>;
}

export interface HistoryDeps {
  store: ConversationStore;
  config: { readonly current: Settings };
  log: Log;
  post: (message: ToWebview) => void;
}

/** Longest title a rename accepts (the list cuts long ones with an ellipsis anyway). */
const MAX_TITLE = 200;

/**
 * The conversation history behind the panel's list: search, rename, delete with Undo, export, the
 * cap (`aimlClaude.history.maxConversations`, the oldest pruned), and the warning when a damaged
 * file was set aside. The chat session reads and writes conversations through it (it is the
 * session's store), so the list it posts is the searched one and every save is followed by the cap.
 */
export class ConversationHistory {
  ui: HistoryUi = {
    showSaveDialog: (o) => vscode.window.showSaveDialog(o),
    showInputBox: (o) => vscode.window.showInputBox(o),
    showInformationMessage: (m, ...items) => vscode.window.showInformationMessage(m, ...items),
    showWarningMessage: (m, ...items) => vscode.window.showWarningMessage(m, ...items),
  };
  /** The warnings shown about damaged files, in order (read by the integration tests). */
  readonly shownWarnings: string[] = [];
  private session: HistorySession | undefined;
  private query = '';
  /** Bumped by every search: a slower earlier search never overwrites a later one's list. */
  private searches = 0;
  private pruning: Promise<void> = Promise.resolve();
  private readonly setAside: SetAsideFile[] = [];
  /** The bytes of the conversation files deleted last, by id, until Undo is used or dismissed. */
  private readonly deleted = new Map<string, Uint8Array>();

  constructor(private readonly deps: HistoryDeps) {
    deps.store.onSetAside = (f) => {
      this.setAside.push(f);
    };
  }

  attach(session: HistorySession): void {
    this.session = session;
  }

  // ── the store, as the chat session uses it ───────────────────────────────────────────────────

  async load(id: string): Promise<Conversation | undefined> {
    try {
      return await this.deps.store.load(id);
    } finally {
      this.warnSetAside();
    }
  }

  async save(conversation: Conversation): Promise<void> {
    await this.deps.store.save(conversation);
  }

  /** Deletes the file and keeps its bytes for Undo. */
  async delete(id: string): Promise<Uint8Array | undefined> {
    const bytes = await this.deps.store.delete(id);
    if (bytes) this.deleted.set(id, bytes);
    return bytes;
  }

  /** The list as the panel shows it: searched, and within the cap once the whole list is read. */
  async list(): Promise<ConversationSummary[]> {
    const query = this.query;
    let items: ConversationSummary[];
    try {
      items = await this.deps.store.list(query);
    } finally {
      this.warnSetAside();
    }
    if (query) return items;
    const pruned = new Set(await this.pruneFrom(items));
    return pruned.size ? items.filter((i) => !pruned.has(i.id)) : items;
  }

  // ── what the panel's list asks for ──────────────────────────────────────────────────────────

  /** A new panel starts with the whole list (its search box is empty). */
  resetSearch(): void {
    this.query = '';
    this.searches++;
  }

  async search(query: string): Promise<void> {
    this.query = query.trim();
    const mine = ++this.searches;
    const items = (await this.list()).slice(0, 200);
    if (mine === this.searches) this.deps.post({ type: 'history', history: items });
  }

  /** Asks for a new title (one line, not empty) and saves it; the last activity is unchanged. */
  async rename(id: string): Promise<void> {
    const session = this.session;
    const open = session?.current.id === id ? session.current : undefined;
    const before = open ?? (await this.load(id));
    if (!before) return this.gone();
    const typed = await this.ui.showInputBox({
      title: vscode.l10n.t('Rename Conversation'),
      prompt: vscode.l10n.t('A new name for the conversation'),
      value: before.title,
      valueSelection: [0, before.title.length],
      validateInput: (v) => titleProblem(v),
    });
    if (typed === undefined || titleProblem(typed)) return;
    const title = typed.replace(/\s+/g, ' ').trim();
    if (open && session) {
      // Through the session: its copy is the one it saves next (an answer may still be streaming).
      await session.renameCurrent(title);
    } else if (!(await this.deps.store.rename(id, title))) {
      return this.gone();
    }
    this.deps.log.info(`conversation ${id} renamed`);
    await this.postList();
  }

  /**
   * Deletes a conversation at once and offers Undo on the notification, which puts the file back
   * byte for byte (and reopens it, if it was open and nothing else was started since).
   */
  async remove(id: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    const wasOpen = session.current.id === id;
    const title = wasOpen ? session.current.title : (await this.load(id))?.title;
    this.deleted.delete(id);
    if (wasOpen) await session.delete(id);
    else {
      await this.delete(id);
      await this.postList();
    }
    const bytes = this.deleted.get(id);
    if (!bytes) return;
    this.deps.log.info(`conversation ${id} deleted`);
    const undo = vscode.l10n.t('Undo');
    const deleted = title === undefined ? vscode.l10n.t('Deleted “the conversation”.') : vscode.l10n.t('Deleted “{0}”.', title);
    const choice = await this.ui.showInformationMessage(deleted, undo);
    this.deleted.delete(id);
    if (choice !== undo) return;
    await this.deps.store.restore(id, bytes);
    this.deps.log.info(`conversation ${id} restored`);
    if (wasOpen && session.current.turns.length === 0) await session.open(id);
    else await this.postList();
  }

  /** Export Conversation…: the open one, or the one the list names. */
  async export(id?: string): Promise<void> {
    const session = this.session;
    const c = id === undefined || id === session?.current.id ? session?.current : await this.load(id);
    if (!c) return this.gone();
    if (c.turns.length === 0) {
      void this.ui.showInformationMessage(vscode.l10n.t('There is nothing to export yet: ask a question first.'));
      return;
    }
    await exportConversation(c, { ui: this.ui, log: this.deps.log });
  }

  /** The cap, applied now (the setting changed). */
  async prune(): Promise<void> {
    const pruned = await this.pruneFrom(await this.deps.store.list());
    if (pruned.length) await this.postList();
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  /** Deletes the oldest conversations beyond the cap (never the open one); their ids. */
  private pruneFrom(items: readonly ConversationSummary[]): Promise<string[]> {
    const run = this.pruning.then(async () => {
      const max = this.deps.config.current['history.maxConversations'];
      const open = this.session?.current.id;
      const ids = conversationsToPrune(items, max, new Set(open ? [open] : []));
      for (const id of ids) await this.deps.store.delete(id);
      if (ids.length) this.deps.log.info(`deleted the ${ids.length} oldest conversation(s): aimlClaude.history.maxConversations is ${max}`);
      return ids;
    });
    this.pruning = run.then(
      () => undefined,
      (err: unknown) => this.deps.log.warn('could not delete the oldest conversations', err),
    );
    return run.catch(() => []);
  }

  private async postList(): Promise<void> {
    this.deps.post({ type: 'history', history: (await this.list()).slice(0, 200) });
  }

  private gone(): Promise<void> {
    void this.ui.showWarningMessage(vscode.l10n.t('That conversation could not be read; it may have been deleted.'));
    return this.postList();
  }

  /** One warning for the damaged files set aside since the last one, naming them. */
  private warnSetAside(): void {
    if (this.setAside.length === 0) return;
    const files = this.setAside.splice(0);
    const names = files.map((f) => `“${path.basename(f.file)}”`);
    const message =
      files.length === 1
        ? vscode.l10n.t('AIML Claude: a damaged conversation file was set aside as {0} and left out of the history. Nothing was deleted.', names[0] ?? '')
        : vscode.l10n.t(
            'AIML Claude: {0} damaged conversation files were set aside ({1}) and left out of the history. Nothing was deleted.',
            files.length,
            `${names.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}`,
          );
    this.shownWarnings.push(message);
    const first = files[0] as SetAsideFile;
    const showLog = vscode.l10n.t('Show Log');
    const openFile = vscode.l10n.t('Open File');
    void this.ui.showWarningMessage(message, showLog, openFile).then(async (choice) => {
      if (choice === showLog) this.deps.log.show();
      else if (choice === openFile) await vscode.window.showTextDocument(vscode.Uri.file(first.file), { preview: true });
    });
  }
}

/** Why a title is refused, or undefined (the input box shows it under the box). */
export function titleProblem(value: string): string | undefined {
  const title = value.replace(/\s+/g, ' ').trim();
  if (!title) return vscode.l10n.t('Type a name, or press Escape to keep the old one.');
  if (title.length > MAX_TITLE) return vscode.l10n.t('Use at most {0} characters (this is {1}).', MAX_TITLE, title.length);
  return undefined;
}
