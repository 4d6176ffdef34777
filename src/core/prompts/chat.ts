/**
 * The chat job: the conversation so far, then the new question with what the user attached.
 *
 * Attachments go before the question in the same user turn (long material first, the ask last,
 * which is how Claude reads best), each in a labelled fence sized for its content. Earlier turns
 * keep the attachments they were sent with, because they are part of the stored conversation.
 */

import { fenced } from './fence';
import { fenceTag, languageName } from './languages';
import type { Instructions } from './instructions';
import { systemPrompt } from './system';
import { estimatePromptTokens } from './tokens';
import type { Attachment, BuiltPrompt, ChatMessage } from './types';

export interface ChatOptions {
  /** Project instructions for the system prompt (AGENTS.md, CLAUDE.md, the setting). */
  readonly instructions?: readonly Instructions[];
  /** Replaces the default system prompt. */
  readonly systemPrompt?: string;
  /**
   * When given, the oldest turns are left out until the estimate fits in this many tokens (the
   * model's context minus the output reserve). The new question is never cut; if it alone does not
   * fit, the budget check before sending says so with the numbers.
   */
  readonly maxPromptTokens?: number;
}

export interface ChatPrompt extends BuiltPrompt {
  /** How many earlier messages were left out to fit the budget (0 when none), so the UI can say so. */
  readonly droppedMessages: number;
}

const KIND_NAMES: Record<Attachment['kind'], string> = {
  selection: 'Selected code',
  file: 'File',
  problems: 'Problems',
  symbol: 'Symbol',
  changes: 'Changes in the working tree',
  definition: 'Definition used by the code',
};

/** One attachment as it appears in the user turn: a heading line and a fenced block. */
export function renderAttachment(a: Attachment): string {
  const details: string[] = [];
  if (a.relativePath && a.relativePath !== a.label) details.push(`\`${a.relativePath}\``);
  if (a.languageId && a.kind !== 'problems') details.push(languageName(a.languageId));
  const heading = `${KIND_NAMES[a.kind]}: ${a.label}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
  const tag = a.kind === 'changes' ? 'diff' : a.kind === 'problems' || !a.languageId ? 'text' : fenceTag(a.languageId);
  return `${heading}\n${fenced(a.text, tag)}`;
}

/** The user turn for a question with attachments. */
export function buildChatMessage(question: string, attachments: readonly Attachment[]): string {
  if (attachments.length === 0) return question;
  const intro = attachments.length === 1 ? 'Attached for context:' : `${attachments.length} attachments for context:`;
  return [intro, ...attachments.map(renderAttachment), question].join('\n\n');
}

/**
 * Turns as the API accepts them: no empty messages, starting with the user, roles alternating
 * (consecutive plain messages of one role, left by a failed or stopped turn, are joined). Tool
 * rounds stay as they are: an assistant turn with calls, then one result per call.
 */
export function normalizeHistory(history: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of history) {
    const hasCalls = m.role === 'assistant' && (m.toolCalls?.length ?? 0) > 0;
    if (m.role !== 'tool' && !hasCalls && m.content.trim() === '') continue;
    if (out.length === 0 && m.role !== 'user') continue;
    const last = out[out.length - 1];
    const plain = (x: ChatMessage | undefined): x is Extract<ChatMessage, { role: 'user' | 'assistant' }> =>
      x !== undefined && (x.role === 'user' || (x.role === 'assistant' && !(x.toolCalls?.length ?? 0)));
    if (plain(last) && plain(m) && last.role === m.role) out[out.length - 1] = { role: m.role, content: `${last.content}\n\n${m.content}` };
    else out.push(m);
  }
  // A tool round cut off before its answer cannot end the history: the next turn is the user's.
  while (out.length > 0 && out[out.length - 1]?.role !== 'assistant' && out[out.length - 1]?.role !== 'user') out.pop();
  return out;
}

/** The history without its first exchange: the first user message and everything up to the next one. */
function dropFirstExchange(messages: readonly ChatMessage[]): ChatMessage[] {
  const next = messages.findIndex((m, i) => i > 0 && m.role === 'user');
  return next < 0 ? [] : messages.slice(next);
}

export function buildChatPrompt(
  history: readonly ChatMessage[],
  question: string,
  attachments: readonly Attachment[] = [],
  opts: ChatOptions = {},
): ChatPrompt {
  const system = systemPrompt(opts.systemPrompt, opts.instructions);
  const turn: ChatMessage = { role: 'user', content: buildChatMessage(question, attachments) };
  let earlier = normalizeHistory(history);
  // The new user turn must follow an assistant turn.
  if (earlier[earlier.length - 1]?.role === 'user') earlier = earlier.slice(0, -1);
  const before = earlier.length;
  if (opts.maxPromptTokens !== undefined) {
    const budget = opts.maxPromptTokens;
    // Drop whole exchanges (a user turn, its tool rounds and its answer) from the start, so the
    // rest still alternates.
    while (earlier.length > 0 && estimatePromptTokens({ system, messages: [...earlier, turn] }) > budget) {
      earlier = dropFirstExchange(earlier);
    }
  }
  return { system, messages: [...earlier, turn], droppedMessages: before - earlier.length };
}
