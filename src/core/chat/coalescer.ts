/**
 * Gathers streamed text and hands it on at most once per interval: a fast stream of tiny deltas
 * becomes a few posts per frame's worth of time, instead of one postMessage per token.
 */
export class DeltaCoalescer {
  private text = '';
  private reasoning = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flushTo: (text: string, reasoning: string) => void,
    private readonly intervalMs = 32,
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
    this.flushTo(text, reasoning);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }
}
