/**
 * Time to first token, the extension's share, in the real workbench (code-server + chromium, the
 * packaged .vsix): an HTTPS server (a test CA made at run time, trusted through
 * NODE_EXTRA_CA_CERTS) behind a TCP relay that adds a round-trip time (80 ms unless
 * AIML_BENCH_RTT_MS says otherwise), closing connections idle for 2 s as servers do.
 *
 * For each question: Enter (the keydown's timestamp in the panel) → the request's headers at the
 * server, and the first byte of the answer at the client's socket (when the relay handed it over)
 * → that token painted. Three situations — a new client (cold: a connection setting changed, so no
 * connection, no dispatcher), a connection the server closed while the user read (the question
 * comes 3 s after the answer), and a warm one (the question comes at once) — each with warming
 * (the composer focused and typed into, as a user does) and without (the text put in the box and
 * Enter pressed with no focus or input event: nothing warms), interleaved in one run.
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
import { median, panelFrame, quantile, WATCH_MARKERS } from './workbench';

type Situation = 'cold' | 'closed' | 'warm';
type Mode = 'warming' | 'baseline';

interface Figures {
  n: number;
  enterToRequest: { median: number; p95: number };
  socketToPaint: { median: number; p95: number };
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

function figures(samples: { enterToRequest: number; socketToPaint: number }[]): Figures {
  const a = samples.map((s) => s.enterToRequest);
  const b = samples.map((s) => s.socketToPaint).filter((x) => Number.isFinite(x));
  return { n: samples.length, enterToRequest: { median: median(a), p95: quantile(a, 0.95) }, socketToPaint: { median: median(b), p95: quantile(b, 0.95) } };
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
  const samples: Record<Situation, Record<Mode, { enterToRequest: number; socketToPaint: number }[]>> = {
    cold: { warming: [], baseline: [] },
    closed: { warming: [], baseline: [] },
    warm: { warming: [], baseline: [] },
  };
  try {
    await wb.setApiKey(KEY);
    await wb.openChat();
    const frame = await panelFrame(wb);
    await frame.evaluate(WATCH_MARKERS);
    await frame.evaluate(WATCH_ENTER);
    const settingsFile = path.join(wb.run.userDataDir, 'User', 'settings.json');
    let retries = 2;
    let asked = 0;

    const one = async (situation: Situation, mode: Mode) => {
      if (situation === 'cold') {
        // A connection setting changed: the client is rebuilt, with no connection and no dispatcher.
        retries = retries === 2 ? 3 : 2;
        const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
        fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'aimlClaude.maxRetries': retries }, null, 2));
        await new Promise((r) => setTimeout(r, IDLE_CLOSE_MS + 1000));
      } else if (situation === 'closed') {
        await new Promise((r) => setTimeout(r, IDLE_CLOSE_MS + 1000));
      }
      const id = asked++;
      await ask(frame, `Question ${id} (${situation}, ${mode})`, mode);
      await frame.locator('.message.assistant').nth(id).locator('.usage').waitFor({ timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 100));
      const { enter, paints } = await frame.evaluate(() => {
        const w = window as unknown as { __enter: number[]; __take(): { samples: { id: string; painted: number }[] } };
        return { enter: w.__enter.splice(0), paints: w.__take().samples };
      });
      const a = server.answered.get(id);
      const painted = paints.find((p) => Number(p.id) === id)?.painted;
      if (!a || enter.length !== 1 || painted === undefined) {
        log(`[first-token] question ${id}: incomplete sample (answer ${a ? 'yes' : 'no'}, enters ${enter.length}, painted ${painted ?? 'no'})`);
        return;
      }
      const atSocket = (relay.delivered.get(a.port) ?? []).find((t) => t >= a.firstWriteAt);
      samples[situation][mode].push({ enterToRequest: a.headersAt - (enter[0] as number), socketToPaint: atSocket === undefined ? NaN : painted - atSocket });
    };

    // Interleaved, so that the machine's load falls on both modes alike.
    for (let i = 0; i < questions; i++) {
      for (const mode of ['warming', 'baseline'] as const) {
        await one('cold', mode);
        await one('closed', mode);
        await one('warm', mode);
      }
      log(`[first-token] round ${i + 1}/${questions} done`);
    }
  } finally {
    await wb.stop();
    await relay.stop();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return {
    rttMs,
    idleCloseMs: IDLE_CLOSE_MS,
    questions,
    rows: (['cold', 'closed', 'warm'] as const).map((situation) => ({ situation, warming: figures(samples[situation].warming), baseline: figures(samples[situation].baseline) })),
  };
}

const ms = (x: number) => (Number.isNaN(x) ? 'n/a' : `${x.toFixed(1)} ms`);
const LABELS: Record<Situation, string> = {
  cold: 'a new client (cold: no connection, no dispatcher)',
  closed: 'the server closed the idle connection (question 3 s after the answer)',
  warm: 'a warm connection (question at once)',
};

export function formatFirstToken(r: FirstTokenResult): string {
  const goal = (s: Situation) => (s === 'warm' ? '≤ 15 ms' : s === 'closed' ? `≤ 1 RTT + 15 ms (${r.rttMs + 15} ms)` : '—');
  const rows = r.rows.flatMap(({ situation, warming, baseline }) => [
    [
      `Enter → request at the server, ${LABELS[situation]}: median / p95 (n = ${warming.n} / ${baseline.n})`,
      `${ms(warming.enterToRequest.median)} / ${ms(warming.enterToRequest.p95)}`,
      `${ms(baseline.enterToRequest.median)} / ${ms(baseline.enterToRequest.p95)}`,
      `${(baseline.enterToRequest.median / warming.enterToRequest.median).toFixed(1)}×`,
      goal(situation),
    ],
    [
      `… first byte at the socket → token painted: median / p95`,
      `${ms(warming.socketToPaint.median)} / ${ms(warming.socketToPaint.p95)}`,
      `${ms(baseline.socketToPaint.median)} / ${ms(baseline.socketToPaint.p95)}`,
      `${(baseline.socketToPaint.median / warming.socketToPaint.median).toFixed(1)}×`,
      'p95 ≤ 16.7 ms (one frame)',
    ],
  ]);
  return [
    `HTTPS through a relay adding ${r.rttMs} ms per round trip; the server closes connections idle for ${r.idleCloseMs / 1000} s; ${r.questions} questions per situation and mode, interleaved. ` +
      `Enter → request includes the request's own trip through the relay (half the RTT, ${r.rttMs / 2} ms), which no client saves; the rest is the extension's share and the connection's.`,
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
