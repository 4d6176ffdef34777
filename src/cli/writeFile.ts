/**
 * Writing files whole or not at all. The text always goes to a temporary file beside the target
 * first (written and fsynced), so a crash or a full disk leaves the old file or the new one, never
 * half of each; only the last step differs between replacing a file and creating one.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Replaces a file's contents: the temporary file is renamed over it. Symlinks are followed (the
 * link stays a link) and the file's permission bits are kept.
 */
export function writeFileAtomic(file: string, text: string): void {
  const real = realpathSync(file);
  const mode = statSync(real).mode & 0o7777;
  withTempFile(real, text, mode, (tmp) => {
    chmodSync(tmp, mode); // openSync's mode went through the umask
    renameSync(tmp, real);
  });
}

/**
 * Creates a new file, never over one that appeared meanwhile: the temporary file is hard-linked to
 * the name, which fails (EEXIST) if the name exists, unlike a rename.
 */
export function createFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  withTempFile(file, text, 0o666, (tmp) => linkSync(tmp, file));
}

/** Writes `text` to a fresh temporary file beside `target`, hands it to `finish`, and removes what is left of it. */
function withTempFile(target: string, text: string, mode: number, finish: (tmp: string) => void): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.aiml-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    try {
      writeFileSync(fd, text, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    finish(tmp);
  } finally {
    // After a rename the name is gone already; after a link, or a failure, the temporary name must go.
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}
