import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  commonIndent,
  convertEol,
  detectEol,
  documentEol,
  END_OF_LINE_CRLF,
  prepareReplacement,
  restoreIndentation,
  trailingLineBreaks,
} from '../../../src/core/edits';
import { documentArb, replacementArb } from './support';

const RUNS = { numRuns: 1000 };

describe('edits/eol and indentation', () => {
  describe('line endings', () => {
    it('detects the line ending a text mostly uses, with a fallback for one line', () => {
      assert.equal(detectEol('a\r\nb\r\nc\n'), '\r\n');
      assert.equal(detectEol('a\nb\r\nc\n'), '\n');
      assert.equal(detectEol('single line'), '\n');
      assert.equal(detectEol('single line', '\r\n'), '\r\n');
    });

    it('reads an editor document’s line ending from its eol (VS Code: LF = 1, CRLF = 2), whatever its text', () => {
      assert.equal(END_OF_LINE_CRLF, 2);
      assert.equal(documentEol({ eol: 2 }), '\r\n');
      assert.equal(documentEol({ eol: 1 }), '\n');
      // A one-line document has no breaks to detect; its own eol still decides.
      assert.equal(documentEol({ eol: 2, getText: () => 'one line' } as { eol: number }), '\r\n');
    });

    it('converts LF, CRLF and mixtures, leaving lone CR alone', () => {
      assert.equal(convertEol('a\nb\r\nc', '\r\n'), 'a\r\nb\r\nc');
      assert.equal(convertEol('a\r\nb\nc\r', '\n'), 'a\nb\nc\r');
    });

    it('property: a replacement prepared for a CRLF range has only CRLF breaks; for LF, only LF', () => {
      fc.assert(
        fc.property(documentArb, replacementArb, (doc, replacement) => {
          const out = prepareReplacement(doc.text, replacement, { eol: doc.eol });
          if (doc.eol === '\r\n') assert.ok(!/(^|[^\r])\n/.test(out));
          else assert.ok(!out.includes('\r\n'));
        }),
        RUNS,
      );
    });

    it('property: preparing is idempotent, so the preview and the apply agree', () => {
      fc.assert(
        fc.property(documentArb, replacementArb, (doc, replacement) => {
          const once = prepareReplacement(doc.text, replacement, { eol: doc.eol });
          assert.equal(prepareReplacement(doc.text, once, { eol: doc.eol }), once);
        }),
        RUNS,
      );
    });
  });

  describe('trailing newline shape', () => {
    it('ends with exactly one line break when the range did', () => {
      assert.equal(prepareReplacement('old\n', 'new'), 'new\n');
      assert.equal(prepareReplacement('old\n', 'new\n\n\n'), 'new\n');
    });

    it('adds none when the range ended the document without one', () => {
      assert.equal(prepareReplacement('old', 'new\n'), 'new');
    });

    it('keeps the blank lines that ended the range', () => {
      assert.equal(trailingLineBreaks('x\n\n'), 2);
      assert.equal(prepareReplacement('old\r\n\r\n', 'new\n'), 'new\r\n\r\n');
    });

    it('deletes the range for a replacement of only line breaks', () => {
      assert.equal(prepareReplacement('old\n', '\n\n'), '');
    });
  });

  describe('indentation', () => {
    it('finds the common leading whitespace of non-blank lines', () => {
      assert.equal(commonIndent(['    a', '', '      b', '  ']), '    ');
      assert.equal(commonIndent(['\ta', '  b']), '');
      assert.equal(commonIndent([]), '');
    });

    it('puts back indentation the model dropped, nested lines included', () => {
      const original = '    if (x) {\n        y();\n    }\n';
      assert.equal(prepareReplacement(original, 'if (x) {\n    z();\n}\n'), '    if (x) {\n        z();\n    }\n');
    });

    it('restores the common indent when the selection starts on a deeper line', () => {
      const original = ['        x = 1;', '    }'];
      assert.deepEqual(restoreIndentation(original, ['    x = 2;', '}']), ['        x = 2;', '    }']);
    });

    it('leaves a replacement alone when the model kept the indentation', () => {
      assert.deepEqual(restoreIndentation(['    a', '    b'], ['    c', '', '        d']), ['    c', '', '        d']);
    });

    it('leaves a column-0 line inside kept indentation alone (a template string)', () => {
      const original = ['    const s = `', '    `;'];
      const replacement = ['    const s = `', 'text at column 0', '    `;'];
      assert.deepEqual(restoreIndentation(original, replacement), replacement);
    });

    it('does not guess between tabs and spaces', () => {
      assert.deepEqual(restoreIndentation(['\tif (a)', '\t\tb'], ['  if (a)', '    b']), ['  if (a)', '    b']);
    });

    it('adds no whitespace to blank lines, and can be turned off', () => {
      assert.equal(prepareReplacement('  a\n  b\n', 'a\n\nb'), '  a\n\n  b\n');
      assert.equal(prepareReplacement('  a\n  b\n', 'a\n\nb', { reindent: false }), 'a\n\nb\n');
    });
  });
});
