/**
 * Failures the CLI detects itself (before or after the request), with their exit code and the
 * `error.kind` the --json output reports. API failures stay AimlErrors and are mapped in result.ts.
 */
import { EXIT, type ExitCode } from './exitCodes';

export type CliErrorKind =
  /** A bad command line: unknown flag, missing argument, bad flag value, no key. */
  | 'usage'
  /** Bad input: an unreadable file, a bad line range, an empty prompt. */
  | 'input'
  /** The prompt would not fit the model's context window: nothing was sent. */
  | 'context_budget'
  /** refactor --write: the file changed while the request ran; nothing was written. */
  | 'file_changed'
  /** refactor: the answer was cut off or held no code block; nothing was written. */
  | 'unusable_answer'
  /** A bug: something the CLI did not expect. */
  | 'internal';

const EXIT_BY_KIND: Record<CliErrorKind, ExitCode> = {
  usage: EXIT.usage,
  input: EXIT.usage,
  context_budget: EXIT.usage,
  file_changed: EXIT.usage,
  unusable_answer: EXIT.unusable,
  internal: EXIT.usage,
};

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly kind: CliErrorKind;
  readonly exitCode: ExitCode;

  /** `message` is the one sentence printed on stderr. */
  constructor(kind: CliErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.exitCode = EXIT_BY_KIND[kind];
  }
}

export function usageError(message: string): CliError {
  return new CliError('usage', message);
}

export function inputError(message: string): CliError {
  return new CliError('input', message);
}
