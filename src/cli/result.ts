/**
 * The outcome of a run: the --json object (its shape is the contract of issue 3), the exit code,
 * and the one sentence printed on stderr for a failure.
 */
import { isAimlError, scrubSecrets, type AimlError, type Usage } from '../core/api';
import { authMessage } from '../core/api/userMessages';
import { CliError } from './errors';
import { EXIT, exitCodeForKind, type ExitCode } from './exitCodes';

export interface JsonError {
  /** An AimlError kind (auth, credits, model_not_found, …, cancelled) or a CLI kind (usage, input, …). */
  kind: string;
  message: string;
  status: number | null;
}

export interface JsonResult {
  text: string;
  reasoning: string;
  finishReason: string | null;
  /** The answer's usage, every request of it summed; a detail or cost the service did not report is null. */
  usage: { promptTokens: number; completionTokens: number; totalTokens: number; cachedTokens: number | null; reasoningTokens: number | null; usdSpent: number | null } | null;
  model: string;
  requestId: string | null;
  error: JsonError | null;
  /** refactor only. */
  applied?: boolean;
  /** refactor only: the unified diff of the proposed change ('' when none). */
  diff?: string;
  /** chat --tools: the calls, in the order they ran. */
  toolCalls?: ToolCallRecord[];
  /** chat --tools --edits: one entry per file, its diff `git apply`-able on its own. */
  proposals?: ProposalRecord[];
}

export interface ToolCallRecord {
  name: string;
  /** The arguments as parsed (or the text the model sent, when it was not JSON). */
  arguments: unknown;
  ok: boolean;
  summary: string;
}

export interface ProposalRecord {
  path: string;
  created: boolean;
  diff: string;
}

export interface RunOutcome {
  text: string;
  reasoning: string;
  finishReason: string | null;
  usage: Usage | null;
  model: string;
  requestId: string | null;
  error: AimlError | CliError | null;
  refactor?: { applied: boolean; diff: string };
  toolCalls?: ToolCallRecord[];
  /** chat --tools --edits: the proposals, and whether --write wrote them. */
  edits?: { proposals: ProposalRecord[]; applied: boolean };
}

export function emptyOutcome(model: string): RunOutcome {
  return { text: '', reasoning: '', finishReason: null, usage: null, model, requestId: null, error: null };
}

export function exitCodeFor(error: AimlError | CliError | null): ExitCode {
  if (error === null) return EXIT.ok;
  return isAimlError(error) ? exitCodeForKind(error.kind) : error.exitCode;
}

/**
 * The sentence for stderr and the JSON `message`. The core's sentences are written for the editor;
 * the few that point at VS Code commands or settings get the CLI's equivalent. Never holds the key.
 */
export function errorMessage(error: AimlError | CliError, secrets: readonly string[]): string {
  let message: string;
  if (isAimlError(error)) {
    // Only the editor's part of a sentence is swapped: what follows it (the server's own words,
    // for an error that arrived inside the stream) is kept.
    message = error.userMessage
      .replace(authMessage(), 'The AI/ML API rejected the API key in AIML_API_KEY; set a valid key.')
      .replace(/ \(or the AIML_API_KEY environment variable for the CLI\)/, '')
      .replace('the idle timeout setting', '--timeout');
  } else {
    message = error.message;
  }
  return scrubSecrets(message, secrets);
}

export function toJson(o: RunOutcome, secrets: readonly string[]): JsonResult {
  const result: JsonResult = {
    text: o.text,
    reasoning: o.reasoning,
    finishReason: o.finishReason,
    usage: o.usage && {
      promptTokens: o.usage.promptTokens,
      completionTokens: o.usage.completionTokens,
      totalTokens: o.usage.totalTokens,
      cachedTokens: o.usage.cachedTokens ?? null,
      reasoningTokens: o.usage.reasoningTokens ?? null,
      usdSpent: o.usage.usdSpent ?? null,
    },
    model: o.model,
    requestId: o.requestId,
    error: o.error && {
      kind: o.error.kind,
      message: errorMessage(o.error, secrets),
      status: isAimlError(o.error) ? (o.error.status ?? null) : null,
    },
  };
  if (o.refactor) {
    result.applied = o.refactor.applied;
    result.diff = o.refactor.diff;
  }
  if (o.toolCalls) result.toolCalls = o.toolCalls;
  if (o.edits) {
    result.proposals = o.edits.proposals;
    result.applied = o.edits.applied;
  }
  return result;
}
