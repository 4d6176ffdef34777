import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { ProposalManager } from './manager';
import type { HunkView, Proposal } from './proposal';
import { parseProposalUri, PROPOSAL_SCHEME } from './scheme';

export const ACCEPT_HUNK = 'aimlClaude.acceptHunk';
export const REJECT_HUNK = 'aimlClaude.rejectHunk';

const SELECTOR: vscode.DocumentSelector = { scheme: PROPOSAL_SCHEME };

/**
 * Per-hunk review of a proposal with more than one change, on the stable API:
 * - a hover on each change with "Accept this change" / "Reject this change" links;
 * - a short hint after the first line of each change on the proposal side;
 * - "Accept This Change" / "Reject This Change" in the proposal editor's context menu (the change
 *   under the cursor);
 * - CodeLens above each change, where the diff editor shows CodeLens (`diffEditor.codeLens`, off
 *   by default in VS Code) or when the proposal document is opened on its own.
 * Every accepted change is its own WorkspaceEdit: one undo step each.
 */
export class HunkReview extends Disposable implements vscode.CodeLensProvider, vscode.HoverProvider {
  private readonly lensesChanged = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly hint = this.register(
    vscode.window.createTextEditorDecorationType({
      after: {
        color: new vscode.ThemeColor('editorCodeLens.foreground'),
        fontStyle: 'italic',
        margin: '0 0 0 3ch',
      },
      isWholeLine: true,
    }),
  );

  constructor(private readonly manager: ProposalManager) {
    super();
    this.register(vscode.languages.registerCodeLensProvider(SELECTOR, this));
    this.register(vscode.languages.registerHoverProvider(SELECTOR, this));
    this.register(
      manager.onDidChange(() => {
        this.lensesChanged.fire();
        // The documents update after the change event; decorate once they have.
        setTimeout(() => this.decorate(), 150);
      }),
    );
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.decorate()));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme === PROPOSAL_SCHEME) this.decorate();
    }));
  }

  private lookup(uri: vscode.Uri): { proposal: Proposal; side: 'original' | 'proposal' } | undefined {
    const parsed = parseProposalUri(uri);
    const proposal = parsed && this.manager.get(parsed.id);
    return proposal && parsed && proposal.state === 'ready' ? { proposal, side: parsed.side } : undefined;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const found = this.lookup(document.uri);
    if (!found || found.side !== 'proposal' || found.proposal.hunks.length < 2) return [];
    const { proposal } = found;
    return proposal
      .hunkViews()
      .filter((v) => v.status === 'pending')
      .flatMap((v) => {
        const line = Math.min(v.proposalLine, document.lineCount - 1);
        const range = new vscode.Range(line, 0, line, 0);
        return [
          new vscode.CodeLens(range, { title: vscode.l10n.t('$(check) Accept change {0} of {1}', v.index + 1, v.count), command: ACCEPT_HUNK, arguments: [proposal.id, v.index] }),
          new vscode.CodeLens(range, { title: vscode.l10n.t('$(discard) Reject'), command: REJECT_HUNK, arguments: [proposal.id, v.index] }),
        ];
      });
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const found = this.lookup(document.uri);
    if (!found || found.proposal.hunks.length < 2) return undefined;
    const view = found.proposal.hunkAt(found.side, position.line);
    if (!view) return undefined;
    const args = encodeURIComponent(JSON.stringify([found.proposal.id, view.index]));
    // One message with its command links, so a translation can reorder the sentence around them.
    const md = new vscode.MarkdownString(
      vscode.l10n.t(
        '**Change {0} of {1}** &nbsp; [$(check) Accept this change](command:{2}?{3} "Apply only this change to the file") &nbsp;·&nbsp; [$(discard) Reject this change](command:{4}?{3} "Leave this part of the file as it is")',
        view.index + 1,
        view.count,
        ACCEPT_HUNK,
        args,
        REJECT_HUNK,
      ),
      true,
    );
    md.isTrusted = { enabledCommands: [ACCEPT_HUNK, REJECT_HUNK] };
    const first = found.side === 'proposal' ? view.proposalLine : view.originalLine;
    const n = Math.max(1, found.side === 'proposal' ? view.proposalLines : view.originalLines);
    const last = Math.min(first + n - 1, document.lineCount - 1);
    return new vscode.Hover(md, new vscode.Range(first, 0, last, document.lineAt(last).text.length));
  }

  /** The pending change under the cursor of the active proposal editor. */
  hunkAtCursor(): { proposal: Proposal; view: HunkView } | undefined {
    const editor = vscode.window.activeTextEditor;
    const found = editor && this.lookup(editor.document.uri);
    if (!editor || !found) return undefined;
    const view = found.proposal.hunkAt(found.side, editor.selection.active.line);
    return view && { proposal: found.proposal, view };
  }

  private decorate(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const found = this.lookup(editor.document.uri);
      if (!found) {
        if (editor.document.uri.scheme === PROPOSAL_SCHEME) editor.setDecorations(this.hint, []);
        continue;
      }
      if (found.side !== 'proposal' || found.proposal.hunks.length < 2) {
        editor.setDecorations(this.hint, []);
        continue;
      }
      const options: vscode.DecorationOptions[] = found.proposal
        .hunkViews()
        .filter((v) => v.status === 'pending' && v.proposalLines > 0 && v.proposalLine < editor.document.lineCount)
        .map((v) => ({
          range: new vscode.Range(v.proposalLine, 0, v.proposalLine, 0),
          renderOptions: { after: { contentText: vscode.l10n.t('Change {0} of {1} · hover to accept or reject', v.index + 1, v.count) } },
        }));
      editor.setDecorations(this.hint, options);
    }
  }
}
