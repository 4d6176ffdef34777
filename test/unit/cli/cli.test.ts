/**
 * The `aiml-claude` CLI, run as the built dist/cli.js in a subprocess against the fake AI/ML
 * server: what succeeds (exit 0) and what is refused before any request (exit 1).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { version } from '../../../package.json';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { assertOneErrorLine, lastUserContent, runCli, tempDir, TEST_KEY, useCliServer } from './helpers';

describe('CLI: success (exit 0)', () => {
  const fx = useCliServer();
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('chat streams the answer to stdout as it arrives, in several writes', async () => {
    const answer = 'Streaming works: one, two, three, four, five.';
    fx.server.enqueue({ kind: 'text', text: answer, chunkSize: 6, delayMs: 25 });
    const run = await runCli(['chat', 'Say something'], fx.server);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, answer);
    assert.ok(run.stdoutChunks.length >= 3, `expected several writes, got ${run.stdoutChunks.length}`);
    assert.equal(run.stderr, '');
    const req = fx.server.chatRequests[0];
    assert.ok(req);
    const body = req.body as Record<string, unknown>;
    assert.equal(body.model, DEFAULT_SETTINGS.model);
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, DEFAULT_SETTINGS.maxOutputTokens);
    assert.equal(body.temperature, DEFAULT_SETTINGS.temperature);
    assert.equal(typeof body.system, 'string');
    assert.equal(lastUserContent(body), 'Say something');
    assert.equal(req.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.match(String(req.headers['x-client-request-id']), /^cli-[0-9a-f-]{36}$/);
  });

  it('chat reads the prompt from stdin when no argument is given', async () => {
    const run = await runCli(['chat'], fx.server, { input: 'What is a closure?\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(lastUserContent(fx.server.chatRequests[0]?.body), 'What is a closure?\n');
    assert.equal(run.stdout, 'You asked: What is a closure?\n');
  });

  it('chat passes --model, --max-tokens, --temperature and --system through', async () => {
    const run = await runCli(
      ['chat', 'hi', '--model', 'claude-opus-4-5', '--max-tokens=1000', '--temperature', '0.7', '--system', 'Answer in French.'],
      fx.server,
    );
    assert.equal(run.code, 0, run.stderr);
    const body = fx.server.chatRequests[0]?.body as Record<string, unknown>;
    assert.equal(body.model, 'claude-opus-4-5');
    assert.equal(body.max_tokens, 1000);
    assert.equal(body.temperature, 0.7);
    assert.equal(body.system, 'Answer in French.');
  });

  it('a chat answer cut off at the output limit is kept (exit 0) with a note on stderr', async () => {
    fx.server.enqueue({ kind: 'text', text: 'Cut sho', finishReason: 'length' });
    const run = await runCli(['chat', 'hi', '--max-tokens', '300'], fx.server);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, 'Cut sho');
    assertOneErrorLine(run, /cut off at the output limit \(--max-tokens 300\)/);
  });

  it('reasoning goes to stderr, each line prefixed, and stdout holds only the answer', async () => {
    fx.server.enqueue({ kind: 'text', text: 'The answer.', reasoning: 'First I think.\nThen I answer.', chunkSize: 5 });
    const run = await runCli(['chat', 'think'], fx.server);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'The answer.');
    assert.equal(run.stderr, 'thinking> First I think.\nthinking> Then I answer.\n');
  });

  it('explain sends the requested lines (1-based, inclusive) with their context', async () => {
    const file = path.join(tmp.dir, 'math.py');
    writeFileSync(file, 'import math\n\ndef area(r):\n    return math.pi * r * r\n\nprint(area(2))\n');
    fx.server.enqueue({ kind: 'text', text: 'It computes the area of a circle.', chunkSize: 8 });
    const run = await runCli(['explain', `${file}:3-4`], fx.server, { cwd: tmp.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'It computes the area of a circle.');
    const message = lastUserContent(fx.server.chatRequests[0]?.body);
    assert.match(message, /Explain this Python code from `math\.py`, lines 3–4\./);
    assert.match(message, /The code to explain \(lines 3–4\):\n```python\ndef area\(r\):\n {4}return math\.pi \* r \* r\n```/);
    assert.match(message, /Lines 1–2, above it \(context only, unchanged\):\n```python\nimport math\n/);
    assert.match(message, /Lines 5–6, below it \(context only, unchanged\):\n```python\n\nprint\(area\(2\)\)\n```/);
  });

  it('explain FILE alone sends the whole file', async () => {
    const file = path.join(tmp.dir, 'a.js');
    writeFileSync(file, 'const a = 1;\nconst b = 2;\n');
    const run = await runCli(['explain', 'a.js'], fx.server, { cwd: tmp.dir });
    assert.equal(run.code, 0, run.stderr);
    const message = lastUserContent(fx.server.chatRequests[0]?.body);
    assert.match(message, /lines 1–2/);
    assert.match(message, /Nothing was selected, so this is the whole file\./);
  });

  it('refactor prints a unified diff of the proposal and leaves the file alone without --write', async () => {
    const file = path.join(tmp.dir, 'util.ts');
    const original = 'export function twice(x: number) {\n  return x + x;\n}\n';
    writeFileSync(file, original);
    fx.server.enqueue({ kind: 'text', text: 'Here it is:\n\n```typescript aiml-replacement\n  return 2 * x;\n```\n', chunkSize: 7 });
    const run = await runCli(['refactor', 'util.ts:2', '--instruction', 'multiply'], fx.server, { cwd: tmp.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      ['--- a/util.ts', '+++ b/util.ts', '@@ -1,3 +1,3 @@', ' export function twice(x: number) {', '-  return x + x;', '+  return 2 * x;', ' }', ''].join('\n'),
    );
    assert.equal(readFileSync(file, 'utf8'), original);
    assert.match(lastUserContent(fx.server.chatRequests[0]?.body), /multiply/);
  });

  it('refactor --write changes exactly the range, keeping CRLF and the trailing newline, atomically', async () => {
    const file = path.join(tmp.dir, 'win.ts');
    writeFileSync(file, 'function a() {\r\n  return 1;\r\n}\r\n\r\nfunction b() {\r\n  return 2;\r\n}\r\n');
    fx.server.enqueue({ kind: 'text', text: '```typescript aiml-replacement\nfunction b() {\n  return 20;\n}\n```', chunkSize: 9 });
    const run = await runCli(['refactor', 'win.ts:5-7', '--instruction', 'return 20', '--write'], fx.server, { cwd: tmp.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(file, 'utf8'), 'function a() {\r\n  return 1;\r\n}\r\n\r\nfunction b() {\r\n  return 20;\r\n}\r\n');
    assert.match(run.stdout, /^- {2}return 2;\r$/m);
    assert.match(run.stdout, /^\+ {2}return 20;\r$/m);
    assert.match(run.stderr, /^aiml-claude: applied the change to win\.ts\.\n$/);
    assert.deepEqual(readdirSync(tmp.dir), ['win.ts'], 'no temporary file is left behind');
  });

  it('refactor --write keeps a file without a final newline without one', async () => {
    const file = path.join(tmp.dir, 'last.py');
    writeFileSync(file, 'x = 1\ny = 2');
    fx.server.enqueue({ kind: 'text', text: '```python\ny = 3\n```\n' });
    const run = await runCli(['refactor', 'last.py:2', '--instruction', 'three', '--write'], fx.server, { cwd: tmp.dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(readFileSync(file, 'utf8'), 'x = 1\ny = 3');
  });

  it('--help prints the usage and exits 0 without a key; --version prints the version', async () => {
    const help = await runCli(['--help'], undefined, { env: { AIML_API_KEY: undefined } });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /aiml-claude chat \[PROMPT\]/);
    assert.match(help.stdout, /aiml-claude refactor FILE\[:START\[-END\]\] --instruction TEXT \[--write\]/);
    assert.match(help.stdout, /AIML_API_KEY/);
    assert.match(help.stdout, /thinking> /);
    for (const code of ['0', '1', '2', '3', '4', '5', '6', '130']) assert.match(help.stdout, new RegExp(`^  ${code} +\\S`, 'm'));
    const short = await runCli(['chat', '-h'], undefined);
    assert.equal(short.stdout, help.stdout);
    const v = await runCli(['--version'], undefined);
    assert.equal(v.code, 0);
    assert.equal(v.stdout, `${version}\n`);
  });
});

describe('CLI: usage and bad input (exit 1), nothing sent', () => {
  const fx = useCliServer();
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => {
    tmp.remove();
    assert.equal(fx.server.chatRequests.length, 0, 'no request may be sent');
  });

  it('no key: says to set AIML_API_KEY', async () => {
    const run = await runCli(['chat', 'hello'], fx.server, { env: { AIML_API_KEY: undefined } });
    assert.equal(run.code, 1);
    assertOneErrorLine(run, /AIML_API_KEY/);
    assert.equal(run.stdout, '');
  });

  it('an empty key counts as none', async () => {
    const run = await runCli(['chat', 'hello'], fx.server, { env: { AIML_API_KEY: '   ' } });
    assert.equal(run.code, 1);
    assertOneErrorLine(run, /AIML_API_KEY/);
  });

  it('--api-key is refused, pointing at the environment variable, without echoing the value', async () => {
    for (const args of [
      ['chat', 'hi', `--api-key=${TEST_KEY}`],
      ['chat', 'hi', '--api-key', TEST_KEY],
      ['chat', 'hi', '--key', TEST_KEY],
    ]) {
      const run = await runCli(args, fx.server);
      assert.equal(run.code, 1);
      assertOneErrorLine(run, /not accepted: the API key is read from the AIML_API_KEY environment variable only/);
    }
  });

  it('an unreadable file', async () => {
    const run = await runCli(['explain', 'missing.ts'], fx.server, { cwd: tmp.dir });
    assert.equal(run.code, 1);
    assertOneErrorLine(run, /^aiml-claude: Cannot read missing\.ts: no such file\.$/);
    const dir = await runCli(['explain', tmp.dir], fx.server);
    assert.equal(dir.code, 1);
    assertOneErrorLine(dir, /it is a directory/);
  });

  it('bad ranges: reversed, zero, past the end, not numbers', async () => {
    writeFileSync(path.join(tmp.dir, 'f.ts'), 'a\nb\nc\n');
    const cases: [string, RegExp][] = [
      ['f.ts:3-2', /end line comes before the start line/],
      ['f.ts:0', /numbered from 1/],
      ['f.ts:2-4', /it has 3 lines/],
      ['f.ts:9', /it has 3 lines/],
      ['f.ts:two', /Bad line range “two”/],
      ['f.ts:1-', /Bad line range “1-”/],
    ];
    for (const [spec, pattern] of cases) {
      const run = await runCli(['explain', spec], fx.server, { cwd: tmp.dir });
      assert.equal(run.code, 1, spec);
      assertOneErrorLine(run, pattern);
    }
  });

  it('bad flag values, validated by the settings schemas, name the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--temperature', '1.5'], /--temperature must be between 0 and 1/],
      [['--max-tokens', 'lots'], /--max-tokens must be a number, got “lots”/],
      [['--max-tokens', '12'], /--max-tokens must be at least 256/],
      [['--max-retries', '2.5'], /--max-retries must be a whole number/],
      [['--timeout', '1'], /--timeout must be at least 5/],
      [['--base-url', 'ftp://example.com'], /--base-url must be an http:\/\/ or https:\/\/ URL/],
      [['--model', 'claude sonnet'], /--model must be a model id/],
      [['--model'], /--model needs a value/],
      [['--frobnicate'], /Unknown option --frobnicate/],
    ];
    for (const [flags, pattern] of cases) {
      const run = await runCli(['chat', 'hi', ...flags], fx.server);
      assert.equal(run.code, 1, flags.join(' '));
      assertOneErrorLine(run, pattern);
    }
    const env = await runCli(['chat', 'hi'], fx.server, { env: { AIML_BASE_URL: 'not a url' } });
    assert.equal(env.code, 1);
    assertOneErrorLine(env, /AIML_BASE_URL must be an http/);
  });

  it('a plain http base URL off this machine is refused, from --base-url and from AIML_BASE_URL, before anything is sent', async () => {
    // The key travels in the Authorization header: plain http may only reach loopback.
    const flag = await runCli(['chat', 'hi', '--base-url', 'http://attacker.example/v1'], fx.server);
    assert.equal(flag.code, 1);
    assertOneErrorLine(flag, /--base-url must be an https:\/\/ URL: plain http:\/\/ is accepted only for localhost/);
    const env = await runCli(['chat', 'hi'], fx.server, { env: { AIML_BASE_URL: 'http://10.1.2.3:8080/v1' } });
    assert.equal(env.code, 1);
    assertOneErrorLine(env, /AIML_BASE_URL must be an https:\/\/ URL/);
    for (const run of [flag, env]) assert.ok(!run.stderr.includes(TEST_KEY) && !run.stdout.includes(TEST_KEY));
  });

  it('usage mistakes: no command, unknown command, missing file, missing --instruction, misplaced --write', async () => {
    const cases: [string[], RegExp][] = [
      [[], /No command given/],
      [['summarise'], /Unknown command “summarise”/],
      [['explain'], /explain needs a file/],
      [['refactor', 'f.ts'], /refactor needs --instruction/],
      [['chat', 'hi', '--write'], /--write applies to refactor, and to chat --tools --edits/],
    ];
    for (const [args, pattern] of cases) {
      const run = await runCli(args, fx.server);
      assert.equal(run.code, 1, args.join(' '));
      assertOneErrorLine(run, pattern);
    }
  });

  it('an empty prompt on stdin', async () => {
    const run = await runCli(['chat'], fx.server, { input: '  \n' });
    assert.equal(run.code, 1);
    assertOneErrorLine(run, /No prompt/);
  });

  it('over the model context: exit 1 with the numbers, before any request', async () => {
    const file = path.join(tmp.dir, 'huge.ts');
    writeFileSync(file, 'const value = 1234567890;\n'.repeat(30_000)); // ≈ 780,000 characters
    const run = await runCli(['explain', 'huge.ts'], fx.server, { cwd: tmp.dir });
    assert.equal(run.code, 1);
    assertOneErrorLine(run, /^aiml-claude: The file is about [\d,]+ tokens; Claude Sonnet 4\.5 accepts 200,000 including 8,192 for the answer\./);
  });

  it('refactor --write refuses when the file changed while the request ran', async () => {
    const file = path.join(tmp.dir, 'race.ts');
    writeFileSync(file, 'let a = 1;\nlet b = 2;\n');
    fx.server.enqueue({ kind: 'text', text: '```ts\nlet a = 10;\n```\n', chunkSize: 2, delayMs: 20 });
    const run = await runCli(['refactor', 'race.ts:1', '--instruction', 'ten', '--write'], fx.server, {
      cwd: tmp.dir,
      onRequest: () => writeFileSync(file, 'let a = 1;\nlet b = 3;\n'),
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /race\.ts changed while the request ran, so the proposal was not written/);
    assert.equal(readFileSync(file, 'utf8'), 'let a = 1;\nlet b = 3;\n');
    fx.server.reset(); // this one case did send a request
  });
});
