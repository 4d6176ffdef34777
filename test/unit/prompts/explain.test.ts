import assert from 'node:assert/strict';
import { parseFencedBlocks } from '../../../src/core/edits';
import { buildExplainPrompt, type PromptContext } from '../../../src/core/prompts';

const base: PromptContext = {
  selectedText: 'def f(x):\n    return x * 2\n',
  languageId: 'python',
  relativePath: 'pkg/util.py',
  startLine: 10,
  endLine: 11,
  before: 'import os\n',
  after: '\nprint(f(2))',
};

describe('prompts/explain', () => {
  it('names the file, lines and language and fences the code with context', () => {
    const p = buildExplainPrompt(base);
    const text = p.messages[0]?.content ?? '';
    assert.match(text, /Explain this Python code from `pkg\/util\.py`, lines 10–11\./);
    assert.match(text, /Lines 8–9, above it \(context only/);
    assert.match(text, /Lines 12–13, below it/);
    const blocks = parseFencedBlocks(text);
    assert.equal(blocks.length, 3);
    assert.equal(blocks[1]?.code, base.selectedText);
    assert.equal(blocks[1]?.info, 'python');
    assert.equal(p.title, 'Explain pkg/util.py, lines 10–11');
  });

  it('says the scope was inferred, and passes the question', () => {
    const text = buildExplainPrompt({ ...base, selectionKind: 'symbol' }, { question: 'Why times two?' }).messages[0]?.content ?? '';
    assert.match(text, /symbol around the cursor/);
    assert.match(text, /My question about it: Why times two\?$/);
    const file = buildExplainPrompt({ ...base, selectionKind: 'file', before: undefined, after: undefined }).messages[0]?.content ?? '';
    assert.match(file, /the whole file/);
    assert.equal(parseFencedBlocks(file).length, 1);
  });

  it('joins an existing conversation', () => {
    const history = [
      { role: 'user' as const, content: 'hi' },
      { role: 'assistant' as const, content: 'hello' },
    ];
    const p = buildExplainPrompt(base, { history });
    assert.deepEqual(p.messages.slice(0, 2), history);
    assert.equal(p.messages.length, 3);
  });
});
