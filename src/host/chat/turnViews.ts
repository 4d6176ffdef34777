import type { AimlError } from '../../core/api';
import type { StoredToolCall, Turn } from '../../core/chat/conversation';
import { tr } from '../../core/l10n';
import type { MessageView, ToolStepView } from '../../shared/protocol';

// How turns and failures are shown in the chat panel: pure helpers of the ChatSession.

export function toView(t: Turn): MessageView {
  return {
    id: t.id,
    role: t.role,
    text: t.text,
    reasoning: t.reasoning,
    attachments: t.attachments?.map(({ id, kind, label, tokens }) => ({ id, kind, label, tokens })),
    model: t.model,
    status: t.status,
    interruption: t.interruption,
    usage: t.usage,
    error: t.error,
    steps: t.rounds?.flatMap((r) => r.calls.map(stepView)),
    notes: t.notes,
    changes: t.changes?.map(({ path, created, added, removed, state }) => ({ path, created, added, removed, state })),
    createdAt: t.createdAt,
  };
}

/** Shown of what went to and from a tool: enough to see what happened; the host keeps the whole. */
const STEP_DETAIL_CHARS = 4000;

export function stepView(c: StoredToolCall): ToolStepView {
  return {
    id: c.id,
    name: c.name,
    summary: c.summary,
    status: c.ok ? 'done' : 'failed',
    arguments: cut(prettyArguments(c.arguments)),
    result: cut(c.result),
    ...(c.location ? { location: c.location } : {}),
  };
}

function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function cut(text: string): string {
  return text.length > STEP_DETAIL_CHARS ? `${text.slice(0, STEP_DETAIL_CHARS)}\n${tr('… ({0} more characters)', text.length - STEP_DETAIL_CHARS)}` : text;
}

/** A short cause for the countdown line; the full sentence is for a final failure. */
export function retryReason(err: AimlError): string {
  switch (err.kind) {
    case 'rate_limited':
      return tr('Rate limited by the AI/ML API.');
    case 'overloaded':
      return tr('The AI/ML API is overloaded.');
    case 'network':
      return tr('Could not reach the AI/ML API.');
    case 'timeout':
      return tr('The AI/ML API did not answer in time.');
    case 'interrupted':
      return tr('The answer was cut off before it began.');
    default:
      return err.status ? tr('The AI/ML API had an error ({0}).', err.status) : tr('The AI/ML API had an error.');
  }
}

export function findLastIndex<T>(items: readonly T[], pred: (t: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i] as T)) return i;
  return -1;
}
