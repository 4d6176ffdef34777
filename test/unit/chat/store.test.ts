import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FORMAT_VERSION, newConversation, titleFrom, type Conversation } from '../../../src/core/chat/conversation';
import { ConversationStore, type StoreFileSystem } from '../../../src/core/chat/store';
import { RecordingLogger } from '../../support/recordingLogger';

describe('conversation store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-store-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function sample(title: string, updatedAt: number) {
    const c = newConversation('claude-sonnet-4-5', updatedAt);
    c.title = title;
    c.turns.push({ id: 'u1', role: 'user', text: title, createdAt: updatedAt }, { id: 'a1', role: 'assistant', text: 'ok', status: 'done', createdAt: updatedAt });
    return c;
  }

  it('saves and loads a conversation exactly', async () => {
    const store = new ConversationStore(dir);
    const c = sample('First', 1000);
    await store.save(c);
    assert.deepEqual(await store.load(c.id), c);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, `${c.id}.json`), 'utf8')).version, FORMAT_VERSION);
  });

  it('writes atomically: no temporary files are left behind', async () => {
    const store = new ConversationStore(dir);
    const c = sample('Atomic', 1);
    for (let i = 0; i < 5; i++) {
      c.turns[1]!.text = `answer ${i}`;
      await store.save(c);
    }
    assert.deepEqual(fs.readdirSync(dir), [`${c.id}.json`]);
    assert.equal((await store.load(c.id))?.turns[1]?.text, 'answer 4');
  });

  it('lists conversations newest first, skipping empty and unreadable ones', async () => {
    const log = new RecordingLogger();
    const store = new ConversationStore(dir, log);
    const a = sample('Older', 1000);
    const b = sample('Newer', 2000);
    await store.save(a);
    await store.save(b);
    await store.save(newConversation('claude-opus-4-5'));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{not json');
    fs.writeFileSync(path.join(dir, 'future.json'), JSON.stringify({ ...a, id: 'future', version: 99 }));
    const list = await store.list();
    assert.deepEqual(list.map((s) => s.title), ['Newer', 'Older']);
    assert.equal(list[0]?.messageCount, 2);
    assert.ok(log.text.includes('not valid JSON'));
    assert.ok(log.text.includes('unknown format'));
  });

  it('deletes, and a missing conversation loads as undefined', async () => {
    const store = new ConversationStore(dir);
    const c = sample('Gone', 1);
    await store.save(c);
    await store.delete(c.id);
    assert.equal(await store.load(c.id), undefined);
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(await new ConversationStore(path.join(dir, 'nowhere')).list(), []);
  });

  it('refuses ids that could escape the folder', async () => {
    const store = new ConversationStore(dir);
    await assert.rejects(store.load('../etc/passwd'), /invalid conversation id/);
    await assert.rejects(store.delete('a/b'), /invalid conversation id/);
  });

  it('refuses to save a conversation of the wrong shape: a clear error, nothing written, not even the folder', async () => {
    const folder = path.join(dir, 'conversations');
    const store = new ConversationStore(folder);
    const bad = { ...sample('Bad', 1), turns: [{ role: 'system' }] } as never;
    await assert.rejects(store.save(bad), (e: Error) => /invalid shape and was not saved/.test(e.message) && e.cause !== undefined);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('reports a failed rename with its cause and cleans up', async () => {
    const store = new ConversationStore(dir);
    const c = sample('Blocked', 1);
    fs.mkdirSync(path.join(dir, `${c.id}.json`));
    fs.writeFileSync(path.join(dir, `${c.id}.json`, 'x'), 'occupied');
    await assert.rejects(store.save(c), (e: Error) => /could not save/.test(e.message) && e.cause !== undefined);
    assert.deepEqual(leftovers(dir), []);
    assert.deepEqual(fs.readdirSync(dir), [`${c.id}.json`]);
  });
});

/** Temporary files of the store (`.id.uuid.tmp`) left in the folder. */
function leftovers(folder: string): string[] {
  return fs.readdirSync(folder).filter((f) => f.endsWith('.tmp'));
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('conversation store: the user\'s code at rest', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-store-modes-'));
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o700);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function sample(text: string): Conversation {
    const c = newConversation('claude-sonnet-4-5', 1000);
    c.turns.push({ id: 'u1', role: 'user', text, createdAt: 1000 }, { id: 'a1', role: 'assistant', text: `answer to ${text}`, status: 'done', createdAt: 1000 });
    return c;
  }

  if (process.platform === 'win32') {
    it('Windows: saved in the profile folder, readable and writable by the user (POSIX modes do not apply)', async () => {
      const folder = path.join(dir, 'a', 'conversations');
      const c = sample('secret code');
      await new ConversationStore(folder).save(c);
      const file = path.join(folder, `${c.id}.json`);
      assert.ok(fs.statSync(folder).isDirectory());
      assert.notEqual(fs.statSync(file).mode & 0o200, 0, 'the file is not read-only');
      assert.deepEqual(await new ConversationStore(folder).load(c.id), c);
    });
  } else {
    it('creates the folder 0700 and each file 0600 (the umask cannot loosen them)', async () => {
      const folder = path.join(dir, 'a', 'conversations');
      const c = sample('secret code');
      const log = new RecordingLogger();
      const umask = process.umask(0o000); // the loosest: only the store's own modes are left
      try {
        await new ConversationStore(folder, log).save(c);
      } finally {
        process.umask(umask);
      }
      assert.equal(mode(folder).toString(8), '700');
      assert.doesNotMatch(log.text, /owner-only/, 'made 0700, not made looser and tightened after');
      assert.equal(mode(path.join(folder, `${c.id}.json`)).toString(8), '600');
    });

    it('a file an older version wrote 0644 is 0600 after the next save', async () => {
      const store = new ConversationStore(dir);
      const c = sample('older');
      const file = path.join(dir, `${c.id}.json`);
      fs.writeFileSync(file, JSON.stringify(c), { mode: 0o644 });
      fs.chmodSync(file, 0o644);
      c.turns[1]!.text = 'newer';
      await store.save(c);
      assert.equal(mode(file).toString(8), '600');
      assert.equal((await store.load(c.id))?.turns[1]?.text, 'newer');
    });

    it('tightens an existing 0755 folder to 0700, and says so in the log', async () => {
      const folder = path.join(dir, 'conversations');
      fs.mkdirSync(folder);
      fs.chmodSync(folder, 0o755);
      const log = new RecordingLogger();
      await new ConversationStore(folder, log).save(sample('x'));
      assert.equal(mode(folder).toString(8), '700');
      assert.match(log.text, /readable by others \(mode 755\); now owner-only/);
    });

    it('a looser folder it may not change (another user\'s): saved all the same, the file 0600, a warning logged', async () => {
      const folder = path.join(dir, 'conversations');
      fs.mkdirSync(folder);
      fs.chmodSync(folder, 0o755);
      const log = new RecordingLogger();
      const c = sample('x');
      const refuses: StoreFileSystem = { ...fs.promises, chmod: () => Promise.reject(errno('EPERM', 'chmod')) };
      await new ConversationStore(folder, log, refuses).save(c);
      assert.equal(mode(path.join(folder, `${c.id}.json`)).toString(8), '600');
      assert.equal(mode(folder).toString(8), '755');
      assert.match(log.text, /readable by others \(mode 755\) and could not be made owner-only/);
      assert.deepEqual(await new ConversationStore(folder).load(c.id), c);
    });

    it('leaves an owner-only folder as it is, without a log line', async () => {
      const folder = path.join(dir, 'conversations');
      fs.mkdirSync(folder);
      fs.chmodSync(folder, 0o700);
      const log = new RecordingLogger();
      await new ConversationStore(folder, log).save(sample('x'));
      assert.equal(mode(folder).toString(8), '700');
      assert.doesNotMatch(log.text, /owner-only/);
    });
  }
});

/** A fault injected into one step of a save; the operation really runs first where it can. */
type Fault = 'write' | 'sync' | 'close' | 'open';

function errno(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected by the test, ${syscall}`), { code, syscall });
}

/**
 * Node's own file system with one step of a save failing the way a real disk fails: the write
 * puts half the text on disk then reports ENOSPC; fsync and close really run, then report EIO.
 */
function failing(fault: Fault): StoreFileSystem {
  const real = fs.promises;
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      if (fault === 'open') throw errno('EMFILE', 'open');
      const handle = await real.open(...args);
      const { writeFile, sync, close } = { writeFile: handle.writeFile.bind(handle), sync: handle.sync.bind(handle), close: handle.close.bind(handle) };
      if (fault === 'write') {
        handle.writeFile = async (data: Parameters<typeof writeFile>[0]) => {
          await writeFile(String(data).slice(0, Math.floor(String(data).length / 2)));
          throw errno('ENOSPC', 'write');
        };
      }
      if (fault === 'sync') {
        handle.sync = async () => {
          await sync();
          throw errno('EIO', 'fsync');
        };
      }
      if (fault === 'close') {
        handle.close = async () => {
          await close();
          throw errno('EIO', 'close');
        };
      }
      return handle;
    },
  };
}

describe('conversation store: a failed save leaves no temporary file and loses nothing', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-store-fail-'));
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o700);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function saved(): Conversation {
    const c = newConversation('claude-sonnet-4-5', 1000);
    c.title = 'Kept';
    c.turns.push({ id: 'u1', role: 'user', text: 'question', createdAt: 1000 }, { id: 'a1', role: 'assistant', text: 'the saved answer', status: 'done', createdAt: 1000 });
    return c;
  }

  for (const [fault, code] of [['open', 'EMFILE'], ['write', 'ENOSPC'], ['sync', 'EIO'], ['close', 'EIO']] as const) {
    it(`${fault} fails (${code}): the error says so with its cause, the previous version stays, no temporary file`, async () => {
      const good = new ConversationStore(dir);
      const c = saved();
      await good.save(c);
      const before = fs.readFileSync(path.join(dir, `${c.id}.json`), 'utf8');
      const next = structuredClone(c);
      next.turns[1]!.text = 'an answer that never reaches the disk '.repeat(50);
      const log = new RecordingLogger();
      await assert.rejects(
        new ConversationStore(dir, log, failing(fault)).save(next),
        (e: Error) => e.message === `could not save the conversation ${c.id}` && (e.cause as NodeJS.ErrnoException | undefined)?.code === code,
      );
      assert.deepEqual(leftovers(dir), []);
      assert.deepEqual(fs.readdirSync(dir), [`${c.id}.json`]);
      assert.equal(fs.readFileSync(path.join(dir, `${c.id}.json`), 'utf8'), before);
      assert.deepEqual(await good.load(c.id), c);
      assert.equal(log.lines.filter((l) => l.level === 'warn').length, 0, 'the temporary file was removed without complaint');
    });
  }

  it('a file where the folder should be: a clear error with its cause, nothing created', async () => {
    const blocker = path.join(dir, 'conversations');
    fs.writeFileSync(blocker, 'not a folder');
    await assert.rejects(new ConversationStore(blocker).save(saved()), (e: Error) => /could not save the conversation/.test(e.message) && (e.cause as NodeJS.ErrnoException | undefined)?.code === 'EEXIST');
    assert.deepEqual(fs.readdirSync(dir), ['conversations']);
    assert.equal(fs.readFileSync(blocker, 'utf8'), 'not a folder');
  });

  if (process.platform === 'win32') {
    it('Windows: a folder marked read-only still takes the save (the attribute does not apply to folders)', async () => {
      fs.chmodSync(dir, 0o500);
      const c = saved();
      await new ConversationStore(dir).save(c);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    });
  } else {
    it('a read-only folder (0500): a clear error with its cause, the previous version stays, no temporary file', async function () {
      this.timeout(60_000);
      const c = saved();
      await new ConversationStore(dir).save(c);
      const before = fs.readFileSync(path.join(dir, `${c.id}.json`), 'utf8');
      const next = structuredClone(c);
      next.turns[1]!.text = 'never written';
      const result = saveAsUnprivileged(dir, next);
      assert.equal(result.ok, false, 'the save was refused');
      assert.equal(result.message, `could not save the conversation ${c.id}`);
      assert.equal(result.code, 'EACCES');
      assert.deepEqual(fs.readdirSync(dir), [`${c.id}.json`]);
      assert.equal(fs.readFileSync(path.join(dir, `${c.id}.json`), 'utf8'), before);
    });
  }
});

interface ChildSave {
  ok: boolean;
  message?: string;
  code?: string;
}

/**
 * Saves into `folder` made read-only (0500). Root ignores a folder's modes, so as root the save
 * runs in a child process as the unprivileged user `nobody` (65534), who then owns the folder: the
 * same store code, the same kernel check a user meets.
 */
function saveAsUnprivileged(folder: string, conversation: Conversation): ChildSave {
  const root = process.getuid?.() === 0;
  const script = `
    const { ConversationStore } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/core/chat/store.ts'))});
    const [folder, json] = process.argv.slice(-2);
    new ConversationStore(folder).save(JSON.parse(json)).then(
      () => console.log(JSON.stringify({ ok: true })),
      (e) => console.log(JSON.stringify({ ok: false, message: e.message, code: e.cause?.code })),
    );`;
  if (root) {
    for (let p = path.dirname(folder); p !== path.dirname(p); p = path.dirname(p)) {
      if ((fs.statSync(p).mode & 0o001) === 0) throw new Error(`${p} is closed to other users: nobody cannot reach the test folder (set TMPDIR to an open folder)`);
    }
    fs.chownSync(folder, 65534, 65534);
    for (const f of fs.readdirSync(folder)) fs.chownSync(path.join(folder, f), 65534, 65534);
  }
  fs.chmodSync(folder, 0o500);
  const tsxCache = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-tsx-'));
  fs.chmodSync(tsxCache, 0o777);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, '--', folder, JSON.stringify(conversation)], {
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', TMPDIR: tsxCache, HOME: tsxCache },
      ...(root ? { uid: 65534, gid: 65534 } : {}),
    });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !line.startsWith('{')) throw new Error(`the child save did not run (exit ${r.status}): ${r.stderr}`);
    return JSON.parse(line) as ChildSave;
  } finally {
    fs.rmSync(tsxCache, { recursive: true, force: true });
  }
}

describe('conversation titles', () => {
  it('uses the first question, shortened at a word', () => {
    assert.equal(titleFrom('  How do I   sort a list?\nThanks'), 'How do I sort a list? Thanks');
    const long = titleFrom('Explain the difference between promises and async iterators in modern JavaScript runtimes please');
    assert.ok(long.length <= 61 && long.endsWith('…'));
    assert.equal(titleFrom('   '), 'New chat');
  });
});
