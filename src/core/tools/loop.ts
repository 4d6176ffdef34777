/**
 * A chat answer with tools: ask, run the calls the model makes, send the results back, round after
 * round, until the model answers in text. Shared by the extension and the CLI.
 *
 * Bounds: at most `maxRounds` rounds of calls; after that one last request with `tool_choice:
 * "none"` (the tools still listed, so the conversation stays valid) asks for the answer. Before
 * each request the oldest tool results are replaced by one-line stubs while the prompt would not
 * fit the model's context. If the service rejects the tools themselves (a 400 that names them),
 * the question is asked once more without tools. Every one of these is reported as a notice.
 */
import { isAimlError, type AimlError } from '../api/errors';
import { addUsage } from '../usage/sum';
import type { AssistantToolCall, CallOptions, ChatMessage, ChatRequest, FinishReason, StreamEvent, Usage } from '../api/types';
import { estimatePromptTokens } from '../prompts/tokens';
import type { CallOutcome, PendingCall, ToolSet } from './registry';
import type { ToolContext } from './types';

export interface StreamingClient {
  stream(req: ChatRequest, opts?: CallOptions): AsyncIterable<StreamEvent>;
}

export type LoopNotice =
  | { readonly kind: 'round_limit'; readonly rounds: number }
  | { readonly kind: 'tools_refused'; readonly serverMessage?: string }
  | { readonly kind: 'results_stubbed'; readonly count: number };

export type LoopEvent =
  | StreamEvent
  /** A request of the loop begins (1-based). `final` for the last, tool-free request after the limit. */
  | { readonly type: 'round'; readonly round: number; readonly final: boolean }
  /** Line breaks between one round's text and the next, for the text the user reads (not the model's). */
  | { readonly type: 'gap'; readonly text: string }
  | { readonly type: 'tool_start'; readonly round: number; readonly call: PendingCall; readonly args: unknown }
  | { readonly type: 'tool_end'; readonly round: number; readonly outcome: CallOutcome }
  | { readonly type: 'notice'; readonly notice: LoopNotice };

/** One request of the loop as it went: what the model wrote, and the calls it made with their outcomes. */
export interface LoopRound {
  readonly text: string;
  readonly reasoning: string;
  readonly calls: CallOutcome[];
}

export interface LoopResult {
  readonly rounds: LoopRound[];
  readonly finishReason: FinishReason;
  /** Summed over the rounds (undefined when the service reported none). */
  readonly usage: Usage | undefined;
  /** The messages after the request's own: each round's assistant turn and tool results, and the answer. */
  readonly messages: ChatMessage[];
}

export interface ToolLoopOptions<Ctx extends ToolContext> {
  readonly client: StreamingClient;
  /** The request as it would go without tools: model, system, messages (ending with the question). */
  readonly request: ChatRequest;
  readonly tools: ToolSet<Ctx>;
  readonly context: Ctx;
  readonly maxRounds: number;
  /** When set, tool results are stubbed oldest first while the prompt's estimate exceeds it. */
  readonly maxPromptTokens?: number;
  readonly signal?: AbortSignal;
  readonly onEvent: (event: LoopEvent) => void;
}

export const STUB_PREFIX = '[This tool result was removed to fit the conversation in the context';

/**
 * Runs the loop. Throws what the client throws (AimlError); the rounds finished before the error
 * were reported through `onEvent`, so a caller keeps them.
 */
export async function runToolLoop<Ctx extends ToolContext>(opts: ToolLoopOptions<Ctx>): Promise<LoopResult> {
  const { client, tools, context, signal, onEvent } = opts;
  const maxRounds = Math.max(0, Math.floor(opts.maxRounds));
  const history: ChatMessage[] = [...opts.request.messages];
  const added: ChatMessage[] = [];
  const rounds: LoopRound[] = [];
  let usage: Usage | undefined;
  let toolsOffered = tools.size > 0;
  let stubbed = 0;
  /** All the text the caller was given, across rounds (to separate the rounds' paragraphs). */
  let shown = '';
  const specs = tools.specs;
  const toolsJson = JSON.stringify(specs);

  for (let round = 1; ; round++) {
    const final = round > maxRounds;
    if (final) onEvent({ type: 'notice', notice: { kind: 'round_limit', rounds: maxRounds } });
    if (opts.maxPromptTokens !== undefined) {
      const n = stubOldestResults(history, opts.request.system ?? '', toolsOffered ? toolsJson : '', opts.maxPromptTokens);
      if (n > 0) {
        stubbed += n;
        onEvent({ type: 'notice', notice: { kind: 'results_stubbed', count: stubbed } });
      }
    }
    const request: ChatRequest = {
      ...opts.request,
      messages: [...history],
      ...(toolsOffered ? { tools: specs, toolChoice: final ? 'none' : 'auto' } : {}),
    };
    onEvent({ type: 'round', round, final });

    let text = '';
    let reasoning = '';
    let finishReason: FinishReason = 'stop';
    const calls: PendingCall[] = [];
    try {
      for await (const e of client.stream(request, signal ? { signal } : {})) {
        switch (e.type) {
          case 'text':
            // Each round's text starts a new paragraph of the answer the user reads.
            if (text === '' && shown !== '' && !shown.endsWith('\n\n')) {
              const gap = shown.endsWith('\n') ? '\n' : '\n\n';
              shown += gap;
              onEvent({ type: 'gap', text: gap });
            }
            text += e.text;
            shown += e.text;
            onEvent(e);
            break;
          case 'reasoning':
            reasoning += e.text;
            onEvent(e);
            break;
          case 'tool_call':
            calls.push({ id: e.id || `call_${round}_${calls.length + 1}`, name: e.name ?? '', arguments: e.arguments });
            break;
          case 'usage':
            usage = addUsage(usage, e.usage);
            onEvent({ type: 'usage', usage });
            break;
          case 'finish':
            finishReason = e.finishReason;
            break;
          default:
            onEvent(e);
        }
      }
    } catch (err) {
      if (round === 1 && toolsOffered && text === '' && calls.length === 0 && refusesTools(err)) {
        toolsOffered = false;
        onEvent({ type: 'notice', notice: { kind: 'tools_refused', ...(isAimlError(err) && err.serverMessage ? { serverMessage: err.serverMessage } : {}) } });
        round = 0;
        continue;
      }
      throw err;
    }

    if (calls.length === 0 || final || !toolsOffered) {
      // A model that still calls tools on the final request gets no more runs: its text is the answer.
      const answer: ChatMessage = { role: 'assistant', content: text };
      added.push(answer);
      rounds.push({ text, reasoning, calls: [] });
      return { rounds, finishReason: finishReason === 'tool_calls' ? 'stop' : finishReason, usage, messages: added };
    }

    const assistant: ChatMessage = { role: 'assistant', content: text, toolCalls: calls.map((c): AssistantToolCall => ({ ...c })) };
    history.push(assistant);
    added.push(assistant);
    const outcomes = await Promise.all(
      calls.map(async (call) => {
        onEvent({ type: 'tool_start', round, call, args: safeJson(call.arguments) });
        const outcome = await tools.runOne(call, context);
        onEvent({ type: 'tool_end', round, outcome });
        return outcome;
      }),
    );
    for (const o of outcomes) {
      const result: ChatMessage = { role: 'tool', toolCallId: o.call.id, content: o.content };
      history.push(result);
      added.push(result);
    }
    rounds.push({ text, reasoning, calls: outcomes });
  }
}

/** A 400 whose words are about the tools (the service does not take them for this model). */
function refusesTools(err: unknown): boolean {
  if (!isAimlError(err)) return false;
  const e: AimlError = err;
  if (e.kind !== 'bad_request') return false;
  return /\btool/i.test(`${e.serverMessage ?? ''} ${e.message}`);
}

/**
 * Replaces tool results with one-line stubs, oldest first, until the prompt fits (or none is
 * left). The calls stay, so the model still sees what it asked and can ask again.
 */
export function stubOldestResults(messages: ChatMessage[], system: string, toolsJson: string, maxPromptTokens: number): number {
  let count = 0;
  for (let i = 0; i < messages.length && estimatePromptTokens({ system, messages, toolsJson }) > maxPromptTokens; i++) {
    const m = messages[i];
    if (m?.role !== 'tool' || m.content.startsWith(STUB_PREFIX)) continue;
    messages[i] = { role: 'tool', toolCallId: m.toolCallId, content: `${STUB_PREFIX}; call the tool again if you need it.]` };
    count++;
  }
  return count;
}

function safeJson(text: string): unknown {
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return undefined;
  }
}
