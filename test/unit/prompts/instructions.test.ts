import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildChatPrompt,
  buildExplainPrompt,
  buildRefactorPrompt,
  DEFAULT_SYSTEM_PROMPT,
  INSTRUCTIONS_MAX_BYTES,
  readInstructionFiles,
  settingInstructions,
  systemPrompt,
} from '../../../src/core/prompts';

describe('prompts: project instructions', () => {
  let base: string;
  beforeEach(() => (base = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-instr-'))));
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));
  const write = (rel: string, text: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
    fs.writeFileSync(path.join(base, rel), text);
  };

  it('reads AGENTS.md, CLAUDE.md and .github/copilot-instructions.md in that order, only those that exist', async () => {
    write('.github/copilot-instructions.md', 'Use tabs.\n');
    write('AGENTS.md', '# Agents\nRun `npm test` before you answer.\n');
    const list = await readInstructionFiles([{ name: 'ws', path: base }]);
    assert.deepEqual(
      list.map((i) => [i.source, i.text, i.cutFromBytes]),
      [
        ['AGENTS.md', '# Agents\nRun `npm test` before you answer.', undefined],
        ['.github/copilot-instructions.md', 'Use tabs.', undefined],
      ],
    );
    assert.equal(list[0]?.file, path.join(base, 'AGENTS.md'));
  });

  it('leaves out empty files and folders named like them', async () => {
    write('AGENTS.md', '  \n\n');
    fs.mkdirSync(path.join(base, 'CLAUDE.md'));
    assert.deepEqual(await readInstructionFiles([{ name: 'ws', path: base }]), []);
  });

  it(`cuts a file over ${INSTRUCTIONS_MAX_BYTES / 1024} KB at a line end and says so`, async () => {
    const line = 'Always write tests first. '.repeat(4) + '\n';
    write('CLAUDE.md', line.repeat(Math.ceil((INSTRUCTIONS_MAX_BYTES * 2) / line.length)));
    const [item] = await readInstructionFiles([{ name: 'ws', path: base }]);
    assert.ok(item);
    assert.ok(Buffer.byteLength(item.text) <= INSTRUCTIONS_MAX_BYTES);
    assert.ok(item.text.endsWith('Always write tests first.'), 'cut at a line end');
    assert.equal(item.cutFromBytes, fs.statSync(path.join(base, 'CLAUDE.md')).size);
    const system = systemPrompt(undefined, [item]);
    assert.match(system, /\[Cut: the file is 64 KB; only its first 32 KB are shown\.\]/);
  });

  it('never cuts inside a multibyte character', async () => {
    write('AGENTS.md', 'é'.repeat(INSTRUCTIONS_MAX_BYTES));
    const [item] = await readInstructionFiles([{ name: 'ws', path: base }]);
    assert.ok(item && !item.text.includes('\uFFFD'));
  });

  it('names the folder in a multi-root workspace', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-instr2-'));
    try {
      write('AGENTS.md', 'one');
      fs.writeFileSync(path.join(other, 'CLAUDE.md'), 'two');
      const list = await readInstructionFiles([{ name: 'api', path: base }, { name: 'web', path: other }]);
      assert.deepEqual(list.map((i) => i.source), ['api/AGENTS.md', 'web/CLAUDE.md']);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('the setting is an instruction of its own, when not blank', () => {
    assert.equal(settingInstructions('   '), undefined);
    assert.deepEqual(settingInstructions(' Answer in French. '), { source: 'settings', text: 'Answer in French.' });
  });

  it('go into the system prompt of chat, Explain and Refactor, after the rules, each labelled', () => {
    const instructions = [
      { source: 'AGENTS.md', text: 'Prefer early returns.' },
      { source: 'settings', text: 'Answer in French.' },
    ];
    const ctx = { selectedText: 'x()', languageId: 'typescript', startLine: 1, endLine: 1, relativePath: 'a.ts' };
    const systems = [
      buildChatPrompt([], 'hi', [], { instructions }).system,
      buildExplainPrompt(ctx, { instructions }).system,
      buildRefactorPrompt(ctx, 'Simplify', { instructions }).system,
    ];
    for (const system of systems) {
      assert.ok(system.startsWith(DEFAULT_SYSTEM_PROMPT));
      assert.match(system, /<instructions source="AGENTS.md">\nPrefer early returns.\n<\/instructions>/);
      assert.match(system, /<instructions source="the developer's settings">\nAnswer in French.\n<\/instructions>/);
      assert.ok(system.indexOf('AGENTS.md') < system.indexOf('settings'));
    }
    assert.equal(buildChatPrompt([], 'hi').system, DEFAULT_SYSTEM_PROMPT, 'none: the prompt is unchanged');
  });

  it('a source cannot break out of its label', () => {
    const system = systemPrompt(undefined, [{ source: 'a"><x>.md', text: 't' }]);
    assert.match(system, /source="a&quot;&gt;&lt;x&gt;.md"/);
  });
});
