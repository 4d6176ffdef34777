import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { conversationSchema, type Conversation } from './conversation';
import type { Logger } from '../log';
import { silentLogger } from '../log';

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  model: string;
  messageCount: number;
}

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
  constructor(
    private readonly dir: string,
    private readonly log: Logger = silentLogger,
    private readonly files: StoreFileSystem = fs,
  ) {}

  private file(id: string): string {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new Error(`invalid conversation id: ${id.slice(0, 80)}`);
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
    const target = this.file(valid.id);
    const tmp = path.join(this.dir, `.${valid.id}.${randomUUID()}.tmp`);
    let handle: fs.FileHandle | undefined;
    let created = false;
    try {
      await this.ensureDir();
      // Created owner-only from the start ('wx': a new file, never one that is already there), so
      // the text is never readable by others, not even between open and a chmod.
      handle = await this.files.open(tmp, 'wx', FILE_MODE);
      created = true;
      await handle.writeFile(JSON.stringify(valid), 'utf8');
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
      throw new Error(`could not save the conversation ${valid.id}`, { cause: err });
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
    try {
      const parsed = conversationSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      this.log.warn(`conversation ${id} has an unknown format; ignored: ${parsed.error.issues[0]?.message ?? ''}`);
    } catch (err) {
      this.log.warn(`conversation ${id} is not valid JSON; ignored`, err);
    }
    return undefined;
  }

  async delete(id: string): Promise<void> {
    await this.files.rm(this.file(id), { force: true });
  }

  /** Summaries, most recently updated first; unreadable files are skipped. */
  async list(): Promise<ConversationSummary[]> {
    let names: string[];
    try {
      names = await this.files.readdir(this.dir);
    } catch {
      return [];
    }
    const out: ConversationSummary[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const c = await this.load(name.slice(0, -5));
      if (c && c.turns.length > 0) {
        out.push({ id: c.id, title: c.title, updatedAt: c.updatedAt, model: c.model, messageCount: c.turns.length });
      }
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }
}
