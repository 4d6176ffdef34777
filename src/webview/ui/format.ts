import { formatTokens } from '../../core/models';
import { formatCount } from '../../core/prompts/tokens';
import { describeUsage, usageParts } from '../../core/usage/format';
import type { UsageView } from '../../shared/protocol';

// "200K" as the model picker shows context sizes: the same words as in VS Code's own picker.
export { formatTokens };

/** "1,234": whole counts, the same grouping as the host's messages. */
export function formatInt(n: number): string {
  return formatCount(Math.round(n));
}

/**
 * An answer's footer, "1,234 tokens in (1,000 cached) · 56 out (20 reasoning) · $0.0042", each part
 * kept on one line, so a narrow panel wraps between them, not inside one.
 */
export function usageNodes(u: UsageView, h: (text: string) => Node): Node[] {
  return usageParts(u).flatMap((part, i) => (i === 0 ? [h(part)] : [document.createTextNode(' · '), h(part)]));
}

/** The footer's tooltip: every number spelled out. */
export function describeUsageView(u: UsageView): string {
  return describeUsage(u);
}

export function formatWhen(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: new Date(now).getFullYear() === d.getFullYear() ? undefined : 'numeric' });
}
