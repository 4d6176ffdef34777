import type { ChangeView } from '../../shared/protocol';
import { t } from '../l10n';
import { h, icon } from './dom';

// Labels are functions: the page's bundle is read when a card is drawn, not when this loads.
const STATE: Record<ChangeView['state'], { label: () => string; icon: string } | undefined> = {
  pending: undefined,
  accepted: { label: () => t('Accepted'), icon: 'check' },
  rejected: { label: () => t('Rejected'), icon: 'close' },
  stale: { label: () => t('Edited since: not applied'), icon: 'warning' },
  undone: { label: () => t('Undone'), icon: 'discard' },
};

/**
 * The Changes card at the end of an answer that proposed edits: each file with its +added −removed
 * and its state, Accept / Reject per file, Accept All / Reject All, and Undo Changes once something
 * was applied. A file's name opens its diff. The buttons only name the file: the host holds the
 * texts and decides. File names are text nodes (untrusted, as everything from the model).
 */
export function changesCard(messageId: string, changes: readonly ChangeView[]): HTMLElement {
  const pending = changes.filter((c) => c.state === 'pending').length;
  const accepted = changes.filter((c) => c.state === 'accepted').length;
  const button = (action: string, label: string, iconName: string, extra: Record<string, string> = {}, primary = false) =>
    h('button', { type: 'button', class: `button${primary ? ' primary' : ''}`, 'data-change-action': action, 'data-message-id': messageId, ...extra }, icon(iconName), ` ${label}`);
  const head = h(
    'div',
    { class: 'changes-head' },
    h('span', { class: 'changes-title' }, icon('files'), ` ${changes.length === 1 ? t('Changes (1 file)') : t('Changes ({0} files)', changes.length)}`),
    h(
      'span',
      { class: 'changes-actions' },
      pending > 1 ? button('acceptAll', t('Accept All'), 'check-all', {}, true) : undefined,
      pending > 1 ? button('rejectAll', t('Reject All'), 'close-all') : undefined,
      accepted > 0 && pending === 0 ? button('undo', t('Undo Changes'), 'discard') : undefined,
    ),
  );
  const rows = changes.map((c) => {
    const state = STATE[c.state];
    const stats = h('span', { class: 'change-stats' }, h('span', { class: 'added' }, `+${c.added}`), c.removed ? h('span', { class: 'removed' }, ` −${c.removed}`) : undefined);
    const name = h(
      'button',
      { type: 'button', class: 'change-file', 'data-change-action': 'open', 'data-message-id': messageId, 'data-path': c.path, title: t('Open the diff of {0}', c.path) },
      icon(c.created ? 'new-file' : 'diff'),
      ` ${c.path}`,
      c.created ? h('span', { class: 'change-new' }, ` ${t('(new)')}`) : undefined,
    );
    const right =
      c.state === 'pending'
        ? h(
            'span',
            { class: 'change-buttons' },
            h('button', { type: 'button', class: 'icon-button', 'data-change-action': 'accept', 'data-message-id': messageId, 'data-path': c.path, title: t('Accept {0}', c.path), 'aria-label': t('Accept {0}', c.path) }, icon('check')),
            h('button', { type: 'button', class: 'icon-button', 'data-change-action': 'reject', 'data-message-id': messageId, 'data-path': c.path, title: t('Reject {0}', c.path), 'aria-label': t('Reject {0}', c.path) }, icon('close')),
          )
        : h('span', { class: `change-state state-${c.state}` }, icon(state?.icon ?? 'circle'), ` ${state?.label() ?? c.state}`);
    return h('div', { class: `change-row change-${c.state}`, role: 'listitem' }, name, stats, right);
  });
  // One pending file: its own buttons are the whole choice.
  return h('section', { class: 'changes-card', 'aria-label': t('Changes proposed by this answer') }, head, h('div', { class: 'changes-list', role: 'list' }, ...rows));
}
