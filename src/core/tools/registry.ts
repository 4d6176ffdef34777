import { listFilesTool } from './listFiles';
import { readFileTool } from './readFile';
import { searchTextTool } from './searchText';
import { code, failure, type Tool, type ToolContext, type ToolResult, type ToolSpec } from './types';

/** The read-only tools every front end offers; the extension adds its language-server ones. */
export const WORKSPACE_TOOLS: readonly Tool[] = [readFileTool, listFilesTool, searchTextTool];

/** A call as the model made it: the arguments are still the JSON text it wrote. */
export interface PendingCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

export interface CallOutcome extends ToolResult {
  readonly call: PendingCall;
  /** The arguments as parsed (for the step's details); undefined when they were not JSON. */
  readonly args: unknown;
}

export class ToolSet<Ctx extends ToolContext = ToolContext> {
  private readonly byName: ReadonlyMap<string, Tool<Ctx>>;

  constructor(readonly tools: readonly Tool<Ctx>[]) {
    this.byName = new Map(tools.map((t) => [t.spec.name, t]));
  }

  get specs(): ToolSpec[] {
    return this.tools.map((t) => t.spec);
  }

  get size(): number {
    return this.tools.length;
  }

  /**
   * Runs the calls of one assistant turn concurrently and returns their outcomes in the calls'
   * order. A call that cannot run (unknown tool, arguments that are not a JSON object, a tool that
   * throws) gives an error result; only an abort of the signal ends the whole batch.
   */
  async runAll(calls: readonly PendingCall[], ctx: Ctx): Promise<CallOutcome[]> {
    return Promise.all(calls.map((call) => this.runOne(call, ctx)));
  }

  async runOne(call: PendingCall, ctx: Ctx): Promise<CallOutcome> {
    const tool = this.byName.get(call.name);
    if (!tool) {
      const known = this.tools.map((t) => t.spec.name).join(', ');
      return { call, args: undefined, ...failure(`Unknown tool ${code(call.name)}`, `there is no tool named "${call.name}". The tools are: ${known}.`) };
    }
    const parsed = parseJsonObject(call.arguments);
    if (!parsed.ok) {
      return { call, args: undefined, ...failure(`${call.name}: arguments not JSON`, `the arguments of ${call.name} are not a JSON object (${parsed.reason}). Call it again with valid JSON.`) };
    }
    try {
      const result = await tool.run(parsed.value, ctx);
      return { call, args: parsed.value, ...result };
    } catch (err) {
      if (ctx.signal?.aborted) throw err;
      const why = err instanceof Error ? err.message : String(err);
      return { call, args: parsed.value, ...failure(`${call.name} failed`, `${call.name} failed: ${why}`) };
    }
  }
}

function parseJsonObject(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  // A call with no arguments often comes with an empty string rather than "{}".
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : 'invalid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not an object' };
  return { ok: true, value: value as Record<string, unknown> };
}

export type { Tool, ToolContext, ToolResult, ToolSpec } from './types';
