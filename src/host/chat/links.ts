import * as vscode from 'vscode';
import type { Log } from '../log';

/**
 * A link the user clicked in an answer. Web and mail links open outside through VS Code (which asks
 * before opening an unknown site); a path that exists in the workspace opens in the editor. The
 * webview never navigates.
 */
export async function openLink(href: string, log: Log): Promise<string | undefined> {
  let url: URL | undefined;
  try {
    url = new URL(href);
  } catch {
    url = undefined;
  }
  if (url) {
    if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:') {
      await vscode.env.openExternal(vscode.Uri.parse(url.href));
      return undefined;
    }
    log.warn(`refused to open a ${url.protocol} link from an answer`);
    return `Links of the ${url.protocol} kind are not opened.`;
  }
  // A workspace path, maybe with a :line suffix or a #L anchor.
  const m = /^(.+?)(?::(\d+)(?::\d+)?|#L(\d+))?$/.exec(href.trim());
  const rel = decodeURIComponent((m?.[1] ?? href).replace(/^\.\//, ''));
  const line = Number(m?.[2] ?? m?.[3] ?? 0);
  if (rel.includes('..')) return 'Only files inside the workspace are opened.';
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, rel);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.File) {
        const selection = line > 0 ? new vscode.Range(line - 1, 0, line - 1, 0) : undefined;
        await vscode.window.showTextDocument(uri, { selection, preview: true });
        return undefined;
      }
    } catch {
      // not in this folder
    }
  }
  return `“${rel}” is not a file in this workspace.`;
}
