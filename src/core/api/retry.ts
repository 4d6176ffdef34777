/**
 * When and how long to wait before trying a failed request again. The client retries only while
 * nothing has been shown to the user: once text streamed, a failure ends the turn (the partial
 * answer stays, the UI offers Retry) rather than silently starting over.
 */
import { AimlError } from './errors';
import { cancelledMessage } from './userMessages';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Milliseconds a server asked us to wait: `retry-after-ms` (OpenAI's), else `Retry-After` as
 * seconds or an HTTP-date. Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(msValue: string | undefined, value: string | undefined, now: number): number | undefined {
  if (msValue !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(msValue)) return Math.max(0, Math.round(Number(msValue)));
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter": half the window fixed, half random, so that a burst of
 * clients spreads out but none retries at once. `retryIndex` counts from 0.
 */
export function backoffDelay(retryIndex: number, random: () => number, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS): number {
  const window = Math.min(capMs, baseMs * 2 ** retryIndex);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(window / 2 + (window / 2) * r);
}

/** The delay before retry number `retryIndex` (from 0): the server's Retry-After when given (capped), else backoff. */
export function retryDelay(error: AimlError, retryIndex: number, random: () => number, retryAfterCapMs: number): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, retryAfterCapMs);
  return backoffDelay(retryIndex, random);
}

export function shouldRetry(error: AimlError, retriesDone: number, maxRetries: number, outputStarted: boolean): boolean {
  return error.retryable && !outputStarted && retriesDone < maxRetries;
}

/** setTimeout that rejects at once when the signal aborts (and clears its timer). */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError(signal.reason));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function cancelledError(cause?: unknown, requestId?: string): AimlError {
  return new AimlError({ kind: 'cancelled', message: 'Request cancelled', userMessage: cancelledMessage(), cause, requestId });
}
