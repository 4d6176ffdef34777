/**
 * `chat --tools` and `chat --tools --edits`, run as a subprocess of the built dist/cli.js against
 * the fake server scripting tool rounds, over a real folder: the stderr lines, --json's toolCalls,
 * the proposals' diff (applied with `git apply` to prove it), --write all or none, and the project
 * instructions read from the working directory.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toolCallScript } from '../../support/fakeToolScripts';
import { makeToolFixture, type ToolFixture } from '../tools/fixture';
import { runCli, tempDir, useCliServer } from './helpers';

interface WireBody {
  system?: string;
  tools?: Array<{ function: { name: string } }>;
  tool_choice?: unknown;
  messages: Array<{ role: string; content: string | null; tool_call_id?: string }>;
}

describe('CLI: chat --tools', () => {
  const fx = useCliServer();
  let ws: ToolFixture;
  beforeEach(() => (ws = makeToolFixture()));
  afterEach(() => ws.cleanup());
  const bodies = () => fx.server.chatRequests.map((r) => r.body as WireBody);

  it('read → search → answer: one stderr line per call, the answer on stdout, exit 0', async () => {
    fx.server.enqueue(
      toolCallScript([{ name: 'read_file', arguments: { path: 'src/config.ts' } }], { text: 'Reading. ' }),
      toolCallScript([{ name: 'search_text', arguments: { query: 'parseConfig' } }]),
      { kind: 'text', text: 'Used in src/main.ts.' },
    );
    const run = await runCli(['chat', '--tools', '--root', ws.root, 'Where is parseConfig used?'], fx.server);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Reading. \n\nUsed in src/main.ts.');
    assert.deepEqual(run.stderr.trim().split('\n'), ['tool> read_file "src/config.ts" — lines 1–7', 'tool> search_text "parseConfig" — 4 matches']);
    assert.deepEqual(bodies()[0]?.tools?.map((t) => t.function.name), ['read_file', 'list_files', 'search_text'], 'no find_symbol or get_problems in the CLI');
    assert.match(bodies()[1]?.messages.at(-1)?.content ?? '', /^src\/config\.ts — lines 1–7 of 7/);
  });

  it('--json adds toolCalls in the order they ran, refusals included; the tools stay inside --root', async () => {
    fx.server.enqueue(
      toolCallScript([
        { name: 'read_file', arguments: { path: '../outside/secret.txt' } },
        { name: 'read_file', arguments: { path: '.env' } },
        { name: 'list_files', arguments: { glob: '*.md' } },
      ]),
      { kind: 'text', text: 'Done.' },
    );
    const run = await runCli(['chat', '--tools', '--root', ws.root, '--json', 'look'], fx.server);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { toolCalls: Array<{ name: string; arguments: unknown; ok: boolean; summary: string }>; text: string };
    assert.deepEqual(
      out.toolCalls.map((c) => [c.name, c.arguments, c.ok]),
      [
        ['read_file', { path: '../outside/secret.txt' }, false],
        ['read_file', { path: '.env' }, false],
        ['list_files', { glob: '*.md' }, true],
      ],
    );
    assert.equal(out.toolCalls[2]?.summary, 'Listed files matching *.md — 1 file');
    assert.equal(out.text, 'Done.');
    assert.doesNotMatch(JSON.stringify(bodies()), /OUTSIDE-SECRET|sk-ENV-SECRET/);
  });

  it('past --max-tool-rounds the model still ends with its answer: exit 0', async () => {
    const call = () => toolCallScript([{ name: 'list_files', arguments: {} }]);
    fx.server.enqueue(call(), call(), { kind: 'text', text: 'Enough looking.' });
    const run = await runCli(['chat', '--tools', '--root', ws.root, '--max-tool-rounds', '2', 'loop'], fx.server);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Enough looking.');
    assert.equal(bodies()[2]?.tool_choice, 'none');
    assert.match(run.stderr, /used the 2 tool rounds allowed/);
  });

  it('flags: --tools only for chat, --edits needs --tools, --root must be a folder', async () => {
    for (const [args, pattern] of [
      [['explain', 'x.ts', '--tools'], /--tools applies to chat only/],
      [['chat', '--edits', 'q'], /--edits needs --tools/],
      [['chat', '--root', ws.root, 'q'], /--root applies to chat --tools only/],
      [['chat', '--tools', '--root', path.join(ws.root, 'nope'), 'q'], /--root: no such folder/],
      [['chat', '--write', 'q'], /--write applies to refactor, and to chat --tools --edits/],
      [['chat', '--tools', '--max-tool-rounds', '0', 'q'], /--max-tool-rounds must be at least 1/],
    ] as const) {
      const run = await runCli([...args], fx.server);
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, pattern);
    }
    assert.equal(fx.server.chatRequests.length, 0);
  });
});

describe('CLI: chat --tools --edits', () => {
  const fx = useCliServer();
  let ws: ToolFixture;
  let repo: ReturnType<typeof tempDir>;
  beforeEach(() => {
    ws = makeToolFixture();
    repo = tempDir();
  });
  afterEach(() => {
    ws.cleanup();
    repo.remove();
  });

  const rename = () => [
    toolCallScript([
      { name: 'edit_file', arguments: { path: 'src/config.ts', old_text: 'export function parseConfig(', new_text: 'export function readConfig(' } },
      { name: 'edit_file', arguments: { path: 'src/main.ts', old_text: "import { parseConfig } from './config';", new_text: "import { readConfig } from './config';" } },
      { name: 'edit_file', arguments: { path: 'src/main.ts', old_text: 'const config = parseConfig(', new_text: 'const config = readConfig(' } },
      { name: 'create_file', arguments: { path: 'docs/config.md', content: '# Config\n\nreadConfig parses it.\n' } },
    ]),
    { kind: 'text' as const, text: 'Renamed.' },
  ];

  it('prints the proposals as one unified diff that `git apply` takes; nothing is written', async () => {
    const before = readFileSync(path.join(ws.root, 'src', 'config.ts'), 'utf8');
    fx.server.enqueue(...rename());
    const run = await runCli(['chat', '--tools', '--edits', '--root', ws.root, 'rename parseConfig'], fx.server);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^diff --git a\/docs\/config\.md b\/docs\/config\.md\nnew file mode 100644\n--- \/dev\/null\n\+\+\+ b\/docs\/config\.md/);
    assert.match(run.stdout, /-export function parseConfig\(text: string\): Config \{\n\+export function readConfig\(text: string\): Config \{/);
    assert.equal(readFileSync(path.join(ws.root, 'src', 'config.ts'), 'utf8'), before, 'nothing written without --write');
    assert.equal(existsSync(path.join(ws.root, 'docs')), false);
    // The diff applies to a copy of the folder, with git, and gives what was proposed.
    cpSync(path.join(ws.root, 'src'), path.join(repo.dir, 'src'), { recursive: true });
    execFileSync('git', ['init', '-q', repo.dir]);
    writeFileSync(path.join(repo.dir, 'change.diff'), run.stdout);
    const applied = spawnSync('git', ['apply', '--verbose', 'change.diff'], { cwd: repo.dir, encoding: 'utf8' });
    assert.equal(applied.status, 0, applied.stderr);
    assert.match(readFileSync(path.join(repo.dir, 'src', 'main.ts'), 'utf8'), /import \{ readConfig \}[\s\S]*const config = readConfig\(/);
    assert.equal(readFileSync(path.join(repo.dir, 'docs', 'config.md'), 'utf8'), '# Config\n\nreadConfig parses it.\n');
  });

  it('--write writes every file, new ones included; --json says so with a diff per file', async () => {
    fx.server.enqueue(...rename());
    const run = await runCli(['chat', '--tools', '--edits', '--write', '--json', '--root', ws.root, 'rename'], fx.server);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { proposals: Array<{ path: string; created: boolean; diff: string }>; applied: boolean; toolCalls: unknown[] };
    assert.equal(out.applied, true);
    assert.deepEqual(out.proposals.map((p) => [p.path, p.created]), [['docs/config.md', true], ['src/config.ts', false], ['src/main.ts', false]]);
    assert.equal(out.toolCalls.length, 4);
    assert.match(readFileSync(path.join(ws.root, 'src', 'config.ts'), 'utf8'), /export function readConfig\(/);
    assert.equal(readFileSync(path.join(ws.root, 'docs', 'config.md'), 'utf8'), '# Config\n\nreadConfig parses it.\n');
    // Each diff applies on its own.
    for (const p of out.proposals) assert.match(p.diff, new RegExp(`^diff --git a/${p.path} b/${p.path}\\n`));
  });

  it('--write with a file changed meanwhile: exit 1, nothing written (not even the other files)', async () => {
    const mainBefore = readFileSync(path.join(ws.root, 'src', 'main.ts'), 'utf8');
    fx.server.enqueue(...rename());
    let touched = false;
    const run = await runCli(['chat', '--tools', '--edits', '--write', '--root', ws.root, 'rename'], fx.server, {
      // The user edits config.ts once the answer is being written (after the tools ran).
      onStderr: (chunk) => {
        if (!touched && chunk.includes('tool> create_file')) {
          touched = true;
          writeFileSync(path.join(ws.root, 'src', 'config.ts'), '// edited by the user\n');
        }
      },
    });
    assert.equal(touched, true);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /src\/config\.ts changed while the request ran, so no proposal was written/);
    assert.equal(readFileSync(path.join(ws.root, 'src', 'main.ts'), 'utf8'), mainBefore);
    assert.equal(readFileSync(path.join(ws.root, 'src', 'config.ts'), 'utf8'), '// edited by the user\n');
    assert.equal(existsSync(path.join(ws.root, 'docs', 'config.md')), false);
  });

  it('--write with a file to create that appeared meanwhile: exit 1, nothing written', async () => {
    fx.server.enqueue(...rename());
    const run = await runCli(['chat', '--tools', '--edits', '--write', '--root', ws.root, 'rename'], fx.server, {
      onStderr: (chunk) => {
        if (chunk.includes('tool> create_file') && !existsSync(path.join(ws.root, 'docs', 'config.md'))) {
          mkdirSync(path.join(ws.root, 'docs'), { recursive: true });
          writeFileSync(path.join(ws.root, 'docs', 'config.md'), 'mine\n');
        }
      },
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /docs\/config\.md appeared while the request ran/);
    assert.equal(readFileSync(path.join(ws.root, 'docs', 'config.md'), 'utf8'), 'mine\n');
    assert.match(readFileSync(path.join(ws.root, 'src', 'config.ts'), 'utf8'), /parseConfig/);
  });

  it('an edit that does not match goes back to the model as an error, which corrects it', async () => {
    fx.server.enqueue(
      toolCallScript([{ name: 'edit_file', arguments: { path: 'src/main.ts', old_text: 'console.log(config.portt);', new_text: 'x' } }]),
      toolCallScript([{ name: 'edit_file', arguments: { path: 'src/main.ts', old_text: 'console.log(config.port);', new_text: 'console.info(config.port);' } }]),
      { kind: 'text', text: 'Fixed.' },
    );
    const run = await runCli(['chat', '--tools', '--edits', '--root', ws.root, 'use info'], fx.server);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /tool> edit_file "src\/main\.ts" — refused: old_text was not found/);
    assert.match(run.stdout, /-console\.log\(config\.port\);\n\+console\.info\(config\.port\);/);
    const second = fx.server.chatRequests[1]?.body as WireBody;
    assert.match(second.messages.at(-1)?.content ?? '', /closest lines are 4–4:\n4\tconsole\.log\(config\.port\);/);
  });
});

describe('CLI: project instructions', () => {
  const fx = useCliServer();
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it('AGENTS.md in the working directory goes into the system prompt; --no-instructions leaves it out', async () => {
    writeFileSync(path.join(tmp.dir, 'AGENTS.md'), 'Answer in one word.\n');
    fx.server.enqueue({ kind: 'text', text: 'Yes.' }, { kind: 'text', text: 'Yes.' });
    const withIt = await runCli(['chat', 'ok?'], fx.server, { cwd: tmp.dir });
    assert.equal(withIt.code, 0, withIt.stderr);
    const without = await runCli(['chat', '--no-instructions', 'ok?'], fx.server, { cwd: tmp.dir });
    assert.equal(without.code, 0, without.stderr);
    const [a, b] = fx.server.chatRequests.map((r) => (r.body as WireBody).system ?? '');
    assert.match(a ?? '', /<instructions source="AGENTS.md">\nAnswer in one word.\n<\/instructions>/);
    assert.doesNotMatch(b ?? '', /Answer in one word/);
  });
});
