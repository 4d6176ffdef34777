/**
 * The life of a client's calls, so that retiring a client never ends an answer that is streaming.
 *
 * - `close()` is graceful: new calls are refused, the calls in flight run to their end (retries
 *   included), then the pool is closed. A settings change that reshapes the client retires the
 *   old one this way.
 * - `destroy()` is hard: every call in flight is aborted and ends as `cancelled` with the
 *   shutdown wording. Only the extension's deactivation (or a CLI run ending) does this.
 *
 * Each call gets its own AbortSignal, aborted when the caller's signal aborts or the client is
 * destroyed, and nothing else: the client reports `cancelled` for those two reasons only.
 */
import { AimlError } from './errors';
import { retiredMessage, shutdownMessage } from './userMessages';

export type LifecycleState = 'open' | 'closing' | 'destroyed';

export interface Call {
  /** Aborted by the caller's signal or by destroy(). */
  readonly signal: AbortSignal;
  /** Ends the call (idempotent); the last call to end lets a pending close() finish. */
  end(): void;
}

export class Lifecycle {
  private current: LifecycleState = 'open';
  private readonly calls = new Set<AbortController>();
  private drainWaiters: (() => void)[] = [];

  get state(): LifecycleState {
    return this.current;
  }

  get inFlight(): number {
    return this.calls.size;
  }

  /** Starts a call; throws when the client is closing or destroyed. */
  begin(userSignal: AbortSignal | undefined, requestId?: string): Call {
    if (this.current === 'destroyed') throw shutdownError(requestId);
    if (this.current === 'closing') {
      throw new AimlError({
        kind: 'network',
        message: 'The client was retired (its connection settings changed) before this request started',
        userMessage: retiredMessage(),
        requestId,
      });
    }
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(userSignal?.reason);
    if (userSignal?.aborted) controller.abort(userSignal.reason);
    else userSignal?.addEventListener('abort', onAbort, { once: true });
    this.calls.add(controller);
    let ended = false;
    return {
      signal: controller.signal,
      end: () => {
        if (ended) return;
        ended = true;
        userSignal?.removeEventListener('abort', onAbort);
        this.calls.delete(controller);
        if (this.calls.size === 0) this.releaseWaiters();
      },
    };
  }

  /** Refuses new calls; resolves once every call in flight has ended. */
  drain(): Promise<void> {
    if (this.current === 'open') this.current = 'closing';
    if (this.calls.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Refuses new calls and aborts those in flight. */
  destroy(): void {
    if (this.current === 'destroyed') return;
    this.current = 'destroyed';
    for (const c of [...this.calls]) c.abort(new Error('the client was destroyed'));
  }

  /**
   * The error a call reports: a cancellation that the caller did not ask for, on a destroyed
   * client, is the shutdown (worded as such); anything else is passed on as it is.
   */
  explain(err: AimlError, userSignal: AbortSignal | undefined, requestId?: string): AimlError {
    if (this.current === 'destroyed' && userSignal?.aborted !== true) return shutdownError(requestId, err);
    return err;
  }

  private releaseWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}

export function shutdownError(requestId?: string, cause?: unknown): AimlError {
  return new AimlError({ kind: 'cancelled', message: 'The client was destroyed (shutting down)', userMessage: shutdownMessage(), requestId, cause });
}
