/**
 * Where a run's output goes. Without --json the answer streams to stdout as it arrives and
 * reasoning ("thinking") to stderr: dimmed on a terminal, each line prefixed with "thinking> "
 * otherwise, so that stdout holds the answer alone. With --json nothing streams; one JSON object
 * is written at the end (result.ts).
 */

export interface Streams {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
}

const DIM = '\x1b[2m';
const UNDIM = '\x1b[22m';
export const REASONING_PREFIX = 'thinking> ';

/** Writes text that arrives in pieces, remembering whether the last piece ended a line. */
class LineTracker {
  atLineStart = true;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  write(text: string): void {
    if (text === '') return;
    this.stream.write(text);
    this.atLineStart = text.endsWith('\n');
  }

  /** Ends an unfinished line, so that what follows starts on its own. */
  endLine(): void {
    if (!this.atLineStart) this.write('\n');
  }
}

export class Output {
  private readonly out: LineTracker;
  private readonly err: LineTracker;
  private readonly color: boolean;
  private reasoningOpen = false;

  constructor(
    private readonly streams: Streams,
    readonly json: boolean,
  ) {
    this.out = new LineTracker(streams.stdout);
    this.err = new LineTracker(streams.stderr);
    this.color = streams.stderr.isTTY === true && !streams.env.NO_COLOR && streams.env.TERM !== 'dumb';
  }

  get stderrIsTty(): boolean {
    return this.streams.stderr.isTTY === true;
  }

  /** A piece of the answer, to stdout. */
  answer(text: string): void {
    if (this.json) return;
    this.closeReasoning();
    this.out.write(text);
  }

  /** A piece of the answer shown on stderr (refactor's progress: stdout holds the diff). */
  answerToStderr(text: string): void {
    if (this.json) return;
    this.closeReasoning();
    this.err.write(this.color ? `${DIM}${text}${UNDIM}` : text);
  }

  reasoning(text: string): void {
    if (this.json || text === '') return;
    this.reasoningOpen = true;
    if (this.color) {
      this.err.write(`${DIM}${text}${UNDIM}`);
      return;
    }
    let out = '';
    let atStart = this.err.atLineStart;
    for (const line of text.split(/(?<=\n)/)) {
      if (atStart) out += REASONING_PREFIX;
      out += line;
      atStart = line.endsWith('\n');
    }
    this.err.write(out);
  }

  /** Plain stdout text (the diff, help). */
  print(text: string): void {
    this.out.write(text);
  }

  /** One line on stderr: a notice or the one-sentence error. */
  notice(message: string): void {
    this.closeReasoning();
    if (this.streams.stdout.isTTY && this.streams.stderr.isTTY) this.out.endLine();
    this.err.endLine();
    this.err.write(`aiml-claude: ${message}\n`);
  }

  /** One tool call, as it ends: `tool> read_file "src/a.ts" — 1–120`, on stderr (also with --json). */
  toolLine(line: string): void {
    this.closeReasoning();
    if (this.streams.stdout.isTTY && this.streams.stderr.isTTY) this.out.endLine();
    this.err.endLine();
    this.err.write(this.color ? `${DIM}tool> ${line}${UNDIM}\n` : `tool> ${line}\n`);
  }

  /** At the end of a streamed answer on a terminal, the prompt goes on a line of its own. */
  finishAnswer(): void {
    this.closeReasoning();
    if (!this.json && this.streams.stdout.isTTY) this.out.endLine();
  }

  private closeReasoning(): void {
    if (!this.reasoningOpen) return;
    this.reasoningOpen = false;
    this.err.endLine();
  }
}

/** Resolves once everything written to the stream has been handed to the OS. */
export function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableEnded) {
      resolve();
      return;
    }
    stream.write('', () => resolve());
  });
}
