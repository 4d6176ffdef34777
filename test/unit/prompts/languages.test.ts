import assert from 'node:assert/strict';
import { canonicalLanguage, describeIndentation, fenceTag, languageName, sameLanguage, systemPrompt, lineSpan } from '../../../src/core/prompts';

describe('prompts/languages and small helpers', () => {
  it('maps language ids to names and fence tags', () => {
    assert.equal(languageName('typescriptreact'), 'TypeScript React');
    assert.equal(languageName('cobol'), 'cobol');
    assert.equal(fenceTag('shellscript'), 'bash');
    assert.equal(fenceTag('typescriptreact'), 'tsx');
    assert.equal(fenceTag('Some Language'), 'text');
    assert.equal(fenceTag('zig'), 'zig');
  });

  it('recognises aliases and React variants as the same language', () => {
    for (const [a, b] of [
      ['ts', 'typescript'],
      ['tsx', 'typescript'],
      ['JS', 'javascriptreact'],
      ['py', 'python'],
      ['sh', 'shellscript'],
      ['bash', 'shellscript'],
      ['zsh', 'shellscript'],
      ['c++', 'cpp'],
      ['yml', 'yaml'],
      ['jsonc', 'json'],
    ] as const) {
      assert.ok(sameLanguage(a, b), `${a} ~ ${b}`);
    }
    assert.ok(!sameLanguage('ts', 'javascript'));
    assert.ok(!sameLanguage('c', 'cpp'));
    assert.ok(!sameLanguage('', 'plaintext'));
    assert.equal(canonicalLanguage('Golang'), 'go');
    assert.equal(canonicalLanguage('unknown-lang'), 'unknown-lang');
  });

  it('describes indentation only as far as the text shows it', () => {
    assert.equal(describeIndentation('a\n  b\n    c\n'), '2 spaces');
    assert.equal(describeIndentation('a\n\tb\n\t\tc'), 'tabs');
    assert.equal(describeIndentation('        lone'), 'spaces');
    assert.equal(describeIndentation('   a\n  b'), 'spaces');
    assert.equal(describeIndentation('flat\ncode'), undefined);
  });

  it('formats line spans and picks the system prompt', () => {
    assert.equal(lineSpan(3, 3), 'line 3');
    assert.equal(lineSpan(3, 9), 'lines 3–9');
    assert.equal(systemPrompt(), systemPrompt(''));
    assert.equal(systemPrompt('mine'), 'mine');
  });
});
