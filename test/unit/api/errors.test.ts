/**
 * HTTP statuses and error bodies → AimlError kind, server message and the sentence users read.
 */
import assert from 'node:assert/strict';
import { AimlError, isAimlError } from '../../../src/core/api/errors';
import { scrubSecrets } from '../../../src/core/api/scrub';
import { servedModels } from '../../../src/core/models';
import { aimlChunk } from '../../support/fakeAimlServer';
import { RecordingLogger } from '../../support/recordingLogger';
import { collect, HELLO, TEST_KEY, useFakeServer } from './helpers';

describe('AimlClient errors: HTTP statuses and bodies', () => {
  const fx = useFakeServer();

  async function failWith(script: Parameters<typeof fx.server.enqueue>[0], model = 'claude-sonnet-4-5'): Promise<AimlError> {
    fx.server.enqueue(script);
    const r = await collect(fx.client({ maxRetries: 0 }).stream({ ...HELLO, model }));
    assert.ok(r.error, 'expected an error');
    return r.error;
  }

  it('401 → auth, asking for a valid key with the Set API Key command', async () => {
    const e = await failWith({ kind: 'error', status: 401 });
    assert.equal(e.kind, 'auth');
    assert.equal(e.status, 401);
    assert.equal(e.serverMessage, 'Invalid API key');
    assert.equal(e.userMessage, 'The AI/ML API rejected the API key. Set a valid key with “AIML Claude: Set API Key”.');
    assert.equal(e.retryable, false);
  });

  it('403 → credits', async () => {
    const e = await failWith({ kind: 'error', status: 403, body: { title: 'Forbidden', status: 403, message: 'Insufficient credits' } });
    assert.equal(e.kind, 'credits');
    assert.equal(e.serverMessage, 'Insufficient credits');
    assert.match(e.userMessage, /out of credits/);
  });

  it('404 for the retired claude-3-opus says it is no longer served and names working models', async () => {
    const e = await failWith({ kind: 'error', status: 404, message: 'Model not found' }, 'claude-3-opus');
    assert.equal(e.kind, 'model_not_found');
    assert.match(e.userMessage, /^Claude 3 Opus \(claude-3-opus\) is no longer served by the AI\/ML API/);
    for (const m of servedModels()) assert.ok(e.userMessage.includes(m.id), `names ${m.id}`);
    assert.equal(e.retryable, false);
  });

  it('404 for a retired model alias is recognised too (the fake server answers it by default)', async () => {
    const r = await collect(fx.client().stream({ ...HELLO, model: 'anthropic/claude-3-opus' }));
    assert.equal(r.error?.kind, 'model_not_found');
    assert.match(r.error?.userMessage ?? '', /no longer served/);
  });

  it('404 for an unknown model says so and names working models', async () => {
    const e = await failWith({ kind: 'error', status: 404 }, 'claude-9-imaginary');
    assert.equal(e.kind, 'model_not_found');
    assert.match(e.userMessage, /does not know the model “claude-9-imaginary”/);
    assert.ok(e.userMessage.includes('claude-sonnet-4-5'));
  });

  it('404 from a route that does not exist points at the base URL', async () => {
    const e = await failWith({ kind: 'error', status: 404, body: { message: 'Cannot POST /chat/completions', error: 'Not Found', statusCode: 404 } });
    assert.equal(e.kind, 'model_not_found');
    assert.match(e.userMessage, /base URL/);
  });

  it('400 body validation → bad_request carrying the detail lines', async () => {
    const e = await failWith({ kind: 'error', status: 400, message: 'Body validation error!\nmax_tokens: Number must be less than or equal to 64000' });
    assert.equal(e.kind, 'bad_request');
    assert.equal(e.serverMessage, 'Body validation error!; max_tokens: Number must be less than or equal to 64000');
    assert.match(e.userMessage, /rejected the request as invalid: Body validation error!; max_tokens/);
    assert.equal(e.retryable, false);
  });

  it('422 with a NestJS message array → bad_request', async () => {
    const e = await failWith({ kind: 'error', status: 422, body: { message: ['temperature must not be greater than 1', 'top_k is not allowed'], error: 'Unprocessable Entity', statusCode: 422 } });
    assert.equal(e.kind, 'bad_request');
    assert.equal(e.serverMessage, 'temperature must not be greater than 1; top_k is not allowed');
  });

  it('429 → rate_limited, retryable', async () => {
    const e = await failWith({ kind: 'error', status: 429 });
    assert.equal(e.kind, 'rate_limited');
    assert.equal(e.retryable, true);
    assert.match(e.userMessage, /limiting the request rate/);
  });

  it('500 → server', async () => {
    const e = await failWith({ kind: 'error', status: 500, body: { error: { message: 'Internal failure', type: 'api_error' } } });
    assert.equal(e.kind, 'server');
    assert.equal(e.serverMessage, 'Internal failure');
    assert.equal(e.userMessage, 'The AI/ML API had a server error (HTTP 500); try again in a moment.');
    assert.equal(e.retryable, true);
  });

  it('502 with an HTML page → server, the page reduced to "HTTP 502 Bad Gateway"', async () => {
    const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    const e = await failWith({ kind: 'error', status: 502, html });
    assert.equal(e.kind, 'server');
    assert.equal(e.serverMessage, 'HTTP 502 Bad Gateway');
    assert.ok(!e.message.includes('<'), 'no markup in the message');
    assert.ok(!e.userMessage.includes('<'));
  });

  it('503 → server, mentioning unavailability', async () => {
    const e = await failWith({ kind: 'error', status: 503 });
    assert.equal(e.kind, 'server');
    assert.match(e.userMessage, /unavailable \(HTTP 503/);
  });

  it('504 → server generation timeout, retryable', async () => {
    const e = await failWith({ kind: 'error', status: 504 });
    assert.equal(e.kind, 'server');
    assert.equal(e.retryable, true);
    assert.match(e.userMessage, /timed out generating/);
  });

  it('529 → overloaded', async () => {
    const e = await failWith({ kind: 'error', status: 529 });
    assert.equal(e.kind, 'overloaded');
    assert.equal(e.retryable, true);
    assert.equal(e.userMessage, 'The model is overloaded right now; try again in a moment.');
  });

  it('408 → timeout, retryable', async () => {
    const e = await failWith({ kind: 'error', status: 408, text: 'Request Timeout' });
    assert.equal(e.kind, 'timeout');
    assert.equal(e.serverMessage, 'Request Timeout');
  });

  it('an empty error body falls back to the status text', async () => {
    const e = await failWith({ kind: 'error', status: 500, text: '' });
    assert.equal(e.serverMessage, 'HTTP 500 Internal Server Error');
  });

  it('a long server message is cut to about 300 characters', async () => {
    const e = await failWith({ kind: 'error', status: 400, message: 'x'.repeat(5000) });
    assert.ok((e.serverMessage ?? '').length <= 300);
    assert.ok(e.serverMessage?.endsWith('…'));
  });

  it('a server that echoes the key or the Authorization header has it scrubbed from every text', async () => {
    const e = await failWith({ kind: 'error', status: 401, body: { message: `Key ${TEST_KEY} is invalid (Authorization: Bearer ${TEST_KEY})` } });
    for (const text of [e.message, e.userMessage, e.serverMessage ?? '', String(e.stack)]) assert.ok(!text.includes(TEST_KEY), text);
    assert.match(e.serverMessage ?? '', /\[redacted\]/);
  });

  it('errors carry the request id and the x-inference-id', async () => {
    fx.server.enqueue({ kind: 'error', status: 500, headers: { 'x-inference-id': 'inf-42' } });
    const r = await collect(fx.client({ maxRetries: 0 }).stream(HELLO, { clientRequestId: 'my-req-1' }));
    assert.equal(r.error?.requestId, 'my-req-1');
    assert.equal(r.error?.inferenceId, 'inf-42');
  });

  it('isAimlError tells AimlErrors from other errors', () => {
    assert.equal(isAimlError(new AimlError({ kind: 'server', message: 'm', userMessage: 'u' })), true);
    assert.equal(isAimlError(new Error('x')), false);
    assert.equal(isAimlError(undefined), false);
  });

  it('preserves the cause (ES2022) of a network failure', async () => {
    fx.server.enqueue({ kind: 'drop' });
    const r = await collect(fx.client({ maxRetries: 0 }).stream(HELLO));
    assert.equal(r.error?.kind, 'network');
    assert.ok(r.error?.cause instanceof Error);
  });
});

describe('the API key never leaks', () => {
  const fx = useFakeServer();

  it('appears in no error message and no log line across failures, retries and successes', async () => {
    const logger = new RecordingLogger();
    const client = fx.client({ logger, maxRetries: 1 });
    const seen: AimlError[] = [];
    fx.server.enqueue(
      { kind: 'error', status: 401, body: { message: `bad key ${TEST_KEY}` } },
      { kind: 'error', status: 500, text: `Authorization: Bearer ${TEST_KEY}` },
      { kind: 'error', status: 500, html: `<p>${TEST_KEY}</p>` },
      { kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'x' }), { error: { message: `echo ${TEST_KEY}` } }] },
      { kind: 'stream', chunks: [{ $event: 'error', $data: `key=${TEST_KEY}` }] },
      { kind: 'drop' },
      { kind: 'drop' },
      { kind: 'text', text: 'fine' },
    );
    for (let i = 0; i < 6; i++) {
      const r = await collect(client.stream(HELLO));
      if (r.error) seen.push(r.error);
    }
    await client.complete(HELLO).catch(() => undefined);
    assert.equal(seen.length, 4);
    for (const e of seen) {
      const texts = [e.message, e.userMessage, e.serverMessage ?? '', String(e.stack), JSON.stringify(e)];
      for (const t of texts) assert.ok(!t.includes(TEST_KEY), `error text leaks the key: ${t}`);
    }
    assert.ok(logger.lines.length > 0);
    assert.ok(!logger.text.includes(TEST_KEY), 'a log line leaks the key');
    assert.ok(!logger.text.includes('Bearer sk'), 'a log line shows an Authorization header');
  });

  it('logs the prompt only at trace level', async () => {
    const logger = new RecordingLogger();
    fx.server.enqueue({ kind: 'text', text: 'ok' });
    await fx.client({ logger }).complete({ ...HELLO, messages: [{ role: 'user', content: 'SECRET-PROMPT-TEXT' }] });
    const withPrompt = logger.lines.filter((l) => l.text.includes('SECRET-PROMPT-TEXT'));
    assert.ok(withPrompt.length > 0);
    assert.ok(withPrompt.every((l) => l.level === 'trace'));
    assert.ok(logger.lines.some((l) => l.level === 'info' && /HTTP 200, inference inf-fake-0001/.test(l.text)), 'status and inference id logged');
  });

  it('scrubSecrets removes Bearer tokens and the key', () => {
    assert.equal(scrubSecrets(`a Bearer abc.def b ${TEST_KEY} c`, [TEST_KEY]), 'a Bearer [redacted] b [redacted] c');
  });
});
