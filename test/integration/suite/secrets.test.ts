import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

const KEY = 'aiml-test-key-6a1f0c2d9e8b7a65';

function settingsFiles(): string[] {
  const files: string[] = [];
  const ud = process.env.AIML_TEST_USER_DATA_DIR;
  if (ud) {
    const user = path.join(ud, 'User');
    if (fs.existsSync(user)) {
      for (const f of fs.readdirSync(user, { recursive: true }) as string[]) {
        if (f.endsWith('.json')) files.push(path.join(user, f));
      }
    }
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    files.push(path.join(folder.uri.fsPath, '.vscode', 'settings.json'));
  }
  return files.filter((f) => fs.existsSync(f));
}

suite('API key in SecretStorage', () => {
  teardown(async () => {
    const { api } = await activateExtension();
    await api.secrets.clear();
  });

  test('a stored key is readable from SecretStorage', async () => {
    const { api } = await activateExtension();
    await api.secrets.set(KEY);
    assert.equal(await api.secrets.get(), KEY);
    assert.equal(await api.secrets.has(), true);
  });

  test('the key is absent from every settings scope and settings file', async () => {
    const { api } = await activateExtension();
    await api.secrets.set(KEY);
    assert.ok(process.env.AIML_TEST_USER_DATA_DIR, 'the launcher passes the profile folder');
    const all = vscode.workspace.getConfiguration();
    const ext = vscode.extensions.getExtension('aiml-claude.aiml-claude');
    const keys = Object.keys(ext?.packageJSON.contributes.configuration.properties as Record<string, unknown>);
    for (const k of keys) {
      const inspected = all.inspect(k);
      assert.ok(!JSON.stringify(inspected ?? {}).includes(KEY), `${k} holds no key`);
    }
    const files = settingsFiles();
    assert.ok(files.length >= 1, 'at least the user settings file was checked');
    for (const f of files) assert.ok(!fs.readFileSync(f, 'utf8').includes(KEY), `${f} holds no key`);
  });

  test('clearing removes the key', async () => {
    const { api } = await activateExtension();
    await api.secrets.set(KEY);
    await api.secrets.clear();
    assert.equal(await api.secrets.get(), undefined);
  });

  test('a key with spaces is refused and nothing is stored', async () => {
    const { api } = await activateExtension();
    await assert.rejects(api.secrets.set('two words'), /no spaces/);
    assert.equal(await api.secrets.has(), false);
  });
});
