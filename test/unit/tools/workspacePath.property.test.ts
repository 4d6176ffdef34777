import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_DENY_GLOBS, denyMatcher, resolveWorkspacePath } from '../../../src/core/tools';
import { makeToolFixture, type ToolFixture } from './fixture';

/**
 * For any path the model may write — `..` runs, `./`, absolute paths, percent-encoding, unicode,
 * backslashes, links in and out — the resolver either refuses it or returns a real path inside the
 * workspace's real path that is not on the deny-list.
 */
describe('tools: the path resolver never leaves the workspace (property)', () => {
  let fx: ToolFixture;
  let realRoot: string;
  const denied = denyMatcher(['private/**']);
  before(() => {
    fx = makeToolFixture();
    realRoot = fs.realpathSync(fx.root);
    fs.mkdirSync(path.join(fx.root, 'private'), { recursive: true });
    fs.writeFileSync(path.join(fx.root, 'private', 'notes.txt'), 'PRIVATE\n');
    fs.mkdirSync(path.join(fx.root, 'é', '日本'), { recursive: true });
    fs.writeFileSync(path.join(fx.root, 'é', '日本', 'ok.txt'), 'ok\n');
    fs.writeFileSync(path.join(fx.root, '%2e%2e'), 'literal name\n');
    fs.symlinkSync('../../outside', path.join(fx.root, 'src', 'up-link'));
    fs.symlinkSync('/', path.join(fx.root, 'rootlink'));
    fs.symlinkSync(path.join(fx.root, 'private'), path.join(fx.root, 'to-private'));
  });
  after(() => fx.cleanup());

  const segment = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('..', '.', '', 'src', 'util', 'config.ts', 'main.ts', 'README.md', 'outside', 'secret.txt', 'ws') },
    { weight: 3, arbitrary: fc.constantFrom('link-out.txt', 'dir-out', 'innocent.txt', 'config-link.ts', 'up-link', 'rootlink', 'to-private', 'private', 'notes.txt', 'é', '日本', 'ok.txt', 'etc', 'passwd') },
    { weight: 3, arbitrary: fc.constantFrom('.env', '.ENV', '.env.local', 'server.pem', 'certs', 'deploy.key', 'keys', '.npmrc', 'home', 'id_rsa', '.git', 'config', 'HEAD') },
    { weight: 2, arbitrary: fc.constantFrom('%2e%2e', '%2E%2E', '..%2f', '%2f', '..\\..', '.\\', '...', ' ..', '.. ', '\u2024\u2024', '\uFF0E\uFF0E', 'ｓｒｃ') },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  );
  const prefix = fc.constantFrom('', '', './', '/', '//', '\\', 'C:/', '~/', 'file://');
  const written = fc
    .tuple(prefix, fc.array(segment, { minLength: 1, maxLength: 8 }), fc.constantFrom('/', '/', '\\'))
    .map(([p, segs, sep]) => p + segs.join(sep));
  // Absolute paths built from the workspace's own location, so ".." runs really start inside it.
  const absolute = fc.array(segment, { minLength: 1, maxLength: 8 }).map((segs) => path.join(fx.root, ...segs));

  it('returns only real paths inside the root and off the deny-list (3,000 paths)', async () => {
    const seen = { resolved: 0, outside: 0, excluded: 0, not_found: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(written, absolute), fc.boolean(), async (input, allowMissing) => {
        const r = await resolveWorkspacePath(input, fx.roots, denied, { allowMissing });
        seen[r.ok ? 'resolved' : r.refusal]++;
        if (!r.ok) return;
        const rel = path.relative(realRoot, r.real);
        assert.ok(rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel), `${JSON.stringify(input)} → ${r.real} is outside ${realRoot}`);
        const realRel = rel.split(path.sep).join('/');
        assert.ok(!denied(realRel), `${JSON.stringify(input)} → ${realRel} is on the deny-list`);
        assert.ok(!denied(r.relative), `${JSON.stringify(input)} → ${r.relative} (as written) is on the deny-list`);
        if (r.kind !== undefined) assert.equal(fs.realpathSync(r.real), r.real);
      }),
      { numRuns: 3000 },
    );
    // The generator must reach every outcome, or the property says little.
    for (const [outcome, n] of Object.entries(seen)) if (outcome !== 'invalid') assert.ok(n >= 100, `only ${n} paths ended ${outcome}: ${JSON.stringify(seen)}`);
  });

  it('the deny-list covers every default glob at any depth and in any case', () => {
    for (const glob of DEFAULT_DENY_GLOBS) {
      const name = glob.replace('*', 'x');
      for (const p of [name, `a/${name}`, `a/b/${name.toUpperCase()}`, `${name}/inner`]) assert.ok(denied(p), `${p} denied (${glob})`);
    }
    assert.ok(denied('private/notes.txt') && denied('private'));
    for (const p of ['src/config.ts', 'environment.ts', 'keys.ts', 'my.pem.txt', 'gitignore', '.github/x.yml', 'privately/x']) assert.ok(!denied(p), `${p} allowed`);
  });

  it('known cases: escapes and links refused, literal names and unicode allowed', async () => {
    const cases: Array<[string, boolean]> = [
      ['../outside/secret.txt', false],
      ['src/up-link/secret.txt', false],
      ['rootlink/etc/passwd', false],
      ['to-private/notes.txt', false],
      ['%2e%2e', true],
      ['é/日本/ok.txt', true],
      ['src\\config.ts', true],
      [`${fx.root}/src/../src/main.ts`, true],
      [`${fx.root}/../outside/secret.txt`, false],
    ];
    for (const [input, ok] of cases) {
      const r = await resolveWorkspacePath(input, fx.roots, denied);
      assert.equal(r.ok, ok, `${input}: ${r.ok ? 'resolved' : r.message}`);
    }
  });
});
