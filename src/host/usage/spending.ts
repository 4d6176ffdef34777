import * as vscode from 'vscode';
import type { AimlClient } from '../../core/api';
import { meterUsage, type DailyUsage } from '../../core/usage';
import type { Log } from '../log';

/** The one call the chat and Refactor make on a client. */
export type StreamingClients = { get(): Pick<AimlClient, 'stream'> };

/**
 * The clients of `clients`, with every request's usage added to today's total as its stream
 * reports it: the chat (each round of a tool-using answer), Explain (through the chat) and
 * Refactor, so the status bar counts all of it.
 */
export function meteredClients(clients: StreamingClients, daily: DailyUsage, log: Log): StreamingClients {
  const record = (usage: Parameters<DailyUsage['add']>[0]): void => {
    daily.add(usage).then(undefined, (err: unknown) => log.warn("today's usage could not be saved", err));
  };
  return {
    get: () => {
      const client = clients.get();
      return { stream: (req, opts) => meterUsage(client.stream(req, opts), record) };
    },
  };
}

/**
 * The question before a request once a conversation crossed aimlClaude.spendWarning. Modal: the
 * request waits for it, and Escape or Cancel sends nothing.
 */
export async function confirmSpend(message: string): Promise<boolean> {
  const send = vscode.l10n.t('Send');
  const choice = await vscode.window.showWarningMessage(
    message,
    {
      modal: true,
      detail: vscode.l10n.t('The warning is set by aimlClaude.spendWarning. It asks again only if you raise it and the conversation crosses it again.'),
    },
    send,
  );
  return choice === send;
}
