import * as assert from 'node:assert/strict';
import { FakeAimlServer } from '../support/fakeAimlServer';
import { current } from './support/hooks';
import { Workbench } from './support/workbench';

const KEY = 'e2e-chat-key-5d0c8e1f2a3b4c6d';

describe('Chat panel against the fake AI/ML server', function () {
  let wb: Workbench;
  let api: FakeAimlServer;

  before(async function () {
    api = await FakeAimlServer.start({ validKey: KEY });
    wb = await Workbench.start('e2e-chat', { settings: { 'aimlClaude.baseUrl': api.url } });
    current.wb = wb;
    await wb.setApiKey(KEY);
  });

  after(async function () {
    await wb?.stop();
    await api?.stop();
    current.wb = undefined;
  });

  it('streams an answer: intermediate states, exact final text, usage', async function () {
    const answer = 'Here is **the answer**.\n\n- one\n- two\n\n```ts\nconst x = 1;\n```\n\nDone.';
    api.enqueue({ kind: 'text', text: answer, chunkSize: 6, delayMs: 60, usage: { prompt_tokens: 42, completion_tokens: 17, total_tokens: 59 } });
    const frame = await wb.openChat();
    await frame.locator('.composer-input').fill('What does total() do?');
    await frame.locator('.composer-input').press('Enter');
    const body = frame.locator('.message.assistant .markdown').last();
    const seen = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const text = await body.innerText().catch(() => '');
      if (text) seen.add(text);
      if (await frame.locator('.message.assistant .usage').count()) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const finalText = await body.innerText();
    const intermediate = [...seen].filter((t) => t !== finalText);
    assert.ok(intermediate.length >= 2, `saw ${intermediate.length} intermediate states`);
    assert.match(finalText, /Here is the answer\./);
    assert.equal(await body.locator('strong').innerText(), 'the answer');
    assert.equal(await body.locator('li').count(), 2);
    assert.equal((await body.locator('pre code').innerText()).trim(), 'const x = 1;');
    assert.match(await frame.locator('.message.assistant .usage').innerText(), /42 tokens in · 17 out/);
    const req = api.chatRequests.at(-1);
    assert.equal((req?.body as { messages: { content: string }[] }).messages.at(-1)?.content.includes('What does total() do?'), true);
    await wb.screenshot('chat-answer-dark');
  });
});
