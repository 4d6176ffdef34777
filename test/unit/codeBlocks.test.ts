import * as assert from 'node:assert/strict';
import { listCodeBlocks } from '../../src/core/markdown/codeBlocks';

describe('code blocks of an answer', () => {
  it('lists fenced blocks in document order, nested ones included, with their language', () => {
    const md = ['Intro', '', '```TS title', 'const a = 1;', '```', '', '- item', '', '  ~~~py', '  print(1)', '  ~~~', '', '    indented code is not a fence', '', '````', '```', 'inner', '```', '````'].join('\n');
    const blocks = listCodeBlocks(md);
    assert.deepEqual(blocks, [
      { lang: 'ts', code: 'const a = 1;\n' },
      { lang: 'py', code: 'print(1)\n' },
      { lang: '', code: '```\ninner\n```\n' },
    ]);
  });

  it('finds nothing in prose', () => {
    assert.deepEqual(listCodeBlocks('just `inline` code'), []);
  });
});
