import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { StoredFileChange } from '../../core/chat/conversation';
import { convertEol, documentEol, detectEol } from '../../core/edits';
import { changeSpan, planFileChange, resolveWorkspacePath } from '../../core/tools';
import { Disposable } from '../disposable';
import type { Log } from '../log';
import type { ProposalManager } from '../proposals/manager';
import type { Notifier } from '../proposals/notifier';
import type { Proposal } from '../proposals/proposal';
import { proposalUri } from '../proposals/scheme';
import { workspaceToolContext } from '../tools/context';

/** What the review needs of the chat: the answer's changes, and a way to save and redraw them. */
export interface ChangeHost {
  changesOf(messageId: string): StoredFileChange[] | undefined;
  changesUpdated(messageId: string): Promise<void>;
}

export type ChangeAction = 'open' | 'accept' | 'reject' | 'acceptAll' | 'rejectAll' | 'undo';

interface Located {
  readonly uri: vscode.Uri;
  readonly exists: boolean;
}

/** A change opened in the proposal diff: the proposal, and the texts around its writes (for Undo). */
interface OpenDiff {
  readonly messageId: string;
  readonly path: string;
  readonly proposal: Proposal;
  before?: string;
  after?: string;
}

let nextPreview = 1;

/**
 * The Changes card of an answer that proposed edits across files: each file accepted or rejected
 * alone or all at once, its diff opened in the proposal diff (with per-change accept there too),
 * and Undo Changes for what the answer applied.
 *
 * The same safety as a refactor's Accept: a file is changed only where its changed lines still
 * hold what the proposal was made for (re-anchored past the user's edits elsewhere), or refused and
 * marked stale; a new file is never written over one that appeared. Accept All is one
 * WorkspaceEdit (one undo step in each file). Undo Changes puts back each file this answer changed
 * and refuses one that changed since. States are saved with the conversation.
 */
export class ChangeReview extends Disposable {
  private readonly diffs = new Map<string, OpenDiff>();
  /** The action under way: the next one waits for it (see run). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      readonly manager: ProposalManager;
      readonly host: ChangeHost;
      readonly notifier: Notifier;
      readonly log: Log;
      readonly excludes: () => readonly string[];
    },
  ) {
    super();
    this.register(
      deps.manager.onDidApply(({ proposal, before, after }) => {
        const d = this.diffs.get(proposal.id);
        if (!d) return;
        d.before ??= before;
        d.after = after;
      }),
    );
    this.register(deps.manager.onDidClose(({ proposal, why }) => void this.diffClosed(proposal, why)));
  }

  /**
   * One action at a time, in the order the user clicked: a state changes only once its files are
   * written, so two quick clicks of Accept All would otherwise both see every file pending and the
   * second would find each one "edited where the change goes" by the first. Queued, the second
   * sees them accepted and has nothing to do.
   */
  run(messageId: string, action: ChangeAction, path?: string): Promise<string | undefined> {
    const next = this.queue.then(() => this.runNow(messageId, action, path));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(messageId: string, action: ChangeAction, path?: string): Promise<string | undefined> {
    const changes = this.deps.host.changesOf(messageId);
    if (!changes) return vscode.l10n.t('That answer is no longer open in the chat.');
    const one = path === undefined ? undefined : changes.find((c) => c.path === path);
    if (path !== undefined && !one) return vscode.l10n.t("{0} is not one of this answer's changes.", path);
    switch (action) {
      case 'open':
        return one ? this.open(messageId, one) : undefined;
      case 'accept':
        return one ? this.accept(messageId, [one]) : undefined;
      case 'acceptAll':
        return this.accept(messageId, changes.filter((c) => c.state === 'pending'));
      case 'reject':
        return one ? this.reject(messageId, [one]) : undefined;
      case 'rejectAll':
        return this.reject(messageId, changes.filter((c) => c.state === 'pending'));
      case 'undo':
        return this.undo(messageId, changes.filter((c) => c.state === 'accepted'));
    }
  }

  // ── accept ───────────────────────────────────────────────────────────────────────────────────

  private async accept(messageId: string, wanted: StoredFileChange[]): Promise<string | undefined> {
    const pending = wanted.filter((c) => c.state === 'pending');
    if (pending.length === 0) return undefined;
    const edit = new vscode.WorkspaceEdit();
    const planned: Array<{ change: StoredFileChange; uri: vscode.Uri; before: string; wasDirty: boolean }> = [];
    const refused: string[] = [];
    for (const change of pending) {
      // A change already open in the diff editor is accepted there (its own edit, per change).
      const open = this.diffOf(messageId, change.path);
      if (open) {
        await this.deps.manager.acceptAll(open.proposal);
        continue;
      }
      const at = await this.locate(change.path);
      if (typeof at === 'string') {
        change.state = 'stale';
        refused.push(at);
        continue;
      }
      if (change.created) {
        if (at.exists) {
          change.state = 'stale';
          refused.push(vscode.l10n.t('{0} appeared meanwhile, so it was not created over', change.path));
          continue;
        }
        edit.createFile(at.uri, { contents: Buffer.from(change.proposed, 'utf8') });
        planned.push({ change, uri: at.uri, before: '', wasDirty: false });
        continue;
      }
      if (!at.exists) {
        change.state = 'stale';
        refused.push(vscode.l10n.t('{0} is gone', change.path));
        continue;
      }
      const doc = await vscode.workspace.openTextDocument(at.uri);
      const span = changeSpan(change.original, change.proposed);
      if (!span) {
        change.state = 'accepted';
        continue;
      }
      const plan = planFileChange(doc.getText(), span, documentEol(doc));
      if (!plan.ok) {
        change.state = 'stale';
        refused.push(vscode.l10n.t('{0} was edited where the change goes', change.path));
        continue;
      }
      for (const e of plan.edits) edit.replace(at.uri, new vscode.Range(e.start.line, e.start.character, e.end.line, e.end.character), e.newText);
      planned.push({ change, uri: at.uri, before: doc.getText(), wasDirty: doc.isDirty });
    }
    let applied = true;
    if (planned.length > 0) {
      try {
        applied = await vscode.workspace.applyEdit(edit);
      } catch (err) {
        this.deps.log.warn('the changes could not be applied', err);
        applied = false;
      }
    }
    if (!applied) {
      await this.deps.host.changesUpdated(messageId);
      return vscode.l10n.t('The changes could not be applied (a file is read-only, or changed while they were written); nothing was changed.');
    }
    for (const p of planned) {
      const doc = await vscode.workspace.openTextDocument(p.uri);
      // Saved like the new files are — unless the file had unsaved edits of the user's before, which
      // stay theirs to save.
      if (!p.wasDirty && doc.isDirty) await doc.save();
      p.change.state = 'accepted';
      p.change.before = p.before;
      p.change.after = doc.getText();
    }
    this.deps.log.info(`changes of ${messageId}: ${planned.length} applied${refused.length ? `, ${refused.length} refused` : ''}`);
    await this.deps.host.changesUpdated(messageId);
    if (refused.length) {
      const list = refused.join('; ');
      if (planned.length === 0) return vscode.l10n.t("not applied: {0}. Your edits are kept; open the file's diff to see what was proposed.", list);
      return planned.length === 1
        ? vscode.l10n.t("1 file was changed; not applied: {0}. Your edits are kept; open the file's diff to see what was proposed.", list)
        : vscode.l10n.t("{0} files were changed; not applied: {1}. Your edits are kept; open the file's diff to see what was proposed.", planned.length, list);
    }
    return undefined;
  }

  // ── reject ───────────────────────────────────────────────────────────────────────────────────

  private async reject(messageId: string, wanted: StoredFileChange[]): Promise<undefined> {
    for (const change of wanted) {
      if (change.state !== 'pending' && change.state !== 'stale') continue;
      const open = this.diffOf(messageId, change.path);
      if (open) await this.deps.manager.reject(open.proposal);
      change.state = 'rejected';
    }
    await this.deps.host.changesUpdated(messageId);
    return undefined;
  }

  // ── undo ─────────────────────────────────────────────────────────────────────────────────────

  private async undo(messageId: string, accepted: StoredFileChange[]): Promise<string | undefined> {
    const edit = new vscode.WorkspaceEdit();
    const planned: Array<{ change: StoredFileChange; uri: vscode.Uri; wasDirty: boolean }> = [];
    const refused: string[] = [];
    for (const change of accepted) {
      if (change.after === undefined || change.before === undefined) {
        refused.push(vscode.l10n.t('{0} (accepted change by change in the diff: use Undo in that file)', change.path));
        continue;
      }
      const at = await this.locate(change.path);
      if (typeof at === 'string' || !at.exists) {
        refused.push(vscode.l10n.t('{0} (gone)', change.path));
        continue;
      }
      const now = await this.currentText(at.uri);
      if (now !== change.after) {
        refused.push(vscode.l10n.t('{0} (changed since)', change.path));
        continue;
      }
      if (change.created) {
        edit.deleteFile(at.uri, { ignoreIfNotExists: true });
        planned.push({ change, uri: at.uri, wasDirty: false });
      } else {
        const doc = await vscode.workspace.openTextDocument(at.uri);
        const end = doc.lineAt(doc.lineCount - 1).range.end;
        edit.replace(at.uri, new vscode.Range(0, 0, end.line, end.character), convertEol(change.before, documentEol(doc)));
        planned.push({ change, uri: at.uri, wasDirty: doc.isDirty });
      }
    }
    if (planned.length > 0 && !(await vscode.workspace.applyEdit(edit).then(undefined, () => false))) {
      return vscode.l10n.t('The changes could not be undone (a file is read-only?); nothing was changed.');
    }
    for (const p of planned) {
      if (!p.change.created) {
        const doc = await vscode.workspace.openTextDocument(p.uri);
        if (!p.wasDirty && doc.isDirty) await doc.save();
      }
      p.change.state = 'undone';
    }
    await this.deps.host.changesUpdated(messageId);
    if (refused.length) {
      const list = refused.join(', ');
      return planned.length === 1 ? vscode.l10n.t('Undone: 1 file. Not undone: {0}.', list) : vscode.l10n.t('Undone: {0} files. Not undone: {1}.', planned.length, list);
    }
    return undefined;
  }

  // ── the diff ─────────────────────────────────────────────────────────────────────────────────

  private async open(messageId: string, change: StoredFileChange): Promise<string | undefined> {
    const open = this.diffOf(messageId, change.path);
    if (open) {
      await this.deps.manager.showDiff(open.proposal);
      return undefined;
    }
    const at = await this.locate(change.path);
    if (change.state === 'pending' && !change.created && typeof at !== 'string' && at.exists) {
      const doc = await vscode.workspace.openTextDocument(at.uri);
      const span = changeSpan(change.original, change.proposed);
      const plan = span ? planFileChange(doc.getText(), span, documentEol(doc)) : undefined;
      if (span && plan?.ok) {
        const lines = span.endLine - span.startLine + 1;
        const p = await this.deps.manager.open(
          { document: doc, startLine: plan.startLine, endLine: plan.startLine + lines - 1, instruction: vscode.l10n.t('Changes from chat'), source: 'chat' },
          { show: false },
        );
        this.diffs.set(p.id, { messageId, path: change.path, proposal: p });
        this.deps.manager.finish(p, convertEol(span.proposedText, documentEol(doc)), { exact: true });
        await this.deps.manager.showDiff(p);
        return undefined;
      }
      if (span && plan && !plan.ok) {
        change.state = 'stale';
        await this.deps.host.changesUpdated(messageId);
      }
    }
    // A new file, or a change that cannot be applied any more (or was decided): what was proposed,
    // read-only, against the file as it was (or nothing, for a new file).
    const id = `c${nextPreview++}`;
    const name = change.path.split('/').pop() ?? change.path;
    const left = proposalUri(id, 'original', name);
    const right = proposalUri(id, 'proposal', name);
    const eol = detectEol(change.original || change.proposed);
    this.deps.manager.documents.set(left, convertEol(change.original, eol));
    this.deps.manager.documents.set(right, change.proposed);
    await vscode.commands.executeCommand('vscode.diff', left, right, previewTitle(change), { preview: true });
    return undefined;
  }

  /** A diff opened from the card was decided there: the card follows. */
  private async diffClosed(proposal: Proposal, why: string): Promise<void> {
    const d = this.diffs.get(proposal.id);
    if (!d) return;
    this.diffs.delete(proposal.id);
    const change = this.deps.host.changesOf(d.messageId)?.find((c) => c.path === d.path);
    if (!change || change.state !== 'pending') return;
    if (why === 'accepted') {
      change.state = 'accepted';
      change.before = d.before;
      change.after = d.after;
    } else if (why === 'rejected') {
      change.state = 'rejected';
    } else {
      return;
    }
    await this.deps.host.changesUpdated(d.messageId);
  }

  private diffOf(messageId: string, path: string): OpenDiff | undefined {
    for (const d of this.diffs.values()) if (d.messageId === messageId && d.path === path && d.proposal.state !== 'closed') return d;
    return undefined;
  }

  /** Where a change's file is now, resolved as the tools resolve paths (inside the workspace, off the deny-list). */
  private async locate(path: string): Promise<Located | string> {
    const ctx = workspaceToolContext(this.deps.excludes());
    const r = await resolveWorkspacePath(path, ctx.roots, ctx.denied, { allowMissing: true });
    if (!r.ok) return `${path}: ${r.message}`;
    return { uri: vscode.Uri.file(r.real), exists: r.kind !== undefined };
  }

  /** The text the user sees: an open document's (maybe unsaved), else the file's. */
  private async currentText(uri: vscode.Uri): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    return fs.readFile(uri.fsPath, 'utf8');
  }
}

/** The title of a read-only preview of what was proposed: the file, and what became of the change. */
function previewTitle(change: StoredFileChange): string {
  if (change.created) return vscode.l10n.t('{0} (new file, proposed)', change.path);
  switch (change.state) {
    case 'pending':
      return vscode.l10n.t('{0} (pending, proposed)', change.path);
    case 'accepted':
      return vscode.l10n.t('{0} (accepted, proposed)', change.path);
    case 'rejected':
      return vscode.l10n.t('{0} (rejected, proposed)', change.path);
    case 'stale':
      return vscode.l10n.t('{0} (edited since: not applicable, proposed)', change.path);
    case 'undone':
      return vscode.l10n.t('{0} (undone, proposed)', change.path);
  }
}
