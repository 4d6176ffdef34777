// Workspace tools benchmark (README, Performance):
//   search    search_text over a generated workspace of 10,000 files (~100 MB), against plain `rg`
//             on the same query in the same run: our tool's time / rg's (goal ≤ 1.3×). Both warm
//             (the files are read once first, so both search the page cache), runs alternated.
//   round     the host's own cost per tool round, the tool's I/O excluded: the tool loop with an
//             in-memory client and a tool that answers at once, in a conversation that already
//             holds 20 rounds of 20 KB results; 15 rounds an answer (the default limit), each adding
//             20 KB more; the request body is built and serialised as the real client does — per
//             round, median and p95 (goal < 5 ms).
// Timing never fails the run.
// Run: npx tsx test/bench/tools.ts   (npm run bench calls runToolsBench)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ChatMessage, ChatRequest, StreamEvent } from '../../src/core/api';
import { buildChatBody } from '../../src/core/api/requestBody';
import { denyMatcher, findRipgrep, runToolLoop, searchTextTool, ToolSet, type Tool, type ToolContext } from '../../src/core/tools';

const root = path.resolve(__dirname, '..', '..');
const FILES = 10_000;
const FILE_BYTES = 10_000;
const QUERY = 'parseConfig';
const RUNS = 7;
/** Rounds per answer (the setting's default) and answers measured. */
const ROUNDS = 15;
const ANSWERS = 20;

export interface ToolsResult {
  readonly files: number;
  readonly megabytes: number;
  readonly matchesPlanted: number;
  readonly ours: { readonly medianMs: number; readonly p95Ms: number };
  readonly rg: { readonly medianMs: number; readonly p95Ms: number };
  readonly ratio: number;
  readonly round: { readonly medianMs: number; readonly p95Ms: number; readonly rounds: number; readonly historyKb: number };
  readonly ripgrep: string;
}

function makeWorkspace(dir: string): { bytes: number; planted: number } {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8')) as { bytes: number; planted: number };
  fs.rmSync(dir, { recursive: true, force: true });
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const words = ['const', 'value', 'items', 'return', 'function', 'config', 'result', 'await', 'export', 'import', 'total', 'index', 'error', 'string', 'number'];
  let bytes = 0;
  let planted = 0;
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(dir, `pkg${i % 50}`, `mod${i % 7}`);
    fs.mkdirSync(sub, { recursive: true });
    const lines: string[] = [];
    let size = 0;
    while (size < FILE_BYTES) {
      const n = 4 + rand(8);
      const line = `${'  '.repeat(rand(3))}${Array.from({ length: n }, () => words[rand(words.length)]).join(' ')};`;
      lines.push(line);
      size += line.length + 1;
    }
    if (i % 200 === 0) {
      lines.splice(rand(lines.length), 0, `  const cfg = ${QUERY}(text);`);
      planted++;
    }
    const text = `${lines.join('\n')}\n`;
    fs.writeFileSync(path.join(sub, `file${i}.ts`), text);
    bytes += text.length;
  }
  fs.writeFileSync(marker, JSON.stringify({ bytes, planted }));
  return { bytes, planted };
}

function stats(samples: number[]): { medianMs: number; p95Ms: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? 0;
  return { medianMs: Number(at(0.5).toFixed(2)), p95Ms: Number(at(0.95).toFixed(2)) };
}

/**
 * An in-memory "client": each request answers with one call of `noop`, instantly. It still builds
 * and serialises the request body as the real client does: that work is the host's too.
 */
function instantClient(): { stream(req: ChatRequest): AsyncIterable<StreamEvent> } {
  let n = 0;
  return {
    async *stream(req: ChatRequest) {
      n++;
      if (JSON.stringify(buildChatBody(req)).length === 0) throw new Error('empty body');
      yield { type: 'start', requestId: `r${n}`, model: 'claude-sonnet-4-5' };
      yield { type: 'text', text: 'Looking. ' };
      yield { type: 'tool_call', index: 0, id: `call_${n}`, name: 'noop', arguments: '{"path":"src/a.ts"}' };
      yield { type: 'usage', usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } };
      yield { type: 'finish', finishReason: 'tool_calls' };
    },
  };
}

async function measureRounds(ctx: ToolContext): Promise<ToolsResult['round']> {
  const result20k = 'x'.repeat(20_000);
  const noop: Tool = { spec: { name: 'noop', description: 'n', parameters: { type: 'object', properties: {} } }, run: async () => ({ ok: true, content: result20k, summary: 'noop' }) };
  const history: ChatMessage[] = [{ role: 'user', content: 'q' }];
  for (let i = 0; i < 20; i++) {
    history.push({ role: 'assistant', content: '', toolCalls: [{ id: `h${i}`, name: 'noop', arguments: '{}' }] });
    history.push({ role: 'tool', toolCallId: `h${i}`, content: result20k });
  }
  const times: number[] = [];
  for (let answer = 0; answer < ANSWERS; answer++) {
    let last = performance.now();
    await runToolLoop({
      client: instantClient(),
      request: { model: 'claude-sonnet-4-5', system: 'system prompt '.repeat(100), messages: history },
      tools: new ToolSet([noop]),
      context: ctx,
      maxRounds: ROUNDS,
      maxPromptTokens: 190_000,
      onEvent: (e) => {
        if (e.type === 'round') {
          const now = performance.now();
          if (e.round > 1) times.push(now - last);
          last = now;
        }
      },
    });
  }
  const historyKb = Math.round(history.reduce((n, m) => n + m.content.length, 0) / 1024);
  return { ...stats(times), rounds: times.length, historyKb };
}

export async function runToolsBench(log: (line: string) => void = console.error): Promise<ToolsResult> {
  const rg = findRipgrep();
  if (!rg) throw new Error('ripgrep (rg) is needed: apt-get install -y ripgrep');
  const dir = path.join(root, '.bench', 'tools-workspace');
  log(`generating ${FILES} files in ${path.relative(root, dir)} (kept for later runs)…`);
  const { bytes, planted } = makeWorkspace(dir);
  const ctx: ToolContext = { roots: [{ name: 'ws', path: dir }], denied: denyMatcher(), excludeGlobs: [], ripgrep: rg };
  // Warm the page cache for both.
  spawnSync(rg, ['-c', QUERY, dir]);
  const ours: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    const r = await searchTextTool.run({ query: QUERY }, ctx);
    ours.push(performance.now() - t);
    if (!r.ok || !r.summary.includes(`${planted} matches`)) throw new Error(`search_text found the wrong matches: ${r.summary}`);
    t = performance.now();
    const p = spawnSync(rg, ['--fixed-strings', QUERY, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    plain.push(performance.now() - t);
    if (p.stdout.trim().split('\n').length !== planted) throw new Error('plain rg found the wrong matches');
    log(`  run ${i + 1}/${RUNS}: ours ${ours.at(-1)?.toFixed(1)} ms, rg ${plain.at(-1)?.toFixed(1)} ms`);
  }
  const o = stats(ours);
  const g = stats(plain);
  log('measuring the tool loop’s own cost per round…');
  const round = await measureRounds(ctx);
  return { files: FILES, megabytes: Number((bytes / 1e6).toFixed(1)), matchesPlanted: planted, ours: o, rg: g, ratio: Number((o.medianMs / g.medianMs).toFixed(2)), round, ripgrep: rg };
}

export function formatToolsResult(r: ToolsResult): string {
  return [
    `search_text over ${r.files.toLocaleString('en-US')} files (${r.megabytes} MB), ${r.matchesPlanted} matches, medians of ${RUNS} alternated warm runs:`,
    '',
    '| | median | p95 |',
    '|---|---|---|',
    `| \`search_text\` (the tool: ripgrep with the deny-list and excludes, output parsed, capped, sorted) | ${r.ours.medianMs} ms | ${r.ours.p95Ms} ms |`,
    `| plain \`rg --fixed-strings\` on the same query | ${r.rg.medianMs} ms | ${r.rg.p95Ms} ms |`,
    `| **ratio** (goal ≤ 1.3×) | **${r.ratio}×** | |`,
    '',
    `The tool loop's own cost per round (tool I/O excluded; ${r.round.rounds} rounds over a history of ${r.round.historyKb} KB of tool results): ` +
      `median **${r.round.medianMs} ms**, p95 ${r.round.p95Ms} ms (goal < 5 ms).`,
  ].join('\n');
}

if (require.main === module) {
  runToolsBench().then(
    (r) => console.log(process.argv.includes('--json') ? JSON.stringify({ result: r, table: formatToolsResult(r) }) : formatToolsResult(r)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
