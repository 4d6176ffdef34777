/**
 * Maps what undici and the socket layer throw to an AimlError. undici's error classes are matched
 * by `code` rather than `instanceof`, because a bundle may hold more than one copy of undici.
 *
 * `cancelled` comes only from the caller's abort signal (the client's own destroy() aborts that
 * same per-call signal): an abort error undici raises for another reason — a proxy refusing a
 * tunnel, say — is a network failure, never shown as "Stopped".
 */
import { AimlError, type ErrorContext, isAimlError } from './errors';
import { cancelledError } from './retry';
import { scrubSecrets, shorten } from './scrub';
import * as say from './userMessages';

/** Where the failure happened: before response headers, or while reading the body. */
export type Phase = 'headers' | 'body';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_PRX_TLS',
]);

/**
 * Certificate verification failures (OpenSSL's codes as Node reports them). Retrying cannot help:
 * the certificate or the trust has to change, and the message says which.
 */
const CERTIFICATE_CODES = [
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
] as const;

export function errorFromException(err: unknown, phase: Phase, ctx: ErrorContext, signal: AbortSignal | undefined): AimlError {
  if (isAimlError(err)) return err;
  if (signal?.aborted) return cancelledError(err, ctx.requestId);
  const codes = collectCodes(err);
  const detail = shorten(scrubSecrets(describe(err), ctx.secrets));
  const base = { requestId: ctx.requestId, inferenceId: ctx.inferenceId, cause: err };

  if (codes.has('UND_ERR_HEADERS_TIMEOUT')) {
    return new AimlError({
      ...base,
      kind: 'timeout',
      message: `No response headers within ${ctx.headersTimeoutMs ?? '?'} ms`,
      userMessage: say.headersTimeoutMessage(ctx.headersTimeoutMs ?? 60_000),
    });
  }
  if (codes.has('UND_ERR_BODY_TIMEOUT')) {
    // Not retried: the model may be stuck on this request, and a silent second wait of the same
    // length would double the pause; the UI offers Retry instead.
    return new AimlError({
      ...base,
      kind: 'timeout',
      message: `Nothing received for ${ctx.idleTimeoutMs ?? '?'} ms`,
      userMessage: say.idleTimeoutMessage(ctx.idleTimeoutMs ?? 120_000),
      retryable: false,
    });
  }
  const certificate = CERTIFICATE_CODES.find((c) => codes.has(c));
  if (certificate !== undefined) {
    // undici wraps some failures of the proxy's own TLS as UND_ERR_PRX_TLS; otherwise the context
    // knows when the proxy is the only TLS peer. A tunnelled request's failure is the server's
    // certificate (or, behind an inspecting proxy, its stand-in for it).
    const ofProxy = codes.has('UND_ERR_PRX_TLS') || ctx.tlsPeer === 'proxy';
    return new AimlError({
      ...base,
      kind: 'network',
      message: `TLS certificate of ${ofProxy ? 'the proxy' : (ctx.host ?? 'the API')} rejected (${certificate}): ${detail}`,
      userMessage: say.certificateMessage(certificate, ctx.host, ofProxy) ?? say.networkMessage(ctx.host, ctx.viaProxy === true),
      retryable: false,
    });
  }
  if (phase === 'body') {
    // The connection broke after a 200 began: the answer is cut off, not unreachable.
    return new AimlError({
      ...base,
      kind: 'interrupted',
      message: `Connection lost while reading the answer: ${detail}`,
      userMessage: say.interruptedMessage(),
    });
  }
  const known = [...codes].some((c) => NETWORK_CODES.has(c)) || /proxy|tunnel|socket|fetch failed/i.test(detail) || codes.has('UND_ERR_ABORTED');
  return new AimlError({
    ...base,
    kind: 'network',
    message: `Could not reach ${ctx.host ?? 'the API'}${known ? '' : ' (unexpected error)'}: ${detail}`,
    userMessage: say.networkMessage(ctx.host, ctx.viaProxy === true),
  });
}

/** Error codes of the error, its causes and (for happy-eyeballs AggregateErrors) its parts. */
function collectCodes(err: unknown, seen = new Set<unknown>(), out = new Set<string>()): Set<string> {
  if (typeof err !== 'object' || err === null || seen.has(err)) return out;
  seen.add(err);
  const rec = err as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof rec.code === 'string') out.add(rec.code);
  if (rec.name === 'AbortError') out.add('ABORT_ERR');
  if (rec.name === 'HeadersTimeoutError') out.add('UND_ERR_HEADERS_TIMEOUT');
  if (rec.name === 'BodyTimeoutError') out.add('UND_ERR_BODY_TIMEOUT');
  collectCodes(rec.cause, seen, out);
  if (Array.isArray(rec.errors)) for (const e of rec.errors) collectCodes(e, seen, out);
  return out;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const msg = err.message || (Array.isArray((err as { errors?: unknown }).errors) ? 'several connection attempts failed' : err.name);
    return typeof code === 'string' && !msg.includes(code) ? `${msg} (${code})` : msg;
  }
  return String(err);
}
