/**
 * Time to first token, the extension's share, in the real workbench (code-server + chromium, the
 * packaged .vsix): an HTTPS server (a test CA made at run time, trusted through
 * NODE_EXTRA_CA_CERTS) behind a TCP relay that adds a round-trip time (80 ms unless
 * AIML_BENCH_RTT_MS says otherwise), closing connections idle for 2 s as servers do.
 *
 * For each question: Enter (the keydown's timestamp in the panel) → the request's headers at the
 * server, and the first byte of the answer at the client's socket (when the relay handed it over)
 * → that token in the panel's DOM and painted. Four situations — the first question after
 * activation (cold: the window reloaded, so no client, no connection), a connection the
 * server closed while the user read (the question comes 3 s after the answer), a warm one (the
 * question comes at once), and `closed` again in a conversation of 200 turns and more (flat in the
 * conversation's length) — each with warming (the composer focused and typed into, as a user
 * does) and without (the text put in the box and Enter pressed with no focus or input event:
 * nothing warms), alternating in one run.
 *
 *   npx tsx test/bench/firstToken.ts            prints the table
 *   (test/bench/run.mjs calls runFirstTokenBench and formatFirstToken)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { root } from '../harness/paths.mjs';
import { Workbench } from '../e2e/support/workbench';
import { aimlChunk } from '../support/fakeAimlServer';
import { RttProxy } from '../support/rttProxy';
import { makeCa, makeServerCert } from '../support/testCertificates.mjs';
import { median, panelFrame, quantile, seedLongConversation, WATCH_MARKERS } from './workbench';

type Situation = 'cold' | 'closed' | 'warm' | 'long';
type Mode = 'warming' | 'baseline';

interface Spread {
  median: number;
  p95: number;
}

interface Figures {
  n: number;
  enterToRequest: Spread;
  /** Enter → the request's bytes reaching the relay: on a kept connection, all the extension's. */
  enterToSent: Spread;
  socketToPaint: Spread;
  /** First byte at the socket → the token in the panel's DOM: everything before the display's next frame. */
  socketToDom: Spread;
  /** Questions whose first token was painted in the first frame after it reached the panel, of `framed`. */
  nextFrame: number;
  framed: number;
}

interface Sample {
  enterToRequest: number;
  enterToSent: number;
  socketToPaint: number;
  socketToDom: number;
  /** Frames begun between the token reaching the panel and its paint: 1 is the next frame. */
  framesWaited: number;
}

export interface FirstTokenResult {
  rttMs: number;
  idleCloseMs: number;
  questions: number;
  rows: { situation: Situation; warming: Figures; baseline: Figures }[];
}

const KEY = 'bench-key-first-token-8c2f';
const IDLE_CLOSE_MS = 2000;
/** How long the (simulated) user takes to type the question: focus and first keystroke to Enter. */
const TYPING_MS = 700;
/** The long conversation's turns when first opened (each round's questions add to it). */
const LONG_TURNS = 200;
const now = () => performance.timeOrigin + performance.now();

interface Answered {
  headersAt: number;
  firstWriteAt: number;
  port: number;
}

/** An AI/ML-shaped HTTPS server whose answers start with a numbered marker token. */
async function markerServer(tls: { key: string; cert: string }) {
  const answered = new Map<number, Answered>();
  let next = 0;
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const headersAt = now();
    if (req.url?.endsWith('/models')) return void res.end('{"object":"list","data":[]}');
    if (req.url?.endsWith('/billing/balance')) return void res.end('{"balance":1}');
    req.resume();
    req.on('end', () => {
      const id = next++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const firstWriteAt = now();
      res.write(`data: ${JSON.stringify(aimlChunk({ content: `⟦${id}⟧ first` }))}\n\n`);
      answered.set(id, { headersAt, firstWriteAt, port: (req.socket as Socket).remotePort ?? 0 });
      setTimeout(() => {
        res.write(`data: ${JSON.stringify(aimlChunk({ content: ' and the rest.' }))}\n\n`);
        res.end(`data: ${JSON.stringify(aimlChunk({ content: '', finishReason: 'stop', usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }))}\n\n`);
      }, 20);
    });
  });
  server.keepAliveTimeout = IDLE_CLOSE_MS;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    answered,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/** Records, in the panel, each Enter keydown's timestamp. */
const WATCH_ENTER = `(() => {
  const w = window;
  w.__enter = [];
  window.addEventListener('keydown', (e) => { if (e.key === 'Enter') w.__enter.push(performance.timeOrigin + e.timeStamp); }, true);
})()`;

/** The chat panel's frame, with the marker and Enter watchers installed. */
async function watchPanel(wb: Workbench): Promise<Frame> {
  const frame = await panelFrame(wb);
  await frame.evaluate(WATCH_MARKERS);
  await frame.evaluate(WATCH_ENTER);
  return frame;
}

/**
 * Asks one question. With warming: the box focused and typed into (focus and input events, as a
 * user makes), Enter after the typing time. Baseline: the text set with no event, the same wait,
 * then the same Enter — the composer never hears the user coming, so nothing warms.
 */
async function ask(frame: Frame, text: string, mode: Mode): Promise<void> {
  await frame.evaluate(
    ([t, warming]) => {
      const el = document.querySelector('.composer-input') as HTMLTextAreaElement;
      if (warming) {
        el.focus();
        el.value = t;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      } else {
        el.blur();
        el.value = t;
      }
    },
    [text, mode === 'warming'] as const,
  );
  await new Promise((r) => setTimeout(r, TYPING_MS));
  await frame.evaluate(() => {
    const el = document.querySelector('.composer-input') as HTMLTextAreaElement;
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  });
}

function spread(values: number[]): Spread {
  const xs = values.filter((x) => Number.isFinite(x));
  return { median: median(xs), p95: quantile(xs, 0.95) };
}

function figures(samples: Sample[]): Figures {
  return {
    n: samples.length,
    enterToRequest: spread(samples.map((s) => s.enterToRequest)),
    enterToSent: spread(samples.map((s) => s.enterToSent)),
    socketToPaint: spread(samples.map((s) => s.socketToPaint)),
    socketToDom: spread(samples.map((s) => s.socketToDom)),
    nextFrame: samples.filter((s) => s.framesWaited === 1).length,
    framed: samples.filter((s) => Number.isFinite(s.framesWaited)).length,
  };
}

export async function runFirstTokenBench(log: (line: string) => void = console.error): Promise<FirstTokenResult> {
  const questions = Number(process.env.AIML_BENCH_QUESTIONS ?? 20);
  const rttMs = Number(process.env.AIML_BENCH_RTT_MS ?? 80);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(root, `aiml-claude-${pkg.version}.vsix`);
  if (!process.env.AIML_BENCH_REUSE_VSIX || !fs.existsSync(vsix)) {
    log('[first-token] packaging the .vsix (production bundles)');
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'ignore' });
    if (r.status !== 0) throw new Error('npm run package failed');
  }
  process.env.AIML_E2E_VSIX = vsix;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-first-token-'));
  const ca = makeCa(dir, 'bench');
  const leaf = makeServerCert(ca, 'api');
  const server = await markerServer({ key: leaf.keyPem, cert: leaf.chainPem });
  const relay = await RttProxy.start({ host: '127.0.0.1', port: server.port }, rttMs);
  const baseUrl = `https://127.0.0.1:${relay.port}/v1`;
  const wb = await Workbench.start('bench-first-token', {
    settings: { 'aimlClaude.baseUrl': baseUrl, 'aimlClaude.tools.enabled': false, 'aimlClaude.maxRetries': 2 },
    env: { NODE_EXTRA_CA_CERTS: ca.certPath },
  });
  const samples: Record<Situation, Record<Mode, Sample[]>> = {
    cold: { warming: [], baseline: [] },
    closed: { warming: [], baseline: [] },
    warm: { warming: [], baseline: [] },
    long: { warming: [], baseline: [] },
  };
  try {
    await wb.setApiKey(KEY);
    const { conv } = seedLongConversation(wb, LONG_TURNS);
    await wb.openChat();
    let frame = await watchPanel(wb);
    let asked = 0;

    const one = async (situation: Situation, mode: Mode) => {
      if (situation === 'cold') {
        // The first question after activation: the window reloaded, so a new extension host (no
        // client, no connection, no keep-warm window), the panel back and prepared as it is when
        // opened. (The web workbench has no Restart Extension Host; a settings file written
        // behind its back is not noticed.)
        await wb.runCommand('Developer: Reload Window');
        const old = frame;
        for (let i = 0; i < 300 && !old.isDetached(); i++) await new Promise((r) => setTimeout(r, 100));
        await wb.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
        await wb.page.locator('[id="aiml-claude.aiml-claude.aimlClaude.model"]').waitFor({ timeout: 60_000 });
        frame = await watchPanel(wb);
        await wb.runCommand('AIML Claude: New Chat');
        await frame.locator('.message').first().waitFor({ state: 'detached', timeout: 15_000 });
        await new Promise((r) => setTimeout(r, IDLE_CLOSE_MS + 1000));
      } else if (situation === 'closed') {
        await new Promise((r) => setTimeout(r, IDLE_CLOSE_MS + 1000));
      } else if (situation === 'long') {
        await frame.locator('button[aria-label="Conversation history"]').click();
        await frame.locator(`button.history-open[data-id="${conv.id}"]`).click();
        await frame.locator('.message').nth(LONG_TURNS - 1).waitFor({ timeout: 30_000 });
        // Read a while, as in `closed`: compared with `closed`, the conversation's length is all that differs.
        await new Promise((r) => setTimeout(r, IDLE_CLOSE_MS + 1000));
      }
      const id = asked++;
      await ask(frame, `Question ${id} (${situation}, ${mode})`, mode);
      await frame.locator('.message.assistant', { hasText: `⟦${id}⟧` }).locator('.usage').waitFor({ timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 100));
      const { enter, paints } = await frame.evaluate(() => {
        const w = window as unknown as { __enter: number[]; __take(): { samples: { id: string; painted: number; mutated?: number; framesWaited?: number }[] } };
        return { enter: w.__enter.splice(0), paints: w.__take().samples };
      });
      const a = server.answered.get(id);
      const paint = paints.find((p) => Number(p.id) === id);
      const painted = paint?.painted;
      if (!a || enter.length !== 1 || painted === undefined) {
        log(`[first-token] question ${id}: incomplete sample (answer ${a ? 'yes' : 'no'}, enters ${enter.length}, painted ${painted ?? 'no'})`);
        return;
      }
      const pressed = enter[0] as number;
      const atSocket = (relay.delivered.get(a.port) ?? []).find((t) => t >= a.firstWriteAt);
      // The chunk that carried the request: the last one the relay passed on before the server read it.
      const carried = (relay.sent.get(a.port) ?? []).filter((c) => c.forwarded <= a.headersAt).at(-1);
      samples[situation][mode].push({
        enterToRequest: a.headersAt - pressed,
        enterToSent: carried === undefined || carried.arrived < pressed ? NaN : carried.arrived - pressed,
        socketToPaint: atSocket === undefined ? NaN : painted - atSocket,
        socketToDom: atSocket === undefined || paint?.mutated === undefined ? NaN : paint.mutated - atSocket,
        framesWaited: paint?.framesWaited ?? NaN,
      });
    };

    // The two modes alternate, so that the machine's load falls on both alike. Each block starts
    // with a reload, so the baseline never inherits the warming block's keep-warm window: a new
    // conversation for the cold, closed and warm questions, then the long one.
    for (let i = 0; i < questions; i++) {
      for (const mode of ['warming', 'baseline'] as const) {
        for (const situation of ['cold', 'closed', 'warm', 'long'] as const) await one(situation, mode);
      }
      log(`[first-token] round ${i + 1}/${questions} done`);
    }
  } finally {
    // AIML_BENCH_LOG=FILE keeps the extension's log (with AIML_E2E_LOG_LEVEL=debug, its debug lines).
    const keep = process.env.AIML_BENCH_LOG;
    if (keep) fs.writeFileSync(keep, wb.logFiles().filter((f) => f.endsWith('AIML Claude.log')).sort().map((f) => fs.readFileSync(f, 'utf8')).join(''));
    await wb.stop();
    await relay.stop();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    rttMs,
    idleCloseMs: IDLE_CLOSE_MS,
    questions,
    rows: (['cold', 'closed', 'warm', 'long'] as const).map((situation) => ({ situation, warming: figures(samples[situation].warming), baseline: figures(samples[situation].baseline) })),
  };
}

const ms = (x: number) => (Number.isNaN(x) ? 'n/a' : `${x.toFixed(1)} ms`);
const LABELS: Record<Situation, string> = {
  cold: 'the first question after activation (cold: no client, no connection)',
  closed: 'the server closed the idle connection (question 3 s after the answer)',
  warm: 'a warm connection (question at once), in a new conversation',
  long: `the server closed the idle connection, in a conversation of ${LONG_TURNS} turns and more`,
};

const pair = (s: Spread) => `${ms(s.median)} / ${ms(s.p95)}`;
const ratio = (baseline: Spread, warming: Spread) => `${(baseline.median / warming.median).toFixed(1)}×`;

export function formatFirstToken(r: FirstTokenResult): string {
  const fresh = r.rows.find((x) => x.situation === 'closed')?.warming.enterToSent.median ?? NaN;
  const atServerGoal = (s: Situation) => (s === 'closed' || s === 'long' ? `≤ 1 RTT + 15 ms (${r.rttMs + 15} ms)` : '—');
  const sentGoal = (s: Situation, row: Figures) =>
    s === 'warm'
      ? '≤ 15 ms (median)'
      : s === 'long'
        ? `≤ 5 ms over the closed connection in a new conversation (median): ${row.enterToSent.median - fresh >= 0 ? '+' : '−'}${Math.abs(row.enterToSent.median - fresh).toFixed(1)} ms`
        : '—';
  const rows = r.rows.flatMap(({ situation, warming, baseline }) => [
    [
      `Enter → request at the server, ${LABELS[situation]}: median / p95 (n = ${warming.n} / ${baseline.n})`,
      pair(warming.enterToRequest),
      pair(baseline.enterToRequest),
      ratio(baseline.enterToRequest, warming.enterToRequest),
      atServerGoal(situation),
    ],
    [
      `… Enter → the request leaving the client (at the relay; on a kept connection all of it is the extension's)`,
      pair(warming.enterToSent),
      pair(baseline.enterToSent),
      ratio(baseline.enterToSent, warming.enterToSent),
      sentGoal(situation, warming),
    ],
    [
      `… first byte at the socket → token painted`,
      pair(warming.socketToPaint),
      pair(baseline.socketToPaint),
      ratio(baseline.socketToPaint, warming.socketToPaint),
      'p95 ≤ 16.7 ms (one frame)',
    ],
    [
      `… of which first byte at the socket → token in the panel's DOM (the rest is the wait for the display's next frame)`,
      pair(warming.socketToDom),
      pair(baseline.socketToDom),
      ratio(baseline.socketToDom, warming.socketToDom),
      '—',
    ],
    [
      `… first token painted in the first frame after it reached the panel (of the questions whose frames were counted)`,
      `${warming.nextFrame} of ${warming.framed}`,
      `${baseline.nextFrame} of ${baseline.framed}`,
      '—',
      'all (the next frame)',
    ],
  ]);
  return [
    `HTTPS through a relay adding ${r.rttMs} ms per round trip; the server closes connections idle for ${r.idleCloseMs / 1000} s; ${r.questions} questions per situation and mode, interleaved; figures are median / p95. ` +
      `Enter → request at the server includes the request's own trip through the relay (half the RTT, ${r.rttMs / 2} ms), which no client saves; Enter → the request leaving the client does not.`,
    '',
    '| Figure | With warming | Without (baseline) | Baseline ÷ warming | Goal |',
    '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  runFirstTokenBench().then(
    (r) => console.log(formatFirstToken(r)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
