import * as z from 'zod/mini';
import { parseArgs } from './args';
import { DEFAULT_DENY_GLOBS } from './denyList';
import { comparePaths } from './listFiles';
import { baseArgs, runRipgrep } from './ripgrep';
import { code, failure, type Tool, type ToolContext, type ToolResult } from './types';

export const SEARCH_DEFAULT_RESULTS = 100;
export const SEARCH_MAX_RESULTS = 1000;
/** A matched line longer than this is cut (minified code would flood the context). */
const LINE_CHARS = 300;

const args = z.object({
  query: z.string().check(z.minLength(1), z.maxLength(2000)),
  is_regex: z.optional(z.boolean()),
  glob: z.optional(z.string().check(z.maxLength(1000))),
  max_results: z.optional(z.int().check(z.gte(1))),
});

interface Match {
  readonly path: string;
  readonly line: number;
  readonly text: string;
}

export const searchTextTool: Tool = {
  spec: {
    name: 'search_text',
    description:
      'Search the text of the workspace files (ripgrep; honours .gitignore and the editor\'s excludes). ' +
      'Returns "path:line: text" for each matching line. Case-insensitive unless the query has an upper-case letter.',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'The text to find (a regular expression when is_regex is true).' },
        is_regex: { type: 'boolean', description: 'Treat query as a regular expression (Rust regex syntax). Default false.' },
        glob: { type: 'string', description: 'Only files matching this glob, e.g. "**/*.ts".' },
        max_results: { type: 'integer', minimum: 1, description: `Most matching lines to return. Default ${SEARCH_DEFAULT_RESULTS}.` },
      },
      required: ['query'],
      additionalProperties: false,
    },
  },
  async run(raw, ctx): Promise<ToolResult> {
    const parsed = parseArgs(args, raw, 'search_text');
    if (!parsed.ok) return parsed.result;
    const { query, is_regex: regex = false } = parsed.value;
    const glob = parsed.value.glob?.trim() || undefined;
    const max = Math.min(parsed.value.max_results ?? SEARCH_DEFAULT_RESULTS, SEARCH_MAX_RESULTS);
    const what = `Searched ${code(query, 60)}${glob ? ` in ${code(glob)}` : ''}`;
    if (!ctx.ripgrep) return failure(`${what}: ripgrep missing`, 'searching needs ripgrep (rg), which was not found.');
    if (ctx.roots.length === 0) return failure(`${what}: no folder`, 'no workspace folder is open.');

    const found = await search(ctx, query, regex, glob, max);
    if ('error' in found) return failure(`${what}: ${found.error.split('\n')[0] ?? 'error'}`, found.error);
    const { matches, more } = found;
    matches.sort((a, b) => comparePaths(a.path, b.path) || a.line - b.line);
    const lines = matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
    if (more) lines.push(`[More matches not shown (the limit is ${max}); narrow the query or the glob.]`);
    const count = `${matches.length}${more ? '+' : ''} ${matches.length === 1 && !more ? 'match' : 'matches'}`;
    return {
      ok: true,
      content: matches.length ? lines.join('\n') : `No matches for ${JSON.stringify(query)}${glob ? ` in ${glob}` : ''}.`,
      summary: `${what} — ${matches.length ? count : 'no matches'}`,
      ...(matches[0] && matches.length === 1 ? { location: { path: matches[0].path, line: matches[0].line } } : {}),
    };
  },
};

async function search(
  ctx: ToolContext,
  query: string,
  regex: boolean,
  glob: string | undefined,
  max: number,
): Promise<{ matches: Match[]; more: boolean } | { error: string }> {
  const matches: Match[] = [];
  let more = false;
  const prefix = ctx.roots.length > 1;
  for (const root of ctx.roots) {
    // Plain output with a NUL after the path (`path\0line:text`) reads faster than --json, and a
    // path may hold any character but NUL.
    const rgArgs = [
      '--null',
      '--line-number',
      '--no-heading',
      '--with-filename',
      '--color',
      'never',
      '--smart-case',
      '--path-separator',
      '/',
      ...(regex ? [] : ['--fixed-strings']),
      ...(glob ? ['--glob', glob] : []),
      ...baseArgs(ctx.excludeGlobs),
      // The deny-list again, here so ripgrep never opens those files; filtered below as well.
      ...DEFAULT_DENY_GLOBS.flatMap((g) => ['--iglob', `!${g}`]),
      '-e',
      query,
      '.',
    ];
    const run = await runRipgrep(
      ctx.ripgrep as string,
      rgArgs,
      root.path,
      (line) => {
        const m = parseMatch(line);
        if (!m || ctx.denied(m.path)) return;
        if (matches.length >= max) {
          more = true;
          return false;
        }
        matches.push(prefix ? { ...m, path: `${root.name}/${m.path}` } : m);
      },
      ctx.signal,
    );
    if (run.exitCode === 2 && !run.stopped && matches.length === 0) {
      return { error: run.stderr ? `ripgrep refused the search: ${run.stderr}` : 'the search failed.' };
    }
    if (more) break;
  }
  return { matches, more };
}

/** One line of ripgrep's output: `path\0line:text`. */
function parseMatch(line: string): Match | undefined {
  const nul = line.indexOf('\0');
  if (nul < 0) return undefined;
  const colon = line.indexOf(':', nul + 1);
  if (colon < 0) return undefined;
  const n = Number(line.slice(nul + 1, colon));
  if (!Number.isInteger(n)) return undefined;
  let text = line.slice(colon + 1).replace(/\r$/, '');
  if (text.length > LINE_CHARS) text = `${text.slice(0, LINE_CHARS)}…`;
  return { path: line.slice(0, nul).replace(/^\.\//, ''), line: n, text };
}
