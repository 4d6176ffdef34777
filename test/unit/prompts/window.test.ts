import assert from 'node:assert/strict';
import fc from 'fast-check';
import { surroundingWindow } from '../../../src/core/prompts';

const lines = (n: number): string[] => Array.from({ length: n }, (_, i) => `line ${i}`);

describe('prompts/window', () => {
  it('takes lines on both sides, nearest first, within the line bound', () => {
    const w = surroundingWindow(lines(100), 50, 52, 6);
    assert.equal(w.before, 'line 47\nline 48\nline 49');
    assert.equal(w.after, 'line 53\nline 54\nline 55');
    assert.deepEqual([w.beforeLines, w.afterLines], [3, 3]);
  });

  it('gives the other side the rest when one side runs out', () => {
    const w = surroundingWindow(lines(20), 1, 1, 6);
    assert.equal(w.before, 'line 0');
    assert.equal(w.afterLines, 5);
    assert.equal(surroundingWindow(lines(3), 0, 2).before, '');
    assert.equal(surroundingWindow(lines(3), 0, 2).after, '');
  });

  it('cuts the farthest lines first when the character bound is reached', () => {
    const text = ['far above', 'x'.repeat(50), 'near above', 'SELECTED', 'near below', 'far below'];
    const w = surroundingWindow(text, 3, 3, 30, 35);
    assert.equal(w.before, 'near above');
    assert.equal(w.after, 'near below\nfar below');
  });

  it('drops CRs left at the ends of lines', () => {
    assert.equal(surroundingWindow(['a\r', 'b\r', 'c\r'], 1, 1).before, 'a');
  });

  it('property: bounded by lines and characters, contiguous with the selection, and as full as the bounds allow', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, '')), { minLength: 1, maxLength: 60 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 400 }),
        (text, a, b, maxLines, maxChars) => {
          const start = Math.min(a % text.length, b % text.length);
          const end = Math.max(a % text.length, b % text.length);
          const w = surroundingWindow(text, start, end, maxLines, maxChars);
          const above = text.slice(start - w.beforeLines, start);
          const below = text.slice(end + 1, end + 1 + w.afterLines);
          assert.equal(w.before, above.join('\n'));
          assert.equal(w.after, below.join('\n'));
          const taken = w.beforeLines + w.afterLines;
          const chars = [...above, ...below].reduce((n, l) => n + l.length + 1, 0);
          assert.ok(taken <= maxLines && chars <= maxChars);
          const nextAbove = text[start - w.beforeLines - 1];
          const nextBelow = text[end + 1 + w.afterLines];
          for (const next of [nextAbove, nextBelow]) {
            if (next !== undefined) assert.ok(taken === maxLines || chars + next.length + 1 > maxChars);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
