/**
 * Retiring a client (close) versus shutting it down (destroy): a settings change must never end an
 * answer that is streaming, and only an abort signal or the shutdown may end one as `cancelled`.
 */
import assert from 'node:assert/strict';
import { aimlChunk } from '../../support/fakeAimlServer';
import { LoopbackProxy } from '../../support/loopbackProxy';
import { collect, HELLO, useFakeServer } from './helpers';

const SLOW = 'The first part, then the second part, then the last part of a slow answer.';

describe('AimlClient close() and destroy()', () => {
  const fx = useFakeServer();

  /** Starts a slow stream and waits until its first text has arrived; `done` settles with its end. */
  async function streamUnderway(client: ReturnType<typeof fx.client>, signal?: AbortSignal) {
    let text = '';
    let firstText!: () => void;
    const started = new Promise<void>((resolve) => (firstText = resolve));
    const done = (async () => {
      try {
        for await (const ev of client.stream(HELLO, { signal })) {
          if (ev.type === 'text') {
            text += ev.text;
            firstText();
          }
        }
        return { text, error: undefined };
      } catch (e) {
        firstText();
        return { text, error: e as { kind?: string; userMessage?: string } };
      }
    })();
    await started;
    // Wrapped: an async function returning the promise itself would wait for it.
    return { done };
  }

  it('close() lets a stream in flight finish, complete, while a new client serves new requests', async () => {
    fx.server.enqueue({ kind: 'text', text: SLOW, chunkSize: 6, delayMs: 25 }, { kind: 'text', text: 'From the new client.' });
    const old = fx.client();
    const running = await streamUnderway(old);
    let closed = false;
    const closing = old.close().then(() => (closed = true));

    const fresh = fx.client();
    assert.equal((await fresh.complete(HELLO)).text, 'From the new client.');
    assert.equal(closed, false, 'the old pool waits for its answer');

    const r = await running.done;
    assert.equal(r.error, undefined);
    assert.equal(r.text, SLOW);
    await closing;
    assert.equal(closed, true);
    assert.equal(fx.server.clientCloses, 0, 'the server saw no response cut short');
    assert.equal(fx.server.chatRequests.length, 2);
  });

  it('close() waits for a call that is between retries, which then completes', async () => {
    let sleeping!: () => void;
    const asleep = new Promise<void>((resolve) => (sleeping = resolve));
    let wake!: () => void;
    const client = fx.client({
      maxRetries: 1,
      sleep: () => {
        sleeping();
        return new Promise<void>((resolve) => (wake = resolve));
      },
    });
    fx.server.enqueue({ kind: 'error', status: 503 }, { kind: 'text', text: 'After the retry.' });
    const result = client.complete(HELLO);
    await asleep;
    const closing = client.close();
    wake();
    assert.equal((await result).text, 'After the retry.');
    await closing;
    assert.equal(fx.server.chatRequests.length, 2);
  });

  it('a closed client refuses new calls without sending, and not as cancelled', async () => {
    const client = fx.client();
    await client.close();
    const r = await collect(client.stream(HELLO));
    assert.equal(r.error?.kind, 'network');
    assert.match(r.error?.userMessage ?? '', /settings changed/);
    await assert.rejects(client.listModels(), (e: { kind?: string }) => e.kind === 'network');
    assert.equal(fx.server.requests.length, 0);
  });

  it('destroy() ends a stream in flight as cancelled, worded as the shutdown, text kept', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'Half an answer' })], stall: true });
    const client = fx.client();
    const running = await streamUnderway(client);
    await client.destroy();
    const r = await running.done;
    assert.equal(r.text, 'Half an answer');
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(r.error?.userMessage, 'The request was cancelled because the extension is shutting down.');
    await fx.server.waitForClientClose(1);
  });

  it('destroy() wakes a call waiting to retry: cancelled as the shutdown, no second request', async () => {
    fx.server.enqueue({ kind: 'error', status: 503 });
    // The real sleep, aborted by the call's signal: a destroy must not leave a 60-second timer.
    const { abortableSleep } = await import('../../../src/core/api');
    let asleep!: () => void;
    const sleeping = new Promise<void>((resolve) => (asleep = resolve));
    const client = fx.client({
      maxRetries: 1,
      retryAfterCapMs: 60_000,
      sleep: (ms, signal) => {
        asleep();
        return abortableSleep(60_000, signal);
      },
    });
    const pending = collect(client.stream(HELLO));
    await sleeping;
    await client.destroy();
    const r = await pending;
    assert.equal(r.error?.kind, 'cancelled');
    assert.match(r.error?.userMessage ?? '', /shutting down/);
    assert.equal(fx.server.chatRequests.length, 1);
  });

  it('destroy() during close() ends what close() was waiting for; both resolve', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'x' })], stall: true });
    const client = fx.client();
    const running = await streamUnderway(client);
    const closing = client.close();
    await client.destroy();
    await closing;
    assert.equal((await running.done).error?.kind, 'cancelled');
  });

  it('the caller’s own abort stays a plain cancellation, even if the client is destroyed after', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'x' })], stall: true });
    const controller = new AbortController();
    const client = fx.client();
    const running = await streamUnderway(client, controller.signal);
    controller.abort();
    const r = await running.done;
    await client.destroy();
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(r.error?.userMessage, 'The request was cancelled.');
  });

  it('after destroy() a new call fails as the shutdown without reaching the server', async () => {
    const client = fx.client();
    await client.destroy();
    const r = await collect(client.stream(HELLO));
    assert.equal(r.error?.kind, 'cancelled');
    assert.match(r.error?.userMessage ?? '', /shutting down/);
    await assert.rejects(client.checkKey(), (e: { kind?: string }) => e.kind === 'cancelled');
    assert.equal(fx.server.requests.length, 0);
  });
});

describe('AimlClient: cancelled only for an abort signal or the shutdown', () => {
  const fx = useFakeServer();

  it('a proxy refusing the CONNECT tunnel is a network error naming the proxy, not a cancellation', async () => {
    const proxy = await LoopbackProxy.start({ refuseConnect: true });
    try {
      // An https target is tunnelled with CONNECT; the refusal surfaces as undici's abort error.
      const client = fx.client({ baseUrl: 'https://api.example.invalid/v1', proxy: { url: proxy.url }, maxRetries: 0, systemCertificates: false });
      const r = await collect(client.stream(HELLO));
      assert.equal(r.error?.kind, 'network');
      assert.match(r.error?.userMessage ?? '', /through the configured proxy/);
      assert.match(r.error?.message ?? '', /403/);
      assert.deepEqual(proxy.tunnels, ['api.example.invalid:443']);
    } finally {
      await proxy.stop();
    }
  });
});
