import { tr } from '../core/l10n';
import type { InterruptionView, TurnStatus } from './protocol';

// The line under an answer that did not finish normally. Only the user's Stop reads "Stopped":
// anything else that ended an answer says what it was, so nobody wonders whether they pressed Stop.

// Whole sentences, one per case, read when drawn (the translator is installed after load).
function interruptedLine(interruption: InterruptionView | undefined): string {
  switch (interruption) {
    case 'newQuestion':
      return tr('Ended: you started a new question — the answer above is partial.');
    case 'newChat':
      return tr('Ended: you started a new chat — the answer above is partial.');
    case 'otherConversation':
      return tr('Ended: you opened another conversation — the answer above is partial.');
    case 'deleted':
      return tr('Ended: the conversation was deleted — the answer above is partial.');
    case 'shutdown':
      return tr('Interrupted: the extension shut down (the window closed or reloaded) — the answer above is partial.');
    case 'windowClosed':
      return tr('Interrupted when the window closed — the answer above is partial.');
    case undefined:
      return tr('Interrupted — the answer above is partial.');
  }
}

/** The status line of an answer, or undefined for one that is streaming or done. */
export function statusLine(status: TurnStatus | undefined, interruption?: InterruptionView): string | undefined {
  switch (status) {
    case 'stopped':
      return tr('Stopped — the answer above is partial.');
    case 'interrupted':
      return interruptedLine(interruption);
    case 'failed':
      return tr('Failed — the answer above is partial.');
    case 'truncated':
      return tr('Cut off at the output limit — the answer above is incomplete.');
    default:
      return undefined;
  }
}
