import assert from 'node:assert/strict';
import { parseFencedBlocks } from '../../../src/core/edits';
import { buildChatPrompt, estimatePromptTokens, normalizeHistory, renderAttachment, type ChatMessage } from '../../../src/core/prompts';

describe('prompts/chat', () => {
  it('puts attachments in the user turn as labelled fences, the question last', () => {
    const p = buildChatPrompt([], 'What is wrong here?', [
      { kind: 'selection', label: 'src/a.ts:3-4', languageId: 'typescript', relativePath: 'src/a.ts', text: 'let a = `x```;\n' },
      { kind: 'problems', label: 'Problems in a.ts', text: "a.ts:3 Type 'string' is not assignable" },
    ]);
    assert.equal(p.messages.length, 1);
    const text = p.messages[0]?.content ?? '';
    assert.match(text, /^2 attachments for context:/);
    assert.match(text, /Selected code: src\/a\.ts:3-4 \(`src\/a\.ts`, TypeScript\)\n````typescript\n/);
    assert.match(text, /Problems: Problems in a\.ts\n```text\n/);
    assert.ok(text.endsWith('\n\nWhat is wrong here?'));
    const blocks = parseFencedBlocks(text);
    assert.deepEqual(blocks.map((b) => b.code), ['let a = `x```;\n', "a.ts:3 Type 'string' is not assignable\n"]);
    assert.equal(p.droppedMessages, 0);
  });

  it('renders a file attachment and a bare question', () => {
    assert.equal(renderAttachment({ kind: 'file', label: 'README.md', relativePath: 'README.md', languageId: 'markdown', text: '# Hi' }), 'File: README.md (Markdown)\n```markdown\n# Hi\n```');
    assert.equal(buildChatPrompt([], 'Hello?', []).messages[0]?.content, 'Hello?');
  });

  it('keeps the history and appends the new turn', () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
    ];
    const p = buildChatPrompt(history, 'q2', [], { systemPrompt: 'custom' });
    assert.deepEqual(p.messages, [...history, { role: 'user', content: 'q2' }]);
    assert.equal(p.system, 'custom');
  });

  it('makes history alternate, starting with the user, with no empty turns', () => {
    assert.deepEqual(
      normalizeHistory([
        { role: 'assistant', content: 'welcome' },
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: 'c' },
      ]),
      [
        { role: 'user', content: 'a\n\nb' },
        { role: 'assistant', content: 'c' },
      ],
    );
    // A question left unanswered (a failed turn) does not stand before the new one.
    const p = buildChatPrompt([{ role: 'user', content: 'lost' }], 'again', []);
    assert.deepEqual(p.messages, [{ role: 'user', content: 'again' }]);
  });

  it('leaves out the oldest exchanges to fit a budget, and says how many', () => {
    const history: ChatMessage[] = [];
    for (let i = 0; i < 10; i++) {
      history.push({ role: 'user', content: `question ${i} ${'x'.repeat(300)}` });
      history.push({ role: 'assistant', content: `answer ${i} ${'y'.repeat(300)}` });
    }
    const full = buildChatPrompt(history, 'now?', []);
    const budget = Math.floor(estimatePromptTokens(full) / 2);
    const p = buildChatPrompt(history, 'now?', [], { maxPromptTokens: budget });
    assert.ok(estimatePromptTokens(p) <= budget);
    assert.ok(p.droppedMessages > 0 && p.droppedMessages % 2 === 0);
    assert.equal(p.messages[0]?.role, 'user');
    assert.equal(p.messages.length, 21 - p.droppedMessages);
    assert.deepEqual(p.messages.slice(0, -1), history.slice(p.droppedMessages));
    // The question itself is never cut.
    const tiny = buildChatPrompt(history, 'now?', [], { maxPromptTokens: 1 });
    assert.deepEqual(tiny.messages, [{ role: 'user', content: 'now?' }]);
    assert.equal(tiny.droppedMessages, 20);
  });
});
