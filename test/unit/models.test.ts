import * as assert from 'node:assert/strict';
import { DEFAULT_MODEL_ID, findModel, formatTokens, MODEL_CATALOG, servedModels } from '../../src/core/models';

describe('model catalog', () => {
  it('has the default model and it is served', () => {
    const m = findModel(DEFAULT_MODEL_ID);
    assert.equal(m?.label, 'Claude Sonnet 4.5');
    assert.equal(m?.retired, false);
  });

  it('finds models by alias, case-insensitively', () => {
    assert.equal(findModel('anthropic/claude-sonnet-4.5')?.id, 'claude-sonnet-4-5');
    assert.equal(findModel('Claude-Opus-4-5-20251101')?.id, 'claude-opus-4-5');
    assert.equal(findModel('claude-3-opus-latest')?.id, 'claude-3-opus');
    assert.equal(findModel('gpt-4o'), undefined);
  });

  it('marks Claude 3 Opus retired and leaves it out of the served list', () => {
    assert.equal(findModel('claude-3-opus')?.retired, true);
    assert.ok(!servedModels().some((m) => m.id === 'claude-3-opus'));
    assert.equal(servedModels().length, MODEL_CATALOG.length - 1);
  });

  it('knows each model’s limits', () => {
    assert.equal(findModel('claude-opus-4-8')?.contextTokens, 1_000_000);
    assert.equal(findModel('claude-opus-4-8')?.maxOutputTokens, 128_000);
    assert.ok(findModel('claude-opus-4-8')?.thinkingModes.includes('adaptive'));
    assert.equal(findModel('claude-3-opus')?.maxOutputTokens, 4096);
    for (const m of MODEL_CATALOG) assert.ok(m.defaultMaxTokens <= m.maxOutputTokens, m.id);
  });

  it('formats token counts as pickers show them', () => {
    assert.equal(formatTokens(200_000), '200K');
    assert.equal(formatTokens(1_000_000), '1M');
    assert.equal(formatTokens(4096), '4.1K');
    assert.equal(formatTokens(512), '512');
  });
});
