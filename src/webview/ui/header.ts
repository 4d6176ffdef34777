import type { HistoryItem, ModelView } from '../../shared/protocol';
import { t } from '../l10n';
import { h, icon, iconButton, withNodes } from './dom';
import { formatTokens } from './format';
import { HistoryPanel, type HistoryEvents } from './historyPanel';

export interface HeaderEvents extends HistoryEvents {
  selectModel(id: string): void;
}

/** Model picker, history toggle, new chat; the history list drops down below. */
export class Header {
  readonly el: HTMLElement;
  private readonly history: HistoryPanel;
  private readonly select = h('select', { class: 'model-select', 'aria-label': t('Model'), title: t('Model for the next question') });
  private readonly historyButton = iconButton('history', t('Conversation history'), { 'aria-expanded': 'false' });
  private currentId = '';

  constructor(private readonly events: HeaderEvents) {
    // New Chat and the model picker command live in the view's title bar, VS Code's own place.
    this.el = h('header', { class: 'toolbar' }, this.historyButton, this.select);
    this.select.addEventListener('change', () => this.events.selectModel(this.select.value));
    this.historyButton.addEventListener('click', () => this.toggleHistory());
    this.history = new HistoryPanel(events, () => {
      this.toggleHistory(false);
      this.historyButton.focus();
    });
  }

  get historyPanel(): HTMLElement {
    return this.history.el;
  }

  setModels(models: ModelView[], current: string): void {
    const known = models.some((m) => m.id === current);
    this.select.replaceChildren(
      ...(known ? [] : [h('option', { value: current }, t('{0} (custom)', current))]),
      ...models.map((m) =>
        h(
          'option',
          { value: m.id, disabled: m.retired, title: m.retired ? t('No longer served by the AI/ML API') : undefined },
          m.retired ? t('{0} · {1} (retired)', m.label, formatTokens(m.contextTokens)) : `${m.label} · ${formatTokens(m.contextTokens)}`,
        ),
      ),
    );
    this.select.value = current;
  }

  setModel(id: string): void {
    if (![...this.select.options].some((o) => o.value === id)) this.select.prepend(h('option', { value: id }, t('{0} (custom)', id)));
    this.select.value = id;
  }

  setHistory(items: HistoryItem[], currentId: string): void {
    this.currentId = currentId;
    this.history.setItems(items, currentId);
  }

  setCurrent(id: string): void {
    this.currentId = id;
  }

  toggleHistory(show = this.historyPanel.hidden): void {
    this.history.el.hidden = !show;
    this.historyButton.setAttribute('aria-expanded', String(show));
    this.historyButton.classList.toggle('active', show);
    if (show) this.history.search.focus();
  }
}

export function emptyState(hasKey: boolean, onSetKey: () => void): HTMLElement {
  if (!hasKey) {
    const button = h('button', { type: 'button', class: 'button primary' }, icon('key'), ` ${t('Set API Key')}`);
    button.addEventListener('click', onSetKey);
    return h(
      'div',
      { class: 'empty' },
      h('h2', {}, t('Welcome to AIML Claude')),
      h('p', {}, t('Set your AI/ML API key to chat with Claude. It is kept in VS Code’s secret storage, never in settings.')),
      button,
    );
  }
  return h(
    'div',
    { class: 'empty' },
    h('h2', {}, t('Ask Claude about your code')),
    h(
      'ul',
      {},
      h('li', {}, ...withNodes(t('Type a question below; {0} sends, {1} adds a line.'), h('kbd', {}, t('Enter')), h('kbd', {}, t('Shift+Enter')))),
      h('li', {}, ...withNodes(t('Attach context with {0}, {1} or {2}.'), h('code', {}, '@selection'), h('code', {}, '@file'), h('code', {}, '@problems'))),
      // The commands as the Command Palette names them in the user's language.
      h('li', {}, ...withNodes(t('Select code and run {0} or {1}.'), h('strong', {}, t('AIML Claude: Explain Selection')), h('strong', {}, t('Refactor Selection…')))),
    ),
  );
}
