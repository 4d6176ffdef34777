import * as vscode from 'vscode';
import type { StoredAttachment } from '../../core/chat/conversation';
import { modelLimits } from '../../core/models';
import { buildChatPrompt, checkContextBudget, languageName } from '../../core/prompts';
import type { ChatSession } from '../chat/chatSession';
import type { Config } from '../config';
import { activeEditorFor, captureScope, ensureApiKey, looksBinary, promptContextOf, type CodeScope } from '../editorContext';
import type { Log } from '../log';
import type { Notifier } from '../proposals/notifier';
import type { ApiKeyStore } from '../secrets';
import { definitionsUsedBy } from './explainDefinitions';

export interface ExplainDeps {
  readonly chat: ChatSession;
  readonly reveal: () => Promise<void>;
  readonly config: Config;
  readonly keys: ApiKeyStore;
  readonly notifier: Notifier;
  readonly log: Log;
}

export type ExplainOutcome =
  | { readonly status: 'refused'; readonly reason: string }
  | { readonly status: 'asked'; readonly kind: CodeScope['kind']; readonly label: string; readonly question: string };

type NewAttachment = Omit<StoredAttachment, 'id' | 'tokens'>;

/**
 * "AIML Claude: Explain Selection": the selection (or the symbol or line at the cursor, said so)
 * with a bounded window of the lines around it, asked as a turn in the chat panel, which opens and
 * streams the answer.
 */
export async function explainSelection(deps: ExplainDeps): Promise<ExplainOutcome> {
  const refuse = (reason: string, level: 'info' | 'error' = 'info'): ExplainOutcome => {
    void deps.notifier.show(level, reason);
    return { status: 'refused', reason };
  };
  const editor = activeEditorFor('explain');
  if (typeof editor === 'string') return refuse(editor);
  // l10n-ignore: the purpose picks ensureApiKey's sentence, and the reason is an outcome code (ensureApiKey has said why)
  if (!(await ensureApiKey(deps.keys, deps.notifier, 'explain code'))) return { status: 'refused', reason: 'no API key' };

  const scope = await captureScope(editor.document, { wholeLines: false, selection: editor.selection });
  if (looksBinary(scope.text)) return refuse(vscode.l10n.t('{0} looks like a binary file, so there is no code to explain.', scope.fileName));
  if (scope.text.trim() === '') {
    return refuse(
      scope.startLine === scope.endLine
        ? vscode.l10n.t('{0} of {1} is empty. Select the code to explain.', cap(scope.span), scope.fileName)
        : vscode.l10n.t('{0} of {1} are empty. Select the code to explain.', cap(scope.span), scope.fileName),
    );
  }

  const question = explainQuestion(scope);
  const attachments = explainAttachments(scope);
  const settings = deps.config.current;
  const limits = modelLimits(settings.model, settings.maxOutputTokens);
  const fits = (list: NewAttachment[]) =>
    checkContextBudget(buildChatPrompt([], question, list), limits.model, limits.maxOutputTokens, {
      subject: vscode.l10n.t('The code to explain ({0}) with its context', scope.span),
      advice: vscode.l10n.t('Select less code, or pick a model with a larger context (AIML Claude: Select Model).'),
    });
  const check = fits(attachments);
  if (!check.ok) return refuse(check.message, 'error');

  deps.log.info(`explain ${scope.label} (${scope.kind})`);
  // The definitions the code uses are looked up while the panel opens (a language server may take
  // a moment); they join the question only if everything still fits.
  const range = new vscode.Range(scope.startLine, 0, scope.endLine, scope.document.lineAt(scope.endLine).text.length);
  const [definitions] = await Promise.all([
    settings['explain.definitionsBudgetTokens'] > 0 && scope.document.uri.scheme === 'file'
      ? definitionsUsedBy(scope.document, range, settings['explain.definitionsBudgetTokens'], settings['tools.exclude']).catch((err: unknown) => {
          deps.log.warn('could not look up the definitions the code uses', err);
          return [] as NewAttachment[];
        })
      : Promise.resolve([] as NewAttachment[]),
    deps.reveal(),
  ]);
  const withDefinitions = definitions.length && fits([...attachments, ...definitions]).ok ? [...attachments, ...definitions] : attachments;
  if (definitions.length) deps.log.info(`explain: ${withDefinitions.length - attachments.length} definitions attached (${definitions.map((d) => d.label).join(', ')})`);
  await deps.chat.ask(question, withDefinitions, explainPrompt(question, withDefinitions.length > attachments.length));
  return { status: 'asked', kind: scope.kind, label: scope.label, question };
}

/** What the model reads: the question, then how to answer it (not shown in the panel). */
export function explainPrompt(question: string, withDefinitions = false): string {
  // l10n-ignore-start: the prompt is read by Claude, not by the user
  const defs = withDefinitions ? ' The definitions it uses are attached for reference: explain the selected code, not them.' : '';
  return `${question}\n\nSay what it does and how, then anything surprising, risky or worth improving. Refer to lines by their numbers. Be concise.${defs}`;
  // l10n-ignore-end
}

/** The question as it shows in the panel: what, where, and how the scope was chosen. */
export function explainQuestion(scope: CodeScope): string {
  const lang = languageName(scope.document.languageId);
  const where = scope.relativePath ? `\`${scope.relativePath}\`` : vscode.l10n.t('an untitled {0} document', lang);
  const symbolKind = scope.symbolKind ?? vscode.l10n.t('symbol');
  const what =
    scope.kind === 'selection'
      ? vscode.l10n.t('Explain this {0} code from {1}, {2}.', lang, where, scope.span)
      : scope.kind === 'symbol'
        ? vscode.l10n.t('Explain the {0} `{1}` in {2}, {3}. Nothing was selected, so this is the {0} around the cursor.', symbolKind, scope.symbolName ?? '?', where, scope.span)
        : vscode.l10n.t('Explain {0} of {1}. Nothing was selected, so this is the line at the cursor.', scope.span, where);
  return what;
}

/** The code, and the lines around it as a second attachment (context only). */
export function explainAttachments(scope: CodeScope): NewAttachment[] {
  const doc = scope.document;
  const path = scope.relativePath;
  const lines = scope.startLine === scope.endLine ? `${scope.startLine + 1}` : `${scope.startLine + 1}-${scope.endLine + 1}`;
  const out: NewAttachment[] = [
    { kind: 'selection', label: scope.label, languageId: doc.languageId, relativePath: path ? `${path}:${lines}` : undefined, text: scope.text },
  ];
  const ctx = promptContextOf(scope);
  if (ctx.before || ctx.after) {
    const nBefore = ctx.before ? ctx.before.split('\n').length : 0;
    const nAfter = ctx.after ? ctx.after.split('\n').length : 0;
    const first = scope.startLine + 1 - nBefore;
    const last = scope.endLine + 1 + nAfter;
    // l10n-ignore: a marker inside the context Claude reads
    const text = [ctx.before, `⋮ ${scope.span}: the code to explain, attached above ⋮`, ctx.after].filter((s) => s !== undefined).join('\n');
    out.push({
      kind: 'file',
      label: vscode.l10n.t('{0}:{1}-{2} (around it, for context)', scope.fileName, first, last),
      languageId: doc.languageId,
      relativePath: path,
      text,
    });
  }
  return out;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
