import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FORMAT_VERSION, newConversation, titleFrom } from '../../../src/core/chat/conversation';
import { ConversationStore } from '../../../src/core/chat/store';
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

  it('refuses to save a conversation of the wrong shape', async () => {
    const store = new ConversationStore(dir);
    const bad = { ...sample('Bad', 1), turns: [{ role: 'system' }] } as never;
    await assert.rejects(store.save(bad));
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('reports a failed rename with its cause and cleans up', async () => {
    const store = new ConversationStore(dir);
    const c = sample('Blocked', 1);
    fs.mkdirSync(path.join(dir, `${c.id}.json`));
    fs.writeFileSync(path.join(dir, `${c.id}.json`, 'x'), 'occupied');
    await assert.rejects(store.save(c), (e: Error) => /could not save/.test(e.message) && e.cause !== undefined);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
});

describe('conversation titles', () => {
  it('uses the first question, shortened at a word', () => {
    assert.equal(titleFrom('  How do I   sort a list?\nThanks'), 'How do I sort a list? Thanks');
    const long = titleFrom('Explain the difference between promises and async iterators in modern JavaScript runtimes please');
    assert.ok(long.length <= 61 && long.endsWith('…'));
    assert.equal(titleFrom('   '), 'New chat');
  });
});
