/**
 * A real loopback HTTP server that speaks the AI/ML API, quirks and faults included, scripted per
 * test. Tests in this process use its methods; tests in other processes (VS Code integration,
 * end-to-end) drive the same server through `/__control/` with the same JSON scripts.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { MODEL_CATALOG, findModel } from '../../src/core/models';
import {
  aimlAnswerChunks,
  aimlChunk,
  aimlErrorBody,
  DEFAULT_ERROR_MESSAGES,
  SCRIPT_KINDS,
  type FramingOptions,
  type LargeScript,
  type ResponseHead,
  type Script,
  type SseItem,
  type StreamTail,
} from './fakeAimlScripts';

export * from './fakeAimlScripts';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, when the body was JSON. */
  body: unknown;
  rawBody: string;
  /** Date.now() when the request arrived. */
  time: number;
  /** Which TCP connection carried it (1, 2, …): equal ids mean a reused keep-alive socket. */
  connectionId: number;
}

export interface FakeServerOptions {
  port?: number;
  host?: string;
  /** When set, /billing/balance and chat accept only this key (others get 401). */
  validKey?: string;
  /** Answers when no script is queued. Default `{kind:'echo'}`. */
  defaultScript?: Script;
  /** Serve HTTPS with this key and certificate (chain) in PEM, as a TLS-inspecting proxy would. */
  tls?: { key: string; cert: string };
  /**
   * Close a keep-alive connection after it has been idle this long, as servers and proxies do
   * (Node's default is 5 s; the time-to-first-token bench uses 2 s).
   */
  keepAliveTimeoutMs?: number;
}

export interface FakeServerState {
  connections: number;
  clientCloses: number;
  queued: number;
  requests: number;
}

const BASE = '/v1';

export class FakeAimlServer {
  readonly requests: RecordedRequest[] = [];
  /** TCP connections accepted so far. */
  connections = 0;
  /** Responses the client closed before they were complete (abort, timeout, early stop). */
  clientCloses = 0;
  validKey: string | undefined;
  defaultScript: Script;
  /** What GET /models lists; defaults to the served catalog models in AI/ML's shape. */
  models: unknown[] = defaultModelList();
  /** When set, GET /models answers only once this gate is released (a slow or stuck warm-up). */
  modelsGate: string | undefined;

  private readonly queue: Script[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly closeWaiters: { count: number; resolve: () => void }[] = [];
  /** Gates of `hold` scripts: released ones, and the streams waiting at the others. */
  private readonly released = new Set<string>();
  private readonly holding = new Map<string, (() => void)[]>();
  private nextConnectionId = 1;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeServerOptions,
  ) {
    this.validKey = options.validKey;
    this.defaultScript = options.defaultScript ?? { kind: 'echo' };
  }

  static async start(options: FakeServerOptions = {}): Promise<FakeAimlServer> {
    const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }) : createServer();
    const fake = new FakeAimlServer(server, options);
    if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
    // For HTTPS, count the TLS sockets (secureConnection), as the chat requests arrive on those.
    server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      fake.connections++;
      const id = fake.nextConnectionId++;
      (socket as Socket & { fakeId?: number }).fakeId = id;
      socket.setNoDelay(true);
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `fake server failure: ${String(err)}` }));
        } else {
          res.destroy();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The origin, e.g. http://127.0.0.1:41234 (no path); https:// when started with `tls`. */
  get origin(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** The base URL a client is given: `…/v1`. */
  get url(): string {
    return `${this.origin}${BASE}`;
  }

  /** Queues scripts answered in order by the next chat requests. */
  enqueue(...scripts: Script[]): void {
    this.queue.push(...scripts);
  }

  /** Chat requests only (control, models and balance calls are left out). */
  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  /** Lets the streams held at `gate` (now or later) send the rest of their answer. */
  release(gate: string): void {
    this.released.add(gate);
    for (const resume of this.holding.get(gate) ?? []) resume();
    this.holding.delete(gate);
  }

  /** Names of the gates a stream is waiting at now. */
  get held(): string[] {
    return [...this.holding.keys()];
  }

  /** Resolves once `count` responses in total have been closed by the client. */
  waitForClientClose(count = 1): Promise<void> {
    if (this.clientCloses >= count) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push({ count, resolve }));
  }

  /** Back to the state after start(): empty queue and records, zero counters, the start options. */
  reset(): void {
    this.validKey = this.options.validKey;
    this.defaultScript = this.options.defaultScript ?? { kind: 'echo' };
    this.queue.length = 0;
    this.requests.length = 0;
    this.connections = 0;
    this.clientCloses = 0;
    this.models = defaultModelList();
    this.modelsGate = undefined;
    this.released.clear();
    // A held stream must not wait for ever on a gate the next test never opens.
    for (const gate of [...this.holding.keys()]) this.release(gate);
    this.released.clear();
  }

  state(): FakeServerState {
    return { connections: this.connections, clientCloses: this.clientCloses, queued: this.queue.length, requests: this.requests.length };
  }

  /** Closes the connections that carry no request now, as a server ending its idle side does. */
  closeIdleConnections(): void {
    this.server.closeIdleConnections();
  }

  /** Connections open now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Stops listening and drops every open connection (stalled streams included). */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const path = (req.url ?? '/').replace(/^https?:\/\/[^/]+/, ''); // absolute-form through a proxy
    // Control routes answer both at the origin and under the base URL, whichever a caller has.
    if (path.startsWith('/__control/') || path.startsWith(`${BASE}/__control/`)) {
      return this.control(req.method ?? 'GET', path.slice(path.indexOf('/__control/')), rawBody, res);
    }

    let body: unknown;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const connectionId = (req.socket as Socket & { fakeId?: number }).fakeId ?? 0;
    this.requests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers }, body, rawBody, time: Date.now(), connectionId });

    const route = path.split('?')[0];
    if (req.method === 'GET' && route === `${BASE}/models`) {
      if (this.modelsGate !== undefined) await this.waitAtGate(this.modelsGate, res);
      return this.listModels(req, res);
    }
    if (req.method === 'GET' && route === `${BASE}/billing/balance`) return this.balance(req, res);
    if (req.method === 'POST' && route === `${BASE}/chat/completions`) return this.chat(req, res, body);
    sendJson(res, 404, { message: `Cannot ${req.method} ${route}`, error: 'Not Found', statusCode: 404 });
  }

  private listModels(req: IncomingMessage, res: ServerResponse): void {
    const payload = JSON.stringify({ object: 'list', data: this.models });
    const etag = `W/"${createHash('sha1').update(payload).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag });
    res.end(payload);
  }

  private balance(req: IncomingMessage, res: ServerResponse): void {
    if (!this.authorised(req)) {
      sendJson(res, 401, aimlErrorBody(401, 'Invalid API key', `${BASE}/billing/balance`));
      return;
    }
    sendJson(res, 200, { balance: 1234567, lowBalance: false, lowBalanceThreshold: 10000, lastUpdated: new Date(0).toISOString(), autoDebitStatus: 'disabled', status: 'current', statusExplanation: 'Balance is current and up to date' });
  }

  private authorised(req: IncomingMessage): boolean {
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ') || auth.length <= 'Bearer '.length) return false;
    return this.validKey === undefined || auth === `Bearer ${this.validKey}`;
  }

  private async chat(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const script = this.queue.shift();
    if (!script && !this.authorised(req)) {
      sendJson(res, 401, aimlErrorBody(401, 'Invalid API key'));
      return;
    }
    const chosen = script ?? this.defaultFor(body);
    this.watchClientClose(res);
    await this.play(chosen, req, res, body);
  }

  /** Without a script: a retired model gets AI/ML's 404, anything else the default script. */
  private defaultFor(body: unknown): Script {
    const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
    if (typeof model === 'string' && findModel(model)?.retired) {
      return { kind: 'error', status: 404, message: `Model ${model} is no longer supported` };
    }
    return this.defaultScript;
  }

  private watchClientClose(res: ServerResponse): void {
    res.on('close', () => {
      if (res.writableFinished || (res as ServerResponse & { droppedByServer?: boolean }).droppedByServer) return;
      this.clientCloses++;
      for (const w of [...this.closeWaiters]) {
        if (this.clientCloses >= w.count) {
          this.closeWaiters.splice(this.closeWaiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  }

  private async play(script: Script, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    switch (script.kind) {
      case 'stall':
        return; // the response stays open until the client or stop() closes it
      case 'drop':
        (res as ServerResponse & { droppedByServer?: boolean }).droppedByServer = true;
        req.socket.destroy();
        return;
      case 'error':
        return this.playError(script, res);
      case 'json':
        await headDelay(script);
        sendJson(res, script.status ?? 200, script.completion, script.headers);
        return;
      case 'large':
        return this.playLarge(script, res);
      case 'stream':
        return this.playStream(script, script.chunks, res, script.contentType);
      case 'text':
        return this.playStream(script, aimlAnswerChunks(script.text, script), res);
      case 'echo': {
        const question = lastUserMessage(body) ?? '(no question)';
        const model = typeof body === 'object' && body !== null ? String((body as { model?: unknown }).model ?? '') : '';
        const answer = `${script.prefix ?? 'You asked: '}${question}`;
        return this.playStream(script, aimlAnswerChunks(answer, { chunkSize: script.chunkSize ?? 8, model: model || undefined, promptTokens: Math.ceil(question.length / 4) }), res);
      }
    }
  }

  private async playError(script: Extract<Script, { kind: 'error' }>, res: ServerResponse): Promise<void> {
    await headDelay(script);
    const headers: Record<string, string> = { ...script.headers };
    if (script.retryAfter !== undefined) headers['retry-after'] = String(script.retryAfter);
    if (script.html !== undefined) {
      res.writeHead(script.status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(script.html);
    } else if (script.text !== undefined) {
      res.writeHead(script.status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(script.text);
    } else {
      const body = script.body ?? aimlErrorBody(script.status, script.message ?? DEFAULT_ERROR_MESSAGES[script.status] ?? 'Error');
      sendJson(res, script.status, body, headers);
    }
  }

  private async playStream(
    script: FramingOptions & StreamTail & ResponseHead,
    items: SseItem[],
    res: ServerResponse,
    contentType = 'text/event-stream',
  ): Promise<void> {
    await headDelay(script);
    res.writeHead(script.status ?? 200, {
      'content-type': contentType,
      'cache-control': 'no-cache',
      'x-inference-id': 'inf-fake-0001',
      ...script.headers,
    });
    // Send the head now: a stream that stalls before its first record must still reach the client.
    res.flushHeaders();
    const eol = script.crlf ? '\r\n' : script.eol === 'crlf' ? '\r\n' : script.eol === 'cr' ? '\r' : '\n';
    const records: string[] = [];
    let holdAt = -1;
    for (const [i, item] of items.entries()) {
      if (script.hold && i === script.hold.after) holdAt = records.length;
      if (script.keepAlive) records.push(`: keep-alive${eol}${eol}`);
      records.push(encodeItem(item, eol, script.legacy === true));
    }
    if (script.done === 'space') records.push(`data: [DONE]${eol}${eol}`);
    if (script.done === 'nospace') records.push(`data:[DONE]${eol}${eol}`);
    if (script.hold && holdAt < 0) holdAt = records.length;

    const parts = holdAt < 0 ? [records] : [records.slice(0, holdAt), records.slice(holdAt)];
    for (const [n, part] of parts.entries()) {
      if (n > 0 && script.hold) await this.waitAtGate(script.hold.until, res);
      for (const piece of pieces(part, script)) {
        if (res.destroyed) return;
        if (!res.write(piece)) await waitDrain(res);
        await pause(script.delayMs);
      }
    }
    if (res.destroyed) return;
    if (script.drop) {
      (res as ServerResponse & { droppedByServer?: boolean }).droppedByServer = true;
      res.socket?.destroy();
      return;
    }
    if (script.stall) return;
    res.end();
  }

  /** Waits until the gate is released, or the client goes away. */
  private waitAtGate(gate: string, res: ServerResponse): Promise<void> {
    if (this.released.has(gate) || res.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.holding.get(gate) ?? [];
      waiters.push(resolve);
      this.holding.set(gate, waiters);
      res.once('close', resolve);
    });
  }

  private async playLarge(script: LargeScript, res: ServerResponse): Promise<void> {
    await headDelay(script);
    res.writeHead(script.status ?? 200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-inference-id': 'inf-fake-large', ...script.headers });
    const text = script.chunkText ?? 'lorem ipsum ';
    const limit = script.writeBytes ?? 16 * 1024;
    const record = (chunk: Record<string, unknown>): string => `data: ${JSON.stringify(chunk)}\n\n`;
    // Every content chunk has the same bytes: encode it once.
    const middle = record(aimlChunk({ content: text }));
    let buf = record(aimlChunk({ id: 'msg_01LargeFakeAnswer' }));
    for (let i = 0; i < script.chunks; i++) {
      buf += middle;
      if (buf.length >= limit) {
        if (res.destroyed) return;
        if (!res.write(buf)) await waitDrain(res);
        buf = '';
      }
    }
    const completion = Math.ceil((text.length * script.chunks) / 4);
    buf += record(aimlChunk({ finishReason: 'stop', usage: { prompt_tokens: 16, completion_tokens: completion, total_tokens: 16 + completion } }));
    buf += record({ id: '', choices: [{ index: 0, finish_reason: 'stop' }], usage: null });
    if (res.destroyed) return;
    res.end(buf);
  }

  private control(method: string, path: string, rawBody: string, res: ServerResponse): void {
    const route = path.split('?')[0];
    let payload: unknown;
    try {
      payload = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      sendJson(res, 400, { error: 'body is not JSON' });
      return;
    }
    if (method === 'POST' && route === '/__control/enqueue') {
      const scripts = Array.isArray(payload) ? payload : [payload];
      if (!scripts.every(isScript)) {
        sendJson(res, 400, { error: `a script needs a kind: ${[...SCRIPT_KINDS].join(', ')}` });
        return;
      }
      this.enqueue(...scripts);
      sendJson(res, 200, { queued: this.queue.length });
    } else if (method === 'POST' && route === '/__control/default') {
      if (!isScript(payload)) {
        sendJson(res, 400, { error: 'not a script' });
        return;
      }
      this.defaultScript = payload;
      sendJson(res, 200, { ok: true });
    } else if (method === 'POST' && route === '/__control/reset') {
      this.reset();
      sendJson(res, 200, { ok: true });
    } else if (method === 'POST' && route === '/__control/key') {
      const key = (payload as { validKey?: unknown } | undefined)?.validKey;
      this.validKey = typeof key === 'string' ? key : undefined;
      sendJson(res, 200, { ok: true });
    } else if (method === 'POST' && route === '/__control/models') {
      if (!Array.isArray(payload)) {
        sendJson(res, 400, { error: 'expected an array of model entries' });
        return;
      }
      this.models = payload;
      sendJson(res, 200, { ok: true });
    } else if (method === 'POST' && route === '/__control/release') {
      const gate = (payload as { gate?: unknown } | undefined)?.gate;
      if (typeof gate !== 'string') {
        sendJson(res, 400, { error: 'expected {"gate": "<name>"}' });
        return;
      }
      this.release(gate);
      sendJson(res, 200, { ok: true });
    } else if (method === 'GET' && route === '/__control/requests') {
      sendJson(res, 200, this.requests);
    } else if (method === 'GET' && route === '/__control/state') {
      sendJson(res, 200, this.state());
    } else {
      sendJson(res, 404, { error: `no control route ${method} ${route}` });
    }
  }
}

function isScript(value: unknown): value is Script {
  return typeof value === 'object' && value !== null && SCRIPT_KINDS.has(String((value as { kind?: unknown }).kind));
}

function encodeItem(entry: SseItem, eol: string, legacy: boolean): string {
  const item = entry as Record<string, unknown>;
  if (typeof item.$raw === 'string') return item.$raw;
  if (typeof item.$comment === 'string') return `: ${item.$comment}${eol}${eol}`;
  if (typeof item.$data === 'string') {
    const event = typeof item.$event === 'string' ? `event: ${item.$event}${eol}` : '';
    const data = item.$data.split('\n').map((line) => `data: ${line}${eol}`).join('');
    return `${event}${data}${eol}`;
  }
  const chunk = legacy ? { event: item, state: { status: 'streaming', model: 'anthropic/claude-sonnet-4.5' } } : item;
  return `data: ${JSON.stringify(chunk)}${eol}${eol}`;
}

/** The byte pieces to write: one per record, or split at `splitEvery` / `splitAt` byte offsets. */
function pieces(records: string[], framing: FramingOptions): Buffer[] {
  if (!framing.splitEvery && !framing.splitAt) return records.map((r) => Buffer.from(r, 'utf8'));
  const all = Buffer.from(records.join(''), 'utf8');
  const cuts = new Set<number>(framing.splitAt ?? []);
  if (framing.splitEvery) for (let i = framing.splitEvery; i < all.length; i += framing.splitEvery) cuts.add(i);
  const sorted = [...cuts].filter((c) => c > 0 && c < all.length).sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of sorted) {
    out.push(all.subarray(from, cut));
    from = cut;
  }
  out.push(all.subarray(from));
  return out;
}

function pause(ms: number | undefined): Promise<void> {
  // setImmediate at least, so the client reads pieces separately rather than all at once.
  return new Promise((resolve) => (ms ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

async function headDelay(head: ResponseHead): Promise<void> {
  if (head.headersDelayMs) await new Promise((resolve) => setTimeout(resolve, head.headersDelayMs));
}

function waitDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function lastUserMessage(body: unknown): string | undefined {
  const messages = typeof body === 'object' && body !== null ? (body as { messages?: unknown }).messages : undefined;
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown };
    if (m.role === 'user' && typeof m.content === 'string') return m.content;
  }
  return undefined;
}

/** The served catalog models in the shape of AI/ML's GET /models. */
function defaultModelList(): unknown[] {
  return MODEL_CATALOG.filter((m) => !m.retired).map((m) => ({
    id: m.id,
    type: 'chat-completion',
    aliases: [...m.aliases],
    info: { name: m.label, developer: 'Anthropic', description: m.description, contextLength: m.contextTokens, outputMax: m.maxOutputTokens },
    features: ['openai/chat-completion', 'openai/chat-completion.stream'],
    endpoints: ['/v1/chat/completions'],
  }));
}
