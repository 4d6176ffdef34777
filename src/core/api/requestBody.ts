/**
 * ChatRequest → the JSON body of POST /chat/completions. Only fields documented for Claude on
 * AI/ML are sent (whether unknown ones are rejected is uncertain), and the rules Anthropic
 * enforces are applied here, so that a bad combination fails before a request is paid for.
 */
import { findModel, type ModelInfo } from '../models';
import { AimlError } from './errors';
import { invalidRequestMessage } from './userMessages';
import type { AssistantToolCall, ChatRequest } from './types';

/** Anthropic's minimum thinking budget. */
export const MIN_THINKING_BUDGET = 1024;
/** Room left for the visible answer when max_tokens has to be raised above the thinking budget. */
export const ANSWER_HEADROOM = 1024;

export type WireMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: WireToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface WireTool {
  type: 'function';
  function: { name: string; description: string; parameters: Readonly<Record<string, unknown>> };
}

export type WireToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type WireThinking = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' } | { type: 'adaptive' };

export interface WireChatBody {
  model: string;
  messages: WireMessage[];
  system?: string;
  max_tokens?: number;
  stream: true;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  thinking?: WireThinking;
  tools?: WireTool[];
  tool_choice?: WireToolChoice;
}

export function buildChatBody(request: ChatRequest): WireChatBody {
  const model = request.model.trim();
  if (model === '') throw invalid('no model was given');
  const info = findModel(model);

  // A system message inside `messages` has been rejected for some models ("does not support
  // 'system'"); JavaScript callers can still pass one, so fold it into the top-level field.
  const systemParts: string[] = request.system ? [request.system] : [];
  const messages: WireMessage[] = [];
  for (const m of request.messages) {
    const role: string = m.role;
    if (role === 'system') systemParts.push(m.content);
    else if (m.role === 'user') messages.push({ role: 'user', content: m.content });
    else if (m.role === 'assistant') messages.push(assistantMessage(m.content, m.toolCalls));
    else if (m.role === 'tool') messages.push({ role: 'tool', tool_call_id: m.toolCallId, content: m.content });
    else throw invalid(`unknown message role “${role}”`);
  }
  if (messages.length === 0) throw invalid('there is no message to send');

  const body: WireChatBody = { model, messages, stream: true };
  if (systemParts.length > 0) body.system = systemParts.join('\n\n');

  let maxTokens = request.maxTokens ?? info?.defaultMaxTokens;
  if (maxTokens !== undefined) {
    if (!Number.isFinite(maxTokens) || maxTokens < 1) throw invalid('max tokens must be a positive number');
    maxTokens = Math.floor(maxTokens);
    if (info) maxTokens = Math.min(maxTokens, info.maxOutputTokens);
  }

  let thinkingOn = false;
  const thinking = request.thinking;
  if (thinking?.type === 'enabled') {
    if (info && !info.thinkingModes.includes('enabled')) throw invalid(`${info.label} does not support extended thinking`);
    if (!Number.isFinite(thinking.budgetTokens)) throw invalid('the thinking budget must be a number');
    const budget = Math.max(MIN_THINKING_BUDGET, Math.floor(thinking.budgetTokens));
    maxTokens = raiseAboveBudget(maxTokens, budget, info);
    body.thinking = { type: 'enabled', budget_tokens: budget };
    thinkingOn = true;
  } else if (thinking?.type === 'adaptive') {
    // Only Opus 4.8 documents it; for other catalog models the request goes without `thinking`.
    if (!info || info.thinkingModes.includes('adaptive')) {
      body.thinking = { type: 'adaptive' };
      thinkingOn = true;
    }
  } else if (thinking?.type === 'disabled') {
    if (!info || info.thinkingModes.includes('disabled')) body.thinking = { type: 'disabled' };
  }
  if (maxTokens !== undefined) body.max_tokens = maxTokens;

  if (request.temperature !== undefined) {
    const t = request.temperature;
    if (!Number.isFinite(t) || t < 0 || t > 1) throw invalid('temperature must be between 0 and 1');
    // Anthropic rejects temperature with thinking on.
    if (!thinkingOn) body.temperature = t;
  }
  if (request.topP !== undefined) {
    const p = request.topP;
    if (!Number.isFinite(p) || p < 0 || p > 1) throw invalid('top_p must be between 0 and 1');
    // With thinking on, Anthropic accepts only 0.95..1.
    if (!thinkingOn || p >= 0.95) body.top_p = p;
  }
  const stops = request.stopSequences?.filter((s) => s !== '');
  if (stops && stops.length > 0) body.stop_sequences = stops;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
    const choice = request.toolChoice ?? 'auto';
    body.tool_choice = typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
  }
  return body;
}

/** An assistant turn; with tool calls and no text, its content is null (as OpenAI's form has it). */
function assistantMessage(content: string, calls: AssistantToolCall[] | undefined): WireMessage {
  if (!calls || calls.length === 0) return { role: 'assistant', content };
  return {
    role: 'assistant',
    content: content === '' ? null : content,
    tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments === '' ? '{}' : c.arguments } })),
  };
}

/** max_tokens must exceed budget_tokens: raise it within the model's limit, or refuse. */
function raiseAboveBudget(maxTokens: number | undefined, budget: number, info: ModelInfo | undefined): number {
  if (maxTokens !== undefined && maxTokens > budget) return maxTokens;
  const wanted = budget + ANSWER_HEADROOM;
  if (!info) return wanted;
  const raised = Math.min(wanted, info.maxOutputTokens);
  if (raised <= budget) {
    throw invalid(`the thinking budget (${budget} tokens) must be below ${info.label}'s output limit of ${info.maxOutputTokens} tokens`);
  }
  return raised;
}

function invalid(detail: string): AimlError {
  return new AimlError({
    kind: 'bad_request',
    message: `Invalid request: ${detail}`,
    userMessage: invalidRequestMessage(detail),
  });
}
