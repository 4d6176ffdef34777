import type { Usage } from '../api/types';

export const NO_USAGE: Usage = Object.freeze({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });

const OPTIONAL = ['cachedTokens', 'reasoningTokens', 'creditsUsed', 'usdSpent'] as const;

/**
 * The usage of two requests together (the rounds of one answer, the answers of a conversation,
 * a day). An optional field is in the sum when either side reported it: a request without a cost
 * adds nothing to it, and the sum still says what was reported.
 */
export function addUsage(a: Usage | undefined, b: Usage): Usage {
  if (!a) return { ...b };
  const sum: Usage = {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
  for (const key of OPTIONAL) {
    const x = a[key];
    const y = b[key];
    if (x !== undefined || y !== undefined) sum[key] = roundCost(key, (x ?? 0) + (y ?? 0));
  }
  return sum;
}

/** Dollars add up in binary floating point; 0.1 + 0.2 must not read 0.30000000000000004. */
function roundCost(key: (typeof OPTIONAL)[number], n: number): number {
  return key === 'usdSpent' || key === 'creditsUsed' ? Math.round(n * 1e9) / 1e9 : n;
}
