import * as assert from 'node:assert/strict';
import { DEFAULT_MODEL_ID, findModel, formatTokens, MODEL_CATALOG, modelLimits, servedModels, type ModelInfo } from '../../src/core/models';

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

describe('modelLimits: one rule for limits and fallbacks', () => {
  it('clamps the output setting to the model’s limit and offers twice it within the model’s', () => {
    const l = modelLimits('claude-sonnet-4-5', 8192);
    assert.equal(l.model.id, 'claude-sonnet-4-5');
    assert.equal(l.known, true);
    assert.equal(l.contextTokens, 200_000);
    assert.equal(l.maxOutputTokens, 8192);
    assert.equal(l.largerOutputTokens, 16_384);
    assert.equal(modelLimits('claude-sonnet-4-5', 40_000).largerOutputTokens, 64_000, 'twice, but within the model’s limit');
    assert.equal(modelLimits('claude-sonnet-4-5', 100_000).maxOutputTokens, 64_000, 'the setting above the model’s limit is clamped');
    assert.equal(modelLimits('claude-sonnet-4-5', 64_000).largerOutputTokens, undefined, 'nothing larger at the top');
    assert.equal(modelLimits('claude-3-opus', 8192).maxOutputTokens, 4096);
  });

  it('finds the model through an alias', () => {
    const l = modelLimits('anthropic/claude-opus-4.8', 8192);
    assert.equal(l.model.id, 'claude-opus-4-8');
    assert.equal(l.contextTokens, 1_000_000);
    assert.equal(modelLimits('claude-opus-4-8', 128_000).maxOutputTokens, 128_000);
  });

  it('gives an id outside the catalog the default model’s limits under its own id and name', () => {
    const l = modelLimits('my-gateway/llama', 8192);
    assert.equal(l.known, false);
    assert.equal(l.model.id, 'my-gateway/llama');
    assert.equal(l.model.label, 'my-gateway/llama');
    assert.equal(l.model.retired, false);
    const base = findModel(DEFAULT_MODEL_ID) as ModelInfo;
    assert.equal(l.contextTokens, base.contextTokens);
    assert.equal(modelLimits('my-gateway/llama', 1_000_000).maxOutputTokens, base.maxOutputTokens);
  });
});
