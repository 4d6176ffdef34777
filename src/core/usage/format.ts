import type { Usage } from '../api/types';
import { tr } from '../l10n';
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
    u.cachedTokens
      ? tr('{0} tokens in ({1} cached)', count(u.promptTokens), count(u.cachedTokens))
      : tr('{0} tokens in', count(u.promptTokens)),
    u.reasoningTokens
      ? tr('{0} out ({1} reasoning)', count(u.completionTokens), count(u.reasoningTokens))
      : tr('{0} out', count(u.completionTokens)),
  ];
  if (u.usdSpent !== undefined) parts.push(formatUsd(u.usdSpent));
  else if (u.creditsUsed !== undefined) parts.push(tr('{0} credits', count(u.creditsUsed)));
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
  const prompt = u.cachedTokens
    ? tr('{0} prompt tokens ({1} from the cache)', count(u.promptTokens), count(u.cachedTokens))
    : tr('{0} prompt tokens', count(u.promptTokens));
  const output = u.reasoningTokens
    ? tr('{0} output tokens ({1} of them reasoning)', count(u.completionTokens), count(u.reasoningTokens))
    : tr('{0} output tokens', count(u.completionTokens));
  const text = tr('{0}, {1}, {2} in all', prompt, output, count(u.totalTokens));
  if (u.usdSpent !== undefined) return tr('{0}; cost {1} as reported by the AI/ML API', text, formatUsd(u.usdSpent));
  if (u.creditsUsed !== undefined) return tr('{0}; {1} credits as reported by the AI/ML API', text, count(u.creditsUsed));
  return text;
}
