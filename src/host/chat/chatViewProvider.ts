import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseFromWebview, type FromWebview, type ToWebview } from '../../shared/protocol';
import { Disposable } from '../disposable';
import { runErrorAction } from '../errorActions';
import type { Log } from '../log';
import { captureAttachments } from './attachments';
import type { ChatSession } from './chatSession';
import { runCodeAction, type ApplyToSelection } from './codeActions';
import { openLink } from './links';
import { openWorkspaceLocation } from './openLocation';
import { webviewL10n } from '../l10n';
import type { ChangeAction } from '../changes/changeReview';
import type { TrustBanner } from './trustBanner';
import type { ConversationHistory } from './history';
import { CHAT_VIEW_ID } from '../ids';

export interface ChatViewDeps {
  extensionUri: vscode.Uri;
  log: Log;
  applyToSelection: ApplyToSelection;
  /** Writes the model where the user keeps it (Config.setModel). */
  setModel: (id: string) => Promise<void>;
  trust: TrustBanner;
  /** `aimlClaude.tools.exclude` as in force (joined across scopes). */
  excludes: () => readonly string[];
  /** The Changes card's buttons (ChangeReview); a sentence for the panel when something was refused. */
  changes: (messageId: string, action: ChangeAction, path?: string) => Promise<string | undefined>;
  /** The history list's search, rename, delete (with Undo) and export. */
  history: Pick<ConversationHistory, 'resetSearch' | 'search' | 'rename' | 'remove' | 'export'>;
  /**
   * The connection to the API (ClientFactory): `prepare` when the panel opens, so that the first
   * question finds the API bundle, the client and the key ready; `warm` when the user is about to
   * ask, so that it finds the connection open; `rest` when the panel is hidden, so that a closed
   * connection is no longer opened again by itself.
   */
  connection: { prepare(): Promise<void>; warm(): void; rest(): void };
  /** Open Answer in Editor (AnswerDocuments.open); a sentence for the panel when it could not. */
  openAnswer: (messageId: string) => Promise<string | undefined>;
}

/**
 * The chat side panel. Thin: it builds the page (strict CSP, scripts by nonce only, resources
 * only from dist/ and media/), validates every message from the page, and hands the valid ones to
 * the ChatSession. Posts wait for the page's `ready` so nothing is lost while it loads.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private queue: ToWebview[] = [];
  private session: ChatSession | undefined;
  private readonly viewListeners: vscode.Disposable[] = [];
  /** Messages refused by validation, for the integration tests and the log. */
  readonly rejected: string[] = [];
  /** The last message of each type posted to the page, for the integration tests. */
  readonly lastPosted = new Map<ToWebview['type'], ToWebview>();

  constructor(private readonly deps: ChatViewDeps) {
    super();
    this.register({ dispose: () => this.disposeViewListeners() });
  }

  attach(session: ChatSession): void {
    this.session = session;
  }

  /** Posts to the page, or queues until it says it is ready. */
  post = (message: ToWebview): void => {
    this.lastPosted.set(message.type, message);
    if (!this.view || !this.ready) {
      // Only the latest state matters for a page that is not there yet; deltas are replayed by init.
      if (message.type !== 'delta') this.queue.push(message);
      if (this.queue.length > 500) this.queue.splice(0, this.queue.length - 500);
      return;
    }
    void this.view.webview.postMessage(message);
  };

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeViewListeners();
    this.view = view;
    this.ready = false;
    this.queue = [];
    const { extensionUri } = this.deps;
    view.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    view.webview.html = this.html(view.webview);
    this.viewListeners.push(
      view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.deps.connection.rest();
      }),
      view.onDidDispose(() => {
        this.deps.connection.rest();
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    );
  }

  private disposeViewListeners(): void {
    for (const d of this.viewListeners.splice(0)) d.dispose();
  }

  /** Every message from the page comes through here (public for the integration tests). */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseFromWebview(raw);
    if (!parsed.ok) {
      this.rejected.push(parsed.error);
      this.deps.log.warn(`ignored a malformed message from the chat panel: ${parsed.error}`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (err) {
      this.deps.log.error(`chat panel message ${parsed.message.type} failed`, err);
      this.post({ type: 'notice', level: 'error', text: vscode.l10n.t('That did not work; the log (AIML Claude: Show Log) has the details.') });
    }
  }

  private async handle(m: FromWebview): Promise<void> {
    const session = this.session;
    if (!session) return;
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        // In the background: nothing of it is needed to show the panel.
        void this.deps.connection.prepare().catch((err: unknown) => this.deps.log.debug('preparing the client failed', err));
        // init carries the whole state: what was queued before it is superseded.
        this.queue = [];
        this.deps.history.resetSearch();
        await session.sendInit();
        return;
      }
      case 'warm':
        this.deps.connection.warm();
        return;
      case 'send':
        return session.send(m.text, m.attachmentIds);
      case 'stop':
        return session.stop();
      case 'regenerate':
        return session.regenerate();
      case 'retry':
        return session.retry();
      case 'editLast':
        return session.editLast(m.text);
      case 'newChat':
        return session.newChat();
      case 'openConversation':
        return session.open(m.id);
      case 'deleteConversation':
        return this.deps.history.remove(m.id);
      case 'searchHistory':
        return this.deps.history.search(m.query);
      case 'renameConversation':
        return this.deps.history.rename(m.id);
      case 'exportConversation':
        return this.deps.history.export(m.id);
      case 'selectModel':
        await this.deps.setModel(m.model);
        return;
      case 'attach': {
        const got = await captureAttachments(m.kind, session.contextTokens(), this.deps.excludes());
        if (typeof got === 'string') this.post({ type: 'notice', level: 'info', text: got });
        // Always answered with the chips, even when nothing was added: the composer waits for them
        // before it sends a question that mentioned an attachment.
        session.addAttachments(Array.isArray(got) ? got : []);
        return;
      }
      case 'removeAttachment':
        return session.removeAttachment(m.id);
      case 'estimate':
        return session.estimate(m.text, m.attachmentIds);
      case 'codeAction': {
        const problem = await runCodeAction(m, session.messageText(m.messageId), this.deps);
        if (problem) this.post({ type: 'notice', level: 'warning', text: problem });
        return;
      }
      case 'openLink': {
        const problem = await openLink(m.href, this.deps.log);
        if (problem) this.post({ type: 'notice', level: 'warning', text: problem });
        return;
      }
      case 'trustBanner':
        return this.deps.trust.handle(m.action);
      case 'changeAction': {
        const problem = await this.deps.changes(m.messageId, m.action, m.path);
        if (problem) this.post({ type: 'notice', level: 'warning', text: problem });
        return;
      }
      case 'removeTurnAttachment':
        return session.removeTurnAttachment(m.messageId, m.attachmentId);
      case 'openStep': {
        const location = session.stepLocation(m.messageId, m.stepId);
        const problem = location ? await openWorkspaceLocation(location, this.deps.excludes()) : vscode.l10n.t('That step is no longer in the conversation.');
        if (problem) this.post({ type: 'notice', level: 'warning', text: problem });
        return;
      }
      case 'instructions': {
        if (m.action !== 'open') return session.setInstructionsActive(m.source, m.action === 'enable');
        const file = session.instructionsFile(m.source);
        if (file) await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
        else await vscode.commands.executeCommand('workbench.action.openSettings', 'aimlClaude.instructions');
        return;
      }
      case 'openAnswer': {
        const problem = await this.deps.openAnswer(m.messageId);
        if (problem) this.post({ type: 'notice', level: 'info', text: problem });
        return;
      }
      case 'errorAction':
        return runErrorAction(m.action, { retry: () => session.retry(), retryLonger: () => session.retryLonger() });
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(18).toString('base64');
    const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...p)).toString();
    // l10n-ignore-start: Content-Security-Policy directives
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      "connect-src 'none'",
      "frame-src 'none'",
      "form-action 'none'",
      "base-uri 'none'",
    ].join('; ');
    // l10n-ignore-end
    // The page's strings come from the host's bundle (docs/localization.md), as an attribute: no
    // script needs to run to read it, and the CSP stays as strict.
    const l10n = webviewL10n();
    // l10n-ignore: the page's markup; its one text, the title, is the product name
    return `<!DOCTYPE html>
<html lang="${escapeAttribute(l10n.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'chat.css')}">
<title>AIML Claude</title>
</head>
<body data-l10n="${escapeAttribute(JSON.stringify(l10n.bundle))}">
<div id="app" class="app" aria-busy="true"></div>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
  }
}

/** For a double-quoted attribute: the bundle's JSON holds quotes, and translations may hold `<` or `&`. */
function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
