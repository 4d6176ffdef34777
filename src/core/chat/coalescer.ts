/**
 * Gathers streamed text and hands it on at most once per interval. The first delta after a quiet
 * interval goes out at once (a token arriving alone should not wait); deltas arriving in a burst
 * are joined and sent when the interval is up, so a fast stream becomes one post per interval
 * instead of one per token.
 */
export class DeltaCoalescer {
  private text = '';
  private reasoning = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly flushTo: (text: string, reasoning: string) => void,
    private readonly intervalMs = 16,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  pushText(delta: string): void {
    this.text += delta;
    this.schedule();
  }

  pushReasoning(delta: string): void {
    this.reasoning += delta;
    this.schedule();
  }

  /** Sends whatever is pending now (before a turn ends, so nothing is left behind). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.text === '' && this.reasoning === '') return;
    const text = this.text;
    const reasoning = this.reasoning;
    this.text = '';
    this.reasoning = '';
    this.lastFlush = this.clock();
    this.flushTo(text, reasoning);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = this.lastFlush + this.intervalMs - this.clock();
    if (wait <= 0) {
      this.flush();
      return;
    }
    // A timer counts from the event loop's cached time, which can lag the clock by however long the
    // current callback has run: it may fire before the interval is up by the clock. So it checks
    // again rather than flushing blindly (rounded up: timers count whole milliseconds).
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, Math.ceil(wait));
  }
}
