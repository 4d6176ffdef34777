import type { UsageView } from '../../shared/protocol';

const int = new Intl.NumberFormat('en-US');

export function formatInt(n: number): string {
  return int.format(Math.round(n));
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${Number((n / 1_000_000).toFixed(1))}M`;
  if (n >= 1_000) return `${Number((n / 1_000).toFixed(1))}K`;
  return String(n);
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
