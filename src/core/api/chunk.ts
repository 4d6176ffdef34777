/**
 * Stream chunks → StreamEvents, absorbing AI/ML's differences from OpenAI: the legacy
 * `{event, state}` wrapper, empty `id`s, chunks without `delta` or with empty `choices`, usage on the
 * finish chunk followed by `usage: null`, cost in `meta.usage`, tool calls by `index` (which may
 * start at 1), errors sent as data.
 */
import { AimlError, type ErrorContext } from './errors';
import { errorFromStreamPayload } from './httpErrors';
import { ChunkWire, type ToolCallDeltaWire, type UsageWire } from './schemas';
import type { SseRecord } from './sse';
import type { FinishReason, StreamEvent, ToolCall, Usage } from './types';
import { usageFromReport } from '../usage/report';
import { interruptedMessage, malformedMessage } from './userMessages';

/** Anthropic's stop reasons, as some responses pass them through, in OpenAI's vocabulary. */
export function normaliseFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    default:
      return reason;
  }
}

export class StreamAssembler {
  private finishReason: FinishReason | undefined;
  private done = false;
  private usage: Usage | undefined;
  private creditsUsed: number | undefined;
  private usdSpent: number | undefined;
  private readonly tools = new Map<number, ToolCall>();
  private lastToolIndex = -1;
  /** The first non-empty chunk id (AI/ML sends it only on the first chunk). */
  messageId: string | undefined;

  constructor(private readonly ctx: ErrorContext) {}

  /** True after `[DONE]`: nothing that follows matters. */
  get sawDone(): boolean {
    return this.done;
  }

  /**
   * One SSE record. Appends the events it yields to `out`; throws AimlError for errors in the
   * stream. `skipUnparsable` is for the tail of a body, where a half record means a cut, not garbage.
   */
  acceptRecord(record: SseRecord, out: StreamEvent[], skipUnparsable = false): void {
    if (record.event === 'error') {
      throw errorFromStreamPayload(tryParseJson(record.data), record.data, this.ctx);
    }
    const data = record.data;
    // Cheap test first: nearly every record is JSON.
    if (data.charCodeAt(0) !== 123 /* { */) {
      const trimmed = data.trim();
      if (trimmed === '[DONE]') {
        this.done = true;
        return;
      }
      if (trimmed === '') return; // a bare `data:` line used as a keep-alive
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch (err) {
      if (skipUnparsable) return;
      throw this.malformed(`not JSON: ${preview(data)}`, err);
    }
    this.acceptChunk(json, out);
  }

  /** One parsed chunk, or a whole chat.completion (its `message` is read like a `delta`). */
  acceptChunk(json: unknown, out: StreamEvent[]): void {
    const value = unwrapLegacy(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.malformed(`not an object: ${preview(JSON.stringify(value) ?? String(value))}`);
    }
    const parsed = ChunkWire.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.malformed(`unexpected shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`, parsed.error);
    }
    const chunk = parsed.data;
    if (chunk.error !== undefined && chunk.error !== null) {
      throw errorFromStreamPayload(value, JSON.stringify(value), this.ctx);
    }
    if (this.messageId === undefined && chunk.id) this.messageId = chunk.id;
    const choices = chunk.choices;
    if (choices) {
      for (const choice of choices) {
        // We never ask for n > 1; anything but the first choice is ignored.
        if ((choice.index ?? 0) !== 0) continue;
        const delta = choice.delta ?? choice.message;
        if (delta) {
          if (delta.reasoning_content) out.push({ type: 'reasoning', text: delta.reasoning_content });
          else if (delta.reasoning) out.push({ type: 'reasoning', text: delta.reasoning });
          if (delta.content) out.push({ type: 'text', text: delta.content });
          if (delta.tool_calls) for (const tc of delta.tool_calls) this.addToolDelta(tc);
        }
        if (choice.finish_reason) this.finishReason = normaliseFinishReason(choice.finish_reason);
      }
    }
    // A later `usage: null` must not erase the usage of the finish chunk.
    if (chunk.usage) this.usage = toUsage(chunk.usage, this.usage);
    const cost = chunk.meta?.usage;
    if (cost) {
      if (typeof cost.credits_used === 'number') this.creditsUsed = cost.credits_used;
      if (typeof cost.usd_spent === 'number') this.usdSpent = cost.usd_spent;
    }
  }

  /**
   * The body ended. A finish_reason or `[DONE]` makes it a success: appends the assembled tool
   * calls, the usage and the finish event. Otherwise the answer was cut off.
   */
  finish(out: StreamEvent[]): void {
    if (this.finishReason === undefined && !this.done) {
      throw new AimlError({
        kind: 'interrupted',
        message: 'The stream ended without a finish_reason or [DONE]',
        userMessage: interruptedMessage(),
        requestId: this.ctx.requestId,
        inferenceId: this.ctx.inferenceId,
      });
    }
    const indexes = [...this.tools.keys()].sort((a, b) => a - b);
    for (const i of indexes) {
      const call = this.tools.get(i);
      if (call) out.push({ type: 'tool_call', ...call });
    }
    const usage = this.finalUsage();
    if (usage) out.push({ type: 'usage', usage });
    out.push({ type: 'finish', finishReason: this.finishReason ?? 'stop' });
  }

  private finalUsage(): Usage | undefined {
    if (this.usage === undefined && this.creditsUsed === undefined && this.usdSpent === undefined) return undefined;
    // Cost without token counts is still worth reporting; the counts are then 0.
    const usage: Usage = this.usage ? { ...this.usage } : { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    if (this.creditsUsed !== undefined) usage.creditsUsed = this.creditsUsed;
    if (this.usdSpent !== undefined) usage.usdSpent = this.usdSpent;
    return usage;
  }

  private addToolDelta(tc: ToolCallDeltaWire): void {
    let index: number;
    if (typeof tc.index === 'number') index = tc.index;
    else if (tc.id && this.tools.get(this.lastToolIndex)?.id !== tc.id) index = this.lastToolIndex + 1; // whole message: no index
    else index = Math.max(this.lastToolIndex, 0);
    let call = this.tools.get(index);
    if (!call) {
      call = { index, arguments: '' };
      this.tools.set(index, call);
    }
    if (index > this.lastToolIndex) this.lastToolIndex = index;
    if (tc.id && call.id === undefined) call.id = tc.id;
    const fn = tc.function;
    if (fn?.name && call.name === undefined) call.name = fn.name;
    if (fn?.arguments) call.arguments += fn.arguments;
  }

  /**
   * A chunk we cannot read fails the stream rather than being skipped: skipping could silently
   * drop part of the answer (and a refactor would then apply a hole). The text so far stays with
   * the caller, who can offer Retry.
   */
  private malformed(detail: string, cause?: unknown): AimlError {
    return new AimlError({
      kind: 'server',
      message: `Malformed chunk in the stream (${detail})`,
      userMessage: malformedMessage(),
      // The same gateway would likely send the same thing again.
      retryable: false,
      requestId: this.ctx.requestId,
      inferenceId: this.ctx.inferenceId,
      cause,
    });
  }
}

/** Before February 2026 every chunk came as `{"event":{…chunk…},"state":{…}}`. */
function unwrapLegacy(json: unknown): unknown {
  if (typeof json !== 'object' || json === null) return json;
  const rec = json as { event?: unknown; choices?: unknown };
  if (typeof rec.event === 'object' && rec.event !== null && rec.choices === undefined) return rec.event;
  return json;
}

function toUsage(wire: UsageWire, previous: Usage | undefined): Usage {
  return usageFromReport(wire, previous);
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function preview(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
