/**
 * The CLI's exit codes (the contract of issue 3) and how an API error maps onto them. Scripts
 * branch on these, so they never change meaning.
 */
import type { AimlErrorKind } from '../core/api';

export const EXIT = {
  ok: 0,
  /** Usage or bad input: no key, a bad flag, an unreadable file, a bad range, over the context budget. */
  usage: 1,
  /** 401 / 403: the key was rejected or the account has no credits. */
  auth: 2,
  /** 400 / 404 / 422: the request was rejected (unknown or retired model, invalid body). */
  rejected: 3,
  /** 429 / 529: rate limited or overloaded, after the retries. */
  busy: 4,
  /** Network failure, server error, timeout, or a stream cut off. */
  transport: 5,
  /** refactor: the answer cannot be applied (cut off, or no code block); the file is untouched. */
  unusable: 6,
  /** Ctrl-C. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_KIND: Record<AimlErrorKind, ExitCode> = {
  auth: EXIT.auth,
  credits: EXIT.auth,
  model_not_found: EXIT.rejected,
  bad_request: EXIT.rejected,
  rate_limited: EXIT.busy,
  overloaded: EXIT.busy,
  server: EXIT.transport,
  network: EXIT.transport,
  timeout: EXIT.transport,
  interrupted: EXIT.transport,
  cancelled: EXIT.interrupted,
};

export function exitCodeForKind(kind: AimlErrorKind): ExitCode {
  return BY_KIND[kind];
}
