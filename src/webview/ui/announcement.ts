import type { MessageView } from '../../shared/protocol';
import { t } from '../l10n';

// What a screen reader hears of an answer: that it started and how it ended, with the answer's
// first sentence — never each token (see docs/protocol.md, "Announcements"). The whole answer is
// there to read in the panel, or in an editor with Open Answer in Editor.

/** The most of the first sentence that is read out; the rest is in the answer itself. */
const MAX_SENTENCE = 200;

/** What is said when an answer starts. */
export function answering(): string {
  return t('Claude is answering…');
}

/** The announcement of an answer that ended, from the host's final record of it. */
export function endAnnouncement(message: MessageView): string {
  const first = firstSentence(message.text);
  switch (message.status) {
    case 'failed':
      return t('The answer failed: {0}', message.error?.message ?? t('see the panel for why'));
    case 'stopped':
      return first ? t('Answer stopped. It began: {0}', first) : t('Answer stopped before any text.');
    case 'interrupted':
      return first ? t('Answer interrupted. It began: {0}', first) : t('Answer interrupted before any text.');
    case 'truncated':
      return t('Claude answered, cut off at the output limit: {0}', first);
    default:
      return first ? t('Claude answered: {0}', first) : t('Claude answered.');
  }
}

/**
 * The first sentence of a Markdown answer as plain words: code blocks, markup and link targets
 * left out, cut at the first full stop, question or exclamation mark that ends a sentence.
 */
export function firstSentence(markdown: string): string {
  const plain = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?(^\1[^\n]*$|(?![\s\S]))/gm, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/(\*\*|__|\*|_|~~|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const m = /^(.+?[.!?])(?=\s|$)/.exec(plain);
  const sentence = m ? m[1]! : plain;
  return sentence.length > MAX_SENTENCE ? `${sentence.slice(0, MAX_SENTENCE - 1).trimEnd()}…` : sentence;
}
