/** The --help text: the whole contract in one screen. */
import { DEFAULT_SETTINGS } from '../core/settings';
import { servedModels } from '../core/models';

export function helpText(): string {
  const models = servedModels()
    .map((m) => m.id)
    .join(', ');
  return `aiml-claude: Claude in the terminal, through the AI/ML API.

Usage:
  aiml-claude chat [PROMPT]                      prompt from the argument, else from stdin
  aiml-claude chat --tools [--edits [--write]] [--root DIR] PROMPT
  aiml-claude explain FILE[:START[-END]]
  aiml-claude refactor FILE[:START[-END]] --instruction TEXT [--write]

  Lines are 1-based and inclusive; FILE alone means the whole file.

Options:
  --model ID            model id or alias (default ${DEFAULT_SETTINGS.model}; served: ${models})
  --base-url URL        API base URL, https:// (http:// only for localhost)
                        (default ${DEFAULT_SETTINGS.baseUrl}; env AIML_BASE_URL)
  --max-tokens N        most tokens the answer may use, 256-128000 (default ${DEFAULT_SETTINGS.maxOutputTokens})
  --temperature T       0 to 1 (default ${DEFAULT_SETTINGS.temperature})
  --system TEXT         replaces the default system prompt
  --max-retries N       retries on 429/5xx/network errors before any output, 0-10 (default ${DEFAULT_SETTINGS.maxRetries})
  --timeout SECONDS     idle time allowed between chunks (and before the answer starts), 5-3600 (default ${DEFAULT_SETTINGS.requestTimeoutSeconds})
  --instruction TEXT    refactor: what to change
  --write               refactor: apply the change to the file in place (atomically);
                        chat --tools --edits: write every proposal, or none
  --tools               chat: Claude may read DIR with read_file, list_files and search_text
                        (confined to DIR; .env*, *.pem, *.key, id_rsa*, .npmrc, .netrc, .git/ never read)
  --edits               chat --tools: also edit_file and create_file; the proposals print as one
                        unified diff on stdout (git apply-able); nothing is written without --write
  --root DIR            the folder the tools see (default: the working directory)
  --max-tool-rounds N   most rounds of tool calls, 1-50 (default ${DEFAULT_SETTINGS['tools.maxRounds']}); then Claude answers
  --no-instructions     do not read AGENTS.md, CLAUDE.md, .github/copilot-instructions.md
                        from the working directory (read by default, into the system prompt)
  --json                print one JSON object at the end instead of streaming
  -h, --help            this help
  --version             the version

Key: the environment variable AIML_API_KEY only, never a flag.

Output: the answer streams to stdout as it arrives. Reasoning ("thinking"), when the model sends
it, goes to stderr: dimmed on a terminal, each line prefixed with "thinking> " otherwise. refactor
prints a unified diff of the proposed change on stdout (its answer is shown dimmed on stderr when
stderr is a terminal), as does chat --edits. Each tool call is one line on stderr:
  tool> search_text "parseConfig" — 7 matches
Errors are one sentence on stderr.

--json: stdout holds exactly one object, written at the end:
  {"text","reasoning","finishReason",
   "usage":{"promptTokens","completionTokens","totalTokens","cachedTokens","reasoningTokens","usdSpent"}|null,
   "model","requestId","error":{"kind","message","status"}|null}
  and for refactor also "applied" (boolean) and "diff" (string); with --tools "toolCalls":
  [{"name","arguments","ok","summary"}] in the order they ran; with --edits "proposals":
  [{"path","created","diff"}] (each diff git apply-able on its own) and "applied".
  error.kind is the API's (auth, credits, model_not_found, bad_request, rate_limited, overloaded,
  server, network, timeout, interrupted, cancelled) or the CLI's (usage, input, context_budget,
  file_changed, unusable_answer, internal).

Exit codes:
  0    success
  1    usage or bad input (no key, bad flag value, unreadable file, bad range, over the context
       window, a file changed during refactor --write or chat --edits --write: nothing written)
  2    key rejected or out of credits (401/403)
  3    request rejected (400/404/422, unknown or retired model)
  4    rate limited or overloaded, after the retries
  5    network, server error, timeout, or the answer was cut off in transit
  6    refactor answer unusable (truncated or no code block); the file is untouched
  130  interrupted (Ctrl-C): the request is aborted, the text received so far is kept
`;
}
