/**
 * The refactor job: ask for the replacement of exactly the selected lines, as one fenced block the
 * extractor can find (edits/extract.ts) and the planner can drop in place (edits/plan.ts).
 *
 * Every rule in the answer format guards against a failure seen in other assistants: code outside
 * the selection rewritten, "// ... rest unchanged" placeholders that delete code when applied,
 * indentation lost, several candidate blocks. The block is tagged with the language and
 * `REPLACEMENT_MARKER` so that, even when the answer quotes other code, the right block is taken.
 */

import { REPLACEMENT_MARKER } from './fence';
import { describeIndentation } from './indentation';
import { fenceTag, languageName } from './languages';
import { answerFenceLength, codeSections, lineSpan, scopeNote, selectionBody, whereFrom } from './sections';
import type { Instructions } from './instructions';
import { systemPrompt } from './system';
import type { JobPrompt, PromptContext } from './types';

export interface RefactorOptions {
  /** Project instructions for the system prompt (AGENTS.md, CLAUDE.md, the setting). */
  readonly instructions?: readonly Instructions[];
  /** Replaces the default system prompt (the user's setting or `--system`). */
  readonly systemPrompt?: string;
}

/** The info string the answer's block must carry: "typescript aiml-replacement". */
export function replacementInfo(languageId: string): string {
  return `${fenceTag(languageId)} ${REPLACEMENT_MARKER}`;
}

export function buildRefactorMessage(ctx: PromptContext, instruction: string): string {
  const span = lineSpan(ctx.startLine, ctx.endLine);
  const language = languageName(ctx.languageId);
  const indentation = describeIndentation([ctx.before ?? '', ctx.selectedText, ctx.after ?? ''].join('\n'));
  const fenceLength = answerFenceLength(selectionBody(ctx));
  const before = ctx.startLine > 1 ? `line ${ctx.startLine - 1}` : 'the start of the file';
  const after = ctx.after ? `line ${ctx.endLine + 1}` : 'what follows';

  const parts = [`Rewrite ${span} of ${whereFrom(ctx)} (${language}) following this instruction:`, instruction.trim()];
  const note = scopeNote(ctx);
  if (note) parts.push(note);
  parts.push(codeSections(ctx, `${span.charAt(0).toUpperCase()}${span.slice(1)}, to rewrite:`));
  parts.push(
    [
      'Answer format:',
      `- Reply with exactly one fenced code block tagged \`${replacementInfo(ctx.languageId)}\` ` +
        `(the language, a space, the marker), holding the complete new text of ${span} and nothing else.`,
      `- The block replaces exactly ${span}: include no line from above or below, and leave out no code ` +
        'you keep: no placeholders such as "// ... rest unchanged".',
      `- Keep the ${language} indentation style${indentation ? ` (${indentation})` : ''} and the indentation level of ` +
        `the selected lines. The surrounding code stays as it is, so the new lines must fit between ${before} ` +
        `and ${after}.`,
      `- No line numbers in the code. Open and close the block with at least ${fenceLength} backticks, ` +
        'more if the new code contains a longer run of backticks.',
      '- No explanation is needed; if one helps, keep it to a few sentences after the block.',
      '- If the instruction cannot be carried out, put the lines back unchanged in the block and say why after it.',
    ].join('\n'),
  );
  return parts.join('\n\n');
}

export function buildRefactorPrompt(ctx: PromptContext, instruction: string, opts: RefactorOptions = {}): JobPrompt {
  const file = ctx.relativePath ?? 'untitled';
  return {
    system: systemPrompt(opts.systemPrompt, opts.instructions),
    messages: [{ role: 'user', content: buildRefactorMessage(ctx, instruction) }],
    title: `${shortInstruction(instruction)}: ${file}, ${lineSpan(ctx.startLine, ctx.endLine)}`,
  };
}

/** The instruction's first line, cut to fit a tab title. */
function shortInstruction(instruction: string): string {
  const first = instruction.trim().split('\n')[0]?.trim() || 'Refactor';
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}
