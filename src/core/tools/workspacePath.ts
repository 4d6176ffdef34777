import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PathMatcher } from './denyList';

/** A folder the tools may look into: its name (multi-root workspaces) and absolute path. */
export interface WorkspaceRoot {
  readonly name: string;
  readonly path: string;
}

export type PathRefusal = 'invalid' | 'outside' | 'excluded' | 'not_found';

export type ResolvedPath =
  | {
      readonly ok: true;
      readonly root: WorkspaceRoot;
      /** The path as the model and the user read it: relative to its root, `/`-separated. */
      readonly relative: string;
      /** The real path on disk (symbolic links resolved), inside the root's real path. */
      readonly real: string;
      /** What is there now; undefined when nothing is (only with `allowMissing`). */
      readonly kind: 'file' | 'directory' | 'other' | undefined;
    }
  | { readonly ok: false; readonly refusal: PathRefusal; readonly message: string };

export interface ResolveOptions {
  /** Resolve a path that does not exist yet (a file to create): its parent must exist and be inside. */
  readonly allowMissing?: boolean;
}

const MAX_PATH_CHARS = 4096;

/**
 * Resolves a path the model gave against the workspace roots, refusing anything that would reach
 * outside them or into a denied file. Every check is made twice: on the path as written (no `..`
 * escape, no absolute path elsewhere, no denied name) and on the real path after symbolic links
 * (no link out of the workspace, no link to a denied file inside it). Percent signs and other
 * characters are taken literally: a file may be called `%2e%2e`, and decoding would only make a
 * second path out of one.
 */
export async function resolveWorkspacePath(
  input: unknown,
  roots: readonly WorkspaceRoot[],
  denied: PathMatcher,
  options: ResolveOptions = {},
): Promise<ResolvedPath> {
  if (typeof input !== 'string' || input.trim() === '' || input.length > MAX_PATH_CHARS || input.includes('\0')) {
    return refuse('invalid', 'The path must be a non-empty string, relative to the workspace folder.');
  }
  if (roots.length === 0) return refuse('outside', 'No workspace folder is open, so no file can be read.');
  const written = input.trim().replace(/\\/g, '/');
  const candidates = candidatesFor(written, roots);
  if (candidates.length === 0) return refuse('outside', `${quote(input)} is outside the workspace.`);

  let firstMissing: ResolvedPath | undefined;
  for (const { root, relative } of candidates) {
    if (denied(relative)) return refuse('excluded', `${quote(relative)} is excluded from what Claude may read.`);
    const result = await checkOnDisk(root, relative, denied, options);
    if (result.ok || result.refusal !== 'not_found') return result;
    firstMissing ??= result;
  }
  return firstMissing ?? refuse('not_found', `${quote(input)} was not found in the workspace.`);
}

/** Where a written path may point: lexically inside a root, in the order the roots were given. */
function candidatesFor(written: string, roots: readonly WorkspaceRoot[]): Array<{ root: WorkspaceRoot; relative: string }> {
  const out: Array<{ root: WorkspaceRoot; relative: string }> = [];
  const absolute = path.isAbsolute(written) || /^[A-Za-z]:\//.test(written);
  for (const root of roots) {
    const base = path.resolve(root.path);
    let target: string;
    if (absolute) {
      target = path.resolve(written);
    } else if (roots.length > 1 && firstSegment(written) === root.name) {
      // In a multi-root workspace "name/…" names the folder first.
      target = path.resolve(base, written.slice(root.name.length + 1) || '.');
    } else {
      target = path.resolve(base, written);
    }
    const relative = inside(base, target);
    if (relative !== undefined) out.push({ root, relative });
  }
  // A path named by its folder is tried first.
  return out.sort((a, b) => Number(firstSegment(written) === b.root.name) - Number(firstSegment(written) === a.root.name));
}

async function checkOnDisk(root: WorkspaceRoot, relative: string, denied: PathMatcher, options: ResolveOptions): Promise<ResolvedPath> {
  // Synchronous on purpose: a few stat calls cost microseconds, while each async one waits its turn
  // in libuv's thread pool behind every other file operation of the process (an edit of 50 files
  // took most of a second that way).
  let realRoot: string;
  try {
    realRoot = realpathSync.native(root.path);
  } catch {
    return refuse('not_found', `The workspace folder ${root.name} is not on disk.`);
  }
  const target = path.join(realRoot, relative);
  let real: string;
  let kind: 'file' | 'directory' | 'other' | undefined;
  try {
    real = realpathSync.native(target);
    const stat = statSync(real);
    kind = stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENOTDIR') {
      return refuse('not_found', `${quote(relative)} could not be read.`);
    }
    if (!options.allowMissing) return refuse('not_found', `${quote(relative)} was not found in the workspace.`);
    // A file to be created: the nearest existing ancestor decides where it would really land.
    const ancestor = nearestExisting(path.dirname(target), realRoot);
    if (ancestor === undefined) return refuse('outside', `${quote(relative)} is outside the workspace.`);
    real = path.join(ancestor.real, path.relative(ancestor.written, target));
    kind = undefined;
  }
  const realRelative = inside(realRoot, real);
  if (realRelative === undefined) return refuse('outside', `${quote(relative)} leads outside the workspace (a symbolic link).`);
  if (denied(realRelative)) return refuse('excluded', `${quote(relative)} is excluded from what Claude may read.`);
  return { ok: true, root, relative: relative === '' ? '.' : relative, real, kind };
}

function nearestExisting(dir: string, realRoot: string): { written: string; real: string } | undefined {
  for (let d = dir; inside(realRoot, d) !== undefined; d = path.dirname(d)) {
    try {
      return { written: d, real: realpathSync.native(d) };
    } catch {
      if (d === realRoot) return undefined;
    }
  }
  return undefined;
}

/** The `/`-separated path of `target` below `base`, or undefined when it is not below it. */
export function inside(base: string, target: string): string | undefined {
  const rel = path.relative(base, target);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

function firstSegment(p: string): string {
  return p.replace(/^\.\//, '').split('/')[0] ?? '';
}

function quote(p: string): string {
  const short = p.length > 200 ? `${p.slice(0, 200)}…` : p;
  return `“${short}”`;
}

function refuse(refusal: PathRefusal, message: string): ResolvedPath {
  return { ok: false, refusal, message };
}
