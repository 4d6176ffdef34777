/**
 * The transport: cancellation at the socket, timeouts, keep-alive reuse, proxies.
 */
import assert from 'node:assert/strict';
import { aimlChunk } from '../../support/fakeAimlServer';
import { LoopbackProxy } from '../../support/loopbackProxy';
import { collect, HELLO, useFakeServer } from './helpers';

describe('AimlClient transport', () => {
  const fx = useFakeServer();

  it('an abort mid-stream closes the socket (the server sees the close) and throws cancelled, text kept', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'first words' })], stall: true });
    const controller = new AbortController();
    const client = fx.client();
    let text = '';
    let error: unknown;
    try {
      for await (const ev of client.stream(HELLO, { signal: controller.signal })) {
        if (ev.type === 'text') {
          text += ev.text;
          controller.abort();
        }
      }
    } catch (e) {
      error = e;
    }
    assert.equal(text, 'first words');
    assert.equal((error as { kind?: string }).kind, 'cancelled');
    await fx.server.waitForClientClose(1);
    assert.equal(fx.server.clientCloses, 1);
    assert.equal(fx.server.chatRequests.length, 1);
  });

  it('an abort while waiting for headers closes the socket and throws cancelled', async () => {
    fx.server.enqueue({ kind: 'stall' });
    const controller = new AbortController();
    const client = fx.client();
    const pending = collect(client.stream(HELLO, { signal: controller.signal }));
    while (fx.server.chatRequests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const r = await pending;
    assert.equal(r.error?.kind, 'cancelled');
    await fx.server.waitForClientClose(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const r = await collect(fx.client().stream(HELLO, { signal: AbortSignal.abort() }));
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(fx.server.chatRequests.length, 0);
  });

  it('stopping the iteration early (break) closes the connection', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'enough' })], stall: true });
    for await (const ev of fx.client().stream(HELLO)) {
      if (ev.type === 'text') break;
    }
    await fx.server.waitForClientClose(1);
  });

  it('an idle gap longer than idleTimeoutMs (a stalled stream) fails with timeout, text kept, not retried', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'then silence' })], stall: true });
    const r = await collect(fx.client({ idleTimeoutMs: 200 }).stream(HELLO));
    assert.equal(r.text, 'then silence');
    assert.equal(r.error?.kind, 'timeout');
    assert.match(r.error?.userMessage ?? '', /nothing arrived for 0\.2 seconds/);
    assert.equal(fx.server.chatRequests.length, 1);
    await fx.server.waitForClientClose(1);
  });

  it('an idle timeout before any chunk is not retried either (the wait would double)', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [], stall: true });
    const r = await collect(fx.client({ idleTimeoutMs: 200 }).stream(HELLO));
    assert.equal(r.error?.kind, 'timeout');
    assert.equal(r.error?.retryable, false);
    assert.equal(fx.server.chatRequests.length, 1);
  });

  it('no response headers within headersTimeoutMs fails with timeout', async () => {
    fx.server.enqueue({ kind: 'stall' });
    const r = await collect(fx.client({ headersTimeoutMs: 200, maxRetries: 0 }).stream(HELLO));
    assert.equal(r.error?.kind, 'timeout');
    assert.match(r.error?.userMessage ?? '', /did not start answering within 0\.2 seconds/);
  });

  it('a headers timeout is retried (nothing was shown yet)', async () => {
    fx.server.enqueue({ kind: 'stall' }, { kind: 'text', text: 'second time lucky' });
    const r = await collect(fx.client({ headersTimeoutMs: 200, maxRetries: 1 }).stream(HELLO));
    assert.equal(r.text, 'second time lucky');
    assert.equal(fx.server.chatRequests.length, 2);
  });

  it('reuses one keep-alive socket for sequential requests', async () => {
    const client = fx.client();
    fx.server.enqueue({ kind: 'text', text: 'one' }, { kind: 'text', text: 'two' });
    assert.equal((await client.complete(HELLO)).text, 'one');
    assert.equal((await client.complete(HELLO)).text, 'two');
    const [a, b] = fx.server.chatRequests;
    assert.equal(a?.connectionId, b?.connectionId);
    assert.equal(fx.server.connections, 1);
  });

  it('after dispose() a request fails as cancelled without reaching the server', async () => {
    const client = fx.client();
    await client.dispose();
    const r = await collect(client.stream(HELLO));
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(fx.server.chatRequests.length, 0);
  });
});

describe('AimlClient proxies', () => {
  const fx = useFakeServer();
  let proxy: LoopbackProxy;
  before(async () => {
    proxy = await LoopbackProxy.start();
  });
  after(async () => {
    await proxy.stop();
  });
  beforeEach(() => {
    proxy.forwarded.length = 0;
    proxy.tunnels.length = 0;
  });

  it('an explicit proxy URL carries the request (absolute-form for an http target)', async () => {
    fx.server.enqueue({ kind: 'text', text: 'via proxy' });
    const result = await fx.client({ proxy: { url: proxy.url } }).complete(HELLO);
    assert.equal(result.text, 'via proxy');
    assert.deepEqual(proxy.forwarded, [`${fx.server.url}/chat/completions`]);
  });

  it('noProxy bypasses the proxy for a listed host', async () => {
    fx.server.enqueue({ kind: 'text', text: 'direct' });
    const result = await fx.client({ proxy: { url: proxy.url, noProxy: 'localhost,127.0.0.1' } }).complete(HELLO);
    assert.equal(result.text, 'direct');
    assert.equal(proxy.hits, 0);
  });

  it('HTTP_PROXY from the environment is used, and NO_PROXY from it honoured', async () => {
    fx.server.enqueue({ kind: 'text', text: 'env proxy' }, { kind: 'text', text: 'env no_proxy' });
    assert.equal((await fx.client({ env: { HTTP_PROXY: proxy.url } }).complete(HELLO)).text, 'env proxy');
    assert.equal(proxy.hits, 1);
    assert.equal((await fx.client({ env: { HTTP_PROXY: proxy.url, NO_PROXY: `127.0.0.1:${fx.server.port}` } }).complete(HELLO)).text, 'env no_proxy');
    assert.equal(proxy.hits, 1);
  });

  it('fromEnv: false ignores proxy variables', async () => {
    fx.server.enqueue({ kind: 'text', text: 'ignored env' });
    await fx.client({ env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }, proxy: { fromEnv: false } }).complete(HELLO);
    assert.equal(proxy.hits, 0);
  });

  it('an unreachable proxy is a network error that mentions the proxy', async () => {
    const deadUrl = proxy.url;
    await proxy.stop();
    try {
      const r = await collect(fx.client({ proxy: { url: deadUrl }, maxRetries: 0 }).stream(HELLO));
      assert.equal(r.error?.kind, 'network');
      assert.match(r.error?.userMessage ?? '', /through the configured proxy/);
    } finally {
      proxy = await LoopbackProxy.start();
    }
  });
});
