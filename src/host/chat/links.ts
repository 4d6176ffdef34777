import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Log } from '../log';

/**
 * A link the user clicked in an answer. The answer is untrusted text (SECURITY.md): web and mail
 * links open outside through VS Code (which asks before opening an unknown site); a path opens in
 * the editor only when its real path, symbolic links followed, is a file inside a workspace folder.
 * Every other scheme (command:, file:, vscode:, javascript:, data:, …) is refused. The webview
 * never navigates.
 */

// A function, not a constant: the translation bundle is read when the message is needed.
const outsideMessage = (): string => vscode.l10n.t('Only files inside the workspace are opened.');
const WEB_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

type ExternalOpener = (uri: vscode.Uri) => Thenable<boolean>;
let openExternal: ExternalOpener = (uri) => vscode.env.openExternal(uri);

/**
 * For the integration tests only, reached through the extension's test API (which exists only in
 * ExtensionMode.Test): records the web links that would open, instead of starting a browser.
 */
export const linkTestHooks = {
  recordExternal(): { readonly opened: string[]; dispose(): void } {
    const previous = openExternal;
    const opened: string[] = [];
    openExternal = (uri) => {
      opened.push(uri.toString(true));
      return Promise.resolve(true);
    };
    return { opened, dispose: () => void (openExternal = previous) };
  },
};

/** Opens the link, or returns a short notice for the user saying why not. */
export async function openLink(href: string, log: Log): Promise<string | undefined> {
  const text = href.trim();
  const url = asUrl(text);
  if (url) {
    if (WEB_SCHEMES.has(url.protocol)) {
      await openExternal(vscode.Uri.parse(url.href));
      return undefined;
    }
    log.warn(`refused to open a ${url.protocol} link from an answer`);
    return vscode.l10n.t('Links of the {0} kind are not opened.', url.protocol);
  }
  return openWorkspaceFile(text, log);
}

/** The link as a URL, or undefined for a path (which `new URL` would misread in two cases). */
function asUrl(href: string): URL | undefined {
  // "sample.ts:12" parses as a URL of the scheme "sample.ts", "C:\x" as one of the scheme "c".
  if (/^[^:/\\]*\.[^:/\\]*:\d+(?::\d+)?$/.test(href) || /^[A-Za-z]:[\\/]/.test(href)) return undefined;
  try {
    return new URL(href);
  } catch {
    return undefined;
  }
}

async function openWorkspaceFile(href: string, log: Log): Promise<string | undefined> {
  // A path, maybe with a :line[:column] suffix or a #L anchor.
  const m = /^(.+?)(?::(\d+)(?::\d+)?|#L(\d+)(?:-L?\d+)?)?$/.exec(href);
  const encoded = m?.[1] ?? href;
  let rel: string;
  try {
    rel = decodeURIComponent(encoded); // once: "%252e" stays the name "%2e", never ".."
  } catch {
    return notAFile(encoded);
  }
  if (rel.includes('\0')) return notAFile(encoded);
  // A network path (//host/share, \\host\share): refused before any file-system call, which on
  // Windows would already reach out to the host.
  if (/^[\\/]{2}/.test(rel)) {
    log.warn('refused a network path from an answer');
    return outsideMessage();
  }
  const line = Number(m?.[2] ?? m?.[3] ?? 0);
  let outside = false;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = folder.uri.scheme === 'file' ? await onDisk(folder.uri.fsPath, rel) : await inVirtualFolder(folder.uri, rel);
    if (found === 'outside') outside = true;
    else if (found) {
      const selection = line > 0 ? new vscode.Range(line - 1, 0, line - 1, 0) : undefined;
      await vscode.window.showTextDocument(found, { selection, preview: true });
      return undefined;
    }
  }
  if (outside) {
    log.warn(`refused a path outside the workspace from an answer: ${rel.slice(0, 200)}`);
    return outsideMessage();
  }
  return notAFile(rel);
}

function notAFile(rel: string): string {
  return vscode.l10n.t('“{0}” is not a file in this workspace.', rel.slice(0, 200));
}

/** Whether `p` is `base` itself or below it (`p` and `base` resolved by the same `path`). */
function isInside(base: string, p: string, paths: typeof path.posix = path): boolean {
  const r = paths.relative(base, p);
  return r === '' || (r !== '..' && !r.startsWith(`..${paths.sep}`) && !paths.isAbsolute(r));
}

/**
 * The file `rel` names in a folder on disk: resolved against the folder, then its real path (every
 * symbolic link followed) must still be inside the folder's real path, and be a file.
 */
async function onDisk(folder: string, rel: string): Promise<vscode.Uri | 'outside' | undefined> {
  const resolved = path.resolve(folder, rel);
  if (!isInside(folder, resolved)) return 'outside';
  let real: string;
  let realFolder: string;
  try {
    [real, realFolder] = await Promise.all([fs.realpath(resolved), fs.realpath(folder)]);
  } catch {
    return undefined; // not there
  }
  if (!isInside(realFolder, real)) return 'outside';
  try {
    return (await fs.stat(real)).isFile() ? vscode.Uri.file(real) : undefined;
  } catch {
    return undefined;
  }
}

/** The same for a folder of another file system (no real paths there: symbolic links are refused). */
async function inVirtualFolder(folder: vscode.Uri, rel: string): Promise<vscode.Uri | 'outside' | undefined> {
  const resolved = path.posix.resolve(folder.path, rel.replaceAll('\\', '/'));
  if (!isInside(folder.path, resolved, path.posix)) return 'outside';
  const uri = folder.with({ path: resolved });
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.SymbolicLink) return 'outside';
    return stat.type & vscode.FileType.File ? uri : undefined;
  } catch {
    return undefined;
  }
}
