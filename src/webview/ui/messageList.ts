import { errorActionLabel } from '../../shared/errorActions';
import type { ErrorAction, MessageView, ModelView, ToolStepView, TurnStatus } from '../../shared/protocol';
import { statusLine } from '../../shared/turnStatus';
import type { CodeBlock } from '../render/codeBlock';
import { IncrementalRenderer, renderMessage } from '../render/incremental';
import { t } from '../l10n';
import { h, icon, iconButton } from './dom';
import { describeUsageView, tokenCount, usageNodes } from './format';
import { ToolStepList } from './toolSteps';
import { changesCard } from './changesCard';

const STATUS_ICON: Partial<Record<TurnStatus, string>> = { stopped: 'stop-circle', interrupted: 'debug-disconnect' };

const ACTION_ICON: Record<ErrorAction, string> = {
  setApiKey: 'key',
  pickModel: 'sparkle',
  retry: 'refresh',
  retryLonger: 'refresh',
  showLog: 'output',
};

interface Row {
  message: MessageView;
  el: HTMLElement;
  body: HTMLElement;
  footer: HTMLElement;
  thinking?: HTMLDetailsElement;
  steps?: ToolStepList;
  notes?: HTMLElement;
  changes?: HTMLElement;
  renderer?: IncrementalRenderer;
  /** The code blocks of a finished answer, by data-block-index (the renderer's side table). */
  blocks?: CodeBlock[];
}

/**
 * The conversation on screen. A streaming answer gets an IncrementalRenderer (finished blocks
 * sealed, only the tail re-rendered once per frame); finished answers are rendered once.
 */
export class MessageList {
  // Not live (a log is polite by default): a screen reader would read every token of a streaming
  // answer. The panel's Announcer says when an answer starts and how it ended instead.
  readonly el = h('div', { class: 'messages', role: 'log', 'aria-live': 'off', 'aria-label': t('Conversation'), tabindex: '0' });
  private rows: Row[] = [];
  private stick = true;
  private countdown: ReturnType<typeof setInterval> | undefined;
  private models: ModelView[] = [];

  constructor() {
    // Follow the answer until the user scrolls up (wheel, keys, touch, dragging the scrollbar);
    // reaching the bottom again resumes it. Layout changes never count as the user leaving.
    const leave = () => {
      if (!this.atBottom()) this.stick = false;
    };
    this.el.addEventListener('wheel', (e) => {
      if (e.deltaY < 0) this.stick = false;
    });
    this.el.addEventListener('keydown', (e) => {
      // l10n-ignore: KeyboardEvent.key values
      if (['ArrowUp', 'PageUp', 'Home'].includes(e.key)) this.stick = false;
    });
    this.el.addEventListener('touchmove', leave);
    this.el.addEventListener('pointerdown', (e) => {
      // A press on the scrollbar itself (outside the content box).
      if (e.offsetX > this.el.clientWidth) this.stick = false;
    });
    this.el.addEventListener('scroll', () => {
      if (this.atBottom()) this.stick = true;
    });
  }

  private atBottom(): boolean {
    return this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 48;
  }

  setModels(models: ModelView[]): void {
    this.models = models;
  }

  get messages(): MessageView[] {
    return this.rows.map((r) => r.message);
  }

  reset(messages: MessageView[]): void {
    this.stopCountdown();
    for (const r of this.rows) r.renderer?.reset();
    this.rows = [];
    this.el.replaceChildren();
    for (const m of messages) this.add(m);
    this.refreshLastActions();
    this.stick = true;
    this.scrollToEnd(true);
  }

  add(message: MessageView): void {
    const row = message.role === 'user' ? this.userRow(message) : this.assistantRow(message);
    this.rows.push(row);
    this.el.append(row.el);
    this.refreshLastActions();
    this.scrollToEnd();
  }

  truncate(keepCount: number): void {
    this.stopCountdown();
    for (const r of this.rows.splice(keepCount)) {
      r.renderer?.reset();
      r.el.remove();
    }
    this.refreshLastActions();
  }

  delta(id: string, text: string, reasoning?: string): void {
    const row = this.find(id);
    if (!row) return;
    this.stopCountdown();
    row.footer.querySelector('.retrying')?.remove();
    if (reasoning) {
      const thinking = this.ensureThinking(row);
      (thinking.querySelector('.thinking-text') as HTMLElement).append(reasoning);
      row.message.reasoning = (row.message.reasoning ?? '') + reasoning;
    }
    if (text) {
      row.message.text += text;
      row.body.classList.remove('pending');
      row.renderer?.append(text);
    }
    this.scrollToEnd();
  }

  /** A message changed in place (a question's attachment removed): rebuild its row. */
  update(message: MessageView): void {
    const index = this.rows.findIndex((r) => r.message.id === message.id);
    const row = this.rows[index];
    if (!row) return;
    if (message.role === 'assistant') {
      // An answer's Changes card moved on (accepted, rejected, undone): only the card is redrawn.
      row.message = { ...row.message, changes: message.changes };
      this.setChanges(row);
      return;
    }
    const fresh = this.userRow(message);
    row.el.replaceWith(fresh.el);
    this.rows[index] = fresh;
    this.refreshLastActions();
  }

  /** A tool step of an answer started or ended. */
  toolStep(id: string, step: ToolStepView): void {
    const row = this.find(id);
    if (!row) return;
    this.ensureSteps(row).upsert(step);
    this.scrollToEnd();
  }

  /** A note on how an answer is being made (a limit reached, tools unavailable). */
  note(id: string, text: string): void {
    const row = this.find(id);
    if (!row) return;
    this.ensureNotes(row).append(h('div', { class: 'message-note' }, icon('info'), text));
    this.scrollToEnd();
  }

  retrying(id: string, attempt: number, maxRetries: number, delayMs: number, reason: string): void {
    const row = this.find(id);
    if (!row) return;
    this.stopCountdown();
    row.footer.querySelector('.retrying')?.remove();
    const until = Date.now() + delayMs;
    const label = h('span');
    const note = h('div', { class: 'retrying', role: 'status' }, icon('watch'), ' ', reason, ' ', label);
    const tick = () => {
      const s = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      label.textContent = t('Retrying in {0} s (attempt {1} of {2}).', s, attempt, maxRetries);
    };
    tick();
    this.countdown = setInterval(tick, 250);
    row.footer.prepend(note);
    this.scrollToEnd();
  }

  ended(message: MessageView): void {
    this.stopCountdown();
    const row = this.find(message.id);
    if (!row) return;
    if (row.renderer) {
      if (row.renderer.text === message.text) {
        row.renderer.finish();
        row.blocks = row.renderer.blocks();
      } else {
        // Deltas were missed (the panel was hidden or reloaded): show the host's full text.
        row.renderer.reset();
        this.renderWhole(row, message.text);
      }
      row.renderer = undefined;
    }
    row.message = message;
    // The host's record is the whole truth: steps, notes and changes as it kept them.
    if (message.steps?.length) this.ensureSteps(row).setAll(message.steps);
    if (message.notes?.length) this.ensureNotes(row).replaceChildren(...message.notes.map((n) => h('div', { class: 'message-note' }, icon('info'), n)));
    this.setChanges(row);
    row.body.classList.remove('pending');
    row.el.removeAttribute('aria-busy');
    if (message.reasoning && !row.thinking) (this.ensureThinking(row).querySelector('.thinking-text') as HTMLElement).textContent = message.reasoning;
    if (row.thinking) row.thinking.querySelector('summary')!.textContent = t('Thinking');
    this.fillFooter(row);
    this.refreshLastActions();
    this.scrollToEnd();
  }

  private find(id: string): Row | undefined {
    for (let i = this.rows.length - 1; i >= 0; i--) if (this.rows[i]!.message.id === id) return this.rows[i];
    return undefined;
  }

  private userRow(message: MessageView): Row {
    // Definitions Explain attached can be removed before a follow-up (they are context, not the question).
    const chips = message.attachments?.length
      ? h(
          'div',
          { class: 'chips' },
          ...message.attachments.map((a) =>
            h(
              'span',
              { class: 'chip', title: tokenCount(a.tokens) },
              icon(chipIcon(a.kind)),
              ` ${a.label}`,
              a.kind === 'definition'
                ? h('button', { type: 'button', class: 'chip-remove', 'data-remove-turn-attachment': a.id, 'data-message-id': message.id, 'aria-label': t('Remove {0} from the next questions', a.label), title: t('Leave out of the next questions') }, icon('close'))
                : undefined,
            ),
          ),
        )
      : undefined;
    const body = h('div', { class: 'user-text' }, message.text);
    const footer = h('div', { class: 'message-footer' });
    const el = h('article', { class: 'message user', 'data-id': message.id, 'aria-label': t('Your question') }, chips, body, footer);
    return { message, el, body, footer };
  }

  private assistantRow(message: MessageView): Row {
    const streaming = message.status === 'streaming';
    const header = h('div', { class: 'message-header' }, icon('sparkle'), ' ', this.modelLabel(message.model));
    const body = h('div', { class: `markdown${streaming && !message.text ? ' pending' : ''}`, 'data-message-id': message.id });
    const footer = h('div', { class: 'message-footer' });
    const el = h('article', { class: 'message assistant', 'data-id': message.id, 'aria-label': t('Answer') }, header, body, footer);
    const row: Row = { message, el, body, footer };
    if (message.reasoning) (this.ensureThinking(row).querySelector('.thinking-text') as HTMLElement).textContent = message.reasoning;
    if (message.steps?.length) this.ensureSteps(row).setAll(message.steps);
    if (message.notes?.length) for (const n of message.notes) this.ensureNotes(row).append(h('div', { class: 'message-note' }, icon('info'), n));
    this.setChanges(row);
    if (streaming) {
      el.setAttribute('aria-busy', 'true');
      row.renderer = new IncrementalRenderer(body);
      if (message.text) row.renderer.append(message.text);
    } else {
      this.renderWhole(row, message.text);
      this.fillFooter(row);
    }
    return row;
  }

  private renderWhole(row: Row, text: string): void {
    const { fragment, blocks } = renderMessage(text);
    row.body.replaceChildren(fragment);
    row.blocks = blocks;
  }

  /** The code block an answer shows as `index`, as the renderer recorded it (never read from the DOM). */
  codeBlock(messageId: string, index: number): CodeBlock | undefined {
    const row = this.find(messageId);
    return (row?.renderer?.blocks() ?? row?.blocks)?.[index];
  }

  private ensureThinking(row: Row): HTMLDetailsElement {
    if (row.thinking) return row.thinking;
    const details = h('details', { class: 'thinking' }, h('summary', {}, t('Thinking…')), h('div', { class: 'thinking-text' }));
    row.body.before(details);
    row.thinking = details;
    return details;
  }

  /** The steps sit between the thinking and the answer's text: what Claude looked at, then what it said. */
  private ensureSteps(row: Row): ToolStepList {
    if (row.steps) return row.steps;
    row.steps = new ToolStepList(row.message.id);
    row.body.before(row.steps.el);
    return row.steps;
  }

  /** The Changes card after the answer's text (replaced whole: it is small). */
  private setChanges(row: Row): void {
    const changes = row.message.changes;
    if (!changes?.length) {
      row.changes?.remove();
      row.changes = undefined;
      return;
    }
    const card = changesCard(row.message.id, changes);
    if (row.changes) row.changes.replaceWith(card);
    else row.footer.before(card);
    row.changes = card;
  }

  private ensureNotes(row: Row): HTMLElement {
    if (row.notes) return row.notes;
    row.notes = h('div', { class: 'message-notes', role: 'note' });
    row.body.before(row.notes);
    return row.notes;
  }

  private fillFooter(row: Row): void {
    const m = row.message;
    row.footer.replaceChildren();
    const status = statusLine(m.status, m.interruption);
    if (m.error) {
      row.footer.append(
        h(
          'div',
          { class: 'error-box', role: 'alert' },
          h('div', { class: 'error-text' }, icon('error'), ' ', m.error.message),
          h('div', { class: 'error-actions' }, ...m.error.actions.map((a) => h('button', { type: 'button', class: 'button', 'data-error-action': a }, icon(ACTION_ICON[a]), ` ${errorActionLabel(a)}`))),
        ),
      );
    }
    // A failure's own box says what happened; the status line is for stops and cut-offs.
    if (status && !m.error) row.footer.append(h('div', { class: `status status-${m.status}` }, icon((m.status && STATUS_ICON[m.status]) ?? 'warning'), ' ', status));
    if (m.status === 'truncated' && !m.error) {
      // Cut off at the output limit: what helps is a larger limit, and the button says so.
      row.footer.append(
        h('div', { class: 'error-actions' }, h('button', { type: 'button', class: 'button', 'data-error-action': 'retryLonger' }, icon(ACTION_ICON.retryLonger), ` ${errorActionLabel('retryLonger')}`)),
      );
    }
    const meta = h('div', { class: 'meta' });
    if (m.usage) meta.append(h('span', { class: 'usage', title: describeUsageView(m.usage) }, ...usageNodes(m.usage, (part) => h('span', { class: 'usage-part' }, part))));
    const actions = h('span', { class: 'message-actions' });
    if (m.role === 'assistant' && m.text) {
      // Numbered as the host numbers the document it opens ("Answer 2.md"), so a screen reader
      // user knows which answer the button is for.
      actions.append(iconButton('go-to-file', t('Open answer {0} in an editor', this.answerNumber(row)), { class: 'icon-button open-answer', 'data-open-answer': m.id }));
    }
    meta.append(actions);
    row.footer.append(meta);
  }

  /** An answer's place among the answers, from 1 (a row not listed yet is about to be the last). */
  private answerNumber(row: Row): number {
    const at = this.rows.indexOf(row);
    const before = at < 0 ? this.rows : this.rows.slice(0, at);
    return before.filter((r) => r.message.role === 'assistant').length + 1;
  }

  /** Regenerate on the last answer, Edit on the last question; nowhere else. */
  refreshLastActions(busy = false): void {
    for (const el of this.el.querySelectorAll('.last-action')) el.remove();
    if (busy) return;
    const lastAssistant = [...this.rows].reverse().find((r) => r.message.role === 'assistant');
    const lastUser = [...this.rows].reverse().find((r) => r.message.role === 'user');
    if (lastAssistant && lastAssistant.message.status !== 'streaming') {
      const slot = lastAssistant.footer.querySelector('.message-actions') ?? lastAssistant.footer;
      slot.append(iconButton('refresh', t('Regenerate'), { class: 'icon-button last-action', 'data-command': 'regenerate' }));
    }
    if (lastUser) {
      lastUser.footer.append(iconButton('edit', t('Edit and resend'), { class: 'icon-button last-action', 'data-command': 'editLast' }));
    }
  }

  lastUserText(): string | undefined {
    return [...this.rows].reverse().find((r) => r.message.role === 'user')?.message.text;
  }

  private modelLabel(id: string | undefined): string {
    return this.models.find((m) => m.id === id)?.label ?? id ?? 'Claude'; // l10n-ignore: a model name, as the picker's labels
  }

  private stopCountdown(): void {
    if (this.countdown) clearInterval(this.countdown);
    this.countdown = undefined;
  }

  scrollToEnd(force = false): void {
    if (!force && !this.stick) return;
    requestAnimationFrame(() => {
      this.el.scrollTop = this.el.scrollHeight;
    });
  }
}

const CHIP_ICONS: Record<string, string> = {
  selection: 'selection',
  file: 'file-code',
  problems: 'warning',
  symbol: 'symbol-method',
  changes: 'git-compare',
  definition: 'symbol-class',
};

export function chipIcon(kind: string): string {
  return CHIP_ICONS[kind] ?? 'file';
}
