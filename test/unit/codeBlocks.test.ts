import * as assert from 'node:assert/strict';
import type MarkdownIt from 'markdown-it';
import { codeBlockOf, listCodeBlocks } from '../../src/core/markdown/codeBlocks';
import { createParser } from '../../src/core/markdown/parser';
import { createEnv, markdownToHtml } from '../../src/webview/render/markdown';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const md = createParser(require('markdown-it') as typeof MarkdownIt);

/** The chat panel's side table of a full render: the blocks its buttons are numbered by. */
function panelBlocks(text: string) {
  const env = createEnv(0, false);
  markdownToHtml(text, env);
  return env.codeBlocks;
}

describe('code blocks of an answer', () => {
  it('lists fenced and indented blocks in document order, nested ones included, language as written', () => {
    const text = [
      'Intro', '', '```TS title', 'const a = 1;', '```', '', '    indented code', '', '- item', '', '  ~~~py', '  print(1)', '  ~~~', '',
      '> quoted:', '>', '>     in a quote', '', '````', '```', 'inner', '```', '````',
    ].join('\n');
    assert.deepEqual(listCodeBlocks(text), [
      { lang: 'TS', code: 'const a = 1;\n' },
      { lang: '', code: 'indented code\n' },
      { lang: 'py', code: 'print(1)\n' },
      { lang: '', code: 'in a quote\n' },
      { lang: '', code: '```\ninner\n```\n' },
    ]);
    assert.deepEqual(panelBlocks(text), listCodeBlocks(text));
  });

  it('numbers an indented block before two fenced ones as the panel does (issue 9)', () => {
    const text = 'Run this:\n\n    npm install\n\nThen:\n\n```ts\nfirst();\n```\n\nand\n\n```ts\nsecond();\n```\n';
    const blocks = listCodeBlocks(text);
    assert.deepEqual(blocks.map((b) => b.code), ['npm install\n', 'first();\n', 'second();\n']);
    assert.deepEqual(panelBlocks(text), blocks);
  });

  it('reads the language like markdown-it: the first word of the info string, escapes and entities resolved', () => {
    assert.deepEqual(listCodeBlocks('``` foo\\+bar baz\nx\n```\n'), [{ lang: 'foo+bar', code: 'x\n' }]);
    assert.deepEqual(listCodeBlocks('~~~ f&ouml;&ouml;\nx\n~~~\n'), [{ lang: 'föö', code: 'x\n' }]);
    assert.deepEqual(listCodeBlocks('```\r\nCRLF\r\n```'), [{ lang: '', code: 'CRLF\n' }]);
  });

  it('parses as the panel does: a definition the link allow-list refuses is a paragraph, so no code under it', () => {
    // With markdown-it's own link check "[a]: ftp://…" would be a definition and the indented
    // line after it a code block; the panel sees one paragraph.
    const text = '[a]: ftp://example.com/x\n    not code\n\n[b]: https://example.com\n    code\n';
    assert.deepEqual(listCodeBlocks(text), [{ lang: '', code: 'code\n' }]);
    assert.deepEqual(panelBlocks(text), listCodeBlocks(text));
  });

  it('codeBlockOf: fences and indented code are code blocks, nothing else is', () => {
    const tokens = md.parse('# h\n\n```js x\na\n```\n\n    b\n\n`c` and <d>\n', {});
    const found = tokens.map((t) => codeBlockOf(t, md)).filter((b) => b !== null);
    assert.deepEqual(found, [{ lang: 'js', code: 'a\n' }, { lang: '', code: 'b\n' }]);
    assert.equal(tokens.filter((t) => codeBlockOf(t, md) !== null).length, 2);
  });

  it('finds nothing in prose', () => {
    assert.deepEqual(listCodeBlocks('just `inline` code'), []);
  });
});
