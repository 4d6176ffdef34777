/**
 * The AI/ML API client: streams a chat completion as StreamEvents, with retries before any output,
 * timeouts, cancellation at the socket, and errors people can read. One keep-alive dispatcher per
 * client, reused by every request.
 *
 * Ending a client: `close()` retires it gracefully (calls in flight finish, then the sockets are
 * freed): what a settings change does. `destroy()` (alias `dispose()`) is the hard stop for
 * shutdown: calls in flight end as `cancelled`, worded as a shutdown.
 */
import { request, type Dispatcher } from 'undici';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { readAll, readCapped } from './body';
import { StreamAssembler } from './chunk';
import { AimlError, isAimlError, type ErrorContext } from './errors';
import { errorFromResponse, headerValue } from './httpErrors';
import { Lifecycle, type Call } from './lifecycle';
import { parseModelList } from './modelList';
import { buildChatBody } from './requestBody';
import { clientRequestId } from './requestId';
import { abortableSleep, cancelledError, retryDelay, shouldRetry, type Sleep } from './retry';
import { SseDecoder } from './sse';
import { looksLikeHtml, statusText } from './scrub';
import { mayUseTls, Transport } from './transport';
import { errorFromException } from './transportErrors';
import { TRUST_SOURCE_LABELS, type TrustSource } from './trust';
import type {
  CallOptions,
  ChatRequest,
  CompletionResult,
  KeyCheckResult,
  ModelListEntry,
  ProxyOptions,
  StreamEvent,
  ToolCall,
  Usage,
} from './types';
import { invalidRequestMessage, malformedMessage, missingKeyMessage } from './userMessages';

export interface ClientOptions {
  /** e.g. https://api.aimlapi.com/v1 (a trailing slash is fine). */
  baseUrl: string;
  /** The key, or a function asked before every request (so a key changed in settings applies at once). */
  apiKey: string | (() => Promise<string | undefined>);
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Longest gap between body chunks. Default 120 000 (thinking pauses are long). */
  idleTimeoutMs?: number;
  /** Longest wait for response headers. Default 60 000. */
  headersTimeoutMs?: number;
  proxy?: ProxyOptions;
  userAgent?: string;
  logger?: Logger;
  /** Injectable so tests can assert the requested delay without waiting. */
  sleep?: Sleep;
  /** Jitter source, injectable for tests. */
  random?: () => number;
  /** Upper bound for a server's Retry-After. Default 60 000. */
  retryAfterCapMs?: number;
  /**
   * Environment for proxy variables, NODE_EXTRA_CA_CERTS and SSL_CERT_FILE; defaults to
   * process.env (tests pass their own).
   */
  env?: NodeJS.ProcessEnv;
  /** Trust the operating system's certificate store too (VS Code's http.systemCertificates). Default true. */
  systemCertificates?: boolean;
  /** Extra CA certificates (PEM text) to trust beside Node's roots, the system's and NODE_EXTRA_CA_CERTS. */
  extraCaCertificates?: readonly string[];
  /** For tests: the system bundle files to probe (see trust.ts). */
  systemBundleFiles?: readonly string[];
}

/** How a server's certificate was trusted: the source, and its name for people. */
export interface CertificateTrust {
  source: TrustSource;
  label: string;
}

/**
 * What warm() did: `opened` a connection (now idle in the pool for the next request), found one
 * `ready` (or a warm-up already under way), `skipped` (the client is closing), or `failed` (said in
 * the log only: the next request connects as it would have anyway).
 */
export type WarmOutcome = 'opened' | 'ready' | 'skipped' | 'failed';

/** A warm-up that gets no answer in this time is dropped; the next request connects itself. */
const WARM_TIMEOUT_MS = 10_000;
/**
 * For this long after warm() was last asked for (the composer focused or typed into, Explain or
 * Refactor started), a connection the server (or the pool) closes is opened again at once: the
 * user is about to ask, and a question must not find the spare gone.
 */
const KEEP_WARM_MS = 15_000;
/** A connection that lived less than this is not re-opened by itself: the server keeps none idle. */
const REWARM_MIN_LIFE_MS = 1_000;

const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
const DEFAULT_RETRY_AFTER_CAP_MS = 60_000;
const ERROR_BODY_LIMIT = 64 * 1024;
const JSON_BODY_LIMIT = 32 * 1024 * 1024;

export class AimlClient {
  private readonly base: string;
  private readonly host: string;
  private readonly hostname: string;
  /** A plain-http base URL behind a proxy: any certificate is the proxy's. */
  private readonly tlsPeer: 'server' | 'proxy';
  private readonly transport: Transport;
  private readonly log: Logger;
  private readonly maxRetries: number;
  private readonly idleTimeoutMs: number;
  private readonly headersTimeoutMs: number;
  private readonly retryAfterCapMs: number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly userAgent: string;
  private modelsCache: { etag: string; entries: ModelListEntry[] } | undefined;
  private readonly life = new Lifecycle();
  private closing: Promise<void> | undefined;
  /** The warm-up in flight, so that focus and typing together still open one connection. */
  private warming: Promise<WarmOutcome> | undefined;
  /** Until when a closed connection is re-opened by itself (performance.now() time; see KEEP_WARM_MS). */
  private keepWarmUntil = Number.NEGATIVE_INFINITY;
  /** When the latest warm-up opened its connection. */
  private warmedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl.trim());
    } catch {
      url = new URL('invalid:');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new AimlError({
        kind: 'bad_request',
        message: `Invalid base URL: ${options.baseUrl}`,
        userMessage: invalidRequestMessage(`the base URL “${options.baseUrl}” is not an http(s) URL`),
        retryable: false,
      });
    }
    this.base = url.href.replace(/\/+$/, '');
    this.host = url.host;
    this.hostname = url.hostname.replace(/^\[|\]$/g, '');
    this.log = options.logger ?? silentLogger;
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES));
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.headersTimeoutMs = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    this.retryAfterCapMs = options.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.userAgent = options.userAgent ?? `aiml-claude (node ${process.versions.node})`;
    const env = options.env ?? process.env;
    this.transport = new Transport({
      headersTimeoutMs: this.headersTimeoutMs,
      idleTimeoutMs: this.idleTimeoutMs,
      proxy: options.proxy,
      env,
      tls: mayUseTls(url, options.proxy, env),
      systemCertificates: options.systemCertificates,
      extraCaCertificates: options.extraCaCertificates,
      systemBundleFiles: options.systemBundleFiles,
      logger: this.log,
      onAllClosed: () => this.connectionsClosed(),
    });
    this.tlsPeer = url.protocol === 'http:' && this.transport.viaProxy ? 'proxy' : 'server';
  }

  /**
   * Streams one chat completion. Throws AimlError; events already yielded stay with the caller
   * (the text received before a failure is theirs to keep). Stopping the iteration early, or
   * aborting the signal, closes the connection.
   */
  async *stream(req: ChatRequest, opts: CallOptions = {}): AsyncGenerator<StreamEvent, void, undefined> {
    const requestId = clientRequestId(opts.clientRequestId);
    if (opts.signal?.aborted) throw cancelledError(opts.signal.reason, requestId);
    const call = this.life.begin(opts.signal, requestId);
    try {
      yield* this.streamCall(req, requestId, call, opts.signal);
    } finally {
      call.end();
    }
  }

  private async *streamCall(req: ChatRequest, requestId: string, call: Call, userSignal: AbortSignal | undefined): AsyncGenerator<StreamEvent, void, undefined> {
    const signal = call.signal;
    const key = await this.resolveKey(requestId);
    const body = JSON.stringify(buildChatBody(req));
    this.log.debug(`chat request ${requestId}: model=${req.model} messages=${req.messages.length} base=${this.base}`);
    this.log.trace(`chat request ${requestId} body: ${body}`);

    for (let retries = 0; ; ) {
      let output = false;
      try {
        for await (const event of this.attempt(body, key, requestId, req.model, signal)) {
          if (event.type === 'text' || event.type === 'reasoning' || event.type === 'tool_call') output = true;
          yield event;
        }
        return;
      } catch (e) {
        const ctx = this.errorContext(key, req.model, requestId);
        const err = this.life.explain(errorFromException(e, 'headers', ctx, signal), userSignal, requestId);
        if (signal.aborted || !shouldRetry(err, retries, this.maxRetries, output)) {
          if (err.kind === 'cancelled') this.log.debug(`chat request ${requestId} cancelled`);
          else this.log.warn(`chat request ${requestId} failed: ${err.kind}${err.status ? ` ${err.status}` : ''}: ${err.message}`);
          throw err;
        }
        const delayMs = retryDelay(err, retries, this.random, this.retryAfterCapMs);
        retries++;
        this.log.info(`chat request ${requestId}: ${err.kind}${err.status ? ` ${err.status}` : ''}, retry ${retries}/${this.maxRetries} in ${delayMs} ms`);
        yield { type: 'retry', attempt: retries, maxRetries: this.maxRetries, delayMs, error: err };
        try {
          await this.sleep(delayMs, signal);
        } catch (sleepErr) {
          throw this.life.explain(cancelledError(sleepErr, requestId), userSignal, requestId);
        }
        if (signal.aborted) throw this.life.explain(cancelledError(signal.reason, requestId), userSignal, requestId);
      }
    }
  }

  /** Runs a stream to its end and collects it. */
  async complete(req: ChatRequest, opts: CallOptions = {}): Promise<CompletionResult> {
    let text = '';
    let reasoning = '';
    let finishReason = 'stop';
    let usage: Usage | undefined;
    let requestId = '';
    let inferenceId: string | undefined;
    const toolCalls: ToolCall[] = [];
    for await (const ev of this.stream(req, opts)) {
      switch (ev.type) {
        case 'start':
          requestId = ev.requestId;
          inferenceId = ev.inferenceId;
          break;
        case 'text':
          text += ev.text;
          break;
        case 'reasoning':
          reasoning += ev.text;
          break;
        case 'tool_call':
          toolCalls.push({ index: ev.index, id: ev.id, name: ev.name, arguments: ev.arguments });
          break;
        case 'usage':
          usage = ev.usage;
          break;
        case 'finish':
          finishReason = ev.finishReason;
          break;
      }
    }
    const result: CompletionResult = { text, reasoning, finishReason, usage, requestId, toolCalls };
    if (inferenceId !== undefined) result.inferenceId = inferenceId;
    return result;
  }

  /**
   * Makes the first request fast: builds the dispatcher (the trust store reads certificates) now
   * rather than when the first question is sent. Sends nothing.
   */
  prepare(): void {
    void this.transport.dispatcher;
  }

  /**
   * Opens the connection the next request will use — TCP, TLS, and the CONNECT tunnel when a proxy
   * is in the way — so that the question does not wait for two or three round trips: the keyless
   * model list is fetched through the same dispatcher (undici has no way to open a pool's
   * connection without a request), and its socket stays in the pool, idle, for the next request.
   * Nothing is done while a connection is open or a warm-up is under way, so a panel in use keeps
   * at most one spare; after the server closed its idle side, the next call opens a new one. Never
   * sends the key; never throws (a failure is logged, and the real request connects as usual).
   */
  warm(): Promise<WarmOutcome> {
    this.keepWarmUntil = performance.now() + KEEP_WARM_MS;
    return this.openSpare();
  }

  /** The user is no longer about to ask (the panel was hidden): closed connections stay closed. */
  stopKeepingWarm(): void {
    this.keepWarmUntil = Number.NEGATIVE_INFINITY;
  }

  /**
   * The last connection closed (the server's idle timeout, or the pool's): while the user is about
   * to ask (KEEP_WARM_MS after the latest warm()), open another, so that a question typed across
   * the server's timeout still finds one. Not when the closed one was just opened: a server that
   * keeps no idle connection would otherwise be asked again and again.
   */
  private connectionsClosed(): void {
    const now = performance.now();
    if (now > this.keepWarmUntil || now - this.warmedAt < REWARM_MIN_LIFE_MS) return;
    this.log.debug(`the connection to ${this.host} closed while the user is about to ask: opening another`);
    // Not from inside undici's disconnect event: the pool is still tearing the old connection down.
    setImmediate(() => void this.openSpare());
  }

  private openSpare(): Promise<WarmOutcome> {
    if (this.warming) return this.warming;
    if (this.life.state !== 'open' || this.closing) return Promise.resolve('skipped');
    if (this.transport.openConnections > 0) return Promise.resolve('ready');
    const started = performance.now();
    this.warming = this.listModels({ signal: AbortSignal.timeout(WARM_TIMEOUT_MS) }).then(
      async (): Promise<WarmOutcome> => {
        // The socket goes back to the pool one event-loop turn after the response (see attempt()):
        // resolve after that, so a request sent at once takes it rather than a second connection.
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.warmedAt = performance.now();
        this.log.debug(`warmed the connection to ${this.host} in ${(performance.now() - started).toFixed(0)} ms`);
        return 'opened';
      },
      (err: unknown): WarmOutcome => {
        this.log.debug(`warming the connection to ${this.host} failed (the next request connects itself): ${err instanceof Error ? err.message : String(err)}`);
        return 'failed';
      },
    );
    const warming = this.warming;
    void warming.finally(() => {
      if (this.warming === warming) this.warming = undefined;
    });
    return warming;
  }

  /** Connections open to the server now (busy or idle): for the tests and the log. */
  get openConnections(): number {
    return this.transport.openConnections;
  }

  /**
   * GET {base}/models (no key needed). The answer is cached with its ETag, so a refresh that
   * changed nothing costs a 304.
   */
  async listModels(opts: { signal?: AbortSignal } = {}): Promise<ModelListEntry[]> {
    return this.call(opts.signal, undefined, (signal) => this.fetchModels(signal));
  }

  private async fetchModels(signal: AbortSignal): Promise<ModelListEntry[]> {
    const ctx: ErrorContext = { host: this.host, viaProxy: this.transport.viaProxy, tlsPeer: this.tlsPeer, secrets: [], headersTimeoutMs: this.headersTimeoutMs };
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent };
    const cached = this.modelsCache;
    if (cached) headers['if-none-match'] = cached.etag;
    const res = await this.send(`${this.base}/models`, 'GET', headers, undefined, ctx, signal);
    this.log.debug(`models: ${res.statusCode}`);
    if (res.statusCode === 304 && cached) {
      await readCapped(res.body, ERROR_BODY_LIMIT);
      return cached.entries.map((e) => ({ ...e, aliases: [...e.aliases] }));
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw errorFromResponse({ status: res.statusCode, headers: res.headers, bodyText: await readCapped(res.body, ERROR_BODY_LIMIT) }, ctx);
    }
    let text: string;
    try {
      text = await readAll(res.body, JSON_BODY_LIMIT);
    } catch (e) {
      throw errorFromException(e, 'body', ctx, signal);
    }
    const entries = parseModelList(text);
    if (entries === undefined) {
      throw new AimlError({ kind: 'server', message: 'The model list is not in the expected format', userMessage: malformedMessage(), retryable: false });
    }
    const etag = headerValue(res.headers, 'etag');
    this.modelsCache = etag ? { etag, entries } : undefined;
    return entries.map((e) => ({ ...e, aliases: [...e.aliases] }));
  }

  /**
   * A cheap check of the key: GET {base}/billing/balance. Throws AimlError (kind `auth` on 401);
   * resolves `verified: false` when the server has no such endpoint (a non-AI/ML gateway).
   */
  async checkKey(opts: { signal?: AbortSignal } = {}): Promise<KeyCheckResult> {
    const requestId = clientRequestId(undefined);
    return this.call(opts.signal, requestId, (signal) => this.fetchBalance(requestId, signal));
  }

  private async fetchBalance(requestId: string, signal: AbortSignal): Promise<KeyCheckResult> {
    const key = await this.resolveKey(requestId);
    const ctx = this.errorContext(key, undefined, requestId);
    const headers = { accept: 'application/json', authorization: `Bearer ${key}`, 'user-agent': this.userAgent, 'x-client-request-id': requestId };
    const res = await this.send(`${this.base}/billing/balance`, 'GET', headers, undefined, ctx, signal);
    const bodyText = await readCapped(res.body, ERROR_BODY_LIMIT);
    this.log.debug(`key check ${requestId}: ${res.statusCode}`);
    if (res.statusCode >= 200 && res.statusCode < 300) return { verified: true, status: res.statusCode };
    if (res.statusCode === 404 || res.statusCode === 405) return { verified: false, status: res.statusCode };
    throw errorFromResponse({ status: res.statusCode, headers: res.headers, bodyText }, ctx);
  }

  /**
   * How the base URL's certificate was trusted on the latest new connection to it; undefined
   * before any, for plain http, or when a certificate that did not verify was let through
   * (http.proxyStrictSSL false).
   */
  certificateTrust(): CertificateTrust | undefined {
    const source = this.transport.trustOf(this.hostname);
    return source === undefined ? undefined : { source, label: TRUST_SOURCE_LABELS[source] };
  }

  /**
   * Retires the client gracefully: new calls are refused; calls in flight (their retries
   * included) run to their end; then the connection pool waits for its last requests and frees
   * the sockets. Resolves when all that is done.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.life.drain();
      if (this.life.state !== 'destroyed') await this.transport.close();
    })();
    return this.closing;
  }

  /**
   * The hard stop, for shutdown: calls in flight are aborted at the socket and end as
   * `cancelled` with the shutdown wording; new calls are refused the same way.
   */
  async destroy(): Promise<void> {
    this.life.destroy();
    await this.transport.destroy();
  }

  /** The same as destroy(): what a Disposable's owner calls when it goes away. */
  dispose(): Promise<void> {
    return this.destroy();
  }

  /** A non-streaming call under the lifecycle, with its errors worded for the way it ended. */
  private async call<T>(userSignal: AbortSignal | undefined, requestId: string | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (userSignal?.aborted) throw cancelledError(userSignal.reason, requestId);
    const call = this.life.begin(userSignal, requestId);
    try {
      return await fn(call.signal);
    } catch (e) {
      throw isAimlError(e) ? this.life.explain(e, userSignal, requestId) : e;
    } finally {
      call.end();
    }
  }

  /** One HTTP attempt of a chat request. */
  private async *attempt(
    body: string,
    key: string,
    requestId: string,
    model: string,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<StreamEvent, void, undefined> {
    const ctx = this.errorContext(key, model, requestId);
    const headers = {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'x-client-request-id': requestId,
      'user-agent': this.userAgent,
    };
    const res = await this.send(`${this.base}/chat/completions`, 'POST', headers, body, ctx, signal);
    const inferenceId = headerValue(res.headers, 'x-inference-id');
    if (inferenceId !== undefined) ctx.inferenceId = inferenceId;
    this.log.info(`chat request ${requestId}: HTTP ${res.statusCode}${inferenceId ? `, inference ${inferenceId}` : ''}`);
    const contentType = headerValue(res.headers, 'content-type') ?? '';
    try {
      if (res.statusCode < 200 || res.statusCode >= 300) {
        throw errorFromResponse({ status: res.statusCode, headers: res.headers, bodyText: await readCapped(res.body, ERROR_BODY_LIMIT) }, ctx);
      }
      if (looksLikeHtml(contentType, '')) {
        // A captive portal or a misrouted proxy answering 200 with a page.
        await readCapped(res.body, ERROR_BODY_LIMIT);
        throw new AimlError({
          kind: 'server',
          status: res.statusCode,
          serverMessage: statusText(res.statusCode),
          message: `Expected an event stream, got an HTML page (${statusText(res.statusCode)})`,
          userMessage: malformedMessage(),
          requestId,
          inferenceId,
        });
      }
      const start: StreamEvent = { type: 'start', requestId, model };
      if (inferenceId !== undefined) start.inferenceId = inferenceId;
      yield start;

      const assembler = new StreamAssembler(ctx);
      const out: StreamEvent[] = [];
      if (/application\/json/i.test(contentType)) {
        // The gateway ignored `stream: true`: one whole chat.completion, read as a one-chunk stream.
        yield* this.wholeCompletion(res, assembler, ctx, signal);
        return;
      }
      const decoder = new SseDecoder();
      let failure: unknown;
      try {
        for await (const chunk of res.body) {
          try {
            for (const record of decoder.feed(chunk as Buffer)) {
              assembler.acceptRecord(record, out);
              if (assembler.sawDone) break;
            }
          } catch (e) {
            // Text decoded from the same network read, before the error, is still the caller's.
            failure = e;
          }
          if (out.length > 0) {
            for (const ev of out) yield ev;
            out.length = 0;
          }
          if (failure !== undefined) throw failure;
          if (assembler.sawDone) break;
        }
      } catch (e) {
        throw errorFromException(e, 'body', ctx, signal);
      }
      if (!assembler.sawDone) {
        // A last record without its blank line counts; a half record does not (finish() then
        // reports the stream as interrupted).
        for (const record of decoder.end()) {
          assembler.acceptRecord(record, out, true);
          if (assembler.sawDone) break;
        }
      }
      assembler.finish(out);
      if (assembler.messageId) this.log.debug(`chat request ${requestId}: message ${assembler.messageId}`);
      for (const ev of out) yield ev;
      // undici frees a keep-alive socket one event-loop turn after a response completes; without
      // this pause, a request sent right after the stream would open a second connection.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } finally {
      // After [DONE], an early stop by the caller, or an error: the socket may hold more bytes.
      if (!res.body.destroyed && !res.body.readableEnded) res.body.destroy();
    }
  }

  private async *wholeCompletion(
    res: Dispatcher.ResponseData,
    assembler: StreamAssembler,
    ctx: ErrorContext,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<StreamEvent, void, undefined> {
    let text: string;
    try {
      text = await readAll(res.body, JSON_BODY_LIMIT);
    } catch (e) {
      throw errorFromException(e, 'body', ctx, signal);
    }
    const out: StreamEvent[] = [];
    assembler.acceptRecord({ data: text.trim() === '' ? '{}' : text }, out);
    // A whole body cannot have been cut off (its length was honoured); a missing finish_reason is a stop.
    assembler.acceptRecord({ data: '[DONE]' }, out);
    assembler.finish(out);
    yield* out;
  }

  private async send(
    url: string,
    method: 'GET' | 'POST',
    headers: Record<string, string>,
    body: string | undefined,
    ctx: ErrorContext,
    signal: AbortSignal | undefined,
  ): Promise<Dispatcher.ResponseData> {
    if (signal?.aborted) throw cancelledError(signal.reason, ctx.requestId);
    try {
      return await request(url, {
        method,
        headers,
        body,
        signal,
        dispatcher: this.transport.dispatcher,
        headersTimeout: this.headersTimeoutMs,
        bodyTimeout: this.idleTimeoutMs,
      });
    } catch (e) {
      throw errorFromException(e, 'headers', ctx, signal);
    }
  }

  private async resolveKey(requestId: string): Promise<string> {
    const source = this.options.apiKey;
    let key: string | undefined;
    try {
      key = typeof source === 'function' ? await source() : source;
    } catch (cause) {
      // Secret storage can fail (a locked keychain); say so rather than leak a raw error.
      throw new AimlError({ kind: 'auth', message: 'Could not read the API key', userMessage: missingKeyMessage(), requestId, cause });
    }
    const trimmed = key?.trim();
    if (!trimmed) {
      throw new AimlError({ kind: 'auth', message: 'No API key is set', userMessage: missingKeyMessage(), requestId });
    }
    return trimmed;
  }

  private errorContext(key: string, model: string | undefined, requestId: string): ErrorContext {
    return {
      model,
      requestId,
      host: this.host,
      viaProxy: this.transport.viaProxy,
      tlsPeer: this.tlsPeer,
      secrets: [key],
      headersTimeoutMs: this.headersTimeoutMs,
      idleTimeoutMs: this.idleTimeoutMs,
    };
  }
}
