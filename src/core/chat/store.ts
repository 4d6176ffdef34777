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
 * Conversations on disk, one JSON file each, written atomically (a temporary file renamed over
 * the old one) so a crash or a full disk mid-write never leaves a truncated conversation behind.
 */
export class ConversationStore {
  constructor(
    private readonly dir: string,
    private readonly log: Logger = silentLogger,
  ) {}

  private file(id: string): string {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new Error(`invalid conversation id: ${id.slice(0, 80)}`);
    return path.join(this.dir, `${id}.json`);
  }

  async save(conversation: Conversation): Promise<void> {
    const valid = conversationSchema.parse(conversation);
    await fs.mkdir(this.dir, { recursive: true });
    const target = this.file(valid.id);
    const tmp = path.join(this.dir, `.${valid.id}.${randomUUID()}.tmp`);
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify(valid), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw new Error(`could not save the conversation ${valid.id}`, { cause: err });
    }
  }

  /** The conversation, or undefined when it is missing or unreadable (logged with the reason). */
  async load(id: string): Promise<Conversation | undefined> {
    const file = this.file(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
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
    await fs.rm(this.file(id), { force: true });
  }

  /** Summaries, most recently updated first; unreadable files are skipped. */
  async list(): Promise<ConversationSummary[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
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
