import type { PathMatcher } from './denyList';
import type { WorkspaceRoot } from './workspacePath';

/** A tool as the model is told about it: OpenAI function-tool form, JSON Schema parameters. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Where a step points in the workspace, for the panel's "open at line". */
export interface ToolLocation {
  readonly path: string;
  readonly line?: number;
}

/**
 * What running one call gave. `content` goes back to the model as the tool message; `summary` is
 * the one line the user reads ("Read `src/config.ts` 1–120"). A refusal or failure is a result
 * too (`ok: false`), which the model reads and acts on: a bad call never ends the turn.
 */
export interface ToolResult {
  readonly ok: boolean;
  readonly content: string;
  readonly summary: string;
  readonly location?: ToolLocation;
}

/** What the workspace tools need from their front end (the extension or the CLI). */
export interface ToolContext {
  readonly roots: readonly WorkspaceRoot[];
  readonly denied: PathMatcher;
  /** Globs (workspace-relative) left out of listings and searches besides .gitignore: files.exclude, search.exclude. */
  readonly excludeGlobs: readonly string[];
  /** The ripgrep binary; undefined when none was found. */
  readonly ripgrep: string | undefined;
  readonly signal?: AbortSignal;
}

export interface Tool<Ctx extends ToolContext = ToolContext> {
  readonly spec: ToolSpec;
  /** Runs the call with arguments already parsed from JSON (not yet validated). */
  run(args: unknown, ctx: Ctx): Promise<ToolResult>;
}

export function failure(summary: string, content: string, location?: ToolLocation): ToolResult {
  return { ok: false, summary, content: `Error: ${content}`, ...(location ? { location } : {}) };
}

/** A name or query inside a step's summary: the panel shows backtick-quoted parts as code. */
export function code(text: string, max = 80): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return `\`${short.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
}
