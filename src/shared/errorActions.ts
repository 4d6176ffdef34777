import type { AimlErrorKind } from '../core/api/errors';
import type { ErrorAction } from './protocol';

/**
 * What a failure offers the user, and what each button says: the one mapping used by the chat
 * panel (an answer's error box), Refactor's notification and Test Connection, so the same failure
 * offers the same way out wherever it happens.
 */

/** AimlError kinds, plus `internal` for a failure of the extension itself (a bug: see the log). */
export type FailureKind = AimlErrorKind | 'internal';

export const ERROR_ACTION_LABELS: Readonly<Record<ErrorAction, string>> = {
  setApiKey: 'Set API Key',
  pickModel: 'Pick Another Model',
  retry: 'Retry',
  retryLonger: 'Retry with a Larger Output Limit',
  showLog: 'Show Log',
};

/** The actions a failure of this kind offers, most useful first. */
export function errorActionsFor(kind: FailureKind): ErrorAction[] {
  switch (kind) {
    case 'auth':
      return ['setApiKey'];
    case 'model_not_found':
      return ['pickModel'];
    case 'credits':
    case 'bad_request':
      // Trying again cannot help; the log has the server's own words.
      return ['showLog'];
    case 'interrupted':
    case 'network':
    case 'server':
    case 'timeout':
    case 'overloaded':
    case 'rate_limited':
      return ['retry'];
    case 'cancelled':
    case 'internal':
      return ['retry', 'showLog'];
  }
}

/** The button labels of `actions`, for a notification. */
export function errorActionLabels(actions: readonly ErrorAction[]): string[] {
  return actions.map((a) => ERROR_ACTION_LABELS[a]);
}

/** The action a chosen button stands for (a notification answers with the label). */
export function errorActionOfLabel(label: string | undefined): ErrorAction | undefined {
  if (label === undefined) return undefined;
  return (Object.keys(ERROR_ACTION_LABELS) as ErrorAction[]).find((a) => ERROR_ACTION_LABELS[a] === label);
}
