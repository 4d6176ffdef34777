import assert from 'node:assert/strict';
import { applyEdit } from '../../../src/core/tools';

const ok = (r: ReturnType<typeof applyEdit>) => {
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r;
};

describe('tools: edit matching', () => {
  const ts = ['function total(items) {', '  let sum = 0;', '  for (const i of items) sum += i.price;', '  return sum;', '}', ''].join('\n');

  it('exact: the one occurrence is replaced, byte for byte', () => {
    const r = ok(applyEdit(ts, '  let sum = 0;', '  let sum = 0; // running total'));
    assert.equal(r.text, ts.replace('let sum = 0;', 'let sum = 0; // running total'));
    assert.equal(r.how, 'exact');
    assert.deepEqual(r.oldLines, { start: 2, end: 2 });
  });

  it('exact inside a line (a rename in one place)', () => {
    const r = ok(applyEdit(ts, 'function total(', 'function sumItems('));
    assert.equal(r.text.split('\n')[0], 'function sumItems(items) {');
  });

  it('CRLF file, LF old_text and new_text: matched, and the file stays CRLF', () => {
    const crlf = ts.replace(/\n/g, '\r\n');
    const r = ok(applyEdit(crlf, '  let sum = 0;\n  for (const i of items) sum += i.price;', '  let sum = 0;\n  for (const item of items) {\n    sum += item.price;\n  }'));
    assert.equal(r.how, 'tolerant');
    assert.ok(!/[^\r]\n/.test(r.text), 'no bare LF');
    assert.equal(r.text, crlf.replace('  for (const i of items) sum += i.price;', '  for (const item of items) {\r\n    sum += item.price;\r\n  }'));
  });

  it('LF file, CRLF new_text: the new lines take the file\'s LF', () => {
    const r = ok(applyEdit(ts, '  return sum;', '  // done\r\n  return sum;'));
    assert.equal(r.text, ts.replace('  return sum;', '  // done\n  return sum;'));
  });

  it('trailing spaces in old_text (or missing in it) do not stop the match', () => {
    const r = ok(applyEdit(ts, '  let sum = 0;   \n  for (const i of items) sum += i.price;  ', '  let sum = 1;\n  for (const i of items) sum += i.price;'));
    assert.match(r.text, /let sum = 1;/);
    const spaced = ts.replace('  return sum;', '  return sum;   ');
    assert.match(ok(applyEdit(spaced, '  return sum;\n}', '  return sum * 2;\n}')).text, /return sum \* 2;\n}/);
  });

  it('an indentation shift: matched, and new_text shifted by the same amount', () => {
    const nested = ['class Cart {', '  total() {', '    let sum = 0;', '    return sum;', '  }', '}', ''].join('\n');
    // The model dropped the 4 spaces of the method body.
    const r = ok(applyEdit(nested, 'let sum = 0;\nreturn sum;', 'let sum = 0;\nfor (const i of this.items) {\n  sum += i.price;\n}\nreturn sum;'));
    assert.equal(r.how, 'tolerant');
    assert.equal(r.text, ['class Cart {', '  total() {', '    let sum = 0;', '    for (const i of this.items) {', '      sum += i.price;', '    }', '    return sum;', '  }', '}', ''].join('\n'));
    // And the other way: the model indented by 2 more.
    const deeper = ok(applyEdit(nested, '      let sum = 0;\n      return sum;', '      return 0;'));
    assert.equal(deeper.text, ['class Cart {', '  total() {', '    return 0;', '  }', '}', ''].join('\n'));
  });

  it('tabs: an indentation of tabs shifted the same way', () => {
    const tabbed = 'fn main() {\n\tlet a = 1;\n\tprintln!("{}", a);\n}\n';
    const r = ok(applyEdit(tabbed, 'let a = 1;\nprintln!("{}", a);', 'let a = 2;\nprintln!("{}", a);'));
    assert.equal(r.text, 'fn main() {\n\tlet a = 2;\n\tprintln!("{}", a);\n}\n');
  });

  it('not found: the closest lines with their numbers', () => {
    const r = applyEdit(ts, '  for (const item of items) sum += item.price;', 'x');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'not_found');
    assert.match(!r.ok ? r.message : '', /closest lines are 3–3:\n3\t {2}for \(const i of items\) sum \+= i\.price;/);
  });

  it('not found and nothing close: says to read the file', () => {
    const r = applyEdit(ts, 'SELECT * FROM users;', 'x');
    assert.equal(!r.ok && r.reason, 'not_found');
    assert.match(!r.ok ? r.message : '', /read the file first/);
  });

  it('found several times: each line number, nothing changed', () => {
    const twice = `${ts}\n${ts}`;
    const r = applyEdit(twice, '  return sum;', '  return 0;');
    assert.equal(!r.ok && r.reason, 'ambiguous');
    assert.match(!r.ok ? r.message : '', /found 2 times \(at lines 4, 10\)/);
  });

  it('ambiguous only when whitespace is ignored: also refused, with the lines', () => {
    const f = 'if (a) {\n  go();\n}\nif (b) {\n    go();\n}\n';
    const r = applyEdit(f, 'go();   ', 'stop();');
    assert.equal(!r.ok && r.reason, 'ambiguous');
    assert.match(!r.ok ? r.message : '', /at lines 2, 5/);
  });

  it('an exact match in one place and a tolerant one elsewhere is two places: refused', () => {
    // "x();\ny" is inside lines 1-2 exactly (mid-line to mid-line) and matches lines 4-5 by whole lines.
    const f = '    x();\nyz\n\n  x();\n  y\n';
    const r = applyEdit(f, 'x();\ny', 'w');
    assert.equal(!r.ok && r.reason, 'ambiguous');
  });

  it('keeps the final newline, and its absence', () => {
    assert.equal(ok(applyEdit('a\nb\n', 'b\n', 'c')).text, 'a\nc\n');
    assert.equal(ok(applyEdit('a\nb', 'b', 'c\n')).text, 'a\nc');
    assert.equal(ok(applyEdit('a\r\nb\r\n', 'b', 'c\nd\n')).text, 'a\r\nc\r\nd\r\n');
  });

  it('whole lines: new_text without the line break old_text had does not glue the next line', () => {
    assert.equal(ok(applyEdit('a\nb\nc\n', 'b\n', 'B')).text, 'a\nB\nc\n');
    assert.equal(ok(applyEdit('a\nb\nc\n', 'b', 'B\n')).text, 'a\nB\nc\n');
  });

  it('deleting lines leaves no blank line behind', () => {
    assert.equal(ok(applyEdit('a\n  b\nc\n', 'b', '')).text, 'a\nc\n');
  });

  it('empty or blank old_text, or no change: refused', () => {
    assert.equal(applyEdit(ts, '', 'x').ok, false);
    assert.equal(applyEdit(ts, ' \n ', 'x').ok, false);
    const same = applyEdit(ts, '  return sum;', '  return sum;');
    assert.equal(!same.ok && same.reason, 'unchanged');
  });
});
