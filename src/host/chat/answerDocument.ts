import * as vscode from 'vscode';
import type { Conversation } from '../../core/chat/conversation';
import { Disposable } from '../disposable';

/** The scheme of an answer opened in an editor: read-only, as every content provider's document is. */
export const ANSWER_SCHEME = 'aiml-claude-answer';

/**
 * Open Answer in Editor: an answer of the open conversation as a read-only Markdown document, to
 * read at leisure with the editor's own tools (a screen reader's review mode, search, the Markdown
 * preview). The document's URI names the answer by its turn id; the text is looked up in the
 * host's copy of the conversation each time VS Code asks, never taken from the panel.
 */
export class AnswerDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly conversation: () => Conversation) {
    super();
    this.register(this.changed);
    this.register(vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const turn = this.conversation().turns.find((t) => t.id === turnIdOf(uri) && t.role === 'assistant');
    // A document of an answer that is no longer open (another conversation, deleted) says so
    // rather than going blank.
    return turn ? turn.text : `_${vscode.l10n.t('This answer is no longer in the open conversation.')}_\n`;
  }

  /**
   * Opens the answer `turnId`, or the conversation's latest answer; a sentence for the user when
   * there is none (or the id is not an answer of the open conversation), else undefined.
   */
  async open(turnId?: string): Promise<string | undefined> {
    const turns = this.conversation().turns;
    const answers = turns.filter((t) => t.role === 'assistant');
    const turn = turnId === undefined ? [...answers].reverse().find((t) => t.text !== '') : answers.find((t) => t.id === turnId);
    if (!turn) {
      return turnId === undefined
        ? vscode.l10n.t('There is no answer to open yet: ask Claude something first.')
        : vscode.l10n.t('That answer is no longer in the open conversation.');
    }
    const n = answers.indexOf(turn) + 1;
    const streaming = turn.status === 'streaming';
    const uri = vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${vscode.l10n.t('Answer {0}', n)}.md`, query: new URLSearchParams({ id: turn.id }).toString() });
    // The same answer opened again shows its text as it is now (it may have been streaming).
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: false });
    return streaming ? vscode.l10n.t('The answer is still being written: the editor shows it as it was when opened; open it again for the rest.') : undefined;
  }
}

function turnIdOf(uri: vscode.Uri): string | undefined {
  return new URLSearchParams(uri.query).get('id') ?? undefined;
}
