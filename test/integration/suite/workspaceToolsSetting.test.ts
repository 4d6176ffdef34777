// The tools settings in a real extension host: with aimlClaude.tools.enabled off a chat request
// offers no tools at all (no `tools` field); with aimlClaude.tools.edits off it offers the
// read-only ones only; both on (the defaults), all of them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { quietNotifications, setUp, tearDown, waitFor, type Env } from './proposals.support';
import { requestBody } from './workspace.support';

async function setTools(env: Env, key: 'tools.enabled' | 'tools.edits', value: boolean | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('aimlClaude').update(key, value, vscode.ConfigurationTarget.Global);
  await waitFor(`aimlClaude.${key}`, () => env.api.config.current[key] === (value ?? true) || undefined);
}

/** The names of the tools the last request offered, or undefined when it had no `tools` field. */
async function offered(env: Env): Promise<string[] | undefined> {
  env.server.enqueue({ kind: 'text', text: 'Answered.' });
  await env.api.chat.send('What is in the workspace?', []);
  await env.api.chat.idle();
  assert.equal(env.api.chat.current.turns.at(-1)?.status, 'done');
  const body = requestBody(env.server) as unknown as Record<string, unknown>;
  return 'tools' in body ? requestBody(env.server).tools?.map((t) => t.function.name) : undefined;
}

suite('Tools settings: what a chat request offers', () => {
  let env: Env;

  suiteSetup(async function () {
    this.timeout(60_000);
    env = await setUp();
    await env.api.chat.newChat();
  });
  suiteTeardown(async function () {
    this.timeout(60_000);
    await setTools(env, 'tools.enabled', undefined);
    await setTools(env, 'tools.edits', undefined);
    await tearDown(env);
  });
  setup(() => quietNotifications(env.api));

  test('tools.enabled off: no tools field; edits off: the read-only tools; both on: all', async () => {
    assert.deepEqual((await offered(env))?.sort(), ['create_file', 'edit_file', 'find_symbol', 'get_problems', 'list_files', 'read_file', 'search_text']);

    await setTools(env, 'tools.enabled', false);
    assert.equal(await offered(env), undefined, 'no tools field when the tools are off');

    await setTools(env, 'tools.enabled', true);
    await setTools(env, 'tools.edits', false);
    assert.deepEqual((await offered(env))?.sort(), ['find_symbol', 'get_problems', 'list_files', 'read_file', 'search_text']);
  });
});
