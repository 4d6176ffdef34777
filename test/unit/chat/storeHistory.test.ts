import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newConversation } from '../../../src/core/chat/conversation';
import { ConversationStore, type SetAsideFile } from '../../../src/core/chat/store';
import { RecordingLogger } from '../../support/recordingLogger';

describe('conversation store: history operations', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-history-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function sample(title: string, updatedAt: number, answer = 'ok') {
    const c = newConversation('claude-sonnet-4-5', updatedAt);
    c.title = title;
    c.turns.push({ id: 'u1', role: 'user', text: title, createdAt: updatedAt }, { id: 'a1', role: 'assistant', text: answer, status: 'done', createdAt: updatedAt });
    return c;
  }

  it('sets a file that is not JSON aside, renamed beside the others, and says so once', async () => {
    const log = new RecordingLogger();
    const store = new ConversationStore(dir, log);
    const seen: SetAsideFile[] = [];
    store.onSetAside = (f) => seen.push(f);
    const good = sample('Good', 1);
    await store.save(good);
    const id = 'b0rken00-0000-4000-8000-000000000000';
    fs.writeFileSync(path.join(dir, `${id}.json`), '{"version":1,"id":');
    assert.deepEqual((await store.list()).map((s) => s.id), [good.id]);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.id, id);
    assert.match(path.basename(seen[0]?.file ?? ''), new RegExp(`^${id}\\.corrupt-\\d{8}T\\d{9}Z\\.json$`));
    assert.equal(fs.readFileSync(seen[0]?.file ?? '', 'utf8'), '{"version":1,"id":', 'kept byte for byte');
    assert.equal(fs.existsSync(path.join(dir, `${id}.json`)), false);
    assert.match(log.text, /set aside/);
    // Listed again: the file set aside is neither listed, nor set aside a second time.
    assert.deepEqual((await store.list()).map((s) => s.id), [good.id]);
    assert.equal(seen.length, 1);
    assert.equal(fs.readdirSync(dir).length, 2);
  });

  it('sets a file that fails the schema aside too; one from a newer version is left where it is', async () => {
    const store = new ConversationStore(dir, new RecordingLogger());
    const seen: string[] = [];
    store.onSetAside = (f) => seen.push(f.id);
    const c = sample('Shape', 1);
    fs.writeFileSync(path.join(dir, 'shape.json'), JSON.stringify({ ...c, id: 'shape', turns: [{ role: 'system' }] }));
    fs.writeFileSync(path.join(dir, 'newer.json'), JSON.stringify({ ...c, id: 'newer', version: 2, somethingNew: true }));
    assert.equal(await store.load('shape'), undefined);
    assert.equal(await store.load('newer'), undefined);
    assert.deepEqual(seen, ['shape']);
    assert.ok(fs.existsSync(path.join(dir, 'newer.json')), 'a newer version’s file is not touched');
    assert.ok(fs.readdirSync(dir).some((n) => n.startsWith('shape.corrupt-')));
  });

  it('delete returns the file’s bytes, and restore puts them back exactly, owner-only', async () => {
    const store = new ConversationStore(dir);
    const c = sample('Keep me', 1);
    await store.save(c);
    const file = path.join(dir, `${c.id}.json`);
    const before = fs.readFileSync(file);
    const bytes = await store.delete(c.id);
    assert.equal(fs.existsSync(file), false);
    assert.ok(bytes && Buffer.from(bytes).equals(before));
    await store.restore(c.id, bytes);
    assert.ok(fs.readFileSync(file).equals(before), 'byte for byte');
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(await store.load(c.id), c);
    assert.equal(await store.delete('missing-id'), undefined);
  });

  it('renames a conversation and keeps its last activity; false when it is gone', async () => {
    const store = new ConversationStore(dir);
    const c = sample('Old name', 1234);
    await store.save(c);
    assert.equal(await store.rename(c.id, 'New name'), true);
    const after = await store.load(c.id);
    assert.equal(after?.title, 'New name');
    assert.equal(after?.updatedAt, 1234);
    assert.equal(await store.rename('not-there', 'x'), false);
  });

  it('lists only what matches a search, with an excerpt when the title does not show it', async () => {
    const store = new ConversationStore(dir);
    await store.save(sample('Parser bug', 2, 'Use slice(0) instead.'));
    await store.save(sample('Rename total', 1, 'Call it sum_items.'));
    assert.deepEqual((await store.list('PARSER')).map((s) => [s.title, s.excerpt]), [['Parser bug', undefined]]);
    assert.deepEqual((await store.list('sum_items')).map((s) => [s.title, s.excerpt]), [['Rename total', 'Call it sum_items.']]);
    assert.deepEqual(await store.list('nothing like it'), []);
    assert.equal((await store.list('')).length, 2);
  });
});
