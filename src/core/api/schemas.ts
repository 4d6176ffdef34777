/**
 * zod schemas for what the AI/ML API sends back. Every object is loose (unknown keys pass) because
 * the gateway adds fields over time; fields we do not strictly need fall back to undefined instead
 * of failing the whole chunk.
 */
import { z } from 'zod';

/** Numbers sometimes arrive as strings ("statusCode": "429"). */
const looseNumber = z.union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/).transform(Number)]);
const optionalNumber = looseNumber.nullish().catch(undefined);
const optionalString = z.string().nullish().catch(undefined);

export const UsageWire = z.looseObject({
  prompt_tokens: optionalNumber,
  completion_tokens: optionalNumber,
  total_tokens: optionalNumber,
  // Anthropic-style names, in case a gateway passes them through.
  input_tokens: optionalNumber,
  output_tokens: optionalNumber,
  cache_read_input_tokens: optionalNumber,
  prompt_tokens_details: z.looseObject({ cached_tokens: optionalNumber }).nullish().catch(undefined),
  completion_tokens_details: z.looseObject({ reasoning_tokens: optionalNumber }).nullish().catch(undefined),
});
export type UsageWire = z.infer<typeof UsageWire>;

export const MetaWire = z.looseObject({
  usage: z
    .looseObject({ credits_used: optionalNumber, usd_spent: optionalNumber })
    .nullish()
    .catch(undefined),
});

export const ToolCallDeltaWire = z.looseObject({
  index: z.number().int().nonnegative().nullish(),
  id: optionalString,
  function: z
    .looseObject({ name: optionalString, arguments: z.string().nullish() })
    .nullish(),
});
export type ToolCallDeltaWire = z.infer<typeof ToolCallDeltaWire>;

/** A streamed `delta` or a whole `message`: the same fields matter in both. */
export const DeltaWire = z.looseObject({
  content: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  /** Some OpenAI-compatible gateways name it so. */
  reasoning: z.string().nullish().catch(undefined),
  tool_calls: z.array(ToolCallDeltaWire).nullish(),
});
export type DeltaWire = z.infer<typeof DeltaWire>;

export const ChoiceWire = z.looseObject({
  index: z.number().nullish(),
  delta: DeltaWire.nullish(),
  message: DeltaWire.nullish(),
  finish_reason: z.string().nullish(),
});

export const ErrorObjectWire = z.looseObject({
  message: z.union([z.string(), z.array(z.string())]).nullish().catch(undefined),
  type: optionalString,
  code: z.union([z.string(), z.number()]).nullish().catch(undefined),
  status: optionalNumber,
});

/** A chat.completion.chunk, or a whole chat.completion (then `message` replaces `delta`). */
export const ChunkWire = z.looseObject({
  id: optionalString,
  model: optionalString,
  choices: z.array(ChoiceWire).nullish(),
  usage: UsageWire.nullish().catch(undefined),
  meta: MetaWire.nullish().catch(undefined),
  error: z.union([z.string(), ErrorObjectWire]).nullish(),
});
export type ChunkWire = z.infer<typeof ChunkWire>;

/**
 * Error bodies seen from AI/ML and the proxies before it:
 * `{message, path, requestId, statusCode, timestamp}`, `{error:{message}}`, `{title, status, message}`,
 * NestJS `{message: [...], error: "Bad Request"}`.
 */
export const ErrorBodyWire = z.looseObject({
  message: z.union([z.string(), z.array(z.string())]).nullish().catch(undefined),
  error: z.union([z.string(), ErrorObjectWire]).nullish().catch(undefined),
  title: optionalString,
  detail: optionalString,
  status: optionalNumber,
  statusCode: optionalNumber,
  requestId: optionalString,
});
export type ErrorBodyWire = z.infer<typeof ErrorBodyWire>;

export const ModelEntryWire = z.looseObject({
  id: z.string().min(1),
  aliases: z.array(z.string()).nullish().catch(undefined),
  info: z
    .looseObject({ contextLength: optionalNumber, outputMax: optionalNumber })
    .nullish()
    .catch(undefined),
  // OpenAI-compatible servers that are not AI/ML (OpenRouter style).
  context_length: optionalNumber,
});

export const ModelsListWire = z.union([z.looseObject({ data: z.array(z.unknown()) }), z.array(z.unknown())]);
