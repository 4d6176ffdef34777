import * as assert from 'node:assert/strict';
import type { MessageView } from '../../../src/shared/protocol';
import { endAnnouncement, firstSentence } from '../../../src/webview/ui/announcement';

const answer = (text: string, more: Partial<MessageView> = {}): MessageView => ({ id: 'a1', role: 'assistant', text, status: 'done', createdAt: 0, ...more });

describe('Announcements: what a screen reader hears of an answer', function () {
  describe('firstSentence', function () {
    it('cuts at the end of the first sentence', function () {
      assert.equal(firstSentence('It sums the prices. Then it rounds them.'), 'It sums the prices.');
      assert.equal(firstSentence('Does it? Yes.'), 'Does it?');
      assert.equal(firstSentence('No full stop at all'), 'No full stop at all');
    });

    it('does not cut inside a number, a file name or a call', function () {
      assert.equal(firstSentence('Version 1.5 of cart.py calls total(). Then more.'), 'Version 1.5 of cart.py calls total().');
    });

    it('reads Markdown as words: markup, link targets and code blocks left out', function () {
      assert.equal(firstSentence('## Summary\n\nThe **`total`** function [sums](https://example.com/x) the *prices*. More.'), 'Summary The total function sums the prices.');
      assert.equal(firstSentence('```python\nprint("a. b")\n```\n\n- Prints a line. And more.'), 'Prints a line.');
      assert.equal(firstSentence('> Quoted first. Second.'), 'Quoted first.');
    });

    it('keeps a long sentence short', function () {
      const s = firstSentence(`${'word '.repeat(100)}end.`);
      assert.ok(s.length <= 200, String(s.length));
      assert.ok(s.endsWith('…'));
    });
  });

  describe('endAnnouncement', function () {
    it('says how the answer ended, with its first sentence', function () {
      assert.equal(endAnnouncement(answer('It sums the prices. Then it rounds.')), 'Claude answered: It sums the prices.');
      assert.equal(endAnnouncement(answer('')), 'Claude answered.');
      assert.equal(endAnnouncement(answer('Half of it. And', { status: 'stopped' })), 'Answer stopped. It began: Half of it.');
      assert.equal(endAnnouncement(answer('', { status: 'stopped' })), 'Answer stopped before any text.');
      assert.equal(endAnnouncement(answer('Begun.', { status: 'interrupted' })), 'Answer interrupted. It began: Begun.');
      assert.equal(endAnnouncement(answer('Long text', { status: 'truncated' })), 'Claude answered, cut off at the output limit: Long text');
      assert.equal(
        endAnnouncement(answer('', { status: 'failed', error: { message: 'The API key was refused (401).', kind: 'auth', actions: [] } })),
        'The answer failed: The API key was refused (401).',
      );
    });
  });
});
