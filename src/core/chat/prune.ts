/**
 * Which conversations to delete to keep the history within its cap
 * (`aimlClaude.history.maxConversations`): the oldest by last activity, never one in `keep` (the
 * open one). 0 means no cap.
 */
export function conversationsToPrune(items: readonly { id: string; updatedAt: number }[], max: number, keep: ReadonlySet<string>): string[] {
  if (max <= 0 || items.length <= max) return [];
  const candidates = items.filter((i) => !keep.has(i.id)).sort((a, b) => a.updatedAt - b.updatedAt || a.id.localeCompare(b.id));
  return candidates.slice(0, items.length - max).map((i) => i.id);
}
