import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listFilesTool, searchTextTool, ToolSet, WORKSPACE_TOOLS } from '../../../src/core/tools';
import { makeToolFixture, type ToolFixture } from './fixture';

const SECRETS = /SECRET|GIT-INTERNAL|\.env|\.pem|\.key|id_rsa|\.npmrc|config-secret/;

describe('tools: list_files', () => {
  let fx: ToolFixture;
  before(() => (fx = makeToolFixture()));
  after(() => fx.cleanup());

  it('lists the workspace sorted, honouring .gitignore and the deny-list, hidden files included', async () => {
    const r = await listFilesTool.run({}, fx.ctx());
    assert.equal(r.ok, true);
    const files = r.content.split('\n');
    assert.deepEqual(files, [...files].sort());
    for (const f of ['src/config.ts', 'src/main.ts', 'src/util/strings.ts', 'README.md', '.github/workflows/ci.yml', '.gitignore', 'crlf.txt']) {
      assert.ok(files.includes(f), `${f} listed`);
    }
    for (const f of ['build/out.js', 'debug.log']) assert.ok(!files.includes(f), `${f} is git-ignored`);
    assert.doesNotMatch(r.content, SECRETS);
    // Links out of the workspace are not followed (ripgrep does not follow links by default).
    assert.ok(!files.some((f) => f.startsWith('dir-out/')));
    assert.equal(r.summary, `Listed files — ${files.length} files`);
  });

  it('filters by a glob, anchored when it has a slash, by name at any depth when not', async () => {
    const ts = await listFilesTool.run({ glob: 'src/**/*.ts' }, fx.ctx());
    assert.deepEqual(ts.content.split('\n'), ['src/config.ts', 'src/main.ts', 'src/util/strings.ts']);
    assert.equal(ts.summary, 'Listed files matching `src/**/*.ts` — 3 files');
    const md = await listFilesTool.run({ glob: '*.md' }, fx.ctx());
    assert.deepEqual(md.content.split('\n'), ['README.md']);
  });

  it('says when nothing matches', async () => {
    const r = await listFilesTool.run({ glob: '**/*.rs' }, fx.ctx());
    assert.equal(r.ok, true);
    assert.equal(r.content, 'No files matching `**/*.rs`.');
  });

  it('honours the editor\'s excludes', async () => {
    const r = await listFilesTool.run({}, fx.ctx({ excludeGlobs: ['src/util/**', '**/*.md'] }));
    assert.ok(!r.content.includes('src/util/strings.ts'));
    assert.ok(!r.content.includes('README.md'));
    assert.ok(r.content.includes('src/config.ts'));
  });

  it('caps the list at max_results and says how many more there are', async () => {
    const all = (await listFilesTool.run({}, fx.ctx())).content.split('\n');
    const r = await listFilesTool.run({ max_results: 2 }, fx.ctx());
    const lines = r.content.split('\n');
    assert.deepEqual(lines.slice(0, 2), all.slice(0, 2));
    assert.equal(lines[2], `[${all.length - 2} more not shown; narrow the glob or raise max_results.]`);
  });

  it('lists each folder of a multi-root workspace under its name', async () => {
    const other = path.join(fx.base, 'other');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, 'b.txt'), 'b\n');
    const roots = [...fx.roots, { name: 'other', path: other }];
    const r = await listFilesTool.run({ glob: '*.txt' }, fx.ctx({ roots }));
    assert.deepEqual(r.content.split('\n'), ['other/b.txt', 'ws/crlf.txt']);
  });

  it('refuses bad arguments with a result', async () => {
    const r = await listFilesTool.run({ max_results: 'lots' }, fx.ctx());
    assert.equal(r.ok, false);
    assert.match(r.content, /invalid arguments for list_files: max_results/);
  });

  it('without ripgrep: an error result, not a crash', async () => {
    const r = await listFilesTool.run({}, fx.ctx({ ripgrep: undefined }));
    assert.equal(r.ok, false);
    assert.match(r.content, /needs ripgrep/);
  });
});

describe('tools: search_text', () => {
  let fx: ToolFixture;
  before(() => (fx = makeToolFixture()));
  after(() => fx.cleanup());

  it('finds a literal in the workspace as path:line: text, sorted, never in secrets, ignored files or .git', async () => {
    const r = await searchTextTool.run({ query: 'parseConfig' }, fx.ctx());
    assert.equal(r.ok, true);
    assert.deepEqual(r.content.split('\n'), [
      'README.md:3: Call parseConfig to read the settings.',
      'src/config.ts:5: export function parseConfig(text: string): Config {',
      "src/main.ts:1: import { parseConfig } from './config';",
      'src/main.ts:3: const config = parseConfig(process.argv[2] ?? "{}");',
    ]);
    assert.equal(r.summary, 'Searched `parseConfig` — 4 matches');
  });

  it('takes regular expressions when asked, and literal text otherwise', async () => {
    const re = await searchTextTool.run({ query: 'parse\\w+\\(text', is_regex: true }, fx.ctx());
    assert.deepEqual(re.content.split('\n'), ['src/config.ts:5: export function parseConfig(text: string): Config {']);
    const lit = await searchTextTool.run({ query: 'argv[2]' }, fx.ctx());
    assert.equal(lit.content.split('\n').length, 1);
    assert.match(lit.content, /^src\/main\.ts:3: /);
  });

  it('filters by glob', async () => {
    const r = await searchTextTool.run({ query: 'parseConfig', glob: '**/*.ts' }, fx.ctx());
    assert.equal(r.summary, 'Searched `parseConfig` in `**/*.ts` — 3 matches');
    assert.ok(r.content.split('\n').every((l) => l.startsWith('src/')));
  });

  it('caps the matches and says so', async () => {
    const r = await searchTextTool.run({ query: 'parseConfig', max_results: 2 }, fx.ctx());
    const lines = r.content.split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '[More matches not shown (the limit is 2); narrow the query or the glob.]');
    assert.equal(r.summary, 'Searched `parseConfig` — 2+ matches');
  });

  it('no match is a successful, plain result', async () => {
    const r = await searchTextTool.run({ query: 'noSuchThingAnywhere' }, fx.ctx());
    assert.equal(r.ok, true);
    assert.equal(r.content, 'No matches for "noSuchThingAnywhere".');
    assert.equal(r.summary, 'Searched `noSuchThingAnywhere` — no matches');
  });

  it('an invalid regular expression is an error result with ripgrep\'s reason', async () => {
    const r = await searchTextTool.run({ query: 'parse(', is_regex: true }, fx.ctx());
    assert.equal(r.ok, false);
    assert.match(r.content, /regex parse error|unclosed group/i);
  });

  it('a query that starts with a dash is a query, not a flag', async () => {
    fs.writeFileSync(path.join(fx.root, 'flags.txt'), 'use --files here\n');
    const r = await searchTextTool.run({ query: '--files' }, fx.ctx());
    assert.deepEqual(r.content.split('\n'), ['flags.txt:1: use --files here']);
  });

  it('cuts a very long matching line', async () => {
    fs.writeFileSync(path.join(fx.root, 'min.js'), `var a=1;${'x'.repeat(900)}needle${'y'.repeat(900)}\n`);
    const r = await searchTextTool.run({ query: 'var a=1' }, fx.ctx());
    const line = r.content.split('\n')[0] ?? '';
    assert.ok(line.length < 400, `${line.length} chars`);
    assert.ok(line.endsWith('…'));
  });

  it('stops ripgrep when the signal aborts', async () => {
    const abort = new AbortController();
    abort.abort(new Error('user stop'));
    await assert.rejects(searchTextTool.run({ query: 'parseConfig' }, fx.ctx({ signal: abort.signal })), /user stop/);
  });
});

describe('tools: one turn\'s calls', () => {
  let fx: ToolFixture;
  before(() => (fx = makeToolFixture()));
  after(() => fx.cleanup());
  const set = new ToolSet(WORKSPACE_TOOLS);

  it('offers read_file, list_files and search_text with exactly the documented parameters', () => {
    const props = Object.fromEntries(set.specs.map((s) => [s.name, Object.keys((s.parameters as { properties: object }).properties)]));
    assert.deepEqual(props, {
      read_file: ['path', 'start_line', 'end_line'],
      list_files: ['glob', 'max_results'],
      search_text: ['query', 'is_regex', 'glob', 'max_results'],
    });
  });

  it('runs calls concurrently and answers them in the order they were made', async () => {
    const out = await set.runAll(
      [
        { id: 'a', name: 'search_text', arguments: '{"query":"parseConfig"}' },
        { id: 'b', name: 'read_file', arguments: '{"path":"src/main.ts"}' },
        { id: 'c', name: 'list_files', arguments: '{"glob":"*.md"}' },
      ],
      fx.ctx(),
    );
    assert.deepEqual(out.map((o) => [o.call.id, o.ok]), [['a', true], ['b', true], ['c', true]]);
    assert.deepEqual(out[1]?.args, { path: 'src/main.ts' });
  });

  it('an unknown tool, arguments that are not JSON, or not an object: error results, the others still run', async () => {
    const out = await set.runAll(
      [
        { id: '1', name: 'delete_everything', arguments: '{}' },
        { id: '2', name: 'read_file', arguments: '{"path": "src/main.ts"' },
        { id: '3', name: 'read_file', arguments: '["src/main.ts"]' },
        { id: '4', name: 'list_files', arguments: '' },
      ],
      fx.ctx(),
    );
    assert.equal(out[0]?.ok, false);
    assert.match(out[0]?.content ?? '', /no tool named "delete_everything". The tools are: read_file, list_files, search_text/);
    assert.equal(out[1]?.ok, false);
    assert.match(out[1]?.content ?? '', /not a JSON object/);
    assert.equal(out[2]?.ok, false);
    assert.match(out[2]?.content ?? '', /not a JSON object \(not an object\)/);
    assert.equal(out[3]?.ok, true, 'empty arguments mean none');
  });
});
