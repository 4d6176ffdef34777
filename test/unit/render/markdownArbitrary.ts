// fast-check generators of markdown documents over the whole of CommonMark's syntax (and
// markdown-it's GFM tables and strikethrough), weighted towards what streaming render gets wrong:
// fences of any length with blank lines and backticks inside, lists and quotes that continue past
// blank lines or lazily, reference definitions after their use and with titles over several
// lines, setext underlines that turn a paragraph into a heading late, tables, hard breaks, tabs,
// CRLF, and text that looks like markup but is not. Every construct is listed by the spec section
// it comes from, so a missing one is easy to see.
import fc from 'fast-check';

const LABELS = ['r1', 'R1', 'r  2', 'Ref\ntwo', 'missing', 'ẞ', 'a\\]b', 'Foo*bar\\]'];

// ── Inlines ─────────────────────────────────────────────────────────────────────────────────────

const word = fc.constantFrom(
  'alpha', 'beta', 'Gamma', 'x', 'y2', 'snake_case', 'Ünïcødé', '日本語', "can't", '"quoted"', 'e.g.',
  'end.', 'a.b', 'www.example.com', 'https://example.com/p?q=1&r=2', 'user@example.com', '1.', '2)', '-',
  '+', '#', '|', '**', '*', '_', '`', '[', ']', '(', ')', '!', '~', '~~', ':', 'foo*bar', 'x_y_z', '=', '>',
  '<', '&', '"', "'", '\u00a0', 'ﬀ',
);

// Backslash escapes: every ASCII punctuation character, and a backslash before others.
const escape = fc.constantFrom(...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split('').map((c) => `\\${c}`), '\\a', '\\→', '\\\\*x*');

// Entity and numeric character references, valid and not.
const entity = fc.constantFrom(
  '&nbsp;', '&amp;', '&copy;', '&AElig;', '&Dcaron;', '&frac34;', '&HilbertSpace;', '&DifferentialD;',
  '&ClockwiseContourIntegral;', '&ngE;', '&#35;', '&#1234;', '&#992;', '&#0;', '&#X22;', '&#XD06;', '&#xcab;',
  '&nbsp', '&x;', '&#;', '&#x;', '&#87654321;', '&#abcdef0;', '&ThisIsNotDefined;', '&hi?;', '&copy', '&MadeUpEntity;',
  '&#42;', '&quot;', '&lt;b&gt;',
);

// Code spans: backtick runs of several lengths, spaces and newlines inside, unmatched runs.
const codeSpan = fc.constantFrom(
  '`foo`', '`` foo ` bar ``', '` `` `', '`  ``  `', '` a`', '` b `', '` `', '`  `', '``\nfoo\nbar  \nbaz\n``',
  '`foo   bar \nbaz`', '`foo\\`bar`', '``foo`bar``', '` foo `` bar `', '*foo`*`', '[not a `link](/foo`)', '`<a href="`">`',
  '```foo``', '`foo', '`foo``bar``', '`` a`b ``', '```x```', '`unclosed', '``two``',
);

// Emphasis and strong emphasis: the spec's delimiter-run edge cases, and strikethrough.
const emphasis = fc.constantFrom(
  '*foo bar*', 'a * foo bar*', 'a*"foo"*', '* a *', 'foo*bar*', '5*6*78', '_foo bar_', '_ foo bar_', 'a_"foo"_',
  'foo_bar_', '5_6_78', 'пристаням_стремятся_', 'aa_"bb"_cc', 'foo-_(bar)_', '_foo*', '*foo bar *', '*foo bar\n*',
  '*(*foo)', '*(*foo*)*', '*foo*bar', '_foo bar _', '_(_foo)', '_(_foo_)_', '_foo_bar', '_foo_bar_baz_', '_(bar)_.',
  '**foo bar**', '** foo bar**', 'a**"foo"**', 'foo**bar**', '__foo bar__', '__\nfoo bar__', '__foo, __bar__, baz__',
  'foo-__(bar)__', '**foo bar **', '**(**foo)', '*(**foo**)*', '**foo "*bar*" foo**', '**foo**bar', '__foo__bar',
  '*foo [bar](/url)*', '*foo\nbar*', '_foo __bar__ baz_', '__foo_ bar_', '*foo *bar**', '*foo **bar** baz*',
  '***foo** bar*', '*foo **bar***', 'foo***bar***baz', 'foo******bar*********baz', '*foo **bar *baz* bim** bop*',
  '** is not an empty emphasis', '**** is not an empty strong emphasis', '**foo*', '*foo**', '***foo***', '_____foo_____',
  '*foo _bar* baz_', '*[bar*](/url)', '_foo [bar_](/url)', '*<img src="foo" title="*"/>', '**a<http://foo.bar/?q=**>',
  '~~strike~~', '~~two words~~', '~not~', '~~~not a fence~~~', 'a~~b~~c', '~~**both**~~',
);

// Links: inline with every destination and title form, reference (full, collapsed, shortcut).
const destination = fc.constantFrom(
  'https://example.com/x', '/src/a.ts', 'src/b.ts#L3', 'javascript:alert(1)', 'mailto:a@b.co', '#frag',
  '<with space>', 'data:text/html,<b>x</b>', 'HTTPS://EXAMPLE.COM', '//evil.example/x', '', '<>', '/uri',
  '<b)c>', '(foo)', 'foo(and(bar))', 'foo\\(and\\(bar\\)', '<foo(and(bar)>', 'foo\\)\\:', '/url\\bar\\*baz',
  'foo%20b&auml;', '"title"', '/my uri', '</my uri>', 'ftp://old.example/x', '/url\u00a0x', '<foo\nbar>',
);
const title = fc.constantFrom(
  '', ' "title"', " 'title'", ' (title)', ' "title \\"and\\" title"', ' "title "and" title"', " 'it\\'s'",
  ' "a\nmulti-line title"', " '\nstarts on a new line\n'", ' "  padded  "', ' "x-->y"', ' "a</title>b"', ' "&quot;ent&quot;"',
  '\n  "title on the next line"', ' "unclosed', ' (paren (nested) title)',
);
const link = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(word, destination, title).map(([t, u, ti]) => `[${t}](${u}${ti})`) },
  { weight: 1, arbitrary: fc.tuple(word, destination).map(([t, u]) => `[${t}](  ${u}  )`) },
  { weight: 2, arbitrary: fc.tuple(word, fc.constantFrom(...LABELS)).map(([t, l]) => `[${t}][${l}]`) },
  { weight: 2, arbitrary: fc.constantFrom(...LABELS).map((l) => `[${l}]`) },
  { weight: 1, arbitrary: fc.constantFrom(...LABELS).map((l) => `[${l}][]`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '[link [foo [bar]]](/uri)', '[link] bar](/uri)', '[link [bar](/uri)', '[link \\[bar](/uri)', '[link *foo **bar** `#`*](/uri)',
      '[![moon](moon.jpg)](/uri)', '[foo [bar](/uri)](/uri)', '[foo *[bar [baz](/uri)](/uri)*](/uri)', '[foo`](/uri)`',
      '[foo<http://example.com/?search=](uri)>', '[link](</my uri>)', '[a](<b)c>)', '[link](foo\nbar)', '[](./target.md)',
      '[link]()', '[link](<>)', '[]()', '[link](#fragment)', '[link](/url "title")', '[foo]: /not-a-def-here',
      '[foo] [bar]', '[foo]\n[bar]', '[ref\\[]', '[\n ]', '[[[foo]]]', '*[foo*]', '[foo][ref[]', '[x](y',
    ),
  },
);
const image = fc.oneof(
  fc.tuple(word, destination, title).map(([t, u, ti]) => `![${t}](${u}${ti})`),
  fc.constantFrom(
    '![foo *bar*]', '![foo ![bar](/url)](/url2)', '![foo [bar](/url)](/url2)', '![](/url)', '![foo][]', '![*foo* bar][r1]',
    '![Foo]', '!\\[foo]', '\\![foo]', '![foo](<url>)', '![a](https://i.example/a.png "tracker")', '[![img](https://i.example/a.png)](https://example.com)',
  ),
);

// Autolinks (CommonMark's) and bare links (markdown-it's linkify).
const autolink = fc.constantFrom(
  '<http://foo.bar.baz>', '<https://foo.bar.baz/test?q=hello&id=22&boolean>', '<irc://foo.bar:2233/baz>',
  '<MAILTO:FOO@BAR.BAZ>', '<a+b+c:d>', '<made-up-scheme://foo,bar>', '<https://../>', '<localhost:5001/foo>',
  '<http://foo.bar/baz bim>', '<http://example.com/\\[\\>', '<foo@bar.example.com>', '<foo+special@Bar.baz-bar0.com>',
  '<foo\\+@bar.example.com>', '<>', '< http://foo.bar >', '<m:abc>', '<foo.bar.baz>', 'http://example.com',
  'foo@bar.example.com', '<javascript:alert(1)>', '<mailto:x@y.z>', 'www.commonmark.org/he<lp', 'https://auto.link/x).',
);

// Raw HTML: html is off, so all of it is text.
const inlineHtml = fc.constantFrom(
  '<a><bab><c2c>', '<a/><b2/>', '<a  /><b2\ndata="foo" >', '<a foo="bar" bam = \'baz <em>"</em>\'\n_boolean zoop:33=zoop:33 />',
  'Foo <responsive-image src="foo.jpg" />', '<33> <__>', '<a h*#ref="hi">', '</a></foo >', 'foo <!-- this is a --\ncomment - with hyphens -->',
  'foo <?php echo $a; ?>', 'foo <!ELEMENT br EMPTY>', 'foo <![CDATA[>&<]]>', 'foo <a href="&ouml;">', '<b>', '<script>x</script>',
  'a<b', '<img src=x onerror=alert(1)>',
);

const inlinePiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: word },
  { weight: 2, arbitrary: escape },
  { weight: 2, arbitrary: entity },
  { weight: 2, arbitrary: codeSpan },
  { weight: 3, arbitrary: emphasis },
  { weight: 1, arbitrary: word.map((w) => `*${w}*`) },
  { weight: 1, arbitrary: word.map((w) => `**${w}**`) },
  { weight: 4, arbitrary: link },
  { weight: 1, arbitrary: image },
  { weight: 2, arbitrary: autolink },
  { weight: 1, arbitrary: inlineHtml },
);

const line = fc.array(inlinePiece, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));

// Hard breaks (two spaces, more spaces, backslash) and soft breaks, with spaces around.
const lineBreak = fc.constantFrom('\n', '\n', '\n', '  \n', '     \n', '\\\n', ' \n', '\t\n', '\n   ', '  \n  ');

const paragraph = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 3 }), lineBreak, fc.constantFrom('', '', '', ' ', '  ', '   '))
  .map(([lines, br, indent]) => indent + lines.join(br));

// ── Leaf blocks ─────────────────────────────────────────────────────────────────────────────────

const indent = fc.constantFrom('', '', '', ' ', '  ', '   ');

// ATX headings: levels 1–6, closing sequences, escapes, empty ones, and lines that are not headings.
const atxHeading = fc.oneof(
  fc.tuple(indent, fc.integer({ min: 1, max: 6 }), line, fc.constantFrom('', '', ' #', ' ##', ' ###########', ' #  ', ' \\#', '#', ' # b'), fc.constantFrom(' ', ' ', '\t', '   '))
    .map(([ind, n, l, close, sp]) => `${ind}${'#'.repeat(n)}${sp}${l}${close}`),
  fc.constantFrom('#', '##', '### ###', '#5 bolt', '#hashtag', '####### foo', '\\## foo', '    # indented', '# foo *bar* \\*baz\\*', '## ', '# #', '### foo \\###', '## foo #\\##', '# foo#'),
);

// Setext headings: the underline turns the lines above into a heading (late, for a stream).
const setextHeading = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 2 }), indent, fc.constantFrom('===', '---', '=', '-', '   ====      ', '---  ', '= =', '--- -', '    ---', '\\---'))
  .map(([lines, ind, underline]) => `${ind}${lines.join('\n')}\n${underline}`);

// Thematic breaks, and lines that are not.
const thematicBreak = fc.constantFrom(
  '---', '***', '___', ' ***', '  ***', '   ***', '    ***', '- - -', ' **  * ** * ** * **', '-     -      -      -',
  '_____________________________________', '- - - -    ', '_ _ _ _ a', 'a------', '---a---', '*-*', ' * * *', '+++', '===', '--', '**', '__',
);

const codeLine = fc.constantFrom(
  'const x = 1;', '', '', '  indented()', '``', '```', '~~~', '````', '~~~~', '<script>alert(1)</script>', 'a & b < c',
  '\tTabbed', 'def f(x):', '    return x', '# not a heading', '- not a list', '[x]: /not-a-def', 'SELECT 1;', '   ', '&amp; \\*',
  '``` still code', '~~~ aa ``` ~~~', '  ```', '   ~~~', '    ```', '*hi*', '> not a quote',
);

// Fenced code: ``` and ~~~, longer fences and closers, info strings (escapes, entities, words
// after the language, backticks in a ~~~ info), indented openers (their lines lose that much
// indentation), closers with trailing spaces or indented, and fences left open.
const infoString = fc.constantFrom(
  '', '', 'ts', 'js', 'python', 'bash', 'json', 'unknownlang', 'c++', 'html', 'md', 'ts {1,2}', 'diff', 'TS', ' ruby  ',
  'ruby startline=3 $%@#$', ';', 'foo\\+bar', 'f&ouml;&ouml;', 'aa ``` ~~~', '`not for backticks', 'py\tx', 'C#', '{.haskell .numberLines}',
);
const fence = fc
  .tuple(
    fc.constantFrom('`', '~'),
    fc.integer({ min: 3, max: 6 }),
    infoString,
    fc.array(codeLine, { maxLength: 6 }),
    fc.constantFrom(0, 0, 0, 1, 2),
    indent,
    fc.constantFrom('', '', '', '  ', ' ', '   ', '\t'),
    fc.constantFrom('close', 'close', 'close', 'close', 'close', 'open', 'short'),
  )
  .map(([ch, n, info, lines, longer, ind, closerSuffix, end]) => {
    const open = `${ind}${ch.repeat(n)}${info}`;
    const body = lines.map((l) => (l ? ind + l : l));
    if (end === 'open') return [open, ...body].join('\n');
    const closer = end === 'short' && n > 3 ? ch.repeat(n - 1) : `${ind}${ch.repeat(n + longer)}${closerSuffix}`;
    return [open, ...body, closer].join('\n');
  });

// Indented code: four spaces or a tab, blank lines inside, and lines indented further.
const indentedCode = fc
  .tuple(fc.array(codeLine, { minLength: 1, maxLength: 4 }), fc.constantFrom('    ', '    ', '\t', '  \t', '     ', '      '))
  .map(([lines, ind]) => lines.map((l) => (l ? `${ind}${l}` : '')).join('\n'));

// HTML blocks (all seven start conditions): with html off they are paragraphs of text.
const htmlBlock = fc.constantFrom(
  '<table><tr><td>\n<pre>\n**Hello**,\n\n_world_.\n</pre>\n</td></tr></table>', '<div>\n*hello*\n         <foo><a>',
  '</div>\n*foo*', '<DIV CLASS="foo">\n\n*Markdown*\n\n</DIV>', '<div id="foo"\n  class="bar">\n</div>', '<div></div>\n``` c\nint x = 33;\n```',
  '<a href="foo">\n*bar*\n</a>', '<Warning>\n*bar*\n</Warning>', '<del>*foo*</del>', '<pre language="haskell"><code>\nimport Text.HTML.TagSoup\n</code></pre>\nokay',
  '<script type="text/javascript">\n// JavaScript example\n\ndocument.getElementById("demo").innerHTML = "Hello JavaScript!";\n</script>',
  '<style\n  type="text/css">\nh1 {color:red;}\n</style>', '<!-- Foo\n\nbar\n   baz -->\nokay', '<?php\n\n  echo \'>\';\n\n?>',
  '<!DOCTYPE html>', '<![CDATA[\nfunction matchwo(a,b)\n{\n  if (a < b && a < 0) then {\n    return 1;\n  }\n}\n]]>',
  '  <!-- foo -->\n\n    <!-- foo -->', '<div>\n\n*Emphasized* text.\n\n</div>', '<textarea>\n\n*foo*\n\n_bar_\n\n</textarea>',
);

// Link reference definitions: every title form, titles and destinations on the next lines, titles
// over several lines, labels with escapes and case folding, and near misses that are paragraphs.
const refDef = fc.oneof(
  fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom('https://example.com/d', '/local/path', '<my url>', '/url\\bar\\*baz', 'ftp://refused.example', 'javascript:alert(1)', '<>', 'foo%20b&auml;'), title)
    .map(([l, u, t]) => `[${l}]: ${u}${t}`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]:\n  https://example.com/multi\n  'multi\nline title'`),
  fc.constantFrom(...LABELS).map((l) => `   [${l}]: \n      /url  \n           'the title'  `),
  fc.constantFrom(...LABELS).map((l) => `[${l}]: /url '\ntitle\nline1\nline2\n'`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]: /url 'title\n\nwith blank line'`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]:\n/url`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]:`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]: /url "title" ok`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]: /url\n"title" ok`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]: /url 'title`),
  fc.constantFrom(...LABELS).map((l) => `[${l}]: /a\n[r1]: /b`),
  fc.constant('[bad]: javascript:alert(1)'),
);

// GFM tables (markdown-it's): alignments, escaped pipes, rows with fewer or more cells, no outer pipes.
const cell = inlinePiece.filter((p) => !p.includes('|') && !p.includes('\n'));
const table = fc
  .tuple(
    fc.integer({ min: 1, max: 3 }),
    fc.array(fc.array(fc.oneof(cell, fc.constant('a \\| b'), fc.constant('`\\|`')), { minLength: 0, maxLength: 4 }), { minLength: 0, maxLength: 3 }),
    fc.constantFrom(':--', '--:', ':-:', '---', '-'),
    fc.boolean(),
  )
  .map(([cols, rows, align, pipes]) => {
    const row = (cells: string[]) => (pipes ? `| ${cells.join(' | ')} |` : cells.join(' | '));
    const header = row(Array.from({ length: cols }, (_, i) => `H${i}`));
    const delim = pipes ? `|${Array.from({ length: cols }, () => align).join('|')}|` : Array.from({ length: cols }, () => align).join('|');
    return [header, delim, ...rows.map((cells) => row(cells.length ? cells : ['']))].join('\n');
  });

// Tabs where they count as indentation or separate a marker from content.
const tabbed = fc.constantFrom(
  '\tfoo\tbaz\t\tbim', '  \tfoo\tbaz\t\tbim', '    a\ta\n    ὐ\ta', '  - foo\n\n\tbar', '- foo\n\n\t\tbar', '>\t\tfoo', '-\t\tfoo',
  '    foo\n\tbar', ' - foo\n   - bar\n\t - baz', '#\tFoo', '*\t*\t*\t', '1.\tone\n2.\ttwo', '>\tquote\n>\ttab', 'a\tb\tc',
);

// ── Container blocks ────────────────────────────────────────────────────────────────────────────

const separator = fc.constantFrom('\n\n', '\n\n', '\n\n', '\n\n', '\n', '\n', '\n\n\n', '\n  \n', '\n\t\n');

function indentRest(text: string, width: number, firstToo = false): string {
  return text
    .split('\n')
    .map((l, i) => ((i === 0 && !firstToo) || l === '' ? l : ' '.repeat(width) + l))
    .join('\n');
}

// A type alias, not an interface: fast-check's typed letrec wants a Record.
type Tie = { block: string; list: string; quote: string };

const tree = fc.letrec<Tie>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 8, arbitrary: paragraph },
    { weight: 2, arbitrary: atxHeading },
    { weight: 1, arbitrary: setextHeading },
    { weight: 4, arbitrary: fence },
    { weight: 2, arbitrary: indentedCode },
    { weight: 1, arbitrary: table },
    { weight: 1, arbitrary: thematicBreak },
    { weight: 1, arbitrary: htmlBlock },
    { weight: 3, arbitrary: refDef },
    { weight: 1, arbitrary: tabbed },
    { weight: 3, arbitrary: tie('list') },
    { weight: 3, arbitrary: tie('quote') },
  ),
  // Lists: bullets and ordered markers with start numbers, tight and loose, items that start with a
  // blank line or are empty, content indented one to four spaces past the marker (five is code),
  // and a marker that changes (a new list).
  list: fc
    .tuple(
      fc.constantFrom('-', '*', '+', '1.', '3)', '1)', '0.', '123.', '999999999.', '2.', '10)'),
      fc.array(fc.array(tie('block'), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom('\n', '\n', '\n\n'),
      fc.constantFrom('\n', '\n\n'),
      fc.constantFrom(1, 1, 1, 2, 4, 5),
      fc.constantFrom('same', 'same', 'same', 'same', 'blank-start', 'empty', 'switch'),
      fc.constantFrom('', '', '', ' ', '  ', '   '),
    )
    .map(([marker, items, itemSep, innerSep, gap, shape, lead]) => {
      const ordered = /\d/.test(marker);
      const start = ordered ? Number(marker.slice(0, -1)) : 0;
      return items
        .map((blocks, i) => {
          let m = ordered ? `${start + i}${marker.slice(-1)}` : marker;
          if (shape === 'switch' && i > 0) m = ordered ? `${start + i}${marker.endsWith('.') ? ')' : '.'}` : marker === '-' ? '*' : '-';
          const width = lead.length + m.length + gap;
          const content = blocks.join(innerSep);
          if (shape === 'empty' && i === 0) return `${lead}${m}`;
          if (shape === 'blank-start' && i === 0) return `${lead}${m}\n${indentRest(content, lead.length + m.length + 1, true)}`;
          return `${lead}${m}${' '.repeat(gap)}${indentRest(content, width)}`;
        })
        .join(itemSep);
    }),
  // Block quotes: "> " or ">" markers, nested ones, blank ">" lines, and lazy continuation lines
  // (no marker) that continue a paragraph.
  quote: fc
    .tuple(
      fc.array(tie('block'), { minLength: 1, maxLength: 2 }),
      fc.constantFrom('none', 'none', 'odd', 'all-but-first'),
      fc.constantFrom('\n', '\n>\n', '\n\n', '\n> \n'),
      fc.constantFrom('> ', '> ', '>', ' > ', '   > '),
    )
    .map(([blocks, lazy, sep, marker]) =>
      blocks
        .join(sep)
        .split('\n')
        .map((l, i) => {
          const lazyLine = l !== '' && i > 0 && (lazy === 'all-but-first' || (lazy === 'odd' && i % 2 === 1));
          return lazyLine ? l : `${marker}${l}`;
        })
        .join('\n'),
    ),
}));

/** A markdown document: blocks separated by blank lines (mostly), sometimes with CRLF. */
export const markdownDocument: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(tree.block, separator), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('', '\n', '\n\n', '\n\n\n', '  ', '\n    '),
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
