import * as vscode from 'vscode';
import type { Log } from '../log';
import { validateApiKey, type ApiKeyStore } from '../secrets';

/** "AIML Claude: Set API Key": a password box; the key goes to SecretStorage only. */
export async function setApiKey(store: ApiKeyStore, log: Log): Promise<boolean> {
  const hadKey = await store.has();
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('AIML Claude: Set API Key'),
    prompt: hadKey
      ? vscode.l10n.t('A key is already stored. Enter a new key to replace it, or press Escape to keep it.')
      : vscode.l10n.t('Paste your AI/ML API key (from aimlapi.com → Key Management). It is kept in VS Code’s secret storage.'),
    placeHolder: vscode.l10n.t('AI/ML API key'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.length === 0 ? undefined : validateApiKey(value)),
  });
  if (key === undefined || key.trim().length === 0) {
    log.info('setApiKey: cancelled');
    return false;
  }
  const problem = validateApiKey(key);
  if (problem) {
    void vscode.window.showErrorMessage(vscode.l10n.t('AIML Claude: {0}', problem));
    return false;
  }
  await store.set(key);
  log.info(hadKey ? 'API key replaced in secret storage' : 'API key saved in secret storage');
  void vscode.window.showInformationMessage(
    hadKey ? vscode.l10n.t('AIML Claude: API key replaced.') : vscode.l10n.t('AIML Claude: API key saved in VS Code’s secret storage.'),
  );
  return true;
}

/** "AIML Claude: Clear API Key". */
export async function clearApiKey(store: ApiKeyStore, log: Log): Promise<void> {
  if (!(await store.has())) {
    void vscode.window.showInformationMessage(vscode.l10n.t('AIML Claude: no API key is stored.'));
    return;
  }
  await store.clear();
  log.info('API key removed from secret storage');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('AIML Claude: API key removed.'), vscode.l10n.t('Set API Key'));
  if (choice) await vscode.commands.executeCommand('aimlClaude.setApiKey');
}
