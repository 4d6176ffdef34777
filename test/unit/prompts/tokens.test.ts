import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findModel, type ModelInfo } from '../../../src/core/models';
import {
  assertContextBudget,
  checkContextBudget,
  ContextBudgetError,
  estimatePromptTokens,
  estimateTokens,
  formatCount,
  MESSAGE_OVERHEAD_TOKENS,
  REQUEST_OVERHEAD_TOKENS,
  type BuiltPrompt,
} from '../../../src/core/prompts';

const sonnet = findModel('claude-sonnet-4-5') as ModelInfo;

describe('prompts/tokens', () => {
  it('property: the estimate is monotone (appending text never lowers it)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        assert.ok(estimateTokens(a + b) >= estimateTokens(a));
        assert.ok(estimateTokens(a + b) >= estimateTokens(b));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: the estimate is conservative: at least one token per 4 characters, per word, per CJK character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const n = estimateTokens(text);
        assert.ok(n >= Math.ceil(text.length / 4));
        assert.ok(n >= (text.match(/\S+/g)?.length ?? 0));
      }),
      { numRuns: 1000 },
    );
    assert.ok(estimateTokens('漢字漢字漢字') >= 6);
    assert.ok(estimateTokens('😀😀') >= 4);
  });

  it('counts ASCII at three characters a token, short words at 1.3 tokens each', () => {
    const code = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
    assert.equal(estimateTokens(code), Math.ceil(code.length / 3));
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('a b c d'), 6);
  });

  it('counts a whole request with framing', () => {
    const prompt: BuiltPrompt = { system: 'abc', messages: [{ role: 'user', content: 'abcdef' }] };
    // "abc" is one word (1.3, rounded up to 2); "abcdef" is 6 characters (2).
    assert.equal(estimatePromptTokens(prompt), REQUEST_OVERHEAD_TOKENS + 2 + MESSAGE_OVERHEAD_TOKENS + 2);
  });

  it('accepts a prompt that fits with the output reserve', () => {
    const check = checkContextBudget({ system: '', messages: [{ role: 'user', content: 'hi' }] }, sonnet, 32_000);
    assert.ok(check.ok);
    assert.equal(check.available, 200_000 - check.promptTokens);
    assert.deepEqual(assertContextBudget({ system: '', messages: [] }, sonnet, 32_000), {
      promptTokens: REQUEST_OVERHEAD_TOKENS,
      available: 200_000 - REQUEST_OVERHEAD_TOKENS,
    });
  });

  it('refuses an over-budget prompt with the numbers and the model in one sentence', () => {
    const big: BuiltPrompt = { system: '', messages: [{ role: 'user', content: 'x'.repeat(600_000) }] };
    const check = checkContextBudget(big, sonnet, 32_000, { subject: 'The selection', advice: 'Select less code.' });
    assert.equal(check.ok, false);
    assert.ok(!check.ok);
    assert.equal(check.promptTokens, 200_000 + REQUEST_OVERHEAD_TOKENS + MESSAGE_OVERHEAD_TOKENS);
    assert.equal(check.limit, 200_000);
    assert.equal(
      check.message,
      'The selection is about 200,024 tokens; Claude Sonnet 4.5 accepts 200,000 including 32,000 for the answer. Select less code.',
    );
  });

  it('counts the output reserve: a prompt that fits alone can still be refused', () => {
    const prompt: BuiltPrompt = { system: '', messages: [{ role: 'user', content: 'x'.repeat(3 * 190_000) }] };
    assert.equal(checkContextBudget(prompt, sonnet, 4_000).ok, true);
    const check = checkContextBudget(prompt, sonnet, 32_000);
    assert.ok(!check.ok);
    assert.match(check.message, /^The request is about 190,024 tokens; .* Send less text\.$/);
  });

  it('throws ContextBudgetError carrying the numbers', () => {
    const big: BuiltPrompt = { system: '', messages: [{ role: 'user', content: 'x'.repeat(600_000) }] };
    assert.throws(
      () => assertContextBudget(big, sonnet, 32_000),
      (e: unknown) =>
        e instanceof ContextBudgetError &&
        e.name === 'ContextBudgetError' &&
        e.limit === 200_000 &&
        e.maxOutputTokens === 32_000 &&
        e.promptTokens === 200_024 &&
        e.modelLabel === 'Claude Sonnet 4.5' &&
        /200,024/.test(e.message),
    );
  });

  it('formats counts with thousands separators in every locale', () => {
    assert.equal(formatCount(1_000_000), '1,000,000');
    assert.equal(formatCount(999), '999');
  });
});
