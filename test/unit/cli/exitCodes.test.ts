/**
 * The CLI's exit codes 2–6 and 130, each provoked through the fake AI/ML server, with the one
 * sentence on stderr and the text that arrived before a failure kept on stdout.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { servedModels } from '../../../src/core/models';
import { assertOneErrorLine, closedPort, runCli, tempDir, TEST_KEY, useCliServer } from './helpers';

describe('CLI: exit codes from the API', () => {
  const fx = useCliServer();

  it('2 on 401: the key was rejected', async () => {
    fx.server.enqueue({ kind: 'error', status: 401 });
    const run = await runCli(['chat', 'hi'], fx.server);
    assert.equal(run.code, 2);
    assertOneErrorLine(run, /rejected the API key in AIML_API_KEY/);
    assert.equal(run.stdout, '');
  });

  it('2 on a wrong key (the server checks it)', async () => {
    const run = await runCli(['chat', 'hi'], fx.server, { env: { AIML_API_KEY: 'sk-wrong-key-000000' } });
    assert.equal(run.code, 2);
    assert.ok(!run.stderr.includes('sk-wrong-key-000000'));
  });

  it('2 on 403: out of credits', async () => {
    fx.server.enqueue({ kind: 'error', status: 403 });
    const run = await runCli(['chat', 'hi'], fx.server);
    assert.equal(run.code, 2);
    assertOneErrorLine(run, /out of credits/);
  });

  it('3 on 404 for the retired claude-3-opus, naming models that work', async () => {
    const run = await runCli(['chat', 'hi', '--model', 'claude-3-opus'], fx.server);
    assert.equal(run.code, 3);
    assertOneErrorLine(run, /Claude 3 Opus \(claude-3-opus\) is no longer served/);
    for (const m of servedModels()) assert.ok(run.stderr.includes(m.id), `names ${m.id}`);
    assert.equal(fx.server.chatRequests.length, 1, 'a 404 is not retried');
  });

  it('3 on 404 for an unknown model', async () => {
    fx.server.enqueue({ kind: 'error', status: 404 });
    const run = await runCli(['chat', 'hi', '--model', 'claude-9-imaginary'], fx.server);
    assert.equal(run.code, 3);
    assertOneErrorLine(run, /does not know the model “claude-9-imaginary”/);
  });

  it('3 on 400 and 422: the request was rejected', async () => {
    for (const status of [400, 422]) {
      fx.server.enqueue({ kind: 'error', status, message: 'Body validation error!' });
      const run = await runCli(['chat', 'hi'], fx.server);
      assert.equal(run.code, 3, String(status));
      assertOneErrorLine(run, /rejected the request as invalid: Body validation error!/);
    }
  });

  it('a server message echoing the key is scrubbed before it is printed', async () => {
    fx.server.enqueue({ kind: 'error', status: 400, message: `Bad header: Authorization: Bearer ${TEST_KEY} (key ${TEST_KEY})` });
    const run = await runCli(['chat', 'hi', '--json'], fx.server);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /\[redacted\]/);
    // runCli asserts that the key is on neither stdout nor stderr.
  });

  it('4 on 429 after the retries (Retry-After honoured)', async () => {
    fx.server.enqueue({ kind: 'error', status: 429, retryAfter: 0 }, { kind: 'error', status: 429, retryAfter: 0 });
    const run = await runCli(['chat', 'hi', '--max-retries', '1'], fx.server);
    assert.equal(run.code, 4);
    assert.equal(fx.server.chatRequests.length, 2, 'one attempt and one retry');
    const lines = run.stderr.trim().split('\n');
    assert.deepEqual(lines.length, 2, run.stderr);
    assert.match(lines[0] as string, /^aiml-claude: rate limited \(HTTP 429\); retry 1 of 1 in 0\.0 s\.$/);
    assert.match(lines[1] as string, /^aiml-claude: The AI\/ML API is limiting the request rate/);
  });

  it('4 on 529 overloaded', async () => {
    fx.server.enqueue({ kind: 'error', status: 529 });
    const run = await runCli(['chat', 'hi', '--max-retries', '0'], fx.server);
    assert.equal(run.code, 4);
    assertOneErrorLine(run, /overloaded/);
  });

  it('5 on a stream dropped mid-answer: the partial text stays on stdout', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [{ id: 'msg_1', choices: [{ index: 0, delta: { content: 'Partial ans' } }] }, { id: '', choices: [{ index: 0, delta: { content: 'wer' } }] }], drop: true });
    const run = await runCli(['chat', 'hi', '--max-retries', '0'], fx.server);
    assert.equal(run.code, 5);
    assert.equal(run.stdout, 'Partial answer');
    assertOneErrorLine(run, /cut off before it finished/);
  });

  it('5 on a stream that ends without a finish reason (interrupted)', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [{ id: 'msg_1', choices: [{ index: 0, delta: { content: 'Half' } }] }] });
    const run = await runCli(['chat', 'hi'], fx.server);
    assert.equal(run.code, 5);
    assert.equal(run.stdout, 'Half');
    assert.equal(fx.server.chatRequests.length, 1, 'never retried once text was shown');
  });

  it('5 on a stalled stream after --timeout seconds of silence (the shortest allowed: 5)', async function () {
    this.timeout(30_000);
    fx.server.enqueue({ kind: 'stream', chunks: [{ id: 'msg_1', choices: [{ index: 0, delta: { content: 'Then silence' } }] }], stall: true });
    const run = await runCli(['chat', 'hi', '--timeout', '5'], fx.server);
    assert.equal(run.code, 5);
    assert.equal(run.stdout, 'Then silence');
    assertOneErrorLine(run, /nothing arrived for 5 seconds, so it was stopped; try again or raise --timeout\./);
  });

  it('5 on 500 with --max-retries 0', async () => {
    fx.server.enqueue({ kind: 'error', status: 500 });
    const run = await runCli(['chat', 'hi', '--max-retries', '0'], fx.server);
    assert.equal(run.code, 5);
    assertOneErrorLine(run, /server error \(HTTP 500\).*\(request id cli-/);
    assert.equal(fx.server.chatRequests.length, 1);
  });

  it('5 on connection refused', async () => {
    const port = await closedPort();
    const run = await runCli(['chat', 'hi', '--max-retries', '0', '--base-url', `http://127.0.0.1:${port}/v1`], undefined);
    assert.equal(run.code, 5);
    assertOneErrorLine(run, new RegExp(`Could not reach 127\\.0\\.0\\.1:${port}`));
  });

  describe('6: refactor answers that cannot be applied leave the file byte-identical', () => {
    let tmp: ReturnType<typeof tempDir>;
    let file: string;
    const original = Buffer.from('def f():\r\n    return 1\r\n', 'utf8');
    beforeEach(() => {
      tmp = tempDir();
      file = path.join(tmp.dir, 'f.py');
      writeFileSync(file, original);
    });
    afterEach(() => tmp.remove());

    it('a truncated answer (finish reason length)', async () => {
      fx.server.enqueue({ kind: 'text', text: '```python\ndef f():\n    return 2\n```\n', finishReason: 'length' });
      const run = await runCli(['refactor', 'f.py', '--instruction', 'two', '--write'], fx.server, { cwd: tmp.dir });
      assert.equal(run.code, 6);
      assertOneErrorLine(run, /cut off at the output limit, so f\.py was not changed/);
      assert.ok(readFileSync(file).equals(original));
      assert.equal(run.stdout, '', 'no diff for an unusable answer');
    });

    it('max_tokens (Anthropic wording) counts as truncated too', async () => {
      fx.server.enqueue({ kind: 'text', text: '```python\ndef f():\n    return 2\n```\n', finishReason: 'max_tokens' });
      const run = await runCli(['refactor', 'f.py:2', '--instruction', 'two', '--write'], fx.server, { cwd: tmp.dir });
      assert.equal(run.code, 6);
      assert.ok(readFileSync(file).equals(original));
    });

    it('an answer with no code block', async () => {
      fx.server.enqueue({ kind: 'text', text: 'I would rather not change this function.' });
      const run = await runCli(['refactor', 'f.py:1-2', '--instruction', 'two', '--write'], fx.server, { cwd: tmp.dir });
      assert.equal(run.code, 6);
      assertOneErrorLine(run, /no code block to apply; f\.py was not changed/);
      assert.ok(readFileSync(file).equals(original));
    });

    it('an answer whose only block is never closed', async () => {
      fx.server.enqueue({ kind: 'text', text: '```python\ndef f():\n    return 2\n' });
      const run = await runCli(['refactor', 'f.py', '--instruction', 'two', '--write'], fx.server, { cwd: tmp.dir });
      assert.equal(run.code, 6);
      assert.ok(readFileSync(file).equals(original));
    });
  });

  describe('130 on Ctrl-C', () => {
    const longAnswer = 'abcdefghijklmnopqrstuvwxyz'.repeat(8);

    it('aborts the request at the socket and keeps the partial text on stdout', async () => {
      fx.server.enqueue({ kind: 'text', text: longAnswer, chunkSize: 4, delayMs: 40 });
      let sent = false;
      const run = await runCli(['chat', 'hi'], fx.server, {
        onStdout: (_chunk, child) => {
          if (!sent) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      });
      assert.equal(run.code, 130);
      await fx.server.waitForClientClose(1);
      assert.equal(fx.server.clientCloses, 1, 'the server saw the client close the response');
      assert.ok(run.stdout.length > 0 && run.stdout.length < longAnswer.length, `partial text, got ${run.stdout.length} chars`);
      assert.ok(longAnswer.startsWith(run.stdout), 'what was printed is the start of the answer');
      assertOneErrorLine(run, /cancelled/);
    });

    it('with --json, prints the JSON with the partial text and error kind cancelled', async () => {
      // The text arrives at once, then the stream stalls: what the client holds at Ctrl-C is known.
      fx.server.enqueue({
        kind: 'stream',
        chunks: [{ id: 'msg_1', choices: [{ index: 0, delta: { content: 'Partial ' } }] }, { id: '', choices: [{ index: 0, delta: { content: 'JSON' } }] }],
        stall: true,
      });
      const run = await runCli(['chat', 'hi', '--json'], fx.server, {
        // A timer, not a wall-clock assertion: it gives the two chunks time to reach the client.
        onRequest: (child) => setTimeout(() => child.kill('SIGINT'), 300),
      });
      assert.equal(run.code, 130);
      await fx.server.waitForClientClose(1);
      const out = JSON.parse(run.stdout) as Record<string, unknown>;
      assert.equal(out.text, 'Partial JSON');
      assert.deepEqual(out.error, { kind: 'cancelled', message: 'The request was cancelled.', status: null });
      assert.equal(out.finishReason, null);
      assert.equal(out.usage, null);
      assertOneErrorLine(run, /cancelled/);
    });
  });
});
