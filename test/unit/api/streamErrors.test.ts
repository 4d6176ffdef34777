/**
 * Errors that arrive inside a 200 stream — `data: {"error":{…}}` and `event: error` records — keep
 * the server's words: the kind from the record's status, code or type, `serverMessage`, and a
 * user message that says what happened and quotes the words (scrubbed of the key, capped).
 */
import assert from 'node:assert/strict';
import type { SseItem } from '../../support/fakeAimlServer';
import { aimlChunk } from '../../support/fakeAimlServer';
import { collect, HELLO, TEST_KEY, useFakeServer } from './helpers';

/** The two forms a server uses for the same error object. */
const FORMS: readonly { name: string; item: (error: Record<string, unknown>) => SseItem }[] = [
  { name: 'data: {"error":…}', item: (error) => ({ error }) },
  { name: 'event: error', item: (error) => ({ $event: 'error', $data: JSON.stringify({ type: 'error', error }) }) },
];

describe('AimlClient: errors inside the stream keep the server’s words', () => {
  const fx = useFakeServer();

  async function failInStream(item: SseItem) {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'Partial text. ' }), item] });
    const r = await collect(fx.client({ maxRetries: 0 }).stream(HELLO));
    assert.equal(r.text, 'Partial text. ', 'the text before the error is kept');
    assert.ok(r.error, 'the stream failed');
    return r.error;
  }

  for (const form of FORMS) {
    describe(form.name, () => {
      it('an error without a known kind: what happened, then the server’s words quoted', async () => {
        const e = await failInStream(form.item({ message: 'Upstream provider returned garbage', type: 'api_error' }));
        assert.equal(e.kind, 'server');
        assert.equal(e.serverMessage, 'Upstream provider returned garbage');
        assert.equal(
          e.userMessage,
          'The AI/ML API reported an error while answering; try again in a moment. The server said: “Upstream provider returned garbage”.',
        );
        assert.match(e.message, /inside the stream \(api_error\): Upstream provider returned garbage/);
      });

      for (const [type, kind, sentence] of [
        ['overloaded_error', 'overloaded', /^The model is overloaded right now; try again in a moment\. The server said: “Claude is busy”\.$/],
        ['rate_limit_error', 'rate_limited', /^The AI\/ML API is limiting the request rate; wait a moment and try again\. The server said: “Claude is busy”\.$/],
        ['authentication_error', 'auth', /^The AI\/ML API rejected the API key\. .* The server said: “Claude is busy”\.$/],
        ['invalid_request_error', 'bad_request', /^The AI\/ML API rejected the request as invalid: Claude is busy$/],
        ['permission_error', 'credits', /out of credits.* The server said: “Claude is busy”\.$/],
        ['not_found_error', 'model_not_found', /does not know the model “claude-sonnet-4-5”.* The server said: “Claude is busy”\.$/],
        ['timeout_error', 'timeout', /^The AI\/ML API timed out while generating the answer; try again\. The server said: “Claude is busy”\.$/],
      ] as const) {
        it(`type ${type} → ${kind}, with the words`, async () => {
          const e = await failInStream(form.item({ message: 'Claude is busy', type }));
          assert.equal(e.kind, kind);
          assert.equal(e.serverMessage, 'Claude is busy');
          assert.match(e.userMessage, sentence);
        });
      }

      it('OpenAI style: a specific `code` wins over a generic `type`', async () => {
        const e = await failInStream(form.item({ message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' }));
        assert.equal(e.kind, 'rate_limited');
        assert.match(e.message, /\(rate_limit_exceeded, requests\)/);
        const m = await failInStream(form.item({ message: 'The model `x` does not exist', type: 'invalid_request_error', code: 'model_not_found' }));
        assert.equal(m.kind, 'model_not_found');
      });

      it('a status in the record (or a numeric code) decides the kind', async () => {
        assert.equal((await failInStream(form.item({ message: 'slow down', status: 429 }))).kind, 'rate_limited');
        const e = await failInStream(form.item({ message: 'overloaded', code: 529 }));
        assert.equal(e.kind, 'overloaded');
        assert.equal(e.status, 529);
      });

      it('the words are scrubbed of the key and capped in length', async () => {
        const e = await failInStream(form.item({ message: `Bad key ${TEST_KEY}: ${'x'.repeat(2000)}`, type: 'api_error' }));
        for (const t of [e.message, e.userMessage, e.serverMessage ?? '']) assert.ok(!t.includes(TEST_KEY), t);
        assert.match(e.userMessage, /The server said: “Bad key \[redacted\]: x+…”\.$/);
        assert.ok((e.serverMessage ?? '').length <= 300);
      });
    });
  }

  it('an `event: error` record with plain text: the text is the server’s words', async () => {
    const e = await failInStream({ $event: 'error', $data: 'upstream connection reset' });
    assert.equal(e.kind, 'server');
    assert.equal(e.userMessage, 'The AI/ML API reported an error while answering; try again in a moment. The server said: “upstream connection reset”.');
  });

  it('an error record without words says what happened alone', async () => {
    const e = await failInStream({ $event: 'error', $data: '' });
    assert.equal(e.kind, 'server');
    assert.equal(e.userMessage, 'The AI/ML API reported an error while answering; try again in a moment.');
  });

  it('an in-stream error with an HTTP status names it and quotes the words', async () => {
    const e = await failInStream({ error: { message: 'Bad gateway upstream', status: 502 } });
    assert.equal(e.kind, 'server');
    assert.equal(e.userMessage, 'The AI/ML API had a server error (HTTP 502); try again in a moment. The server said: “Bad gateway upstream”.');
  });
});
