import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CODE_HASH_PATTERN, codeHash } from '../../../src/shared/codeHash';

describe('codeHash (FNV-1a, 32 bits)', () => {
  it('gives the published FNV-1a values, as 8 hex digits', () => {
    assert.equal(codeHash(''), '811c9dc5');
    assert.equal(codeHash('a'), 'e40c292c');
    assert.equal(codeHash('foobar'), 'bf9cf968');
  });

  it('hashes the UTF-8 bytes, so both sides agree on any text', () => {
    // "é" is the two bytes c3 a9: FNV-1a step by step.
    let h = 0x811c9dc5;
    for (const byte of [0xc3, 0xa9]) h = Math.imul(h ^ byte, 0x01000193);
    assert.equal(codeHash('é'), (h >>> 0).toString(16).padStart(8, '0'));
    assert.notEqual(codeHash('a\r\nb'), codeHash('a\nb'));
  });

  it('always matches the protocol’s pattern', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => CODE_HASH_PATTERN.test(codeHash(s))), { numRuns: 300 });
  });
});
