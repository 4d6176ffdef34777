/** `aiml-claude chat [PROMPT]`: the prompt from the arguments, else from stdin. */
import { buildChatPrompt } from '../../core/prompts';
import { inputError } from '../errors';
import { readStdin } from '../stdin';
import type { CommandContext, Job } from './types';

export async function chatJob(ctx: CommandContext): Promise<Job> {
  const fromArgs = ctx.positionals.length > 0 && !(ctx.positionals.length === 1 && ctx.positionals[0] === '-');
  if (!fromArgs && ctx.stdin.isTTY) ctx.output.notice('reading the prompt from stdin; end it with Ctrl-D.');
  const question = fromArgs ? ctx.positionals.join(' ') : await readStdin(ctx.stdin, ctx.signal);
  if (question.trim() === '') throw inputError('No prompt: give one as an argument or on stdin.');
  return {
    prompt: buildChatPrompt([], question, [], { systemPrompt: ctx.options.system, instructions: ctx.instructions }),
    budgetSubject: 'The prompt',
    budgetAdvice: 'Send a shorter prompt.',
    // With --edits stdout holds the proposals' diff, as refactor's does.
    liveAnswer: ctx.edits ? 'stderr' : 'stdout',
  };
}
