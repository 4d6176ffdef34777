/**
 * The fake server's control API, as out-of-process tests (integration, end-to-end) use it.
 */
import assert from 'node:assert/strict';
import { request } from 'undici';
import { collect, HELLO, useFakeServer } from './helpers';

describe('FakeAimlServer control API', () => {
  const fx = useFakeServer();

  async function control(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await request(`${fx.server.url}/__control/${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.statusCode, json: await res.body.json() };
  }

  it('POST /__control/enqueue queues JSON scripts that the next chats answer, in order', async () => {
    assert.deepEqual(await control('POST', 'enqueue', [{ kind: 'error', status: 429, retryAfter: 1 }, { kind: 'text', text: 'scripted' }]), { status: 200, json: { queued: 2 } });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.text, 'scripted');
    assert.deepEqual(fx.sleeps, [1000]);
  });

  it('GET /__control/requests lists recorded requests with parsed bodies; control calls are not recorded', async () => {
    await collect(fx.client().stream(HELLO));
    const { json } = await control('GET', 'requests');
    const list = json as { method: string; path: string; body: { model: string } }[];
    assert.equal(list.length, 1);
    assert.equal(list[0]?.path, '/v1/chat/completions');
    assert.equal(list[0]?.body.model, 'claude-sonnet-4-5');
  });

  it('POST /__control/reset clears the queue and the records; /__control/state reports counters', async () => {
    await control('POST', 'enqueue', { kind: 'text', text: 'dropped by reset' });
    await control('POST', 'reset');
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.text, 'You asked: Hello', 'the default echo answers');
    const { json } = await control('GET', 'state');
    assert.deepEqual({ ...(json as object), connections: 0 }, { connections: 0, clientCloses: 0, queued: 0, requests: 1 });
  });

  it('POST /__control/default replaces the default script, /__control/models the model list', async () => {
    await control('POST', 'default', { kind: 'echo', prefix: 'Echo: ' });
    await control('POST', 'models', [{ id: 'only-model', aliases: [] }]);
    assert.equal((await fx.client().complete(HELLO)).text, 'Echo: Hello');
    assert.deepEqual(await fx.client().listModels(), [{ id: 'only-model', aliases: [] }]);
  });

  it('POST /__control/key sets the accepted key', async () => {
    await control('POST', 'key', { validKey: 'sk-the-only-good-key' });
    await assert.rejects(fx.client().checkKey(), (e: unknown) => (e as { kind?: string }).kind === 'auth');
    assert.equal((await fx.client({ apiKey: 'sk-the-only-good-key' }).checkKey()).verified, true);
  });

  it('refuses a script without a known kind, and bad JSON', async () => {
    assert.equal((await control('POST', 'enqueue', { kind: 'nonsense' })).status, 400);
    const res = await request(`${fx.server.origin}/__control/enqueue`, { method: 'POST', body: '{not json' });
    assert.equal(res.statusCode, 400);
    await res.body.dump();
  });

  it('a `hold` stream sends its first items, waits at the gate, and ends once released (locally or by POST /__control/release)', async () => {
    for (const how of ['method', 'control'] as const) {
      fx.server.enqueue({ kind: 'text', text: 'abcdefgh', chunkSize: 2, hold: { after: 3, until: `gate-${how}` } });
      let text = '';
      let released = false;
      const gate = `gate-${how}`;
      for await (const ev of fx.client().stream(HELLO)) {
        if (ev.type !== 'text') continue;
        text += ev.text;
        // Items: the id chunk, 'ab', 'cd' — then the gate.
        if (text === 'abcd' && !released) {
          await new Promise((r) => setTimeout(r, 50));
          assert.deepEqual(fx.server.held, [gate]);
          assert.equal(text, 'abcd', 'nothing more before the release');
          released = true;
          if (how === 'method') fx.server.release(gate);
          else assert.equal((await control('POST', 'release', { gate })).status, 200);
        }
      }
      assert.equal(text, 'abcdefgh');
      assert.deepEqual(fx.server.held, []);
    }
    assert.equal((await control('POST', 'release', {})).status, 400);
  });

  it('answers a chat without an Authorization header with 401 when nothing is scripted', async () => {
    const res = await request(`${fx.server.url}/chat/completions`, { method: 'POST', body: JSON.stringify(HELLO) });
    assert.equal(res.statusCode, 401);
    await res.body.dump();
  });
});

describe('AimlClient key source failures', () => {
  const fx = useFakeServer();

  it('a key function that throws becomes an auth error with the cause kept, and nothing is sent', async () => {
    const boom = new Error('keychain locked');
    const r = await collect(
      fx.client({
        apiKey: async () => {
          throw boom;
        },
      }).stream(HELLO),
    );
    assert.equal(r.error?.kind, 'auth');
    assert.equal(r.error?.cause, boom);
    assert.equal(fx.server.requests.length, 0);
  });
});
