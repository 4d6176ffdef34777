import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from './helpers';

interface ManifestCommand {
  command: string;
  title: string;
  category?: string;
}

suite('Activation and commands', () => {
  test('the extension activates in the real extension host', async () => {
    const { ext } = await activateExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.packageJSON.name, 'aiml-claude');
    assert.equal(vscode.env.appName.length > 0, true);
  });

  test('every command in contributes.commands is registered', async () => {
    const { ext } = await activateExtension();
    const contributed = (ext.packageJSON.contributes.commands as ManifestCommand[]).map((c) => c.command);
    assert.ok(contributed.length >= 4, 'the manifest contributes commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('every contributed command is under the "AIML Claude" category', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const commands = ext?.packageJSON.contributes.commands as ManifestCommand[];
    for (const c of commands) assert.equal(c.category, 'AIML Claude', c.command);
  });

  test('the chat view container and view are contributed', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const views = ext?.packageJSON.contributes.views.aimlClaude as { id: string; type: string }[];
    assert.ok(views.some((v) => v.id === 'aimlClaude.chat' && v.type === 'webview'));
  });
});
