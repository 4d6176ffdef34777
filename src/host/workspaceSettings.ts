// The ESM build: the UMD one (the package's main) loads its parts with a require() esbuild cannot follow.
import { parse, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import * as vscode from 'vscode';

/**
 * The `section.*` keys that the open workspace's own settings files set: each folder's
 * `.vscode/settings.json` and the `settings` of a `.code-workspace` file. Read from the files
 * because VS Code drops application-scoped values (and, in Restricted Mode, restricted ones)
 * before an extension can inspect() them, yet the user should hear that the folder tried.
 * A missing or unreadable file sets nothing.
 */
export async function workspaceSettingKeys(section: string): Promise<Set<string>> {
  const keys = new Set<string>();
  const files: { uri: vscode.Uri; inWorkspaceFile: boolean }[] = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
    uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'),
    inWorkspaceFile: false,
  }));
  const wsFile = vscode.workspace.workspaceFile;
  if (wsFile && wsFile.scheme !== 'untitled') files.push({ uri: wsFile, inWorkspaceFile: true });
  for (const { uri, inWorkspaceFile } of files) {
    const text = await readText(uri);
    if (text === undefined) continue;
    const errors: ParseError[] = [];
    const root: unknown = parse(text, errors, { allowTrailingComma: true });
    const settings = inWorkspaceFile && isObject(root) ? root.settings : root;
    for (const key of sectionKeys(settings, section)) keys.add(key);
  }
  return keys;
}

/** Keys under `section`, written flat (`"aimlClaude.model"`) or nested (`"aimlClaude": { "model" }`). */
function sectionKeys(settings: unknown, section: string): string[] {
  if (!isObject(settings)) return [];
  const prefix = `${section}.`;
  const flat = Object.keys(settings)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  const nested = settings[section];
  return isObject(nested) ? [...flat, ...Object.keys(nested)] : flat;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
