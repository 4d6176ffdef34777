import type { InterruptionView, TurnStatus } from './protocol';

// The line under an answer that did not finish normally. Only the user's Stop reads "Stopped":
// anything else that ended an answer says what it was, so nobody wonders whether they pressed Stop.

const PARTIAL = 'the answer above is partial.';

const ENDED_BY: Record<InterruptionView, string> = {
  newQuestion: 'Ended: you started a new question',
  newChat: 'Ended: you started a new chat',
  otherConversation: 'Ended: you opened another conversation',
  deleted: 'Ended: the conversation was deleted',
  shutdown: 'Interrupted: the extension shut down (the window closed or reloaded)',
  windowClosed: 'Interrupted when the window closed',
};

/** The status line of an answer, or undefined for one that is streaming or done. */
export function statusLine(status: TurnStatus | undefined, interruption?: InterruptionView): string | undefined {
  switch (status) {
    case 'stopped':
      return `Stopped — ${PARTIAL}`;
    case 'interrupted':
      return `${interruption ? ENDED_BY[interruption] : 'Interrupted'} — ${PARTIAL}`;
    case 'failed':
      return `Failed — ${PARTIAL}`;
    case 'truncated':
      return 'Cut off at the output limit — the answer above is incomplete.';
    default:
      return undefined;
  }
}
