/**
 * The explain job: the selection with its surrounding lines, as one user turn in the chat panel.
 */

import { languageName } from './languages';
import { codeSections, lineSpan, scopeNote, whereFrom } from './sections';
import type { Instructions } from './instructions';
import { systemPrompt } from './system';
import type { ChatMessage, JobPrompt, PromptContext } from './types';

export interface ExplainOptions {
  /** Project instructions for the system prompt (AGENTS.md, CLAUDE.md, the setting). */
  readonly instructions?: readonly Instructions[];
  /** Replaces the default system prompt (the user's setting or `--system`). */
  readonly systemPrompt?: string;
  /** What the user wants to know, when they asked something specific. */
  readonly question?: string;
  /** Earlier turns of the conversation the explanation joins. */
  readonly history?: readonly ChatMessage[];
}

/** The user turn's text, for callers that place it in a conversation themselves. */
export function buildExplainMessage(ctx: PromptContext, opts: ExplainOptions = {}): string {
  const span = lineSpan(ctx.startLine, ctx.endLine);
  const parts = [`Explain this ${languageName(ctx.languageId)} code from ${whereFrom(ctx)}, ${span}.`];
  const note = scopeNote(ctx);
  if (note) parts.push(note);
  parts.push(codeSections(ctx, `The code to explain (${span}):`));
  const question = opts.question?.trim();
  parts.push(
    question
      ? `My question about it: ${question}`
      : 'Say what the code does and how, then anything surprising, risky or worth improving. ' +
          'Refer to lines by their numbers. Be concise.',
  );
  return parts.join('\n\n');
}

export function buildExplainPrompt(ctx: PromptContext, opts: ExplainOptions = {}): JobPrompt {
  const file = ctx.relativePath ?? 'untitled';
  return {
    system: systemPrompt(opts.systemPrompt, opts.instructions),
    messages: [...(opts.history ?? []), { role: 'user', content: buildExplainMessage(ctx, opts) }],
    title: `Explain ${file}, ${lineSpan(ctx.startLine, ctx.endLine)}`,
  };
}
