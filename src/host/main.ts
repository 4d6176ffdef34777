import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from './commands/apiKey';
import { selectModel } from './commands/selectModel';
import { testConnection } from './commands/testConnection';
import * as path from 'node:path';
import { ConversationStore } from '../core/chat/store';
import { AnswerDocuments } from './chat/answerDocument';
import { bundleEvaluationMs } from './bundleTiming';
import { ChatSession } from './chat/chatSession';
import { ConversationHistory } from './chat/history';
import { chatTools } from './tools/chatTools';
import { ChangeReview } from './changes/changeReview';
import { ProjectInstructions } from './workspace/projectInstructions';
import { TrustBanner } from './chat/trustBanner';
import { ChatViewProvider } from './chat/chatViewProvider';
import type { CommandId } from './ids';
import { linkTestHooks } from './chat/links';
import { ClientFactory } from './clientFactory';
import { Config } from './config';
import { Log } from './log';
import { installTranslator } from './l10n';
import { ApiKeyStore } from './secrets';
import { ModelStatusBar } from './statusBar';
import { explainSelection } from './commands/explain';
import { refactorSelection } from './commands/refactor';
import { applyCodeBlock } from './proposals/applyFromChat';
import { proposalCommands } from './proposals/commands';
import { HunkReview } from './proposals/hunkReview';
import { ProposalManager } from './proposals/manager';
import { Notifier } from './proposals/notifier';
import { DailyUsage } from '../core/usage';
import { confirmSpend, meteredClients } from './usage/spending';

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

/** How the start-up bundle (src/extension.ts) went, for the log line that reports activation. */
export interface Activation {
  /** The start-up bundle's evaluation and activate(), in ms. */
  readonly moduleMs: number;
  readonly activateMs: number;
  /** What asked for the rest: a command, the chat panel, the deferred start, the tests. */
  readonly reason: string;
  /** performance.now() when that ask came, so the log can tell how long loading took. */
  readonly askedAt: number;
}

/** The extension once loaded: what the start-up bundle hands commands and the chat view to. */
export interface Main {
  readonly chatView: vscode.WebviewViewProvider;
  run(id: CommandId, args: unknown[]): Promise<unknown>;
  /** Handles on internals, only in the Test extension mode. */
  readonly testApi: TestApi | undefined;
  /** Ends a running answer and waits (3 s at most) for the conversation's last save. */
  shutdown(): Promise<void>;
}

/**
 * Everything the extension does, built once on first need (docs/architecture.md, "Activation").
 * The disposables go to context.subscriptions like those made during activate().
 */
export function start(context: vscode.ExtensionContext, activation: Activation): Main {
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
    config.onDidChange((s) => chatView.post({ type: 'model', model: s.model })),
    config.onDidChange(() => void history.prune()),
    secrets.onDidChange((hasKey) => chatView.post({ type: 'keyState', hasKey })),
    config.onDidGrantTrust(() => chatView.post({ type: 'trust', trust: trust.view })),
  );

  // Each command's failure is logged and shown with the log one click away, never thrown at VS Code.
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const command = (id: CommandId, fn: (...args: unknown[]) => unknown): void => void commands.set(id, fn);
  const run = async (id: CommandId, args: unknown[]): Promise<unknown> => {
    try {
      const fn = commands.get(id);
      // l10n-ignore: a programming error, caught by the unit test of ids.ts against package.json
      if (!fn) throw new Error(`no handler for ${id}`);
      return await fn(...args);
    } catch (err) {
      log.error(`${id} failed`, err);
      const detail = err instanceof Error ? Log.redact(err.message) : vscode.l10n.t('the command failed');
      void vscode.window.showErrorMessage(vscode.l10n.t('AIML Claude: {0}', detail), vscode.l10n.t('Show Log')).then((c) => {
        if (c) log.show();
      });
      return undefined;
    }
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
  for (const [id, fn] of Object.entries(proposalCommands(proposals, review, notifier))) command(id as CommandId, fn);

  // VS Code may wait between loading a module and calling activate(): count the two apart.
  const moduleMs = bundleEvaluationMs();
  const startMs = performance.now() - started;
  log.info(
    `activated in ${(activation.moduleMs + activation.activateMs).toFixed(1)} ms (module ${activation.moduleMs.toFixed(1)} ms + activate ${activation.activateMs.toFixed(1)} ms; VS Code ${vscode.version}, ${vscode.env.appHost})`,
  );
  log.info(
    `loaded for ${activation.reason} in ${(performance.now() - activation.askedAt).toFixed(1)} ms (module ${moduleMs.toFixed(1)} ms + start ${startMs.toFixed(1)} ms)`,
  );

  return {
    chatView,
    run,
    // Only tests get handles on internals: no other extension may reach the key store.
    testApi:
      context.extensionMode === vscode.ExtensionMode.Test
        ? { secrets, config, log, chat, chatView, clients, chatStorageDir, history, proposals, notifier, links: linkTestHooks, daily, statusBar, answers }
        : undefined,
    shutdown: async () => {
      chat.dispose();
      await Promise.race([chat.idle(), new Promise((r) => setTimeout(r, 3000))]);
    },
  };
}
