import type { MessageView } from '../../shared/protocol';
import { answering, endAnnouncement } from './announcement';
import { h } from './dom';

/**
 * The panel's one live region for answers: hidden from sight, read by screen readers. It changes
 * twice an answer (started, ended); the streaming text itself is not live, so a screen reader is
 * not made to read every token.
 */
export class Announcer {
  readonly el = h('div', { class: 'visually-hidden answer-announcer', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });

  started(): void {
    this.say(answering());
  }

  ended(message: MessageView): void {
    this.say(endAnnouncement(message));
  }

  private say(text: string): void {
    this.el.textContent = text;
  }
}
