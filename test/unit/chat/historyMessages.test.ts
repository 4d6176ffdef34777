import * as assert from 'node:assert/strict';
import type { Turn } from '../../../src/core/chat/conversation';
import { HistoryMessages } from '../../../src/core/chat/historyMessages';

let n = 0;
const user = (text: string, extra: Partial<Turn> = {}): Turn => ({ id: `u${n++}`, role: 'user', text, createdAt: 0, ...extra });
const answer = (text: string, extra: Partial<Turn> = {}): Turn => ({ id: `a${n++}`, role: 'assistant', text, status: 'done', createdAt: 0, ...extra });

function longConversation(exchanges: number): Turn[] {
  const turns: Turn[] = [];
  for (let i = 0; i < exchanges; i++) turns.push(user(`Question ${i}`), answer(`Answer ${i}: ${'words '.repeat(100)}`));
  return turns;
}

describe('history messages (kept per exchange)', () => {
  it('gives the same message objects for unchanged exchanges, in a new array each time', () => {
    const h = new HistoryMessages();
    const turns = longConversation(100);
    const a = h.of(turns);
    const b = h.of(turns);
    assert.equal(a.length, 200);
    assert.notEqual(a, b, 'callers replace entries (stubbed tool results): the array is theirs');
    for (let i = 0; i < a.length; i++) assert.equal(a[i], b[i], `message ${i} rebuilt although its exchange did not change`);
    // A new exchange at the end leaves the earlier ones as they were.
    turns.push(user('One more'), answer('Yes.'));
    const c = h.of(turns);
    assert.equal(c.length, 202);
    for (let i = 0; i < a.length; i++) assert.equal(c[i], a[i]);
    assert.deepEqual(c.slice(200), [
      { role: 'user', content: 'One more' },
      { role: 'assistant', content: 'Yes.' },
    ]);
  });

  it('rebuilds an exchange whose question or answer changed (edited, regenerated), and only that one', () => {
    const h = new HistoryMessages();
    const turns = longConversation(3);
    const before = h.of(turns);
    (turns[3] as Turn).text = 'A regenerated answer';
    turns[2] = user('An edited question');
    const after = h.of(turns);
    assert.equal(after[0], before[0]);
    assert.equal(after[1], before[1]);
    assert.deepEqual(after.slice(2, 4), [
      { role: 'user', content: 'An edited question' },
      { role: 'assistant', content: 'A regenerated answer' },
    ]);
    assert.equal(after[4], before[4]);
  });

  it('does not keep an answer still streaming: its text and rounds grow in place', () => {
    const h = new HistoryMessages();
    const q = user('Q');
    const a = answer('Partial', { status: 'streaming' });
    const first = h.of([q, a]);
    a.text += ' and more';
    a.status = 'done';
    const second = h.of([q, a]);
    assert.notEqual(second[1], first[1]);
    assert.equal(second[1]?.content, 'Partial and more');
  });

  it('leaves out a question whose answer has no text, and a trailing question', () => {
    const h = new HistoryMessages();
    const turns = [user('Failed'), answer('', { status: 'failed' }), user('Asked'), answer('Answered'), user('Pending')];
    assert.deepEqual(h.of(turns), [
      { role: 'user', content: 'Asked' },
      { role: 'assistant', content: 'Answered' },
    ]);
  });

  it('sends the prompt an editor command built, with its attachments, in place of the shown text', () => {
    const h = new HistoryMessages();
    const q = user('Explain this', {
      prompt: 'Explain the selected code.',
      attachments: [{ id: 'x', kind: 'selection', label: 'a.ts:1-2', languageId: 'typescript', text: 'const a = 1;', tokens: 5 }],
    });
    const [m] = h.of([q, answer('It declares a.')]);
    assert.match(m?.content ?? '', /^Attached for context:\n\nSelected code: a\.ts:1-2 \(TypeScript\)\n```typescript\nconst a = 1;\n```\n\nExplain the selected code\.$/);
  });

  it('sends a tool-using answer as it went: each round with its calls and results, then the final text', () => {
    const h = new HistoryMessages();
    const call = { id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}', ok: true, summary: 'Read a.ts', result: 'const a = 1;' };
    const a = answer('Looked. It is one.', { rounds: [{ text: 'Looking.', calls: [call] }, { text: 'It is one.', calls: [] }] });
    assert.deepEqual(h.of([user('What is a?'), a]), [
      { role: 'user', content: 'What is a?' },
      { role: 'assistant', content: 'Looking.', toolCalls: [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}' }] },
      { role: 'tool', toolCallId: 'c1', content: 'const a = 1;' },
      { role: 'assistant', content: 'It is one.' },
    ]);
    // Stopped during its tools (no final round without calls): its text alone.
    const stopped = answer('Looking.', { status: 'stopped', rounds: [{ text: 'Looking.', calls: [call] }] });
    assert.deepEqual(h.of([user('Again?'), stopped]).at(-1), { role: 'assistant', content: 'Looking.' });
  });
});
