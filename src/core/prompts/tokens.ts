/**
 * Token estimates without a tokenizer, and the context-budget check made before any request.
 *
 * Claude's tokenizer is not published as a library, and shipping a stand-in would add weight to the
 * extension for numbers that would still be approximate. So the estimate is a formula, and it is
 * deliberately conservative (it errs high): refusing a request that would have just fitted costs the
 * user one smaller selection, while sending one that does not fit costs a slow round trip, a 400 from
 * the API, and for refactor possibly an answer cut off at the output limit, which is never applied.
 *
 * The formula takes the larger of two counts:
 * - characters: ASCII at 3 per token (English prose runs near 4, code near 3.5; symbol-heavy or
 *   minified code is the dense case), other characters by UTF-8 bytes at 2 per token (accented
 *   letters 1 token, CJK 1.5, emoji 2: byte-fallback tokens are the worst case);
 * - words: 1.3 tokens per whitespace-separated word, which dominates for text of very short words.
 * Both only grow as text is appended, so the estimate is monotone.
 */

import { tr } from '../l10n';
import type { ModelInfo } from '../models';
import type { BuiltPrompt, ChatMessage } from './types';

/** Per-message framing (role markers, separators), estimated high. */
export const MESSAGE_OVERHEAD_TOKENS = 8;
/** Per-request framing around the system prompt and messages. */
export const REQUEST_OVERHEAD_TOKENS = 16;

function utf8Bytes(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** A conservative token count for `text` (see above). */
export function estimateTokens(text: string): number {
  if (text === '') return 0;
  let ascii = 0;
  let otherBytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) ascii++;
    else otherBytes += utf8Bytes(cp);
  }
  const byChars = ascii / 3 + otherBytes / 2;
  const words = text.match(/\S+/g)?.length ?? 0;
  return Math.ceil(Math.max(byChars, words * 1.3));
}

/** The estimate for a whole request: system prompt, every message, framing. */
export function estimatePromptTokens(prompt: BuiltPrompt & { readonly toolsJson?: string }): number {
  let total = REQUEST_OVERHEAD_TOKENS + cachedTokens(prompt.system) + (prompt.toolsJson ? cachedTokens(prompt.toolsJson) : 0);
  for (const m of prompt.messages) total += messageTokens(m);
  return total;
}

// Estimates are kept per message object (and for the last few long strings: the system prompt, the
// tool definitions): a tool loop or a long conversation estimates the same messages again before
// every request, and the estimate reads every character.
const byMessage = new WeakMap<ChatMessage, number>();
const byString = new Map<string, number>();

function cachedTokens(text: string): number {
  if (text.length < 1024) return estimateTokens(text);
  let n = byString.get(text);
  if (n === undefined) {
    n = estimateTokens(text);
    if (byString.size >= 16) byString.delete(byString.keys().next().value as string);
    byString.set(text, n);
  }
  return n;
}

/** One message's estimate: its text, and the calls of an assistant turn (names and arguments). */
export function messageTokens(m: ChatMessage): number {
  let n = byMessage.get(m);
  if (n !== undefined) return n;
  n = MESSAGE_OVERHEAD_TOKENS + estimateTokens(m.content);
  if (m.role === 'assistant') for (const c of m.toolCalls ?? []) n += MESSAGE_OVERHEAD_TOKENS + estimateTokens(c.name) + estimateTokens(c.arguments);
  byMessage.set(m, n);
  return n;
}

export type BudgetCheck =
  | {
      readonly ok: true;
      readonly promptTokens: number;
      /** Context left after the prompt: the most output the request could ask for. */
      readonly available: number;
    }
  | {
      readonly ok: false;
      readonly promptTokens: number;
      /** The model's context window. */
      readonly limit: number;
      readonly maxOutputTokens: number;
      /** One sentence with the numbers, for the user. */
      readonly message: string;
    };

export interface BudgetWording {
  /** What is too large: "The selection", "The conversation". Default "The request". */
  readonly subject?: string;
  /** What to do about it. Default "Send less text." */
  readonly advice?: string;
}

// Built on first use: creating an Intl formatter loads ICU data, a few milliseconds the
// extension would otherwise pay at activation.
let numbers: Intl.NumberFormat | undefined;

/** "230,000": numbers in messages, the same in every locale so tests and logs agree. */
export function formatCount(n: number): string {
  numbers ??= new Intl.NumberFormat('en-US');
  return numbers.format(n);
}

/**
 * Whether the prompt plus the output reserve fit the model's context window. Check before sending;
 * over budget, nothing should be sent.
 */
export function checkContextBudget(
  prompt: BuiltPrompt,
  model: ModelInfo,
  maxOutputTokens: number,
  wording: BudgetWording = {},
): BudgetCheck {
  const promptTokens = estimatePromptTokens(prompt);
  const limit = model.contextTokens;
  if (promptTokens + maxOutputTokens <= limit) return { ok: true, promptTokens, available: limit - promptTokens };
  const subject = wording.subject ?? tr('The request');
  const advice = wording.advice ?? tr('Send less text.');
  const message = tr(
    '{0} is about {1} tokens; {2} accepts {3} including {4} for the answer. {5}',
    subject,
    formatCount(promptTokens),
    model.label,
    formatCount(limit),
    formatCount(maxOutputTokens),
    advice,
  );
  return { ok: false, promptTokens, limit, maxOutputTokens, message };
}

/** The over-budget failure as an error, for callers that throw. */
export class ContextBudgetError extends Error {
  readonly promptTokens: number;
  readonly limit: number;
  readonly maxOutputTokens: number;
  readonly modelLabel: string;

  constructor(check: Extract<BudgetCheck, { ok: false }>, modelLabel: string) {
    super(check.message);
    this.name = 'ContextBudgetError';
    this.promptTokens = check.promptTokens;
    this.limit = check.limit;
    this.maxOutputTokens = check.maxOutputTokens;
    this.modelLabel = modelLabel;
  }
}

/**
 * `checkContextBudget` for callers that throw.
 * @returns the prompt's estimate and the room left.
 * @throws ContextBudgetError when over budget.
 */
export function assertContextBudget(
  prompt: BuiltPrompt,
  model: ModelInfo,
  maxOutputTokens: number,
  wording?: BudgetWording,
): { promptTokens: number; available: number } {
  const check = checkContextBudget(prompt, model, maxOutputTokens, wording);
  if (!check.ok) throw new ContextBudgetError(check, model.label);
  return { promptTokens: check.promptTokens, available: check.available };
}
