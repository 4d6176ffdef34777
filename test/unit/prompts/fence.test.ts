import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFencedBlocks } from '../../../src/core/edits';
import { fenced, fenceFor, longestRun } from '../../../src/core/prompts';

describe('prompts/fence', () => {
  it('makes fences longer than any backtick run in the code', () => {
    assert.equal(fenceFor('plain'), '```');
    assert.equal(fenceFor('a ``` b'), '````');
    assert.equal(fenceFor('`````'), '``````');
    assert.equal(longestRun('a``b````c`', '`'), 4);
  });

  it('fences text with an info string, ending it with a line break, without CRs', () => {
    assert.equal(fenced('a\r\nb', 'ts'), '```ts\na\nb\n```');
    assert.equal(fenced('a\n'), '```\na\n```');
    assert.equal(fenced(''), '```\n```');
  });

  it('property: fenced code comes back whole from the answer parser, whatever backticks it holds', () => {
    const code = fc
      .array(fc.string({ unit: fc.constantFrom('`', '``', '```', '~~~', 'a', ' ', '\n', '{'), maxLength: 12 }), { maxLength: 6 })
      .map((parts) => parts.join('\n'));
    fc.assert(
      fc.property(code, (text) => {
        const blocks = parseFencedBlocks(`Intro\n\n${fenced(text, 'ts')}\n\nAfter.`);
        assert.equal(blocks.length, 1);
        const block = blocks[0];
        assert.ok(block?.complete);
        const expected = text === '' ? '' : text.endsWith('\n') ? text : `${text}\n`;
        assert.equal(block.code, expected);
      }),
      { numRuns: 1000 },
    );
  });
});
