// fast-check generators of markdown documents that exercise what streaming render gets wrong:
// fences of any length with blank lines and backticks inside, lists and quotes that continue past
// blank lines, reference definitions after their use, tables, hard breaks, CRLF, and text that
// looks like markup but is not.
import fc from 'fast-check';

const LABELS = ['r1', 'R1', 'r  2', 'Ref\ntwo', 'missing'];

const word = fc.constantFrom(
  'alpha', 'beta', 'Gamma', 'x', 'y2', 'snake_case', 'Ünïcødé', '日本語', "can't", '"quoted"', 'e.g.',
  'end.', 'a.b', 'www.example.com', 'https://example.com/p?q=1&r=2', 'user@example.com', '&amp;', '&copy',
  '&#42;', '\\*', '\\', '1.', '2)', '-', '+', '#', '|', '<b>', '<script>x</script>', 'a<b', '**', '*', '_',
  '`', '[', ']', '(', ')', '!', '~', '~~', ':', 'foo*bar', 'x_y_z',
);

const url = fc.constantFrom(
  'https://example.com/x', '/src/a.ts', 'src/b.ts#L3', 'javascript:alert(1)', 'mailto:a@b.co', '#frag',
  '<with space>', 'data:text/html,<b>x</b>', 'HTTPS://EXAMPLE.COM', '//evil.example/x',
);

const inlinePiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: word },
  { weight: 1, arbitrary: word.map((w) => `*${w}*`) },
  { weight: 1, arbitrary: word.map((w) => `_${w}_`) },
  { weight: 1, arbitrary: word.map((w) => `**${w}**`) },
  { weight: 1, arbitrary: word.map((w) => `~~${w}~~`) },
  { weight: 1, arbitrary: word.map((w) => `\`${w}\``) },
  { weight: 1, arbitrary: fc.constantFrom('`` a`b ``', '```x```', '`unclosed', '``two``') },
  { weight: 2, arbitrary: fc.tuple(word, url).map(([t, u]) => `[${t}](${u})`) },
  { weight: 1, arbitrary: fc.tuple(word, url).map(([t, u]) => `[${t}](${u} "title")`) },
  { weight: 2, arbitrary: fc.tuple(word, fc.constantFrom(...LABELS)).map(([t, l]) => `[${t}][${l}]`) },
  { weight: 2, arbitrary: fc.constantFrom(...LABELS).map((l) => `[${l}]`) },
  { weight: 1, arbitrary: fc.constantFrom(...LABELS).map((l) => `[${l}][]`) },
  { weight: 1, arbitrary: fc.tuple(word, url).map(([t, u]) => `![${t}](${u})`) },
  { weight: 1, arbitrary: fc.constantFrom('<https://auto.link/x>', '<mailto:x@y.z>', '<javascript:alert(1)>', '[![img](https://i.example/a.png)](https://example.com)') },
);

const line = fc.array(inlinePiece, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));

const paragraph = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 3 }), fc.constantFrom('\n', '\n', '  \n', '\\\n', ' \n'))
  .map(([lines, br]) => lines.join(br));

const heading = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 6 }), line, fc.constantFrom('', ' #', ' ##')).map(([n, l, close]) => `${'#'.repeat(n)} ${l}${close}`),
  fc.tuple(line, fc.constantFrom('===', '---', '=')).map(([l, u]) => `${l}\n${u}`),
);

const codeLine = fc.constantFrom(
  'const x = 1;', '', '', '  indented()', '``', '```', '~~~', '````', '<script>alert(1)</script>', 'a & b < c',
  '\tTabbed', 'def f(x):', '    return x', '# not a heading', '- not a list', '[x]: /not-a-def', 'SELECT 1;',
);

const fence = fc
  .tuple(
    fc.constantFrom('`', '~'),
    fc.integer({ min: 3, max: 5 }),
    fc.constantFrom('', 'ts', 'js', 'python', 'bash', 'json', 'unknownlang', 'c++', 'html', 'md', 'ts {1,2}', 'diff'),
    fc.array(codeLine, { maxLength: 6 }),
    fc.constantFrom(0, 0, 0, 1, 2),
    fc.constantFrom('', '', ' ', '  '),
  )
  .map(([ch, n, lang, lines, longer, indent]) => {
    const open = ch.repeat(n);
    return `${indent}${open}${lang}\n${lines.map((l) => (l ? indent + l : l)).join('\n')}${lines.length ? '\n' : ''}${indent}${ch.repeat(n + longer)}`;
  });

const indentedCode = fc
  .array(codeLine, { minLength: 1, maxLength: 4 })
  .map((lines) => lines.map((l) => (l ? `    ${l}` : '')).join('\n'));

const table = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(inlinePiece.filter((p) => !p.includes('|')), { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 3 }), fc.constantFrom(':--', '--:', ':-:', '---'))
  .map(([cols, rows, align]) => {
    const header = `| ${Array.from({ length: cols }, (_, i) => `H${i}`).join(' | ')} |`;
    const delim = `|${Array.from({ length: cols }, () => align).join('|')}|`;
    return [header, delim, ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
  });

const hr = fc.constantFrom('---', '***', '___', '- - -', ' * * *');

const refDef = fc.oneof(
  fc.constantFrom(...LABELS).map((l) => `[${l}]: https://example.com/${encodeURIComponent(l)}`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]: /local/path "Title"`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]:\n  https://example.com/multi\n  'multi\nline title'`),
  fc.constant('[bad]: javascript:alert(1)'),
);

const separator = fc.constantFrom('\n\n', '\n\n', '\n\n', '\n\n', '\n', '\n\n\n', '\n  \n', '\n\t\n');

function indentRest(text: string, width: number): string {
  return text
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : ' '.repeat(width) + l))
    .join('\n');
}

// A type alias, not an interface: fast-check's typed letrec wants a Record.
type Tie = { block: string; list: string; quote: string };

const tree = fc.letrec<Tie>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: paragraph },
    { weight: 2, arbitrary: heading },
    { weight: 3, arbitrary: fence },
    { weight: 1, arbitrary: indentedCode },
    { weight: 1, arbitrary: table },
    { weight: 1, arbitrary: hr },
    { weight: 2, arbitrary: refDef },
    { weight: 2, arbitrary: tie('list') },
    { weight: 2, arbitrary: tie('quote') },
  ),
  list: fc
    .tuple(
      fc.constantFrom('-', '*', '+', '1.', '3)', '1)'),
      fc.array(fc.array(tie('block'), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom('\n', '\n', '\n\n'),
      fc.constantFrom('\n', '\n\n'),
    )
    .map(([marker, items, itemSep, innerSep]) => {
      const ordered = /\d/.test(marker);
      return items
        .map((blocks, i) => {
          const m = ordered ? marker.replace(/\d+/, String(Number(marker.slice(0, -1)) + i)) : marker;
          return `${m} ${indentRest(blocks.join(innerSep), m.length + 1)}`;
        })
        .join(itemSep);
    }),
  quote: fc
    .tuple(fc.array(tie('block'), { minLength: 1, maxLength: 2 }), fc.boolean(), fc.constantFrom('\n', '\n>\n', '\n\n'))
    .map(([blocks, lazy, sep]) =>
      blocks
        .join(sep)
        .split('\n')
        .map((l, i) => (lazy && i > 0 && i % 2 === 1 && l !== '' ? l : `> ${l}`))
        .join('\n'),
    ),
}));

/** A markdown document: blocks separated by blank lines (mostly), sometimes with CRLF. */
export const markdownDocument: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(tree.block, separator), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('', '\n', '\n\n'),
    fc.constantFrom('lf', 'lf', 'lf', 'crlf', 'cr-mixed'),
  )
  .map(([blocks, end, eol]) => {
    const text = blocks.map(([b, sep]) => b + sep).join('').replace(/\n+$/, '') + end;
    if (eol === 'crlf') return text.replace(/\n/g, '\r\n');
    if (eol === 'cr-mixed') return text.replace(/\n/g, (_m, offset: number) => (offset % 3 === 0 ? '\r' : offset % 3 === 1 ? '\r\n' : '\n'));
    return text;
  });

/** How to cut a text into deltas, and after which deltas the scheduler fires. */
export interface Streaming {
  /** Chunk sizes, used in turn; [1] streams one character at a time. */
  readonly sizes: readonly number[];
  /** Fire the scheduler after a delta or not, in turn. */
  readonly flushes: readonly boolean[];
}

export const streaming: fc.Arbitrary<Streaming> = fc.record({
  sizes: fc.oneof(
    { weight: 1, arbitrary: fc.constant([1]) },
    { weight: 2, arbitrary: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 20 }) },
    { weight: 2, arbitrary: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }) },
  ),
  flushes: fc.oneof(fc.constant([true]), fc.array(fc.boolean(), { minLength: 1, maxLength: 10 })),
});

export function cut(text: string, sizes: readonly number[]): string[] {
  const chunks: string[] = [];
  for (let pos = 0, i = 0; pos < text.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    chunks.push(text.slice(pos, pos + size));
    pos += size;
  }
  return chunks;
}
