import type { AimlErrorKind } from '../core/api/errors';
import { tr } from '../core/l10n';
import type { ErrorAction } from './protocol';

/**
 * What a failure offers the user, and what each button says: the one mapping used by the chat
 * panel (an answer's error box), Refactor's notification and Test Connection, so the same failure
 * offers the same way out wherever it happens.
 */

/** AimlError kinds, plus `internal` for a failure of the extension itself (a bug: see the log). */
export type FailureKind = AimlErrorKind | 'internal';

/** What the button of an action says, in the user's language (read when drawn, not at load). */
export function errorActionLabel(action: ErrorAction): string {
  switch (action) {
    case 'setApiKey':
      return tr('Set API Key');
    case 'pickModel':
      return tr('Pick Another Model');
    case 'retry':
      return tr('Retry');
    case 'retryLonger':
      return tr('Retry with a Larger Output Limit');
    case 'showLog':
      return tr('Show Log');
  }
}

const ALL_ACTIONS: readonly ErrorAction[] = ['setApiKey', 'pickModel', 'retry', 'retryLonger', 'showLog'];

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
  return actions.map(errorActionLabel);
}

/** The action a chosen button stands for (a notification answers with the label). */
export function errorActionOfLabel(label: string | undefined): ErrorAction | undefined {
  if (label === undefined) return undefined;
  return ALL_ACTIONS.find((a) => errorActionLabel(a) === label);
}
