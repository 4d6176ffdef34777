/**
 * Applying a reviewed proposal to the document as it is now: re-anchor, then plan. Used by the
 * host's Accept, the CLI's --write and the property tests, so all three share one policy: apply
 * exactly where the original code still is, keep every other edit, or refuse with a reason.
 */

import { reanchor, type ReanchorFailure } from './anchor';
import { planRangeReplacement, type OffsetEdit, type PlanOptions, type TextEdit } from './plan';

export interface Proposal {
  /** The range's whole lines when the request was made, terminators included. */
  readonly originalText: string;
  /**
   * 0-based start line where the range is expected now (the host keeps it current with
   * `trackLineRange`; otherwise the line at request time).
   */
  readonly startLine: number;
  /**
   * Inclusive end line. The extent of the range comes from `originalText`; the line count matters
   * only when the range ended with the document's empty last line (see `ReanchorOptions`).
   */
  readonly endLine: number;
  /** The code that replaces the range: extracted from the answer, or already prepared. */
  readonly replacement: string;
}

export type ApplyResult =
  | {
      readonly ok: true;
      /** The whole document after the change. */
      readonly text: string;
      readonly edits: TextEdit[];
      readonly offsetEdits: OffsetEdit[];
      /** Where the range was found, 0-based inclusive. */
      readonly startLine: number;
      readonly endLine: number;
    }
  | { readonly ok: false; readonly reason: ReanchorFailure; readonly message: string };

const MESSAGES: Record<ReanchorFailure, string> = {
  changed: 'The selected code was edited after the request, so the proposal was not applied.',
  missing: 'The selected code is no longer in the document, so the proposal was not applied.',
  ambiguous:
    'The selected code now appears more than once, equally near where it was, so the proposal was not applied.',
};

/** The document with the proposal applied, or why it cannot be. Pure: nothing is written. */
export function applyProposal(currentText: string, proposal: Proposal, opts: PlanOptions = {}): ApplyResult {
  const anchored = reanchor(proposal.originalText, proposal.startLine, currentText, {
    lineCount: proposal.endLine - proposal.startLine + 1,
  });
  if (!anchored.ok) return { ok: false, reason: anchored.reason, message: MESSAGES[anchored.reason] };
  const plan = planRangeReplacement(currentText, anchored, proposal.replacement, opts);
  return {
    ok: true,
    text: plan.newDocumentText,
    edits: plan.edits,
    offsetEdits: plan.offsetEdits,
    startLine: anchored.startLine,
    endLine: anchored.endLine,
  };
}
