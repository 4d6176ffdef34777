import type { Interruption } from '../../core/chat/conversation';

/**
 * Why a running answer was ended, carried as the AbortController's `abort(reason)`: the one thing
 * that decides whether the answer reads "Stopped" (the user's Stop or Escape) or says what else
 * ended it. A typed object, not an Error message, so nothing has to parse text to know.
 */
export type EndedBy = 'user' | Exclude<Interruption, 'windowClosed'>;

export interface AnswerEnd {
  readonly kind: 'aimlClaude.answerEnd';
  readonly by: EndedBy;
}

export function answerEnd(by: EndedBy): AnswerEnd {
  return { kind: 'aimlClaude.answerEnd', by };
}

/** The reason a signal was aborted with, when it is one of ours. */
export function answerEndOf(signal: AbortSignal): AnswerEnd | undefined {
  if (!signal.aborted) return undefined;
  const reason: unknown = signal.reason;
  if (typeof reason !== 'object' || reason === null) return undefined;
  const { kind, by } = reason as { kind?: unknown; by?: unknown };
  return kind === 'aimlClaude.answerEnd' && typeof by === 'string' ? (reason as AnswerEnd) : undefined;
}
