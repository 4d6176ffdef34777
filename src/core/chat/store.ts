import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { conversationSchema, FORMAT_VERSION, type Conversation } from './conversation';
import { matchExcerpt, matchesQuery } from './historySearch';
import type { Logger } from '../log';
import { silentLogger } from '../log';

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  model: string;
  messageCount: number;
  /** Where the search words appear in the messages, when the title does not show them. */
  excerpt?: string;
}

/** A damaged conversation file, renamed aside (never deleted) so the history can go on without it. */
export interface SetAsideFile {
  id: string;
  /** The full path of the renamed file. */
  file: string;
  reason: string;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The file operations the store uses: node's own in the product. Tests pass node's own with one
 * operation made to fail, to provoke failures a real disk gives rarely (a full disk mid-write, an
 * fsync or close error) and check that nothing is left behind.
 */
export type StoreFileSystem = Pick<typeof fs, 'mkdir' | 'stat' | 'chmod' | 'open' | 'rename' | 'rm' | 'readFile' | 'readdir'>;

/** Owner only: a conversation holds the user's code and questions (SECURITY.md, data at rest). */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Conversations on disk, one JSON file each, written atomically (a temporary file renamed over
 * the old one) so a crash or a full disk mid-write never leaves a truncated conversation behind.
 * They hold the user's code, so only the user may read them: the folder is 0700 and each file
 * 0600 (POSIX; Windows keeps them in the user's profile, where its ACLs apply).
 */
export class ConversationStore {
  /** Told of each damaged file set aside (the host warns the user once, naming it). */
  onSetAside: (file: SetAsideFile) => void = () => undefined;

  constructor(
    private readonly dir: string,
    private readonly log: Logger = silentLogger,
    private readonly files: StoreFileSystem = fs,
  ) {}

  private file(id: string): string {
    if (!ID.test(id)) throw new Error(`invalid conversation id: ${id.slice(0, 80)}`);
    return path.join(this.dir, `${id}.json`);
  }

  /** Creates the folder owner-only, or takes the group's and others' access away from one made looser. */
  private async ensureDir(): Promise<void> {
    await this.files.mkdir(this.dir, { recursive: true, mode: DIR_MODE });
    if (process.platform === 'win32') return; // chmod only toggles the read-only flag there
    const { mode } = await this.files.stat(this.dir);
    if ((mode & 0o077) === 0) return;
    try {
      await this.files.chmod(this.dir, mode & DIR_MODE);
      this.log.info(`conversation folder was readable by others (mode ${(mode & 0o777).toString(8)}); now owner-only`);
    } catch (err) {
      // Another user's folder: the files themselves are still 0600, so the save goes on.
      this.log.warn(`conversation folder is readable by others (mode ${(mode & 0o777).toString(8)}) and could not be made owner-only`, err);
    }
  }

  async save(conversation: Conversation): Promise<void> {
    const parsed = conversationSchema.safeParse(conversation);
    if (!parsed.success) {
      throw new Error(`the conversation has an invalid shape and was not saved: ${parsed.error.issues[0]?.message ?? ''}`, { cause: parsed.error });
    }
    const valid = parsed.data;
    try {
      await this.write(valid.id, JSON.stringify(valid));
    } catch (err) {
      throw new Error(`could not save the conversation ${valid.id}`, { cause: err });
    }
  }

  /**
   * Puts back a deleted conversation's file exactly as it was (the bytes `delete` returned), for
   * Undo; written like any save, atomically and owner-only.
   */
  async restore(id: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.write(id, bytes);
    } catch (err) {
      throw new Error(`could not restore the conversation ${id}`, { cause: err });
    }
  }

  /** Renames a conversation; its last activity stays as it was. False when it is not there. */
  async rename(id: string, title: string): Promise<boolean> {
    const c = await this.load(id);
    if (!c) return false;
    c.title = title;
    await this.save(c);
    return true;
  }

  /** Writes the file through a temporary one renamed over it. */
  private async write(id: string, data: string | Uint8Array): Promise<void> {
    const target = this.file(id);
    const tmp = path.join(this.dir, `.${id}.${randomUUID()}.tmp`);
    let handle: fs.FileHandle | undefined;
    let created = false;
    try {
      await this.ensureDir();
      // Created owner-only from the start ('wx': a new file, never one that is already there), so
      // the text is never readable by others, not even between open and a chmod.
      handle = await this.files.open(tmp, 'wx', FILE_MODE);
      created = true;
      await handle.writeFile(data, typeof data === 'string' ? 'utf8' : undefined);
      await handle.sync();
      const closing = handle;
      handle = undefined; // a failed close releases the descriptor anyway: never close twice
      await closing.close();
      await this.files.rename(tmp, target);
    } catch (err) {
      if (handle) await handle.close().catch(() => undefined); // the write's error is the one to report
      if (created) {
        await this.files.rm(tmp, { force: true }).catch((rmErr: unknown) => this.log.warn(`could not remove the temporary file ${tmp}`, rmErr));
      }
      throw err;
    }
  }

  /** The conversation, or undefined when it is missing or unreadable (logged with the reason). */
  async load(id: string): Promise<Conversation | undefined> {
    const file = this.file(id);
    let text: string;
    try {
      text = await this.files.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`conversation ${id} unreadable`, err);
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      this.log.warn(`conversation ${id} is not valid JSON`, err);
      await this.setAside(id, 'it is not valid JSON');
      return undefined;
    }
    const parsed = conversationSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > FORMAT_VERSION) {
      // A later version of the extension wrote it: left where it is, for that version to read.
      this.log.warn(`conversation ${id} has an unknown format (version ${version}, written by a newer version of the extension); left as it is`);
      return undefined;
    }
    this.log.warn(`conversation ${id} has an unknown format: ${parsed.error.issues[0]?.message ?? ''}`);
    await this.setAside(id, 'it is not a conversation this version can read');
    return undefined;
  }

  /**
   * Renames a damaged file to `<id>.corrupt-<time>.json` beside the others: out of the history's
   * way, never deleted, so nothing the user wrote is lost silently (the host says where it went).
   */
  private async setAside(id: string, reason: string): Promise<void> {
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    const file = path.join(this.dir, `${id}.corrupt-${stamp}.json`);
    try {
      await this.files.rename(this.file(id), file);
    } catch (err) {
      this.log.warn(`could not set the damaged conversation ${id} aside`, err);
      return;
    }
    this.log.warn(`conversation ${id} was set aside as ${file}: ${reason}`);
    this.onSetAside({ id, file, reason });
  }

  /**
   * Deletes a conversation; returns the file's bytes as they were (for Undo), or undefined when
   * there was no such file.
   */
  async delete(id: string): Promise<Uint8Array | undefined> {
    const file = this.file(id);
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.files.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`conversation ${id} unreadable before deleting`, err);
    }
    await this.files.rm(file, { force: true });
    return bytes;
  }

  /**
   * Summaries, most recently updated first; with a query, only the conversations whose title or
   * messages hold every word of it. Damaged files are set aside, unreadable ones skipped.
   */
  async list(query = ''): Promise<ConversationSummary[]> {
    let names: string[];
    try {
      names = await this.files.readdir(this.dir);
    } catch {
      return [];
    }
    const out: ConversationSummary[] = [];
    for (const name of names) {
      // Conversations only: not the temporary files of a save, nor the files set aside.
      const id = name.slice(0, -5);
      if (!name.endsWith('.json') || !ID.test(id)) continue;
      const c = await this.load(id);
      if (c && c.turns.length > 0 && matchesQuery(c, query)) {
        const excerpt = query ? matchExcerpt(c, query) : undefined;
        out.push({ id: c.id, title: c.title, updatedAt: c.updatedAt, model: c.model, messageCount: c.turns.length, ...(excerpt ? { excerpt } : {}) });
      }
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }
}
