import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * A conversation as the host keeps and persists it. The persisted format is versioned: a file of
 * another version (or a damaged one) is refused with a reason rather than half-read.
 */

export const FORMAT_VERSION = 1;

const usage = z.object({
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  usdSpent: z.number().optional(),
  creditsUsed: z.number().optional(),
});

const attachment = z.object({
  id: z.string(),
  kind: z.enum(['selection', 'file', 'problems']),
  label: z.string(),
  tokens: z.number(),
  languageId: z.string().optional(),
  relativePath: z.string().optional(),
  /** The content sent to the model with the question; kept so regenerate sends the same. */
  text: z.string(),
});

const turn = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  reasoning: z.string().optional(),
  attachments: z.array(attachment).optional(),
  model: z.string().optional(),
  status: z.enum(['streaming', 'done', 'stopped', 'failed', 'truncated']).optional(),
  usage: usage.optional(),
  error: z.object({ message: z.string(), kind: z.string(), actions: z.array(z.enum(['setApiKey', 'pickModel', 'retry', 'showLog', 'retryLonger'])) }).optional(),
  createdAt: z.number(),
});

export const conversationSchema = z.object({
  version: z.literal(FORMAT_VERSION),
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  model: z.string(),
  turns: z.array(turn),
});

export type Conversation = z.infer<typeof conversationSchema>;
export type Turn = z.infer<typeof turn>;
export type StoredAttachment = z.infer<typeof attachment>;

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
