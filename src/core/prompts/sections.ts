/**
 * Pieces of the explain and refactor prompts that describe where the code is and show it with its
 * context. Line numbers are 1-based, as the editor shows them.
 */

import { fenced, fenceFor } from './fence';
import { fenceTag, languageName } from './languages';
import type { PromptContext } from './types';

/** "line 7" or "lines 7–12". */
export function lineSpan(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}–${end}`;
}

function countLines(text: string | undefined): number {
  return text === undefined || text === '' ? 0 : text.split('\n').length;
}

/** "`src/app.ts`" or "an untitled TypeScript document". */
export function whereFrom(ctx: PromptContext): string {
  return ctx.relativePath ? `\`${ctx.relativePath}\`` : `an untitled ${languageName(ctx.languageId)} document`;
}

/** Why the scope is what it is, when it was inferred rather than selected. */
export function scopeNote(ctx: PromptContext): string | undefined {
  switch (ctx.selectionKind) {
    case 'symbol':
      return 'Nothing was selected, so this is the symbol around the cursor.';
    case 'line':
      return 'Nothing was selected, so this is the line at the cursor.';
    case 'file':
      return 'Nothing was selected, so this is the whole file.';
    default:
      return undefined;
  }
}

/** Selected text without CRs: they carry no meaning for the model and cost tokens. */
export function selectionBody(ctx: PromptContext): string {
  return ctx.selectedText.replace(/\r\n/g, '\n');
}

/**
 * The context above, the selection, the context below, each in its own fence, each fence longer
 * than any backtick run in what it holds, so no code can end its block early.
 */
export function codeSections(ctx: PromptContext, selectionHeading: string): string {
  const tag = fenceTag(ctx.languageId);
  const parts: string[] = [];
  const nBefore = countLines(ctx.before);
  const nAfter = countLines(ctx.after);
  if (ctx.before && nBefore > 0) {
    parts.push(`${cap(lineSpan(ctx.startLine - nBefore, ctx.startLine - 1))}, above it (context only, unchanged):\n${fenced(ctx.before, tag)}`);
  }
  parts.push(`${selectionHeading}\n${fenced(selectionBody(ctx), tag)}`);
  if (ctx.after && nAfter > 0) {
    parts.push(`${cap(lineSpan(ctx.endLine + 1, ctx.endLine + nAfter))}, below it (context only, unchanged):\n${fenced(ctx.after, tag)}`);
  }
  return parts.join('\n\n');
}

/** The fence length an answer needs to quote `text` safely. */
export function answerFenceLength(text: string): number {
  return fenceFor(text).length;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
