import type { FromWebview, TrustView } from '../../shared/protocol';
import { t } from '../l10n';
import { h, icon, iconButton } from './dom';

/**
 * The Restricted Mode banner at the top of the conversation, shown from the trust state in the
 * host's `init` and `trust` messages (the panel's message switch passes it on, validated).
 * "Manage Workspace Trust" only asks the host to open VS Code's trust editor, on the user's click.
 */
export function restrictedModeBanner(post: (m: FromWebview) => void): { el: HTMLElement; update(trust: TrustView): void } {
  const manage = h('button', { type: 'button', class: 'link-button' }, t('Manage Workspace Trust'));
  const close = iconButton('close', t('Dismiss'));
  const el = h(
    'div',
    { class: 'trust-banner', role: 'note', 'aria-label': t('Restricted Mode'), hidden: true },
    icon('shield'),
    h('span', { class: 'trust-banner-text' }, h('strong', {}, t('Restricted Mode:')), ' ', t('this folder’s AIML Claude settings (model, output limit, thinking) are ignored; your user settings apply.'), ' ', manage),
    close,
  );
  manage.addEventListener('click', () => post({ type: 'trustBanner', action: 'manage' }));
  close.addEventListener('click', () => {
    el.hidden = true;
    post({ type: 'trustBanner', action: 'dismiss' });
  });
  return {
    el,
    update: (trust) => {
      el.hidden = !trust.restricted || trust.bannerDismissed;
    },
  };
}
