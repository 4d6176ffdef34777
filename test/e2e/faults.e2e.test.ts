import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { aimlChunk, FakeAimlServer } from '../support/fakeAimlServer';
import { useWorkbench } from './support/session';

const KEY = 'e2e-faults-key-0a1b2c3d4e5f';

/**
 * The fault suite: each way the network or the service can fail, in the real workbench. For each,
 * the panel says what happened in words, keeps the partial answer, changes no file, and the very
 * next question is answered normally.
 */
describe('Faults: the panel keeps working when the service misbehaves', function () {
  const session = useWorkbench('e2e-faults', {
    key: KEY,
    settings: { 'aimlClaude.requestTimeoutSeconds': 5, 'aimlClaude.maxRetries': 2 },
  });
  let frame: FrameLocator;
  let port: number;
  let sampleBefore: string;

  before(async function () {
    port = session.api.port;
    frame = await session.wb.openChat();
    sampleBefore = fs.readFileSync(path.join(session.wb.run.workspace, 'src', 'sample.ts'), 'utf8');
  });

  /** Sends a question and waits until its answer has ended, one way or another. */
  async function ask(question: string): Promise<Locator> {
    const n = await frame.locator('.message.assistant').count();
    await frame.locator('.composer-input').fill(question);
    await frame.locator('.composer-input').press('Enter');
    const answer = frame.locator('.message.assistant').nth(n);
    await answer.waitFor({ timeout: 10_000 });
    await answer.and(frame.locator('.message.assistant:not([aria-busy])')).waitFor({ timeout: 60_000 });
    return answer;
  }

  async function expectNormalAnswerNext(): Promise<void> {
    session.api.enqueue({ kind: 'text', text: 'Back to normal.', chunkSize: 4 });
    const answer = await ask('Are you back?');
    assert.equal(await answer.locator('.markdown').innerText(), 'Back to normal.');
    assert.equal(await answer.locator('.error-box').count(), 0);
    assert.equal(fs.readFileSync(path.join(session.wb.run.workspace, 'src', 'sample.ts'), 'utf8'), sampleBefore, 'no file was changed');
  }

  it('a connection dropped mid-answer: "cut off", partial kept, Retry', async function () {
    session.api.enqueue({ kind: 'stream', chunks: [aimlChunk({ content: 'The first half of the answer ' }), aimlChunk({ content: 'and then' })], drop: true });
    const answer = await ask('Dropped connection?');
    assert.match(await answer.locator('.markdown').innerText(), /The first half of the answer and then/);
    const box = answer.locator('.error-box');
    assert.match(await box.innerText(), /cut off|interrupted|connection/i);
    await box.getByRole('button', { name: 'Retry' }).waitFor();
    await session.wb.screenshot('fault-dropped-dark');
    await expectNormalAnswerNext();
  });

  it('a stall beyond the idle timeout: a timeout message, partial kept', async function () {
    session.api.enqueue({ kind: 'stream', chunks: [aimlChunk({ content: 'Thinking about it' })], stall: true });
    const answer = await ask('Will you stall?');
    assert.match(await answer.locator('.markdown').innerText(), /Thinking about it/);
    assert.match(await answer.locator('.error-box').innerText(), /respond|timed out|silent|seconds/i);
    await expectNormalAnswerNext();
  });

  it('429 with Retry-After: a visible countdown, then the answer', async function () {
    session.api.enqueue({ kind: 'error', status: 429, retryAfter: 3, message: 'Too many requests' }, { kind: 'text', text: 'Worth the wait.' });
    const n = await frame.locator('.message.assistant').count();
    await frame.locator('.composer-input').fill('Rate limited?');
    await frame.locator('.composer-input').press('Enter');
    const answer = frame.locator('.message.assistant').nth(n);
    const countdown = answer.locator('.retrying');
    await countdown.waitFor({ timeout: 10_000 });
    assert.match(await countdown.innerText(), /Retrying in \d+ s \(attempt 1 of 2\)/);
    await session.wb.screenshot('fault-429-countdown-dark');
    await answer.locator('.usage').waitFor({ timeout: 30_000 });
    assert.equal(await answer.locator('.markdown').innerText(), 'Worth the wait.');
    assert.equal(await answer.locator('.retrying').count(), 0, 'the countdown is gone');
    await expectNormalAnswerNext();
  });

  it('529 overloaded, then success', async function () {
    session.api.enqueue({ kind: 'error', status: 529, message: 'Overloaded' }, { kind: 'text', text: 'Made it.' });
    const answer = await ask('Overloaded?');
    assert.equal(await answer.locator('.markdown').innerText(), 'Made it.');
    await expectNormalAnswerNext();
  });

  it('500 until the retries run out: a final error with Retry', async function () {
    session.api.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const before = session.api.chatRequests.length;
    const answer = await ask('Server error?');
    assert.equal(session.api.chatRequests.length - before, 3, 'one request and two retries');
    const box = answer.locator('.error-box');
    assert.match(await box.innerText(), /server|error/i);
    await box.getByRole('button', { name: 'Retry' }).click();
    const retried = frame.locator('.message.assistant').last();
    await retried.locator('.usage').waitFor({ timeout: 20_000 });
    assert.match(await retried.locator('.markdown').innerText(), /You asked: Server error\?/);
    await expectNormalAnswerNext();
  });

  it('a malformed JSON chunk: a clear message, partial kept', async function () {
    session.api.enqueue({ kind: 'stream', chunks: [aimlChunk({ content: 'Good start. ' }), { $raw: 'data: {"choices":[{"delta":{"content":"bro\n\n' }] });
    const answer = await ask('Malformed?');
    assert.match(await answer.locator('.markdown').innerText(), /Good start\./);
    assert.match(await answer.locator('.error-box').innerText(), /malformed|could not be read|unreadable/i);
    await expectNormalAnswerNext();
  });

  it('an HTML 502 page: the status in words, no HTML', async function () {
    session.api.enqueue(
      { kind: 'error', status: 502, html: '<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>' },
      { kind: 'error', status: 502, html: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      { kind: 'error', status: 502, html: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
    );
    const answer = await ask('Gateway?');
    const text = await answer.locator('.error-box').innerText();
    assert.match(text, /502/);
    assert.doesNotMatch(text, /<html|<h1|nginx/);
    await expectNormalAnswerNext();
  });

  it('the server down entirely: "could not reach", then it comes back', async function () {
    await session.api.stop();
    const answer = await ask('Anyone there?');
    const text = await answer.locator('.error-box').innerText();
    assert.match(text, /reach|connect/i);
    assert.ok(text.includes(`127.0.0.1:${port}`), text);
    await session.wb.screenshot('fault-server-down-dark');
    session.api = await FakeAimlServer.start({ validKey: KEY, port });
    await expectNormalAnswerNext();
  });
});
