/**
 * Stream decoding against the fake AI/ML server: every quirk of aiml-api.md, one test each.
 */
import assert from 'node:assert/strict';
import { aimlAnswerChunks, aimlChunk, aimlCompletion } from '../../support/fakeAimlServer';
import { collect, HELLO, types, useFakeServer } from './helpers';

describe('AimlClient.stream: decoding the AI/ML stream', () => {
  const fx = useFakeServer();

  it('streams the recorded transcript shape: start, text deltas, usage, then finish last', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks('I think humanity will thrive.', { chunkSize: 8 }) });
    const r = await collect(fx.client().stream(HELLO, { clientRequestId: 'req-1' }));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'I think humanity will thrive.');
    assert.deepEqual(r.events[0], { type: 'start', requestId: 'req-1', inferenceId: 'inf-fake-0001', model: 'claude-sonnet-4-5' });
    const ts = types(r.events);
    assert.equal(ts.at(-1), 'finish');
    assert.equal(ts.at(-2), 'usage');
    assert.equal(ts.filter((t) => t === 'usage').length, 1);
    assert.deepEqual(r.events.at(-1), { type: 'finish', finishReason: 'stop' });
  });

  it('decodes a stream split byte by byte holding multibyte UTF-8 (emoji, CJK) and CRLF framing', async () => {
    const text = 'Grüße 🌍👩‍💻 漢字かな — ok';
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks(text, { chunkSize: 3 }), splitEvery: 1, crlf: true });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, text);
    assert.equal(r.events.at(-1)?.type, 'finish');
  });

  it('decodes writes split at odd byte positions, in the middle of a CRLF and of a 4-byte character', async () => {
    const text = '🌍🌍🌍';
    const body = `data: ${JSON.stringify(aimlChunk({ id: 'm', content: text }))}\r\n\r\ndata: ${JSON.stringify(aimlChunk({ finishReason: 'stop' }))}\r\n\r\n`;
    const firstEmoji = Buffer.from(body).indexOf(Buffer.from('🌍'));
    const firstCrlf = Buffer.from(body).indexOf('\r\n');
    fx.server.enqueue({ kind: 'stream', chunks: [{ $raw: body }], splitAt: [firstEmoji + 1, firstEmoji + 6, firstCrlf + 1, firstCrlf + 3] });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, text);
  });

  it('decodes CR-only line endings', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks('carriage returns only'), eol: 'cr' });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'carriage returns only');
  });

  it('ignores `:` keep-alive comments between records', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks('kept alive'), keepAlive: true });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'kept alive');
  });

  it('treats `data: [DONE]` (with a space) as a successful end', async () => {
    const chunks = aimlAnswerChunks('done with space', { noTrailer: true });
    fx.server.enqueue({ kind: 'stream', chunks, done: 'space' });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'done with space');
  });

  it('treats `data:[DONE]` (no space) as a successful end', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks('done without space'), done: 'nospace' });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'done without space');
  });

  it('treats [DONE] without any finish_reason as a stop', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'no reason given' })], done: 'space' });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.deepEqual(r.events.at(-1), { type: 'finish', finishReason: 'stop' });
  });

  it('treats a clean end of the body after a finish_reason, without [DONE], as success', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks('no done marker', { noTrailer: true }), done: 'none' });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'no done marker');
    assert.deepEqual(r.events.at(-1), { type: 'finish', finishReason: 'stop' });
  });

  it('reports an end without finish_reason or [DONE] as interrupted, after yielding the text so far', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'half an ' }), aimlChunk({ content: 'answer' })] });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.text, 'half an answer');
    assert.equal(r.error?.kind, 'interrupted');
    assert.equal(r.error?.userMessage, 'The answer was cut off before it finished; try again.');
    assert.ok(!types(r.events).includes('finish'));
    assert.equal(fx.server.chatRequests.length, 1, 'output had begun: no retry');
  });

  it('keeps the usage of the finish chunk when a later chunk says `usage: null`', async () => {
    fx.server.enqueue({
      kind: 'stream',
      chunks: aimlAnswerChunks('counted', { usage: { prompt_tokens: 16, completion_tokens: 137, total_tokens: 153 } }),
    });
    const r = await collect(fx.client().stream(HELLO));
    const usage = r.events.filter((e) => e.type === 'usage');
    assert.deepEqual(usage, [{ type: 'usage', usage: { promptTokens: 16, completionTokens: 137, totalTokens: 153 } }]);
  });

  it('reads the cost from meta.usage (credits_used, usd_spent)', async () => {
    fx.server.enqueue({
      kind: 'stream',
      chunks: aimlAnswerChunks('priced', { usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }, meta: { credits_used: 420, usd_spent: 0.00021 } }),
    });
    const r = await collect(fx.client().stream(HELLO));
    const usage = r.events.find((e) => e.type === 'usage');
    assert.deepEqual(usage, { type: 'usage', usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, creditsUsed: 420, usdSpent: 0.00021 } });
  });

  it('reports cost alone (meta.usage without token usage) with zero token counts', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks('cost only', { usage: null, meta: { credits_used: 7 } }) });
    const r = await collect(fx.client().stream(HELLO));
    assert.deepEqual(r.events.find((e) => e.type === 'usage'), { type: 'usage', usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0, creditsUsed: 7 } });
  });

  it('emits no usage event when the stream carries none', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks('free', { usage: null }) });
    const r = await collect(fx.client().stream(HELLO));
    assert.ok(!types(r.events).includes('usage'));
  });

  it('tolerates empty choices, chunks without delta, empty ids and unknown keys', async () => {
    fx.server.enqueue({
      kind: 'stream',
      chunks: [
        { id: 'msg_1', choices: [], object: 'chat.completion.chunk', usage: null, brand_new_field: { x: 1 } },
        aimlChunk({ content: 'a' }),
        aimlChunk({ noDelta: true }),
        { id: '', choices: [{ index: 0, delta: { content: 'b', role: 'assistant', refusal: null, whatever: true } }] },
        { id: '', object: 'chat.completion.chunk' },
        { choices: [{ index: 0, delta: null, finish_reason: null }] },
        aimlChunk({ content: 'c', finishReason: 'stop' }),
      ],
    });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'abc');
  });

  it('unwraps the legacy {"event": chunk, "state": …} wrapper', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: aimlAnswerChunks('old wrapper', { usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }), legacy: true });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'old wrapper');
    assert.deepEqual(r.events.find((e) => e.type === 'usage'), { type: 'usage', usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 } });
  });

  it('yields delta.reasoning_content as reasoning events, apart from the text', async () => {
    fx.server.enqueue({ kind: 'text', text: 'The answer is 4.', reasoning: 'Two plus two is four.', chunkSize: 5 });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.reasoning, 'Two plus two is four.');
    assert.equal(r.text, 'The answer is 4.');
    const firstText = types(r.events).indexOf('text');
    assert.ok(types(r.events).lastIndexOf('reasoning') < firstText, 'thinking comes first');
  });

  it('assembles tool calls by index starting at 1: id and name from the first delta, arguments from fragments', async () => {
    fx.server.enqueue({
      kind: 'stream',
      chunks: [
        aimlChunk({ id: 'm' }),
        aimlChunk({ toolCalls: [{ index: 1, id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"pa' } }] }),
        aimlChunk({ toolCalls: [{ index: 1, function: { arguments: 'th":"a.ts"}' } }] }),
        aimlChunk({ toolCalls: [{ index: 2, id: 'call_b', type: 'function', function: { name: 'search', arguments: '' } }] }),
        aimlChunk({ toolCalls: [{ index: 2, function: { arguments: '{"q":"x"}' } }] }),
        aimlChunk({ finishReason: 'tool_calls' }),
      ],
    });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    const calls = r.events.filter((e) => e.type === 'tool_call');
    assert.deepEqual(calls, [
      { type: 'tool_call', index: 1, id: 'call_a', name: 'read_file', arguments: '{"path":"a.ts"}' },
      { type: 'tool_call', index: 2, id: 'call_b', name: 'search', arguments: '{"q":"x"}' },
    ]);
    assert.deepEqual(r.events.at(-1), { type: 'finish', finishReason: 'tool_calls' });
  });

  it('fails on an in-stream {"error":…} object with the kind of its type, keeping the text before it', async () => {
    fx.server.enqueue({
      kind: 'stream',
      chunks: [aimlChunk({ id: 'm', content: 'partial ' }), { error: { message: 'Overloaded', type: 'overloaded_error' } }],
    });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.text, 'partial ');
    assert.equal(r.error?.kind, 'overloaded');
    assert.equal(r.error?.serverMessage, 'Overloaded');
    assert.equal(fx.server.chatRequests.length, 1);
  });

  it('takes the kind of an in-stream error from its status when given', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [{ error: { message: 'slow down', status: 429 } }] });
    const r = await collect(fx.client({ maxRetries: 0 }).stream(HELLO));
    assert.equal(r.error?.kind, 'rate_limited');
    assert.equal(r.error?.status, 429);
  });

  it('fails on an `event: error` record', async () => {
    fx.server.enqueue({
      kind: 'stream',
      chunks: [aimlChunk({ id: 'm', content: 'so far' }), { $event: 'error', $data: JSON.stringify({ error: { message: 'upstream failed', type: 'api_error' } }) }],
    });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.text, 'so far');
    assert.equal(r.error?.kind, 'server');
    assert.equal(r.error?.serverMessage, 'upstream failed');
  });

  it('reads an `event: error` record with plain-text data as a server error', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'x' }), { $event: 'error', $data: 'something broke' }] });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error?.kind, 'server');
    assert.equal(r.error?.serverMessage, 'something broke');
  });

  it('fails on a malformed JSON chunk as a server error that says so', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'ok ' }), { $data: '{"choices":[{"delta":{"content":"bro' }, aimlChunk({ finishReason: 'stop' })] });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.text, 'ok ');
    assert.equal(r.error?.kind, 'server');
    assert.match(r.error?.message ?? '', /malformed chunk/i);
    assert.equal(r.error?.retryable, false);
  });

  it('fails on a chunk of the wrong shape (choices not an array) as malformed', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [{ $data: '{"choices":"nope"}' }] });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error?.kind, 'server');
    assert.match(r.error?.message ?? '', /malformed chunk.*choices/i);
  });

  it('fails on a JSON chunk that is not an object as malformed', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [{ $data: '42' }] });
    const r = await collect(fx.client().stream(HELLO));
    assert.match(r.error?.message ?? '', /malformed chunk/i);
  });

  it('reads an application/json answer to a stream request as a one-chunk stream', async () => {
    fx.server.enqueue({ kind: 'json', completion: aimlCompletion('Whole answer.', { reasoning: 'Thought first.', finishReason: 'end_turn' }) });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'Whole answer.');
    assert.equal(r.reasoning, 'Thought first.');
    assert.deepEqual(types(r.events), ['start', 'reasoning', 'text', 'usage', 'finish']);
    assert.deepEqual(r.events.at(-1), { type: 'finish', finishReason: 'stop' });
  });

  it('reads tool calls of a whole application/json completion (no index on them)', async () => {
    const toolCalls = [
      { id: 'call_1', type: 'function', function: { name: 'a', arguments: '{}' } },
      { id: 'call_2', type: 'function', function: { name: 'b', arguments: '{"x":1}' } },
    ];
    fx.server.enqueue({ kind: 'json', completion: aimlCompletion('', { toolCalls, finishReason: 'tool_use' }) });
    const r = await collect(fx.client().stream(HELLO));
    assert.deepEqual(
      r.events.filter((e) => e.type === 'tool_call'),
      [
        { type: 'tool_call', index: 0, id: 'call_1', name: 'a', arguments: '{}' },
        { type: 'tool_call', index: 1, id: 'call_2', name: 'b', arguments: '{"x":1}' },
      ],
    );
    assert.deepEqual(r.events.at(-1), { type: 'finish', finishReason: 'tool_calls' });
  });

  it('reads an application/json error object sent with status 200 as an error', async () => {
    fx.server.enqueue({ kind: 'json', completion: { error: { message: 'Invalid model', type: 'invalid_request_error' } } });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error?.kind, 'bad_request');
  });

  for (const [wire, expected] of [
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['length', 'length'],
    ['content_filter', 'content_filter'],
    ['something_new', 'something_new'],
  ] as const) {
    it(`normalises finish_reason ${wire} to ${expected}`, async () => {
      fx.server.enqueue({ kind: 'text', text: 'x', finishReason: wire });
      const r = await collect(fx.client().stream(HELLO));
      assert.deepEqual(r.events.at(-1), { type: 'finish', finishReason: expected });
    });
  }

  it('joins several data: lines of one record with a newline', async () => {
    const chunk = JSON.stringify(aimlChunk({ id: 'm', content: 'multi-line', finishReason: 'stop' }), null, 1);
    fx.server.enqueue({ kind: 'stream', chunks: [{ $data: chunk }] });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'multi-line');
  });

  it('keeps U+2028 and U+2029 inside JSON strings', async () => {
    fx.server.enqueue({ kind: 'text', text: 'line\u2028separator\u2029paragraph', chunkSize: 4 });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.text, 'line\u2028separator\u2029paragraph');
  });

  it('reads a final record that lacks its blank line', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'tail' }), { $raw: `data: ${JSON.stringify(aimlChunk({ finishReason: 'stop' }))}\n` }] });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'tail');
  });

  it('reports a body that ends cleanly in the middle of a record as interrupted, not malformed', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'm', content: 'cut ' }), { $raw: 'data: {"choices":[{"delta":{"content":"in ha' }] });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.text, 'cut ');
    assert.equal(r.error?.kind, 'interrupted');
  });

  it('ignores bare `data:` keep-alive records', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [{ $data: '' }, ...aimlAnswerChunks('after empty data')] });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'after empty data');
  });

  it('receives a large generated answer whole (3,000 chunks)', async () => {
    fx.server.enqueue({ kind: 'large', chunks: 3000, chunkText: 'abc ' });
    const r = await collect(fx.client().stream(HELLO));
    assert.equal(r.error, undefined);
    assert.equal(r.text.length, 3000 * 4);
    assert.deepEqual(r.events.at(-1), { type: 'finish', finishReason: 'stop' });
  });

  it('answers an HTML page sent with status 200 as a server error', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [{ $raw: '<html><body>Captive portal</body></html>' }], contentType: 'text/html' });
    const r = await collect(fx.client({ maxRetries: 0 }).stream(HELLO));
    assert.equal(r.error?.kind, 'server');
    assert.equal(r.error?.serverMessage, 'HTTP 200 OK');
  });
});

describe('AimlClient.complete', () => {
  const fx = useFakeServer();

  it('collects text, reasoning, finish reason, usage, request id and tool calls', async () => {
    fx.server.enqueue({ kind: 'text', text: 'Collected answer', reasoning: 'hmm', finishReason: 'max_tokens', usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } });
    const result = await fx.client().complete(HELLO, { clientRequestId: 'abc.123' });
    assert.deepEqual(result, {
      text: 'Collected answer',
      reasoning: 'hmm',
      finishReason: 'length',
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
      requestId: 'abc.123',
      inferenceId: 'inf-fake-0001',
      toolCalls: [],
    });
  });

  it('rejects with the AimlError of the stream', async () => {
    fx.server.enqueue({ kind: 'error', status: 401 });
    await assert.rejects(fx.client().complete(HELLO), (e: unknown) => (e as { kind?: string }).kind === 'auth');
  });
});
