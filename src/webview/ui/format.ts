import { formatTokens } from '../../core/models';
import { formatCount } from '../../core/prompts/tokens';
import type { UsageView } from '../../shared/protocol';

// "200K" as the model picker shows context sizes: the same words as in VS Code's own picker.
export { formatTokens };

/** "1,234": whole counts, the same grouping as the host's messages. */
export function formatInt(n: number): string {
  return formatCount(Math.round(n));
}

export function formatUsage(u: UsageView): string {
  const parts = [`${formatInt(u.promptTokens)} tokens in`, `${formatInt(u.completionTokens)} out`];
  if (u.usdSpent !== undefined) parts.push(`$${u.usdSpent < 0.01 ? u.usdSpent.toFixed(4) : u.usdSpent.toFixed(2)}`);
  else if (u.creditsUsed !== undefined) parts.push(`${formatInt(u.creditsUsed)} credits`);
  return parts.join(' · ');
}

export function formatWhen(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: new Date(now).getFullYear() === d.getFullYear() ? undefined : 'numeric' });
}
