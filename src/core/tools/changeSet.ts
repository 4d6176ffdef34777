import { computeHunks } from '../edits/lineEdits';
import { applyEdit } from './editMatch';
import { code } from './types';
import { resolveWorkspacePath, type ResolvedPath, type WorkspaceRoot } from './workspacePath';
import type { PathMatcher } from './denyList';

/** Files over this size are not edited by the tools (a diff of them would not be reviewable either). */
export const EDIT_MAX_BYTES = 1024 * 1024;

/** One file's proposal: what it was when first touched, and what the answer's edits make of it. */
export interface FileChange {
  /** Workspace-relative, `/`-separated (with the folder's name first in a multi-root workspace). */
  readonly path: string;
  /** The real path on disk. */
  readonly absolute: string;
  readonly root: WorkspaceRoot;
  /** A file the answer creates (it did not exist). */
  readonly created: boolean;
  /** The text the edits were made against ('' for a created file). */
  readonly original: string;
  proposed: string;
  /** edit_file / create_file calls that made it. */
  calls: number;
}

export interface LineStats {
  readonly added: number;
  readonly removed: number;
}

/** How a front end reads a file's current text: the editor's unsaved text wins over the disk. */
export type TextReader = (absolutePath: string) => Promise<{ text: string; bytes: number } | undefined>;

export type ChangeResult =
  | { readonly ok: true; readonly change: FileChange; readonly message: string; readonly summary: string }
  | { readonly ok: false; readonly message: string; readonly summary: string };

/**
 * The proposals of one answer. Edits to a file compose in order: each is matched against the file
 * as the earlier proposals leave it. Nothing here writes to disk: the user accepts or rejects.
 */
export class ChangeSet {
  private readonly byPath = new Map<string, FileChange>();
  /**
   * Edits and creations run one at a time, in the order they were asked: the calls of one turn run
   * concurrently, and two edits of one file must compose, not race.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly read: TextReader) {}

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  get files(): FileChange[] {
    return [...this.byPath.values()];
  }

  get(path: string): FileChange | undefined {
    return this.byPath.get(path);
  }

  edit(roots: readonly WorkspaceRoot[], denied: PathMatcher, path: string, oldText: string, newText: string): Promise<ChangeResult> {
    return this.serial(() => this.editNow(roots, denied, path, oldText, newText));
  }

  create(roots: readonly WorkspaceRoot[], denied: PathMatcher, path: string, content: string): Promise<ChangeResult> {
    return this.serial(() => this.createNow(roots, denied, path, content));
  }

  private async editNow(roots: readonly WorkspaceRoot[], denied: PathMatcher, path: string, oldText: string, newText: string): Promise<ChangeResult> {
    // A file this answer proposes to create does not exist yet: resolve as for a new file.
    const resolved = await resolveWorkspacePath(path, roots, denied, { allowMissing: true });
    if (!resolved.ok) return refuse(`Edit ${code(path)}: ${resolved.refusal.replace('_', ' ')}`, resolved.message);
    const existing = this.byPath.get(resolved.relative);
    if (!existing && resolved.kind === undefined) return refuse(`Edit ${code(resolved.relative)}: not found`, `“${resolved.relative}” was not found in the workspace. Use create_file for a new file.`);
    let change = existing;
    if (!change) {
      const loaded = await this.load(resolved);
      if (typeof loaded === 'string') return refuse(`Edit ${code(resolved.relative)}: refused`, loaded);
      change = loaded;
    }
    const match = applyEdit(change.proposed, oldText, newText);
    if (!match.ok) return refuse(`Edit ${code(change.path)}: ${match.reason.replace('_', ' ')}`, match.message);
    change.proposed = match.text;
    change.calls++;
    if (!existing) this.byPath.set(change.path, change);
    // This edit's own lines (not the whole file's diff, which would be redone on every call).
    const stats = lineStats({ original: match.removedText, proposed: match.insertedText });
    const how = match.how === 'tolerant' ? ' (matched ignoring whitespace and indentation)' : '';
    return {
      ok: true,
      change,
      summary: `Edited ${code(change.path)} +${stats.added} −${stats.removed}`,
      message:
        `Proposed an edit to ${change.path}${how}: lines ${match.oldLines.start}–${match.oldLines.end} of the file as it stood become lines ` +
        `${match.newLines.start}–${match.newLines.end}. Nothing is written until the user accepts; further edits to this file apply to the proposed text.`,
    };
  }

  private async createNow(roots: readonly WorkspaceRoot[], denied: PathMatcher, path: string, content: string): Promise<ChangeResult> {
    const resolved = await resolveWorkspacePath(path, roots, denied, { allowMissing: true });
    if (!resolved.ok) return refuse(`Create ${code(path)}: ${resolved.refusal.replace('_', ' ')}`, resolved.message);
    if (this.byPath.has(resolved.relative)) {
      return refuse(`Create ${code(resolved.relative)}: already proposed`, `${resolved.relative} is already part of this answer's changes. Use edit_file to change it.`);
    }
    if (resolved.kind !== undefined) {
      return refuse(`Create ${code(resolved.relative)}: exists`, `${resolved.relative} already exists. Use edit_file to change it (read it first).`);
    }
    if (Buffer.byteLength(content, 'utf8') > EDIT_MAX_BYTES) return refuse(`Create ${code(resolved.relative)}: too large`, `the content is over ${EDIT_MAX_BYTES / 1024} KB.`);
    const change: FileChange = { path: resolved.relative, absolute: resolved.real, root: resolved.root, created: true, original: '', proposed: content, calls: 1 };
    this.byPath.set(change.path, change);
    const lines = lineStats(change).added;
    return {
      ok: true,
      change,
      summary: `Created ${code(change.path)} +${lines}`,
      message: `Proposed a new file ${change.path} (${lines} ${lines === 1 ? 'line' : 'lines'}). Nothing is written until the user accepts.`,
    };
  }

  private async load(resolved: Extract<ResolvedPath, { ok: true }>): Promise<FileChange | string> {
    if (resolved.kind !== 'file') return `${resolved.relative} is not a file.`;
    const read = await this.read(resolved.real);
    if (!read) return `${resolved.relative} could not be read.`;
    if (read.bytes > EDIT_MAX_BYTES) return `${resolved.relative} is over ${EDIT_MAX_BYTES / 1024 / 1024} MB; it is not edited by tools.`;
    if (read.text.slice(0, 8000).includes('\0')) return `${resolved.relative} is a binary file; only text files can be edited.`;
    return { path: resolved.relative, absolute: resolved.real, root: resolved.root, created: false, original: read.text, proposed: read.text, calls: 0 };
  }
}

/** Lines added and removed between a change's original and its proposal (the minimal line diff). */
export function lineStats(change: Pick<FileChange, 'original' | 'proposed'>): LineStats {
  let added = 0;
  let removed = 0;
  for (const h of computeHunks(change.original, change.proposed)) {
    added += h.newLines.length;
    removed += h.removedLines.length;
  }
  return { added, removed };
}

function refuse(summary: string, message: string): ChangeResult {
  return { ok: false, summary, message };
}
