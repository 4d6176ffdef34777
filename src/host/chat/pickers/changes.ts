import * as vscode from 'vscode';
import { estimateTokens, formatCount } from '../../../core/prompts';
import { denyMatcher } from '../../../core/tools';
import { inside } from '../../../core/tools/workspacePath';
import type { NewAttachment } from './types';

/** The working-tree diff is cut here (a big refactor's diff would fill the context by itself). */
export const CHANGES_MAX_CHARS = 60_000;

/** The part of the built-in Git extension's API (`vscode.git`, API version 1) used here. */
interface GitChange {
  readonly uri: vscode.Uri;
  readonly status: number;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly workingTreeChanges: readonly GitChange[]; readonly untrackedChanges?: readonly GitChange[] };
  diff(cached?: boolean): Promise<string>;
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
}

/** git's status code for an untracked file in the API's Status enum. */
const UNTRACKED = 7;

/**
 * `@changes`: the repository's uncommitted work — staged and unstaged diffs, through the built-in
 * Git extension (which knows the repositories, submodules and the git binary the user set), plus
 * the names of untracked files. Capped, with the cut said. Files on the deny-list are left out of
 * the diff.
 */
export async function captureChanges(excludes: readonly string[]): Promise<NewAttachment | string> {
  const git = await gitApi();
  if (typeof git === 'string') return git;
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const repos = git.repositories.filter((r) => folders.some((f) => inside(f, r.rootUri.fsPath) !== undefined || inside(r.rootUri.fsPath, f) !== undefined));
  if (repos.length === 0) return vscode.l10n.t('No git repository was found in this workspace.');
  const denied = denyMatcher(excludes);
  const parts: string[] = [];
  const untracked: string[] = [];
  for (const repo of repos) {
    const name = repos.length > 1 ? `${vscode.workspace.asRelativePath(repo.rootUri, true)}: ` : '';
    const [staged, unstaged] = await Promise.all([repo.diff(true), repo.diff(false)]);
    if (staged.trim()) parts.push(`# ${name}Staged\n${withoutDenied(staged, denied)}`);
    if (unstaged.trim()) parts.push(`# ${name}Not staged\n${withoutDenied(unstaged, denied)}`); // l10n-ignore: the attachment's text, for Claude
    const fresh = [...(repo.state.untrackedChanges ?? []), ...repo.state.workingTreeChanges.filter((c) => c.status === UNTRACKED)];
    for (const c of fresh) {
      const rel = inside(repo.rootUri.fsPath, c.uri.fsPath);
      if (rel && !denied(rel) && !untracked.includes(rel)) untracked.push(rel);
    }
  }
  if (untracked.length) parts.push(`# Untracked files (not in the diff)\n${untracked.sort().join('\n')}`); // l10n-ignore: the attachment's text, for Claude
  if (parts.length === 0) return vscode.l10n.t('There are no uncommitted changes.');
  let text = parts.join('\n\n');
  if (text.length > CHANGES_MAX_CHARS) {
    const total = estimateTokens(text);
    // l10n-ignore: the attachment's text, for Claude
    text = `${text.slice(0, text.lastIndexOf('\n', CHANGES_MAX_CHARS))}\n[Cut: the changes are about ${formatCount(total)} tokens; only the first ${formatCount(CHANGES_MAX_CHARS)} characters are attached.]`;
  }
  const files = new Set([...text.matchAll(/^diff --git a\/(.+?) b\//gm)].map((m) => m[1])).size + untracked.length;
  const label = files === 1 ? vscode.l10n.t('Changes (1 file)') : vscode.l10n.t('Changes ({0} files)', files);
  return { kind: 'changes', label, languageId: 'diff', text };
}

/** The diff without the sections of denied files (a staged .env must not reach the model). */
function withoutDenied(diff: string, denied: (p: string) => boolean): string {
  const sections = diff.split(/^(?=diff --git )/m);
  return sections
    .filter((s) => {
      const m = /^diff --git a\/(.+?) b\/(.+)$/m.exec(s);
      return !m || (!denied(m[1] ?? '') && !denied(m[2] ?? ''));
    })
    .join('');
}

async function gitApi(): Promise<GitApi | string> {
  const ext = vscode.extensions.getExtension('vscode.git');
  if (!ext) return vscode.l10n.t('The built-in Git extension is not available.');
  if (!vscode.workspace.getConfiguration('git').get<boolean>('enabled', true)) return vscode.l10n.t('Git is turned off in the settings (git.enabled).');
  const exports: unknown = ext.isActive ? ext.exports : await ext.activate();
  const getAPI = typeof exports === 'object' && exports !== null ? (exports as { getAPI?: unknown }).getAPI : undefined;
  if (typeof getAPI !== 'function') return vscode.l10n.t('The Git extension did not offer its API.');
  const api: unknown = getAPI.call(exports, 1);
  if (!isGitApi(api)) return vscode.l10n.t('The Git extension’s API is not the version this extension knows.');
  return api;
}

function isGitApi(value: unknown): value is GitApi {
  if (typeof value !== 'object' || value === null) return false;
  const repos = (value as { repositories?: unknown }).repositories;
  return Array.isArray(repos) && repos.every((r) => typeof r === 'object' && r !== null && typeof (r as { diff?: unknown }).diff === 'function' && 'rootUri' in r && 'state' in r);
}
