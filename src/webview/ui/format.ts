import { formatTokens } from '../../core/models';
import { describeUsage, usageParts } from '../../core/usage/format';
import type { UsageView } from '../../shared/protocol';
import { pageLanguage, t } from '../l10n';

// "200K" as the model picker shows context sizes: the same words as in VS Code's own picker.
export { formatTokens };

let numbers: { lang: string; format: Intl.NumberFormat } | undefined;

/** "1,234": whole counts, grouped as the page's language groups them ("1.234" in German). */
export function formatInt(n: number): string {
  const lang = pageLanguage();
  if (numbers?.lang !== lang) numbers = { lang, format: new Intl.NumberFormat(lang) };
  return numbers.format.format(Math.round(n));
}

/** "1,234 tokens", the size of an attachment or of instructions. */
export function tokenCount(n: number): string {
  return n === 1 ? t('1 token') : t('{0} tokens', formatInt(n));
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
    ? d.toLocaleTimeString(pageLanguage(), { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(pageLanguage(), { month: 'short', day: 'numeric', year: new Date(now).getFullYear() === d.getFullYear() ? undefined : 'numeric' });
}
