import type { BuiltPrompt, Instructions } from '../../core/prompts';
import type { Output } from '../output';
import type { RunOptions } from '../options';
import type { RunOutcome } from '../result';

export interface CommandContext {
  readonly positionals: readonly string[];
  readonly options: RunOptions;
  readonly instruction: string | undefined;
  readonly write: boolean;
  /** chat --tools --edits: the answer goes to stderr, the proposals' diff to stdout. */
  readonly edits: boolean;
  /** Project instructions from the working directory (none with --no-instructions). */
  readonly instructions: readonly Instructions[];
  readonly cwd: string;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: Output;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
}

/** What a command asks of the shared runner (main.ts): one prompt, streamed, then its own ending. */
export interface Job {
  readonly prompt: BuiltPrompt;
  /** For the context-budget message: "The prompt is about N tokens; …". */
  readonly budgetSubject: string;
  readonly budgetAdvice: string;
  /** Where the answer streams without --json. */
  readonly liveAnswer: 'stdout' | 'stderr';
  /** Runs after a stream that ended without an API error (refactor: check, diff, write). */
  finish?(outcome: RunOutcome): void;
}
