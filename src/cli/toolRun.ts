/**
 * `chat --tools`: the answer with the workspace tools, on the same loop as the editor's chat
 * (src/core/tools/loop.ts). Each call is one line on stderr as it ends
 * (`tool> search_text "parseConfig" — 7 matches`); the calls, in the order they ran, go into the
 * outcome for --json. With --edits, edit_file and create_file add proposals to a change set;
 * nothing is written here.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isAimlError, type AimlClient, type ChatRequest } from '../core/api';
import {
  ChangeSet,
  denyMatcher,
  EDIT_TOOLS,
  findRipgrep,
  runToolLoop,
  ToolSet,
  WORKSPACE_TOOLS,
  type CallOutcome,
  type EditToolContext,
  type LoopNotice,
} from '../core/tools';
import type { Output } from './output';
import type { RunOutcome, ToolCallRecord } from './result';

export interface ToolRunOptions {
  readonly root: string;
  readonly maxRounds: number;
  readonly edits: boolean;
  readonly maxPromptTokens: number | undefined;
}

export interface ToolRunResult {
  readonly outcome: RunOutcome;
  readonly changes: ChangeSet | undefined;
}

/** Files the CLI's edit tools read: from disk, as bytes, for the check before --write. */
async function readText(absolutePath: string): Promise<{ text: string; bytes: number } | undefined> {
  try {
    const data = await fs.readFile(absolutePath);
    return { text: data.toString('utf8'), bytes: data.length };
  } catch {
    return undefined;
  }
}

export async function runChatWithTools(
  client: AimlClient,
  request: ChatRequest,
  requestId: string,
  signal: AbortSignal,
  sinks: { readonly answer: (text: string) => void; readonly output: Output },
  opts: ToolRunOptions,
): Promise<ToolRunResult> {
  const outcome: RunOutcome = { text: '', reasoning: '', finishReason: null, usage: null, model: request.model, requestId, error: null, toolCalls: [] };
  const changes = opts.edits ? new ChangeSet(readText) : undefined;
  const context: EditToolContext = {
    roots: [{ name: path.basename(opts.root) || opts.root, path: opts.root }],
    denied: denyMatcher(),
    excludeGlobs: [],
    ripgrep: findRipgrep(),
    signal,
    changes: changes ?? new ChangeSet(readText),
  };
  const tools = new ToolSet<EditToolContext>(opts.edits ? [...WORKSPACE_TOOLS, ...EDIT_TOOLS] : WORKSPACE_TOOLS);
  if (!context.ripgrep) sinks.output.notice('ripgrep (rg) was not found on PATH: list_files and search_text will tell Claude they cannot run.');
  const calls: ToolCallRecord[] = outcome.toolCalls ?? [];
  let requests = 0;
  try {
    const result = await runToolLoop({
      // Each request of the loop its own id (support asks for one), all sharing the run's prefix.
      client: { stream: (req, o) => client.stream(req, { ...o, clientRequestId: ++requests === 1 ? requestId : `${requestId}.${requests}` }) },
      request,
      tools,
      context,
      maxRounds: opts.maxRounds,
      signal,
      ...(opts.maxPromptTokens !== undefined ? { maxPromptTokens: opts.maxPromptTokens } : {}),
      onEvent: (e) => {
        switch (e.type) {
          case 'text':
          case 'gap':
            outcome.text += e.text;
            sinks.answer(e.text);
            break;
          case 'reasoning':
            outcome.reasoning += e.text;
            sinks.output.reasoning(e.text);
            break;
          case 'usage':
            outcome.usage = e.usage;
            break;
          case 'retry': {
            const what = e.error.status !== undefined ? `${e.error.kind.replace('_', ' ')} (HTTP ${e.error.status})` : e.error.kind.replace('_', ' ');
            sinks.output.notice(`${what}; retry ${e.attempt} of ${e.maxRetries} in ${(e.delayMs / 1000).toFixed(1)} s.`);
            break;
          }
          case 'tool_end':
            calls.push(record(e.outcome));
            sinks.output.toolLine(toolLine(e.outcome));
            break;
          case 'notice':
            sinks.output.notice(noticeText(e.notice));
            break;
          default:
            break;
        }
      },
    });
    outcome.finishReason = result.finishReason;
  } catch (e) {
    if (!isAimlError(e)) throw e;
    outcome.error = e;
  }
  return { outcome, changes };
}

function record(o: CallOutcome): ToolCallRecord {
  return { name: o.call.name, arguments: o.args ?? o.call.arguments, ok: o.ok, summary: o.summary.replace(/`/g, '') };
}

/** `tool> search_text "parseConfig" — 7 matches`: the tool, its main argument, what came of it. */
export function toolLine(o: CallOutcome): string {
  const args = typeof o.args === 'object' && o.args !== null ? (o.args as Record<string, unknown>) : {};
  const main = ['path', 'query', 'glob', 'name'].map((k) => args[k]).find((v): v is string => typeof v === 'string');
  // "Searched `q` — 7 matches" → "7 matches"; "Read `a.ts` 1–7" → "lines 1–7"; "Edited `a.ts` +1 −1" → "+1 −1".
  const rest = o.summary.includes(' — ') ? o.summary.slice(o.summary.lastIndexOf(' — ') + 3) : o.summary.replace(/^\S+ `[^`]*`\s*/, '');
  const what = rest === '' ? 'done' : o.call.name === 'read_file' ? `lines ${rest}` : rest;
  return `${o.call.name}${main !== undefined ? ` ${JSON.stringify(main)}` : ''} — ${o.ok ? what.replace(/`/g, '') : `refused: ${o.content.replace(/^Error: /, '').split('\n')[0]}`}`;
}

function noticeText(n: LoopNotice): string {
  switch (n.kind) {
    case 'round_limit':
      return `Claude used the ${n.rounds} tool rounds allowed (--max-tool-rounds); it answers with what it has.`;
    case 'tools_refused':
      return 'the service did not accept tools for this model; asking again without them.';
    case 'results_stubbed':
      return `${n.count} earlier tool ${n.count === 1 ? 'result was' : 'results were'} shortened to fit the context.`;
  }
}
