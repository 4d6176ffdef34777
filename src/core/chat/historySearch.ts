import type { Conversation } from './conversation';

/**
 * Search of the history: a conversation matches when every word of the query appears, in any
 * case, in its title or in the text of its questions and answers (attachments and tool results
 * are left out: they would match nearly every query about the workspace).
 */
export function matchesQuery(c: Pick<Conversation, 'title' | 'turns'>, query: string): boolean {
  const words = queryWords(query);
  if (words.length === 0) return true;
  const haystack = [c.title, ...c.turns.map((t) => t.text)].join('\n').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/**
 * Where the first word of the query appears in the messages, as a short excerpt for the list;
 * undefined when the title already shows it (or nothing matches).
 */
export function matchExcerpt(c: Pick<Conversation, 'title' | 'turns'>, query: string, width = 80): string | undefined {
  const words = queryWords(query);
  if (words.length === 0 || words.every((w) => c.title.toLowerCase().includes(w))) return undefined;
  const word = words.find((w) => !c.title.toLowerCase().includes(w)) as string;
  for (const t of c.turns) {
    const text = t.text.replace(/\s+/g, ' ');
    const at = text.toLowerCase().indexOf(word);
    if (at < 0) continue;
    // The word in the middle of the excerpt, or as far from the edge as the text allows; cut
    // between words.
    let start = Math.max(0, Math.min(at - Math.floor((width - word.length) / 2), text.length - width));
    let end = Math.min(text.length, start + width);
    if (start > 0 && text[start - 1] !== ' ') {
      const space = text.indexOf(' ', start);
      if (space >= 0 && space < at) start = space + 1;
    }
    if (end < text.length && text[end] !== ' ') {
      const space = text.lastIndexOf(' ', end);
      if (space >= at + word.length) end = space;
    }
    return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
  }
  return undefined;
}

function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}
