/**
 * Why a proposed edit cannot be applied. One error type with a `code`, so the host and the CLI can
 * pick their reaction (offer Retry with a larger limit, offer the diff again, exit code 6) without
 * parsing messages, while the message stays a sentence a user understands.
 */

export type EditErrorCode =
  /** The answer holds no usable fenced code block. */
  | 'no_code'
  /** The answer stopped at the output limit (finish reason `length`). */
  | 'truncated'
  /** The edit cannot be placed unambiguously, or edits given together overlap. */
  | 'conflict'
  /** The code the proposal was made for changed or is gone. */
  | 'stale';

const DEFAULT_MESSAGES: Record<EditErrorCode, string> = {
  no_code: 'The answer contains no code block to apply.',
  truncated:
    'The answer was cut off at the output limit, so nothing was applied. Retry with a larger output limit.',
  conflict: 'The change cannot be placed unambiguously, so nothing was applied.',
  stale: 'The code changed since the request, so nothing was applied. Review the proposal again.',
};

export class EditError extends Error {
  readonly code: EditErrorCode;

  constructor(code: EditErrorCode, message: string = DEFAULT_MESSAGES[code], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EditError';
    this.code = code;
  }
}

export function isEditError(value: unknown): value is EditError {
  return value instanceof EditError;
}
