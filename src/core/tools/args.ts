import type * as z from 'zod/mini';
import { failure, type ToolResult } from './types';

/**
 * A call's arguments checked against the tool's schema. The model reads the refusal and can call
 * again; the message names each bad field, as a person would want it.
 */
export function parseArgs<T extends z.ZodMiniType>(
  schema: T,
  raw: unknown,
  tool: string,
): { ok: true; value: z.output<T> } | { ok: false; result: ToolResult } {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return { ok: true, value: r.data };
  const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'arguments'}: ${i.message}`).join('; ');
  return { ok: false, result: failure(`${tool}: bad arguments`, `invalid arguments for ${tool}: ${problems}.`) };
}
