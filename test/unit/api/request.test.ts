/**
 * What goes on the wire, as the fake server recorded it: body fields per model, headers, the key.
 */
import assert from 'node:assert/strict';
import { buildChatBody } from '../../../src/core/api/requestBody';
import type { ChatMessage, ChatRequest } from '../../../src/core/api/types';
import { collect, HELLO, TEST_KEY, useFakeServer } from './helpers';

/** The fields documented for Claude on AI/ML that this client may send. */
const DOCUMENTED = new Set(['model', 'messages', 'system', 'max_tokens', 'stream', 'stop_sequences', 'temperature', 'top_p', 'thinking']);

describe('AimlClient request', () => {
  const fx = useFakeServer();

  async function sent(req: ChatRequest): Promise<Record<string, unknown>> {
    fx.server.enqueue({ kind: 'text', text: 'ok' });
    const r = await collect(fx.client().stream(req));
    assert.equal(r.error, undefined, r.error?.message);
    const last = fx.server.chatRequests.at(-1);
    assert.ok(last);
    return last.body as Record<string, unknown>;
  }

  it('sends the system prompt as top-level `system`, never as a message role', async () => {
    const body = await sent({ ...HELLO, system: 'You are terse.' });
    assert.equal(body.system, 'You are terse.');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'Hello' }]);
    assert.equal(body.stream, true);
  });

  it('folds a system-role message from a JavaScript caller into top-level `system`', async () => {
    const messages = [{ role: 'system', content: 'Be brief.' }, ...HELLO.messages] as unknown as ChatMessage[];
    const body = await sent({ ...HELLO, system: 'Base.', messages });
    assert.equal(body.system, 'Base.\n\nBe brief.');
    assert.ok((body.messages as { role: string }[]).every((m) => m.role !== 'system'));
  });

  it('sends only documented fields', async () => {
    const body = await sent({ ...HELLO, system: 's', maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ['END'], thinking: { type: 'disabled' } });
    for (const key of Object.keys(body)) assert.ok(DOCUMENTED.has(key), `undocumented field ${key}`);
    assert.deepEqual(body, {
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'Hello' }],
      system: 's',
      max_tokens: 100,
      stream: true,
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
      thinking: { type: 'disabled' },
    });
  });

  it('defaults max_tokens to the model default (32000 for Sonnet 4.5, 4096 for Claude 3 Opus)', async () => {
    assert.equal((await sent(HELLO)).max_tokens, 32_000);
    assert.equal(buildChatBody({ ...HELLO, model: 'claude-3-opus' }).max_tokens, 4096);
  });

  it('clamps max_tokens to the model output limit (64000 Sonnet 4.5, 128000 Opus 4.8)', async () => {
    assert.equal((await sent({ ...HELLO, maxTokens: 1_000_000 })).max_tokens, 64_000);
    assert.equal((await sent({ ...HELLO, model: 'claude-opus-4-8', maxTokens: 1_000_000 })).max_tokens, 128_000);
  });

  it('finds catalog limits through an alias, and sends the model id as given', async () => {
    const body = await sent({ ...HELLO, model: 'anthropic/claude-sonnet-4.5', maxTokens: 999_999 });
    assert.equal(body.model, 'anthropic/claude-sonnet-4.5');
    assert.equal(body.max_tokens, 64_000);
  });

  it('sends an unknown model as given, with max_tokens only when asked', async () => {
    const body = await sent({ ...HELLO, model: 'vendor/some-new-model' });
    assert.equal(body.model, 'vendor/some-new-model');
    assert.equal('max_tokens' in body, false);
    assert.equal((await sent({ ...HELLO, model: 'vendor/some-new-model', maxTokens: 500 })).max_tokens, 500);
  });

  it('sends thinking with budget_tokens and keeps max_tokens above the budget', async () => {
    const body = await sent({ ...HELLO, thinking: { type: 'enabled', budgetTokens: 8000 } });
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 8000 });
    assert.equal(body.max_tokens, 32_000);
  });

  it('raises max_tokens to budget + 1024 when it does not exceed the budget', async () => {
    const body = await sent({ ...HELLO, maxTokens: 2000, thinking: { type: 'enabled', budgetTokens: 4000 } });
    assert.equal(body.max_tokens, 5024);
    assert.ok((body.max_tokens as number) > 4000);
  });

  it('raises max_tokens only as far as the model limit', async () => {
    const body = await sent({ ...HELLO, thinking: { type: 'enabled', budgetTokens: 63_500 } });
    assert.equal(body.max_tokens, 64_000);
  });

  it('refuses, before any request, a thinking budget the model cannot exceed', async () => {
    const r = await collect(fx.client().stream({ ...HELLO, thinking: { type: 'enabled', budgetTokens: 64_000 } }));
    assert.equal(r.error?.kind, 'bad_request');
    assert.match(r.error?.userMessage ?? '', /thinking budget/);
    assert.equal(fx.server.chatRequests.length, 0);
  });

  it('raises a thinking budget below 1024 to Anthropic’s minimum', async () => {
    const body = await sent({ ...HELLO, thinking: { type: 'enabled', budgetTokens: 100 } });
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 1024 });
  });

  it('leaves temperature (and a low top_p) out when thinking is enabled', async () => {
    const body = await sent({ ...HELLO, temperature: 0.3, topP: 0.5, thinking: { type: 'enabled', budgetTokens: 2048 } });
    assert.equal('temperature' in body, false);
    assert.equal('top_p' in body, false);
    const high = await sent({ ...HELLO, topP: 0.97, thinking: { type: 'enabled', budgetTokens: 2048 } });
    assert.equal(high.top_p, 0.97);
  });

  it('sends adaptive thinking to Opus 4.8 only', async () => {
    const opus48 = await sent({ ...HELLO, model: 'claude-opus-4-8', temperature: 0.5, thinking: { type: 'adaptive' } });
    assert.deepEqual(opus48.thinking, { type: 'adaptive' });
    assert.equal('temperature' in opus48, false);
    const sonnet = await sent({ ...HELLO, temperature: 0.5, thinking: { type: 'adaptive' } });
    assert.equal('thinking' in sonnet, false);
    assert.equal(sonnet.temperature, 0.5);
  });

  it('refuses enabled thinking for a model without it (Claude 3 Opus)', () => {
    assert.throws(() => buildChatBody({ ...HELLO, model: 'claude-3-opus', thinking: { type: 'enabled', budgetTokens: 2000 } }), /does not support extended thinking/);
  });

  it('refuses a temperature outside 0..1 and a top_p outside 0..1 before sending', async () => {
    for (const bad of [{ temperature: 1.5 }, { temperature: -0.1 }, { topP: 2 }, { maxTokens: 0 }]) {
      const r = await collect(fx.client().stream({ ...HELLO, ...bad }));
      assert.equal(r.error?.kind, 'bad_request', JSON.stringify(bad));
    }
    assert.equal(fx.server.chatRequests.length, 0);
  });

  it('refuses a request with no messages or no model', () => {
    assert.throws(() => buildChatBody({ model: 'claude-sonnet-4-5', messages: [] }), /no message/);
    assert.throws(() => buildChatBody({ model: ' ', messages: HELLO.messages }), /no model/);
  });

  it('drops empty stop sequences', async () => {
    assert.equal('stop_sequences' in (await sent({ ...HELLO, stopSequences: ['', ''] })), false);
  });

  it('sends Authorization, Content-Type, Accept, User-Agent and a generated X-Client-Request-Id', async () => {
    await sent(HELLO);
    const h = fx.server.chatRequests[0]!.headers;
    assert.equal(h.authorization, `Bearer ${TEST_KEY}`);
    assert.equal(h['content-type'], 'application/json');
    assert.equal(h.accept, 'text/event-stream');
    assert.match(String(h['user-agent']), /^aiml-claude/);
    assert.match(String(h['x-client-request-id']), /^[A-Za-z0-9._:-]{1,128}$/);
    assert.match(String(h['x-client-request-id']), /^[0-9a-f-]{36}$/, 'a UUID');
  });

  it('sends a given X-Client-Request-Id, made valid (bad characters replaced, 128 chars at most)', async () => {
    fx.server.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    await collect(fx.client().stream(HELLO, { clientRequestId: 'chat:42.turn-7' }));
    await collect(fx.client().stream(HELLO, { clientRequestId: `bad id/${'x'.repeat(200)}` }));
    const [a, b] = fx.server.chatRequests.map((r) => String(r.headers['x-client-request-id']));
    assert.equal(a, 'chat:42.turn-7');
    assert.equal(b?.length, 128);
    assert.match(b ?? '', /^bad-id-x+$/);
  });

  it('uses a custom User-Agent', async () => {
    fx.server.enqueue({ kind: 'text', text: 'a' });
    await collect(fx.client({ userAgent: 'aiml-claude-vscode/0.1.0' }).stream(HELLO));
    assert.equal(fx.server.chatRequests[0]?.headers['user-agent'], 'aiml-claude-vscode/0.1.0');
  });

  it('a missing key is an auth error telling how to set it, and nothing is sent', async () => {
    for (const apiKey of ['', '   ', async () => undefined]) {
      const r = await collect(fx.client({ apiKey }).stream(HELLO));
      assert.equal(r.error?.kind, 'auth');
      assert.match(r.error?.userMessage ?? '', /No AI\/ML API key is set: set one with “AIML Claude: Set API Key”/);
    }
    assert.equal(fx.server.requests.length, 0);
  });

  it('asks a key function before every request, so a changed key applies at once', async () => {
    let key = 'sk-first-key-000000';
    const client = fx.client({ apiKey: async () => key });
    fx.server.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' });
    await client.complete(HELLO);
    key = 'sk-second-key-00000';
    await client.complete(HELLO);
    assert.deepEqual(
      fx.server.chatRequests.map((r) => r.headers.authorization),
      ['Bearer sk-first-key-000000', 'Bearer sk-second-key-00000'],
    );
  });

  it('rejects a base URL that is not http(s)', async () => {
    const { AimlClient } = await import('../../../src/core/api/client');
    assert.throws(() => new AimlClient({ baseUrl: 'ftp://example.com', apiKey: 'k' }), (e: unknown) => (e as { kind?: string }).kind === 'bad_request');
    assert.throws(() => new AimlClient({ baseUrl: 'not a url', apiKey: 'k' }), /Invalid base URL/);
  });

  it('accepts a base URL with a trailing slash', async () => {
    fx.server.enqueue({ kind: 'text', text: 'slash' });
    const r = await collect(fx.client({ baseUrl: `${fx.server.url}/` }).stream(HELLO));
    assert.equal(r.text, 'slash');
    assert.equal(fx.server.chatRequests[0]?.path, '/v1/chat/completions');
  });
});
