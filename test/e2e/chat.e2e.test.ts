import * as assert from 'node:assert/strict';
import { useSharedWorkbench } from './support/session';

describe('Chat panel against the fake AI/ML server', function () {
  const session = useSharedWorkbench();

  it('streams an answer: intermediate states, exact final text, usage', async function () {
    const answer = 'Here is **the answer**.\n\n- one\n- two\n\n```ts\nconst x = 1;\n```\n\nDone.';
    session.api.enqueue({ kind: 'text', text: answer, chunkSize: 6, delayMs: 60, usage: { prompt_tokens: 42, completion_tokens: 17, total_tokens: 59 } });
    const frame = await session.wb.openChat();
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
    const req = session.api.chatRequests.at(-1);
    assert.equal((req?.body as { messages: { content: string }[] }).messages.at(-1)?.content.includes('What does total() do?'), true);
    await session.wb.screenshot('chat-answer-dark');
  });

  it('Stop mid-answer aborts the request at the server and keeps the partial answer, marked', async function () {
    const long = Array.from({ length: 200 }, (_, i) => `Sentence number ${i} of a long answer.`).join(' ');
    session.api.enqueue({ kind: 'text', text: long, chunkSize: 8, delayMs: 40 });
    const frame = session.wb.chatFrame();
    const closes = session.api.clientCloses;
    await frame.locator('.composer-input').fill('Explain everything, slowly.');
    await frame.locator('.composer-input').press('Enter');
    const body = frame.locator('.message.assistant .markdown').last();
    await frame.locator('.message.assistant .markdown', { hasText: 'Sentence number 2' }).last().waitFor({ timeout: 20_000 });
    await frame.locator('button.stop').click();
    await frame.locator('.message.assistant .status-stopped').last().waitFor({ timeout: 10_000 });
    await session.api.waitForClientClose(closes + 1);
    const partial = await body.innerText();
    assert.ok(partial.startsWith('Sentence number 0'), 'the partial answer is kept');
    assert.ok(partial.length < long.length, 'the answer was cut short');
    assert.match(await frame.locator('.message.assistant .status-stopped').last().innerText(), /Stopped/);
    await session.wb.screenshot('chat-stopped-dark');
  });

  it('a window reload brings the conversation back from the host', async function () {
    const frame = session.wb.chatFrame();
    const before = await frame.locator('.message').count();
    assert.ok(before >= 4);
    await session.wb.page.reload();
    await session.wb.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const again = await session.wb.openChat();
    await again.locator('.message.user', { hasText: 'What does total() do?' }).waitFor({ timeout: 20_000 });
    assert.equal(await again.locator('.message').count(), before);
    await again.locator('.message.assistant .status-stopped').waitFor();
  });

  it('a 401 shows the error in the conversation with a working "Set API Key"', async function () {
    session.api.enqueue({ kind: 'error', status: 401, message: 'Invalid API key' });
    const frame = session.wb.chatFrame();
    const n = await frame.locator('.message.assistant').count();
    await frame.locator('.composer-input').fill('Hello?');
    await frame.locator('.composer-input').press('Enter');
    const box = frame.locator('.message.assistant').nth(n).locator('.error-box');
    await box.waitFor({ timeout: 20_000 });
    assert.match(await box.innerText(), /API key/);
    await session.wb.screenshot('chat-401-dark');
    await box.getByRole('button', { name: 'Set API Key' }).click();
    const input = session.wb.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await input.getAttribute('type'), 'password');
    await session.wb.page.keyboard.press('Escape');
  });

  it('a retired model gets a plain message offering another model', async function () {
    // A user who types a retired id into the model picker.
    await session.wb.runCommand('AIML Claude: Select Model');
    await session.wb.quickInput().getByText('Enter a model id…').click();
    const idBox = session.wb.quickInput().locator('input');
    await idBox.fill('claude-3-opus');
    await idBox.press('Enter');
    const frame = session.wb.chatFrame();
    for (let i = 0; i < 100 && (await frame.locator('.model-select').inputValue()) !== 'claude-3-opus'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await frame.locator('.model-select').inputValue(), 'claude-3-opus');
    const n = await frame.locator('.message.assistant').count();
    await frame.locator('.composer-input').fill('Are you there?');
    await frame.locator('.composer-input').press('Enter');
    const box = frame.locator('.message.assistant').nth(n).locator('.error-box');
    await box.waitFor({ timeout: 20_000 });
    const text = await box.innerText();
    assert.match(text, /no longer/i);
    assert.match(text, /Sonnet 4\.5|claude-sonnet-4-5/);
    await session.wb.screenshot('chat-retired-dark');
    await box.getByRole('button', { name: 'Pick Another Model' }).click();
    await session.wb.quickInput().getByText('Claude Sonnet 4.5').first().waitFor({ timeout: 10_000 });
    await session.wb.page.keyboard.press('Escape');
  });
});
