import * as z from 'zod/mini';
import { parseArgs } from './args';
import { baseArgs, runRipgrep } from './ripgrep';
import { code, failure, type Tool, type ToolContext, type ToolResult } from './types';

export const LIST_DEFAULT_RESULTS = 500;
export const LIST_MAX_RESULTS = 5000;
/** Paths collected before sorting; a workspace with more is listed in part, and said so. */
const COLLECT_LIMIT = 200_000;

const args = z.object({
  glob: z.optional(z.string().check(z.maxLength(1000))),
  max_results: z.optional(z.int().check(z.gte(1))),
});

export const listFilesTool: Tool = {
  spec: {
    name: 'list_files',
    description:
      'List the files of the workspace, as paths relative to the workspace folder, one a line, sorted. ' +
      'Honours .gitignore and the editor\'s excludes. Filter with a glob such as "src/**/*.ts" or "*.md" (a glob without "/" matches file names at any depth).',
    parameters: {
      type: 'object',
      properties: {
        glob: { type: 'string', description: 'Only paths matching this glob, e.g. "src/**/*.ts".' },
        max_results: { type: 'integer', minimum: 1, description: `Most paths to return. Default ${LIST_DEFAULT_RESULTS}.` },
      },
      additionalProperties: false,
    },
  },
  async run(raw, ctx): Promise<ToolResult> {
    const parsed = parseArgs(args, raw, 'list_files');
    if (!parsed.ok) return parsed.result;
    const glob = parsed.value.glob?.trim() || undefined;
    const max = Math.min(parsed.value.max_results ?? LIST_DEFAULT_RESULTS, LIST_MAX_RESULTS);
    const what = glob ? `files matching ${code(glob)}` : 'files';
    if (!ctx.ripgrep) return failure(`Listed ${what}: ripgrep missing`, 'listing files needs ripgrep (rg), which was not found.');
    if (ctx.roots.length === 0) return failure(`Listed ${what}: no folder`, 'no workspace folder is open.');

    const { paths, complete } = await collectFiles(ctx, glob);
    paths.sort(comparePaths);
    const shown = paths.slice(0, max);
    const more = paths.length - shown.length;
    const notes: string[] = [];
    if (more > 0) notes.push(`[${more} more not shown; narrow the glob or raise max_results.]`);
    if (!complete) notes.push(`[The workspace has more than ${COLLECT_LIMIT} files; only part of it was listed.]`);
    const body = shown.length ? shown.join('\n') : `No ${what}.`;
    return {
      ok: true,
      content: [body, ...notes].join('\n'),
      summary: `Listed ${what} — ${paths.length}${complete ? '' : '+'} ${paths.length === 1 ? 'file' : 'files'}`,
    };
  },
};

/**
 * Every listable file under the roots (prefixed with the folder name in a multi-root workspace),
 * in no particular order; also what the @file picker offers.
 */
export async function collectFiles(ctx: ToolContext, glob: string | undefined): Promise<{ paths: string[]; complete: boolean }> {
  const paths: string[] = [];
  let complete = true;
  const prefix = ctx.roots.length > 1;
  for (const root of ctx.roots) {
    const rgArgs = ['--files', '--path-separator', '/', ...(glob ? ['--glob', glob] : []), ...baseArgs(ctx.excludeGlobs), '.'];
    const run = await runRipgrep(
      ctx.ripgrep as string,
      rgArgs,
      root.path,
      (line) => {
        const rel = line.replace(/^\.\//, '');
        if (!rel || ctx.denied(rel)) return;
        paths.push(prefix ? `${root.name}/${rel}` : rel);
        if (paths.length >= COLLECT_LIMIT) return false;
      },
      ctx.signal,
    );
    if (run.stopped) {
      complete = false;
      break;
    }
  }
  return { paths, complete };
}

/** Plain code-unit order: the same on every machine, and what `sort` in a terminal gives with LC_ALL=C. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
