import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyOffsetEdits } from '../../../src/core/edits';
import { changeSpan, planFileChange } from '../../../src/core/tools';

const apply = (text: string, plan: ReturnType<typeof planFileChange>): string => {
  assert.ok(plan.ok, plan.ok ? '' : plan.reason);
  return plan.newText;
};

describe('tools: a proposal applied to the file as it is now', () => {
  const original = ['a', 'b', 'c', 'd', 'e', 'f', ''].join('\n');
  const proposed = ['a', 'B', 'c', 'd', 'E', 'f', ''].join('\n');

  it('the span runs from the first to the last changed line', () => {
    assert.deepEqual(changeSpan(original, proposed), { startLine: 1, endLine: 4, originalText: 'b\nc\nd\ne\n', proposedText: 'B\nc\nd\nE\n' });
    assert.equal(changeSpan(original, original), undefined);
  });

  it('an insertion takes the line before it; at the top, the line after', () => {
    assert.deepEqual(changeSpan('a\nb\n', 'a\nx\nb\n'), { startLine: 0, endLine: 0, originalText: 'a\n', proposedText: 'a\nx\n' });
    assert.deepEqual(changeSpan('a\nb\n', 'x\na\nb\n'), { startLine: 0, endLine: 0, originalText: 'a\n', proposedText: 'x\na\n' });
  });

  it('unchanged file: applies as proposed', () => {
    const span = changeSpan(original, proposed);
    assert.ok(span);
    assert.equal(apply(original, planFileChange(original, span)), proposed);
  });

  it('lines added above meanwhile: applied where the span moved, the user\'s lines kept', () => {
    const span = changeSpan(original, proposed);
    assert.ok(span);
    const now = `// added by the user\n${original}`;
    const plan = planFileChange(now, span);
    assert.equal(apply(now, plan), `// added by the user\n${proposed}`);
    assert.equal(plan.ok && plan.startLine, 2);
  });

  it('a changed line edited meanwhile: refused, nothing planned', () => {
    const span = changeSpan(original, proposed);
    assert.ok(span);
    const plan = planFileChange(original.replace('d\n', 'd2\n'), span);
    assert.deepEqual(plan, { ok: false, reason: 'changed' });
  });

  it('a CRLF file takes the change in CRLF', () => {
    const span = changeSpan(original, proposed);
    assert.ok(span);
    const crlf = original.replace(/\n/g, '\r\n');
    assert.equal(apply(crlf, planFileChange(crlf, span)), proposed.replace(/\n/g, '\r\n'));
  });

  it('property: unchanged files become exactly the proposal; edits only inside the span (1,000 cases)', () => {
    const line = fc.constantFrom('x', 'y', 'z', 'w', '', 'if (a) {', '}', 'return 1;');
    fc.assert(
      fc.property(fc.array(line, { minLength: 0, maxLength: 25 }), fc.array(line, { minLength: 0, maxLength: 25 }), fc.boolean(), fc.boolean(), (a, b, finalA, finalB) => {
        const orig = a.join('\n') + (finalA && a.length ? '\n' : '');
        const prop = b.join('\n') + (finalB && b.length ? '\n' : '');
        const span = changeSpan(orig, prop);
        if (!span) {
          assert.equal(orig, prop);
          return;
        }
        const plan = planFileChange(orig, span);
        assert.ok(plan.ok, `${JSON.stringify(orig)} → ${JSON.stringify(prop)}`);
        assert.equal(plan.newText, prop);
        assert.equal(applyOffsetEdits(orig, plan.edits.map((e) => ({ startOffset: offset(orig, e.start), endOffset: offset(orig, e.end), newText: e.newText }))), prop);
      }),
      { numRuns: 1000 },
    );
  });
});

function offset(text: string, pos: { line: number; character: number }): number {
  let at = 0;
  for (let l = 0; l < pos.line; l++) at = text.indexOf('\n', at) + 1;
  return at + pos.character;
}
