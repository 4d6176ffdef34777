import type { UsageView } from '../../shared/protocol';
import { t } from '../l10n';
import { h } from './dom';
import { describeUsageView, formatInt, formatTokens } from './format';
import { formatUsd } from '../../core/usage/format';

/**
 * The open conversation's running total, at the end of the toolbar: "Σ 12.3K tokens · $0.04"
 * (the cost only when the service reported it); every number in its tooltip. Hidden until the
 * conversation has used something.
 */
export class SpentBadge {
  readonly el = h('span', { class: 'conversation-spent', hidden: true, role: 'status', 'aria-live': 'off' });

  update(usage: UsageView | undefined): void {
    if (!usage || (usage.totalTokens === 0 && usage.usdSpent === undefined)) {
      this.el.hidden = true;
      this.el.textContent = '';
      this.el.removeAttribute('title');
      return;
    }
    const usd = usage.usdSpent !== undefined ? formatUsd(usage.usdSpent) : undefined;
    // Short ("1.3K", as the model picker writes context sizes) to leave the picker its room.
    const tokens = t('Σ {0} tokens', formatTokens(usage.totalTokens));
    this.el.textContent = usd ? `${tokens} · ${usd}` : tokens;
    this.el.title = t('This conversation so far: {0}', describeUsageView(usage));
    this.el.setAttribute(
      'aria-label',
      usd
        ? t('This conversation has used {0} tokens, {1}', formatInt(usage.totalTokens), usd)
        : t('This conversation has used {0} tokens', formatInt(usage.totalTokens)),
    );
    this.el.hidden = false;
  }
}
