/**
 * An error that arrives inside the stream reaches the CLI's user with the server's words: on
 * stderr (one sentence) and in --json `error.message`, for both forms a server uses.
 */
import assert from 'node:assert/strict';
import { aimlChunk, type SseItem } from '../../support/fakeAimlServer';
import { assertOneErrorLine, runCli, TEST_KEY, useCliServer } from './helpers';

const FORMS: readonly { name: string; item: (error: Record<string, unknown>) => SseItem }[] = [
  { name: 'data: {"error":…}', item: (error) => ({ error }) },
  { name: 'event: error', item: (error) => ({ $event: 'error', $data: JSON.stringify({ type: 'error', error }) }) },
];

describe('CLI: errors inside the stream', () => {
  const fx = useCliServer();

  for (const form of FORMS) {
    describe(form.name, () => {
      it('stderr names what happened and quotes the server; the partial answer stays on stdout; exit 5', async () => {
        fx.server.enqueue({
          kind: 'stream',
          chunks: [aimlChunk({ id: 'm', content: 'Half of it' }), form.item({ message: 'Upstream model crashed', type: 'api_error' })],
        });
        const run = await runCli(['chat', 'hi'], fx.server);
        assert.equal(run.code, 5);
        assert.equal(run.stdout, 'Half of it');
        assertOneErrorLine(run, /^aiml-claude: The AI\/ML API reported an error while answering; try again in a moment\. The server said: “Upstream model crashed”\. \(request id cli-/);
      });

      it('--json error.message carries the words, with the kind of the record', async () => {
        fx.server.enqueue({
          kind: 'stream',
          chunks: [aimlChunk({ id: 'm', content: 'Some' }), form.item({ message: 'Overloaded, please retry', type: 'overloaded_error' })],
        });
        const run = await runCli(['chat', 'hi', '--json'], fx.server);
        assert.equal(run.code, 4);
        const out = JSON.parse(run.stdout) as { text: string; error: { kind: string; message: string; status: number | null } };
        assert.equal(out.text, 'Some');
        assert.deepEqual(out.error, {
          kind: 'overloaded',
          message: 'The model is overloaded right now; try again in a moment. The server said: “Overloaded, please retry”.',
          status: null,
        });
      });

      it('an in-stream key rejection speaks of AIML_API_KEY and keeps the words (exit 2)', async () => {
        fx.server.enqueue({ kind: 'stream', chunks: [form.item({ message: 'API key revoked', type: 'authentication_error' })] });
        const run = await runCli(['chat', 'hi', '--json'], fx.server);
        assert.equal(run.code, 2);
        const out = JSON.parse(run.stdout) as { error: { message: string } };
        assert.equal(out.error.message, 'The AI/ML API rejected the API key in AIML_API_KEY; set a valid key. The server said: “API key revoked”.');
        assert.match(run.stderr, /The server said: “API key revoked”/);
      });
    });
  }

  it('the words are scrubbed of the key before they are printed', async () => {
    fx.server.enqueue({ kind: 'stream', chunks: [{ error: { message: `key ${TEST_KEY} is over its limit`, type: 'api_error' } }] });
    // Nothing was shown yet, so a server error would be retried: no retries, to see this one.
    const run = await runCli(['chat', 'hi', '--json', '--max-retries', '0'], fx.server);
    assert.equal(run.code, 5, run.stdout + run.stderr);
    const out = JSON.parse(run.stdout) as { error: { message: string } };
    assert.match(out.error.message, /The server said: “key \[redacted\] is over its limit”/);
    // runCli asserts that the key is on neither stdout nor stderr.
  });
});
