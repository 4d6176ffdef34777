import { promises as fs } from 'node:fs';
import * as z from 'zod/mini';
import { parseArgs } from './args';
import { code, failure, type Tool, type ToolResult } from './types';
import { resolveWorkspacePath } from './workspacePath';

/** At most this much of a file goes back in one call; the model reads on with start_line. */
export const READ_MAX_LINES = 2000;
export const READ_MAX_BYTES = 100 * 1024;
/** Bytes looked at to tell a binary file (a NUL byte), as git and ripgrep do. */
const BINARY_SNIFF_BYTES = 8000;

const args = z.object({
  path: z.string(),
  start_line: z.optional(z.int().check(z.gte(1))),
  end_line: z.optional(z.int().check(z.gte(1))),
});

export const readFileTool: Tool = {
  spec: {
    name: 'read_file',
    description:
      'Read a text file of the workspace. Returns the lines, each prefixed with its line number. ' +
      `At most ${READ_MAX_LINES} lines or ${READ_MAX_BYTES / 1024} KB per call: read long files in parts with start_line and end_line.`,
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Path relative to the workspace folder, e.g. "src/index.ts".' },
        start_line: { type: 'integer', minimum: 1, description: 'First line to read (1-based, inclusive). Default 1.' },
        end_line: { type: 'integer', minimum: 1, description: 'Last line to read (1-based, inclusive). Default: the end of the file, within the limits.' },
      },
      required: ['path'],
      additionalProperties: false,
    },
  },
  async run(raw, ctx): Promise<ToolResult> {
    const parsed = parseArgs(args, raw, 'read_file');
    if (!parsed.ok) return parsed.result;
    const { path: asked, start_line: start = 1, end_line: end } = parsed.value;
    if (end !== undefined && end < start) return failure(`Read ${code(asked)}: bad range`, `end_line (${end}) is before start_line (${start}).`);
    const resolved = await resolveWorkspacePath(asked, ctx.roots, ctx.denied);
    if (!resolved.ok) return failure(`Read ${code(asked)}: ${refusalWord(resolved.refusal)}`, resolved.message);
    const where = resolved.relative;
    if (resolved.kind !== 'file') return failure(`Read ${code(where)}: not a file`, `“${where}” is a folder, not a file. Use list_files to see what it holds.`);

    let data: Buffer;
    try {
      data = await fs.readFile(resolved.real, ctx.signal ? { signal: ctx.signal } : {});
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      return failure(`Read ${code(where)}: unreadable`, `“${where}” could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    if (data.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      return failure(`Read ${code(where)}: binary`, `“${where}” is a binary file (${data.length} bytes); only text files can be read.`, { path: where });
    }
    const lines = splitLines(data.toString('utf8'));
    const total = lines.length;
    if (start > Math.max(total, 1)) {
      return failure(`Read ${code(where)}: past the end`, `“${where}” has ${total} lines; start_line ${start} is past the end.`, { path: where });
    }
    const last = Math.min(end ?? total, total, start + READ_MAX_LINES - 1);
    const width = String(last).length;
    const out: string[] = [];
    let bytes = 0;
    let shown = start - 1;
    for (let n = start; n <= last; n++) {
      const line = `${String(n).padStart(width)}\t${lines[n - 1] ?? ''}`;
      bytes += Buffer.byteLength(line) + 1;
      if (bytes > READ_MAX_BYTES && n > start) break;
      out.push(line);
      shown = n;
    }
    const wanted = Math.min(end ?? total, total);
    const header = `${where} — lines ${start}–${shown} of ${total}`;
    const cut = shown < wanted ? `\n[Cut at ${shown - start + 1} lines (${READ_MAX_LINES} lines or ${READ_MAX_BYTES / 1024} KB per call). Read on with start_line ${shown + 1}.]` : '';
    return {
      ok: true,
      content: `${header}\n${out.join('\n')}${cut}`,
      summary: `Read ${code(where)} ${start}–${shown}${shown < wanted ? ' (cut)' : ''}`,
      location: { path: where, line: start },
    };
  },
};

/** Lines without their terminators; a final newline does not make an extra empty line. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function refusalWord(refusal: 'invalid' | 'outside' | 'excluded' | 'not_found'): string {
  switch (refusal) {
    case 'invalid':
      return 'bad path';
    case 'outside':
      return 'outside the workspace';
    case 'excluded':
      return 'excluded';
    case 'not_found':
      return 'not found';
  }
}
