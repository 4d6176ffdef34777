import type { Usage } from '../api/types';
import { formatCount } from '../prompts/tokens';

/** "$0.0042" below a cent (a short answer costs that), "$1.25" above. */
export function formatUsd(n: number): string {
  return `$${n < 0.01 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`;
}

/**
 * The parts of a usage line, in the order the panel, the status bar and the CLI show them:
 * "1,234 tokens in (1,000 cached)", "56 out (20 reasoning)", then the cost when the service reported it
 * (dollars, else credits). A detail the service did not report is left out, never shown as 0.
 */
export function usageParts(u: Pick<Usage, 'promptTokens' | 'completionTokens' | 'cachedTokens' | 'reasoningTokens' | 'usdSpent' | 'creditsUsed'>): string[] {
  const count = (n: number): string => formatCount(Math.round(n));
  const parts = [
    `${count(u.promptTokens)} tokens in${u.cachedTokens ? ` (${count(u.cachedTokens)} cached)` : ''}`,
    `${count(u.completionTokens)} out${u.reasoningTokens ? ` (${count(u.reasoningTokens)} reasoning)` : ''}`,
  ];
  if (u.usdSpent !== undefined) parts.push(formatUsd(u.usdSpent));
  else if (u.creditsUsed !== undefined) parts.push(`${count(u.creditsUsed)} credits`);
  return parts;
}

/** The same as one line: "1,234 tokens in (1,000 cached) · 56 out · $0.0042". */
export function formatUsageLine(u: Parameters<typeof usageParts>[0]): string {
  return usageParts(u).join(' · ');
}

/**
 * Every number spelled out, for a tooltip: "1,234 prompt tokens (1,000 from the cache), 56 output
 * tokens (20 of them reasoning), 1,290 in all; cost $0.0042 as reported by the AI/ML API".
 */
export function describeUsage(u: Usage): string {
  const count = (n: number): string => formatCount(Math.round(n));
  let text = `${count(u.promptTokens)} prompt tokens${u.cachedTokens ? ` (${count(u.cachedTokens)} from the cache)` : ''}, ${count(u.completionTokens)} output tokens${u.reasoningTokens ? ` (${count(u.reasoningTokens)} of them reasoning)` : ''}, ${count(u.totalTokens)} in all`;
  if (u.usdSpent !== undefined) text += `; cost ${formatUsd(u.usdSpent)} as reported by the AI/ML API`;
  else if (u.creditsUsed !== undefined) text += `; ${count(u.creditsUsed)} credits as reported by the AI/ML API`;
  return text;
}
