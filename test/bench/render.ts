// Render benchmark, in real chromium: a 100,000-character answer streamed in 5,000 chunks.
//   incremental      — IncrementalRenderer, its frame callback run after every chunk (the worst
//                      case: a real webview renders at most once per animation frame), and after
//                      every 8 chunks.
//   naive per frame  — what a careful peer does: the whole message rendered again (markdown-it +
//                      DOMPurify + DOM) at most once per frame; frames every 8 chunks, as above.
//   naive per chunk  — the whole message rendered again on every chunk, all 5,000 of them.
//   single           — one render of the final text.
// Every render in the tables was run: none is estimated. Every variant ends with one forced
// layout, and its final DOM must equal renderFull's.
// Goals (the budgets of the architecture notes): incremental ≤ 2× single, naive per chunk ≥ 20×
// incremental, on the page's main-thread CPU time (wall-clock is printed too; it swings with the
// machine's load). Timing never fails the run; only a crash or a wrong final DOM does.
// Run: npx tsx test/bench/render.ts    Use: runRenderBench() and formatResult() from a runner.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../harness/paths.mjs';
import { chunk, makeAnswer } from './render-corpus';

const ROOT = resolve(__dirname, '..', '..');
const ANSWER_CHARS = 100_000;
const CHUNKS = 5_000;
/** Chunks per animation frame in the batched variants (incremental and naive per frame). */
const FRAME_EVERY = 8;
const REPS = 7;
/** The naive variants take seconds to minutes a run: fewer repetitions. */
const NAIVE_FRAME_REPS = 3;
const NAIVE_CHUNK_REPS = 1;
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
  /** Renders run in one repetition (frame callbacks for incremental, whole-text renders for naive). */
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
  /** Scheduler fired after every FRAME_EVERY chunks. */
  readonly incrementalBatched: Timing;
  /** The whole text rendered once per frame, frames as in incrementalBatched. */
  readonly naivePerFrame: Timing;
  /** The whole text rendered on every chunk: every one of the renders run. */
  readonly naivePerChunk: Timing;
  readonly frameEvery: number;
  /** incremental / single, CPU time. Goal ≤ 2. */
  readonly incrementalOverSingle: number;
  /** naive per chunk / incremental (a frame per chunk): the same 5,000 frames. Goal ≥ 20. */
  readonly naiveOverIncremental: number;
  /** naive per frame / incremental batched: the same frames, the careful peer's way against ours. */
  readonly naivePerFrameOverBatched: number;
  /** The same ratios on wall-clock time (noisy when the machine is busy). */
  readonly incrementalOverSingleWall: number;
  readonly naiveOverIncrementalWall: number;
  readonly naivePerFrameOverBatchedWall: number;
  /** The CPU a measurement costs with nothing rendered, taken off every CPU figure. */
  readonly overheadCpuMs: number;
}

export async function bundle(entry: string, globalName?: string): Promise<string> {
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

type Variant = 'single' | 'incremental' | 'batched' | 'naiveFrame' | 'naiveChunk' | 'noop';

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
    executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS,
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
      const r = await page.evaluate(([v, every]) => {
        if (v === 'noop') return { ms: 0, renders: 0, quarters: [] };
        if (v === 'single') return renderBench.single();
        if (v === 'incremental') return renderBench.incremental(1);
        if (v === 'batched') return renderBench.incremental(every);
        if (v === 'naiveFrame') return renderBench.naive(every);
        return renderBench.naive(1);
      }, [variant, FRAME_EVERY] as const);
      const cpu = (await threadTime()) - before;
      if (variant !== 'noop' && !(await page.evaluate(() => renderBench.check()))) {
        throw new Error(`${variant}: the final DOM differs from renderFull of the text`);
      }
      return { cpu, wall: r.ms, renders: r.renders, quarters: r.quarters };
    };

    // Warm up the JIT on a smaller answer so the first measured variant is not penalised.
    await page.evaluate((c) => renderBench.load(c), chunk(makeAnswer(20_000, 3), 1_000, 3));
    for (const v of ['single', 'incremental', 'naiveChunk'] as const) await runOnce(v);
    await page.evaluate((c) => renderBench.load(c), chunks);

    log(`render bench: ${text.length} chars in ${chunks.length} chunks, chromium (CPU ms / wall ms, medians)`);
    // Interleaved, so a burst of load on the machine hits all variants alike.
    const samples: Record<Variant, Sample[]> = { single: [], incremental: [], batched: [], naiveFrame: [], naiveChunk: [], noop: [] };
    for (let rep = 0; rep < REPS; rep++) {
      for (const v of ['noop', 'single', 'incremental', 'batched'] as const) samples[v].push(await runOnce(v));
      if (rep < NAIVE_FRAME_REPS) samples.naiveFrame.push(await runOnce('naiveFrame'));
    }
    // What a measurement costs with nothing rendered (the call into the page, the metrics
    // request): taken off every CPU figure so it does not shrink the ratios.
    const overhead = median(samples.noop.map((x) => x.cpu));
    // All 5,000 renders of the whole text so far, each one run: minutes of CPU, so once.
    log(`  naive per chunk: ${CHUNKS} renders of the whole text so far (minutes)…`);
    for (let rep = 0; rep < NAIVE_CHUNK_REPS; rep++) samples.naiveChunk.push(await runOnce('naiveChunk'));

    const timing = (v: Variant): Timing => {
      const xs = samples[v].map((x) => ({ ...x, cpu: Math.max(0, x.cpu - overhead) }));
      const chunksPerQuarter = CHUNKS / 4;
      return {
        medianCpuMs: median(xs.map((x) => x.cpu)),
        medianWallMs: median(xs.map((x) => x.wall)),
        cpuMs: xs.map((x) => x.cpu),
        renders: xs[0]?.renders ?? 0,
        perChunkByQuarterMs: [0, 1, 2, 3].filter((q) => (xs[0]?.quarters.length ?? 0) > q).map((q) => median(xs.map((x) => x.quarters[q] ?? 0)) / chunksPerQuarter),
      };
    };
    const single = timing('single');
    const incremental = timing('incremental');
    const incrementalBatched = timing('batched');
    const naivePerFrame = timing('naiveFrame');
    const naivePerChunk = timing('naiveChunk');
    const rows = [
      ['single render of the final text', single],
      ['incremental, a frame per chunk', incremental],
      [`incremental, a frame per ${FRAME_EVERY} chunks`, incrementalBatched],
      [`naive, once per frame (${FRAME_EVERY} chunks)`, naivePerFrame],
      ['naive, on every chunk', naivePerChunk],
    ] as const;
    for (const [label, t] of rows) {
      log(`  ${label.padEnd(36)} ${String(t.renders).padStart(5)} renders ${t.medianCpuMs.toFixed(1).padStart(9)} / ${t.medianWallMs.toFixed(1).padStart(9)}  (${t.cpuMs.map((x) => x.toFixed(0)).join(', ')})`);
    }
    return {
      bundleBytes: Buffer.byteLength(renderBundle),
      bundleGzipBytes: gzipSync(renderBundle).length,
      answerChars: text.length,
      chunks: chunks.length,
      single,
      incremental,
      incrementalBatched,
      naivePerFrame,
      naivePerChunk,
      frameEvery: FRAME_EVERY,
      incrementalOverSingle: incremental.medianCpuMs / single.medianCpuMs,
      naiveOverIncremental: naivePerChunk.medianCpuMs / incremental.medianCpuMs,
      naivePerFrameOverBatched: naivePerFrame.medianCpuMs / incrementalBatched.medianCpuMs,
      incrementalOverSingleWall: incremental.medianWallMs / single.medianWallMs,
      naiveOverIncrementalWall: naivePerChunk.medianWallMs / incremental.medianWallMs,
      naivePerFrameOverBatchedWall: naivePerFrame.medianWallMs / incrementalBatched.medianWallMs,
      overheadCpuMs: overhead,
    };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

const quarters = (t: Timing): string => t.perChunkByQuarterMs.map((ms) => (ms * 1000).toFixed(0)).join(' / ');

export function formatResult(r: Result): string {
  const row = (name: string, t: Timing): string =>
    `| ${name} | ${t.renders.toLocaleString('en')} | ${t.medianCpuMs.toFixed(1)} | ${t.medianWallMs.toFixed(1)} | ${t.cpuMs.length} |`;
  const n = r.frameEvery;
  return [
    `Render bench (chromium): a ${r.answerChars.toLocaleString('en')}-character answer in ${r.chunks.toLocaleString('en')} chunks. ` +
      'Every render counted was run (none estimated); "renders" are frame callbacks for the incremental renderer, whole-text renders for the naive ones.',
    '',
    '| strategy | renders run | median CPU ms | median wall ms | runs |',
    '|---|---:|---:|---:|---:|',
    row('one render of the final text', r.single),
    row('incremental, a frame per chunk (worst case)', r.incremental),
    row(`incremental, a frame per ${n} chunks`, r.incrementalBatched),
    row(`naive per frame: markdown-it + DOMPurify of the whole text once per frame, a frame per ${n} chunks`, r.naivePerFrame),
    row('naive per chunk: the whole text on every chunk', r.naivePerChunk),
    '',
    `incremental / single = ${r.incrementalOverSingle.toFixed(2)}× CPU, ${r.incrementalOverSingleWall.toFixed(2)}× wall (goal ≤ 2×): ${r.incrementalOverSingle <= 2 ? 'met' : 'MISSED'}`,
    `naive per chunk / incremental, the same ${r.chunks.toLocaleString('en')} frames = ${r.naiveOverIncremental.toFixed(0)}× CPU, ${r.naiveOverIncrementalWall.toFixed(0)}× wall (goal ≥ 20×): ${r.naiveOverIncremental >= 20 ? 'met' : 'MISSED'}`,
    `naive per frame / incremental, the same ${r.incrementalBatched.renders.toLocaleString('en')} frames = ${r.naivePerFrameOverBatched.toFixed(1)}× CPU, ${r.naivePerFrameOverBatchedWall.toFixed(1)}× wall`,
    `cost per chunk by quarter of the answer (µs): incremental ${quarters(r.incremental)}; naive per frame ${quarters(r.naivePerFrame)}; naive per chunk ${quarters(r.naivePerChunk)}`,
    `render bundle: ${(r.bundleBytes / 1024).toFixed(1)} KB minified, ${(r.bundleGzipBytes / 1024).toFixed(1)} KB gzip`,
    `CPU figures are chromium's main-thread time less the ${r.overheadCpuMs.toFixed(1)} ms a call with no rendering costs.`,
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
