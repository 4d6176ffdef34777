import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isAimlError } from '../../../src/core/api';
import { runToolLoop, STUB_PREFIX, ToolSet, WORKSPACE_TOOLS, type LoopEvent, type Tool } from '../../../src/core/tools';
import { toolCallScript } from '../../support/fakeToolScripts';
import { useFakeServer } from '../api/helpers';
import { makeToolFixture, type ToolFixture } from './fixture';

interface WireBody {
  messages: Array<{ role: string; content: string | null; tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string; parameters: { properties: Record<string, unknown> } } }>;
  tool_choice?: unknown;
}

describe('tools: the tool loop against the fake AI/ML server', () => {
  const fake = useFakeServer();
  let fx: ToolFixture;
  before(() => (fx = makeToolFixture()));
  after(() => fx.cleanup());

  const tools = new ToolSet(WORKSPACE_TOOLS);
  const question = { role: 'user' as const, content: 'Where is parseConfig used?' };

  async function run(opts: { maxRounds?: number; maxPromptTokens?: number; signal?: AbortSignal; tools?: ToolSet } = {}) {
    const events: LoopEvent[] = [];
    const result = await runToolLoop({
      client: fake.client(),
      request: { model: 'claude-sonnet-4-5', system: 'sys', messages: [question], maxTokens: 1000 },
      tools: opts.tools ?? tools,
      context: fx.ctx(opts.signal ? { signal: opts.signal } : {}),
      maxRounds: opts.maxRounds ?? 15,
      ...(opts.maxPromptTokens ? { maxPromptTokens: opts.maxPromptTokens } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      onEvent: (e) => events.push(e),
    });
    const bodies = fake.server.chatRequests.map((r) => r.body as WireBody);
    const text = events.filter((e): e is Extract<LoopEvent, { type: 'text' | 'gap' }> => e.type === 'text' || e.type === 'gap').map((e) => e.text).join('');
    return { result, events, bodies, text };
  }

  it('read → search → answer: each round sends the assistant turn with its calls and one result per call, in order', async () => {
    fake.server.enqueue(
      toolCallScript([{ name: 'read_file', arguments: { path: 'src/config.ts', start_line: 5, end_line: 6 }, id: 'toolu_read' }], { text: 'Let me read the config.' }),
      toolCallScript([{ name: 'search_text', arguments: { query: 'parseConfig', glob: '**/*.ts' }, id: 'toolu_search' }], { indexBase: 1 }),
      { kind: 'text', text: 'It is used in `src/main.ts` on lines 1 and 3.' },
    );
    const { result, events, bodies, text } = await run();
    assert.equal(bodies.length, 3);
    assert.deepEqual(bodies[0]?.tools?.map((t) => t.function.name), ['read_file', 'list_files', 'search_text']);
    assert.equal(bodies[0]?.tool_choice, 'auto');
    const second = bodies[1]?.messages ?? [];
    assert.deepEqual(second.slice(-2).map((m) => m.role), ['assistant', 'tool']);
    assert.equal(second.at(-2)?.content, 'Let me read the config.');
    assert.deepEqual(second.at(-2)?.tool_calls, [{ id: 'toolu_read', type: 'function', function: { name: 'read_file', arguments: '{"path":"src/config.ts","start_line":5,"end_line":6}' } }]);
    assert.equal(second.at(-1)?.tool_call_id, 'toolu_read');
    assert.match(second.at(-1)?.content ?? '', /^src\/config\.ts — lines 5–6 of 7\n5\texport function parseConfig/);
    const third = bodies[2]?.messages ?? [];
    assert.equal(third.at(-2)?.content, null, 'no text in that round: content null');
    assert.equal(third.at(-1)?.tool_call_id, 'toolu_search');
    assert.match(third.at(-1)?.content ?? '', /src\/main\.ts:3: const config = parseConfig/);
    assert.equal(text, 'Let me read the config.\n\nIt is used in `src/main.ts` on lines 1 and 3.');
    assert.deepEqual(
      events.filter((e) => e.type === 'tool_end').map((e) => (e.type === 'tool_end' ? e.outcome.summary : '')),
      ['Read `src/config.ts` 5–6', 'Searched `parseConfig` in `**/*.ts` — 3 matches'],
    );
    assert.equal(result.rounds.length, 3);
    assert.equal(result.finishReason, 'stop');
    assert.deepEqual(result.messages.map((m) => m.role), ['assistant', 'tool', 'assistant', 'tool', 'assistant']);
    assert.equal(result.usage?.promptTokens, 100 + 100 + 16, 'usage summed over the rounds');
  });

  it('two calls in one turn run and are answered in the order they were made', async () => {
    fake.server.enqueue(
      toolCallScript([
        { name: 'list_files', arguments: { glob: '*.md' }, id: 'a' },
        { name: 'read_file', arguments: { path: 'README.md' }, id: 'b' },
      ]),
      { kind: 'text', text: 'Done.' },
    );
    const { bodies } = await run();
    const msgs = bodies[1]?.messages ?? [];
    assert.deepEqual(msgs.slice(-3).map((m) => [m.role, m.tool_call_id ?? null]), [['assistant', null], ['tool', 'a'], ['tool', 'b']]);
    assert.equal(msgs.at(-2)?.content, 'README.md');
    assert.match(msgs.at(-1)?.content ?? '', /Call parseConfig/);
  });

  const errorCases: Array<[string, { name: string; arguments: Record<string, unknown> | string }, RegExp]> = [
    ['an unknown tool', { name: 'run_shell', arguments: { cmd: 'rm -rf /' } }, /no tool named "run_shell"/],
    ['malformed JSON arguments', { name: 'read_file', arguments: '{"path": "src/main.ts"' }, /not a JSON object/],
    ['a path outside the root', { name: 'read_file', arguments: { path: '../outside/secret.txt' } }, /outside the workspace/],
    ['a symbolic link out', { name: 'read_file', arguments: { path: 'link-out.txt' } }, /symbolic link/],
    ['.env', { name: 'read_file', arguments: { path: '.env' } }, /excluded/],
    ['a binary file', { name: 'read_file', arguments: { path: 'image.png' } }, /binary/],
    ['a missing file', { name: 'read_file', arguments: { path: 'src/gone.ts' } }, /not found/],
  ];
  for (const [name, call, pattern] of errorCases) {
    it(`${name}: an error result goes back to the model and the turn goes on`, async () => {
      fake.server.enqueue(toolCallScript([{ ...call, id: 'x' }]), { kind: 'text', text: 'Sorry, I could not read that.' });
      const { bodies, text, result } = await run();
      assert.equal(bodies.length, 2);
      const tool = bodies[1]?.messages.at(-1);
      assert.equal(tool?.role, 'tool');
      assert.match(tool?.content ?? '', /^Error: /);
      assert.match(tool?.content ?? '', pattern);
      assert.doesNotMatch(tool?.content ?? '', /SECRET/);
      assert.equal(result.rounds[0]?.calls[0]?.ok, false);
      assert.equal(text, 'Sorry, I could not read that.');
    });
  }

  it('the round limit: one last request with tool_choice "none" (tools still listed), and the answer', async () => {
    const call = () => toolCallScript([{ name: 'list_files', arguments: {} }]);
    fake.server.enqueue(call(), call(), call(), toolCallScript([{ name: 'list_files', arguments: {} }], { text: 'Still looking.' }));
    const { bodies, events, text, result } = await run({ maxRounds: 3 });
    assert.equal(bodies.length, 4);
    assert.deepEqual(bodies.map((b) => b.tool_choice), ['auto', 'auto', 'auto', 'none']);
    assert.equal(bodies[3]?.tools?.length, 3);
    assert.ok(events.some((e) => e.type === 'notice' && e.notice.kind === 'round_limit' && e.notice.rounds === 3));
    assert.equal(text, 'Still looking.', 'a call on the final request is not run: its text is the answer');
    assert.equal(result.rounds.at(-1)?.calls.length, 0);
  });

  it('tools refused by the service: asked again once without tools, and said', async () => {
    fake.server.enqueue({ kind: 'error', status: 400, message: 'tools: Extra inputs are not permitted' }, { kind: 'text', text: 'Answer without tools.' });
    const { bodies, events, text } = await run();
    assert.equal(bodies.length, 2);
    assert.ok(bodies[0]?.tools);
    assert.equal(bodies[1]?.tools, undefined);
    assert.equal(bodies[1]?.tool_choice, undefined);
    const notice = events.find((e) => e.type === 'notice');
    assert.ok(notice?.type === 'notice' && notice.notice.kind === 'tools_refused');
    assert.equal(text, 'Answer without tools.');
  });

  it('another 400 is not about tools: it fails the turn, one request', async () => {
    fake.server.enqueue({ kind: 'error', status: 400, message: 'max_tokens: too large' });
    await assert.rejects(run(), (e: unknown) => isAimlError(e) && e.kind === 'bad_request');
    assert.equal(fake.server.chatRequests.length, 1);
  });

  it('Stop during a tool: the tool is cancelled, no further request, the error is a cancellation', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const slow: Tool = {
      spec: { name: 'slow', description: 'waits', parameters: { type: 'object', properties: {} } },
      run: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          started();
          ctx.signal?.addEventListener('abort', () => reject(ctx.signal?.reason), { once: true });
        }),
    };
    fake.server.enqueue(toolCallScript([{ name: 'slow', arguments: {} }]), { kind: 'text', text: 'never' });
    const abort = new AbortController();
    const done = run({ signal: abort.signal, tools: new ToolSet([slow]) });
    await running;
    abort.abort(new Error('stopped by the user'));
    await assert.rejects(done, /stopped by the user/);
    assert.equal(fake.server.chatRequests.length, 1);
  });

  it('results that would overflow the context are stubbed, oldest first, and said', async () => {
    fs.writeFileSync(path.join(fx.root, 'big.txt'), 'word '.repeat(20_000));
    fake.server.enqueue(
      toolCallScript([{ name: 'read_file', arguments: { path: 'big.txt' }, id: 'r1' }]),
      toolCallScript([{ name: 'read_file', arguments: { path: 'big.txt' }, id: 'r2' }]),
      { kind: 'text', text: 'ok' },
    );
    const { bodies, events } = await run({ maxPromptTokens: 50_000 });
    const last = bodies[2]?.messages ?? [];
    const results = last.filter((m) => m.role === 'tool');
    assert.equal(results.length, 2);
    assert.ok(results[0]?.content?.startsWith(STUB_PREFIX), 'the oldest result is a stub');
    assert.ok(!results[1]?.content?.startsWith(STUB_PREFIX), 'the newest is kept');
    assert.ok(events.some((e) => e.type === 'notice' && e.notice.kind === 'results_stubbed' && e.notice.count === 1));
  });

  it('Anthropic-style tool_use finish and calls indexed from 1 are handled the same', async () => {
    fake.server.enqueue(toolCallScript([{ name: 'list_files', arguments: { glob: '*.md' } }], { finishReason: 'tool_use', indexBase: 1 }), { kind: 'text', text: 'README.md it is.' });
    const { bodies, text } = await run();
    assert.equal(bodies.length, 2);
    assert.equal(bodies[1]?.messages.at(-1)?.content, 'README.md');
    assert.equal(text, 'README.md it is.');
  });
});
