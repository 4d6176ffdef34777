/**
 * Runs the built CLI (dist/cli.js) as a subprocess against the fake AI/ML server, the way a user
 * runs it: real argv, real environment, real pipes, real signals.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FakeAimlServer } from '../../support/fakeAimlServer';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
/**
 * The tests run a copy of the freshly built dist/cli.js (the same bytes: it is one self-contained
 * bundle), so that another build started meanwhile (esbuild.mjs empties dist/ first) cannot pull
 * it away mid-suite.
 */
const CLI_COPY_DIR = mkdtempSync(path.join(os.tmpdir(), 'aiml-cli-bin-'));
export const CLI = path.join(CLI_COPY_DIR, 'cli.js');
process.on('exit', () => rmSync(CLI_COPY_DIR, { recursive: true, force: true }));
/** Looks like a real key; every run asserts it never appears in the output. */
export const TEST_KEY = 'sk-aiml-CLITESTKEY-7d1e5b3a9c0f2e4d6b8a';

let built: Promise<void> | undefined;

/** Builds the bundles once per test process (esbuild.mjs builds all three; the CLI is one of them). */
export function buildCli(): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) {
      reject(new Error(`esbuild.mjs failed (${r.status}): ${r.stderr}`));
      return;
    }
    copyFileSync(path.join(ROOT, 'dist', 'cli.js'), CLI);
    resolve();
  });
  return built;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout as the child's separate writes arrived (more than one: the answer streamed). */
  stdoutChunks: string[];
}

export interface RunOptions {
  /** Extra or replaced environment variables; `undefined` values remove one. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed. Without it stdin is /dev/null. */
  input?: string;
  cwd?: string;
  /** Called with every piece of stdout, with the child (to signal it). */
  onStdout?: (chunk: string, child: ChildProcess) => void;
  onStderr?: (chunk: string, child: ChildProcess) => void;
  /** Called once, as soon as the fake server has received the child's chat request. */
  onRequest?: (child: ChildProcess) => void;
}

/** A minimal environment: no proxy variables or keys leak in from the machine running the tests. */
export function baseEnv(server: FakeAimlServer | undefined): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NO_COLOR: '1', AIML_API_KEY: TEST_KEY };
  if (server) env.AIML_BASE_URL = server.url;
  return env;
}

export function runCli(args: string[], server: FakeAimlServer | undefined, opts: RunOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = { ...baseEnv(server) };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? ROOT,
      env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const run: CliRun = { code: null, signal: null, stdout: '', stderr: '', stdoutChunks: [] };
    // Polled rather than hooked into the server: the fake server is shared and knows no children.
    // Always cleared when the child ends, so a failed test cannot leave a timer keeping mocha alive.
    const requestsBefore = server?.chatRequests.length ?? 0;
    const poll =
      opts.onRequest && server
        ? setInterval(() => {
            if (server.chatRequests.length > requestsBefore) {
              clearInterval(poll);
              opts.onRequest?.(child);
            }
          }, 5)
        : undefined;
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => {
      run.stdout += c;
      run.stdoutChunks.push(c);
      opts.onStdout?.(c, child);
    });
    child.stderr?.on('data', (c: string) => {
      run.stderr += c;
      opts.onStderr?.(c, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      run.code = code;
      run.signal = signal;
      try {
        // The one rule every run keeps, whatever it tested.
        assert.ok(!run.stdout.includes(TEST_KEY), 'the key appeared on stdout');
        assert.ok(!run.stderr.includes(TEST_KEY), 'the key appeared on stderr');
        resolve(run);
      } catch (e) {
        reject(e);
      }
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** One line on stderr, prefixed "aiml-claude: ": the contract's "one clear sentence". */
export function assertOneErrorLine(run: CliRun, pattern: RegExp): void {
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0] as string, /^aiml-claude: /);
  assert.match(lines[0] as string, pattern);
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aiml-cli-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The last user message of a recorded chat request. */
export function lastUserContent(body: unknown): string {
  const messages = (body as { messages?: { role: string; content: string }[] }).messages ?? [];
  return [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

/** One fake server per suite (with the test key as its only valid key) and the CLI built once. */
export function useCliServer(): { readonly server: FakeAimlServer } {
  let server: FakeAimlServer | undefined;
  before(async function () {
    this.timeout(60_000);
    await buildCli();
    server = await FakeAimlServer.start({ validKey: TEST_KEY });
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(() => server?.reset());
  return {
    get server(): FakeAimlServer {
      if (!server) throw new Error('fake server not started');
      return server;
    },
  };
}
