import assert from 'node:assert/strict';
import { EditError, extractReplacement, isEditError, parseFencedBlocks, previewReplacement } from '../../../src/core/edits';
import { REPLACEMENT_MARKER } from '../../../src/core/prompts';

function noCode(e: unknown): boolean {
  return e instanceof EditError && e.code === 'no_code';
}

describe('edits/extract', () => {
  it('takes the only block', () => {
    const r = extractReplacement('Here you go:\n\n```ts\nconst a = 1;\n```\n\nIt declares a.');
    assert.deepEqual(r, { code: 'const a = 1;\n', blockIndex: 0, blockCount: 1 });
  });

  it('rule 1: prefers the block carrying the marker, wherever it is', () => {
    const answer = [
      'Before, you had:',
      '```typescript',
      'const old = 1;',
      'const longer = "this block is larger than the other";',
      '```',
      'Replace it with:',
      `\`\`\`typescript ${REPLACEMENT_MARKER}`,
      'const x = 2;',
      '```',
    ].join('\n');
    assert.deepEqual(extractReplacement(answer, { languageId: 'typescript' }), { code: 'const x = 2;\n', blockIndex: 1, blockCount: 2 });
  });

  it('rule 1 also finds a custom marker, case-insensitively', () => {
    const answer = '```py\nA\n```\n```py {MINE}\nB\n```';
    assert.equal(extractReplacement(answer, { marker: 'mine' }).code, 'B\n');
  });

  it('rule 2: else the first block in the document language, aliases included', () => {
    const answer = '```bash\nnpm install something-long-enough\n```\n```ts\nlet a: number;\n```\n```ts\nlet b;\n```';
    assert.equal(extractReplacement(answer, { languageId: 'typescript' }).code, 'let a: number;\n');
    assert.equal(extractReplacement('```sh\nls\n```\n```py\nx = 1\n```', { languageId: 'python' }).code, 'x = 1\n');
    assert.equal(extractReplacement('```js\nlet a = 1;\n```\n```sh\necho hello there\n```', { languageId: 'shellscript' }).code, 'echo hello there\n');
    assert.equal(extractReplacement('```text\nprose\n```\n```typescript\nconst el = <a/>;\n```', { languageId: 'typescriptreact' }).code, 'const el = <a/>;\n');
  });

  it('rule 3: else the largest block, the first of equals', () => {
    const answer = '```\nsmall\n```\n```\nthe largest block here\n```\n```\nalso the same size!!!!\n```';
    assert.deepEqual(extractReplacement(answer, { languageId: 'rust' }), { code: 'the largest block here\n', blockIndex: 1, blockCount: 3 });
  });

  it('parses tilde fences and fences longer than three', () => {
    assert.equal(extractReplacement('~~~python\nprint("hi")\n~~~').code, 'print("hi")\n');
    assert.equal(extractReplacement('`````\na\n`````').code, 'a\n');
  });

  it('keeps backtick runs inside a longer fence', () => {
    const answer = '````markdown\nUse:\n```js\nx()\n```\n````\ndone';
    assert.equal(extractReplacement(answer).code, 'Use:\n```js\nx()\n```\n');
  });

  it('closes a fence only with the same character, at least as long', () => {
    const blocks = parseFencedBlocks('~~~~\n```\n~~~\n~~~~~\nafter');
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]?.code, '```\n~~~\n');
  });

  it('does not take one-line ```a``` spans or backtick info strings as fences', () => {
    assert.throws(() => extractReplacement('use ```code``` inline'), noCode);
  });

  it('removes the indentation of a fence nested in a list item', () => {
    const answer = '1. Change it:\n   ```ts\n   if (a) {\n     b();\n   }\n   ```';
    assert.equal(extractReplacement(answer).code, 'if (a) {\n  b();\n}\n');
  });

  it('reads the language from decorated info strings', () => {
    const blocks = parseFencedBlocks('```ts:src/a.ts\na\n```\n```{.python}\nb\n```');
    assert.deepEqual(blocks.map((b) => b.language), ['ts', 'python']);
  });

  it('handles CRLF answers', () => {
    assert.equal(extractReplacement('```js\r\nlet a;\r\nlet b;\r\n```\r\n').code, 'let a;\nlet b;\n');
  });

  it('does not use an unterminated final fence', () => {
    const answer = 'Here:\n```ts aiml-replacement\nfunction half(';
    assert.throws(() => extractReplacement(answer), (e: unknown) => noCode(e) && /not closed/.test((e as Error).message));
    // A complete block before it is still usable.
    assert.equal(extractReplacement('```ts\nok();\n```\n```ts\nfunction half(').code, 'ok();\n');
  });

  it('throws no_code with the plain message when there is no block', () => {
    assert.throws(
      () => extractReplacement('I cannot do that.'),
      (e: unknown) => noCode(e) && (e as Error).message === 'The answer contains no code block to apply.',
    );
  });

  it('never takes an empty block as the replacement', () => {
    assert.throws(() => extractReplacement('```ts aiml-replacement\n```\n```ts\n   \n```'), noCode);
  });

  it('previews the block still streaming, and says it is incomplete', () => {
    assert.deepEqual(previewReplacement('Sure:\n```ts aiml-replacement\nconst a'), { code: 'const a\n', complete: false });
    assert.deepEqual(previewReplacement('```ts\nx\n```'), { code: 'x\n', complete: true });
    assert.equal(previewReplacement('Thinking...'), undefined);
  });

  it('builds EditError with default messages for each code', () => {
    const truncated = new EditError('truncated');
    assert.match(truncated.message, /cut off.*nothing was applied/);
    assert.equal(truncated.name, 'EditError');
    assert.match(new EditError('stale').message, /changed/);
    assert.match(new EditError('conflict').message, /unambiguously/);
    assert.ok(isEditError(truncated) && !isEditError(new Error('x')));
  });
});
