import type * as vscode from 'vscode';
import { applyHunks, computeHunks, documentLines, prepareReplacement, splitKeepEol, type Eol, type Hunk, type TrackedRange } from '../../core/edits';

export type ProposalState = 'streaming' | 'ready' | 'closed';
export type HunkStatus = 'pending' | 'accepted' | 'rejected';
export type ProposalSource = 'refactor' | 'chat';

export interface ProposalInit {
  readonly id: string;
  readonly uri: vscode.Uri;
  readonly fileName: string;
  readonly languageId: string;
  /** `document.version` when the request was made. */
  readonly version: number;
  /** The whole document text at that moment: the diff is shown against it. */
  readonly snapshot: string;
  /** Whole lines, 0-based inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The range's text with terminators, and where it sits in `snapshot`. */
  readonly originalText: string;
  readonly startOffset: number;
  readonly endOffset: number;
  readonly eol: Eol;
  /** Whether the range ended with the document's last line. */
  readonly reachesEnd: boolean;
  /** Length of the range's last line, for range tracking. */
  readonly endCharacter: number;
  /** "Improve readability", "Apply code from chat". */
  readonly instruction: string;
  readonly source: ProposalSource;
}

/** Where a hunk shows in the two documents of the diff (snapshot line numbers, 0-based). */
export interface HunkView {
  readonly hunk: Hunk;
  readonly index: number;
  readonly count: number;
  readonly status: HunkStatus;
  /** First line of the hunk on the proposal side and how many lines it has there. */
  readonly proposalLine: number;
  readonly proposalLines: number;
  /** First line on the original side and how many lines it has there. */
  readonly originalLine: number;
  readonly originalLines: number;
}

/**
 * One reviewed change to a range of whole lines. It records what the request was made for (uri,
 * version, range, original text) and what the answer proposes; the manager keeps `tracked` current
 * through the user's edits and applies accepted hunks through src/core/edits.
 *
 * Hunks are the change regions between the original range text and the prepared replacement. Each
 * is pending, accepted (already in the document) or rejected. The two sides of the diff are the
 * snapshot with the accepted hunks (what the range now holds) and the snapshot with every hunk not
 * rejected (what it would hold after Accept), so the diff always shows exactly what is left to decide.
 */
export class Proposal {
  state: ProposalState = 'streaming';
  /** The range as it is now in the live document; null once an edit touched it. */
  tracked: TrackedRange | null;
  /** The replacement as it would stand in the document (EOL, indentation, trailing breaks fixed). */
  replacement: string | undefined;
  hunks: Hunk[] = [];
  status: HunkStatus[] = [];
  /** The answer as received, for "Show Answer" and the log. */
  answer = '';
  /** Aborts the request while the answer streams (Reject or Cancel). */
  abort: AbortController | undefined;
  private preview: string;

  constructor(readonly init: ProposalInit) {
    this.tracked = { startLine: init.startLine, endLine: init.endLine, endCharacter: init.endCharacter };
    this.preview = init.originalText;
  }

  get id(): string {
    return this.init.id;
  }

  /** Streaming: the range shows the code received so far (made to fit like the final one). */
  setPreview(code: string | undefined): void {
    if (code === undefined || code.trim() === '') {
      this.preview = this.init.originalText;
      return;
    }
    this.preview = prepareReplacement(this.init.originalText, code, { eol: this.init.eol });
  }

  /**
   * The finished replacement; returns how many hunks it makes. `exact`: the text is the range's
   * new text already (a change Claude proposed with edit_file, in the file's line endings), so it
   * is taken as it is rather than fitted like a model's code block.
   */
  setReplacement(code: string, exact = false): number {
    this.replacement = exact ? code : prepareReplacement(this.init.originalText, code, { eol: this.init.eol });
    this.hunks = computeHunks(this.init.originalText, this.replacement);
    this.status = this.hunks.map(() => 'pending');
    this.state = 'ready';
    return this.hunks.length;
  }

  get pendingCount(): number {
    return this.status.filter((s) => s === 'pending').length;
  }

  get acceptedCount(): number {
    return this.status.filter((s) => s === 'accepted').length;
  }

  /** The range text with the hunks of the given statuses applied. */
  rangeTextWith(statuses: readonly HunkStatus[], extra?: number): string {
    const chosen = this.hunks.filter((_, i) => statuses.includes(this.status[i] as HunkStatus) || i === extra);
    return applyHunks(this.init.originalText, chosen);
  }

  /** What the range holds in the document now (if nobody else changed it). */
  baseRangeText(): string {
    return this.state === 'streaming' ? this.init.originalText : this.rangeTextWith(['accepted']);
  }

  /** What the range would hold after Accept. */
  proposedRangeText(): string {
    return this.state === 'streaming' ? this.preview : this.rangeTextWith(['accepted', 'pending']);
  }

  originalSideText(): string {
    return this.spliceSnapshot(this.baseRangeText());
  }

  proposalSideText(): string {
    return this.spliceSnapshot(this.proposedRangeText());
  }

  private spliceSnapshot(rangeText: string): string {
    const { snapshot, startOffset, endOffset } = this.init;
    return snapshot.slice(0, startOffset) + rangeText + snapshot.slice(endOffset);
  }

  /** Every hunk with its place on both sides of the diff as it is shown now. */
  hunkViews(): HunkView[] {
    const views: HunkView[] = [];
    let proposalShift = 0;
    let originalShift = 0;
    const count = this.hunks.length;
    this.hunks.forEach((hunk, index) => {
      const status = this.status[index] as HunkStatus;
      views.push({
        hunk,
        index,
        count,
        status,
        proposalLine: this.init.startLine + hunk.originalStart + proposalShift,
        proposalLines: status === 'rejected' ? hunk.removedLines.length : hunk.newLines.length,
        originalLine: this.init.startLine + hunk.originalStart + originalShift,
        originalLines: status === 'accepted' ? hunk.newLines.length : hunk.removedLines.length,
      });
      const delta = hunk.newLines.length - hunk.removedLines.length;
      if (status !== 'rejected') proposalShift += delta;
      if (status === 'accepted') originalShift += delta;
    });
    return views;
  }

  /** The pending hunk shown at `line` (0-based) of the given side, if any. */
  hunkAt(side: 'original' | 'proposal', line: number): HunkView | undefined {
    const pending = this.hunkViews().filter((v) => v.status === 'pending');
    const span = (v: HunkView) => (side === 'proposal' ? [v.proposalLine, v.proposalLines] : [v.originalLine, v.originalLines]) as [number, number];
    const inside = pending.find((v) => {
      const [first, n] = span(v);
      return line >= first && line < first + Math.max(1, n);
    });
    return inside;
  }
}

/** How many document lines a range holding `text` covers (see anchor.ts on the empty last line). */
export function rangeLineCount(text: string, reachesEnd: boolean): number {
  return reachesEnd ? documentLines(text).length : Math.max(1, splitKeepEol(text).length);
}
