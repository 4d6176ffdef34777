import * as z from 'zod/mini';

/**
 * A Usage as it is stored (in a conversation file, in globalState's daily total): read back with
 * this schema, never trusted as written, since either store may be from an older version or damaged.
 */
export const storedUsage = z.object({
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  cachedTokens: z.optional(z.number()),
  reasoningTokens: z.optional(z.number()),
  usdSpent: z.optional(z.number()),
  creditsUsed: z.optional(z.number()),
});
