import * as assert from 'node:assert/strict';
import type { Turn } from '../../../src/core/chat/conversation';
import { matchExcerpt, matchesQuery } from '../../../src/core/chat/historySearch';
import { conversationsToPrune } from '../../../src/core/chat/prune';

const turn = (role: Turn['role'], text: string): Turn => ({ id: text.slice(0, 8) || 'x', role, text, createdAt: 0 });

describe('history search', () => {
  const c = {
    title: 'Fix the Parser',
    turns: [turn('user', 'Why does parse() drop the LAST line of the file when it ends without a newline?'), turn('assistant', 'Because slice(0, -1) removes it.')],
  };

  it('matches titles and message text, in any case, every word', () => {
    assert.equal(matchesQuery(c, 'parser'), true);
    assert.equal(matchesQuery(c, 'PARSER'), true);
    assert.equal(matchesQuery(c, 'last line'), true, 'words from the question');
    assert.equal(matchesQuery(c, 'Slice'), true, 'a word from the answer');
    assert.equal(matchesQuery(c, 'fix   SLICE'), true, 'words from the title and an answer');
    assert.equal(matchesQuery(c, 'parser tokenizer'), false, 'every word must appear');
    assert.equal(matchesQuery(c, 'tokenizer'), false);
    assert.equal(matchesQuery(c, '   '), true, 'an empty query matches all');
  });

  it('shows where a word appears in the messages, when the title does not show it', () => {
    assert.equal(matchExcerpt(c, 'parser'), undefined, 'the title shows it');
    assert.equal(matchExcerpt(c, 'slice'), 'Because slice(0, -1) removes it.');
    assert.equal(matchExcerpt(c, 'newline', 30), '…it ends without a newline?', 'cut between words');
    assert.equal(matchExcerpt(c, 'the LAST', 20), '…the LAST line of…', 'around the first word the title lacks');
    assert.equal(matchExcerpt(c, 'nowhere'), undefined);
  });
});

describe('history cap', () => {
  const items = [
    { id: 'a', updatedAt: 5 },
    { id: 'b', updatedAt: 1 },
    { id: 'c', updatedAt: 3 },
    { id: 'd', updatedAt: 4 },
    { id: 'e', updatedAt: 2 },
  ];

  it('prunes the oldest by last activity beyond the cap', () => {
    assert.deepEqual(conversationsToPrune(items, 3, new Set()), ['b', 'e']);
    assert.deepEqual(conversationsToPrune(items, 1, new Set()), ['b', 'e', 'c', 'd']);
  });

  it('never the open conversation, even when it is the oldest', () => {
    assert.deepEqual(conversationsToPrune(items, 3, new Set(['b'])), ['e', 'c']);
  });

  it('nothing within the cap, and 0 means no cap', () => {
    assert.deepEqual(conversationsToPrune(items, 5, new Set()), []);
    assert.deepEqual(conversationsToPrune(items, 0, new Set()), []);
  });
});
