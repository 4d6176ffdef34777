import type { HistoryItem } from '../../shared/protocol';
import { t } from '../l10n';
import { h, iconButton } from './dom';
import { formatInt, formatWhen } from './format';

export interface HistoryEvents {
  open(id: string): void;
  remove(id: string): void;
  rename(id: string): void;
  export(id: string): void;
  /** The search box changed (the host searches titles and messages and sends the list back). */
  search(query: string): void;
}

/** Wait after the last keystroke before searching: the host reads every conversation file. */
const SEARCH_DELAY_MS = 200;

/**
 * The history list that drops down under the toolbar: a search box, then each conversation with
 * Rename, Export and Delete. The host does the work; this only shows its list and says what was
 * clicked.
 */
export class HistoryPanel {
  readonly el = h('div', { class: 'history', hidden: true, role: 'region', 'aria-label': t('Conversation history') });
  readonly search = h('input', {
    type: 'search',
    class: 'history-search',
    placeholder: t('Search conversations'),
    'aria-label': t('Search conversations (titles and messages)'),
    spellcheck: 'false',
    // The protocol's limit for a query (src/shared/protocol.ts, shortText).
    maxlength: '500',
  });
  private readonly body = h('div', { class: 'history-body' });
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly events: HistoryEvents,
    onClose: () => void,
  ) {
    this.el.append(h('div', { class: 'history-search-row' }, this.search), this.body);
    this.search.addEventListener('input', () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.events.search(this.search.value), SEARCH_DELAY_MS);
    });
    this.body.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const button = target.closest<HTMLElement>('[data-history-action]');
      const id = button?.dataset.id;
      if (!button || !id) return;
      switch (button.dataset.historyAction) {
        case 'delete':
          return this.events.remove(id);
        case 'rename':
          return this.events.rename(id);
        case 'export':
          return this.events.export(id);
        case 'open':
          this.events.open(id);
          onClose();
          return;
      }
    });
    this.el.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      // Escape in a search box with text clears it first, as VS Code's own search boxes do.
      if (e.target === this.search && this.search.value) {
        this.search.value = '';
        this.events.search('');
        e.stopPropagation();
        return;
      }
      // Taken here: the panel's Escape (stop the answer) is for when nothing is open on top.
      e.preventDefault();
      onClose();
    });
  }

  setItems(items: HistoryItem[], currentId: string): void {
    const query = this.search.value.trim();
    if (items.length === 0) {
      this.body.replaceChildren(h('p', { class: 'history-empty' }, query ? t('No conversation mentions “{0}”.', query) : t('No saved conversations yet.')));
      return;
    }
    this.body.replaceChildren(
      h(
        'ul',
        { class: 'history-list' },
        ...items.map((it) => {
          const current = it.id === currentId;
          const messages = it.messageCount === 1 ? t('1 message') : t('{0} messages', formatInt(it.messageCount));
          return h(
            'li',
            { class: `history-item${current ? ' current' : ''}`, 'data-id': it.id },
            h(
              'button',
              { type: 'button', class: 'history-open', 'data-history-action': 'open', 'data-id': it.id, title: it.title, 'aria-current': current ? 'true' : undefined },
              h('span', { class: 'history-title' }, it.title),
              it.excerpt ? h('span', { class: 'history-excerpt' }, it.excerpt) : undefined,
              h('span', { class: 'history-meta' }, `${formatWhen(it.updatedAt)} · ${it.model} · ${messages}`),
            ),
            h(
              'span',
              { class: 'history-actions' },
              iconButton('edit', t('Rename “{0}”', it.title), { 'data-history-action': 'rename', 'data-id': it.id }),
              iconButton('export', t('Export “{0}”', it.title), { 'data-history-action': 'export', 'data-id': it.id }),
              iconButton('trash', t('Delete “{0}”', it.title), { 'data-history-action': 'delete', 'data-id': it.id }),
            ),
          );
        }),
      ),
    );
  }
}
