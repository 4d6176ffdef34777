/**
 * `chat --tools --edits`: the answer's proposals as unified diffs (`git apply`-able, one file after
 * another), and `--write`: all of them or none. Every file is checked first — an edited file must
 * still hold exactly the text the edits were made against, a file to create must still not exist —
 * and only then is each written atomically. A file that changed in between stops the whole write.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { ChangeSet, FileChange } from '../core/tools';
import { CliError, inputError } from './errors';
import type { ProposalRecord } from './result';
import { createFileAtomic, writeFileAtomic } from './writeFile';

/** One file's diff, with git's a/ b/ prefixes and /dev/null for a new file. */
export function diffOf(change: FileChange): string {
  const from = change.created ? '/dev/null' : `a/${change.path}`;
  const to = `b/${change.path}`;
  const patch = createTwoFilesPatch(from, to, change.original, change.proposed, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
  return change.created ? `diff --git a/${change.path} b/${change.path}\nnew file mode 100644\n${patch}` : `diff --git a/${change.path} b/${change.path}\n${patch}`;
}

export function proposalRecords(changes: ChangeSet | undefined): ProposalRecord[] {
  return (changes?.files ?? [])
    .filter((c) => c.created || c.proposed !== c.original)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((c) => ({ path: c.path, created: c.created, diff: diffOf(c) }));
}

/**
 * Writes every proposal, or none: the check of all files comes before the first write. Throws a
 * CliError (`file_changed`) naming the file when one changed, with nothing written.
 */
export function writeAll(changes: ChangeSet): string[] {
  const files = changes.files.filter((c) => c.created || c.proposed !== c.original);
  for (const c of files) {
    if (c.created) {
      let exists = true;
      try {
        readFileSync(c.absolute);
      } catch (e) {
        exists = (e as NodeJS.ErrnoException).code !== 'ENOENT';
      }
      if (exists) throw new CliError('file_changed', `${c.path} appeared while the request ran, so no proposal was written; run the command again.`);
      continue;
    }
    let now: string;
    try {
      now = readFileSync(c.absolute, 'utf8');
    } catch {
      throw new CliError('file_changed', `${c.path} is gone or unreadable now, so no proposal was written; run the command again.`);
    }
    if (now !== c.original) throw new CliError('file_changed', `${c.path} changed while the request ran, so no proposal was written; run the command again.`);
  }
  const written: FileChange[] = [];
  for (const c of files) {
    try {
      if (c.created) createFileAtomic(c.absolute, c.proposed);
      else writeFileAtomic(c.absolute, c.proposed);
      written.push(c);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const undone = rollBack(written);
      throw inputError(`Cannot write ${c.path}${typeof code === 'string' ? ` (${code})` : ''}; ${undone}`);
    }
  }
  return written.map((c) => c.path);
}

/** Puts the files written so far back as they were (a later one failed): none stays half-done. */
function rollBack(written: readonly FileChange[]): string {
  const failed: string[] = [];
  for (const c of [...written].reverse()) {
    try {
      if (c.created) unlinkSync(c.absolute);
      else writeFileAtomic(c.absolute, c.original);
    } catch {
      failed.push(c.path);
    }
  }
  if (written.length === 0) return 'nothing was written.';
  return failed.length ? `the files written before it could not all be restored: ${failed.join(', ')}.` : 'the files written before it were restored, so nothing changed.';
}
