/**
 * Retries: which failures, how long (asserted through the injected sleep, never the clock), how
 * many, and never once output has been shown.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import fc from 'fast-check';
import { AimlClient } from '../../../src/core/api/client';
import { abortableSleep, backoffDelay, parseRetryAfter } from '../../../src/core/api/retry';
import type { StreamEvent } from '../../../src/core/api/types';
import { aimlAnswerChunks, aimlChunk } from '../../support/fakeAimlServer';
import { collect, HELLO, TEST_KEY, types, useFakeServer } from './helpers';

describe('AimlClient retries', () => {
  const fx = useFakeServer();

  it('honours 429 Retry-After in seconds: one retry after the asked delay', async () => {
    fx.server.enqueue({ kind: 'error', status: 429, retryAfter: 7 }, { kind: 'text', text: 'after the wait' });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'after the wait');
    assert.equal(fx.server.chatRequests.length, 2);
    assert.deepEqual(fx.sleeps, [7000]);
    const retry = r.events.find((e): e is Extract<StreamEvent, { type: 'retry' }> => e.type === 'retry');
    assert.equal(retry?.attempt, 1);
    assert.equal(retry?.maxRetries, 2);
    assert.equal(retry?.delayMs, 7000);
    assert.equal(retry?.error.kind, 'rate_limited');
    assert.equal(retry?.error.retryAfterMs, 7000);
  });

  it('honours 429 Retry-After as an HTTP-date', async () => {
    const asked = Date.now();
    const when = new Date(asked + 20_000).toUTCString();
    fx.server.enqueue({ kind: 'error', status: 429, retryAfter: when }, { kind: 'text', text: 'ok' });
    const r = await collect(fx.client().stream(HELLO));
    const took = Date.now() - asked;
    assert.equal(r.error, undefined);
    assert.equal(fx.server.chatRequests.length, 2);
    assert.equal(fx.sleeps.length, 1);
    // HTTP-dates have whole seconds, and the client reads the date some time after it was written
    // (a loaded machine can take a second): the delay is the date less the time already gone by.
    assert.ok(fx.sleeps[0]! > 19_000 - took && fx.sleeps[0]! <= 20_000, `delay ${fx.sleeps[0]} (the round trip took ${took} ms)`);
  });

  it('caps Retry-After at retryAfterCapMs', async () => {
    fx.server.enqueue({ kind: 'error', status: 429, retryAfter: 3600 }, { kind: 'text', text: 'ok' });
    const r = await collect(fx.client({ retryAfterCapMs: 5000 }).stream(HELLO));
    assert.equal(r.error, undefined);
    assert.deepEqual(fx.sleeps, [5000]);
  });

  it('retries 500 until retries run out: maxRetries + 1 requests, then a retryable server error', async () => {
    fx.server.enqueue(...Array.from({ length: 4 }, () => ({ kind: 'error' as const, status: 500 })));
    const r = await collect(fx.client({ maxRetries: 3 }).stream(HELLO));
    assert.equal(fx.server.chatRequests.length, 4);
    assert.equal(r.error?.kind, 'server');
    assert.equal(r.error?.retryable, true);
    const retries = r.events.filter((e) => e.type === 'retry');
    assert.deepEqual(
      retries.map((e) => (e.type === 'retry' ? [e.attempt, e.maxRetries, e.delayMs] : [])),
      [
        [1, 3, 750],
        [2, 3, 1500],
        [3, 3, 3000],
      ],
      'exponential backoff from 1 s with equal jitter (random = 0.5)',
    );
    assert.deepEqual(fx.sleeps, [750, 1500, 3000]);
  });

  it('retries 502, 503, 504 and 529, then succeeds', async () => {
    fx.server.enqueue({ kind: 'error', status: 502 }, { kind: 'error', status: 503 }, { kind: 'error', status: 504 }, { kind: 'error', status: 529 }, { kind: 'text', text: 'finally' });
    const r = await collect(fx.client({ maxRetries: 4 }).stream(HELLO));
    assert.equal(r.text, 'finally');
    assert.equal(fx.server.chatRequests.length, 5);
    assert.deepEqual(types(r.events).filter((t) => t === 'retry').length, 4);
  });

  it('keeps the same X-Client-Request-Id on every attempt', async () => {
    fx.server.enqueue({ kind: 'error', status: 500 }, { kind: 'text', text: 'ok' });
    await collect(fx.client().stream(HELLO, { clientRequestId: 'same-id' }));
    assert.deepEqual(
      fx.server.chatRequests.map((r) => r.headers['x-client-request-id']),
      ['same-id', 'same-id'],
    );
  });

  for (const status of [400, 401, 403, 404, 422]) {
    it(`does not retry ${status}`, async () => {
      fx.server.enqueue({ kind: 'error', status }, { kind: 'text', text: 'never' });
      const r = await collect(fx.client().stream(HELLO));
      assert.ok(r.error);
      assert.equal(fx.server.chatRequests.length, 1);
      assert.deepEqual(fx.sleeps, []);
    });
  }

  it('retries a connection dropped before headers, then reports a network error', async () => {
    fx.server.enqueue({ kind: 'drop' }, { kind: 'drop' }, { kind: 'drop' });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(fx.server.chatRequests.length, 3);
    assert.equal(r.error?.kind, 'network');
    assert.equal(r.error?.retryable, true);
    assert.match(r.error?.userMessage ?? '', /^Could not reach 127\.0\.0\.1:\d+/);
  });

  it('retries a refused port, then reports "Could not reach <host>"', async () => {
    const port = await freePort();
    const client = new AimlClient({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: TEST_KEY, sleep: async () => undefined, env: {} });
    let retries = 0;
    const r = await collect(
      (async function* () {
        for await (const ev of client.stream(HELLO)) {
          if (ev.type === 'retry') retries++;
          yield ev;
        }
      })(),
    );
    await client.dispose();
    assert.equal(retries, 2);
    assert.equal(r.error?.kind, 'network');
    assert.equal(r.error?.userMessage, `Could not reach 127.0.0.1:${port}; check your internet connection and proxy settings.`);
    assert.match(r.error?.message ?? '', /ECONNREFUSED/);
  });

  it('retries a 200 stream that breaks off before any output', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm' })], drop: true }, { kind: 'text', text: 'second try' });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.text, 'second try');
    assert.equal(fx.server.chatRequests.length, 2);
    assert.deepEqual(types(r.events).slice(0, 3), ['start', 'retry', 'start']);
  });

  it('never retries after output began: a stream dropped after text makes 1 request and an interrupted error', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks('Partial answer that', { chunkSize: 4 }).slice(0, 4), drop: true }, { kind: 'text', text: 'must not be asked' });
    const r = await collect(fx.client({ maxRetries: 5 }).stream(HELLO));
    assert.equal(fx.server.chatRequests.length, 1);
    assert.equal(r.error?.kind, 'interrupted');
    assert.equal(r.text, 'Partial answ');
    assert.ok(!types(r.events).includes('retry'));
  });

  it('never retries after reasoning began either', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', reasoning: 'thinking…' })], drop: true });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(fx.server.chatRequests.length, 1);
    assert.equal(r.reasoning, 'thinking…');
    assert.equal(r.error?.kind, 'interrupted');
  });

  it('an abort during the backoff sleep ends with cancelled and no further request', async () => {
    fx.server.enqueue({ kind: 'error', status: 503 }, { kind: 'text', text: 'never' });
    const controller = new AbortController();
    const client = fx.client({ sleep: abortableSleep });
    const events: StreamEvent[] = [];
    const r = await collect(
      (async function* () {
        for await (const ev of client.stream(HELLO, { signal: controller.signal })) {
          events.push(ev);
          // Abort once the client announced its (real, 750 ms) sleep.
          if (ev.type === 'retry') setImmediate(() => controller.abort());
          yield ev;
        }
      })(),
    );
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(r.error?.userMessage, 'The request was cancelled.');
    assert.equal(fx.server.chatRequests.length, 1);
  });

  it('an injected sleep that ignores the signal still ends with cancelled after an abort', async () => {
    fx.server.enqueue({ kind: 'error', status: 503 }, { kind: 'text', text: 'never' });
    const controller = new AbortController();
    const client = fx.client({
      sleep: async () => {
        controller.abort();
      },
    });
    const r = await collect(client.stream(HELLO, { signal: controller.signal }));
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(fx.server.chatRequests.length, 1);
  });

  it('maxRetries 0 makes exactly one request', async () => {
    fx.server.enqueue({ kind: 'error', status: 500 }, { kind: 'text', text: 'never' });
    const r = await collect(fx.client({ maxRetries: 0 }).stream(HELLO));
    assert.equal(r.error?.kind, 'server');
    assert.equal(fx.server.chatRequests.length, 1);
  });
});

describe('retry timing helpers', () => {
  it('parseRetryAfter reads seconds, HTTP-dates and retry-after-ms; rejects junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter(undefined, '3', now), 3000);
    assert.equal(parseRetryAfter(undefined, ' 1.5 ', now), 1500);
    assert.equal(parseRetryAfter(undefined, 'Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter(undefined, 'Wed, 31 Dec 2025 23:00:00 GMT', now), 0, 'a past date means now');
    assert.equal(parseRetryAfter('250', '3', now), 250, 'retry-after-ms wins');
    assert.equal(parseRetryAfter(undefined, 'soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, undefined, now), undefined);
  });

  it('backoffDelay stays within [window/2, window], window = min(30 s, 1 s × 2^n)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const window = Math.min(30_000, 1000 * 2 ** n);
        const d = backoffDelay(n, () => r);
        return d >= Math.floor(window / 2) && d <= window;
      }),
      { numRuns: 1000 },
    );
  });

  it('abortableSleep resolves after its delay and rejects at once when aborted', async () => {
    await abortableSleep(1);
    const c = new AbortController();
    const p = abortableSleep(60_000, c.signal);
    c.abort();
    await assert.rejects(p, (e: unknown) => (e as { kind?: string }).kind === 'cancelled');
    await assert.rejects(abortableSleep(10, c.signal), (e: unknown) => (e as { kind?: string }).kind === 'cancelled');
  });
});

/** A port with nothing listening on it. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
