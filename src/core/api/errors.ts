/**
 * The one error type the client throws. Callers branch on `kind` (not on status codes or message
 * text), show `userMessage` as is, and offer Retry when `retryable`.
 */

export type AimlErrorKind =
  | 'auth'
  | 'credits'
  | 'model_not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'overloaded'
  | 'server'
  | 'network'
  | 'timeout'
  | 'interrupted'
  | 'cancelled';

export interface AimlErrorInit {
  kind: AimlErrorKind;
  /** Technical message (logs, `error.message`); never holds the key. */
  message: string;
  /** One sentence for people. */
  userMessage: string;
  status?: number;
  serverMessage?: string;
  requestId?: string;
  inferenceId?: string;
  retryAfterMs?: number;
  /** Defaults by kind: see DEFAULT_RETRYABLE. */
  retryable?: boolean;
  cause?: unknown;
}

/**
 * Whether trying the same request again may help. The retry loop further refuses once output has
 * been shown, whatever this says.
 */
const DEFAULT_RETRYABLE: Record<AimlErrorKind, boolean> = {
  auth: false,
  credits: false,
  model_not_found: false,
  bad_request: false,
  rate_limited: true,
  overloaded: true,
  server: true,
  network: true,
  timeout: true,
  interrupted: true,
  cancelled: false,
};

export class AimlError extends Error {
  override readonly name = 'AimlError';
  readonly kind: AimlErrorKind;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly requestId?: string;
  readonly inferenceId?: string;
  readonly retryAfterMs?: number;
  readonly userMessage: string;
  readonly retryable: boolean;

  constructor(init: AimlErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.userMessage = init.userMessage;
    this.retryable = init.retryable ?? DEFAULT_RETRYABLE[init.kind];
    // Optional fields are only set when known, so that deepEqual and JSON output stay tidy.
    if (init.status !== undefined) this.status = init.status;
    if (init.serverMessage !== undefined) this.serverMessage = init.serverMessage;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.inferenceId !== undefined) this.inferenceId = init.inferenceId;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * True for an AimlError. The extension loads the client as a separate bundle on first use (undici
 * is most of its size), so an error may come from another copy of this class: the check is by
 * shape, not by identity.
 */
export function isAimlError(value: unknown): value is AimlError {
  if (value instanceof AimlError) return true;
  return value instanceof Error && value.name === 'AimlError' && typeof (value as { kind?: unknown }).kind === 'string' && typeof (value as { userMessage?: unknown }).userMessage === 'string';
}

/** What an error builder knows about the request it failed. */
export interface ErrorContext {
  model?: string;
  requestId?: string;
  inferenceId?: string;
  /** The API's host, for "Could not reach …". */
  host?: string;
  viaProxy?: boolean;
  /**
   * Whose certificate a TLS failure is about when the error itself cannot say: with a plain-http
   * base URL behind an https proxy, the only TLS is to the proxy. Default 'server'.
   */
  tlsPeer?: 'server' | 'proxy';
  /** Values to scrub from any text that ends up in an error (the API key). */
  secrets: readonly string[];
  headersTimeoutMs?: number;
  idleTimeoutMs?: number;
}
