import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { storedUsage as usage } from '../usage/schema';

/**
 * A conversation as the host keeps and persists it. The persisted format is versioned: a file of
 * another version (or a damaged one) is refused with a reason rather than half-read.
 */

export const FORMAT_VERSION = 1;

const attachment = z.object({
  id: z.string(),
  kind: z.enum(['selection', 'file', 'problems', 'symbol', 'changes', 'definition']),
  label: z.string(),
  tokens: z.number(),
  languageId: z.optional(z.string()),
  relativePath: z.optional(z.string()),
  /** The content sent to the model with the question; kept so regenerate sends the same. */
  text: z.string(),
});

/**
 * What ended an answer that was neither finished nor stopped by the user (status `interrupted`):
 * another question, chat or conversation took its place, or the window closed under it.
 */
export const interruption = z.enum(['newQuestion', 'newChat', 'otherConversation', 'deleted', 'shutdown', 'windowClosed']);
export type Interruption = z.infer<typeof interruption>;

/** One tool call of an answer: what the model asked, and what went back to it. */
const toolCall = z.object({
  id: z.string(),
  name: z.string(),
  /** The arguments as the model wrote them (JSON text). */
  arguments: z.string(),
  ok: z.boolean(),
  /** The one line the panel shows. */
  summary: z.string(),
  /** What was sent back to the model (replaced by a stub when it no longer fit the context). */
  result: z.string(),
  location: z.optional(z.object({ path: z.string(), line: z.optional(z.number()) })),
});

/**
 * A request of a tool-using answer: the text the model wrote before its calls, and the calls. The
 * answer's last round (its final text) has no calls. Kept so that later questions send the
 * conversation as it really went, calls and results included.
 */
const toolRound = z.object({ text: z.string(), calls: z.array(toolCall) });

/**
 * One file an answer proposes to change (edit_file, create_file), and what became of it. The texts
 * are kept so the review survives a reload: `original` is what the edits were made against,
 * `proposed` what they make of it; `before` and `after` are the file just before and just after
 * this answer's change was applied (for Undo Changes, which refuses a file that moved on since).
 */
const fileChange = z.object({
  path: z.string(),
  created: z.boolean(),
  original: z.string(),
  proposed: z.string(),
  added: z.number(),
  removed: z.number(),
  state: z.enum(['pending', 'accepted', 'rejected', 'stale', 'undone']),
  before: z.optional(z.string()),
  after: z.optional(z.string()),
});

const turn = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  /** What the panel shows (for the user: the question as asked). */
  text: z.string(),
  /** For a user turn made by an editor command: what the model reads in place of `text`. */
  prompt: z.optional(z.string()),
  reasoning: z.optional(z.string()),
  attachments: z.optional(z.array(attachment)),
  model: z.optional(z.string()),
  /** `stopped` only when the user stopped it; `interrupted` (with `interruption`) when anything else did. */
  status: z.optional(z.enum(['streaming', 'done', 'stopped', 'interrupted', 'failed', 'truncated'])),
  interruption: z.optional(interruption),
  usage: z.optional(usage),
  error: z.optional(z.object({ message: z.string(), kind: z.string(), actions: z.array(z.enum(['setApiKey', 'pickModel', 'retry', 'showLog', 'retryLonger'])) })),
  /** For an answer that used tools: each request's text and calls, in order. */
  rounds: z.optional(z.array(toolRound)),
  /** Short notes on how the answer was made (a limit reached, tools unavailable). */
  notes: z.optional(z.array(z.string())),
  /** The files the answer proposes to change, for the Changes card. */
  changes: z.optional(z.array(fileChange)),
  createdAt: z.number(),
});

export const conversationSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  id: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/)),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  model: z.string(),
  turns: z.array(turn),
  /** Project instructions the user turned off for this conversation, by source ("AGENTS.md"). */
  disabledInstructions: z.optional(z.array(z.string())),
  /**
   * What every request of the conversation used, answers since replaced (regenerated, edited)
   * included: what it cost, not what it shows. Absent in files written before it was kept; then
   * the answers' own usage is the total.
   */
  spent: z.optional(usage),
  /** The aimlClaude.spendWarning the user last chose to go past here (asked once per crossing). */
  spendAcknowledged: z.optional(z.object({ unit: z.enum(['usd', 'tokens']), amount: z.number() })),
});

export type Conversation = z.infer<typeof conversationSchema>;
export type Turn = z.infer<typeof turn>;
export type StoredAttachment = z.infer<typeof attachment>;
export type StoredToolCall = z.infer<typeof toolCall>;
export type StoredToolRound = z.infer<typeof toolRound>;
export type StoredFileChange = z.infer<typeof fileChange>;

export function newConversation(model: string, now = Date.now()): Conversation {
  return { version: FORMAT_VERSION, id: randomUUID(), title: 'New chat', createdAt: now, updatedAt: now, model, turns: [] };
}

export function newTurnId(): string {
  return randomUUID();
}

/** A title from the first question: its first line, at most 60 characters, cut at a word. */
export function titleFrom(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  if (line.length <= 60) return line || 'New chat';
  const cut = line.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
