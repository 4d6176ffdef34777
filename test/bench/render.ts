// Render benchmark, in real chromium: a 100,000-character answer streamed in 5,000 chunks.
//   incremental — IncrementalRenderer, its frame callback run after every chunk (the worst case:
//                 a real webview renders at most once per animation frame), and after every 8.
//   naive       — the whole message rendered again (markdown-it + sanitise + DOM) on every chunk;
//                 measured on every 10th chunk and scaled, as all 5,000 take minutes.
//   single      — one render of the final text.
// Every variant ends with one forced layout, and its final DOM must equal renderFull's.
// Goals (docs/architecture.md, Budgets): incremental ≤ 2× single, naive ≥ 20× incremental, on
// the page's main-thread CPU time (wall-clock is printed too; it swings with the machine's load).
// Timing never fails the run; only a crash or a wrong final DOM does.
// Run: npx tsx test/bench/render.ts    Use: runRenderBench() and formatResult() from a runner.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { chunk, makeAnswer } from './render-corpus';

const ROOT = resolve(__dirname, '..', '..');
const ANSWER_CHARS = 100_000;
const CHUNKS = 5_000;
const NAIVE_STRIDE = 10;
const REPS = 7;
const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--expose-gc',
];

export interface Timing {
  /** Median main-thread CPU time (chromium's ThreadTime), the figure the ratios use. */
  readonly medianCpuMs: number;
  /** Median wall-clock time inside the page. */
  readonly medianWallMs: number;
  readonly cpuMs: readonly number[];
  readonly renders: number;
  /** Median wall-clock ms per chunk in each quarter of the answer (flat = cost does not grow). */
  readonly perChunkByQuarterMs: readonly number[];
}

export interface Result {
  readonly bundleBytes: number;
  readonly bundleGzipBytes: number;
  readonly answerChars: number;
  readonly chunks: number;
  readonly single: Timing;
  /** Scheduler fired after every chunk: the worst case (a real frame never renders twice). */
  readonly incremental: Timing;
  /** Scheduler fired after every 8 chunks. */
  readonly incrementalBatched: Timing;
  /** Estimated from the sampled run (see naiveNote). */
  readonly naive: Timing;
  /** incremental / single, CPU time. Goal ≤ 2. */
  readonly incrementalOverSingle: number;
  /** naive / incremental, CPU time. Goal ≥ 20. */
  readonly naiveOverIncremental: number;
  /** The same two ratios on wall-clock time (noisy when the machine is busy). */
  readonly incrementalOverSingleWall: number;
  readonly naiveOverIncrementalWall: number;
  readonly naiveNote: string;
}

async function bundle(entry: string, globalName?: string): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [join(ROOT, entry)], bundle: true, format: 'iife', platform: 'browser',
    write: false, minify: true, ...(globalName ? { globalName } : {}),
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

type Variant = 'single' | 'incremental' | 'batched' | 'naive' | 'noop';

interface Sample {
  readonly cpu: number;
  readonly wall: number;
  readonly renders: number;
  readonly quarters: readonly number[];
}

export async function runRenderBench(log: (line: string) => void = () => {}): Promise<Result> {
  const renderBundle = await bundle('src/webview/render/index.ts', 'aimlRender');
  const pageBundle = await bundle('test/bench/render-page.ts');
  const text = makeAnswer(ANSWER_CHARS);
  const chunks = chunk(text, CHUNKS);

  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const userDataDir = mkdtempSync(join(ROOT, '.bench', 'chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ content: pageBundle });
    // CPU time of the page's main thread: on a busy machine wall-clock time mostly measures the
    // neighbours, so the ratios are taken on CPU time (wall-clock is printed too).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const threadTime = async (): Promise<number> => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
      return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN) * 1000;
    };

    const runOnce = async (variant: Variant): Promise<Sample> => {
      await page.evaluate(() => (globalThis as { gc?: () => void }).gc?.());
      const before = await threadTime();
      const r = await page.evaluate(([v, stride]) => {
        if (v === 'noop') return { ms: 0, renders: 0, quarters: [] };
        if (v === 'single') return renderBench.single();
        if (v === 'incremental') return renderBench.incremental(1);
        if (v === 'batched') return renderBench.incremental(8);
        return renderBench.naive(stride);
      }, [variant, NAIVE_STRIDE] as const);
      const cpu = (await threadTime()) - before;
      if (variant !== 'noop' && !(await page.evaluate(() => renderBench.check()))) {
        throw new Error(`${variant}: the final DOM differs from renderFull of the text`);
      }
      return { cpu, wall: r.ms, renders: r.renders, quarters: r.quarters };
    };

    // Warm up the JIT on a smaller answer so the first measured variant is not penalised.
    await page.evaluate((c) => renderBench.load(c), chunk(makeAnswer(20_000, 3), 1_000, 3));
    for (const v of ['single', 'incremental', 'naive'] as const) await runOnce(v);
    await page.evaluate((c) => renderBench.load(c), chunks);

    log(`render bench: ${text.length} chars in ${chunks.length} chunks, chromium (CPU ms / wall ms, medians)`);
    // Interleaved, so a burst of load on the machine hits all variants alike.
    const samples: Record<Variant, Sample[]> = { single: [], incremental: [], batched: [], naive: [], noop: [] };
    for (let rep = 0; rep < REPS; rep++) {
      for (const v of ['noop', 'single', 'incremental', 'batched'] as const) samples[v].push(await runOnce(v));
    }
    // What a measurement costs with nothing rendered (the call into the page, the metrics
    // request): taken off every CPU figure so it does not shrink the ratios.
    const overhead = median(samples.noop.map((x) => x.cpu));
    // Rendering the whole message on each of the 5,000 chunks takes minutes here, too long for
    // one bench run: render it on every NAIVE_STRIDE-th chunk (the whole text so far, each time)
    // and scale by the stride. The sampled renders are spread evenly over the answer, so the sum
    // estimates the full run.
    samples.naive.push(await runOnce('naive'));

    const timing = (v: Variant, scale = 1): Timing => {
      const xs = samples[v].map((x) => ({ ...x, cpu: Math.max(0, x.cpu - overhead) }));
      const chunksPerQuarter = CHUNKS / 4 / scale;
      return {
        medianCpuMs: median(xs.map((x) => x.cpu)) * scale,
        medianWallMs: median(xs.map((x) => x.wall)) * scale,
        cpuMs: xs.map((x) => x.cpu * scale),
        renders: scale === 1 ? (xs[0]?.renders ?? 0) : CHUNKS,
        perChunkByQuarterMs: [0, 1, 2, 3].filter((q) => (xs[0]?.quarters.length ?? 0) > q).map((q) => median(xs.map((x) => x.quarters[q] ?? 0)) / chunksPerQuarter),
      };
    };
    const single = timing('single');
    const incremental = timing('incremental');
    const incrementalBatched = timing('batched');
    const naive = timing('naive', NAIVE_STRIDE);
    const sampled = samples.naive[0];
    for (const [label, t] of [['single render of the final text', single], ['incremental, a frame per chunk', incremental], ['incremental, a frame per 8 chunks', incrementalBatched], [`naive (estimated ×${NAIVE_STRIDE})`, naive]] as const) {
      log(`  ${label.padEnd(34)} ${t.medianCpuMs.toFixed(1).padStart(9)} / ${t.medianWallMs.toFixed(1).padStart(9)}  (${t.cpuMs.map((x) => x.toFixed(0)).join(', ')})`);
    }
    return {
      bundleBytes: Buffer.byteLength(renderBundle),
      bundleGzipBytes: gzipSync(renderBundle).length,
      answerChars: text.length,
      chunks: chunks.length,
      single,
      incremental,
      incrementalBatched,
      naive,
      incrementalOverSingle: incremental.medianCpuMs / single.medianCpuMs,
      naiveOverIncremental: naive.medianCpuMs / incremental.medianCpuMs,
      incrementalOverSingleWall: incremental.medianWallMs / single.medianWallMs,
      naiveOverIncrementalWall: naive.medianWallMs / incremental.medianWallMs,
      naiveNote:
        `naive measured on every ${NAIVE_STRIDE}th chunk (${sampled?.renders ?? 0} renders of the whole text so far, ` +
        `${((sampled?.cpu ?? 0) - overhead).toFixed(0)} ms CPU) and scaled ×${NAIVE_STRIDE}; 1 repetition. ` +
        `CPU figures are chromium's main-thread time less the ${overhead.toFixed(1)} ms a call with no rendering costs`,
    };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

const quarters = (t: Timing): string => t.perChunkByQuarterMs.map((ms) => (ms * 1000).toFixed(0)).join(' / ');

export function formatResult(r: Result): string {
  const row = (name: string, t: Timing): string =>
    `| ${name} | ${t.medianCpuMs.toFixed(1)} | ${t.medianWallMs.toFixed(1)} | ${t.renders} | ${t.cpuMs.length} |`;
  return [
    `Render bench (chromium): a ${r.answerChars.toLocaleString('en')}-character answer in ${r.chunks.toLocaleString('en')} chunks`,
    '',
    '| variant | median CPU ms | median wall ms | renders | runs |',
    '|---|---:|---:|---:|---:|',
    row('one render of the final text', r.single),
    row('incremental, a frame per chunk (worst case)', r.incremental),
    row('incremental, a frame per 8 chunks', r.incrementalBatched),
    row('naive: the whole message on every chunk (estimated)', r.naive),
    '',
    `incremental / single = ${r.incrementalOverSingle.toFixed(2)}× CPU, ${r.incrementalOverSingleWall.toFixed(2)}× wall (goal ≤ 2×): ${r.incrementalOverSingle <= 2 ? 'met' : 'MISSED'}`,
    `naive / incremental = ${r.naiveOverIncremental.toFixed(0)}× CPU, ${r.naiveOverIncrementalWall.toFixed(0)}× wall (goal ≥ 20×): ${r.naiveOverIncremental >= 20 ? 'met' : 'MISSED'}`,
    `cost per chunk by quarter of the answer (µs): incremental ${quarters(r.incremental)}; naive ${quarters(r.naive)}`,
    `render bundle: ${(r.bundleBytes / 1024).toFixed(1)} KB minified, ${(r.bundleGzipBytes / 1024).toFixed(1)} KB gzip`,
    r.naiveNote,
  ].join('\n');
}

if (require.main === module) {
  runRenderBench((line) => console.log(line))
    .then((r) => console.log(`\n${formatResult(r)}`))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
