/**
 * One streamed request: the events go to the output as they arrive and are collected for the end.
 * An API failure does not throw: the outcome keeps the text received so far, with the error.
 */
import { isAimlError, type AimlClient, type ChatRequest, type StreamEvent } from '../core/api';
import type { Output } from './output';
import type { RunOutcome } from './result';

export interface StreamSinks {
  /** Where answer text goes live: stdout (chat, explain) or stderr progress (refactor). */
  readonly answer: (text: string) => void;
  readonly output: Output;
}

export async function streamAnswer(
  client: AimlClient,
  request: ChatRequest,
  requestId: string,
  signal: AbortSignal,
  sinks: StreamSinks,
): Promise<RunOutcome> {
  const outcome: RunOutcome = {
    text: '',
    reasoning: '',
    finishReason: null,
    usage: null,
    model: request.model,
    requestId,
    error: null,
  };
  try {
    for await (const ev of client.stream(request, { signal, clientRequestId: requestId })) {
      handle(ev, outcome, sinks);
    }
  } catch (e) {
    if (!isAimlError(e)) throw e;
    outcome.error = e;
  }
  return outcome;
}

function handle(ev: StreamEvent, outcome: RunOutcome, sinks: StreamSinks): void {
  switch (ev.type) {
    case 'start':
      outcome.requestId = ev.requestId;
      break;
    case 'text':
      outcome.text += ev.text;
      sinks.answer(ev.text);
      break;
    case 'reasoning':
      outcome.reasoning += ev.text;
      sinks.output.reasoning(ev.text);
      break;
    case 'usage':
      outcome.usage = ev.usage;
      break;
    case 'finish':
      outcome.finishReason = ev.finishReason;
      break;
    case 'retry': {
      const what = ev.error.status !== undefined ? `${ev.error.kind.replace('_', ' ')} (HTTP ${ev.error.status})` : ev.error.kind.replace('_', ' ');
      sinks.output.notice(`${what}; retry ${ev.attempt} of ${ev.maxRetries} in ${(ev.delayMs / 1000).toFixed(1)} s.`);
      break;
    }
    case 'tool_call':
      // The CLI sends no tools; a gateway that invents a call gets it ignored.
      break;
  }
}
