import type { AttachmentChip, AttachRequest, InstructionsChip } from '../../shared/protocol';
import { t } from '../l10n';
import { h, icon, iconButton } from './dom';
import { formatInt, formatTokens, tokenCount } from './format';
import { chipIcon } from './messageList';

export interface ComposerEvents {
  send(text: string, attachmentIds: string[]): void;
  /** The last question, edited: it replaces the old one and is answered again. */
  resend(text: string): void;
  stop(): void;
  attach(kind: AttachRequest): void;
  removeAttachment(id: string): void;
  estimate(text: string, attachmentIds: string[]): void;
  draftChanged(text: string): void;
  /** An instructions chip: open its file, or turn it off or on for this conversation. */
  instructions(action: 'open' | 'disable' | 'enable', source: string): void;
  /** The user is about to ask (focused the box, typed): the host opens the connection ahead. */
  warm(): void;
}

/** The host decides whether a connection is needed; this only keeps a fast typist from flooding it. */
const WARM_EVERY_MS = 1000;

const MENTION = /(^|\s)@(selection|file|symbol|problems|changes)(?=\s|$)/g;

/**
 * The question box: Enter sends, Shift+Enter starts a new line, Escape stops an answer. `@selection`,
 * `@file` (a picker of workspace files), `@symbol` (a picker of symbols), `@problems` and `@changes`
 * become attachment chips. The text stays here until the host confirms the
 * question was taken, so a refused question loses nothing.
 */
export class Composer {
  readonly el: HTMLElement;
  readonly input = h('textarea', {
    class: 'composer-input',
    rows: '1',
    placeholder: t('Ask Claude about your code…  (@selection, @file, @symbol, @problems, @changes)'),
    'aria-label': t('Question for Claude. Enter sends, Shift+Enter adds a line.'),
  });
  private readonly chips = h('div', { class: 'chips composer-chips', 'aria-label': t('Attachments') });
  private readonly instructionChips = h('div', { class: 'chips instruction-chips', 'aria-label': t('Project instructions'), hidden: true });
  // Not live while it follows the typing (a screen reader would read it after every pause); it
  // speaks up once the question stops fitting the context (showEstimate).
  private readonly estimateEl = h('span', { class: 'estimate', 'aria-live': 'off' });
  private readonly sendButton = h('button', { type: 'button', class: 'button primary send', title: t('Send (Enter)'), 'aria-label': t('Send') }, icon('send'));
  private readonly stopButton = h('button', { type: 'button', class: 'button stop', title: t('Stop (Escape)'), 'aria-label': t('Stop the answer'), hidden: true }, icon('debug-stop'), ` ${t('Stop')}`);
  private attachments: AttachmentChip[] = [];
  private busy = false;
  private editing = false;
  private awaitingMentions = 0;
  private sendWhenAttached: string | undefined;
  private estimateTimer: ReturnType<typeof setTimeout> | undefined;
  private lastWarm = Number.NEGATIVE_INFINITY;

  constructor(private readonly events: ComposerEvents) {
    const attachBar = h(
      'div',
      { class: 'attach-bar' },
      iconButton('selection', t('Attach the selection (@selection)'), { 'data-attach': 'selection' }),
      iconButton('file-code', t('Attach files… (@file)'), { 'data-attach': 'file' }),
      iconButton('symbol-method', t('Attach a symbol’s definition… (@symbol)'), { 'data-attach': 'symbol' }),
      iconButton('warning', t('Attach the current file’s problems (@problems)'), { 'data-attach': 'problems' }),
      iconButton('git-compare', t('Attach the uncommitted changes (@changes)'), { 'data-attach': 'changes' }),
      this.estimateEl,
      h('span', { class: 'spacer' }),
      this.stopButton,
      this.sendButton,
    );
    this.el = h('div', { class: 'composer' }, this.instructionChips, this.chips, h('div', { class: 'input-wrap' }, this.input), attachBar);
    this.instructionChips.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-instructions]');
      const source = b?.dataset.source;
      const action = b?.dataset.instructions;
      if (source && (action === 'open' || action === 'disable' || action === 'enable')) this.events.instructions(action, source);
    });

    attachBar.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-attach]');
      if (b) this.events.attach(b.dataset.attach as AttachRequest);
    });
    this.chips.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-remove]');
      if (b?.dataset.remove) this.events.removeAttachment(b.dataset.remove);
    });
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton.addEventListener('click', () => this.events.stop());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      } else if (e.key === 'Escape' && this.busy) {
        e.preventDefault();
        this.events.stop();
      } else if (e.key === 'Escape' && this.editing) {
        e.preventDefault();
        this.endEdit();
        this.setDraft('');
      }
    });
    this.input.addEventListener('focus', () => this.warm());
    this.input.addEventListener('input', () => {
      this.warm();
      this.takeMentions(false);
      this.autosize();
      this.events.draftChanged(this.input.value);
      this.scheduleEstimate();
    });
  }

  private warm(): void {
    const now = performance.now();
    if (now - this.lastWarm < WARM_EVERY_MS) return;
    this.lastWarm = now;
    this.events.warm();
  }

  /** Puts the last question in the box for editing; sending it replaces the old one. */
  editLast(text: string): void {
    this.editing = true;
    this.el.classList.add('editing');
    this.focus(text);
  }

  private endEdit(): void {
    this.editing = false;
    this.el.classList.remove('editing');
  }

  focus(text?: string): void {
    if (text !== undefined) {
      this.input.value = text;
      this.autosize();
      this.scheduleEstimate();
    }
    this.input.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  setDraft(text: string): void {
    this.input.value = text;
    this.autosize();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    this.sendButton.hidden = busy;
  }

  /**
   * The project instructions this conversation uses ("Using AGENTS.md"): the name opens the file,
   * × turns them off for this conversation; a turned-off one stays as a dim chip that turns it back on.
   */
  setInstructions(list: readonly InstructionsChip[]): void {
    this.instructionChips.hidden = list.length === 0;
    this.instructionChips.replaceChildren(
      ...list.map((i) => {
        const name = i.source === 'settings' ? t('your instructions (settings)') : i.source;
        const title = i.cut ? t('{0} tokens; cut at 32 KB', formatInt(i.tokens)) : tokenCount(i.tokens);
        if (!i.active) {
          return h(
            'span',
            { class: 'chip instructions off' },
            h('button', { type: 'button', class: 'chip-link', 'data-instructions': 'enable', 'data-source': i.source, title: t('Use {0} again in this conversation', name) }, icon('circle-slash'), ` ${t('{0} off', name)}`),
          );
        }
        return h(
          'span',
          { class: 'chip instructions', title },
          h('button', { type: 'button', class: 'chip-link', 'data-instructions': 'open', 'data-source': i.source, title: t('Open {0} ({1})', name, title) }, icon('book'), ` ${i.cut ? t('Using {0} (cut)', name) : t('Using {0}', name)}`),
          h('button', { type: 'button', class: 'chip-remove', 'data-instructions': 'disable', 'data-source': i.source, 'aria-label': t('Stop using {0} in this conversation', name), title: t('Not in this conversation') }, icon('close')),
        );
      }),
    );
  }

  setAttachments(list: AttachmentChip[]): void {
    this.attachments = list;
    this.chips.replaceChildren(
      ...list.map((a) =>
        h(
          'span',
          { class: 'chip', title: tokenCount(a.tokens) },
          icon(chipIcon(a.kind)),
          ` ${a.label} `,
          h('button', { type: 'button', class: 'chip-remove', 'data-remove': a.id, 'aria-label': t('Remove {0}', a.label), title: t('Remove') }, icon('close')),
        ),
      ),
    );
    if (this.awaitingMentions > 0) this.awaitingMentions--;
    if (this.sendWhenAttached !== undefined && this.awaitingMentions === 0) {
      const text = this.sendWhenAttached;
      this.sendWhenAttached = undefined;
      this.events.send(text, this.attachments.map((a) => a.id));
    }
    this.scheduleEstimate();
  }

  /** The host took the question: clear the box. */
  accepted(): void {
    this.input.value = '';
    this.endEdit();
    this.autosize();
    this.events.draftChanged('');
    this.estimateEl.textContent = '';
    this.estimateEl.classList.remove('over');
  }

  showEstimate(tokens: number, limit: number, over: boolean, message?: string): void {
    this.estimateEl.textContent = t('≈ {0} / {1} tokens', formatInt(tokens), formatTokens(limit));
    this.estimateEl.classList.toggle('over', over);
    this.estimateEl.setAttribute('aria-live', over ? 'polite' : 'off');
    this.estimateEl.title = message ?? t('Estimated size of the conversation, attachments and question, against the model’s context.');
  }

  private submit(): void {
    if (this.busy) return;
    const pending = this.takeMentions(true);
    const text = this.input.value.trim();
    if (!text && this.attachments.length === 0 && pending === 0) return;
    if (this.editing && pending === 0 && this.attachments.length === 0 && text) {
      this.events.resend(text);
      return;
    }
    if (pending > 0) {
      // The mentioned context is read by the host first; send once the chips are back.
      this.sendWhenAttached = text;
      return;
    }
    this.events.send(text, this.attachments.map((a) => a.id));
  }

  /** Turns @mentions into attachment requests; `all` also takes one at the very end of the text. */
  private takeMentions(all: boolean): number {
    const value = this.input.value;
    let found = 0;
    const replaced = value.replace(MENTION, (match, lead: string, kind: AttachRequest, offset: number) => {
      const atEnd = offset + match.length === value.length;
      if (atEnd && !all) return match;
      found++;
      this.events.attach(kind);
      return lead;
    });
    if (found) {
      this.awaitingMentions += found;
      this.input.value = replaced.replace(/ {2,}/g, ' ');
    }
    return found;
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 240)}px`;
  }

  private scheduleEstimate(): void {
    if (this.estimateTimer) clearTimeout(this.estimateTimer);
    this.estimateTimer = setTimeout(() => {
      const text = this.input.value;
      if (!text.trim() && this.attachments.length === 0) {
        this.estimateEl.textContent = '';
        return;
      }
      this.events.estimate(text, this.attachments.map((a) => a.id));
    }, 300);
  }
}
