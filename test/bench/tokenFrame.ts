// A token's frame in a long conversation, in real chromium: the chat panel as it ships (the
// webview bundle built from src/webview/main.ts, media/chat.css) holding a 200-turn conversation,
// one answer streaming; each delta is traced, and the browser's rendering work for it summed
// (style, layout, pre-paint, paint, layerize). The baseline, measured in the same run and
// interleaved with it, is the same panel without the per-message layout containment
// (`.message { contain: none }`), which is what the panel was before it.
// The frame is what stands between a token reaching the panel's DOM and its paint: the README's
// first-token figures in a long conversation wait on it. Timing never fails the run.
// Run: npx tsx test/bench/tokenFrame.ts    Use: runTokenFrameBench() and formatTokenFrame().
import fs from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumPath } from '../harness/paths.mjs';
import { bundle } from './render';
import { longConversation, median, quantile } from './workbench';

const ROOT = resolve(__dirname, '..', '..');
const TURNS = 200;
const DELTAS = 60;
/** A side panel's size. */
const VIEWPORT = { width: 420, height: 900 };
/** The trace events of the rendering lifecycle, by phase. */
const PHASES = { style: 'UpdateLayoutTree', layout: 'Layout', prePaint: 'PrePaint', paint: 'Paint', layerize: 'Layerize' } as const;
type Phase = keyof typeof PHASES;
const BASELINE_CSS = '.message { contain: none; }';

export interface Figures {
  /** Median ms of each phase per delta. */
  readonly phases: Record<Phase, number>;
  /** All phases together per delta: median and p95. */
  readonly totalMedian: number;
  readonly totalP95: number;
  readonly n: number;
}

export interface TokenFrameResult {
  readonly turns: number;
  readonly nodes: number;
  readonly shipped: Figures;
  readonly baseline: Figures;
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
}

async function openPanel(browser: Browser, script: string, extraCss: string): Promise<Page> {
  const css = fs.readFileSync(join(ROOT, 'media', 'chat.css'), 'utf8') + extraCss;
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.setContent(`<!doctype html><html><head><style>${css}</style></head><body data-l10n="{}"><div id="app" class="app"></div></body></html>`);
  // The host's side of the panel: the webview API the page asks for, and the messages it sends.
  await page.evaluate(() => {
    (globalThis as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });
  });
  await page.addScriptTag({ content: script });
  const conv = longConversation(TURNS);
  const model = { id: conv.model, label: 'Claude Sonnet 4.5', contextTokens: 200_000, maxOutputTokens: 64_000, retired: false };
  const init = { type: 'init', conversationId: conv.id, messages: conv.turns, history: [], model: conv.model, models: [model], hasKey: true, thinking: false, busy: false, trust: { restricted: false, bannerDismissed: false } };
  await page.evaluate((m) => window.postMessage(m, '*'), init);
  await page.waitForFunction((n) => document.querySelectorAll('.message').length >= n, TURNS);
  const now = Date.now();
  const started = {
    type: 'turnStarted',
    user: { id: 'u-bench', role: 'user', text: 'One more question?', createdAt: now },
    assistant: { id: 'a-bench', role: 'assistant', text: '', model: conv.model, status: 'streaming', createdAt: now },
  };
  await page.evaluate((m) => window.postMessage(m, '*'), started);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page;
}

/** One delta, traced until two frames later: the ms of each rendering phase it cost. */
async function tracedDelta(browser: Browser, page: Page, k: number): Promise<Record<Phase, number>> {
  // The panel in front, as when the user reads the answer (a tab behind renders differently).
  await page.bringToFront();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.evaluate(
    (text) =>
      new Promise<void>((done) => {
        window.postMessage({ type: 'delta', id: 'a-bench', text }, '*');
        requestAnimationFrame(() => requestAnimationFrame(() => done()));
      }),
    `Token ${k}, and a few more words of the answer. `,
  );
  const events = (JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const spent = (name: string) => events.filter((e) => e.name === name && e.ph === 'X').reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000;
  return Object.fromEntries(Object.entries(PHASES).map(([phase, name]) => [phase, spent(name)])) as Record<Phase, number>;
}

function figures(samples: Record<Phase, number>[]): Figures {
  const totals = samples.map((s) => Object.values(s).reduce((a, b) => a + b, 0));
  const phases = Object.fromEntries((Object.keys(PHASES) as Phase[]).map((p) => [p, median(samples.map((s) => s[p]))])) as Record<Phase, number>;
  return { phases, totalMedian: median(totals), totalP95: quantile(totals, 0.95), n: samples.length };
}

export async function runTokenFrameBench(log: (line: string) => void = () => {}): Promise<TokenFrameResult> {
  const script = await bundle('src/webview/main.ts');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const shipped = await openPanel(browser, script, '');
    const baseline = await openPanel(browser, script, BASELINE_CSS);
    const nodes = await shipped.evaluate(() => document.getElementsByTagName('*').length);
    const samples: { shipped: Record<Phase, number>[]; baseline: Record<Phase, number>[] } = { shipped: [], baseline: [] };
    // Interleaved, so that the machine's load falls on both alike.
    for (let k = 0; k < DELTAS; k++) {
      samples.shipped.push(await tracedDelta(browser, shipped, k));
      samples.baseline.push(await tracedDelta(browser, baseline, k));
      if ((k + 1) % 10 === 0) log(`[token-frame] ${k + 1}/${DELTAS} deltas`);
    }
    return { turns: TURNS, nodes, shipped: figures(samples.shipped), baseline: figures(samples.baseline) };
  } finally {
    await browser.close();
  }
}

export function formatTokenFrame(r: TokenFrameResult): string {
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const row = (label: string, a: number, b: number) => `| ${label} | ${ms(a)} | ${ms(b)} | ${a > 0 ? `${(b / a).toFixed(1)}×` : '—'} |`;
  return [
    `The chat panel holding a ${r.turns}-turn conversation (${r.nodes} elements), one answer streaming, ${r.shipped.n} deltas each traced in headless chromium; the browser's work for the frame that shows a delta, median per delta. Baseline: the same panel without the per-message layout containment, in the same run.`,
    '',
    '| Phase | As shipped | Baseline | Baseline ÷ shipped |',
    '|---|---|---|---|',
    row('style', r.shipped.phases.style, r.baseline.phases.style),
    row('layout', r.shipped.phases.layout, r.baseline.phases.layout),
    row('pre-paint', r.shipped.phases.prePaint, r.baseline.phases.prePaint),
    row('paint', r.shipped.phases.paint, r.baseline.phases.paint),
    row('layerize', r.shipped.phases.layerize, r.baseline.phases.layerize),
    row('all of them, median', r.shipped.totalMedian, r.baseline.totalMedian),
    row('all of them, p95', r.shipped.totalP95, r.baseline.totalP95),
  ].join('\n');
}

if (require.main === module) {
  runTokenFrameBench((line) => console.error(line))
    .then((r) => console.log(formatTokenFrame(r)))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
