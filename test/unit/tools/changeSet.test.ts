import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import fsSync from 'node:fs';
import path from 'node:path';
import { ChangeSet, EDIT_MAX_BYTES, lineStats, ToolSet, EDIT_TOOLS, WORKSPACE_TOOLS, type EditToolContext, type TextReader } from '../../../src/core/tools';
import { makeToolFixture, type ToolFixture } from './fixture';

const diskReader: TextReader = async (abs) => {
  try {
    const data = await fs.readFile(abs);
    return { text: data.toString('utf8'), bytes: data.length };
  } catch {
    return undefined;
  }
};

describe('tools: a change set of proposals (nothing written)', () => {
  let fx: ToolFixture;
  before(() => (fx = makeToolFixture()));
  after(() => fx.cleanup());
  const snapshot = () => fsSync.readFileSync(path.join(fx.root, 'src', 'config.ts'), 'utf8');

  it('edits to one file compose in order, each against the file as the earlier ones left it', async () => {
    const before = snapshot();
    const set = new ChangeSet(diskReader);
    const a = await set.edit(fx.roots, fx.ctx().denied, 'src/config.ts', 'export function parseConfig(', 'export function readConfig(');
    assert.ok(a.ok, a.message);
    const b = await set.edit(fx.roots, fx.ctx().denied, 'src/config.ts', 'readConfig(text: string): Config {\n  return JSON.parse(text) as Config;', 'readConfig(text: string): Config {\n  const raw = JSON.parse(text);\n  return raw as Config;');
    assert.ok(b.ok, b.message);
    const c = await set.edit(fx.roots, fx.ctx().denied, 'src/config.ts', 'export function parseConfig(', 'x');
    assert.equal(c.ok, false, 'the earlier edit renamed it: not found any more');
    const [change] = set.files;
    assert.equal(set.files.length, 1);
    assert.equal(change?.calls, 2);
    assert.equal(change?.original, before);
    assert.equal(change?.proposed, before.replace('parseConfig(', 'readConfig(').replace('  return JSON.parse(text) as Config;', '  const raw = JSON.parse(text);\n  return raw as Config;'));
    assert.deepEqual(lineStats(change as NonNullable<typeof change>), { added: 3, removed: 2 });
    assert.equal(snapshot(), before, 'the file on disk is untouched');
  });

  it('create_file: a new file (folders included), refused over an existing one or twice', async () => {
    const set = new ChangeSet(diskReader);
    const denied = fx.ctx().denied;
    const made = await set.create(fx.roots, denied, 'test/new/config.test.ts', 'it("works", () => {});\n');
    assert.ok(made.ok, made.message);
    assert.equal(made.summary, 'Created `test/new/config.test.ts` +1');
    assert.equal(made.change.created, true);
    assert.equal(fsSync.existsSync(path.join(fx.root, 'test', 'new')), false, 'nothing written');
    const again = await set.create(fx.roots, denied, 'test/new/config.test.ts', 'x');
    assert.equal(again.ok, false);
    assert.match(again.message, /already part of this answer's changes/);
    const exists = await set.create(fx.roots, denied, 'src/main.ts', 'x');
    assert.equal(exists.ok, false);
    assert.match(exists.message, /already exists\. Use edit_file/);
    const edited = await set.edit(fx.roots, denied, 'test/new/config.test.ts', '"works"', '"parses"');
    assert.ok(edited.ok, 'a proposed new file can be edited further');
    assert.equal(set.get('test/new/config.test.ts')?.proposed, 'it("parses", () => {});\n');
  });

  it('confined like the read tools: outside, links out, the deny-list; binary and large files refused', async () => {
    const set = new ChangeSet(diskReader);
    const denied = fx.ctx().denied;
    fsSync.writeFileSync(path.join(fx.root, 'huge.txt'), 'x'.repeat(EDIT_MAX_BYTES + 1));
    const cases: Array<[Promise<{ ok: boolean; message: string }>, RegExp]> = [
      [set.edit(fx.roots, denied, '../outside/secret.txt', 'OUTSIDE', 'x'), /outside the workspace/],
      [set.edit(fx.roots, denied, 'link-out.txt', 'OUTSIDE', 'x'), /symbolic link/],
      [set.edit(fx.roots, denied, '.env', 'API_KEY', 'x'), /excluded/],
      [set.create(fx.roots, denied, '.env.production', 'KEY=1'), /excluded/],
      [set.create(fx.roots, denied, 'dir-out/new.txt', 'x'), /outside the workspace/],
      [set.create(fx.roots, denied, '../escape.txt', 'x'), /outside the workspace/],
      [set.edit(fx.roots, denied, 'image.png', 'PNG', 'x'), /binary/],
      [set.edit(fx.roots, denied, 'huge.txt', 'x', 'y'), /over 1 MB/],
    ];
    for (const [p, pattern] of cases) {
      const r = await p;
      assert.equal(r.ok, false);
      assert.match(r.message, pattern);
    }
    assert.equal(set.files.length, 0);
    assert.equal(fsSync.existsSync(path.join(fx.outside, 'new.txt')), false);
  });

  it('as tools: results the model reads, steps the user reads', async () => {
    const set = new ToolSet<EditToolContext>([...WORKSPACE_TOOLS, ...EDIT_TOOLS]);
    const ctx: EditToolContext = { ...fx.ctx(), changes: new ChangeSet(diskReader) };
    const [edit, bad, create] = await set.runAll(
      [
        { id: '1', name: 'edit_file', arguments: JSON.stringify({ path: 'src/main.ts', old_text: 'console.log(config.port);', new_text: 'console.log(`port ${config.port}`);' }) },
        { id: '2', name: 'edit_file', arguments: JSON.stringify({ path: 'src/main.ts', old_text: 'nothing like this', new_text: 'x' }) },
        { id: '3', name: 'create_file', arguments: JSON.stringify({ path: 'docs/port.md', content: '# Port\n\nSet it in the config.\n' }) },
      ],
      ctx,
    );
    assert.equal(edit?.ok, true);
    assert.equal(edit?.summary, 'Edited `src/main.ts` +1 −1');
    assert.match(edit?.content ?? '', /^Proposed an edit to src\/main\.ts: lines 4–4 .* Nothing is written until the user accepts/);
    assert.equal(bad?.ok, false);
    assert.match(bad?.content ?? '', /^Error: old_text was not found/);
    assert.equal(create?.summary, 'Created `docs/port.md` +3');
    assert.deepEqual(ctx.changes.files.map((f) => f.path).sort(), ['docs/port.md', 'src/main.ts']);
  });
});
