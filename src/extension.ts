import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from './host/commands/apiKey';
import { selectModel } from './host/commands/selectModel';
import { testConnection } from './host/commands/testConnection';
import * as path from 'node:path';
import { ConversationStore } from './core/chat/store';
import { AnswerDocuments } from './host/chat/answerDocument';
import { ChatSession } from './host/chat/chatSession';
import { ConversationHistory } from './host/chat/history';
import { chatTools } from './host/tools/chatTools';
import { ChangeReview } from './host/changes/changeReview';
import { ProjectInstructions } from './host/workspace/projectInstructions';
import { TrustBanner } from './host/chat/trustBanner';
import { CHAT_VIEW_ID, ChatViewProvider } from './host/chat/chatViewProvider';
import { linkTestHooks } from './host/chat/links';
import { ClientFactory } from './host/clientFactory';
import { Config } from './host/config';
import { Log } from './host/log';
import { installTranslator } from './host/l10n';
import { ApiKeyStore } from './host/secrets';
import { ModelStatusBar } from './host/statusBar';
import { ClaudeCodeActions } from './host/codeActionProvider';
import { explainSelection } from './host/commands/explain';
import { refactorSelection } from './host/commands/refactor';
import { applyCodeBlock } from './host/proposals/applyFromChat';
import { proposalCommands } from './host/proposals/commands';
import { HunkReview } from './host/proposals/hunkReview';
import { ProposalManager } from './host/proposals/manager';
import { Notifier } from './host/proposals/notifier';
import { DailyUsage } from './core/usage';
import { confirmSpend, meteredClients } from './host/usage/spending';

/** What activate() returns, only in the Test extension mode: integration tests reach in here. */
export interface TestApi {
  readonly secrets: ApiKeyStore;
  readonly config: Config;
  readonly log: Log;
  readonly chat: ChatSession;
  readonly chatView: ChatViewProvider;
  readonly clients: ClientFactory;
  readonly chatStorageDir: string;
  readonly history: ConversationHistory;
  readonly proposals: ProposalManager;
  readonly notifier: Notifier;
  readonly links: typeof linkTestHooks;
  readonly daily: DailyUsage;
  readonly statusBar: ModelStatusBar;
  readonly answers: AnswerDocuments;
}

/** Set by the bundle's first and last lines (esbuild.mjs); undefined when run from sources. */
declare const __aimlBundleStart: number | undefined;
declare const __aimlBundleEnd: number | undefined;

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const { log, channel } = Log.create();
  context.subscriptions.push(channel, installTranslator());

  const config = new Config(log.child('config'));
  const secrets = new ApiKeyStore(context.secrets);
  context.subscriptions.push(config, secrets);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0');
  const clients = new ClientFactory(config, secrets, log.child('api'), version);
  // Today's usage, counted from every request the chat and Refactor make (globalState: every window).
  const daily = new DailyUsage(context.globalState);
  const metered = meteredClients(clients, daily, log.child('usage'));
  const chatStorageDir = path.join(context.globalStorageUri.fsPath, 'conversations');
  const store = new ConversationStore(chatStorageDir, log.child('store'));
  const notifier = new Notifier();
  const proposals = new ProposalManager(log.child('proposal'), notifier);
  const review = new HunkReview(proposals);
  context.subscriptions.push(proposals, review);
  const trust = new TrustBanner(config, log.child('trust'));
  // Its post reaches the panel through chatView, made next; nothing is posted during activation.
  const history: ConversationHistory = new ConversationHistory({ store, config, log: log.child('history'), post: (m) => chatView.post(m) });
  const chatView = new ChatViewProvider({
    extensionUri: context.extensionUri,
    log: log.child('chat'),
    applyToSelection: async (block) => void (await applyCodeBlock({ manager: proposals, notifier, log: log.child('apply') }, block)),
    setModel: (id) => config.setModel(id),
    trust,
    excludes: () => config.current['tools.exclude'],
    changes: (messageId, action, path): Promise<string | undefined> => changeReview.run(messageId, action, path),
    history,
    connection: clients,
    openAnswer: (messageId) => answers.open(messageId),
  });
  const instructions = new ProjectInstructions(log.child('instructions'));
  context.subscriptions.push(instructions);
  const chat = new ChatSession({
    store: history,
    clients: metered,
    config,
    keys: secrets,
    promptForKey: () => vscode.commands.executeCommand('aimlClaude.setApiKey'),
    log: log.child('chat'),
    state: context.globalState,
    post: chatView.post,
    trust: () => trust.view,
    instructions,
    tools: (signal) => chatTools(config, signal),
    confirmSpend,
  });
  chatView.attach(chat);
  history.attach(chat);
  beforeShutdown = async () => {
    chat.dispose();
    await Promise.race([chat.idle(), new Promise((r) => setTimeout(r, 3000))]);
  };
  const answers: AnswerDocuments = new AnswerDocuments(() => chat.current);
  context.subscriptions.push(answers);
  const changeReview: ChangeReview = new ChangeReview({ manager: proposals, host: chat, notifier, log: log.child('changes'), excludes: () => config.current['tools.exclude'] });
  context.subscriptions.push(changeReview);
  const statusBar = new ModelStatusBar(config, daily);
  context.subscriptions.push(
    clients,
    chatView,
    chat,
    statusBar,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chatView),
    config.onDidChange((s) => chatView.post({ type: 'model', model: s.model })),
    config.onDidChange(() => void history.prune()),
    secrets.onDidChange((hasKey) => chatView.post({ type: 'keyState', hasKey })),
    config.onDidGrantTrust(() => chatView.post({ type: 'trust', trust: trust.view })),
  );

  const command = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          log.error(`${id} failed`, err);
          const detail = err instanceof Error ? Log.redact(err.message) : vscode.l10n.t('the command failed');
          void vscode.window.showErrorMessage(vscode.l10n.t('AIML Claude: {0}', detail), vscode.l10n.t('Show Log')).then((c) => {
            if (c) log.show();
          });
          return undefined;
        }
      }),
    );
  };

  command('aimlClaude.setApiKey', () => setApiKey(secrets, log));
  command('aimlClaude.clearApiKey', () => clearApiKey(secrets, log));
  command('aimlClaude.selectModel', () => selectModel(config, log));
  command('aimlClaude.showLog', () => log.show());
  command('aimlClaude.testConnection', (interactive?: unknown) => testConnection({ clients, config, keys: secrets, log: log.child('connection') }, interactive !== false));
  command('aimlClaude.openChat', () => chatView.reveal());
  command('aimlClaude.openWalkthrough', () =>
    vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#aimlClaude.gettingStarted`, false), // l10n-ignore: a walkthrough id
  );
  command('aimlClaude.openAnswerInEditor', async (id?: unknown) => {
    const problem = await answers.open(typeof id === 'string' ? id : undefined);
    if (problem) void vscode.window.showInformationMessage(vscode.l10n.t('AIML Claude: {0}', problem));
  });
  command('aimlClaude.exportConversation', (id?: unknown) => history.export(typeof id === 'string' ? id : undefined));
  command('aimlClaude.newChat', async () => {
    await chatView.reveal();
    await chat.newChat();
  });
  // Explain and Refactor open the connection first, while the selection is read and the prompt built.
  command('aimlClaude.explainSelection', () => {
    clients.warm();
    return explainSelection({ chat, reveal: () => chatView.reveal(), config, keys: secrets, notifier, log: log.child('explain') });
  });
  command('aimlClaude.refactorSelection', (args?: unknown) => {
    clients.warm();
    return refactorSelection({ manager: proposals, clients: metered, config, keys: secrets, notifier, log: log.child('refactor'), instructions: () => instructions.current() }, args);
  });
  for (const [id, fn] of Object.entries(proposalCommands(proposals, review, notifier))) command(id, fn);
  context.subscriptions.push(vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new ClaudeCodeActions(), ClaudeCodeActions.metadata));

  // VS Code may wait between loading the module and calling activate(): count the two apart.
  const moduleMs = typeof __aimlBundleStart === 'number' && typeof __aimlBundleEnd === 'number' ? __aimlBundleEnd - __aimlBundleStart : 0;
  const activateMs = performance.now() - started;
  log.info(
    `activated in ${(moduleMs + activateMs).toFixed(1)} ms (module ${moduleMs.toFixed(1)} ms + activate ${activateMs.toFixed(1)} ms; VS Code ${vscode.version}, ${vscode.env.appHost})`,
  );

  // Only tests get handles on internals: no other extension may reach the key store.
  return context.extensionMode === vscode.ExtensionMode.Test ? { secrets, config, log, chat, chatView, clients, chatStorageDir, history, proposals, notifier, links: linkTestHooks, daily, statusBar, answers } : undefined;
}

/** Set by activate: ends a running answer and waits for the conversation's last save. */
let beforeShutdown: (() => Promise<void>) | undefined;

/**
 * VS Code waits (a few seconds at most) for the promise returned here before it disposes
 * context.subscriptions and ends the extension host. A window reload right after an answer ended,
 * or while one streams, would otherwise cut off the save of its last text.
 */
export async function deactivate(): Promise<void> {
  await beforeShutdown?.();
}
