import type { UsageView } from '../../shared/protocol';
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
    const cost = usage.usdSpent !== undefined ? ` · ${formatUsd(usage.usdSpent)}` : '';
    // Short ("1.3K", as the model picker writes context sizes) to leave the picker its room.
    this.el.textContent = `Σ ${formatTokens(usage.totalTokens)} tokens${cost}`;
    this.el.title = `This conversation so far: ${describeUsageView(usage)}`;
    this.el.setAttribute('aria-label', `This conversation has used ${formatInt(usage.totalTokens)} tokens${cost ? `, ${formatUsd(usage.usdSpent ?? 0)}` : ''}`);
    this.el.hidden = false;
  }
}
