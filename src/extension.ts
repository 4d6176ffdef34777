import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from './host/commands/apiKey';
import { selectModel } from './host/commands/selectModel';
import { Config } from './host/config';
import { Log } from './host/log';
import { ApiKeyStore } from './host/secrets';

/** What activate() returns, only in the Test extension mode: integration tests reach in here. */
export interface TestApi {
  readonly secrets: ApiKeyStore;
  readonly config: Config;
  readonly log: Log;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const { log, channel } = Log.create();
  context.subscriptions.push(channel);

  const config = new Config(log.child('config'));
  const secrets = new ApiKeyStore(context.secrets);
  context.subscriptions.push(config, secrets);

  const command = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          log.error(`${id} failed`, err);
          void vscode.window.showErrorMessage(`AIML Claude: ${err instanceof Error ? Log.redact(err.message) : 'the command failed'}`, 'Show Log').then((c) => {
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

  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms (VS Code ${vscode.version}, ${vscode.env.appHost})`);

  // Only tests get handles on internals: no other extension may reach the key store.
  return context.extensionMode === vscode.ExtensionMode.Test ? { secrets, config, log } : undefined;
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
