/** `aiml-claude explain FILE[:START[-END]]`: the lines with their surrounding context, explained. */
import { buildExplainPrompt } from '../../core/prompts';
import { readTarget } from '../fileTarget';
import type { CommandContext, Job } from './types';

export function explainJob(ctx: CommandContext): Job {
  const target = readTarget(ctx.positionals[0] as string, ctx.cwd);
  return {
    prompt: buildExplainPrompt(target.context, { systemPrompt: ctx.options.system, instructions: ctx.instructions }),
    budgetSubject: target.wholeFile ? 'The file' : 'The selected lines',
    budgetAdvice: 'Choose fewer lines with FILE:START-END.',
    liveAnswer: 'stdout',
  };
}
