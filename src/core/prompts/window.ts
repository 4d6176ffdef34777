/**
 * The lines around a selection that go with it as context.
 *
 * Context helps Claude see what the selection refers to, but it costs tokens and, for refactor,
 * invites the model to rewrite code outside the selection. So the window is small and bounded by
 * both a line count and a character count, and it is filled nearest-first, alternating above and
 * below: when a bound is hit, the lines cut are the ones farthest from the selection. A line too long
 * for the remaining characters closes its side (the lines beyond it are farther still).
 */

export interface SurroundingWindow {
  /** Lines above the selection, "\n"-joined, in document order; '' when none. */
  readonly before: string;
  /** Lines below the selection, "\n"-joined; '' when none. */
  readonly after: string;
  /** How many lines each side holds. */
  readonly beforeLines: number;
  readonly afterLines: number;
}

/**
 * The bounded window around lines [startLine0, endLine0] (0-based, inclusive) of `lines`.
 * `maxLines` and `maxChars` bound both sides together; a line costs its length plus one.
 */
export function surroundingWindow(
  lines: readonly string[],
  startLine0: number,
  endLine0: number,
  maxLines = 30,
  maxChars = 4000,
): SurroundingWindow {
  const text = (i: number): string => (lines[i] as string).replace(/\r$/, '');
  let above = startLine0 - 1;
  let below = endLine0 + 1;
  let aboveOpen = above >= 0;
  let belowOpen = below < lines.length;
  let taken = 0;
  let chars = 0;
  let turnAbove = true;

  while ((aboveOpen || belowOpen) && taken < maxLines) {
    const useAbove = aboveOpen && (turnAbove || !belowOpen);
    const index = useAbove ? above : below;
    const cost = text(index).length + 1;
    if (chars + cost > maxChars) {
      if (useAbove) aboveOpen = false;
      else belowOpen = false;
    } else {
      chars += cost;
      taken++;
      if (useAbove) aboveOpen = --above >= 0;
      else belowOpen = ++below < lines.length;
    }
    turnAbove = !turnAbove;
  }

  const beforeIdx = range(above + 1, Math.max(above + 1, startLine0));
  const afterIdx = range(endLine0 + 1, below);
  return {
    before: beforeIdx.map(text).join('\n'),
    after: afterIdx.map(text).join('\n'),
    beforeLines: beforeIdx.length,
    afterLines: afterIdx.length,
  };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
