import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { READ_MAX_BYTES, READ_MAX_LINES, readFileTool } from '../../../src/core/tools';
import { makeToolFixture, type ToolFixture } from './fixture';

describe('tools: read_file', () => {
  let fx: ToolFixture;
  before(() => {
    fx = makeToolFixture();
    fs.writeFileSync(path.join(fx.root, 'long.txt'), Array.from({ length: 2500 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    fs.writeFileSync(path.join(fx.root, 'wide.txt'), Array.from({ length: 300 }, (_, i) => `${i + 1} ${'x'.repeat(1000)}`).join('\n'));
  });
  after(() => fx.cleanup());

  const read = (args: unknown) => readFileTool.run(args, fx.ctx());

  it('returns the lines with their numbers, a header, and a summary', async () => {
    const r = await read({ path: 'src/config.ts' });
    assert.equal(r.ok, true);
    assert.equal(r.summary, 'Read `src/config.ts` 1–7');
    assert.deepEqual(r.location, { path: 'src/config.ts', line: 1 });
    const lines = r.content.split('\n');
    assert.equal(lines[0], 'src/config.ts — lines 1–7 of 7');
    assert.equal(lines[1], '1\texport interface Config {');
    assert.equal(lines[5], '5\texport function parseConfig(text: string): Config {');
    assert.equal(lines.length, 8);
  });

  it('reads a range, inclusive, and numbers from its start', async () => {
    const r = await read({ path: 'src/config.ts', start_line: 5, end_line: 6 });
    assert.equal(r.ok, true);
    assert.equal(r.content, 'src/config.ts — lines 5–6 of 7\n5\texport function parseConfig(text: string): Config {\n6\t  return JSON.parse(text) as Config;');
    assert.equal(r.summary, 'Read `src/config.ts` 5–6');
  });

  it('drops CR from CRLF lines', async () => {
    const r = await read({ path: 'crlf.txt' });
    assert.equal(r.content, 'crlf.txt — lines 1–3 of 3\n1\tone\n2\ttwo\n3\tthree');
  });

  it(`cuts at ${READ_MAX_LINES} lines with a note saying where to read on`, async () => {
    const r = await read({ path: 'long.txt' });
    assert.equal(r.ok, true);
    const body = r.content.split('\n');
    assert.equal(body[0], 'long.txt — lines 1–2000 of 2500');
    assert.equal(body[2000], '2000\tline 2000');
    assert.match(r.content, /Cut at 2000 lines .*Read on with start_line 2001\./);
    assert.match(r.summary, /\(cut\)$/);
    const next = await read({ path: 'long.txt', start_line: 2001 });
    assert.equal(next.content.split('\n')[0], 'long.txt — lines 2001–2500 of 2500');
    assert.doesNotMatch(next.content, /Cut at/);
  });

  it(`cuts at ${READ_MAX_BYTES / 1024} KB`, async () => {
    const r = await read({ path: 'wide.txt' });
    assert.ok(Buffer.byteLength(r.content) <= READ_MAX_BYTES + 500, `${Buffer.byteLength(r.content)} bytes`);
    const header = /lines 1–(\d+) of 300/.exec(r.content);
    assert.ok(header && Number(header[1]) < 300 && Number(header[1]) > 50, r.content.slice(0, 80));
    assert.match(r.content, new RegExp(`Read on with start_line ${Number(header?.[1]) + 1}`));
  });

  const refusals: Array<[string, unknown, RegExp]> = [
    ['a missing file', { path: 'src/nope.ts' }, /not found/],
    ['a parent-directory escape', { path: '../outside/secret.txt' }, /outside the workspace/],
    ['an escape in the middle', { path: 'src/../../outside/secret.txt' }, /outside the workspace/],
    ['an absolute path elsewhere', { path: '/etc/passwd' }, /outside the workspace/],
    ['a symbolic link out', { path: 'link-out.txt' }, /outside the workspace \(a symbolic link\)/],
    ['a file through a linked folder out', { path: 'dir-out/secret.txt' }, /outside the workspace/],
    ['.env', { path: '.env' }, /excluded/],
    ['.env.local', { path: '.env.local' }, /excluded/],
    ['.ENV in capitals', { path: '.ENV' }, /excluded/],
    ['a .pem', { path: 'certs/server.pem' }, /excluded/],
    ['a .key', { path: 'keys/deploy.key' }, /excluded/],
    ['.npmrc in a folder', { path: 'home/.npmrc' }, /excluded/],
    ['id_rsa', { path: 'home/id_rsa' }, /excluded/],
    ['inside .git', { path: '.git/config' }, /excluded/],
    ['a link inside the workspace to .env', { path: 'innocent.txt' }, /excluded/],
    ['a binary file', { path: 'image.png' }, /binary/],
    ['a folder', { path: 'src' }, /folder, not a file/],
    ['a reversed range', { path: 'src/config.ts', start_line: 5, end_line: 2 }, /before start_line/],
    ['a start past the end', { path: 'src/config.ts', start_line: 99 }, /past the end/],
    ['a missing path', {}, /invalid arguments.*path/],
    ['a path of the wrong type', { path: 42 }, /invalid arguments.*path/],
    ['a zero start line', { path: 'src/config.ts', start_line: 0 }, /invalid arguments.*start_line/],
    ['an empty path', { path: '' }, /must be a non-empty string/],
  ];
  for (const [name, args, pattern] of refusals) {
    it(`refuses ${name} with an error result the model can read`, async () => {
      const r = await read(args);
      assert.equal(r.ok, false);
      assert.match(r.content, /^Error: /);
      assert.match(`${r.summary} ${r.content}`, pattern);
      assert.doesNotMatch(r.content, /SECRET|root:x:/);
    });
  }

  it('follows a symbolic link that stays inside the workspace', async () => {
    const r = await read({ path: 'config-link.ts' });
    assert.equal(r.ok, true);
    assert.match(r.content, /parseConfig/);
  });

  it('accepts an absolute path inside the workspace and ./ prefixes', async () => {
    assert.equal((await read({ path: path.join(fx.root, 'src', 'main.ts') })).ok, true);
    assert.equal((await read({ path: './src/main.ts' })).ok, true);
  });

  it('honours the user\'s exclude globs', async () => {
    const { denyMatcher } = await import('../../../src/core/tools');
    const r = await readFileTool.run({ path: 'src/util/strings.ts' }, fx.ctx({ denied: denyMatcher(['src/util/**']) }));
    assert.equal(r.ok, false);
    assert.match(r.content, /excluded/);
  });
});
