import type { Usage } from '../api/types';
import type { Conversation } from '../chat/conversation';
import { addUsage } from './sum';

/**
 * What a conversation has used so far: its running total (every request, answers since replaced
 * included), or for a conversation saved before the total was kept, the sum of its answers' usage.
 * Undefined when nothing was reported yet.
 */
export function spentSoFar(c: Pick<Conversation, 'spent' | 'turns'>): Usage | undefined {
  if (c.spent) return c.spent;
  let sum: Usage | undefined;
  for (const t of c.turns) if (t.usage) sum = addUsage(sum, t.usage);
  return sum;
}
