/**
 * What the fake AI/ML server answers, as plain JSON-serialisable scripts (tests in other processes
 * send them through the control API), and builders for realistic AI/ML chunks: the shapes of the
 * recorded transcript in docs/aiml-api.md (first chunk with id and role, empty ids after, usage on
 * the finish chunk, a trailing chunk with `usage: null`, no `[DONE]`).
 */

/** How the bytes of a streamed body are framed and written. */
export interface FramingOptions {
  /** SSE line ending. Default 'lf'. */
  eol?: 'lf' | 'crlf' | 'cr';
  /** Shorthand for eol: 'crlf'. */
  crlf?: boolean;
  /** Write the body in pieces of this many bytes (1 = byte by byte, splitting UTF-8 and CRLF). */
  splitEvery?: number;
  /** Byte offsets at which to split writes (otherwise one write per record). */
  splitAt?: number[];
  /** Pause between writes; without it writes are still separated by a turn of the event loop. */
  delayMs?: number;
  /** Put a `: keep-alive` comment before every record. */
  keepAlive?: boolean;
}

/** One item of a stream: a JSON chunk (written as `data: <json>`), or one of the `$` forms. */
export type SseItem =
  | { $raw: string } // written as is: framing, broken records, anything
  | { $comment: string } // `: <comment>`
  | { $data: string; $event?: string } // a record with literal data (and an event name)
  | Record<string, unknown>; // a chunk object

export interface StreamTail {
  /** `data: [DONE]` ('space'), `data:[DONE]` ('nospace'), or none (AI/ML's usual). Default 'none'. */
  done?: 'space' | 'nospace' | 'none';
  /** Wrap every chunk as `{event: chunk, state: {…}}` (AI/ML before February 2026). */
  legacy?: boolean;
  /** After the items, destroy the socket (no terminating chunk). */
  drop?: boolean;
  /** After the items, never end the body (until the client goes away or the server stops). */
  stall?: boolean;
  /**
   * After `after` items, wait until the test calls `release(until)` (or POSTs `{gate}` to
   * `/__control/release`), then send the rest: an answer held open while the test does something.
   */
  hold?: { after: number; until: string };
}

export interface ResponseHead {
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before sending the status line. */
  headersDelayMs?: number;
}

export interface StreamScript extends FramingOptions, StreamTail, ResponseHead {
  kind: 'stream';
  chunks: SseItem[];
  /** Default text/event-stream. */
  contentType?: string;
}

/** A streamed answer generated from text, split into content deltas like AI/ML's. */
export interface TextScript extends FramingOptions, StreamTail, ResponseHead, AnswerOptions {
  kind: 'text';
  text: string;
}

/** Answers with the last user message echoed: the default, and what the CLI server does. */
export interface EchoScript extends FramingOptions, ResponseHead {
  kind: 'echo';
  prefix?: string;
  chunkSize?: number;
}

/** A large generated answer for benchmarks, produced lazily (no giant script in memory). */
export interface LargeScript extends ResponseHead {
  kind: 'large';
  /** Number of content chunks. */
  chunks: number;
  /** Text of each chunk. Default 'lorem ipsum '. */
  chunkText?: string;
  /** Bytes per write. Default 16 KiB. */
  writeBytes?: number;
}

/** An HTTP error: an AI/ML error body by default, or the given JSON, HTML or text. */
export interface ErrorScript extends ResponseHead {
  kind: 'error';
  status: number;
  /** JSON body; default `{message, path, requestId, statusCode, timestamp}`. */
  body?: unknown;
  html?: string;
  text?: string;
  /** Sets Retry-After (seconds as a number, or any string such as an HTTP-date). */
  retryAfter?: number | string;
  /** Message for the default body. */
  message?: string;
}

/** A whole chat.completion with content-type application/json, as a gateway ignoring `stream`. */
export interface JsonScript extends ResponseHead {
  kind: 'json';
  completion: unknown;
}

/** Never answer (headers timeout). */
export interface StallScript {
  kind: 'stall';
}

/** Destroy the connection as soon as the request arrives (a network failure before headers). */
export interface DropScript {
  kind: 'drop';
}

export type Script = StreamScript | TextScript | EchoScript | LargeScript | ErrorScript | JsonScript | StallScript | DropScript;

export const SCRIPT_KINDS: ReadonlySet<string> = new Set(['stream', 'text', 'echo', 'large', 'error', 'json', 'stall', 'drop']);

/**
 * A finish chunk's usage as the AI/ML API sends it (docs/aiml-api.md, "Usage details"): the
 * details are present only when the service reports them.
 */
export interface UsageReportWire {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number } | null;
  completion_tokens_details?: { reasoning_tokens: number } | null;
}

export interface AnswerOptions {
  /** Characters per content delta (code points; never splits a surrogate pair). Default 16. */
  chunkSize?: number;
  /** Streamed first as `delta.reasoning_content`. */
  reasoning?: string;
  /** Default 'stop'. */
  finishReason?: string;
  /** Default: estimated from lengths. `null` leaves usage off the finish chunk. */
  usage?: UsageReportWire | null;
  /** Top-level `meta.usage` on the finish chunk. */
  meta?: { credits_used?: number; usd_spent?: number };
  id?: string;
  model?: string;
  /** Leave out the trailing `{finish_reason, usage: null}` chunk. */
  noTrailer?: boolean;
  promptTokens?: number;
}

const DEFAULT_MODEL = 'claude-sonnet-4-5-20250929';

/** A chat.completion.chunk with AI/ML's fields. */
export function aimlChunk(opts: {
  id?: string;
  content?: string;
  reasoning?: string;
  finishReason?: string;
  usage?: AnswerOptions['usage'];
  model?: string;
  noDelta?: boolean;
  toolCalls?: unknown[];
  meta?: AnswerOptions['meta'];
}): Record<string, unknown> {
  const delta: Record<string, unknown> = { content: opts.content ?? '', role: 'assistant', refusal: null };
  if (opts.reasoning !== undefined) delta.reasoning_content = opts.reasoning;
  if (opts.toolCalls !== undefined) delta.tool_calls = opts.toolCalls;
  const choice: Record<string, unknown> = { index: 0 };
  if (!opts.noDelta) choice.delta = delta;
  if (opts.finishReason !== undefined) choice.finish_reason = opts.finishReason;
  const chunk: Record<string, unknown> = {
    id: opts.id ?? '',
    choices: [choice],
    created: 1760000000,
    model: opts.model ?? DEFAULT_MODEL,
    object: 'chat.completion.chunk',
    usage: opts.usage ?? null,
  };
  if (opts.meta !== undefined) chunk.meta = { usage: opts.meta };
  return chunk;
}

/** Splits text into pieces of `size` code points. */
export function splitText(text: string, size: number): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += Math.max(1, size)) out.push(points.slice(i, i + size).join(''));
  return out;
}

/** The chunks of a realistic AI/ML answer to `text`. */
export function aimlAnswerChunks(text: string, opts: AnswerOptions = {}): Record<string, unknown>[] {
  const model = opts.model ?? DEFAULT_MODEL;
  const id = opts.id ?? 'msg_01EJfakeAimlServer0000000';
  const chunks: Record<string, unknown>[] = [aimlChunk({ id, model })];
  if (opts.reasoning) for (const piece of splitText(opts.reasoning, opts.chunkSize ?? 16)) chunks.push(aimlChunk({ model, reasoning: piece }));
  for (const piece of splitText(text, opts.chunkSize ?? 16)) chunks.push(aimlChunk({ model, content: piece }));
  const finishReason = opts.finishReason ?? 'stop';
  const completion = Math.max(1, Math.ceil(text.length / 4));
  const prompt = opts.promptTokens ?? 16;
  const usage = opts.usage === undefined ? { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } : opts.usage;
  chunks.push(aimlChunk({ model, finishReason, usage, meta: opts.meta }));
  if (!opts.noTrailer) {
    chunks.push({ id: '', choices: [{ index: 0, finish_reason: finishReason }], created: 1760000000, model, object: 'chat.completion.chunk', usage: null });
  }
  return chunks;
}

/** A whole (non-streamed) chat.completion. */
export function aimlCompletion(text: string, opts: { reasoning?: string; finishReason?: string; model?: string; toolCalls?: unknown[] } = {}): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: text, refusal: null };
  if (opts.reasoning !== undefined) message.reasoning_content = opts.reasoning;
  if (opts.toolCalls !== undefined) message.tool_calls = opts.toolCalls;
  const completion = Math.max(1, Math.ceil(text.length / 4));
  return {
    id: 'msg_01JSONfakeAimlServer000000',
    object: 'chat.completion',
    created: 1760000000,
    model: opts.model ?? DEFAULT_MODEL,
    choices: [{ index: 0, message, finish_reason: opts.finishReason ?? 'end_turn', logprobs: null }],
    usage: { prompt_tokens: 16, completion_tokens: completion, total_tokens: 16 + completion },
  };
}

/** AI/ML's documented error body. */
export function aimlErrorBody(status: number, message: string, path = '/v1/chat/completions'): Record<string, unknown> {
  return {
    message,
    path,
    requestId: 'req-fake-0001',
    statusCode: String(status),
    timestamp: new Date(0).toISOString(),
  };
}

export const DEFAULT_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Body validation error!',
  401: 'Invalid API key',
  403: 'You have run out of credits',
  404: 'Model not found',
  422: 'Body validation error!',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Generation timeout',
  529: 'Overloaded',
};
