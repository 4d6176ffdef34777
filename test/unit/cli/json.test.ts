/**
 * --json: stdout holds exactly one JSON object, written at the end, with the contract's keys and
 * types, for success and for failure, and for refactor with `applied` and `diff`.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempDir, useCliServer, type CliRun } from './helpers';

const KEYS = ['text', 'reasoning', 'finishReason', 'usage', 'model', 'requestId', 'error'];
const REFACTOR_KEYS = [...KEYS, 'applied', 'diff'];

/** Parses stdout as exactly one JSON object (a single line) and checks every key's type. */
function parseOne(run: CliRun, keys = KEYS): Record<string, unknown> {
  assert.ok(run.stdout.endsWith('\n') && run.stdout.indexOf('\n') === run.stdout.length - 1, `one line of JSON: ${run.stdout}`);
  const out = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), keys);
  assert.equal(typeof out.text, 'string');
  assert.equal(typeof out.reasoning, 'string');
  assert.ok(out.finishReason === null || typeof out.finishReason === 'string');
  if (out.usage !== null) {
    const u = out.usage as Record<string, unknown>;
    assert.deepEqual(Object.keys(u), ['promptTokens', 'completionTokens', 'totalTokens', 'cachedTokens', 'reasoningTokens', 'usdSpent']);
    for (const [k, v] of Object.entries(u)) assert.ok(typeof v === 'number' || (v === null && !k.endsWith('totalTokens') && !k.startsWith('prompt') && !k.startsWith('completion')), `${k}: ${String(v)}`);
  }
  assert.equal(typeof out.model, 'string');
  assert.ok(out.requestId === null || typeof out.requestId === 'string');
  if (out.error !== null) {
    const e = out.error as Record<string, unknown>;
    assert.deepEqual(Object.keys(e), ['kind', 'message', 'status']);
    assert.equal(typeof e.kind, 'string');
    assert.equal(typeof e.message, 'string');
    assert.ok(e.status === null || typeof e.status === 'number');
  }
  if (keys === REFACTOR_KEYS) {
    assert.equal(typeof out.applied, 'boolean');
    assert.equal(typeof out.diff, 'string');
  }
  return out;
}

describe('CLI: --json', () => {
  const fx = useCliServer();
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('success: the whole answer, reasoning, finish reason, usage, model and request id', async () => {
    fx.server.enqueue({
      kind: 'text',
      text: 'Final answer.',
      reasoning: 'Hmm.',
      chunkSize: 3,
      usage: { prompt_tokens: 21, completion_tokens: 5, total_tokens: 26, prompt_tokens_details: { cached_tokens: 12 }, completion_tokens_details: { reasoning_tokens: 3 } },
      meta: { usd_spent: 0.0021 },
    });
    const run = await runCli(['chat', 'hi', '--json', '--model', 'claude-opus-4-8'], fx.server);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const out = parseOne(run);
    assert.deepEqual(out, {
      text: 'Final answer.',
      reasoning: 'Hmm.',
      finishReason: 'stop',
      usage: { promptTokens: 21, completionTokens: 5, totalTokens: 26, cachedTokens: 12, reasoningTokens: 3, usdSpent: 0.0021 },
      model: 'claude-opus-4-8',
      requestId: fx.server.chatRequests[0]?.headers['x-client-request-id'],
      error: null,
    });
  });

  it('an API error: kind, message and status, with the request id', async () => {
    fx.server.enqueue({ kind: 'error', status: 403 });
    const run = await runCli(['chat', 'hi', '--json'], fx.server);
    assert.equal(run.code, 2);
    const out = parseOne(run);
    assert.equal(out.text, '');
    assert.equal(out.finishReason, null);
    assert.equal(out.usage, null);
    assert.equal(out.requestId, fx.server.chatRequests[0]?.headers['x-client-request-id']);
    const error = out.error as { kind: string; message: string; status: number };
    assert.equal(error.kind, 'credits');
    assert.equal(error.status, 403);
    assert.match(error.message, /out of credits/);
    assert.match(run.stderr, /out of credits/, 'the sentence is on stderr too');
  });

  it('an interrupted stream keeps the partial text in the JSON', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [{ id: 'm', choices: [{ index: 0, delta: { content: 'Half an' } }] }], drop: true });
    const run = await runCli(['chat', 'hi', '--json', '--max-retries', '0'], fx.server);
    assert.equal(run.code, 5);
    const out = parseOne(run);
    assert.equal(out.text, 'Half an');
    assert.equal((out.error as { kind: string }).kind, 'interrupted');
  });

  it('a usage error before any request is JSON too', async () => {
    const run = await runCli(['chat', 'hi', '--json'], fx.server, { env: { AIML_API_KEY: undefined } });
    assert.equal(run.code, 1);
    const out = parseOne(run);
    assert.deepEqual(out.error, { kind: 'usage', message: 'No API key: set the AIML_API_KEY environment variable.', status: null });
    assert.equal(out.requestId, null);
  });

  it('refactor adds applied and diff', async () => {
    const file = path.join(tmp.dir, 'x.ts');
    writeFileSync(file, 'const x = 1;\n');
    fx.server.enqueue({ kind: 'text', text: '```ts aiml-replacement\nconst x = 2;\n```' });
    const run = await runCli(['refactor', 'x.ts', '--instruction', 'two', '--write', '--json'], fx.server, { cwd: tmp.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '', 'nothing on stderr with --json on success');
    const out = parseOne(run, REFACTOR_KEYS);
    assert.equal(out.applied, true);
    assert.equal(out.diff, '--- a/x.ts\n+++ b/x.ts\n@@ -1,1 +1,1 @@\n-const x = 1;\n+const x = 2;\n');
    assert.equal(readFileSync(file, 'utf8'), 'const x = 2;\n');
  });

  it('refactor without --write: applied false, the diff given', async () => {
    const file = path.join(tmp.dir, 'y.ts');
    writeFileSync(file, 'const y = 1;\n');
    fx.server.enqueue({ kind: 'text', text: '```ts aiml-replacement\nconst y = 2;\n```' });
    const run = await runCli(['refactor', 'y.ts', '--instruction', 'two', '--json'], fx.server, { cwd: tmp.dir });
    assert.equal(run.code, 0, run.stderr);
    const out = parseOne(run, REFACTOR_KEYS);
    assert.equal(out.applied, false);
    assert.match(out.diff as string, /^\+const y = 2;$/m);
    assert.equal(readFileSync(file, 'utf8'), 'const y = 1;\n');
  });

  it('refactor failures keep the refactor keys: unusable answer, unreadable file', async () => {
    const file = path.join(tmp.dir, 'z.ts');
    writeFileSync(file, 'const z = 1;\n');
    fx.server.enqueue({ kind: 'text', text: 'no code here' });
    const unusable = await runCli(['refactor', 'z.ts', '--instruction', 'two', '--json'], fx.server, { cwd: tmp.dir });
    assert.equal(unusable.code, 6);
    const a = parseOne(unusable, REFACTOR_KEYS);
    assert.equal((a.error as { kind: string }).kind, 'unusable_answer');
    assert.equal(a.text, 'no code here');
    assert.equal(a.applied, false);
    assert.equal(a.diff, '');

    const missing = await runCli(['refactor', 'nope.ts', '--instruction', 'two', '--json'], fx.server, { cwd: tmp.dir });
    assert.equal(missing.code, 1);
    const b = parseOne(missing, REFACTOR_KEYS);
    assert.equal((b.error as { kind: string }).kind, 'input');
  });
});
