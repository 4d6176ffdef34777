import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';

export const EXTENSION_ID = 'aiml-claude.aiml-claude';

export async function activateExtension(): Promise<{ ext: vscode.Extension<TestApi | undefined>; api: TestApi }> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  if (!api) throw new Error('the extension returned no test API (is the host in Test mode?)');
  return { ext, api };
}

/** Polls until the condition holds; for effects of events VS Code delivers asynchronously. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
