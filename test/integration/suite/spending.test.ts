import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DAILY_USAGE_KEY, localDateKey } from '../../../src/core/usage';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { activateExtension, waitFor } from './helpers';

const KEY = 'integration-spending-key-5e7a9c1b3d';

function settingsUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('the tests need the fixture workspace folder');
  return vscode.Uri.joinPath(folder, '.vscode', 'settings.json');
}

/**
 * In the real extension host: every request's usage reaches today's total (globalState, the status
 * bar's tooltip) and the conversation's running total; a folder's
 * aimlClaude.spendWarning is ignored, the user's applies.
 */
suite('Spending: today’s total and the spend warning in the host', () => {
  let api: FakeAimlServer;
  let saved: Uint8Array | undefined;

  suiteSetup(async () => {
    api = await FakeAimlServer.start({ validKey: KEY });
    const { api: ext } = await activateExtension();
    await ext.secrets.set(KEY);
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', api.url, vscode.ConfigurationTarget.Global);
    saved = await vscode.workspace.fs.readFile(settingsUri()).then(
      (b) => b,
      () => undefined,
    );
  });

  suiteTeardown(async () => {
    const { api: ext } = await activateExtension();
    if (saved) await vscode.workspace.fs.writeFile(settingsUri(), saved);
    else await vscode.workspace.fs.delete(settingsUri()).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('aimlClaude').update('spendWarning', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await ext.secrets.clear();
    await api.stop();
  });

  test('an answer’s usage is added to today’s total (globalState and the status bar) and to the conversation’s', async () => {
    const { api: ext } = await activateExtension();
    await ext.chat.newChat();
    const before = ext.daily.today();
    api.enqueue({
      kind: 'text',
      text: 'Counted.',
      usage: { prompt_tokens: 700, completion_tokens: 30, total_tokens: 730, prompt_tokens_details: { cached_tokens: 500 }, completion_tokens_details: { reasoning_tokens: 12 } },
      meta: { usd_spent: 0.005 },
    });
    await ext.chatView.receive({ type: 'send', text: 'Count this.', attachmentIds: [] });
    await ext.chat.idle();
    const today = ext.daily.today();
    assert.equal(today.totalTokens - before.totalTokens, 730);
    assert.equal((today.cachedTokens ?? 0) - (before.cachedTokens ?? 0), 500);
    assert.equal((today.reasoningTokens ?? 0) - (before.reasoningTokens ?? 0), 12);
    assert.equal(Math.round(((today.usdSpent ?? 0) - (before.usdSpent ?? 0)) * 1e6), 5000);
    // Kept in globalState under today's local date, for every window and the next reload.
    const stored = ext.daily['state'].get<{ date: string; usage: { totalTokens: number } }>(DAILY_USAGE_KEY);
    assert.equal(stored?.date, localDateKey(new Date()));
    assert.equal(stored?.usage.totalTokens, today.totalTokens);
    await waitFor('the tooltip to show today', () => ext.statusBar.tooltipText.includes(`(${today.totalTokens.toLocaleString('en-US')} tokens)`));
    assert.match(ext.statusBar.tooltipText, /Today: .* tokens in \(.* cached\) · .* out \(.* reasoning\) · \$/);
    // The new conversation's running total is this answer (the panel's copy: the end-to-end test).
    assert.deepEqual(ext.chat.current.spent, { promptTokens: 700, completionTokens: 30, totalTokens: 730, cachedTokens: 500, reasoningTokens: 12, usdSpent: 0.005 });
  });

  test('a folder’s aimlClaude.spendWarning is ignored (it could turn yours off); the user’s applies', async () => {
    const { api: ext } = await activateExtension();
    await vscode.workspace.getConfiguration('aimlClaude').update('spendWarning', '500 tokens', vscode.ConfigurationTarget.Global);
    await waitFor('the user value', () => ext.config.current.spendWarning?.amount === 500);
    await vscode.workspace.fs.writeFile(settingsUri(), new TextEncoder().encode(JSON.stringify({ 'aimlClaude.spendWarning': '' }, null, 2)));
    await ext.config.checkWorkspaceFiles();
    // Give VS Code time to read the file; the value must stay the user's.
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(ext.config.current.spendWarning, { unit: 'tokens', amount: 500 });
    const inspected = vscode.workspace.getConfiguration('aimlClaude').inspect<string>('spendWarning');
    assert.equal(inspected?.globalValue, '500 tokens');
  });
});
