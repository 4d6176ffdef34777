/**
 * The chat session under plain Node: the real AimlClient against the real loopback fake server,
 * a real ConversationStore in a temporary folder, and the panel replaced by the list of messages
 * the session posts. No VS Code: the session only takes small interfaces.
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AimlClient } from '../../../src/core/api';
import { newConversation } from '../../../src/core/chat/conversation';
import { ConversationStore } from '../../../src/core/chat/store';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings';
import { ChatSession, type KeyValueState } from '../../../src/host/chat/chatSession';
import type { ToWebview } from '../../../src/shared/protocol';
import { aimlChunk, FakeAimlServer } from '../../support/fakeAimlServer';
import { RecordingLogger } from '../../support/recordingLogger';

const KEY = 'sk-aiml-CHATSESSION-3c9a7e1b2d4c6f8a';

class MemoryState implements KeyValueState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

interface Harness {
  session: ChatSession;
  posted: ToWebview[];
  store: ConversationStore;
  state: MemoryState;
  config: { current: Settings };
  keyPrompts: number;
  hasKey: boolean;
  log: RecordingLogger;
}

describe('ChatSession (plain Node, real client and fake server)', function () {
  let server: FakeAimlServer;
  let dir: string;
  const clients: AimlClient[] = [];
  const sessions: ChatSession[] = [];

  before(async () => {
    server = await FakeAimlServer.start({ validKey: KEY });
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-session-'));
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) {
      s.dispose();
      await s.idle();
    }
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function harness(opts: { settings?: Partial<Settings>; state?: MemoryState } = {}): Harness {
    const client = new AimlClient({ baseUrl: server.url, apiKey: KEY, maxRetries: 0, env: {} });
    clients.push(client);
    const h = {
      posted: [] as ToWebview[],
      store: new ConversationStore(dir),
      state: opts.state ?? new MemoryState(),
      config: { current: { ...DEFAULT_SETTINGS, ...opts.settings } },
      keyPrompts: 0,
      hasKey: true,
      log: new RecordingLogger(),
    } as Harness;
    h.session = new ChatSession({
      store: h.store,
      clients: { get: () => client },
      config: h.config,
      keys: { has: async () => h.hasKey },
      promptForKey: async () => {
        h.keyPrompts++;
      },
      log: h.log,
      state: h.state,
      post: (m) => h.posted.push(m),
      trust: () => ({ restricted: false, bannerDismissed: false }),
    });
    sessions.push(h.session);
    return h;
  }

  const ofType = <T extends ToWebview['type']>(h: Harness, type: T) => h.posted.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type);
  const notices = (h: Harness) => ofType(h, 'notice').map((n) => n.text);
  const deltaText = (h: Harness) =>
    ofType(h, 'delta')
      .map((d) => d.text)
      .join('');

  async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** An answer that sends some text and then stays open until the client goes away. */
  const stalling = (text = 'Partial text, ') => ({ kind: 'stream' as const, chunks: [aimlChunk({ id: 'msg_1' }), aimlChunk({ content: text })], stall: true });

  it('send: streams deltas, ends the turn and saves the conversation', async () => {
    const h = harness();
    server.enqueue({ kind: 'text', text: 'The answer is **42**.', chunkSize: 3 });
    await h.session.send('  What is the answer?  ', []);
    await h.session.idle();

    const started = ofType(h, 'turnStarted');
    assert.equal(started.length, 1);
    assert.equal(started[0]?.user.text, 'What is the answer?');
    assert.equal(started[0]?.assistant.status, 'streaming');
    assert.equal(deltaText(h), 'The answer is **42**.');
    const ended = ofType(h, 'turnEnded');
    assert.equal(ended.length, 1);
    assert.equal(ended[0]?.message.status, 'done');
    assert.equal(ended[0]?.message.text, 'The answer is **42**.');
    assert.ok(ended[0]?.message.usage, 'usage is kept');

    assert.equal(server.chatRequests.length, 1);
    const body = server.chatRequests[0]?.body as { messages: { role: string; content: string }[]; max_tokens: number };
    assert.match(body.messages.at(-1)?.content ?? '', /What is the answer\?/);
    assert.equal(body.max_tokens, DEFAULT_SETTINGS.maxOutputTokens);

    const id = h.session.current.id;
    const saved = await h.store.load(id);
    assert.equal(saved?.title, 'What is the answer?');
    assert.deepEqual(
      saved?.turns.map((t) => [t.role, t.text, t.status]),
      [
        ['user', 'What is the answer?', undefined],
        ['assistant', 'The answer is **42**.', 'done'],
      ],
    );
    assert.equal(h.state.get('aimlClaude.lastConversation'), id);
    assert.equal(h.session.busy, false);
  });

  it('the question is saved once the first text has reached the panel, while the answer streams, and not before the request leaves', async () => {
    const h = harness();
    // The server takes its time over the headers: nothing may be written before the request left.
    server.enqueue({ ...stalling('Still thinking'), headersDelayMs: 300 });
    const sent = h.session.send('Will this survive a crash?', []);
    const id = h.session.current.id;
    await until('the request at the server', () => server.chatRequests.length === 1);
    assert.equal(fs.existsSync(path.join(dir, `${id}.json`)), false, 'no save on the send path');
    await until('the first text', () => deltaText(h) === 'Still thinking');
    await until('the question on disk', () => fs.existsSync(path.join(dir, `${id}.json`)));
    const mid = await h.store.load(id);
    assert.deepEqual(
      mid?.turns.map((t) => [t.role, t.status]),
      [
        ['user', undefined],
        ['assistant', 'streaming'],
      ],
    );
    assert.equal(mid?.turns[0]?.text, 'Will this survive a crash?');
    h.session.stop();
    await sent;
    await h.session.idle();
    assert.equal((await h.store.load(id))?.turns.at(-1)?.status, 'stopped');
  });

  it('an answer whose headers came but no output: the question is saved a second later all the same', async () => {
    const h = harness();
    server.enqueue({ kind: 'stream', chunks: [aimlChunk({ id: 'msg_1' })], stall: true });
    const sent = h.session.send('Thinking for a long time?', []);
    const id = h.session.current.id;
    await until('the request at the server', () => server.chatRequests.length === 1);
    await until('the question on disk', () => fs.existsSync(path.join(dir, `${id}.json`)), 5000);
    const mid = await h.store.load(id);
    assert.equal(mid?.turns[0]?.text, 'Thinking for a long time?');
    assert.equal(mid?.turns.at(-1)?.status, 'streaming');
    assert.equal(deltaText(h), '', 'saved with no output yet');
    h.session.stop();
    await sent;
    await h.session.idle();
    assert.equal((await h.store.load(id))?.turns.at(-1)?.status, 'stopped');
  });

  it('a request refused before any answer (401) is saved at the end, with its error', async () => {
    const h = harness();
    server.enqueue({ kind: 'error', status: 401, message: 'Invalid API key' });
    await h.session.send('Saved even so?', []);
    await h.session.idle();
    const saved = await h.store.load(h.session.current.id);
    assert.equal(saved?.turns[0]?.text, 'Saved even so?');
    assert.equal(saved?.turns.at(-1)?.status, 'failed');
  });

  it('stop: the server sees the connection close, the turn is "stopped" and keeps its partial text', async () => {
    const h = harness();
    server.enqueue(stalling('Half an answer'));
    const sent = h.session.send('Tell me everything', []);
    await until('the first text', () => deltaText(h) === 'Half an answer');
    assert.equal(h.session.busy, true);
    h.session.stop();
    await sent;
    await server.waitForClientClose(1);
    await h.session.idle();

    const turn = h.session.current.turns.at(-1);
    assert.equal(turn?.status, 'stopped');
    assert.equal(turn?.interruption, undefined);
    assert.equal(turn?.text, 'Half an answer');
    assert.equal(turn?.error, undefined);
    assert.equal(ofType(h, 'turnEnded').at(-1)?.message.status, 'stopped');
    assert.equal((await h.store.load(h.session.current.id))?.turns.at(-1)?.status, 'stopped');
    assert.equal(server.clientCloses, 1);
  });

  it('a panel (re)opened mid-answer gets the text so far in init, and exactly the rest as deltas', async () => {
    const h = harness();
    const text = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    server.enqueue({ kind: 'text', text, chunkSize: 3, delayMs: 2 });
    const sent = h.session.send('Stream slowly', []);
    await until('a few deltas', () => ofType(h, 'delta').length >= 3);
    // The panel reloads while the answer streams: a burst of text is pending in the coalescer.
    await h.session.sendInit();
    const at = h.posted.map((m) => m.type).lastIndexOf('init');
    await sent;
    await h.session.idle();
    const init = h.posted[at] as Extract<ToWebview, { type: 'init' }>;
    const streaming = init.messages.at(-1);
    assert.equal(streaming?.status, 'streaming');
    assert.equal(init.busy, true);
    const after = h.posted
      .slice(at + 1)
      .filter((m): m is Extract<ToWebview, { type: 'delta' }> => m.type === 'delta')
      .map((d) => d.text)
      .join('');
    assert.ok(after.length > 0, 'the answer went on after init');
    assert.equal((streaming?.text ?? '') + after, text, 'nothing lost, nothing twice');
  });

  it('regenerate: the last answer is replaced, with one request', async () => {
    const h = harness();
    server.enqueue({ kind: 'text', text: 'First answer.' });
    await h.session.send('Question', []);
    server.enqueue({ kind: 'text', text: 'Second answer.' });
    await h.session.regenerate();
    await h.session.idle();

    assert.equal(server.chatRequests.length, 2, 'one request for the question, one for regenerate');
    assert.deepEqual(
      h.session.current.turns.map((t) => t.text),
      ['Question', 'Second answer.'],
    );
    // The panel drops the exchange and gets the question back with the new answer (turnStarted).
    assert.deepEqual(ofType(h, 'truncate').at(-1), { type: 'truncate', keepCount: 0 });
    assert.equal(ofType(h, 'turnStarted').at(-1)?.user.text, 'Question');
    const again = server.chatRequests[1]?.body as { messages: { role: string; content: string }[] };
    assert.equal(again.messages.length, 1, 'the replaced answer is not sent back as history');
    assert.deepEqual((await h.store.load(h.session.current.id))?.turns.map((t) => t.text), ['Question', 'Second answer.']);
  });

  it('edit last: the question is replaced and answered, the old answer goes', async () => {
    const h = harness();
    server.enqueue({ kind: 'text', text: 'About cats.' });
    await h.session.send('Tell me about cats', []);
    server.enqueue({ kind: 'text', text: 'About dogs.' });
    await h.session.editLast('Tell me about dogs');
    await h.session.idle();

    assert.deepEqual(
      h.session.current.turns.map((t) => t.text),
      ['Tell me about dogs', 'About dogs.'],
    );
    assert.equal(h.session.current.title, 'Tell me about dogs');
    const body = server.chatRequests.at(-1)?.body as { messages: { content: string }[] };
    assert.equal(body.messages.length, 1);
    assert.match(body.messages[0]?.content ?? '', /dogs/);
    assert.doesNotMatch(body.messages[0]?.content ?? '', /cats/);
  });

  it('retry after a failure: the failed answer is replaced by a good one', async () => {
    const h = harness();
    server.enqueue({ kind: 'error', status: 500 });
    await h.session.send('Are you there?', []);
    const failed = h.session.current.turns.at(-1);
    assert.equal(failed?.status, 'failed');
    assert.deepEqual(failed?.error?.actions, ['retry']);
    assert.match(failed?.error?.message ?? '', /server error \(HTTP 500\)/);

    server.enqueue({ kind: 'text', text: 'Yes.' });
    await h.session.retry();
    await h.session.idle();
    assert.deepEqual(
      h.session.current.turns.map((t) => [t.text, t.status]),
      [
        ['Are you there?', undefined],
        ['Yes.', 'done'],
      ],
    );
    assert.equal(server.chatRequests.length, 2);
  });

  it('two quick sends: one request, the second refused with a notice, and Stop still stops the first', async () => {
    const h = harness();
    server.enqueue(stalling());
    // Both started synchronously, one right after the other, as a double Enter would.
    const first = h.session.send('First question', []);
    const second = h.session.send('Second question', []);
    await second;
    assert.ok(
      notices(h).includes('Claude is still answering. Stop it first, or wait for the answer to finish.'),
      notices(h).join(' | '),
    );
    await until('the first request', () => server.chatRequests.length === 1 && deltaText(h).length > 0);

    h.session.stop();
    await first;
    await server.waitForClientClose(1);
    await h.session.idle();
    assert.equal(server.chatRequests.length, 1, 'exactly one request');
    assert.deepEqual(
      h.session.current.turns.map((t) => [t.role, t.text, t.status]),
      [
        ['user', 'First question', undefined],
        ['assistant', 'Partial text, ', 'stopped'],
      ],
    );
    assert.equal(ofType(h, 'turnStarted').length, 1, 'the second question never started: it stays in the box');
  });

  it('Stop reaches an answer that has not reached the server yet: nothing is sent', async () => {
    const h = harness();
    const sent = h.session.send('Never mind', []);
    h.session.stop();
    await sent;
    await h.session.idle();
    assert.equal(server.chatRequests.length, 0);
    assert.equal(h.session.busy, false);
  });

  it('New Chat during an answer: the answer says what ended it, not "stopped"', async () => {
    const h = harness();
    server.enqueue(stalling());
    const sent = h.session.send('A long question', []);
    await until('the first text', () => deltaText(h).length > 0);
    const oldId = h.session.current.id;
    await h.session.newChat();
    await sent;
    await h.session.idle();
    await server.waitForClientClose(1);

    const ended = ofType(h, 'turnEnded').at(-1)?.message;
    assert.equal(ended?.status, 'interrupted');
    assert.equal(ended?.interruption, 'newChat');
    const old = await h.store.load(oldId);
    assert.equal(old?.turns.at(-1)?.status, 'interrupted', 'saved as interrupted, not stopped');
    assert.equal(old?.turns.at(-1)?.interruption, 'newChat');
    assert.equal(old?.turns.at(-1)?.text, 'Partial text, ');
    assert.notEqual(h.session.current.id, oldId);
    assert.equal(h.session.current.turns.length, 0);
    assert.equal(ofType(h, 'init').at(-1)?.busy, false);
  });

  it('Explain during an answer: the answer ends as "you started a new question", and the new question is answered', async () => {
    const h = harness();
    server.enqueue(stalling(), { kind: 'text', text: 'It adds numbers.' });
    const sent = h.session.send('First', []);
    await until('the first text', () => deltaText(h).length > 0);
    await h.session.ask('Explain this code', [{ kind: 'selection', label: 'a.ts:1', text: 'a + b' }], 'Explain this code, briefly.');
    await sent;
    await h.session.idle();

    const turns = h.session.current.turns;
    assert.deepEqual(
      turns.map((t) => [t.role, t.status, t.interruption]),
      [
        ['user', undefined, undefined],
        ['assistant', 'interrupted', 'newQuestion'],
        ['user', undefined, undefined],
        ['assistant', 'done', undefined],
      ],
    );
    assert.equal(turns.at(-1)?.text, 'It adds numbers.');
    assert.equal(server.chatRequests.length, 2);
  });

  it('opening another conversation during an answer ends it as such', async () => {
    const h = harness();
    const other = newConversation('claude-sonnet-4-5');
    other.turns.push({ id: 'u', role: 'user', text: 'Old question', createdAt: 1 }, { id: 'a', role: 'assistant', text: 'Old answer', status: 'done', createdAt: 2 });
    await h.store.save(other);
    server.enqueue(stalling());
    const sent = h.session.send('Current question', []);
    await until('the first text', () => deltaText(h).length > 0);
    const currentId = h.session.current.id;
    await h.session.open(other.id);
    await sent;
    await h.session.idle();
    assert.equal(h.session.current.id, other.id);
    const ended = await h.store.load(currentId);
    assert.equal(ended?.turns.at(-1)?.status, 'interrupted');
    assert.equal(ended?.turns.at(-1)?.interruption, 'otherConversation');
    assert.equal(h.state.get('aimlClaude.lastConversation'), other.id, 'the open conversation is the one to reopen');
  });

  it('deleting the conversation during an answer leaves no file behind', async () => {
    const h = harness();
    server.enqueue(stalling());
    const sent = h.session.send('Doomed question', []);
    await until('the first text', () => deltaText(h).length > 0);
    const id = h.session.current.id;
    await h.session.delete(id);
    await sent;
    await h.session.idle();
    assert.equal(await h.store.load(id), undefined);
    assert.ok(!fs.readdirSync(dir).some((f) => f.startsWith(id)), fs.readdirSync(dir).join(', '));
    assert.notEqual(h.session.current.id, id);
  });

  it('shutting down during an answer: "interrupted", not "stopped"', async () => {
    const h = harness();
    server.enqueue(stalling());
    const sent = h.session.send('Question', []);
    await until('the first text', () => deltaText(h).length > 0);
    h.session.dispose();
    await sent;
    await h.session.idle();
    const turn = h.session.current.turns.at(-1);
    assert.equal(turn?.status, 'interrupted');
    assert.equal(turn?.interruption, 'shutdown');
  });

  it('a reload that finds an answer streaming marks it interrupted when the window closed', async () => {
    const state = new MemoryState();
    const c = newConversation('claude-sonnet-4-5');
    c.turns.push({ id: 'u', role: 'user', text: 'Q', createdAt: 1 }, { id: 'a', role: 'assistant', text: 'Half', status: 'streaming', createdAt: 2 });
    await new ConversationStore(dir).save(c);
    await state.update('aimlClaude.lastConversation', c.id);
    const h = harness({ state });
    await h.session.sendInit();
    const init = ofType(h, 'init')[0];
    assert.equal(init?.conversationId, c.id);
    assert.equal(init?.busy, false);
    assert.equal(init?.messages.at(-1)?.status, 'interrupted');
    assert.equal(init?.messages.at(-1)?.interruption, 'windowClosed');
    assert.equal(init?.messages.at(-1)?.text, 'Half');
  });

  it('no key: the key prompt is called, nothing is sent, the question stays in the box', async () => {
    const h = harness();
    h.hasKey = false;
    await h.session.send('Hello?', []);
    assert.equal(h.keyPrompts, 1);
    assert.equal(server.chatRequests.length, 0);
    assert.equal(h.session.current.turns.length, 0);
    assert.equal(ofType(h, 'turnStarted').length, 0, 'the panel never took the question out of the box');
    assert.ok(notices(h).some((n) => /Set your AI\/ML API key first; your question stays in the box/.test(n)));
    assert.equal(h.session.busy, false, 'free again while the user types the key');
  });

  it('a question too big for the context: refused with the numbers, nothing sent', async () => {
    const h = harness();
    const huge = 'word '.repeat(200_000);
    await h.session.send(huge, []);
    assert.equal(server.chatRequests.length, 0);
    assert.equal(h.session.current.turns.length, 0);
    const over = ofType(h, 'estimate').at(-1);
    assert.equal(over?.over, true);
    assert.equal(over?.limit, 200_000);
    assert.ok(notices(h).some((n) => /about [\d,]+ tokens; Claude Sonnet 4\.5 accepts 200,000/.test(n)), notices(h).join(' | '));
    assert.equal(h.session.busy, false);
  });

  it('an answer cut off at the output limit, retried with a larger limit: twice the setting for that answer only', async () => {
    const h = harness({ settings: { maxOutputTokens: 1000 } });
    server.enqueue({ kind: 'text', text: 'A long answer that was', finishReason: 'length' });
    await h.session.send('Write a lot', []);
    assert.equal(h.session.current.turns.at(-1)?.status, 'truncated');

    server.enqueue({ kind: 'text', text: 'A long answer that was finished.' });
    await h.session.retryLonger();
    await h.session.idle();
    const bodies = server.chatRequests.map((r) => (r.body as { max_tokens: number }).max_tokens);
    assert.deepEqual(bodies, [1000, 2000]);
    assert.ok(notices(h).some((n) => /output limit of 2,000 tokens \(twice aimlClaude\.maxOutputTokens\), for this answer only/.test(n)), notices(h).join(' | '));
    assert.deepEqual(
      h.session.current.turns.map((t) => [t.text, t.status]),
      [
        ['Write a lot', undefined],
        ['A long answer that was finished.', 'done'],
      ],
    );
    server.enqueue({ kind: 'text', text: 'Next.' });
    await h.session.send('And now?', []);
    assert.equal((server.chatRequests.at(-1)?.body as { max_tokens: number }).max_tokens, 1000, 'the next answer has the setting again');
  });

  it('retry with a larger limit near the model’s largest: the model’s largest, said so', async () => {
    const h = harness({ settings: { maxOutputTokens: 40_000 } });
    server.enqueue({ kind: 'text', text: 'Cut', finishReason: 'length' }, { kind: 'text', text: 'Whole.' });
    await h.session.send('Write a novel', []);
    await h.session.retryLonger();
    await h.session.idle();
    assert.deepEqual(
      server.chatRequests.map((r) => (r.body as { max_tokens: number }).max_tokens),
      [40_000, 64_000],
    );
    assert.ok(notices(h).some((n) => /output limit of 64,000 tokens \(Claude Sonnet 4\.5’s largest\)/.test(n)), notices(h).join(' | '));
  });

  it('retry with a larger limit at the model’s largest: says so and sends nothing', async () => {
    const h = harness({ settings: { maxOutputTokens: 64_000 } });
    server.enqueue({ kind: 'text', text: 'Cut', finishReason: 'length' });
    await h.session.send('Write a book', []);
    await h.session.retryLonger();
    assert.equal(server.chatRequests.length, 1);
    assert.ok(notices(h).some((n) => /already Claude Sonnet 4\.5’s largest \(64,000 tokens\)/.test(n)), notices(h).join(' | '));
    assert.equal(h.session.current.turns.at(-1)?.text, 'Cut', 'the answer is kept');
  });
});
