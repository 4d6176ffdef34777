/**
 * The spend warning and the running total in the chat session, under plain Node: the real client
 * against the real fake server, a real ConversationStore, and `confirmSpend` answering as the
 * user would. The server's recorded requests show what was sent.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AimlClient } from '../../../src/core/api';
import { ConversationStore } from '../../../src/core/chat/store';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../../../src/core/settings';
import { ChatSession, type KeyValueState } from '../../../src/host/chat/chatSession';
import type { ToWebview } from '../../../src/shared/protocol';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { RecordingLogger } from '../../support/recordingLogger';

const KEY = 'sk-aiml-SPEND-7a1c3e5b9d2f4a6c';

class MemoryState implements KeyValueState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

describe('ChatSession: what a conversation costs', function () {
  let server: FakeAimlServer;
  let dir: string;
  let client: AimlClient;
  const sessions: ChatSession[] = [];

  before(async () => (server = await FakeAimlServer.start({ validKey: KEY })));
  after(async () => server.stop());
  beforeEach(() => {
    server.reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-spend-'));
    client = new AimlClient({ baseUrl: server.url, apiKey: KEY, maxRetries: 0, env: {} });
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) {
      s.dispose();
      await s.idle();
    }
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function harness(spendWarning: string, state = new MemoryState()) {
    const settings: Settings = { ...DEFAULT_SETTINGS, spendWarning: parseSettings({ spendWarning }).settings.spendWarning };
    const h = { posted: [] as ToWebview[], asked: [] as string[], answers: [] as boolean[], store: new ConversationStore(dir), state };
    const session = new ChatSession({
      store: h.store,
      clients: { get: () => client },
      config: { current: settings },
      keys: { has: async () => true },
      promptForKey: async () => undefined,
      log: new RecordingLogger(),
      state,
      post: (m) => h.posted.push(m),
      trust: () => ({ restricted: false, bannerDismissed: false }),
      confirmSpend: async (message) => {
        h.asked.push(message);
        const answer = h.answers.shift();
        if (answer === undefined) throw new Error(`not expected to ask: ${message}`);
        return answer;
      },
    });
    sessions.push(session);
    return { ...h, session };
  }

  const answer = (total: number, extra: { cached?: number; usd?: number } = {}) => ({
    kind: 'text' as const,
    text: `Answer of ${total} tokens.`,
    usage: { prompt_tokens: total - 10, completion_tokens: 10, total_tokens: total, ...(extra.cached ? { prompt_tokens_details: { cached_tokens: extra.cached } } : {}) },
    ...(extra.usd !== undefined ? { meta: { usd_spent: extra.usd } } : {}),
  });
  const spentPosts = (posted: ToWebview[]) => posted.flatMap((m) => (m.type === 'spent' ? [m.usage?.totalTokens ?? 0] : []));

  it('past the limit the next send asks once; Cancel sends nothing and keeps the question; Send goes on; later sends do not ask', async () => {
    const h = harness('150 tokens');
    server.enqueue(answer(120, { cached: 100 }));
    await h.session.send('first', []);
    assert.deepEqual(h.asked, [], 'under the limit: no question');
    server.enqueue(answer(100));
    await h.session.send('second', []);
    assert.deepEqual(h.asked, [], 'the total was 120 before this request: no question');
    assert.equal(server.chatRequests.length, 2);

    // Now 220 ≥ 150: the next request asks. Cancel.
    h.answers.push(false);
    const turnsBefore = h.posted.filter((m) => m.type === 'turnStarted').length;
    await h.session.send('third', []);
    assert.deepEqual(h.asked, ['This conversation has used 220 tokens (warning at 150). Send anyway?']);
    assert.equal(server.chatRequests.length, 2, 'nothing sent');
    assert.equal(h.posted.filter((m) => m.type === 'turnStarted').length, turnsBefore, 'no turn started: the composer keeps the question');
    assert.ok(h.posted.some((m) => m.type === 'notice' && m.text === 'Not sent. Your question is still in the box.'));
    assert.equal(h.session.current.turns.length, 4);

    // Asked again (Cancel acknowledged nothing); Send goes on.
    h.answers.push(true);
    server.enqueue(answer(50));
    await h.session.send('third', []);
    assert.equal(h.asked.length, 2);
    assert.equal(server.chatRequests.length, 3, 'sent');
    const lastBody = server.chatRequests.at(-1)?.body as { messages: Array<{ content: unknown }> };
    assert.match(JSON.stringify(lastBody.messages.at(-1)), /third/);

    // Once per crossing: the fourth request does not ask.
    server.enqueue(answer(10));
    await h.session.send('fourth', []);
    assert.equal(h.asked.length, 2);
    assert.equal(server.chatRequests.length, 4);
    assert.deepEqual(spentPosts(h.posted).slice(-4), [120, 220, 270, 280]);
  });

  it('the running total counts replaced answers, and is saved with the conversation (and the acknowledgement)', async () => {
    const state = new MemoryState();
    const h = harness('1000 tokens', state);
    server.enqueue(answer(300, { usd: 0.01 }));
    await h.session.send('question', []);
    server.enqueue(answer(400, { usd: 0.02 }));
    await h.session.regenerate();
    const c = h.session.current;
    assert.equal(c.turns.length, 2, 'the first answer was replaced');
    assert.deepEqual(c.spent, { promptTokens: 680, completionTokens: 20, totalTokens: 700, usdSpent: 0.03 });
    await h.session.idle();
    const saved = await h.store.load(c.id);
    assert.deepEqual(saved?.spent, c.spent);

    // Reopened in a new session (a reload): the panel is told the total at init.
    const again = harness('1000 tokens', state);
    await again.session.sendInit();
    const init = again.posted.filter((m) => m.type === 'spent').at(-1);
    assert.deepEqual(init, { type: 'spent', usage: { promptTokens: 680, completionTokens: 20, totalTokens: 700, usdSpent: 0.03 } });
  });

  it('a USD limit without a reported cost says once that it cannot be checked, and sends', async () => {
    const h = harness('1 USD');
    server.enqueue(answer(100));
    await h.session.send('one', []);
    server.enqueue(answer(100));
    await h.session.send('two', []);
    server.enqueue(answer(100));
    await h.session.send('three', []);
    assert.equal(server.chatRequests.length, 3);
    assert.equal(h.posted.filter((m) => m.type === 'notice' && /cannot be checked/.test(m.text)).length, 1);
  });

  it('regenerate past the limit asks too; Cancel keeps the answer', async () => {
    const h = harness('50 tokens');
    server.enqueue(answer(80));
    await h.session.send('q', []);
    h.answers.push(false);
    await h.session.regenerate();
    assert.equal(h.asked.length, 1);
    assert.equal(server.chatRequests.length, 1);
    assert.equal(h.session.current.turns.at(-1)?.text, 'Answer of 80 tokens.');
    assert.ok(h.posted.some((m) => m.type === 'notice' && m.text === 'Not sent.'));
  });
});
