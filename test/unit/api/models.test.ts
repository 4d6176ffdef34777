/**
 * GET /models (ETag caching) and the key check on GET /billing/balance.
 */
import assert from 'node:assert/strict';
import { findListedModel } from '../../../src/core/api/modelList';
import { TEST_KEY, useFakeServer } from './helpers';

describe('AimlClient.listModels', () => {
  const fx = useFakeServer();

  it('parses ids, aliases, context length and output limit, without sending the key', async () => {
    const models = await fx.client().listModels();
    const sonnet = findListedModel(models, 'anthropic/claude-sonnet-4.5');
    assert.deepEqual(sonnet, {
      id: 'claude-sonnet-4-5',
      aliases: ['anthropic/claude-sonnet-4.5', 'anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
      contextLength: 200_000,
      outputMax: 64_000,
    });
    assert.equal(findListedModel(models, 'claude-3-opus'), undefined, 'the retired model is not listed');
    const req = fx.server.requests[0];
    assert.equal(req?.path, '/v1/models');
    assert.equal(req?.headers.authorization, undefined);
  });

  it('revalidates with If-None-Match and serves the cached list on 304', async () => {
    const client = fx.client();
    const first = await client.listModels();
    const second = await client.listModels();
    assert.deepEqual(second, first);
    const [a, b] = fx.server.requests;
    assert.equal(a?.headers['if-none-match'], undefined);
    assert.match(String(b?.headers['if-none-match']), /^W\/".+"$/);
  });

  it('replaces the cache when the list changed', async () => {
    const client = fx.client();
    await client.listModels();
    fx.server.models = [{ id: 'claude-new', aliases: ['anthropic/claude-new'], info: { contextLength: 300_000 } }, { bogus: true }];
    const models = await client.listModels();
    assert.deepEqual(models, [{ id: 'claude-new', aliases: ['anthropic/claude-new'], contextLength: 300_000 }], 'odd entries skipped');
  });
});

describe('AimlClient.checkKey', () => {
  const fx = useFakeServer({ validKey: TEST_KEY });

  it('resolves verified for a key the service accepts', async () => {
    assert.deepEqual(await fx.client().checkKey(), { verified: true, status: 200 });
    assert.equal(fx.server.requests[0]?.path, '/v1/billing/balance');
    assert.equal(fx.server.requests[0]?.headers.authorization, `Bearer ${TEST_KEY}`);
  });

  it('throws auth for a key the service rejects (401)', async () => {
    await assert.rejects(fx.client({ apiKey: 'sk-wrong-key-123456' }).checkKey(), (e: unknown) => {
      const err = e as { kind?: string; status?: number; userMessage?: string; message?: string };
      return err.kind === 'auth' && err.status === 401 && !String(err.message).includes('sk-wrong-key-123456');
    });
  });

  it('throws auth without a request when no key is set', async () => {
    await assert.rejects(fx.client({ apiKey: '' }).checkKey(), (e: unknown) => (e as { kind?: string }).kind === 'auth');
    assert.equal(fx.server.requests.length, 0);
  });

  it('resolves unverified when the server has no balance endpoint (404)', async () => {
    const client = fx.client({ baseUrl: `${fx.server.origin}/other` });
    assert.deepEqual(await client.checkKey(), { verified: false, status: 404 });
  });
});
