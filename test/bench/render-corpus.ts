// A deterministic long answer for the render benchmark: what a model writes when asked for a
// long technical explanation — prose, headings, lists, numbered steps with code, tables, quotes
// and code in several languages, sometimes right under a line of text.

/** A small seeded PRNG (mulberry32), so every run streams the same text in the same chunks. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the renderer streams each answer into the panel while the model is still writing so the user ' +
  'sees tokens as they arrive finished blocks are sealed and never touched again only the open tail ' +
  'is parsed again which keeps the cost of every chunk flat however long the answer grows this ' +
  'matters for long refactors where a model explains a change and then prints several files'
).split(' ');

const CODE: Record<string, string[]> = {
  ts: [
    'export async function fetchUser(id: string): Promise<User> {',
    '  const res = await fetch(`/api/users/${encodeURIComponent(id)}`);',
    "  if (!res.ok) throw new Error(`HTTP ${res.status}`); // 'quoted' text",
    '  return (await res.json()) as User;',
    '}',
    'interface User { id: string; name: string; roles: readonly string[] }',
  ],
  python: [
    'def merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:',
    '    """Merge overlapping intervals."""',
    '    out = []',
    '    for start, end in sorted(intervals):',
    '        if out and start <= out[-1][1]:',
    '            out[-1] = (out[-1][0], max(out[-1][1], end))',
    '        else:',
    '            out.append((start, end))',
    '    return out',
  ],
  bash: ['set -euo pipefail', 'for f in src/**/*.ts; do', '  echo "checking $f"', '  npx tsc --noEmit "$f" || exit 1', 'done'],
  json: ['{', '  "name": "aiml-claude",', '  "version": "0.1.0",', '  "engines": { "vscode": "^1.100.0" },', '  "tags": ["ai", "chat", 42, true, null]', '}'],
  go: ['func Sum(xs []int) (total int) {', '\tfor _, x := range xs {', '\t\ttotal += x', '\t}', '\treturn', '}'],
  rust: ['fn parse(line: &str) -> Option<(u32, &str)> {', "    let (n, rest) = line.split_once(' ')?;", '    Some((n.parse().ok()?, rest))', '}'],
  sql: ['SELECT u.id, COUNT(o.id) AS orders', 'FROM users u LEFT JOIN orders o ON o.user_id = u.id', "WHERE u.created_at > '2024-01-01'", 'GROUP BY u.id ORDER BY orders DESC;'],
};
const LANGS = Object.keys(CODE);

export function makeAnswer(targetLength: number, seed = 42): string {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const sentence = (): string => {
    const n = 8 + Math.floor(rand() * 14);
    const words: string[] = [];
    for (let i = 0; i < n; i++) {
      let w = pick(WORDS);
      const r = rand();
      if (r < 0.04) w = `**${w}**`;
      else if (r < 0.08) w = `*${w}*`;
      else if (r < 0.12) w = `\`${w}()\``;
      else if (r < 0.135) w = `[${w}](https://example.com/docs/${w})`;
      words.push(w);
    }
    const s = words.join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1) + '.';
  };
  const paragraph = (): string => Array.from({ length: 2 + Math.floor(rand() * 4) }, sentence).join(' ');
  const code = (maxReps = 4): string => {
    const lang = pick(LANGS);
    const lines = CODE[lang] ?? [];
    const body: string[] = [];
    const reps = 1 + Math.floor(rand() * maxReps);
    for (let r = 0; r < reps; r++) body.push(...lines, '');
    return '```' + lang + '\n' + body.join('\n').trimEnd() + '\n```';
  };
  // Numbered steps, each with its code: a loose list with fences inside its items.
  const steps = (): string =>
    Array.from({ length: 2 + Math.floor(rand() * 3) }, (_, i) => {
      const fence = code(1).split('\n').map((l) => (l ? `   ${l}` : l)).join('\n');
      return `${i + 1}. ${sentence()}\n\n${fence}`;
    }).join('\n\n');
  const list = (): string => {
    const ordered = rand() < 0.4;
    return Array.from({ length: 3 + Math.floor(rand() * 4) }, (_, i) => {
      const item = `${ordered ? `${i + 1}.` : '-'} ${sentence()}`;
      return rand() < 0.3 ? `${item}\n  ${ordered ? '-' : '-'} ${sentence()}` : item;
    }).join('\n');
  };
  const table = (): string =>
    ['| Option | Default | Meaning |', '|:--|:-:|--:|', ...Array.from({ length: 3 + Math.floor(rand() * 3) }, () => `| \`${pick(WORDS)}\` | ${Math.floor(rand() * 100)} | ${sentence()} |`)].join('\n');
  const blocks: string[] = [];
  let length = 0;
  while (length < targetLength) {
    const r = rand();
    const block =
      r < 0.07 ? `## ${sentence().slice(0, 40)}`
      : r < 0.43 ? paragraph()
      : r < 0.58 ? list()
      : r < 0.64 ? steps()
      : r < 0.82 ? code()
      : r < 0.88 ? `${sentence()}\n${code()}` // text ending in "…:" then code, no blank line
      : r < 0.94 ? table()
      : `> ${sentence()}\n> ${sentence()}`;
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join('\n\n').slice(0, targetLength);
}

/** `count` chunks of random sizes (mean text.length / count) covering `text` exactly. */
export function chunk(text: string, count: number, seed = 7): string[] {
  const rand = prng(seed);
  const cuts = new Set<number>();
  while (cuts.size < count - 1) cuts.add(1 + Math.floor(rand() * (text.length - 1)));
  const sorted = [...cuts].sort((a, b) => a - b);
  const chunks: string[] = [];
  let prev = 0;
  for (const cut of [...sorted, text.length]) {
    chunks.push(text.slice(prev, cut));
    prev = cut;
  }
  return chunks;
}
