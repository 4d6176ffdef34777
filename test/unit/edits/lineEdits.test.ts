import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyHunks, applyLineEdits, computeHunks, computeLineEdits, EditError, type Hunk } from '../../../src/core/edits';
import { eolArb, lcs, lineContent, tokens } from './support';

/** Any text: mixed line endings, with or without a final newline, possibly empty. */
const textArb = fc
  .array(fc.tuple(lineContent, eolArb), { maxLength: 14 })
  .chain((pairs) =>
    fc.boolean().map((final) =>
      pairs.map(([l, e], i) => l + (i < pairs.length - 1 || final ? e : '')).join(''),
    ),
  );

const RUNS = { numRuns: 1000 };

describe('edits/lineEdits', () => {
  describe('computeLineEdits', () => {
    it('property: applying computeLineEdits(a, b) to a yields exactly b', () => {
      fc.assert(
        fc.property(textArb, textArb, (a, b) => {
          assert.equal(applyLineEdits(a, computeLineEdits(a, b)), b);
        }),
        RUNS,
      );
    });

    it('property: the edits are minimal (remove and add only lines outside a longest common subsequence)', () => {
      fc.assert(
        fc.property(textArb, textArb, (a, b) => {
          const edits = computeLineEdits(a, b);
          const common = lcs(tokens(a), tokens(b));
          const removed = edits.reduce((n, e) => n + e.endLine - e.startLine, 0);
          const added = edits.reduce((n, e) => n + e.newLines.length, 0);
          assert.equal(removed, tokens(a).length - common);
          assert.equal(added, tokens(b).length - common);
        }),
        RUNS,
      );
    });

    it('property: a text diffed with itself yields no edits', () => {
      fc.assert(
        fc.property(textArb, (a) => {
          assert.deepEqual(computeLineEdits(a, a), []);
        }),
        RUNS,
      );
    });

    it('keeps line endings and a missing final newline byte for byte', () => {
      const a = 'one\r\ntwo\nthree';
      const b = 'one\r\nTWO\nthree';
      const edits = computeLineEdits(a, b);
      assert.deepEqual(edits, [{ startLine: 1, endLine: 2, newLines: ['TWO\n'] }]);
      assert.equal(applyLineEdits(a, edits), b);
    });

    it('refuses overlapping edits with a conflict EditError', () => {
      assert.throws(
        () =>
          applyLineEdits('a\nb\nc\n', [
            { startLine: 0, endLine: 2, newLines: [] },
            { startLine: 1, endLine: 3, newLines: [] },
          ]),
        (e: unknown) => e instanceof EditError && e.code === 'conflict',
      );
      assert.throws(() => applyLineEdits('a\n', [{ startLine: 0, endLine: 5, newLines: [] }]), EditError);
    });
  });

  describe('hunks', () => {
    it('property: all hunks give the new text, none the original, a subset changes only its hunks', () => {
      fc.assert(
        fc.property(textArb, textArb, fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), (a, b, mask) => {
          const hunks = computeHunks(a, b);
          assert.equal(applyHunks(a, hunks), b);
          assert.equal(applyHunks(a, []), a);

          const chosen = hunks.filter((h) => mask[h.id % mask.length]);
          // Expected, built independently: walk the original; inside a hunk take its new lines when
          // chosen, its original lines otherwise; between hunks the original lines as they are.
          const original = tokens(a);
          const expected: string[] = [];
          let at = 0;
          for (const h of hunks) {
            expected.push(...original.slice(at, h.originalStart));
            expected.push(...(chosen.includes(h) ? h.newLines : original.slice(h.originalStart, h.originalEnd)));
            at = h.originalEnd;
          }
          expected.push(...original.slice(at));
          assert.equal(applyHunks(a, [...chosen].reverse()), expected.join(''));
        }),
        RUNS,
      );
    });

    it('numbers hunks in order and records both sides', () => {
      const hunks = computeHunks('a\nb\nc\nd\n', 'a\nB\nc\nd\ne\n');
      assert.deepEqual(
        hunks.map((h: Hunk) => [h.id, h.originalStart, h.originalEnd, h.newStart, h.removedLines, h.newLines]),
        [
          [0, 1, 2, 1, ['b\n'], ['B\n']],
          [1, 4, 4, 4, [], ['e\n']],
        ],
      );
    });

    it('refuses a hunk that does not match the text with a stale EditError', () => {
      const [hunk] = computeHunks('a\nb\n', 'a\nB\n');
      assert.ok(hunk);
      assert.throws(
        () => applyHunks('a\nchanged\n', [hunk]),
        (e: unknown) => e instanceof EditError && e.code === 'stale',
      );
    });
  });
});
