/**
 * The host↔webview protocol of the chat panel: one zod discriminated union per direction.
 * The host validates every message from the webview with `parseFromWebview` and ignores (with a
 * log line) anything else; the webview validates what the host sends the same way, so a version
 * skew after an update fails loudly instead of rendering garbage.
 *
 * zod/mini rather than classic zod: the host validates with it at activation, where classic
 * zod's load time would count.
 *
 * Rules the protocol encodes:
 * - The webview never holds the key, file contents it was not shown, or code it did not render:
 *   code-block actions name a message and a block index; the host finds the code in its own copy,
 *   and acts only if it has the fingerprint (codeHash) of the code the panel showed there.
 * - Streaming sends deltas (appended text), never the whole answer again.
 */
import * as z from 'zod/mini';
import { CODE_HASH_PATTERN } from './codeHash';

const id = z.string().check(z.minLength(1), z.maxLength(100));
const shortText = z.string().check(z.maxLength(500));
/** A question may be long (pasted code) but not unbounded. */
const questionText = z.string().check(z.maxLength(1_000_000));
const count = z.int().check(z.nonnegative());
const amount = z.number().check(z.nonnegative());

/** What a chip can hold. */
export const attachmentKind = z.enum(['selection', 'file', 'problems', 'symbol', 'changes', 'definition']);
export type AttachmentKind = z.infer<typeof attachmentKind>;

/**
 * What the composer may ask the host to attach: the selection or problems of the active editor,
 * or a picker the host opens (workspace files, symbols) or the working-tree changes. Definitions
 * are attached by Explain only.
 */
export const attachRequest = z.enum(['selection', 'file', 'problems', 'symbol', 'changes']);
export type AttachRequest = z.infer<typeof attachRequest>;

/** An attachment as the webview sees it: a chip. Its content stays in the host. */
export const attachmentChip = z.object({
  id,
  kind: attachmentKind,
  label: shortText,
  tokens: count,
});
export type AttachmentChip = z.infer<typeof attachmentChip>;

/** Project instructions in use (AGENTS.md, …), as a chip on the conversation. Their text stays in the host. */
export const instructionsChip = z.object({
  source: z.string().check(z.minLength(1), z.maxLength(500)),
  tokens: count,
  /** false when the user turned them off for this conversation. */
  active: z.boolean(),
  /** The file was over 32 KB and was cut. */
  cut: z.boolean(),
});
export type InstructionsChip = z.infer<typeof instructionsChip>;

export const usageView = z.object({
  promptTokens: amount,
  completionTokens: amount,
  totalTokens: amount,
  cachedTokens: z.optional(amount),
  reasoningTokens: z.optional(amount),
  usdSpent: z.optional(amount),
  creditsUsed: z.optional(amount),
});
export type UsageView = z.infer<typeof usageView>;

export const errorAction = z.enum(['setApiKey', 'pickModel', 'retry', 'showLog', 'retryLonger']);
export type ErrorAction = z.infer<typeof errorAction>;

export const turnStatus = z.enum(['streaming', 'done', 'stopped', 'interrupted', 'failed', 'truncated']);
export type TurnStatus = z.infer<typeof turnStatus>;

/**
 * One tool call of an answer, as the panel shows it. `summary` is one line with backtick-quoted
 * names; `arguments` and `result` are what went to and came from the tool, cut for display (the
 * host keeps the whole). All of it is untrusted text.
 */
export const toolStepView = z.object({
  id,
  name: z.string().check(z.maxLength(100)),
  summary: z.string().check(z.maxLength(1000)),
  status: z.enum(['running', 'done', 'failed']),
  arguments: z.optional(z.string().check(z.maxLength(20_000))),
  result: z.optional(z.string().check(z.maxLength(20_000))),
  location: z.optional(z.object({ path: z.string().check(z.maxLength(4000)), line: z.optional(z.int()) })),
});
export type ToolStepView = z.infer<typeof toolStepView>;
/** What ended an interrupted answer (src/core/chat/conversation.ts); the panel words it. */
export const interruptionView = z.enum(['newQuestion', 'newChat', 'otherConversation', 'deleted', 'shutdown', 'windowClosed']);
export type InterruptionView = z.infer<typeof interruptionView>;

/** A file of an answer's Changes card. Its texts stay in the host. */
export const changeView = z.object({
  path: z.string().check(z.maxLength(4000)),
  created: z.boolean(),
  added: count,
  removed: count,
  state: z.enum(['pending', 'accepted', 'rejected', 'stale', 'undone']),
});
export type ChangeView = z.infer<typeof changeView>;

export const messageView = z.object({
  id,
  role: z.enum(['user', 'assistant']),
  text: questionText,
  reasoning: z.optional(z.string()),
  attachments: z.optional(z.array(attachmentChip)),
  model: z.optional(z.string()),
  status: z.optional(turnStatus),
  interruption: z.optional(interruptionView),
  usage: z.optional(usageView),
  error: z.optional(z.object({ message: z.string(), kind: z.string(), actions: z.array(errorAction) })),
  /** The tool calls made while answering, in order. */
  steps: z.optional(z.array(toolStepView)),
  /** Short notes on how the answer was made ("The tool round limit was reached"). */
  notes: z.optional(z.array(z.string().check(z.maxLength(500)))),
  /** The files the answer proposes to change (the Changes card). */
  changes: z.optional(z.array(changeView)),
  createdAt: z.number(),
});
export type MessageView = z.infer<typeof messageView>;

export const historyItem = z.object({
  id,
  title: z.string(),
  updatedAt: z.number(),
  model: z.string(),
  messageCount: count,
  /** Where the search words appear in its messages (when the title does not show them). */
  excerpt: z.optional(shortText),
});
export type HistoryItem = z.infer<typeof historyItem>;

export const modelView = z.object({
  id: z.string(),
  label: z.string(),
  contextTokens: z.number(),
  maxOutputTokens: z.number(),
  retired: z.boolean(),
});
export type ModelView = z.infer<typeof modelView>;

/**
 * Restricted Mode (the folder is not trusted): the panel says which of the folder's settings are
 * ignored until the user dismisses that for the session.
 */
export const trustView = z.object({ restricted: z.boolean(), bannerDismissed: z.boolean() });
export type TrustView = z.infer<typeof trustView>;

// ── webview → host ──────────────────────────────────────────────────────────────────────────────

export const fromWebview = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  // The user focused the composer or typed: open the connection now (src/host/clientFactory.ts).
  z.object({ type: z.literal('warm') }),
  z.object({ type: z.literal('send'), text: questionText, attachmentIds: z.array(id).check(z.maxLength(20)) }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('regenerate') }),
  z.object({ type: z.literal('editLast'), text: questionText }),
  z.object({ type: z.literal('retry') }),
  z.object({ type: z.literal('newChat') }),
  z.object({ type: z.literal('openConversation'), id }),
  z.object({ type: z.literal('deleteConversation'), id }),
  /** The history list: search (titles and messages), rename (the host asks for the name), export. */
  z.object({ type: z.literal('searchHistory'), query: shortText }),
  z.object({ type: z.literal('renameConversation'), id }),
  z.object({ type: z.literal('exportConversation'), id }),
  z.object({ type: z.literal('selectModel'), model: z.string().check(z.minLength(1), z.maxLength(200)) }),
  z.object({ type: z.literal('attach'), kind: attachRequest }),
  z.object({ type: z.literal('removeAttachment'), id }),
  z.object({ type: z.literal('estimate'), text: questionText, attachmentIds: z.array(id).check(z.maxLength(20)) }),
  z.object({
    type: z.literal('codeAction'),
    action: z.enum(['copy', 'insert', 'apply', 'open']),
    messageId: id,
    blockIndex: z.int().check(z.nonnegative(), z.lte(10_000)),
    /** codeHash of the code the panel rendered as that block. */
    codeHash: z.string().check(z.regex(CODE_HASH_PATTERN)),
  }),
  z.object({ type: z.literal('openLink'), href: z.string().check(z.minLength(1), z.maxLength(4000)) }),
  /** A definition Explain attached to an earlier question, removed from what later questions send. */
  z.object({ type: z.literal('removeTurnAttachment'), messageId: id, attachmentId: id }),
  /** An instructions chip: open its file, or turn it off / on for this conversation. */
  z.object({ type: z.literal('instructions'), action: z.enum(['open', 'disable', 'enable']), source: z.string().check(z.minLength(1), z.maxLength(500)) }),
  /** The Changes card: one file (`path`) or all, and what to do; the host looks the change up in its copy. */
  z.object({
    type: z.literal('changeAction'),
    messageId: id,
    action: z.enum(['open', 'accept', 'reject', 'acceptAll', 'rejectAll', 'undo']),
    path: z.optional(z.string().check(z.maxLength(4000))),
  }),
  /** Open the file a tool step points at (the host looks the step up in its own copy). */
  z.object({ type: z.literal('openStep'), messageId: id, stepId: id }),
  /** Open Answer in Editor on an answer: the host looks its text up in its own copy. */
  z.object({ type: z.literal('openAnswer'), messageId: id }),
  z.object({ type: z.literal('errorAction'), action: errorAction }),
  /** The Restricted Mode banner: "Manage Workspace Trust" clicked, or the banner closed. */
  z.object({ type: z.literal('trustBanner'), action: z.enum(['manage', 'dismiss']) }),
]);
export type FromWebview = z.infer<typeof fromWebview>;

// ── host → webview ──────────────────────────────────────────────────────────────────────────────

export const toWebview = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    conversationId: id,
    messages: z.array(messageView),
    history: z.array(historyItem),
    model: z.string(),
    models: z.array(modelView),
    hasKey: z.boolean(),
    thinking: z.boolean(),
    busy: z.boolean(),
    trust: trustView,
  }),
  z.object({ type: z.literal('trust'), trust: trustView }),
  z.object({ type: z.literal('history'), history: z.array(historyItem) }),
  z.object({ type: z.literal('keyState'), hasKey: z.boolean() }),
  z.object({ type: z.literal('model'), model: z.string() }),
  /** The question as the host recorded it, then an empty streaming answer. */
  z.object({ type: z.literal('turnStarted'), user: messageView, assistant: messageView }),
  /** A message of the conversation changed in place (an attachment removed from a question). */
  z.object({ type: z.literal('turnUpdated'), message: messageView }),
  /** The project instructions of this conversation changed (read, edited, turned off). */
  z.object({ type: z.literal('instructions'), items: z.array(instructionsChip) }),
  /** A tool step of the streaming answer started or ended. */
  z.object({ type: z.literal('toolStep'), id, step: toolStepView }),
  /** A note on the streaming answer (a limit reached, tools unavailable). */
  z.object({ type: z.literal('note'), id, text: z.string().check(z.maxLength(500)) }),
  /** Text appended to the streaming answer since the last delta (coalesced). */
  z.object({ type: z.literal('delta'), id, text: z.string(), reasoning: z.optional(z.string()) }),
  z.object({ type: z.literal('retrying'), id, attempt: z.int(), maxRetries: z.int(), delayMs: z.number(), reason: z.string() }),
  z.object({ type: z.literal('turnEnded'), message: messageView }),
  /** The last exchange was removed (regenerate, edit and resend). */
  z.object({ type: z.literal('truncate'), keepCount: count }),
  z.object({ type: z.literal('attachments'), attachments: z.array(attachmentChip) }),
  z.object({ type: z.literal('estimate'), tokens: z.int(), limit: z.int(), over: z.boolean(), message: z.optional(z.string()) }),
  /** What the open conversation has used so far, every request counted (none yet: absent). */
  z.object({ type: z.literal('spent'), usage: z.optional(usageView) }),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), text: z.string() }),
]);
export type ToWebview = z.infer<typeof toWebview>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

/** A message from the webview, or why it was refused (for the log: short, no payload). */
export function parseFromWebview(raw: unknown): Parsed<FromWebview> {
  const r = fromWebview.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describeRefusal(raw, r.error.issues) };
}

/** A message from the host, or why it was refused (the webview warns in its console and drops it). */
export function parseToWebview(raw: unknown): Parsed<ToWebview> {
  const r = toWebview.safeParse(raw);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: describeRefusal(raw, r.error.issues) };
}

function describeRefusal(raw: unknown, issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type).slice(0, 40) : typeof raw;
  return `${type}: ${issues.map((i) => `${i.path.map(String).join('.') || '(root)'} ${i.message}`).join('; ').slice(0, 300)}`;
}
