/**
 * The CLI's one flow, shared by the three commands: parse and validate, build the prompt, check
 * the context budget, stream the answer, let the command finish (refactor's diff and write), then
 * report: the streamed text already printed, or the one JSON object; an error as one sentence on
 * stderr; the exit code of issue 3's contract.
 */
import { randomUUID } from 'node:crypto';
import { version } from '../../package.json';
import { AimlClient, AimlError, isAimlError, type ChatRequest } from '../core/api';
import { findModel } from '../core/models';
import { checkContextBudget, readInstructionFiles } from '../core/prompts';
import { DEFAULT_SETTINGS } from '../core/settings';
import { parseArgs, wantsJson, type ParsedArgs } from './args';
import { chatJob } from './commands/chat';
import { explainJob } from './commands/explain';
import { refactorJob } from './commands/refactor';
import type { CommandContext, Job } from './commands/types';
import { CliError, usageError } from './errors';
import { EXIT, type ExitCode } from './exitCodes';
import { helpText } from './help';
import { resolveOptions } from './options';
import { Output, type Streams } from './output';
import { emptyOutcome, errorMessage, exitCodeFor, toJson, type RunOutcome } from './result';
import { streamAnswer } from './stream';
import { proposalRecords, writeAll } from './proposals';
import { runChatWithTools } from './toolRun';

export interface CliIo extends Streams {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly cwd: string;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
}

export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const json = wantsJson(argv);
  const output = new Output(io, json);
  const key = io.env.AIML_API_KEY?.trim() ?? '';
  const secrets = key === '' ? [] : [key];
  let outcome: RunOutcome = emptyOutcome(DEFAULT_SETTINGS.model);
  let parsed: ParsedArgs | undefined;

  try {
    parsed = parseArgs(argv);
    if (parsed.kind === 'help') {
      output.print(helpText());
      return EXIT.ok;
    }
    if (parsed.kind === 'version') {
      output.print(`${version}\n`);
      return EXIT.ok;
    }
    const options = resolveOptions(parsed.options, io.env, io.cwd);
    outcome.model = options.model;
    if (key === '') throw usageError('No API key: set the AIML_API_KEY environment variable.');

    const ctx: CommandContext = {
      positionals: parsed.positionals,
      options,
      instruction: parsed.options.instruction,
      write: parsed.write,
      edits: parsed.edits,
      instructions: parsed.instructions ? await readInstructionFiles([{ name: '.', path: io.cwd }]) : [],
      cwd: io.cwd,
      stdin: io.stdin,
      output,
      signal: io.signal,
    };
    const job: Job =
      parsed.command === 'chat' ? await chatJob(ctx) : parsed.command === 'explain' ? explainJob(ctx) : refactorJob(ctx);

    const info = findModel(options.model);
    const maxTokens = info ? Math.min(options.maxTokens, info.maxOutputTokens) : options.maxTokens;
    if (info) {
      // Unknown models (a gateway's own) have no known window: the server judges those.
      const budget = checkContextBudget(job.prompt, info, maxTokens, { subject: job.budgetSubject, advice: job.budgetAdvice });
      if (!budget.ok) throw new CliError('context_budget', `${budget.message} Nothing was sent.`);
    }

    const request: ChatRequest = {
      model: options.model,
      system: job.prompt.system,
      messages: [...job.prompt.messages],
      maxTokens,
      temperature: options.temperature,
    };
    const client = new AimlClient({
      baseUrl: options.baseUrl,
      apiKey: key,
      maxRetries: options.maxRetries,
      idleTimeoutMs: options.timeoutSeconds * 1000,
      headersTimeoutMs: options.timeoutSeconds * 1000,
      userAgent: `aiml-claude-cli/${version} (node ${process.versions.node})`,
    });
    const sinks = {
      output,
      answer: job.liveAnswer === 'stdout' ? (t: string) => output.answer(t) : (t: string) => (output.stderrIsTty ? output.answerToStderr(t) : undefined),
    };
    let changes: Awaited<ReturnType<typeof runChatWithTools>>['changes'];
    try {
      if (parsed.tools) {
        const run = await runChatWithTools(client, request, `cli-${randomUUID()}`, io.signal, sinks, {
          root: options.root,
          maxRounds: options.maxToolRounds,
          edits: parsed.edits,
          maxPromptTokens: info ? Math.max(0, info.contextTokens - maxTokens) : undefined,
        });
        outcome = run.outcome;
        changes = run.changes;
      } else {
        outcome = await streamAnswer(client, request, `cli-${randomUUID()}`, io.signal, sinks);
      }
    } finally {
      await client.dispose();
    }
    if (parsed.edits) outcome.edits = { proposals: proposalRecords(changes), applied: false };
    if (outcome.error === null) {
      output.finishAnswer();
      job.finish?.(outcome);
      if (parsed.edits && outcome.edits) finishEdits(outcome, changes, parsed.write, output);
      if (outcome.error === null && outcome.finishReason === 'length' && parsed.command !== 'refactor') {
        output.notice(`the answer was cut off at the output limit (--max-tokens ${maxTokens}).`);
      }
    }
  } catch (e) {
    if (io.signal.aborted) {
      outcome.error = new AimlError({ kind: 'cancelled', message: 'Cancelled', userMessage: 'The request was cancelled.' });
    } else if (e instanceof CliError || isAimlError(e)) {
      outcome.error = e;
    } else {
      const detail = e instanceof Error ? e.message : String(e);
      outcome.error = new CliError('internal', `Unexpected failure: ${detail}`);
    }
  }

  const isRefactor = parsed?.kind === 'run' ? parsed.command === 'refactor' : argv[0] === 'refactor';
  if (isRefactor) outcome.refactor ??= { applied: false, diff: '' };
  const error = outcome.error;
  if (error !== null) {
    let message = errorMessage(error, secrets);
    const code = exitCodeFor(error);
    if (isAimlError(error) && code >= EXIT.rejected && code <= EXIT.transport && outcome.requestId) {
      message += ` (request id ${outcome.requestId})`;
    }
    output.notice(message);
  }
  if (json) output.print(`${JSON.stringify(toJson(outcome, secrets))}\n`);
  return exitCodeFor(error);
}

/**
 * chat --tools --edits: the proposals' diff on stdout, and with --write every file or none. An
 * answer cut off at the output limit writes nothing (its edits may be half done).
 */
function finishEdits(outcome: RunOutcome, changes: Parameters<typeof writeAll>[0] | undefined, write: boolean, output: Output): void {
  const edits = outcome.edits as NonNullable<RunOutcome['edits']>;
  if (!output.json) for (const p of edits.proposals) output.print(p.diff);
  if (edits.proposals.length === 0) {
    output.notice('the answer proposes no change.');
    return;
  }
  if (!write || !changes) return;
  if (outcome.finishReason === 'length') {
    outcome.error = new CliError('unusable_answer', 'The answer was cut off at the output limit, so its proposals were not written; retry with a larger --max-tokens.');
    return;
  }
  try {
    const written = writeAll(changes);
    edits.applied = true;
    if (!output.json) output.notice(`wrote ${written.length} ${written.length === 1 ? 'file' : 'files'}: ${written.join(', ')}.`);
  } catch (e) {
    if (e instanceof CliError) outcome.error = e;
    else throw e;
  }
}
