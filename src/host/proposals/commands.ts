import { tr } from '../../core/l10n';
import type { HunkReview } from './hunkReview';
import type { ApplyOutcome, ProposalManager } from './manager';
import type { Notifier } from './notifier';
import type { Proposal } from './proposal';

type Command = (...args: unknown[]) => unknown;

/**
 * Accept, Reject and Show for whole proposals (editor title buttons, notification buttons, the
 * palette) and for one change (hover links and CodeLens pass `[proposalId, index]`; the context
 * menu passes nothing and the change under the cursor is meant).
 */
export function proposalCommands(manager: ProposalManager, review: HunkReview, notifier: Notifier): Record<string, Command> {
  const none = (): undefined => {
    void notifier.info(tr('No proposal is waiting for review.'));
    return undefined;
  };
  const reportRefusal = (outcome: ApplyOutcome): ApplyOutcome => {
    // Refusals of the document's state already show their own message with "Show Proposal".
    if (!outcome.ok && (outcome.reason === 'not-ready' || outcome.reason === 'gone')) void notifier.info(outcome.message);
    return outcome;
  };
  const hunkTarget = (args: unknown[]): { proposal: Proposal; index: number } | undefined => {
    const [id, index] = args;
    if (typeof id === 'string' && typeof index === 'number') {
      const proposal = manager.get(id);
      return proposal && { proposal, index };
    }
    const at = review.hunkAtCursor();
    return at && { proposal: at.proposal, index: at.view.index };
  };

  return {
    'aimlClaude.acceptProposal': async (arg?: unknown) => {
      const p = manager.resolve(arg);
      return p ? reportRefusal(await manager.acceptAll(p)) : none();
    },
    'aimlClaude.rejectProposal': async (arg?: unknown) => {
      const p = manager.resolve(arg);
      if (!p) return none();
      await manager.reject(p);
      return { ok: true };
    },
    'aimlClaude.showProposal': async (arg?: unknown) => {
      const p = manager.resolve(arg);
      if (!p) return none();
      await manager.showDiff(p);
      return { ok: true };
    },
    'aimlClaude.acceptHunk': async (...args: unknown[]) => {
      const t = hunkTarget(args);
      if (!t) {
        void notifier.info(tr('Put the cursor on a change in the proposal, then accept it.'));
        return undefined;
      }
      return reportRefusal(await manager.acceptHunk(t.proposal, t.index));
    },
    'aimlClaude.rejectHunk': async (...args: unknown[]) => {
      const t = hunkTarget(args);
      if (!t) {
        void notifier.info(tr('Put the cursor on a change in the proposal, then reject it.'));
        return undefined;
      }
      await manager.rejectHunk(t.proposal, t.index);
      return { ok: true };
    },
  };
}
