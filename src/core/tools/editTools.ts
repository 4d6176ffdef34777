import * as z from 'zod/mini';
import { parseArgs } from './args';
import type { ChangeSet } from './changeSet';
import { failure, type Tool, type ToolContext, type ToolResult } from './types';

/** What the edit tools need besides the read tools' context: the answer's change set. */
export interface EditToolContext extends ToolContext {
  readonly changes: ChangeSet;
}

const editArgs = z.object({ path: z.string(), old_text: z.string(), new_text: z.string() });
const createArgs = z.object({ path: z.string(), content: z.string() });

export const editFileTool: Tool<EditToolContext> = {
  spec: {
    name: 'edit_file',
    description:
      'Propose replacing one occurrence of old_text in a file with new_text. Nothing is written until the user accepts. ' +
      'old_text must match exactly one place in the file: copy it from the file (read it first) with a few lines of context. ' +
      'Several edits to one file apply in order, each to the file as the earlier ones left it. ' +
      'If old_text is not found or found more than once, the result says where to look; call again with corrected text.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Path relative to the workspace folder.' },
        old_text: { type: 'string', description: 'The exact text to replace, unique in the file.' },
        new_text: { type: 'string', description: 'The text to put in its place.' },
      },
      required: ['path', 'old_text', 'new_text'],
      additionalProperties: false,
    },
  },
  async run(raw, ctx): Promise<ToolResult> {
    const parsed = parseArgs(editArgs, raw, 'edit_file');
    if (!parsed.ok) return parsed.result;
    const { path, old_text, new_text } = parsed.value;
    const r = await ctx.changes.edit(ctx.roots, ctx.denied, path, old_text, new_text);
    return r.ok ? { ok: true, content: r.message, summary: r.summary, location: { path: r.change.path } } : failure(r.summary, r.message);
  },
};

export const createFileTool: Tool<EditToolContext> = {
  spec: {
    name: 'create_file',
    description: 'Propose a new file with the given content. Refused if the file exists (use edit_file). Nothing is written until the user accepts.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Path relative to the workspace folder; missing folders are created.' },
        content: { type: 'string', description: 'The whole content of the new file.' },
      },
      required: ['path', 'content'],
      additionalProperties: false,
    },
  },
  async run(raw, ctx): Promise<ToolResult> {
    const parsed = parseArgs(createArgs, raw, 'create_file');
    if (!parsed.ok) return parsed.result;
    const r = await ctx.changes.create(ctx.roots, ctx.denied, parsed.value.path, parsed.value.content);
    return r.ok ? { ok: true, content: r.message, summary: r.summary, location: { path: r.change.path } } : failure(r.summary, r.message);
  },
};

export const EDIT_TOOLS: readonly Tool<EditToolContext>[] = [editFileTool, createFileTool];
