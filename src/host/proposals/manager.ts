import * as vscode from 'vscode';
import { convertEol, documentEol, documentLines, planRangeReplacement, rangeText, reanchor, trackLineRange } from '../../core/edits';
import { lineSpan } from '../../core/prompts';
import { Disposable } from '../disposable';
import type { Log } from '../log';
import { ProposalDocuments } from './documents';
import type { Notifier } from './notifier';
import { Proposal, rangeLineCount, type ProposalSource } from './proposal';
import { parseProposalUri, proposalUri } from './scheme';
import { proposalOfTab, tabsOfProposal } from './tabs';

/** Set while at least one proposal waits for Accept or Reject (command palette). */
export const CONTEXT_ACTIVE = 'aimlClaude.proposalActive';
/** Set while the active editor shows a proposal that waits for Accept or Reject (editor title). */
export const CONTEXT_DIFF_ACTIVE = 'aimlClaude.proposalDiffActive';

export interface ProposalTarget {
  readonly document: vscode.TextDocument;
  /** Whole lines, 0-based inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** What was asked ("Improve readability"); shown in the diff title and messages. */
  readonly instruction: string;
  readonly source: ProposalSource;
}

export type ApplyOutcome =
  | { readonly ok: true; readonly applied: number; readonly finished: boolean }
  | { readonly ok: false; readonly reason: 'changed' | 'missing' | 'ambiguous' | 'failed' | 'not-ready' | 'gone'; readonly message: string };

const REFUSALS: Record<'changed' | 'missing' | 'ambiguous' | 'failed', (file: string) => string> = {
  changed: (f) => vscode.l10n.t('The selected code in {0} was edited after the request, so the proposal was not applied. Your edits are kept.', f),
  missing: (f) => vscode.l10n.t('The selected code is no longer in {0}, so the proposal was not applied.', f),
  ambiguous: (f) => vscode.l10n.t('The selected code now appears more than once in {0}, so the proposal was not applied.', f),
  failed: (f) => vscode.l10n.t('{0} could not be edited (it may be read-only, or it changed while the edit was made), so nothing was applied.', f),
};

let nextId = 1;

/**
 * Every open proposal: its two virtual documents, its diff editor, its range tracked through the
 * user's edits, and Accept/Reject for the whole proposal or one hunk.
 *
 * Safety rules (docs/architecture.md, Refactor):
 * - Accept writes only the proposal's range, as minimal line edits in one WorkspaceEdit (one undo
 *   step), in the document's line endings.
 * - Every change event of the document moves the tracked range (`trackLineRange`); an edit that
 *   touches the range makes it null, and Accept then refuses and leaves the document as it is.
 * - Before writing, the range's current text must equal what the proposal was made for, at the
 *   tracked line (`reanchor`): never a write over text the user sees differently in the diff.
 * - Reject never touches the document.
 */
export class ProposalManager extends Disposable {
  readonly documents: ProposalDocuments;
  private readonly proposals = new Map<string, Proposal>();
  /** Versions our own WorkspaceEdits produce, so their change events do not count as the user's. */
  private readonly selfEdits = new Map<string, number>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when a proposal opens, changes state or closes (CodeLens, decorations). */
  readonly onDidChange = this.changed.event;
  private readonly closed = this.register(new vscode.EventEmitter<{ readonly proposal: Proposal; readonly why: string }>());
  /** Fires once per proposal, when it closes (accepted, rejected, no changes, …). */
  readonly onDidClose = this.closed.event;
  private readonly applied = this.register(new vscode.EventEmitter<{ readonly proposal: Proposal; readonly before: string; readonly after: string }>());
  /** Fires after each write of a proposal into its document, with the document's text before and after. */
  readonly onDidApply = this.applied.event;
  private contextActive = false;
  private contextDiffActive = false;

  constructor(
    private readonly log: Log,
    private readonly notifier: Notifier,
  ) {
    super();
    this.documents = this.register(new ProposalDocuments());
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.track(e)));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()));
    this.register(vscode.window.tabGroups.onDidChangeTabs(() => this.updateContext()));
    this.register({ dispose: () => this.proposals.clear() });
  }

  get all(): readonly Proposal[] {
    return [...this.proposals.values()];
  }

  get(id: string): Proposal | undefined {
    return this.proposals.get(id);
  }

  // ── opening and streaming ────────────────────────────────────────────────────────────────────

  /**
   * Records the range and opens the diff (both sides equal until the answer arrives). With
   * `show: false` the diff waits for `showDiff` (code that is complete at once: show it finished).
   */
  async open(target: ProposalTarget, opts: { show?: boolean } = {}): Promise<Proposal> {
    const doc = target.document;
    const text = doc.getText();
    const { text: originalText, startOffset, endOffset } = rangeText(text, { startLine: target.startLine, endLine: target.endLine });
    const eol = documentEol(doc);
    const fileName = baseName(doc.uri);
    const p = new Proposal({
      id: `p${nextId++}`,
      uri: doc.uri,
      fileName,
      languageId: doc.languageId,
      version: doc.version,
      snapshot: text,
      startLine: target.startLine,
      endLine: target.endLine,
      originalText,
      startOffset,
      endOffset,
      eol,
      reachesEnd: target.endLine === doc.lineCount - 1,
      endCharacter: doc.lineAt(target.endLine).text.length,
      instruction: target.instruction,
      source: target.source,
    });
    this.proposals.set(p.id, p);
    this.render(p);
    this.log.info(`proposal ${p.id}: ${target.source} for ${fileName} ${lineSpan(target.startLine + 1, target.endLine + 1)} (version ${doc.version})`);
    if (opts.show !== false) await this.showDiff(p);
    this.fire();
    return p;
  }

  /** The code received so far, shown on the proposal side. */
  preview(p: Proposal, code: string | undefined): void {
    if (p.state !== 'streaming') return;
    p.setPreview(code);
    this.render(p);
  }

  /**
   * The finished replacement. Returns how many hunks it has; 0 means no change, and the proposal is
   * closed with nothing to apply.
   */
  finish(p: Proposal, code: string, opts: { exact?: boolean } = {}): number {
    const hunks = p.setReplacement(code, opts.exact === true);
    if (hunks === 0) {
      void this.close(p, 'no changes'); // l10n-ignore: a close reason for the log and listeners
      return 0;
    }
    this.render(p);
    this.documents.flush();
    this.log.info(`proposal ${p.id}: ready with ${hunks} change${hunks === 1 ? '' : 's'}`);
    this.fire();
    return hunks;
  }

  /** Says the proposal is ready, with Accept and Reject buttons. */
  announce(p: Proposal): void {
    const n = p.hunks.length;
    const { startLine, endLine, fileName } = p.init;
    // Not core's lineSpan: that one is for prompts, in English.
    const span = startLine === endLine ? vscode.l10n.t('line {0}', startLine + 1) : vscode.l10n.t('lines {0}–{1}', startLine + 1, endLine + 1);
    const message =
      n === 1
        ? vscode.l10n.t('One change proposed for {0}, {1}: review the diff, then accept or reject.', fileName, span)
        : vscode.l10n.t('{0} changes proposed for {1}, {2}: review the diff, then accept or reject.', n, fileName, span);
    const accept = vscode.l10n.t('Accept');
    const reject = vscode.l10n.t('Reject');
    void this.notifier.info(message, accept, reject).then((choice) => {
      if (choice === accept) void this.acceptAll(p);
      else if (choice === reject) void this.reject(p);
    });
  }

  /** Opens (again) the diff of a proposal. */
  async showDiff(p: Proposal): Promise<void> {
    const left = proposalUri(p.id, 'original', p.init.fileName);
    const right = proposalUri(p.id, 'proposal', p.init.fileName);
    for (const uri of [left, right]) {
      const d = await vscode.workspace.openTextDocument(uri);
      if (d.languageId !== p.init.languageId) {
        await vscode.languages.setTextDocumentLanguage(d, p.init.languageId).then(undefined, () => undefined);
      }
    }
    // The cursor at the range: in a long file the change may be far below the first screen.
    const at = new vscode.Range(p.init.startLine, 0, p.init.startLine, 0);
    await vscode.commands.executeCommand('vscode.diff', left, right, diffTitle(p), { preview: false, selection: at } satisfies vscode.TextDocumentShowOptions);
    this.updateContext();
  }

  // ── accept and reject ─────────────────────────────────────────────────────────────────────────

  /**
   * The proposal a command means: an id, a proposal document's uri (editor title buttons), a
   * document with exactly one open proposal, the proposal in the active editor, else the latest.
   */
  resolve(arg?: unknown): Proposal | undefined {
    if (typeof arg === 'string') return this.proposals.get(arg);
    if (arg instanceof vscode.Uri) {
      const parsed = parseProposalUri(arg);
      if (parsed) return this.proposals.get(parsed.id);
      const forDoc = this.all.filter((p) => p.init.uri.toString() === arg.toString());
      if (forDoc.length === 1) return forDoc[0];
    }
    const active = this.activeProposal();
    if (active) return active;
    const ready = this.all.filter((p) => p.state === 'ready');
    return ready[ready.length - 1];
  }

  /** The proposal shown in the active editor or the active tab. */
  activeProposal(): Proposal | undefined {
    const editorUri = vscode.window.activeTextEditor?.document.uri;
    const fromEditor = editorUri && parseProposalUri(editorUri);
    if (fromEditor) return this.proposals.get(fromEditor.id);
    const fromTab = proposalOfTab(vscode.window.tabGroups.activeTabGroup.activeTab);
    return fromTab ? this.proposals.get(fromTab.id) : undefined;
  }

  /** Accept every pending hunk. */
  acceptAll(p: Proposal): Promise<ApplyOutcome> {
    return this.apply(p, 'all');
  }

  acceptHunk(p: Proposal, index: number): Promise<ApplyOutcome> {
    return this.apply(p, index);
  }

  /** Closes the proposal; the document is not touched. */
  async reject(p: Proposal): Promise<void> {
    if (p.state === 'closed') return;
    if (p.state === 'streaming') p.abort?.abort(new Error('rejected while streaming'));
    this.log.info(`proposal ${p.id}: rejected`);
    await this.close(p, 'rejected');
  }

  async rejectHunk(p: Proposal, index: number): Promise<void> {
    if (p.state !== 'ready' || p.status[index] !== 'pending') return;
    p.status[index] = 'rejected';
    this.log.info(`proposal ${p.id}: change ${index + 1} of ${p.hunks.length} rejected`);
    await this.afterDecision(p);
  }

  private async apply(p: Proposal, which: 'all' | number): Promise<ApplyOutcome> {
    if (p.state === 'closed') return { ok: false, reason: 'gone', message: vscode.l10n.t('That proposal is no longer open.') };
    if (p.state !== 'ready') return { ok: false, reason: 'not-ready', message: vscode.l10n.t('The proposal is still being written; wait for it to finish.') };
    if (which !== 'all' && p.status[which] !== 'pending') return { ok: true, applied: 0, finished: false };
    const next = which === 'all' ? p.rangeTextWith(['accepted', 'pending']) : p.rangeTextWith(['accepted'], which);
    const fileName = p.init.fileName;
    const failure = await this.write(p, next);
    if (failure) {
      const message = REFUSALS[failure](fileName);
      this.log.warn(`proposal ${p.id}: not applied (${failure})`);
      const show = vscode.l10n.t('Show Proposal');
      const reject = vscode.l10n.t('Reject');
      void this.notifier.warn(message, show, reject).then((choice) => {
        if (choice === show && p.state !== 'closed') void this.showDiff(p);
        if (choice === reject) void this.reject(p);
      });
      return { ok: false, reason: failure, message };
    }
    let applied = 0;
    p.status = p.status.map((s, i) => {
      if (s === 'pending' && (which === 'all' || which === i)) {
        applied++;
        return 'accepted';
      }
      return s;
    });
    this.log.info(`proposal ${p.id}: ${which === 'all' ? 'accepted' : `change ${which + 1} of ${p.hunks.length} accepted`}`);
    const finished = await this.afterDecision(p);
    return { ok: true, applied, finished };
  }

  /** Re-renders, or closes the proposal once no hunk is left to decide. Returns whether it closed. */
  private async afterDecision(p: Proposal): Promise<boolean> {
    if (p.pendingCount > 0) {
      this.render(p);
      this.documents.flush();
      this.fire();
      return false;
    }
    const accepted = p.acceptedCount > 0;
    await this.close(p, accepted ? 'accepted' : 'rejected');
    if (accepted) await this.revealDocument(p);
    return true;
  }

  /**
   * Writes `next` over the proposal's range if, and only if, the range still holds what the
   * proposal shows on its original side. Returns why not, or undefined when written.
   */
  private async write(p: Proposal, next: string): Promise<'changed' | 'missing' | 'ambiguous' | 'failed' | undefined> {
    const tracked = p.tracked;
    if (!tracked) return 'changed';
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(p.init.uri);
    } catch (err) {
      this.log.warn(`proposal ${p.id}: the document could not be opened`, err);
      return 'missing';
    }
    if (doc.version !== p.init.version) this.log.debug(`proposal ${p.id}: document version ${p.init.version} → ${doc.version}; re-anchoring`);
    const eol = documentEol(doc);
    const base = convertEol(p.baseRangeText(), eol);
    let replacement = convertEol(next, eol);
    const current = doc.getText();
    const anchored = reanchor(base, tracked.startLine, current, { lineCount: tracked.endLine - tracked.startLine + 1 });
    if (!anchored.ok) return anchored.reason;
    // The range moved without a change event saying so: something we cannot follow; refuse.
    if (anchored.startLine !== tracked.startLine) return 'changed';
    const slice = rangeText(current, anchored).text;
    // The user typed a line break after a last line that had none: keep it.
    if (replacement !== '' && slice.endsWith('\n') && !replacement.endsWith('\n')) replacement += eol;
    const plan = planRangeReplacement(current, anchored, replacement, { normalize: false });
    const reachesEnd = anchored.endLine === documentLines(current).length - 1;
    if (plan.edits.length > 0) {
      const edit = new vscode.WorkspaceEdit();
      for (const e of plan.edits) {
        edit.replace(doc.uri, new vscode.Range(e.start.line, e.start.character, e.end.line, e.end.character), e.newText);
      }
      const key = doc.uri.toString();
      const before = doc.version;
      this.selfEdits.set(key, before + 1);
      let ok = false;
      try {
        ok = await vscode.workspace.applyEdit(edit);
      } catch (err) {
        this.log.warn(`proposal ${p.id}: applyEdit failed`, err);
      }
      if (!ok) return 'failed';
      if (doc.getText() !== plan.newDocumentText) {
        // Another extension reformatted on edit, say. Not ours to undo; the log says so.
        this.log.warn(`proposal ${p.id}: the document differs from the planned result after the edit`);
      }
      this.applied.fire({ proposal: p, before: current, after: doc.getText() });
      this.log.debug(`proposal ${p.id}: ${plan.edits.length} edit(s), lines ${anchored.startLine + 1}–${anchored.endLine + 1}, version ${before} → ${doc.version}`);
    }
    if (replacement === '') {
      p.tracked = null;
    } else {
      const endLine = anchored.startLine + rangeLineCount(replacement, reachesEnd) - 1;
      p.tracked = { startLine: anchored.startLine, endLine, endCharacter: doc.lineAt(Math.min(endLine, doc.lineCount - 1)).text.length };
    }
    return undefined;
  }

  private async revealDocument(p: Proposal): Promise<void> {
    try {
      const doc = await vscode.workspace.openTextDocument(p.init.uri);
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      const t = p.tracked;
      if (t) {
        const range = new vscode.Range(t.startLine, 0, t.startLine, 0);
        editor.selection = new vscode.Selection(range.start, range.start);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    } catch (err) {
      this.log.debug(`proposal ${p.id}: could not show the document`, err);
    }
  }

  // ── tracking the user's edits ────────────────────────────────────────────────────────────────

  private track(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0 || this.proposals.size === 0) return;
    const key = e.document.uri.toString();
    if (this.selfEdits.get(key) === e.document.version) return;
    for (const p of this.proposals.values()) {
      if (p.init.uri.toString() !== key || !p.tracked) continue;
      let range: typeof p.tracked | null = p.tracked;
      for (const c of e.contentChanges) {
        range = trackLineRange(range, {
          range: { start: c.range.start, end: c.range.end },
          text: c.text,
        });
        if (!range) break;
      }
      if (!range) this.log.info(`proposal ${p.id}: the selected code was edited; Accept will refuse`);
      p.tracked = range;
    }
  }

  // ── closing ──────────────────────────────────────────────────────────────────────────────────

  async close(p: Proposal, why: string): Promise<void> {
    if (p.state === 'closed' && !this.proposals.has(p.id)) return;
    p.state = 'closed';
    this.proposals.delete(p.id);
    this.log.debug(`proposal ${p.id}: closed (${why})`);
    const tabs = tabsOfProposal(p.id);
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
    this.documents.delete(proposalUri(p.id, 'original', p.init.fileName));
    this.documents.delete(proposalUri(p.id, 'proposal', p.init.fileName));
    this.fire();
    this.closed.fire({ proposal: p, why });
  }

  // ── rendering and context keys ───────────────────────────────────────────────────────────────

  private render(p: Proposal): void {
    this.documents.set(proposalUri(p.id, 'original', p.init.fileName), p.originalSideText());
    this.documents.set(proposalUri(p.id, 'proposal', p.init.fileName), p.proposalSideText());
  }

  private fire(): void {
    this.updateContext();
    this.changed.fire();
  }

  private updateContext(): void {
    const active = this.all.some((p) => p.state === 'ready');
    const diffActive = this.activeProposal()?.state === 'ready';
    if (active !== this.contextActive) {
      this.contextActive = active;
      void vscode.commands.executeCommand('setContext', CONTEXT_ACTIVE, active);
    }
    if (diffActive !== this.contextDiffActive) {
      this.contextDiffActive = diffActive;
      void vscode.commands.executeCommand('setContext', CONTEXT_DIFF_ACTIVE, diffActive);
    }
  }
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || 'untitled';
}

/** The diff editor's tab title: what was asked, and where. */
export function diffTitle(p: Proposal): string {
  const first = p.init.instruction.trim().split('\n')[0]?.trim() || vscode.l10n.t('Refactor');
  const short = first.length > 40 ? `${first.slice(0, 39)}…` : first;
  return vscode.l10n.t('{0}: {1} (proposal)', p.init.fileName, short);
}

