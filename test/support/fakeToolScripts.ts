/**
 * Scripts for answers that call tools, in the shape AI/ML streams them for Claude on
 * /chat/completions: optional text first; then per call a first delta with its `id`, `type` and
 * `function.name` (and empty arguments), followed by the arguments in string fragments, each call
 * by its `index` (which may start at 1); a finish chunk with `finish_reason: "tool_calls"` and the
 * usage; a trailer with `usage: null`; no `[DONE]`.
 */
import { aimlChunk, splitText, type AnswerOptions, type StreamScript } from './fakeAimlScripts';

export interface ScriptedCall {
  readonly name: string;
  /** An object is sent as its JSON; a string as written (to send malformed JSON). */
  readonly arguments: Record<string, unknown> | string;
  readonly id?: string;
}

export interface ToolCallOptions {
  /** Text before the calls ("Let me look at the config."). */
  readonly text?: string;
  /** Characters per arguments fragment. Default 7. */
  readonly fragment?: number;
  /** The first call's index. Default 0; AI/ML has been seen starting at 1. */
  readonly indexBase?: number;
  /** Anthropic-style `tool_use` instead of `tool_calls`. */
  readonly finishReason?: string;
  /** The round's usage (default 100 in, 20 out) and its cost in `meta.usage`. */
  readonly usage?: AnswerOptions['usage'];
  readonly meta?: AnswerOptions['meta'];
}

let nextId = 1;

export function toolCallScript(calls: readonly ScriptedCall[], opts: ToolCallOptions = {}): StreamScript {
  const model = 'claude-sonnet-4-5-20250929';
  const chunks: Record<string, unknown>[] = [aimlChunk({ id: 'msg_01TOOLSfakeAimlServer00000', model })];
  for (const piece of splitText(opts.text ?? '', 16)) chunks.push(aimlChunk({ model, content: piece }));
  calls.forEach((call, i) => {
    const index = (opts.indexBase ?? 0) + i;
    const id = call.id ?? `toolu_${String(nextId++).padStart(6, '0')}`;
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    chunks.push(aimlChunk({ model, toolCalls: [{ index, id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of splitText(args, opts.fragment ?? 7)) chunks.push(aimlChunk({ model, toolCalls: [{ index, function: { arguments: piece } }] }));
  });
  const finishReason = opts.finishReason ?? 'tool_calls';
  chunks.push(aimlChunk({ model, finishReason, usage: opts.usage ?? { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 }, meta: opts.meta }));
  chunks.push({ id: '', choices: [{ index: 0, finish_reason: finishReason }], created: 1760000000, model, object: 'chat.completion.chunk', usage: null });
  return { kind: 'stream', chunks };
}
