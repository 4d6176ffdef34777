import * as assert from 'node:assert/strict';
import { conversationSchema, type Conversation } from '../../../src/core/chat/conversation';
import { conversationJson, conversationMarkdown, exportFileName } from '../../../src/core/chat/exportMarkdown';

const T0 = Date.UTC(2026, 10, 23, 14, 5, 30);

/** A conversation with every part the export shows: attachments, tool steps, notes, changes, endings. */
function sample(): Conversation {
  return {
    version: 1,
    id: 'c0ffee00-0000-4000-8000-000000000001',
    title: 'Fix the *parser* in `lib`',
    createdAt: T0,
    updatedAt: T0 + 60_000,
    model: 'claude-sonnet-4-5',
    turns: [
      {
        id: 'u1',
        role: 'user',
        text: 'Why does parse() drop the last line?\r\nIt used to work.',
        attachments: [
          { id: 'a1', kind: 'selection', label: 'src/parse.ts:10-12', tokens: 20, languageId: 'typescript', relativePath: 'src/parse.ts', text: 'const doc = `\n```\n`;\nreturn lines.slice(0, -1);' },
          { id: 'a2', kind: 'problems', label: 'Problems in parse.ts', tokens: 5, text: 'parse.ts:3 unused variable' },
        ],
        createdAt: T0,
      },
      {
        id: 'a1',
        role: 'assistant',
        text: 'The `slice(0, -1)` drops it.\n\n```ts\nreturn lines;\n```\n',
        reasoning: 'secret thoughts that are not exported',
        model: 'claude-sonnet-4-5',
        status: 'done',
        rounds: [
          {
            text: '',
            calls: [
              { id: 't1', name: 'read_file', arguments: '{"path":"src/parse.ts"}', ok: true, summary: 'Read `src/parse.ts` 1–40', result: '...' },
              { id: 't2', name: 'search_text', arguments: '{"query":"slice"}', ok: false, summary: 'Searched `slice`\n in `**/*.ts`', result: 'error' },
            ],
          },
          { text: 'The `slice(0, -1)` drops it.', calls: [] },
        ],
        notes: ['1 earlier tool result was shortened to fit.'],
        changes: [
          { path: 'src/parse.ts', created: false, original: 'a', proposed: 'b', added: 1, removed: 1, state: 'accepted' },
          { path: 'test/parse.test.ts', created: true, original: '', proposed: 'x', added: 12, removed: 0, state: 'stale' },
        ],
        createdAt: T0 + 1000,
      },
      { id: 'u2', role: 'user', text: 'And the tests?', createdAt: T0 + 2000 },
      {
        id: 'a2',
        role: 'assistant',
        text: 'Partial',
        model: 'claude-opus-4-5',
        status: 'interrupted',
        interruption: 'newChat',
        createdAt: T0 + 3000,
      },
      { id: 'u3', role: 'user', text: 'Hello?', createdAt: T0 + 4000 },
      {
        id: 'a3',
        role: 'assistant',
        text: '',
        status: 'failed',
        error: { kind: 'auth', message: 'The API key was refused.\nSet it again.', actions: ['setApiKey'] },
        createdAt: T0 + 5000,
      },
    ],
  };
}

describe('conversation export', () => {
  it('renders the whole conversation as plain Markdown, exactly', () => {
    const expected = [
      '# Fix the \\*parser\\* in \\`lib\\`',
      '',
      '*claude-sonnet-4-5 · 2026-11-23 14:05 UTC · 6 messages*',
      '',
      '## Question',
      '',
      'Why does parse() drop the last line?',
      'It used to work.',
      '',
      '**Attached selection: src/parse.ts:10-12** (`src/parse.ts`)',
      '',
      '````typescript',
      'const doc = `',
      '```',
      '`;',
      'return lines.slice(0, -1);',
      '````',
      '',
      '**Attached problems: Problems in parse.ts**',
      '',
      '```',
      'parse.ts:3 unused variable',
      '```',
      '',
      '## Answer (claude-sonnet-4-5)',
      '',
      'Tool steps:',
      '',
      '- Read `src/parse.ts` 1–40',
      '- Failed: Searched `slice` in `**/*.ts`',
      '',
      'The `slice(0, -1)` drops it.',
      '',
      '```ts',
      'return lines;',
      '```',
      '',
      '> 1 earlier tool result was shortened to fit.',
      '',
      'Changes:',
      '',
      '- `src/parse.ts` +1 −1, accepted',
      '- `test/parse.test.ts` (new file) +12 −0, edited since',
      '',
      '## Question',
      '',
      'And the tests?',
      '',
      '## Answer (claude-opus-4-5)',
      '',
      'Partial',
      '',
      '*Interrupted by a new chat.*',
      '',
      '## Question',
      '',
      'Hello?',
      '',
      '## Answer',
      '',
      '*Failed: The API key was refused. Set it again.*',
      '',
    ].join('\n');
    const md = conversationMarkdown(sample());
    assert.equal(md, expected);
    assert.ok(!md.includes('secret thoughts'), 'thinking is left out');
    assert.ok(!/<[a-z]/i.test(md), 'no raw HTML');
  });

  it('says how an answer ended: stopped, cut off, still streaming', () => {
    const c = sample();
    const ends = (['stopped', 'truncated', 'streaming'] as const).map((status) => {
      c.turns = [{ id: 'a', role: 'assistant', text: 'x', status, createdAt: T0 }];
      return conversationMarkdown(c).trimEnd().split('\n').at(-1);
    });
    assert.deepEqual(ends, ['*Stopped.*', '*Cut off at the output limit.*', '*Still being written when exported.*']);
    c.turns = [{ id: 'u', role: 'user', text: 'one', createdAt: T0 }];
    assert.match(conversationMarkdown(c), /· 1 message\*/);
  });

  it('offers a file name from the title and the day of the last activity', () => {
    assert.equal(exportFileName({ title: 'Fix parser', updatedAt: T0 }, 'md'), 'fix-parser-2026-11-23.md');
    assert.equal(exportFileName({ title: '  Réécrire `total()` — vite!  ', updatedAt: T0 }, 'json'), 'reecrire-total-vite-2026-11-23.json');
    assert.equal(exportFileName({ title: '…', updatedAt: T0 }, 'md'), 'conversation-2026-11-23.md');
    assert.equal(exportFileName({ title: 'a'.repeat(80), updatedAt: T0 }, 'md'), `${'a'.repeat(50)}-2026-11-23.md`);
  });

  it('exports JSON in the stored format, validated, that reads back as the same conversation', () => {
    const c = sample();
    const json = conversationJson(c);
    assert.ok(json.endsWith('}\n'));
    assert.deepEqual(conversationSchema.parse(JSON.parse(json)), c);
    assert.throws(() => conversationJson({ ...c, version: 2 } as never), /invalid shape/);
  });
});
