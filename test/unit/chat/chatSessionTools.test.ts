/**
 * The chat session with tools and project instructions, under plain Node: the real AimlClient
 * against the fake server scripting tool rounds, the core's workspace tools over a real folder,
 * a real ConversationStore. What the panel would be shown is the list of posted messages.
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AimlClient } from '../../../src/core/api';
import { ConversationStore } from '../../../src/core/chat/store';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import type { Instructions } from '../../../src/core/prompts';
import { ToolSet, WORKSPACE_TOOLS } from '../../../src/core/tools';
import { ChatSession, type KeyValueState } from '../../../src/host/chat/chatSession';
import type { ToWebview } from '../../../src/shared/protocol';
import { FakeAimlServer } from '../../support/fakeAimlServer';
import { toolCallScript } from '../../support/fakeToolScripts';
import { RecordingLogger } from '../../support/recordingLogger';
import { makeToolFixture, type ToolFixture } from '../tools/fixture';

const KEY = 'sk-aiml-TOOLSESSION-1b2d4c6f8a3c9a7e';

class MemoryState implements KeyValueState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

interface WireBody {
  system?: string;
  tools?: unknown[];
  messages: Array<{ role: string; content: string | null; tool_calls?: Array<{ id: string; function: { name: string } }>; tool_call_id?: string }>;
}

describe('ChatSession with tools and project instructions (plain Node)', function () {
  let server: FakeAimlServer;
  let fx: ToolFixture;
  let dir: string;
  const clients: AimlClient[] = [];
  const sessions: ChatSession[] = [];

  before(async () => {
    server = await FakeAimlServer.start({ validKey: KEY });
    fx = makeToolFixture();
  });
  after(async () => {
    await server.stop();
    fx.cleanup();
  });
  beforeEach(() => {
    server.reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aimlc-tools-session-'));
  });
  afterEach(async () => {
    for (const s of sessions.splice(0)) {
      s.dispose();
      await s.idle();
    }
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function harness(opts: { tools?: boolean; instructions?: Instructions[]; store?: ConversationStore; state?: MemoryState } = {}) {
    const client = new AimlClient({ baseUrl: server.url, apiKey: KEY, maxRetries: 0, env: {} });
    clients.push(client);
    const posted: ToWebview[] = [];
    const listeners: Array<() => void> = [];
    let instructions = opts.instructions ?? [];
    const store = opts.store ?? new ConversationStore(dir);
    const session = new ChatSession({
      store,
      clients: { get: () => client },
      config: { current: { ...DEFAULT_SETTINGS } },
      keys: { has: async () => true },
      promptForKey: async () => undefined,
      log: new RecordingLogger(),
      state: opts.state ?? new MemoryState(),
      post: (m) => posted.push(m),
      trust: () => ({ restricted: false, bannerDismissed: false }),
      instructions: {
        current: async () => instructions,
        onDidChange: (l) => {
          listeners.push(l);
          return { dispose: () => undefined };
        },
      },
      tools: opts.tools === false ? undefined : (signal) => ({ set: new ToolSet(WORKSPACE_TOOLS), context: fx.ctx({ signal }), maxRounds: 15 }),
    });
    sessions.push(session);
    const setInstructions = (list: Instructions[]) => {
      instructions = list;
      for (const l of listeners) l();
    };
    return { session, posted, store, setInstructions };
  }

  const ofType = <T extends ToWebview['type']>(posted: ToWebview[], type: T) => posted.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type);
  const bodies = () => server.chatRequests.map((r) => r.body as WireBody);

  it('two tool rounds: the steps stream to the panel (running, then done), the answer follows, and all of it is saved', async () => {
    const h = harness();
    server.enqueue(
      toolCallScript([{ name: 'search_text', arguments: { query: 'parseConfig', glob: '**/*.ts' }, id: 'toolu_s' }], { text: 'Let me search.' }),
      toolCallScript([{ name: 'read_file', arguments: { path: 'src/config.ts', start_line: 5, end_line: 7 }, id: 'toolu_r' }]),
      { kind: 'text', text: '`parseConfig` is defined in `src/config.ts` and used in `src/main.ts`.' },
    );
    await h.session.send('Where is parseConfig used?', []);
    await h.session.idle();

    const steps = ofType(h.posted, 'toolStep').map((m) => [m.step.id, m.step.status, m.step.summary]);
    assert.deepEqual(steps, [
      ['toolu_s', 'running', 'Searching `parseConfig` in `**/*.ts`…'],
      ['toolu_s', 'done', 'Searched `parseConfig` in `**/*.ts` — 3 matches'],
      ['toolu_r', 'running', 'Reading `src/config.ts`…'],
      ['toolu_r', 'done', 'Read `src/config.ts` 5–7'],
    ]);
    const ended = ofType(h.posted, 'turnEnded')[0]?.message;
    assert.equal(ended?.status, 'done');
    assert.equal(ended?.text, 'Let me search.\n\n`parseConfig` is defined in `src/config.ts` and used in `src/main.ts`.');
    assert.deepEqual(ended?.steps?.map((s) => [s.name, s.status, s.location]), [
      ['search_text', 'done', undefined],
      ['read_file', 'done', { path: 'src/config.ts', line: 5 }],
    ]);
    assert.match(ended?.steps?.[1]?.result ?? '', /5\texport function parseConfig/);

    const saved = await h.store.load(h.session.current.id);
    const turn = saved?.turns.at(-1);
    assert.deepEqual(turn?.rounds?.map((r) => [r.text, r.calls.map((c) => c.name)]), [
      ['Let me search.', ['search_text']],
      ['', ['read_file']],
      ['`parseConfig` is defined in `src/config.ts` and used in `src/main.ts`.', []],
    ]);
    assert.deepEqual(h.session.stepLocation(turn?.id ?? '', 'toolu_r'), { path: 'src/config.ts', line: 5 });
  });

  it('the next question sends the earlier answer as it went: calls, results, then its text', async () => {
    const h = harness();
    server.enqueue(toolCallScript([{ name: 'list_files', arguments: { glob: '*.md' }, id: 'toolu_l' }]), { kind: 'text', text: 'There is README.md.' }, { kind: 'text', text: 'Yes.' });
    await h.session.send('Which docs are there?', []);
    await h.session.idle();
    await h.session.send('Is that all?', []);
    await h.session.idle();
    const third = bodies()[2]?.messages ?? [];
    assert.deepEqual(third.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant', 'user']);
    assert.equal(third[1]?.tool_calls?.[0]?.id, 'toolu_l');
    assert.equal(third[2]?.tool_call_id, 'toolu_l');
    assert.equal(third[2]?.content, 'README.md');
    assert.equal(third[3]?.content, 'There is README.md.');
  });

  it('a reload shows the steps again from the saved conversation', async () => {
    const state = new MemoryState();
    const store = new ConversationStore(dir);
    const first = harness({ state, store });
    server.enqueue(toolCallScript([{ name: 'read_file', arguments: { path: 'README.md' }, id: 'toolu_1' }]), { kind: 'text', text: 'Read it.' });
    await first.session.send('Read the readme', []);
    await first.session.idle();
    const second = harness({ state, store });
    await second.session.sendInit();
    const init = ofType(second.posted, 'init')[0];
    assert.deepEqual(init?.messages.at(-1)?.steps?.map((s) => [s.id, s.summary, s.status]), [['toolu_1', 'Read `README.md` 1–3', 'done']]);
  });

  it('Stop during a tool round: no further request, the answer reads Stopped, its steps kept', async () => {
    const h = harness();
    server.enqueue(toolCallScript([{ name: 'read_file', arguments: { path: 'src/main.ts' }, id: 'toolu_a' }]), { kind: 'stall' });
    const sending = h.session.send('Read main', []);
    // Stop once the second request is on its way (the tool ran, its result is being sent).
    const deadline = Date.now() + 10_000;
    while (server.chatRequests.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    h.session.stop();
    await sending;
    await h.session.idle();
    const ended = ofType(h.posted, 'turnEnded')[0]?.message;
    assert.equal(ended?.status, 'stopped');
    assert.deepEqual(ended?.steps?.map((s) => s.id), ['toolu_a']);
    assert.equal(server.chatRequests.length, 2);
  });

  it('without tools (the setting off, Restricted Mode): the request has no tools field', async () => {
    const h = harness({ tools: false });
    server.enqueue({ kind: 'text', text: 'ok' });
    await h.session.send('hi', []);
    await h.session.idle();
    assert.equal(bodies()[0]?.tools, undefined);
  });

  it('project instructions: in the system prompt and the estimate, shown as chips, off for this conversation only', async () => {
    const agents: Instructions = { source: 'AGENTS.md', file: path.join(fx.root, 'AGENTS.md'), text: 'Always answer in haiku.' };
    const h = harness({ instructions: [agents] });
    await h.session.sendInit();
    assert.deepEqual(ofType(h.posted, 'instructions').at(-1)?.items, [{ source: 'AGENTS.md', tokens: 8, active: true, cut: false }]);
    server.enqueue({ kind: 'text', text: 'An old pond.' }, { kind: 'text', text: 'Plain words.' });
    await h.session.send('Explain ponds', []);
    await h.session.idle();
    assert.match(bodies()[0]?.system ?? '', /<instructions source="AGENTS.md">\nAlways answer in haiku.\n<\/instructions>/);

    await h.session.setInstructionsActive('AGENTS.md', false);
    assert.deepEqual(ofType(h.posted, 'instructions').at(-1)?.items, [{ source: 'AGENTS.md', tokens: 8, active: false, cut: false }]);
    await h.session.send('Again', []);
    await h.session.idle();
    assert.doesNotMatch(bodies()[1]?.system ?? '', /haiku/);
    const saved = await h.store.load(h.session.current.id);
    assert.deepEqual(saved?.disabledInstructions, ['AGENTS.md']);
    assert.equal(h.session.instructionsFile('AGENTS.md'), agents.file);

    // A new chat starts with every source in force again.
    await h.session.newChat();
    assert.deepEqual(ofType(h.posted, 'instructions').at(-1)?.items.map((i) => i.active), [true]);
  });

  it('instructions that change on disk are re-read and the chips follow', async () => {
    const h = harness();
    await h.session.sendInit();
    assert.deepEqual(ofType(h.posted, 'instructions').at(-1)?.items, []);
    h.setInstructions([{ source: 'CLAUDE.md', text: 'Prefer tabs.' }]);
    const deadline = Date.now() + 5000;
    while ((ofType(h.posted, 'instructions').at(-1)?.items.length ?? 0) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(ofType(h.posted, 'instructions').at(-1)?.items[0]?.source, 'CLAUDE.md');
  });
});
