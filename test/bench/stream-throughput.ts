// Streaming throughput: the core client (AimlClient) against the official `openai` SDK, both
// reading the same large answer (50,000 content chunks by default) from the fake AI/ML server.
//
// - The fake server runs in a child process, so process.cpuUsage() here is the client's CPU alone.
// - The two clients alternate, round after round (one unmeasured warm-up each first), and the
//   figures are medians, so JIT warm-up, GC and machine noise fall on both alike.
// - "raw" is undici reading the same body without parsing it: the ceiling for any client here.
// - MB = 10^6 bytes of HTTP body (the SSE stream), the same bytes for every client.
// Timing never fails the run; only a crash or a wrong answer (text length differs) does.
// Run: npx tsx test/bench/stream-throughput.ts [--json] [--chunks N] [--rounds N]
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { VERSION as OPENAI_VERSION } from 'openai/version';
import { request } from 'undici';
import { AimlClient } from '../../src/core/api';

const ROOT = resolve(__dirname, '..', '..');
const KEY = 'sk-bench-0000000000000000';
const MODEL = 'claude-sonnet-4-5';
const CHUNK_TEXT = 'lorem ipsum ';

export interface RunFigures {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly bodyBytes: number;
  readonly textChars: number;
}

export interface ClientFigures {
  readonly name: string;
  readonly runs: readonly RunFigures[];
  /** Median over the rounds. */
  readonly mbPerSecond: number;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  /** Median CPU seconds per MB of body. */
  readonly cpuSecondsPerMB: number;
}

export interface ThroughputResult {
  readonly chunks: number;
  readonly rounds: number;
  readonly bodyBytes: number;
  readonly textChars: number;
  readonly ours: ClientFigures;
  readonly openai: ClientFigures;
  readonly raw: ClientFigures;
  /** ours / openai MB/s. Goal ≥ 1. */
  readonly throughputRatio: number;
  /** ours / openai CPU seconds per MB. Goal ≤ 1. */
  readonly cpuPerMBRatio: number;
  readonly goalMet: boolean;
  readonly node: string;
  readonly openaiVersion: string;
}

export interface ThroughputOptions {
  chunks?: number;
  rounds?: number;
  log?: (line: string) => void;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** The fake AI/ML server in its own process; resolves with its base URL. */
async function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/fake-api-cli.ts', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FAKE_AIML_KEY: KEY },
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.once('exit', (code) => reject(new Error(`the fake server exited (${code}) before listening`)));
    lines.once('line', (line) => resolveUrl(line.trim()));
  });
  return { url, child };
}

async function stopServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** Queues the large answer for the next chat request (outside the timed region). */
async function enqueueLarge(url: string, chunks: number): Promise<void> {
  const res = await fetch(`${url}/__control/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'large', chunks, chunkText: CHUNK_TEXT }),
  });
  if (!res.ok) throw new Error(`enqueue failed: HTTP ${res.status}`);
  await res.text();
}

type Reader = () => Promise<{ textChars: number; bodyBytes: number }>;

async function measure(read: Reader): Promise<RunFigures> {
  (globalThis as { gc?: () => void }).gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { textChars, bodyBytes } = await read();
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, bodyBytes, textChars };
}

function summarise(name: string, runs: RunFigures[]): ClientFigures {
  const mb = (r: RunFigures): number => r.bodyBytes / 1e6;
  return {
    name,
    runs,
    mbPerSecond: median(runs.map((r) => mb(r) / r.wallSeconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    wallSeconds: median(runs.map((r) => r.wallSeconds)),
    cpuSecondsPerMB: median(runs.map((r) => r.cpuSeconds / mb(r))),
  };
}

export async function runThroughputBench(opts: ThroughputOptions = {}): Promise<ThroughputResult> {
  const chunks = opts.chunks ?? 50_000;
  const rounds = opts.rounds ?? 5;
  const log = opts.log ?? ((): void => undefined);
  const { url, child } = await startServerProcess();
  const ours = new AimlClient({ baseUrl: url, apiKey: KEY, maxRetries: 0, env: {} });
  const sdk = new OpenAI({ baseURL: url, apiKey: KEY, maxRetries: 0 });
  const messages = [{ role: 'user' as const, content: 'Stream the benchmark answer.' }];
  let bodyBytes = 0;

  const readers: Record<'raw' | 'ours' | 'openai', Reader> = {
    // The body as bytes, unparsed: also how the body size is known.
    raw: async () => {
      const res = await request(`${url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ model: MODEL, messages, stream: true }),
      });
      let n = 0;
      for await (const piece of res.body) n += (piece as Buffer).length;
      bodyBytes = n;
      return { textChars: chunks * CHUNK_TEXT.length, bodyBytes: n };
    },
    ours: async () => {
      let n = 0;
      for await (const ev of ours.stream({ model: MODEL, messages, maxTokens: 1024 })) {
        if (ev.type === 'text') n += ev.text.length;
      }
      return { textChars: n, bodyBytes };
    },
    openai: async () => {
      let n = 0;
      const stream = await sdk.chat.completions.create({ model: MODEL, messages, stream: true, max_tokens: 1024 });
      for await (const chunk of stream) {
        const c = chunk.choices[0]?.delta?.content;
        if (c) n += c.length;
      }
      return { textChars: n, bodyBytes };
    },
  };

  const expectedText = chunks * CHUNK_TEXT.length;
  const runs: Record<'raw' | 'ours' | 'openai', RunFigures[]> = { raw: [], ours: [], openai: [] };
  try {
    log(`stream throughput: ${chunks.toLocaleString('en')} chunks, ${rounds} rounds per client, fake server in a child process`);
    for (let round = 0; round <= rounds; round++) {
      // Round 0 warms every path up and is not counted. The order alternates from round to round.
      const order: ('raw' | 'ours' | 'openai')[] = round % 2 ? ['raw', 'ours', 'openai'] : ['raw', 'openai', 'ours'];
      for (const name of order) {
        await enqueueLarge(url, chunks);
        const r = await measure(readers[name]);
        if (r.textChars !== expectedText) throw new Error(`${name}: read ${r.textChars} characters of text, expected ${expectedText}`);
        if (round > 0) runs[name].push(r);
        log(
          `  ${round === 0 ? 'warm-up' : `round ${round}`} ${name.padEnd(6)} ${(r.bodyBytes / 1e6 / r.wallSeconds).toFixed(1).padStart(7)} MB/s  ` +
            `cpu ${r.cpuSeconds.toFixed(3)} s  wall ${r.wallSeconds.toFixed(3)} s`,
        );
      }
    }
  } finally {
    await ours.dispose();
    await stopServerProcess(child);
  }

  const o = summarise('aiml-claude core (AimlClient)', runs.ours);
  const a = summarise('openai SDK', runs.openai);
  const raw = summarise('raw undici body read (no parsing)', runs.raw);
  const throughputRatio = o.mbPerSecond / a.mbPerSecond;
  const cpuPerMBRatio = o.cpuSecondsPerMB / a.cpuSecondsPerMB;
  return {
    chunks,
    rounds,
    bodyBytes,
    textChars: expectedText,
    ours: o,
    openai: a,
    raw,
    throughputRatio,
    cpuPerMBRatio,
    goalMet: throughputRatio >= 1 && cpuPerMBRatio <= 1,
    node: process.version,
    openaiVersion: OPENAI_VERSION,
  };
}

/** The figures as a Markdown table with the ratios below it (also what goes into the README). */
export function formatThroughput(r: ThroughputResult): string {
  const row = (c: ClientFigures): string =>
    `| ${c.name} | ${c.mbPerSecond.toFixed(1)} | ${c.cpuSeconds.toFixed(3)} | ${(c.cpuSecondsPerMB * 1000).toFixed(1)} | ${c.wallSeconds.toFixed(3)} |`;
  return [
    `Stream throughput: ${r.chunks.toLocaleString('en')} chunks, ${(r.bodyBytes / 1e6).toFixed(1)} MB of SSE per answer, ` +
      `median of ${r.rounds} alternating rounds (Node ${r.node}, openai ${r.openaiVersion}; fake server in its own process)`,
    '',
    '| client | MB/s | CPU s | CPU ms per MB | wall s |',
    '|---|---:|---:|---:|---:|',
    row(r.ours),
    row(r.openai),
    row(r.raw),
    '',
    `throughput ours / openai = ${r.throughputRatio.toFixed(2)}× (goal ≥ 1.0×) ${r.throughputRatio >= 1 ? 'met' : 'MISSED'}`,
    `CPU per MB ours / openai = ${r.cpuPerMBRatio.toFixed(2)}× (goal ≤ 1.0×) ${r.cpuPerMBRatio <= 1 ? 'met' : 'MISSED'}`,
  ].join('\n');
}

function numberArg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  return v !== undefined && Number.isInteger(v) && v > 0 ? v : undefined;
}

if (require.main === module) {
  const json = process.argv.includes('--json');
  // With --json, stdout holds the figures alone (for run.mjs); progress goes to stderr.
  runThroughputBench({ chunks: numberArg('chunks'), rounds: numberArg('rounds'), log: (line) => (json ? console.error(line) : console.log(line)) })
    .then((r) => {
      if (json) console.log(JSON.stringify({ result: r, table: formatThroughput(r) }));
      else console.log(`\n${formatThroughput(r)}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
