import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyOffsetEdits, planRangeReplacement, prepareReplacement, rangeText, trailingLineBreaks } from '../../../src/core/edits';
import { applyTextEdits, documentArb, lcs, pickRange, replacementArb, tokens } from './support';

const RUNS = { numRuns: 1000 };

describe('edits/plan', () => {
  it('property: the edits change only the range, and the range becomes the prepared replacement', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), fc.nat(), replacementArb, fc.boolean(), (doc, a, b, replacement, reindent) => {
        const range = pickRange(doc.text, a, b);
        // The line ending is detected from the text; a text without line breaks has none to detect,
        // so there the caller says which (the host knows `document.eol`).
        const eol = doc.text.includes('\n') ? undefined : doc.eol;
        const plan = planRangeReplacement(doc.text, range, replacement, { reindent, eol });
        const { text: original, startOffset, endOffset } = rangeText(doc.text, range);

        const result = applyTextEdits(doc.text, plan.edits);
        assert.equal(result, plan.newDocumentText);
        assert.equal(applyOffsetEdits(doc.text, plan.offsetEdits), result);

        // Lines outside the range: byte-identical.
        const tail = doc.text.length - endOffset;
        assert.equal(result.slice(0, startOffset), doc.text.slice(0, startOffset));
        assert.equal(result.slice(result.length - tail), doc.text.slice(endOffset));

        // The range: the replacement in the document's line ending, with the range's trailing shape.
        const middle = result.slice(startOffset, result.length - tail);
        assert.equal(middle, prepareReplacement(original, replacement, { eol: doc.eol, reindent }));
        const other = doc.eol === '\n' ? /\r\n/ : /(^|[^\r])\n/;
        assert.ok(!other.test(middle), 'a foreign line ending in the range');
        if (middle !== '') assert.equal(trailingLineBreaks(middle), trailingLineBreaks(original));
        if (!reindent) {
          const body = replacement.replace(/(\r?\n)+$/, '');
          assert.equal(middle.replace(/(\r?\n)+$/, ''), body.split(/\r?\n/).join(doc.eol));
        }

        // Whole-line edits that touch only changed lines: as few removed and added lines as the
        // longest common subsequence allows.
        const common = lcs(tokens(original), tokens(middle));
        let removed = 0;
        let added = 0;
        for (const e of plan.offsetEdits) {
          removed += tokens(doc.text.slice(e.startOffset, e.endOffset)).length;
          added += tokens(e.newText).length;
        }
        assert.equal(removed, tokens(original).length - common);
        assert.equal(added, tokens(middle).length - common);
        for (const e of plan.edits) assert.equal(e.start.character, 0);
      }),
      RUNS,
    );
  });

  it('property: a CRLF document stays CRLF, with no lone LF introduced', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), fc.nat(), replacementArb, (doc, a, b, replacement) => {
        const crlf = doc.text.replace(/\r?\n/g, '\r\n');
        const eol = crlf.includes('\n') ? undefined : '\r\n';
        const plan = planRangeReplacement(crlf, pickRange(crlf, a, b), replacement, { eol });
        assert.ok(!/(^|[^\r])\n/.test(plan.newDocumentText));
        for (const e of plan.edits) assert.ok(!/(^|[^\r])\n/.test(e.newText));
      }),
      RUNS,
    );
  });

  it('edits only the lines that differ, in document coordinates', () => {
    const doc = 'a\nb\nc\nd\ne\n';
    const plan = planRangeReplacement(doc, { startLine: 1, endLine: 3 }, 'b\nC\nd\n');
    assert.deepEqual(plan.edits, [{ start: { line: 2, character: 0 }, end: { line: 3, character: 0 }, newText: 'C\n' }]);
    assert.equal(plan.newDocumentText, 'a\nb\nC\nd\ne\n');
  });

  it('replaces a last line without a final newline and adds none', () => {
    const plan = planRangeReplacement('x\ny', { startLine: 1, endLine: 1 }, 'Y\n');
    assert.equal(plan.newDocumentText, 'x\nY');
    assert.deepEqual(plan.edits, [{ start: { line: 1, character: 0 }, end: { line: 1, character: 1 }, newText: 'Y' }]);
  });

  it('keeps blank lines that ended the selection when the model drops them', () => {
    const plan = planRangeReplacement('f()\n\ng()\n', { startLine: 0, endLine: 1 }, 'F()');
    assert.equal(plan.newDocumentText, 'F()\n\ng()\n');
  });

  it('uses the replacement as given when normalize is false', () => {
    const plan = planRangeReplacement('a\nb\n', { startLine: 0, endLine: 0 }, 'A', { normalize: false });
    assert.equal(plan.newDocumentText, 'Ab\n');
  });

  it('takes the document line ending from the options when given', () => {
    const plan = planRangeReplacement('one line', { startLine: 0, endLine: 0 }, 'two\nlines', { eol: '\r\n' });
    assert.equal(plan.newDocumentText, 'two\r\nlines');
  });

  it('rejects a range outside the document', () => {
    assert.throws(() => planRangeReplacement('a\nb', { startLine: 1, endLine: 2 }, 'x'), RangeError);
    assert.throws(() => planRangeReplacement('a\nb', { startLine: 1, endLine: 0 }, 'x'), RangeError);
    assert.throws(() => rangeText('a', { startLine: -1, endLine: 0 }), RangeError);
    assert.throws(() => applyOffsetEdits('abc', [{ startOffset: 2, endOffset: 1, newText: '' }]), RangeError);
  });

  it('computes a 50-line change in a 10,000-line file touching only the changed lines', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `    line ${i};`);
    const doc = lines.join('\n') + '\n';
    const selected = lines.slice(5000, 5050);
    const replacement = selected.map((l, i) => (i % 10 === 0 ? l.replace('line', 'LINE') : l)).join('\n');
    const plan = planRangeReplacement(doc, { startLine: 5000, endLine: 5049 }, replacement);
    assert.equal(plan.edits.length, 5);
    assert.ok(plan.edits.every((e) => e.end.line - e.start.line === 1 && e.start.line >= 5000 && e.end.line <= 5050));
    assert.equal(applyTextEdits(doc, plan.edits), plan.newDocumentText);
  });
});
