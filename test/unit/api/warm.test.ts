/**
 * Warming the connection before a question (AimlClient.warm): one connection per idle period, no
 * key, the real request on the warmed socket, a new one after the server closed its idle side,
 * through an HTTPS proxy's CONNECT tunnel, and a failure that only the log hears of.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AimlClient } from '../../../src/core/api';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { LoopbackProxy } from '../../support/loopbackProxy';
import { RecordingLogger } from '../../support/recordingLogger';
import { makeCa, makeServerCert } from '../../support/testCertificates.mjs';
import { collect, HELLO, TEST_KEY, useFakeServer } from './helpers';

async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('AimlClient.warm', () => {
  const fx = useFakeServer();

  it('opens one connection with only the keyless model list, and the question reuses it', async () => {
    const client = fx.client();
    assert.equal(await client.warm(), 'opened');
    assert.equal(fx.server.connections, 1);
    assert.deepEqual(fx.server.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/models']);
    assert.equal(fx.server.requests[0]?.headers.authorization, undefined, 'warming never sends the key');
    assert.ok(!JSON.stringify(fx.server.requests[0]?.headers).includes(TEST_KEY));
    assert.equal(client.openConnections, 1);

    const { text } = await collect(client.stream(HELLO));
    assert.ok(text.length > 0);
    assert.equal(fx.server.connections, 1, 'the question went out on the warmed connection');
    assert.equal(fx.server.chatRequests[0]?.connectionId, fx.server.requests[0]?.connectionId);
  });

  it('warms at most once while a connection is open: calls together share one warm-up', async () => {
    const client = fx.client();
    const outcomes = await Promise.all([client.warm(), client.warm(), client.warm()]);
    assert.deepEqual(outcomes, ['opened', 'opened', 'opened']);
    assert.equal(await client.warm(), 'ready');
    assert.equal(await client.warm(), 'ready');
    assert.equal(fx.server.connections, 1);
    assert.equal(fx.server.requests.length, 1);
  });

  it('warms again once the server closed its idle side, and keeps no more than one spare', async () => {
    const client = fx.client();
    assert.equal(await client.warm(), 'opened');
    // Later than a second after the warm-up: a connection that lived that long is re-opened by itself.
    await new Promise((r) => setTimeout(r, 1100));
    fx.server.closeIdleConnections();
    await until('a second connection, opened by the client itself', () => fx.server.connections === 2 && client.openConnections === 1);
    assert.equal(await client.warm(), 'ready');
    assert.equal(fx.server.connections, 2);
    assert.deepEqual(fx.server.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/models', 'GET /v1/models']);
    assert.ok(fx.server.requests.every((r) => r.headers.authorization === undefined), 'no warm-up sends the key');
    await collect(client.stream(HELLO));
    assert.equal(fx.server.connections, 2, 'the question took the re-warmed connection');
  });

  it('re-opens nothing when no question is coming (no warm-up asked for) or the server keeps no idle connection', async () => {
    // A question, no warm-up: the closed connection stays closed until the next question.
    const quiet = fx.client();
    await collect(quiet.stream(HELLO));
    fx.server.closeIdleConnections();
    await until('the client to see the connection closed', () => quiet.openConnections === 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(fx.server.connections, 1);
    // A warmed connection closed within a second: the server keeps none idle; asking again and
    // again would only load it. The next warm() (the user typing on) still opens one.
    const eager = fx.client();
    assert.equal(await eager.warm(), 'opened');
    fx.server.closeIdleConnections();
    await until('the client to see the connection closed', () => eager.openConnections === 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(fx.server.connections, 2);
    assert.equal(await eager.warm(), 'opened');
    assert.equal(fx.server.connections, 3);
  });

  it('a server that is down: warm() resolves `failed`, says so in the log only, and the question then connects itself', async () => {
    const down = await FakeAimlServer.start();
    const url = down.url;
    await down.stop();
    const logger = new RecordingLogger();
    const client = fx.client({ baseUrl: url, logger, maxRetries: 0 });
    assert.equal(await client.warm(), 'failed');
    assert.ok(logger.lines.some((l) => /warming the connection .* failed/.test(l.text)), logger.text);
    assert.ok(!logger.text.includes(TEST_KEY));
    assert.equal(client.openConnections, 0);
    // The real request is not held up by the failed warm-up: it fails (or succeeds) on its own.
    const { error } = await collect(client.stream(HELLO));
    assert.equal(error?.kind, 'network');
  });

  it('a server that keeps idle connections only 2 s (Keep-Alive: timeout=2) still gets the warmed one reused', async () => {
    const short = await FakeAimlServer.start({ keepAliveTimeoutMs: 2000 });
    try {
      const client = fx.client({ baseUrl: short.url });
      assert.equal(await client.warm(), 'opened');
      const { text } = await collect(client.stream(HELLO));
      assert.ok(text.length > 0);
      assert.equal(short.connections, 1, 'undici kept the socket despite the short Keep-Alive hint');
    } finally {
      await short.stop();
    }
  });

  it('a closing client does not warm', async () => {
    const client = fx.client();
    void client.close();
    assert.equal(await client.warm(), 'skipped');
    assert.equal(fx.server.connections, 0);
  });
});

describe('AimlClient.warm through an HTTPS proxy', function () {
  this.timeout(60_000);
  let dir: string;
  let api: FakeAimlServer;
  let proxy: LoopbackProxy;
  let ca: ReturnType<typeof makeCa>;
  const clients: AimlClient[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-warm-'));
    ca = makeCa(dir, 'warm');
    const leaf = makeServerCert(ca, 'api');
    api = await FakeAimlServer.start({ tls: { key: leaf.keyPem, cert: leaf.chainPem } });
    proxy = await LoopbackProxy.start();
  });
  after(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    await Promise.all([api?.stop(), proxy?.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the CONNECT tunnel and the TLS session once; the question goes through the same tunnel', async () => {
    const client = new AimlClient({
      baseUrl: api.url,
      apiKey: TEST_KEY,
      env: {},
      systemCertificates: false,
      extraCaCertificates: [ca.certPem],
      proxy: { url: proxy.url },
      maxRetries: 0,
    });
    clients.push(client);
    assert.equal(await client.warm(), 'opened');
    assert.equal(await client.warm(), 'ready');
    assert.deepEqual(proxy.tunnels, [`127.0.0.1:${api.port}`]);
    assert.equal(api.connections, 1);
    assert.equal(api.requests[0]?.headers.authorization, undefined);
    const { text } = await collect(client.stream(HELLO));
    assert.ok(text.length > 0);
    assert.equal(proxy.tunnels.length, 1, 'no second tunnel for the question');
    assert.equal(api.connections, 1);
  });
});
