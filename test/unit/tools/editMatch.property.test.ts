import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdit } from '../../../src/core/tools';

/**
 * Random files, `old_text` taken from them with whitespace noise (line endings, trailing spaces, a
 * uniform indentation shift, a trailing line break or not), and an intended replacement written in
 * the same noisy frame. A unique match must apply exactly the intended change and nothing else; a
 * place that is not unique — or not there — must change nothing.
 */

const STATEMENTS = ['a();', 'b(1);', 'c(x, y);', 'return d;', 'if (e) {', '}', 'let f = 2;', 'g.h = i;', 'throw j;', 'k++;'];

interface Case {
  file: string;
  lines: string[];
  eol: string;
  finalNewline: boolean;
  start: number;
  size: number;
  oldText: string;
  newText: string;
  intended: string[];
}

const lineArb = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(...STATEMENTS)).map(([d, s]) => `${'  '.repeat(d)}${s}`) },
  { weight: 1, arbitrary: fc.constant('') },
);

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 30 }),
    eol: fc.constantFrom('\n', '\r\n'),
    finalNewline: fc.boolean(),
    startSeed: fc.nat(),
    size: fc.integer({ min: 1, max: 4 }),
    shift: fc.constantFrom('none', 'none', 'add2', 'add4', 'remove'),
    trailing: fc.array(fc.constantFrom('', '', '', ' ', '  \t'), { minLength: 6, maxLength: 6 }),
    oldEol: fc.constantFrom('\n', '\r\n', 'file'),
    oldBreak: fc.boolean(),
    newEol: fc.constantFrom('\n', '\r\n'),
    newBreak: fc.boolean(),
    intendedSeeds: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(...STATEMENTS)), { maxLength: 4 }),
  })
  .filter((r) => r.lines.some((l) => l !== ''))
  .map((r) => {
    const nonBlank = r.lines.map((l, i) => (l !== '' ? i : -1)).filter((i) => i >= 0);
    const start = nonBlank[r.startSeed % nonBlank.length] as number;
    let end = Math.min(r.lines.length, start + r.size);
    while (end - 1 > start && r.lines[end - 1] === '') end--;
    const window = r.lines.slice(start, end);
    const minIndent = Math.min(...window.filter((l) => l !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
    const base = ' '.repeat(minIndent);
    const intended = r.intendedSeeds.map(([d, s]) => `${base}${'  '.repeat(d)}${s}`);
    // The model's frame: the window and the intended lines shifted the same way.
    const shiftLine = (l: string): string => {
      if (l === '') return l;
      if (r.shift === 'add2') return `  ${l}`;
      if (r.shift === 'add4') return `    ${l}`;
      if (r.shift === 'remove') return l.slice(minIndent);
      return l;
    };
    const oldEol = r.oldEol === 'file' ? r.eol : r.oldEol;
    const oldText = window.map((l, i) => shiftLine(l) + (l === '' ? '' : (r.trailing[i] ?? ''))).join(oldEol) + (r.oldBreak ? oldEol : '');
    const newText = intended.map(shiftLine).join(r.newEol) + (r.newBreak && intended.length ? r.newEol : '');
    const file = r.lines.join(r.eol) + (r.finalNewline ? r.eol : '');
    return { file, lines: r.lines, eol: r.eol, finalNewline: r.finalNewline, start, size: end - start, oldText, newText, intended };
  });

/** The window's lines with their common indentation removed and trailing space dropped: tolerant equality. */
function canon(lines: readonly string[]): string {
  const trimmed = lines.map((l) => l.trimEnd());
  const indents = trimmed.filter((l) => l !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const min = indents.length ? Math.min(...indents) : 0;
  return trimmed.map((l) => (l === '' ? '' : l.slice(min))).join('\n');
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\n/).length - 1;
}

describe('tools: edit matching recovers every unique match and never applies a wrong one (property)', () => {
  it('1,500 random files and noisy old_text', () => {
    const seen = { applied: 0, refused: 0, tolerant: 0 };
    fc.assert(
      fc.property(caseArb, (c) => {
        const windowCanon = canon(c.lines.slice(c.start, c.start + c.size));
        const tolerantPlaces: number[] = [];
        for (let s = 0; s + c.size <= c.lines.length; s++) if (canon(c.lines.slice(s, s + c.size)) === windowCanon) tolerantPlaces.push(s);
        const exactLines: number[] = [];
        for (let at = c.file.indexOf(c.oldText); at !== -1; at = c.file.indexOf(c.oldText, at + 1)) exactLines.push(lineAt(c.file, at));
        const inWindow = (line: number) => line >= c.start && line < c.start + c.size;
        const unique = tolerantPlaces.length === 1 && tolerantPlaces[0] === c.start && exactLines.every(inWindow) && exactLines.length <= 1;

        const expectedLines = [...c.lines.slice(0, c.start), ...c.intended, ...c.lines.slice(c.start + c.size)];
        // A file without a line break has no line ending of its own: new lines get LF.
        const eol = c.file.includes('\n') ? c.eol : '\n';
        let expected = expectedLines.join(eol) + (c.finalNewline && expectedLines.length ? eol : '');
        if (expectedLines.length === 0) expected = '';

        const r = applyEdit(c.file, c.oldText, c.newText);
        if (r.ok) {
          seen.applied++;
          if (r.how === 'tolerant') seen.tolerant++;
          assert.ok(unique, `applied though not unique: ${JSON.stringify(c)}`);
          assert.equal(r.text, expected, JSON.stringify(c));
        } else {
          seen.refused++;
          if (unique) assert.equal(r.reason, 'unchanged', `a unique match was not recovered (${r.reason}: ${r.message}): ${JSON.stringify(c)}`);
          if (r.reason === 'unchanged') assert.equal(expected, c.file);
        }
      }),
      { numRuns: 1500 },
    );
    assert.ok(seen.applied > 300 && seen.refused > 100 && seen.tolerant > 150, JSON.stringify(seen));
  });
});
