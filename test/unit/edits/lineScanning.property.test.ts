// The line scanning that runs on whole files for every proposal (changeSpan, reanchor,
// planRangeReplacement, splitKeepEol) was rewritten to compare in place instead of making a string
// per line. These properties hold it to the plain line-by-line definitions, kept here as the
// reference, over texts made of the pieces where line handling goes wrong: "\n", "\r\n", a lone
// "\r", empty lines, a missing final line break.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { contentOf, countLineBreaks, documentLines, lineOffsets, lineStarts, reanchor, splitKeepEol, terminatorOf } from '../../../src/core/edits';
import { changeSpan } from '../../../src/core/tools';

const piece = fc.constantFrom('a', 'b', 'a', 'b', 'x y', '\n', '\n', '\r\n', '\r', '');
const text = fc.array(piece, { maxLength: 14 }).map((p) => p.join(''));

/** changeSpan by its definition: the lines (with terminators) left between the common first and last lines. */
function referenceSpan(original: string, proposed: string) {
  if (original === proposed) return undefined;
  const orig = original.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const prop = proposed.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let head = 0;
  while (head < orig.length && head < prop.length && orig[head] === prop[head]) head++;
  let tail = 0;
  while (tail < orig.length - head && tail < prop.length - head && orig[orig.length - 1 - tail] === prop[prop.length - 1 - tail]) tail++;
  let start = head;
  let end = orig.length - tail;
  if (start === end) {
    if (start > 0) start--;
    else if (end < orig.length) end++;
  }
  const shiftEnd = prop.length - orig.length;
  return { startLine: start, endLine: Math.max(start, end - 1), originalText: orig.slice(start, end).join(''), proposedText: prop.slice(start, end + shiftEnd).join('') };
}

/** reanchor by its definition: whole lines compared by content, a needed terminator present, nearest wins. */
function referenceReanchor(originalRangeText: string, expectedStartLine: number, current: string, lineCount?: number) {
  const pattern = splitKeepEol(originalRangeText);
  if (pattern.length === 0 || (lineCount === pattern.length + 1 && originalRangeText.endsWith('\n'))) pattern.push('');
  const doc = documentLines(current);
  const n = pattern.length;
  const matchesAt = (k: number): boolean => {
    if (k < 0 || k + n > doc.length) return false;
    for (let i = 0; i < n; i++) {
      if (contentOf(doc[k + i] as string) !== contentOf(pattern[i] as string)) return false;
      if (terminatorOf(pattern[i] as string) !== '' && terminatorOf(doc[k + i] as string) === '') return false;
    }
    return true;
  };
  if (matchesAt(expectedStartLine)) return { ok: true, startLine: expectedStartLine, endLine: expectedStartLine + n - 1 };
  const found: number[] = [];
  for (let k = 0; k + n <= doc.length; k++) if (matchesAt(k)) found.push(k);
  if (found.length === 0) return { ok: false, reason: expectedStartLine >= doc.length ? 'missing' : 'changed' };
  const d = (k: number) => Math.abs(k - expectedStartLine);
  const best = Math.min(...found.map(d));
  const at = found.filter((k) => d(k) === best);
  if (at.length > 1) return { ok: false, reason: 'ambiguous' };
  return { ok: true, startLine: at[0] as number, endLine: (at[0] as number) + n - 1 };
}

describe('line scanning on whole files: the fast forms equal their definitions', () => {
  it('splitKeepEol joins back to the text, each piece one line ending in "\\n" but the last', () => {
    fc.assert(
      fc.property(text, (t) => {
        assert.deepEqual(splitKeepEol(t), t.match(/[^\n]*\n|[^\n]+$/g) ?? []);
      }),
      { numRuns: 3000 },
    );
  });

  it('lineStarts equals lineOffsets(documentLines(text)); countLineBreaks counts "\\n" in a range', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, a, b) => {
        assert.deepEqual(lineStarts(t), lineOffsets(documentLines(t)));
        const from = Math.min(a, b) % (t.length + 1);
        const to = Math.max(a, b) % (t.length + 1);
        assert.equal(countLineBreaks(t, from, Math.max(from, to)), t.slice(from, Math.max(from, to)).split('\n').length - 1);
      }),
      { numRuns: 3000 },
    );
  });

  it('changeSpan equals the line-by-line span, for every pair of texts', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        assert.deepEqual(changeSpan(a, b), referenceSpan(a, b));
      }),
      { numRuns: 5000 },
    );
  });

  it('changeSpan on a text and an edit of it (the usual case) equals the line-by-line span', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), text, (a, i, j, insert) => {
        const from = Math.min(i, j) % (a.length + 1);
        const to = Math.max(from, Math.max(i, j) % (a.length + 1));
        const b = a.slice(0, from) + insert + a.slice(to);
        assert.deepEqual(changeSpan(a, b), referenceSpan(a, b));
      }),
      { numRuns: 5000 },
    );
  });

  it('reanchor equals the line-by-line search, for ranges of the text found again in an edit of it', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), text, fc.nat(20), fc.option(fc.nat(6), { nil: undefined }), (doc, i, j, current, expected, lineCount) => {
        const lines = documentLines(doc);
        const s = i % lines.length;
        const e = s + (j % (lines.length - s));
        const range = lines.slice(s, e + 1).join('');
        const now = [current, doc + current, current + doc, doc][i % 4] as string;
        assert.deepEqual(reanchor(range, expected % (documentLines(now).length + 2), now, { lineCount }), referenceReanchor(range, expected % (documentLines(now).length + 2), now, lineCount));
      }),
      { numRuns: 5000 },
    );
  });
});
