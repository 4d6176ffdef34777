import path from 'node:path';
import * as vscode from 'vscode';
import { denyMatcher, findRipgrep, type ToolContext, type WorkspaceRoot } from '../../core/tools';

/**
 * What the workspace tools see, taken from VS Code at the moment a turn starts: the folders on
 * disk, the deny-list with `aimlClaude.tools.exclude` (`excludes`), the editor's own excludes
 * (`files.exclude`, `search.exclude`, as VS Code's search applies them), and the ripgrep VS Code
 * ships (its own search uses it), else one on PATH.
 */
export function workspaceToolContext(excludes: readonly string[], signal?: AbortSignal): ToolContext {
  const roots: WorkspaceRoot[] = (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => ({ name: f.name, path: f.uri.fsPath }));
  return {
    roots,
    denied: denyMatcher(excludes),
    excludeGlobs: editorExcludes(),
    ripgrep: shippedRipgrep(),
    ...(signal ? { signal } : {}),
  };
}

/** The globs VS Code's search leaves out: `files.exclude` and `search.exclude` entries set to true. */
export function editorExcludes(): string[] {
  const globs = new Set<string>();
  for (const section of ['files', 'search']) {
    const value = vscode.workspace.getConfiguration(section).get<unknown>('exclude');
    if (!value || typeof value !== 'object') continue;
    // `{ "when": "$(basename).ts" }` entries depend on sibling files; ripgrep cannot express them.
    for (const [glob, on] of Object.entries(value)) if (on === true) globs.add(glob);
  }
  return [...globs];
}

let ripgrep: string | undefined | null = null;

function shippedRipgrep(): string | undefined {
  if (ripgrep === null) {
    const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
    const app = vscode.env.appRoot;
    ripgrep = findRipgrep([
      path.join(app, 'node_modules', '@vscode', 'ripgrep', 'bin', exe),
      path.join(app, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', exe),
    ]);
  }
  return ripgrep;
}
