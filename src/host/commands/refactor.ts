import * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { StreamEvent } from '../../core/api';
import { isAimlError } from '../../core/api/errors';
import { extractReplacement, isEditError, previewReplacement } from '../../core/edits';
import { modelLimits } from '../../core/models';
import { buildRefactorPrompt, checkContextBudget, estimateTokens, formatCount, type Instructions } from '../../core/prompts';
import { errorActionLabel, errorActionLabels, errorActionOfLabel, errorActionsFor } from '../../shared/errorActions';
import type { StreamingClients } from '../usage/spending';
import type { Config } from '../config';
import {
  activeEditorFor,
  captureScope,
  checkDocument,
  diagnosticsIn,
  ensureApiKey,
  fileNameOf,
  inWorkspaceOrOpen,
  LONG_LINE_CHARS,
  longestLine,
  looksBinary,
  promptContextOf,
  type CodeScope,
} from '../editorContext';
import { runErrorAction } from '../errorActions';
import type { Log } from '../log';
import type { ProposalManager } from '../proposals/manager';
import type { Notifier } from '../proposals/notifier';
import type { ApiKeyStore } from '../secrets';
import { describeDiagnostic } from '../diagnostics';

export interface RefactorDeps {
  readonly manager: ProposalManager;
  readonly clients: StreamingClients;
  readonly config: Config;
  readonly keys: ApiKeyStore;
  readonly notifier: Notifier;
  readonly log: Log;
  /** The project instructions in force (AGENTS.md, CLAUDE.md, the setting). */
  readonly instructions?: () => Promise<Instructions[]>;
}

const lineNumber = z.int().check(z.gte(0), z.lte(10_000_000));

/**
 * What the command may be given: by code actions, retries, keybindings with args, links, tests
 * and other extensions. Validated, since anyone can call a command with anything.
 */
const refactorArgs = z.object({
  /** The instruction; without it the quick pick asks. */
  instruction: z.optional(z.string().check(z.maxLength(20_000))),
  /** A short name for it (diff title, messages); the instruction's first line by default. */
  title: z.optional(z.string().check(z.maxLength(200))),
  /** The document (only one in the workspace or open in an editor); the active editor's by default. */
  uri: z.optional(z.string().check(z.minLength(1), z.maxLength(4000))),
  /** Whole lines, 0-based inclusive; the selection (or symbol, or line) by default. */
  startLine: z.optional(lineNumber),
  endLine: z.optional(lineNumber),
  /** Find the enclosing symbol at this line (a diagnostic's), unless the selection holds it. */
  line: z.optional(lineNumber),
  /** The output limit of this request (Retry with a larger output limit). */
  maxOutputTokens: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
  /** Skip the long-line question (tests, retries of an answered one). */
  allowLongLines: z.optional(z.boolean()),
});
export type RefactorArgs = z.infer<typeof refactorArgs>;

export type RefactorOutcome =
  | { readonly status: 'refused'; readonly reason: string }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly reason: 'truncated' | 'no_code' | 'api'; readonly message: string }
  | { readonly status: 'unchanged'; readonly proposalId: string }
  | { readonly status: 'ready'; readonly proposalId: string; readonly hunks: number };

interface Preset {
  readonly label: string;
  readonly icon: string;
  readonly instruction: string;
  readonly detail?: string;
}

/** The quick pick's presets; a function, so the labels are translated when the pick opens. */
function presets(): readonly Preset[] {
  return [
    {
      label: vscode.l10n.t('Improve readability'),
      icon: 'eye',
      // l10n-ignore: the instruction is a prompt for Claude
      instruction: 'Improve the readability of this code: clearer names, simpler control flow, a helpful structure. Keep its behaviour exactly the same.',
    },
    {
      label: vscode.l10n.t('Add types'),
      icon: 'symbol-type-parameter',
      instruction:
        // l10n-ignore: the instruction is a prompt for Claude
        'Add precise type annotations where they are missing or too loose (type hints in Python, JSDoc types in JavaScript). Keep the behaviour exactly the same.',
    },
    {
      label: vscode.l10n.t('Add documentation comments'),
      icon: 'book',
      instruction:
        // l10n-ignore: the instruction is a prompt for Claude
        'Add documentation comments in the usual style of the language (JSDoc, docstrings, …) to the functions, classes and non-obvious parts. Do not change the code itself.',
    },
    {
      label: vscode.l10n.t('Simplify'),
      icon: 'wand',
      // l10n-ignore: the instruction is a prompt for Claude
      instruction: 'Simplify this code: remove duplication and needless complexity. Keep its behaviour exactly the same.',
    },
  ];
}

/** "AIML Claude: Refactor Selection…". */
export async function refactorSelection(deps: RefactorDeps, rawArgs?: unknown): Promise<RefactorOutcome> {
  const refuse = (reason: string, level: 'info' | 'warning' | 'error' = 'info'): RefactorOutcome => {
    void deps.notifier.show(level, reason);
    return { status: 'refused', reason };
  };
  const parsed = readArgs(rawArgs);
  if (typeof parsed === 'string') {
    deps.log.warn(`refactor called with arguments it cannot use: ${parsed}`);
    return refuse(vscode.l10n.t('Refactor Selection was called with arguments it cannot use, so nothing was done. The log (AIML Claude: Show Log) has the details.'), 'warning');
  }
  const args = parsed;

  // Where: the given document, else the active editor.
  let document: vscode.TextDocument;
  let selection: vscode.Selection | undefined;
  if (args.uri) {
    const uri = vscode.Uri.parse(args.uri);
    // Another extension or a link may name any file: only one the user already works on is taken.
    if (!inWorkspaceOrOpen(uri)) {
      deps.log.warn(`refactor refused ${uri.scheme}: ${fileNameOf(uri)}: outside the workspace and not open`);
      return refuse(vscode.l10n.t('{0} is outside the workspace and not open in an editor, so it was not refactored. Open it first to refactor it.', fileNameOf(uri)), 'warning');
    }
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch {
      return refuse(vscode.l10n.t('That file could not be opened.'), 'warning');
    }
    const problem = checkDocument(document, 'refactor');
    if (problem) return refuse(problem);
    selection = vscode.window.visibleTextEditors.find((e) => e.document === document)?.selection;
  } else {
    const editor = activeEditorFor('refactor');
    if (typeof editor === 'string') return refuse(editor);
    document = editor.document;
    selection = editor.selection;
  }

  // l10n-ignore: the purpose picks ensureApiKey's sentence, and the reason is an outcome code (ensureApiKey has said why)
  if (!(await ensureApiKey(deps.keys, deps.notifier, 'refactor code'))) return { status: 'refused', reason: 'no API key' };

  const range = args.startLine !== undefined ? { startLine: args.startLine, endLine: args.endLine ?? args.startLine } : undefined;
  const scope = await captureScope(document, { wholeLines: true, range, atLine: args.line, selection });
  if (looksBinary(scope.text)) return refuse(vscode.l10n.t('{0} looks like a binary file, so it cannot be refactored.', scope.fileName));
  if (scope.text.trim() === '') {
    return refuse(
      scope.startLine === scope.endLine
        ? vscode.l10n.t('{0} of {1} is empty. Select the code to refactor.', scope.span, scope.fileName)
        : vscode.l10n.t('{0} of {1} are empty. Select the code to refactor.', scope.span, scope.fileName),
    );
  }

  const long = longestLine(scope);
  if (long.length > LONG_LINE_CHARS && !args.allowLongLines) {
    const anyway = vscode.l10n.t('Refactor Anyway');
    const choice = await deps.notifier.warn(
      vscode.l10n.t(
        'Line {0} of {1} is {2} characters long (minified or generated code?). A refactor rewrites whole lines, so the diff cannot show what changed inside it.',
        long.line,
        scope.fileName,
        formatCount(long.length),
      ),
      anyway,
    );
    // l10n-ignore: an outcome code for callers; the warning above is what the user read
    if (choice !== anyway) return { status: 'refused', reason: 'long lines' };
  }

  // What: the given instruction, else the quick pick.
  let instruction = args.instruction?.trim();
  let title = args.title?.trim() || undefined;
  // An instruction the user did not type or pick is shown as given, not only by the caller's title.
  const fromArguments = Boolean(instruction);
  if (!instruction) {
    const picked = await pickInstruction(scope);
    if (!picked) return { status: 'cancelled' };
    instruction = picked.instruction;
    title = picked.title;
  }
  title ??= firstLine(instruction);

  const settings = deps.config.current;
  const limits = modelLimits(settings.model, args.maxOutputTokens ?? settings.maxOutputTokens);
  const { model, maxOutputTokens: maxTokens } = limits;
  const ctx = promptContextOf(scope);
  const prompt = buildRefactorPrompt(ctx, instruction, { instructions: (await deps.instructions?.()) ?? [] });
  const budget = checkContextBudget(prompt, model, maxTokens, {
    subject: vscode.l10n.t('The code to refactor ({0}) with its context', scope.span),
    advice: vscode.l10n.t('Select fewer lines, or pick a model with a larger context (AIML Claude: Select Model).'),
  });
  if (!budget.ok) return refuse(budget.message, 'error');
  const codeTokens = estimateTokens(scope.text);
  if (codeTokens > maxTokens) {
    return refuse(
      vscode.l10n.t(
        'The code to refactor ({0}) is about {1} tokens, but an answer may use at most {2} (aimlClaude.maxOutputTokens and the model’s limit), so the rewritten code could not fit. Select fewer lines, or raise the setting.',
        scope.span,
        formatCount(codeTokens),
        formatCount(maxTokens),
      ),
      'warning',
    );
  }

  return run(deps, scope, { instruction, title, fromArguments, maxTokens, largerMaxTokens: limits.largerOutputTokens, prompt });
}

interface Request {
  readonly instruction: string;
  readonly title: string;
  /** The instruction came with the command's arguments (a code action, a retry, a link, another extension). */
  readonly fromArguments: boolean;
  readonly maxTokens: number;
  /** For "Retry with a Larger Output Limit"; undefined at the model's limit. */
  readonly largerMaxTokens: number | undefined;
  readonly prompt: ReturnType<typeof buildRefactorPrompt>;
}

async function run(deps: RefactorDeps, scope: CodeScope, req: Request): Promise<RefactorOutcome> {
  const { manager, notifier, log } = deps;
  const showAnswerLabel = vscode.l10n.t('Show Answer');
  const settings = deps.config.current;
  const languageId = scope.document.languageId;
  const p = await manager.open({ document: scope.document, startLine: scope.startLine, endLine: scope.endLine, instruction: req.title, source: 'refactor' });
  const abort = new AbortController();
  p.abort = abort;
  log.info(`refactor ${p.id}: "${req.title}" on ${scope.label} (${scope.kind}), model ${settings.model}, max ${req.maxTokens} tokens`);
  log.trace(`refactor ${p.id} prompt:\n${req.prompt.messages.map((m) => m.content).join('\n---\n')}`);

  const where = `${scope.fileName}, ${scope.span}`;
  let finishReason: string | undefined;
  let failure: unknown;
  await notifier.progress(
    { location: vscode.ProgressLocation.Notification, title: progressTitle(req, where), cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => abort.abort(new Error('cancelled by the user')));
      progress.report({ message: vscode.l10n.t('waiting for Claude…') });
      let lines = -1;
      try {
        const events: AsyncIterable<StreamEvent> = deps.clients.get().stream(
          { model: settings.model, system: req.prompt.system, messages: req.prompt.messages, maxTokens: req.maxTokens, temperature: settings.temperature },
          { signal: abort.signal },
        );
        for await (const e of events) {
          if (e.type === 'text') {
            p.answer += e.text;
            const preview = previewReplacement(p.answer, { languageId });
            manager.preview(p, preview?.code);
            const n = preview ? preview.code.split('\n').length - 1 : 0;
            if (n !== lines) {
              lines = n;
              progress.report({ message: n === 1 ? vscode.l10n.t('writing, 1 line so far…') : vscode.l10n.t('writing, {0} lines so far…', n) });
            }
          } else if (e.type === 'retry') {
            progress.report({
              message: vscode.l10n.t('{0} Trying again in {1} s (attempt {2} of {3})…', e.error.userMessage, Math.ceil(e.delayMs / 1000), e.attempt + 1, e.maxRetries + 1),
            });
          } else if (e.type === 'finish') {
            finishReason = e.finishReason;
          }
        }
      } catch (err) {
        failure = err;
      }
    },
  );
  p.abort = undefined;

  const retryArgs = (maxOutputTokens?: number): RefactorArgs => {
    const t = p.tracked ?? { startLine: p.init.startLine, endLine: p.init.endLine };
    return { uri: p.init.uri.toString(), startLine: t.startLine, endLine: t.endLine, instruction: req.instruction, title: req.title, maxOutputTokens, allowLongLines: true };
  };
  const retry = (maxOutputTokens?: number) => void vscode.commands.executeCommand('aimlClaude.refactorSelection', retryArgs(maxOutputTokens));

  if (abort.signal.aborted || (isAimlError(failure) && failure.kind === 'cancelled') || p.state === 'closed') {
    log.info(`refactor ${p.id}: cancelled after ${p.answer.length} characters`);
    await manager.close(p, 'cancelled');
    void vscode.window.setStatusBarMessage(vscode.l10n.t('$(circle-slash) AIML Claude: refactor cancelled'), 3000);
    return { status: 'cancelled' };
  }
  if (failure !== undefined) {
    await manager.close(p, 'failed');
    const message = isAimlError(failure) ? failure.userMessage : vscode.l10n.t('The request failed. The log (AIML Claude: Show Log) has the details.');
    if (isAimlError(failure)) log.warn(`refactor ${p.id} failed (${failure.kind}${failure.status ? ` ${failure.status}` : ''})`, failure);
    else log.error(`refactor ${p.id} failed unexpectedly`, failure);
    const actions = errorActionsFor(isAimlError(failure) ? failure.kind : 'internal');
    void notifier
      .error(message, ...errorActionLabels(actions))
      .then((choice) => runErrorAction(errorActionOfLabel(choice), { retry: () => retry(req.maxTokens) }));
    return { status: 'failed', reason: 'api', message };
  }

  if (finishReason === 'length') {
    await manager.close(p, 'truncated');
    const larger = req.largerMaxTokens;
    const message = larger
      ? vscode.l10n.t(
          'The answer was cut off at the output limit ({0} tokens), so nothing was applied: half a rewrite would lose code. Retry with a limit of {1} tokens, or select fewer lines.',
          formatCount(req.maxTokens),
          formatCount(larger),
        )
      : vscode.l10n.t(
          'The answer was cut off at the output limit ({0} tokens), so nothing was applied: half a rewrite would lose code. That is the model’s largest limit; select fewer lines.',
          formatCount(req.maxTokens),
        );
    log.warn(`refactor ${p.id}: truncated at ${req.maxTokens} tokens`);
    const actions = larger ? [errorActionLabel('retryLonger'), showAnswerLabel] : [showAnswerLabel];
    void notifier.warn(message, ...actions).then((choice) => {
      if (choice === errorActionLabel('retryLonger')) retry(larger);
      else if (choice === showAnswerLabel) void showAnswer(p.answer);
    });
    return { status: 'failed', reason: 'truncated', message };
  }

  let code: string;
  try {
    code = extractReplacement(p.answer, { languageId }).code;
  } catch (err) {
    if (!isEditError(err)) throw err;
    await manager.close(p, 'no code'); // l10n-ignore: a close reason for the log and listeners
    const unclosed = /not closed/.test(err.message);
    const message = unclosed
      ? vscode.l10n.t('The answer’s code block is not closed (the answer may be cut off), so nothing was applied.')
      : vscode.l10n.t('The answer contains no code block to apply, so nothing was applied.');
    log.warn(`refactor ${p.id}: ${err.code}`);
    const larger = req.largerMaxTokens;
    const actions = unclosed && larger ? [errorActionLabel('retryLonger'), showAnswerLabel] : [errorActionLabel('retry'), showAnswerLabel];
    void notifier.warn(message, ...actions).then((choice) => {
      if (choice === errorActionLabel('retryLonger')) retry(larger);
      else if (choice === errorActionLabel('retry')) retry(req.maxTokens);
      else if (choice === showAnswerLabel) void showAnswer(p.answer);
    });
    return { status: 'failed', reason: 'no_code', message };
  }

  const hunks = manager.finish(p, code);
  if (hunks === 0) {
    void notifier.info(vscode.l10n.t('Claude proposed no changes to {0} of {1}.', scope.span, scope.fileName), showAnswerLabel).then((choice) => {
      if (choice === showAnswerLabel) void showAnswer(p.answer);
    });
    return { status: 'unchanged', proposalId: p.id };
  }
  manager.announce(p);
  return { status: 'ready', proposalId: p.id, hunks };
}

/** The answer as Claude wrote it, in a Markdown editor beside the file. */
async function showAnswer(answer: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content: answer, language: 'markdown' });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

interface PickItem extends vscode.QuickPickItem {
  readonly instruction?: string;
  readonly title?: string;
  readonly custom?: boolean;
}

/** The presets, "Fix problems" when there are some, free text, or "Custom instruction…". */
async function pickInstruction(scope: CodeScope): Promise<{ instruction: string; title: string } | undefined> {
  const problems = diagnosticsIn(scope.document, scope.startLine, scope.endLine);
  const items: PickItem[] = presets().map((p) => ({ label: `$(${p.icon}) ${p.label}`, instruction: p.instruction, title: p.label }));
  if (problems.length > 0) {
    const list = problems.slice(0, 20).map((d) => `- ${describeDiagnostic(d)}`).join('\n');
    items.push({
      label: vscode.l10n.t('$(wrench) Fix problems in the selection'),
      description: vscode.l10n.t('{0} reported', problems.length),
      detail: problems.slice(0, 2).map((d) => d.message.split('\n')[0]).join(' · '),
      // l10n-ignore: the instruction is a prompt for Claude
      instruction: `Fix these problems reported in the code (line numbers are the file's):\n${list}\nChange only what the fixes need.`,
      title: vscode.l10n.t('Fix problems'),
    });
  }
  items.push({ label: vscode.l10n.t('$(edit) Custom instruction…'), custom: true });

  const qp = vscode.window.createQuickPick<PickItem>();
  qp.title = vscode.l10n.t('AIML Claude: Refactor {0} in {1}', scope.description, scope.fileName);
  qp.placeholder = vscode.l10n.t('Pick what Claude should do, or type your own instruction and press Enter');
  qp.items = items;
  qp.matchOnDescription = true;
  qp.ignoreFocusOut = true;
  const labels = new Set(items.map((p) => (p.title ?? '').toLowerCase()));
  const yours = vscode.l10n.t('your instruction');
  qp.onDidChangeValue((value) => {
    const typed = value.trim();
    qp.items =
      typed && !labels.has(typed.toLowerCase())
        ? [{ label: `$(sparkle) ${typed}`, description: yours, instruction: typed, title: firstLine(typed), alwaysShow: true }, ...items]
        : items;
  });

  const chosen = await new Promise<PickItem | undefined>((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
  if (!chosen) return undefined;
  if (!chosen.custom) return chosen.instruction ? { instruction: chosen.instruction, title: chosen.title ?? firstLine(chosen.instruction) } : undefined;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('AIML Claude: Refactor {0} of {1}', scope.span, scope.fileName),
    prompt: vscode.l10n.t('What should Claude do with this code?'),
    placeHolder: vscode.l10n.t('For example: use async/await instead of callbacks'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Type an instruction, or press Escape to cancel.') : undefined),
  });
  return text?.trim() ? { instruction: text.trim(), title: firstLine(text) } : undefined;
}

function firstLine(text: string): string {
  const first = text.trim().split('\n')[0]?.trim() || vscode.l10n.t('Refactor');
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}

/**
 * The command's arguments, or what is wrong with them. None, or a Uri (the editor's context menu
 * passes the document, which is the active editor's), mean the active editor and the quick pick.
 */
function readArgs(raw: unknown): RefactorArgs | string {
  if (raw === undefined || raw === null || raw instanceof vscode.Uri) return {};
  // l10n-ignore: what is wrong with the arguments goes to the log only
  if (typeof raw !== 'object' || Array.isArray(raw)) return `expected an object, got ${Array.isArray(raw) ? 'an array' : typeof raw}`;
  const r = refactorArgs.safeParse(raw);
  if (r.success) return r.data;
  return r.error.issues
    .map((i) => `${i.path.map(String).join('.') || '(root)'} ${i.message}`)
    .join('; ')
    .slice(0, 300);
}

/**
 * The progress notification's title: what is asked, and where. An instruction from the command's
 * arguments is quoted as given (on one line, shortened), so the user sees what Claude was asked.
 */
export function progressTitle(req: Pick<Request, 'title' | 'instruction' | 'fromArguments'>, where: string): string {
  const base = vscode.l10n.t('AIML Claude: {0} ({1})', req.title, where);
  if (!req.fromArguments) return base;
  const oneLine = req.instruction.replace(/\s+/g, ' ').trim();
  if (oneLine === req.title) return base;
  return vscode.l10n.t('AIML Claude: {0} ({1}): “{2}”', req.title, where, oneLine.length > 160 ? `${oneLine.slice(0, 159)}…` : oneLine);
}

