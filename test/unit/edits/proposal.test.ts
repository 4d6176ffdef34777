import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyProposal,
  prepareReplacement,
  reanchor,
  trackLineRange,
  type DocumentChange,
  type TrackedRange,
} from '../../../src/core/edits';
import { documentArb, eolArb, lineContent, offsetAt, pickRange, replacementArb, vsLines, type Eol } from './support';

const RUNS = { numRuns: 1000 };

/** A document as VS Code sees it: lines and one line ending. Text is lines.join(eol). */
interface Model {
  lines: string[];
  eol: Eol;
  start: number;
  end: number;
}

const render = (m: Model): string => m.lines.join(m.eol);

/** The range's text in the model: its lines, each with a terminator except the document's last. */
function modelRangeText(m: Model): string {
  const last = m.end === m.lines.length - 1;
  return m.lines.slice(m.start, m.end + 1).join(m.eol) + (last ? '' : m.eol);
}

/** The document with only the range swapped for the prepared replacement, built from the model. */
function expectedAfterApply(m: Model, replacement: string): string {
  const last = m.end === m.lines.length - 1;
  const prefix = m.lines.slice(0, m.start).map((l) => l + m.eol).join('');
  const suffix = last ? '' : m.lines.slice(m.end + 1).join(m.eol);
  return prefix + prepareReplacement(modelRangeText(m), replacement, { eol: m.eol }) + suffix;
}

function applyChange(text: string, change: DocumentChange): string {
  return text.slice(0, offsetAt(text, change.range.start)) + change.text + text.slice(offsetAt(text, change.range.end));
}

/** The host always knows the document's line ending; the core detects it when the text shows one. */
const eolOption = (text: string, eol: Eol) => ({ eol: text.includes('\n') ? undefined : eol });

const pos = (line: number, character: number) => ({ line, character });

interface Op {
  side: 'above' | 'below';
  kind: 'insert' | 'delete' | 'modify';
  at: number;
  count: number;
  newLines: string[];
}

const opArb: fc.Arbitrary<Op> = fc.record({
  side: fc.constantFrom('above', 'below'),
  kind: fc.constantFrom('insert', 'delete', 'modify'),
  at: fc.nat(),
  count: fc.integer({ min: 1, max: 3 }),
  newLines: fc.array(lineContent, { minLength: 1, maxLength: 3 }),
});

/**
 * Turns a random operation into a change outside the range, applies it to the model, and returns
 * it; undefined when the operation has no room (no lines above, say).
 */
function outsideChange(m: Model, op: Op): DocumentChange | undefined {
  const { eol, lines } = m;
  const n = op.newLines.length;
  const L = lines.length;
  if (op.side === 'above') {
    if (op.kind === 'insert') {
      const i = op.at % (m.start + 1);
      lines.splice(i, 0, ...op.newLines);
      m.start += n;
      m.end += n;
      return { range: { start: pos(i, 0), end: pos(i, 0) }, text: op.newLines.join(eol) + eol };
    }
    if (m.start === 0) return undefined;
    const i = op.at % m.start;
    if (op.kind === 'delete') {
      const j = Math.min(m.start, i + op.count);
      lines.splice(i, j - i);
      m.start -= j - i;
      m.end -= j - i;
      return { range: { start: pos(i, 0), end: pos(j, 0) }, text: '' };
    }
    const old = lines[i] as string;
    lines.splice(i, 1, ...op.newLines);
    m.start += n - 1;
    m.end += n - 1;
    return { range: { start: pos(i, 0), end: pos(i, old.length) }, text: op.newLines.join(eol) };
  }
  // Below the range.
  if (op.kind === 'insert') {
    const i = m.end + 1 + (op.at % (L - m.end));
    if (i < L) {
      lines.splice(i, 0, ...op.newLines);
      return { range: { start: pos(i, 0), end: pos(i, 0) }, text: op.newLines.join(eol) + eol };
    }
    const lastLen = (lines[L - 1] as string).length;
    lines.push(...op.newLines);
    return { range: { start: pos(L - 1, lastLen), end: pos(L - 1, lastLen) }, text: eol + op.newLines.join(eol) };
  }
  const below = L - 1 - m.end;
  if (below === 0) return undefined;
  const i = m.end + 1 + (op.at % below);
  if (op.kind === 'delete') {
    let j = Math.min(L, i + op.count);
    if (j === L && i === m.end + 1) j = L - 1; // deleting through the end would take the range's line break
    if (j <= i) return undefined;
    if (j < L) {
      lines.splice(i, j - i);
      return { range: { start: pos(i, 0), end: pos(j, 0) }, text: '' };
    }
    const prevLen = (lines[i - 1] as string).length;
    const lastLen = (lines[L - 1] as string).length;
    lines.splice(i, j - i);
    return { range: { start: pos(i - 1, prevLen), end: pos(L - 1, lastLen) }, text: '' };
  }
  const old = lines[i] as string;
  lines.splice(i, 1, ...op.newLines);
  return { range: { start: pos(i, 0), end: pos(i, old.length) }, text: op.newLines.join(eol) };
}

/** A change inside the range that alters its text; applied to the model's lines. */
function insideChange(m: Model, kind: number, at: number): DocumentChange {
  const { eol, lines } = m;
  const n = m.end - m.start + 1;
  const i = m.start + (at % n);
  const old = lines[i] as string;
  switch (kind % 3) {
    case 0: // edit a line
      lines[i] = `${old}EDITED`;
      return { range: { start: pos(i, old.length), end: pos(i, old.length) }, text: 'EDITED' };
    case 1: // type at the start of the first line
      lines[m.start] = `EDITED${lines[m.start] as string}`;
      return { range: { start: pos(m.start, 0), end: pos(m.start, 0) }, text: 'EDITED' };
    default: {
      // A new line between two lines of the range (after the last one it would be outside).
      if (n < 2) return insideChange(m, 0, at);
      const j = m.start + (at % (n - 1));
      const len = (lines[j] as string).length;
      lines.splice(j + 1, 0, 'EDITED');
      m.end++;
      return { range: { start: pos(j, len), end: pos(j, len) }, text: `${eol}EDITED` };
    }
  }
}

/** The tests change models in place; fast-check may reuse a generated value while shrinking. */
const copy = (m: Model): Model => ({ ...m, lines: [...m.lines] });

/**
 * On a range of one empty line, a line break typed at its start is at once "a line inserted above"
 * and "a line inserted below": the same edit, which the tracker reads as below. The model cannot
 * know which the test meant, so such changes are left out.
 */
function sameAboveAndBelow(m: Model, change: DocumentChange): boolean {
  const { start, end } = change.range;
  return (
    m.start === m.end &&
    m.lines[m.start] === '' &&
    start.line === m.start &&
    end.line === m.start &&
    start.character === 0 &&
    end.character === 0 &&
    change.text.startsWith(m.eol)
  );
}

function modelOf(text: string, eol: Eol, range: { startLine: number; endLine: number }): Model {
  return { lines: vsLines(text), eol, start: range.startLine, end: range.endLine };
}

/** Documents whose range lines are unique (tagged), so the text alone finds them again. */
const taggedDocumentArb = fc
  .record({
    above: fc.array(lineContent, { maxLength: 6 }),
    range: fc.array(lineContent, { minLength: 1, maxLength: 5 }),
    below: fc.array(lineContent, { maxLength: 6 }),
    eol: eolArb,
  })
  .map(({ above, range, below, eol }): Model => ({
    lines: [...above, ...range.map((l, k) => `R${k}:${l}`), ...below],
    eol,
    start: above.length,
    end: above.length + range.length - 1,
  }));

describe('edits/proposal (version-safe apply)', () => {
  it('property: with the range tracked through concurrent edits outside it, apply changes only the range and keeps every edit', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), fc.nat(), replacementArb, fc.array(opArb, { maxLength: 6 }), (doc, a, b, replacement, ops) => {
        const range = pickRange(doc.text, a, b);
        const m = modelOf(doc.text, doc.eol, range);
        const originalText = modelRangeText(m);
        let text = doc.text;
        let tracked: TrackedRange | null = { ...range, endCharacter: (m.lines[range.endLine] as string).length };
        for (const op of ops) {
          const next = copy(m);
          const change = outsideChange(next, op);
          if (!change || sameAboveAndBelow(m, change)) continue;
          Object.assign(m, next);
          text = applyChange(text, change);
          assert.equal(text, render(m), 'test model out of step');
          tracked = tracked && trackLineRange(tracked, change);
          assert.ok(tracked, 'an edit outside the range was taken as touching it');
        }
        assert.ok(tracked);
        assert.deepEqual([tracked.startLine, tracked.endLine], [m.start, m.end]);

        const result = applyProposal(
          text,
          { originalText, startLine: tracked.startLine, endLine: tracked.endLine, replacement },
          eolOption(text, m.eol),
        );
        assert.ok(result.ok, 'refused');
        assert.equal(result.text, expectedAfterApply(m, replacement));
      }),
      RUNS,
    );
  });

  it('property: without tracking, unique code is found again after concurrent edits and only it changes', () => {
    fc.assert(
      fc.property(taggedDocumentArb, replacementArb, fc.array(opArb, { maxLength: 6 }), (generated, replacement, ops) => {
        const m = copy(generated);
        const originalText = modelRangeText(m);
        const [originalStart, originalEnd] = [m.start, m.end];
        let text = render(m);
        for (const op of ops) {
          const change = outsideChange(m, op);
          if (change) text = applyChange(text, change);
        }
        const result = applyProposal(
          text,
          { originalText, startLine: originalStart, endLine: originalEnd, replacement },
          eolOption(text, m.eol),
        );
        assert.ok(result.ok, 'refused');
        assert.equal(result.text, expectedAfterApply(m, replacement));
        assert.equal(result.startLine, m.start);
      }),
      RUNS,
    );
  });

  it('property: an edit inside the range makes the tracker drop it, and apply refuses without writing', () => {
    fc.assert(
      fc.property(
        taggedDocumentArb,
        replacementArb,
        fc.array(opArb, { maxLength: 3 }),
        fc.nat(),
        fc.nat(),
        fc.array(opArb, { maxLength: 3 }),
        (generated, replacement, before, kind, at, after) => {
          const m = copy(generated);
          const originalText = modelRangeText(m);
          const [originalStart, originalEnd] = [m.start, m.end];
          let text = render(m);
          let tracked: TrackedRange | null = { startLine: m.start, endLine: m.end, endCharacter: (m.lines[m.end] as string).length };
          for (const op of before) {
            const change = outsideChange(m, op);
            if (!change) continue;
            text = applyChange(text, change);
            tracked = tracked && trackLineRange(tracked, change);
          }
          assert.ok(tracked);
          const inside = insideChange(m, kind, at);
          text = applyChange(text, inside);
          assert.equal(text, render(m), 'test model out of step');
          assert.equal(trackLineRange(tracked, inside), null);
          for (const op of after) {
            const change = outsideChange(m, op);
            if (change) text = applyChange(text, change);
          }
          const snapshot = text;
          const result = applyProposal(text, { originalText, startLine: originalStart, endLine: originalEnd, replacement });
          assert.equal(result.ok, false);
          assert.ok(!result.ok && (result.reason === 'changed' || result.reason === 'missing'));
          assert.ok(!result.ok && result.message.length > 0);
          assert.equal(text, snapshot);
        },
      ),
      RUNS,
    );
  });

  describe('reanchor', () => {
    const doc = ['a', 'target', 'b', 'c', 'target', 'd'].join('\n');

    it('keeps the expected line when the text is still there', () => {
      assert.deepEqual(reanchor('target\n', 4, doc), { ok: true, startLine: 4, endLine: 4 });
    });

    it('moves to the nearest occurrence', () => {
      assert.deepEqual(reanchor('target\n', 3, doc), { ok: true, startLine: 4, endLine: 4 });
      assert.deepEqual(reanchor('target\n', 0, doc), { ok: true, startLine: 1, endLine: 1 });
      assert.deepEqual(reanchor('target\n', 2, doc), { ok: true, startLine: 1, endLine: 1 });
    });

    it('refuses two occurrences equally near as ambiguous', () => {
      assert.deepEqual(reanchor('target\n', 2, 'a\ntarget\nb\ntarget\n'), { ok: false, reason: 'ambiguous' });
      assert.deepEqual(reanchor('target\n', 3, 'target\nx\ny\nz\nu\nv\ntarget\n'), { ok: false, reason: 'ambiguous' });
      // The last "target" has no line break, so it is not the whole line the range was.
      assert.deepEqual(reanchor('target\n', 2, 'a\ntarget\nb\ntarget'), { ok: true, startLine: 1, endLine: 1 });
    });

    it('reports edited code as changed and a document that no longer reaches the line as missing', () => {
      assert.deepEqual(reanchor('gone\n', 2, doc), { ok: false, reason: 'changed' });
      assert.deepEqual(reanchor('gone\n', 40, doc), { ok: false, reason: 'missing' });
    });

    it('matches whole lines only', () => {
      assert.deepEqual(reanchor('arg\n', 1, 'target\n'), { ok: false, reason: 'changed' });
    });

    it('tolerates a switch of line endings and a last line that gained a line break', () => {
      assert.deepEqual(reanchor('x\ny\n', 0, 'x\r\ny\r\nz'), { ok: true, startLine: 0, endLine: 1 });
      assert.deepEqual(reanchor('x\ny', 0, 'x\ny\nmore'), { ok: true, startLine: 0, endLine: 1 });
      // But a range that had a line break must still have one.
      assert.deepEqual(reanchor('x\ny\n', 0, 'x\ny'), { ok: false, reason: 'changed' });
    });

    it('finds the empty last line of a document', () => {
      assert.deepEqual(reanchor('', 1, 'a\n'), { ok: true, startLine: 1, endLine: 1 });
    });
  });

  describe('trackLineRange', () => {
    const range = { startLine: 5, endLine: 7, endCharacter: 3 };
    const change = (sl: number, sc: number, el: number, ec: number, text: string): DocumentChange => ({
      range: { start: pos(sl, sc), end: pos(el, ec) },
      text,
    });

    it('shifts with whole lines inserted or deleted above', () => {
      assert.deepEqual(trackLineRange(range, change(1, 0, 1, 0, 'x\ny\n')), { ...range, startLine: 7, endLine: 9 });
      assert.deepEqual(trackLineRange(range, change(1, 0, 3, 0, '')), { ...range, startLine: 3, endLine: 5 });
      assert.deepEqual(trackLineRange(range, change(4, 2, 4, 2, 'typed')), range);
      assert.deepEqual(trackLineRange(range, change(5, 0, 5, 0, 'new line\r\n')), { ...range, startLine: 6, endLine: 8 });
    });

    it('stays for changes below, and for a line break typed at the end of the last line', () => {
      assert.deepEqual(trackLineRange(range, change(8, 0, 9, 0, '')), range);
      assert.deepEqual(trackLineRange(range, change(7, 3, 7, 3, '\nmore')), range);
      assert.deepEqual(trackLineRange(range, change(6, 1, 6, 1, '')), range);
    });

    it('drops the range for any change touching its lines', () => {
      assert.equal(trackLineRange(range, change(6, 0, 6, 1, '')), null);
      assert.equal(trackLineRange(range, change(5, 0, 5, 0, 'prefix')), null);
      assert.equal(trackLineRange(range, change(4, 3, 5, 0, '')), null); // joins line 5 to line 4
      assert.equal(trackLineRange(range, change(7, 3, 8, 0, '')), null); // joins line 8 to the last line
      assert.equal(trackLineRange(range, change(7, 2, 7, 2, '\n')), null); // splits the last line
      assert.equal(trackLineRange({ startLine: 5, endLine: 7 }, change(7, 3, 7, 3, '\nmore')), null);
    });
  });
});
