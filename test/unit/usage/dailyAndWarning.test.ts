/**
 * Today's total (kept in a globalState-like store, by local date, starting again at midnight) and
 * aimlClaude.spendWarning (its text, and when the next request must ask).
 */
import assert from 'node:assert/strict';
import type { Usage } from '../../../src/core/api';
import { checkSpend, DAILY_USAGE_KEY, DailyUsage, localDateKey, parseSpendWarning, spendWarningHint, spentSoFar, type DailyUsageState } from '../../../src/core/usage';
import { newConversation } from '../../../src/core/chat/conversation';
import { parseSettings } from '../../../src/core/settings';

class MemoryState implements DailyUsageState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
  }
}

const u = (total: number, extra: Partial<Usage> = {}): Usage => ({ promptTokens: total - 10, completionTokens: 10, totalTokens: total, ...extra });

describe('usage: today’s total', () => {
  it('is keyed by the local date, not UTC', () => {
    assert.equal(localDateKey(new Date(2026, 0, 5, 23, 59)), '2026-01-05');
    assert.equal(localDateKey(new Date(2026, 11, 31, 0, 0)), '2026-12-31');
  });

  it('adds every request, keeps cached and reasoning tokens and the cost, and outlives the object (another window, a reload)', async () => {
    const state = new MemoryState();
    let now = new Date(2026, 10, 23, 9, 0);
    const daily = new DailyUsage(state, () => now);
    const changes: Usage[] = [];
    daily.onDidChange((t) => changes.push(t));
    assert.deepEqual(daily.today(), { promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    await daily.add(u(100, { cachedTokens: 60, usdSpent: 0.01 }));
    now = new Date(2026, 10, 23, 18, 30);
    await daily.add(u(50, { reasoningTokens: 5, usdSpent: 0.02 }));
    const expected = { promptTokens: 130, completionTokens: 20, totalTokens: 150, cachedTokens: 60, reasoningTokens: 5, usdSpent: 0.03 };
    assert.deepEqual(daily.today(), expected);
    assert.equal(changes.length, 2);
    assert.deepEqual(changes[1], expected);
    // A new object on the same store (a reload, another window) reads the same total.
    assert.deepEqual(new DailyUsage(state, () => now).today(), expected);
    assert.deepEqual(state.get(DAILY_USAGE_KEY), { date: '2026-11-23', usage: expected });
  });

  it('starts again at local midnight: yesterday’s total reads as none, and is replaced by the first request of the day', async () => {
    const state = new MemoryState();
    let now = new Date(2026, 10, 23, 23, 59, 30);
    const daily = new DailyUsage(state, () => now);
    await daily.add(u(1000, { usdSpent: 1 }));
    assert.equal(daily.today().totalTokens, 1000);
    now = new Date(2026, 10, 24, 0, 0, 5);
    assert.deepEqual(daily.today(), { promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    await daily.add(u(20));
    assert.deepEqual(daily.today(), { promptTokens: 10, completionTokens: 10, totalTokens: 20 });
    assert.deepEqual(state.get(DAILY_USAGE_KEY), { date: '2026-11-24', usage: { promptTokens: 10, completionTokens: 10, totalTokens: 20 } });
  });

  it('a damaged stored value is no total, not a crash, and the next request writes a good one', async () => {
    const state = new MemoryState();
    state.values.set(DAILY_USAGE_KEY, { date: 5, usage: 'lots' });
    const daily = new DailyUsage(state, () => new Date(2026, 10, 23));
    assert.equal(daily.today().totalTokens, 0);
    await daily.add(u(30));
    assert.equal(daily.today().totalTokens, 30);
  });
});

describe('usage: aimlClaude.spendWarning', () => {
  it('reads USD and token amounts in the forms people write them; empty or "off" is off', () => {
    assert.deepEqual(parseSpendWarning('2 USD'), { unit: 'usd', amount: 2 });
    assert.deepEqual(parseSpendWarning(' $2.50 '), { unit: 'usd', amount: 2.5 });
    assert.deepEqual(parseSpendWarning('0.5usd'), { unit: 'usd', amount: 0.5 });
    assert.deepEqual(parseSpendWarning('200000 tokens'), { unit: 'tokens', amount: 200_000 });
    assert.deepEqual(parseSpendWarning('200,000 tokens'), { unit: 'tokens', amount: 200_000 });
    assert.deepEqual(parseSpendWarning('200k tokens'), { unit: 'tokens', amount: 200_000 });
    assert.deepEqual(parseSpendWarning('1.5M Tokens'), { unit: 'tokens', amount: 1_500_000 });
    assert.equal(parseSpendWarning(''), undefined);
    assert.equal(parseSpendWarning('off'), undefined);
  });

  it('refuses anything else with a message that says what to write', () => {
    for (const bad of ['2', 'two USD', '-1 USD', '0 tokens', '5 EUR', '200000', '$', 'tokens']) {
      assert.throws(() => parseSpendWarning(bad), (e: Error) => e.message === spendWarningHint(), bad);
    }
  });

  it('as a setting: a bad value is reported and falls back to off; a good one is the parsed limit', () => {
    const bad = parseSettings({ spendWarning: 'lots' });
    assert.equal(bad.settings.spendWarning, undefined);
    assert.deepEqual(bad.problems, [{ key: 'spendWarning', reason: spendWarningHint() }]);
    assert.deepEqual(parseSettings({ spendWarning: '3 USD' }).settings.spendWarning, { unit: 'usd', amount: 3 });
    assert.deepEqual(parseSettings({ spendWarning: 42 }).problems.map((p) => p.key), ['spendWarning']);
  });

  it('asks once the conversation reaches the limit, with the numbers, and not below it', () => {
    const limit = { unit: 'tokens', amount: 200_000 } as const;
    assert.deepEqual(checkSpend(u(199_999), limit, undefined), { kind: 'go' });
    assert.deepEqual(checkSpend(u(212_000), limit, undefined), { kind: 'ask', message: 'This conversation has used 212,000 tokens (warning at 200,000). Send anyway?' });
    assert.deepEqual(checkSpend(u(10, { usdSpent: 2.12 }), { unit: 'usd', amount: 2 }, undefined), { kind: 'ask', message: 'This conversation has cost $2.12 (warning at $2.00). Send anyway?' });
    assert.deepEqual(checkSpend(u(10, { usdSpent: 1.99 }), { unit: 'usd', amount: 2 }, undefined), { kind: 'go' });
    assert.deepEqual(checkSpend(u(500_000), undefined, undefined), { kind: 'go' }, 'off');
    assert.deepEqual(checkSpend(undefined, limit, undefined), { kind: 'go' }, 'nothing used yet');
  });

  it('asks once per crossing: not again after Send, again when the limit is raised and crossed again', () => {
    const at200k = { unit: 'tokens', amount: 200_000 } as const;
    assert.deepEqual(checkSpend(u(400_000), at200k, at200k), { kind: 'go' }, 'already chosen to go past 200,000');
    assert.deepEqual(checkSpend(u(400_000), { unit: 'tokens', amount: 150_000 }, at200k), { kind: 'go' }, 'a lower limit was passed too');
    assert.equal(checkSpend(u(400_000), { unit: 'tokens', amount: 300_000 }, at200k).kind, 'ask', 'raised and crossed again');
    assert.equal(checkSpend(u(10, { usdSpent: 5 }), { unit: 'usd', amount: 1 }, at200k).kind, 'ask', 'another unit is another limit');
  });

  it('a USD limit cannot be checked when the service reported no cost', () => {
    assert.deepEqual(checkSpend(u(5000), { unit: 'usd', amount: 1 }, undefined), { kind: 'unmeasured' });
  });

  it('a conversation’s running total: kept, or summed from its answers for one saved before it was kept', () => {
    const c = newConversation('claude-sonnet-4-5');
    assert.equal(spentSoFar(c), undefined);
    c.turns.push({ id: 'a', role: 'assistant', text: 'x', createdAt: 0, usage: u(100, { cachedTokens: 50 }) }, { id: 'b', role: 'assistant', text: 'y', createdAt: 0, usage: u(40) });
    assert.deepEqual(spentSoFar(c), { promptTokens: 120, completionTokens: 20, totalTokens: 140, cachedTokens: 50 });
    c.spent = u(999);
    assert.deepEqual(spentSoFar(c), u(999));
  });
});
