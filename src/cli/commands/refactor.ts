/**
 * `aiml-claude refactor FILE[:START[-END]] --instruction TEXT [--write]`: the proposal as a unified
 * diff on stdout and, with --write, applied to the file in place.
 *
 * What is never written: an answer cut off at the output limit or ended for another reason than
 * `stop`, an answer without a usable code block (exit 6 for both), and anything over a file that
 * changed on disk while the request ran (exit 1). The edit itself comes from src/core/edits, the
 * same code as the editor's Accept: the replacement takes the file's line endings, its indentation
 * and the range's trailing line breaks, and lines outside the range are not touched.
 */
import { readFileSync } from 'node:fs';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { extractReplacement, isEditError, planRangeReplacement } from '../../core/edits';
import { buildRefactorPrompt } from '../../core/prompts';
import { CliError, inputError } from '../errors';
import { readTarget, type FileTarget } from '../fileTarget';
import type { RunOutcome } from '../result';
import { writeFileAtomic } from '../writeFile';
import type { CommandContext, Job } from './types';

export function refactorJob(ctx: CommandContext): Job {
  const target = readTarget(ctx.positionals[0] as string, ctx.cwd);
  if (ctx.write && !Buffer.from(target.text, 'utf8').equals(target.bytes)) {
    // Decoding replaced invalid bytes: writing the text back would change lines outside the range.
    throw inputError(`${target.file} is not valid UTF-8, so --write cannot rewrite it safely.`);
  }
  const instruction = ctx.instruction ?? '';
  return {
    prompt: buildRefactorPrompt(target.context, instruction, { systemPrompt: ctx.options.system, instructions: ctx.instructions }),
    budgetSubject: target.wholeFile ? 'The file' : 'The selected lines',
    budgetAdvice: 'Choose fewer lines with FILE:START-END.',
    liveAnswer: 'stderr',
    finish: (outcome) => finishRefactor(ctx, target, outcome),
  };
}

function finishRefactor(ctx: CommandContext, target: FileTarget, outcome: RunOutcome): void {
  outcome.refactor = { applied: false, diff: '' };
  const unusable = (message: string): void => {
    outcome.error = new CliError('unusable_answer', message);
  };
  if (outcome.finishReason === 'length') {
    unusable(`The answer was cut off at the output limit, so ${target.file} was not changed; retry with a larger --max-tokens or fewer lines.`);
    return;
  }
  if (outcome.finishReason !== 'stop') {
    unusable(`The answer ended early (finish reason ${outcome.finishReason ?? 'none'}), so ${target.file} was not changed.`);
    return;
  }
  let code: string;
  try {
    code = extractReplacement(outcome.text, { languageId: target.context.languageId }).code;
  } catch (e) {
    if (!isEditError(e)) throw e;
    unusable(`${e.message.replace(/\.$/, '')}; ${target.file} was not changed.`);
    return;
  }
  const plan = planRangeReplacement(target.text, { startLine: target.startLine, endLine: target.endLine }, code);
  // git's a/ b/ prefixes for a path inside the working directory (`patch -p1`, `git apply`).
  const shown = target.context.relativePath ?? target.file;
  const [from, to] = shown.startsWith('/') ? [shown, shown] : [`a/${shown}`, `b/${shown}`];
  const diff =
    plan.newDocumentText === target.text
      ? ''
      : createTwoFilesPatch(from, to, target.text, plan.newDocumentText, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
  outcome.refactor.diff = diff;
  if (!ctx.output.json) ctx.output.print(diff);
  if (diff === '') {
    ctx.output.notice(`the answer proposes no change to ${target.file}.`);
    return;
  }
  if (!ctx.write) return;

  let now: Buffer;
  try {
    now = readFileSync(target.absPath);
  } catch {
    now = Buffer.alloc(0);
  }
  if (!now.equals(target.bytes)) {
    outcome.error = new CliError('file_changed', `${target.file} changed while the request ran, so the proposal was not written; run the command again.`);
    return;
  }
  try {
    writeFileAtomic(target.absPath, plan.newDocumentText);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    outcome.error = inputError(`Cannot write ${target.file}${typeof code === 'string' ? ` (${code})` : ''}; it was not changed.`);
    return;
  }
  outcome.refactor.applied = true;
  if (!ctx.output.json) ctx.output.notice(`applied the change to ${target.file}.`);
}
