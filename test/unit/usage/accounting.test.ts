/**
 * Usage accounting against the real loopback fake server: a finish chunk's usage with cached and
 * reasoning tokens and a cost, read by the real client; the rounds of a tool-using answer summed
 * (cached and reasoning tokens and the cost too); the CLI-facing and panel-facing wording.
 */
import assert from 'node:assert/strict';
import type { Usage } from '../../../src/core/api';
import { runToolLoop, ToolSet, WORKSPACE_TOOLS, type LoopEvent } from '../../../src/core/tools';
import { addUsage, describeUsage, formatUsageLine, meterUsage, usageFromReport } from '../../../src/core/usage';
import { aimlChunk } from '../../support/fakeAimlScripts';
import { toolCallScript } from '../../support/fakeToolScripts';
import { collect, useFakeServer } from '../api/helpers';
import { makeToolFixture, type ToolFixture } from '../tools/fixture';

const REQUEST = { model: 'claude-sonnet-4-5', messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 100 };

function usageOf(events: readonly { type: string }[]): Usage | undefined {
  const u = events.filter((e): e is { type: 'usage'; usage: Usage } => e.type === 'usage');
  assert.ok(u.length <= 1, 'one usage event per request');
  return u[0]?.usage;
}

describe('usage: accounting', () => {
  const fake = useFakeServer();

  it('reads prompt, cached, output and reasoning tokens and the cost from the finish chunk', async () => {
    fake.server.enqueue({
      kind: 'text',
      text: 'Hello there.',
      usage: { prompt_tokens: 1200, completion_tokens: 90, total_tokens: 1290, prompt_tokens_details: { cached_tokens: 1000 }, completion_tokens_details: { reasoning_tokens: 40 } },
      meta: { usd_spent: 0.0042, credits_used: 8400 },
    });
    const out = await collect(fake.client().stream(REQUEST));
    assert.equal(out.error, undefined);
    assert.deepEqual(usageOf(out.events), { promptTokens: 1200, completionTokens: 90, totalTokens: 1290, cachedTokens: 1000, reasoningTokens: 40, creditsUsed: 8400, usdSpent: 0.0042 });
  });

  it('leaves cached, reasoning and cost out when the service does not report them (never a made-up 0)', async () => {
    fake.server.enqueue({ kind: 'text', text: 'Plain.', usage: { prompt_tokens: 16, completion_tokens: 2, total_tokens: 18 } });
    const out = await collect(fake.client().stream(REQUEST));
    assert.deepEqual(usageOf(out.events), { promptTokens: 16, completionTokens: 2, totalTokens: 18 });
    assert.equal(formatUsageLine({ promptTokens: 16, completionTokens: 2 }), '16 tokens in · 2 out');
  });

  it('keeps the finish chunk’s details when a later chunk repeats usage without them, or sends usage: null', async () => {
    fake.server.enqueue({
      kind: 'stream',
      chunks: [
        aimlChunk({ id: 'msg_1', content: 'Hi' }),
        aimlChunk({ finishReason: 'stop', usage: { prompt_tokens: 50, completion_tokens: 5, total_tokens: 55, prompt_tokens_details: { cached_tokens: 30 }, completion_tokens_details: { reasoning_tokens: 2 } } }),
        { id: '', choices: [{ index: 0, finish_reason: 'stop' }], usage: { prompt_tokens: 50, completion_tokens: 5, total_tokens: 55, prompt_tokens_details: null } },
        { id: '', choices: [], usage: null },
      ],
    });
    const out = await collect(fake.client().stream(REQUEST));
    assert.deepEqual(usageOf(out.events), { promptTokens: 50, completionTokens: 5, totalTokens: 55, cachedTokens: 30, reasoningTokens: 2 });
  });

  it('normalises Anthropic names passed through (input/output, cache_read_input_tokens)', () => {
    assert.deepEqual(usageFromReport({ input_tokens: 10, output_tokens: 3, cache_read_input_tokens: 7 }), { promptTokens: 10, completionTokens: 3, totalTokens: 13, cachedTokens: 7 });
  });

  it('sums every field, the optional ones only when reported, and dollars without float noise', () => {
    const a: Usage = { promptTokens: 100, completionTokens: 10, totalTokens: 110, cachedTokens: 80, usdSpent: 0.1 };
    const b: Usage = { promptTokens: 200, completionTokens: 20, totalTokens: 220, reasoningTokens: 5, usdSpent: 0.2 };
    assert.deepEqual(addUsage(a, b), { promptTokens: 300, completionTokens: 30, totalTokens: 330, cachedTokens: 80, reasoningTokens: 5, usdSpent: 0.3 });
    assert.deepEqual(addUsage(undefined, b), b);
    assert.notEqual(addUsage(undefined, b), b, 'a copy, not the same object');
    const plain: Usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2 };
    assert.deepEqual(addUsage(plain, plain), { promptTokens: 2, completionTokens: 2, totalTokens: 4 });
  });

  it('words a usage compactly for the footer and fully for its tooltip', () => {
    const u: Usage = { promptTokens: 12_345, completionTokens: 678, totalTokens: 13_023, cachedTokens: 10_000, reasoningTokens: 120, usdSpent: 0.0042 };
    assert.equal(formatUsageLine(u), '12,345 tokens in (10,000 cached) · 678 out (120 reasoning) · $0.0042');
    assert.equal(describeUsage(u), '12,345 prompt tokens (10,000 from the cache), 678 output tokens (120 of them reasoning), 13,023 in all; cost $0.0042 as reported by the AI/ML API');
    assert.equal(formatUsageLine({ promptTokens: 1, completionTokens: 1, creditsUsed: 2100 }), '1 tokens in · 1 out · 2,100 credits');
    assert.equal(formatUsageLine({ promptTokens: 1, completionTokens: 1, usdSpent: 1.5 }), '1 tokens in · 1 out · $1.50');
  });

  it('meterUsage hands each request’s usage on as the stream passes it, and changes nothing', async () => {
    fake.server.enqueue({ kind: 'text', text: 'Metered.', usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12, prompt_tokens_details: { cached_tokens: 4 } } });
    const seen: Usage[] = [];
    const out = await collect(meterUsage(fake.client().stream(REQUEST), (u) => seen.push(u)));
    assert.equal(out.text, 'Metered.');
    assert.deepEqual(seen, [{ promptTokens: 9, completionTokens: 3, totalTokens: 12, cachedTokens: 4 }]);
  });

  describe('an answer with tool rounds', () => {
    let fx: ToolFixture;
    before(() => (fx = makeToolFixture()));
    after(() => fx.cleanup());

    it('is several requests: prompt, cached, output, reasoning tokens and the cost are summed across rounds', async () => {
      fake.server.enqueue(
        toolCallScript([{ name: 'read_file', arguments: { path: 'src/config.ts' } }], {
          usage: { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 800 }, completion_tokens_details: { reasoning_tokens: 30 } },
          meta: { usd_spent: 0.01 },
        }),
      );
      fake.server.enqueue(
        toolCallScript([{ name: 'list_files', arguments: {} }], {
          usage: { prompt_tokens: 1500, completion_tokens: 40, total_tokens: 1540, prompt_tokens_details: { cached_tokens: 1000 } },
          meta: { usd_spent: 0.02 },
        }),
      );
      fake.server.enqueue({
        kind: 'text',
        text: 'parseConfig is in src/config.ts.',
        usage: { prompt_tokens: 2000, completion_tokens: 60, total_tokens: 2060, prompt_tokens_details: { cached_tokens: 1500 }, completion_tokens_details: { reasoning_tokens: 10 } },
        meta: { usd_spent: 0.03 },
      });
      const events: LoopEvent[] = [];
      const metered: Usage[] = [];
      const client = fake.client();
      const result = await runToolLoop({
        client: { stream: (req, opts) => meterUsage(client.stream(req, opts), (u) => metered.push(u)) },
        request: { model: 'claude-sonnet-4-5', system: 'sys', messages: [{ role: 'user', content: 'Where is parseConfig?' }], maxTokens: 1000 },
        tools: new ToolSet(WORKSPACE_TOOLS),
        context: fx.ctx(),
        maxRounds: 5,
        onEvent: (e) => events.push(e),
      });
      assert.equal(fake.server.chatRequests.length, 3, 'three requests');
      const total = { promptTokens: 4500, completionTokens: 150, totalTokens: 4650, cachedTokens: 3300, reasoningTokens: 40, usdSpent: 0.06 };
      assert.deepEqual(result.usage, total);
      // The loop's usage events are the running sum: the last one is the answer's.
      const last = events.filter((e): e is Extract<LoopEvent, { type: 'usage' }> => e.type === 'usage').at(-1);
      assert.deepEqual(last?.usage, total);
      // Today's total is metered per request: the three add up to the same.
      assert.equal(metered.length, 3);
      assert.deepEqual(metered.reduce<Usage | undefined>((s, u) => addUsage(s, u), undefined), total);
    });
  });
});
