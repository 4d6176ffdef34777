import type { StreamEvent, Usage } from '../api/types';

/**
 * The same events, with each request's usage also handed to `record` as it passes (today's total
 * counts every request: each round of a tool-using answer, a refactor, a regenerated answer).
 * The stream client reports usage once per request, at its finish.
 */
export async function* meterUsage(events: AsyncIterable<StreamEvent>, record: (usage: Usage) => void): AsyncGenerator<StreamEvent> {
  for await (const e of events) {
    if (e.type === 'usage') record(e.usage);
    yield e;
  }
}
