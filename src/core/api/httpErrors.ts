/**
 * Turns an HTTP error response, or an error object sent inside a stream, into an AimlError.
 */
import { AimlError, type AimlErrorKind, type ErrorContext } from './errors';
import { parseRetryAfter } from './retry';
import { ErrorBodyWire } from './schemas';
import { looksLikeHtml, scrubSecrets, shorten, statusText } from './scrub';
import * as say from './userMessages';

export function kindForStatus(status: number): AimlErrorKind {
  switch (status) {
    case 401:
      return 'auth';
    case 402: // Payment Required: the same situation as AI/ML's 403.
    case 403:
      return 'credits';
    case 404:
      return 'model_not_found';
    case 408:
      return 'timeout';
    case 429:
      return 'rate_limited';
    case 529:
      return 'overloaded';
  }
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  // 1xx/3xx where a 200 was expected: the gateway is misbehaving.
  return 'server';
}

/**
 * Anthropic error `type`s and OpenAI error `type`s and `code`s, for in-stream errors that carry no
 * status. OpenAI puts the specific name in `code` (type "invalid_request_error", code
 * "model_not_found"; type "requests", code "rate_limit_exceeded"), so `code` is looked up first.
 */
const KIND_BY_TYPE: Readonly<Record<string, AimlErrorKind>> = {
  authentication_error: 'auth',
  invalid_api_key: 'auth',
  permission_error: 'credits',
  insufficient_quota: 'credits',
  billing_error: 'credits',
  not_found_error: 'model_not_found',
  model_not_found: 'model_not_found',
  invalid_request_error: 'bad_request',
  context_length_exceeded: 'bad_request',
  request_too_large: 'bad_request',
  rate_limit_error: 'rate_limited',
  rate_limit_exceeded: 'rate_limited',
  overloaded_error: 'overloaded',
  overloaded: 'overloaded',
  api_error: 'server',
  server_error: 'server',
  timeout_error: 'timeout',
};

export interface ResponseInfo {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body text, already capped by the caller. */
  bodyText: string;
}

export function errorFromResponse(res: ResponseInfo, ctx: ErrorContext): AimlError {
  const contentType = headerValue(res.headers, 'content-type');
  const kind = kindForStatus(res.status);
  const html = looksLikeHtml(contentType, res.bodyText);
  const serverMessage = html ? statusText(res.status) : messageFromBody(res.bodyText, ctx.secrets) ?? statusText(res.status);
  const retryAfterMs = parseRetryAfter(headerValue(res.headers, 'retry-after-ms'), headerValue(res.headers, 'retry-after'), Date.now());
  const inferenceId = headerValue(res.headers, 'x-inference-id') ?? ctx.inferenceId;
  const routeMissing = kind === 'model_not_found' && (html || /cannot (post|get)|route|not found: \//i.test(serverMessage));
  const retryable = res.status >= 300 && res.status < 400 ? false : undefined;
  return new AimlError({
    kind,
    status: res.status,
    serverMessage,
    message: `AI/ML API ${statusText(res.status)}: ${serverMessage}`,
    userMessage: userMessageFor(kind, res.status, serverMessage, ctx, routeMissing),
    requestId: ctx.requestId,
    inferenceId,
    retryAfterMs,
    retryable,
  });
}

/**
 * An error that arrived as stream data: `{"error":{…}}` or the data of an `event: error` record
 * (JSON or plain text). The HTTP status was 200, so the kind comes from the payload: its status
 * when it has one, else its `code` or `type`. The sentence people read says what happened and
 * quotes the server's words (scrubbed of the key, shortened), as for HTTP errors.
 */
export function errorFromStreamPayload(payload: unknown, rawText: string, ctx: ErrorContext): AimlError {
  const parsed = ErrorBodyWire.safeParse(payload);
  let status: number | undefined;
  const names: string[] = [];
  let serverMessage: string | undefined;
  if (parsed.success) {
    const body = parsed.data;
    const inner = typeof body.error === 'object' && body.error !== null ? body.error : undefined;
    const numericCode = typeof inner?.code === 'number' && inner.code >= 400 && inner.code < 600 ? inner.code : undefined;
    status = inner?.status ?? body.status ?? body.statusCode ?? numericCode ?? undefined;
    if (typeof inner?.code === 'string' && inner.code !== '') names.push(inner.code);
    if (inner?.type) names.push(inner.type);
    serverMessage = pickMessage(body, ctx.secrets);
  }
  serverMessage ??= rawText.trim() === '' ? undefined : shorten(scrubSecrets(rawText, ctx.secrets));
  const kind: AimlErrorKind =
    status !== undefined && status >= 400 ? kindForStatus(status) : (names.map((n) => KIND_BY_TYPE[n]).find((k) => k !== undefined) ?? 'server');
  const text = serverMessage ?? 'error event without a message';
  return new AimlError({
    kind,
    status,
    serverMessage,
    message: `AI/ML API error inside the stream${names.length ? ` (${names.join(', ')})` : ''}: ${text}`,
    userMessage: streamUserMessage(kind, status, serverMessage, ctx),
    requestId: ctx.requestId,
    inferenceId: ctx.inferenceId,
  });
}

function streamUserMessage(kind: AimlErrorKind, status: number | undefined, serverMessage: string | undefined, ctx: ErrorContext): string {
  // The bad-request sentence already carries the server's words.
  if (kind === 'bad_request') return say.badRequestMessage(serverMessage);
  let sentence: string;
  if (kind === 'server' && status === undefined) sentence = say.streamServerErrorMessage();
  else if (kind === 'timeout' && status === undefined) sentence = say.streamTimeoutMessage();
  else sentence = userMessageFor(kind, status, serverMessage, ctx, false);
  return say.withServerWords(sentence, serverMessage);
}

function userMessageFor(
  kind: AimlErrorKind,
  status: number | undefined,
  serverMessage: string | undefined,
  ctx: ErrorContext,
  routeMissing: boolean,
): string {
  switch (kind) {
    case 'auth':
      return say.authMessage();
    case 'credits':
      return say.creditsMessage();
    case 'model_not_found':
      return say.modelNotFoundMessage(ctx.model, routeMissing);
    case 'bad_request':
      return say.badRequestMessage(serverMessage);
    case 'rate_limited':
      return say.rateLimitedMessage();
    case 'overloaded':
      return say.overloadedMessage();
    case 'timeout':
      return status === undefined ? say.headersTimeoutMessage(ctx.headersTimeoutMs ?? 60_000) : say.serverMessageFor(status);
    default:
      return say.serverMessageFor(status);
  }
}

/** `message ?? error.message ?? short text`, scrubbed and shortened; undefined when the body says nothing. */
function messageFromBody(bodyText: string, secrets: readonly string[]): string | undefined {
  if (bodyText.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return shorten(scrubSecrets(bodyText, secrets));
  }
  const parsed = ErrorBodyWire.safeParse(json);
  const picked = parsed.success ? pickMessage(parsed.data, secrets) : undefined;
  return picked ?? shorten(scrubSecrets(bodyText, secrets));
}

function pickMessage(body: ErrorBodyWire, secrets: readonly string[]): string | undefined {
  const inner = typeof body.error === 'object' && body.error !== null ? body.error.message : undefined;
  const raw = joinMessage(body.message) ?? joinMessage(inner) ?? (typeof body.error === 'string' ? body.error : undefined) ?? body.detail ?? body.title;
  return raw === undefined || raw === null || raw.trim() === '' ? undefined : shorten(scrubSecrets(raw, secrets));
}

function joinMessage(m: string | string[] | null | undefined): string | undefined {
  if (m === null || m === undefined) return undefined;
  return Array.isArray(m) ? m.join('\n') : m;
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
