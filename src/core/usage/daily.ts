import * as z from 'zod/mini';
import type { Usage } from '../api/types';
import { storedUsage } from './schema';
import { addUsage, NO_USAGE } from './sum';

/** The key in the extension's globalState: one day's total, shared by every window. */
export const DAILY_USAGE_KEY = 'aimlClaude.usageToday';

/** A small store that outlives the window (VS Code's globalState is one). */
export interface DailyUsageState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const stored = z.object({
  date: z.string(),
  usage: storedUsage,
});

/** "2026-11-23" in the machine's time zone: a day is the user's day, not UTC's. */
export function localDateKey(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/**
 * What every request spent today, kept in globalState so that it survives reloads and is the
 * same in every window; it starts again at local midnight (a total of another day reads as none).
 * Windows add to the stored value as they read it, so two windows finishing requests in the same
 * instant may lose one of the two additions: the total is a guide, not a bill.
 */
export class DailyUsage {
  private readonly listeners = new Set<(today: Usage) => void>();

  constructor(
    private readonly state: DailyUsageState,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Today's total (none yet: zeros). */
  today(): Usage {
    const day = this.read();
    return day && day.date === localDateKey(this.now()) ? day.usage : { ...NO_USAGE };
  }

  async add(usage: Usage): Promise<void> {
    const date = localDateKey(this.now());
    const day = this.read();
    const total = addUsage(day?.date === date ? day.usage : undefined, usage);
    await this.state.update(DAILY_USAGE_KEY, { date, usage: total });
    for (const listener of this.listeners) listener(total);
  }

  onDidChange(listener: (today: Usage) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** A damaged value is no total rather than a crash. */
  private read(): z.infer<typeof stored> | undefined {
    const parsed = stored.safeParse(this.state.get<unknown>(DAILY_USAGE_KEY));
    return parsed.success ? parsed.data : undefined;
  }
}
