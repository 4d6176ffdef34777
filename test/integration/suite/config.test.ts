import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { activateExtension, waitFor } from './helpers';

suite('Settings', () => {
  teardown(async () => {
    const cfg = vscode.workspace.getConfiguration('aimlClaude');
    for (const k of ['baseUrl', 'temperature', 'model']) await cfg.update(k, undefined, vscode.ConfigurationTarget.Global);
  });

  test('an invalid aimlClaude.baseUrl warns, naming the setting, and the default is used', async () => {
    const { api } = await activateExtension();
    const before = api.config.shownWarnings.length;
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', 'not a url', vscode.ConfigurationTarget.Global);
    const warning = await waitFor('the warning', () => api.config.shownWarnings.slice(before).find((w) => w.includes('aimlClaude.baseUrl')));
    assert.match(warning, /aimlClaude\.baseUrl/);
    assert.match(warning, /http/);
    assert.equal(api.config.current.baseUrl, DEFAULT_SETTINGS.baseUrl);
  });

  test('a temperature out of range falls back to the default, other settings kept', async () => {
    const { api } = await activateExtension();
    const cfg = vscode.workspace.getConfiguration('aimlClaude');
    await cfg.update('model', 'claude-opus-4-8', vscode.ConfigurationTarget.Global);
    await cfg.update('temperature', 7, vscode.ConfigurationTarget.Global);
    await waitFor('the model change', () => api.config.current.model === 'claude-opus-4-8');
    assert.equal(api.config.current.temperature, DEFAULT_SETTINGS.temperature);
    assert.ok(api.config.shownWarnings.some((w) => w.includes('aimlClaude.temperature')));
  });

  test('a valid baseUrl is used, without its trailing slash', async () => {
    const { api } = await activateExtension();
    await vscode.workspace.getConfiguration('aimlClaude').update('baseUrl', 'http://127.0.0.1:9/v1/', vscode.ConfigurationTarget.Global);
    await waitFor('the new base URL', () => api.config.current.baseUrl === 'http://127.0.0.1:9/v1');
  });
});
