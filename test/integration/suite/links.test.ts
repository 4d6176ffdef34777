// The host's link policy, in the real extension host: the chat panel sends `openLink` for a link the
// user clicked in an answer, and the answer is untrusted. Well-formed hostile links must open
// nothing (no editor, no terminal, no browser) and tell the user why; web links and workspace files
// still open.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ToWebview } from '../../../src/shared/protocol';
import type { TestApi } from '../../../src/extension';
import { activateExtension } from './helpers';

const OUTSIDE = 'Only files inside the workspace are opened.';

interface Observed {
  notices: Extract<ToWebview, { type: 'notice' }>[];
  external: string[];
  terminals: number;
  documents: string[];
}

/** Every tab's resource, so a new editor of any kind shows. */
function tabs(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) =>
    g.tabs.map((t) => {
      const input = t.input as { uri?: vscode.Uri; modified?: vscode.Uri } | undefined;
      return `${t.label} ${input?.uri?.toString() ?? input?.modified?.toString() ?? ''}`;
    }),
  );
}

suite('Chat host: the link policy for links in answers', () => {
  let ext: TestApi;
  let ws: string;
  let outsideDir: string;
  const made: string[] = [];

  suiteSetup(async () => {
    ext = (await activateExtension()).api;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration run opens a workspace folder');
    ws = folder.uri.fsPath;
    // Real files outside the workspace, so a policy that let a link through would really open one.
    outsideDir = path.join(path.dirname(ws), 'outside-the-workspace');
    fs.mkdirSync(outsideDir, { recursive: true });
    fs.writeFileSync(path.join(outsideDir, 'secret.txt'), 'not for the model to open\n');
    fs.writeFileSync(path.join(path.dirname(ws), 'x'), 'beside the workspace\n');
    fs.symlinkSync(path.join(outsideDir, 'secret.txt'), path.join(ws, 'link-out.txt'));
    fs.symlinkSync(outsideDir, path.join(ws, 'dir-out'), 'dir');
    fs.symlinkSync(path.join(ws, 'src', 'sample.ts'), path.join(ws, 'link-in.ts'));
    fs.mkdirSync(path.join(ws, 'links'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'links', 'forty.ts'), Array.from({ length: 40 }, (_, i) => `export const line${i + 1} = ${i + 1};`).join('\n'));
    made.push(path.join(ws, 'link-out.txt'), path.join(ws, 'dir-out'), path.join(ws, 'link-in.ts'), path.join(ws, 'links'), outsideDir, path.join(path.dirname(ws), 'x'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of made) fs.rmSync(p, { recursive: true, force: true });
  });

  /** Sends one openLink message as the panel would, and records what the host did. */
  async function click(href: string): Promise<Observed> {
    const notices: Observed['notices'] = [];
    const documents: string[] = [];
    let terminals = 0;
    const post = ext.chatView.post;
    ext.chatView.post = (m: ToWebview) => {
      if (m.type === 'notice') notices.push(m);
      post(m);
    };
    const recorder = ext.links.recordExternal();
    const listeners = [
      vscode.window.onDidOpenTerminal(() => terminals++),
      vscode.workspace.onDidOpenTextDocument((d) => documents.push(d.uri.toString())),
    ];
    try {
      await ext.chatView.receive({ type: 'openLink', href });
      // Let an editor or a terminal that something started finish opening before counting.
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      ext.chatView.post = post;
      recorder.dispose();
      for (const l of listeners) l.dispose();
    }
    return { notices, external: [...recorder.opened], terminals, documents };
  }

  const hostile: Array<[string, RegExp | string]> = [
    ['command:workbench.action.terminal.new', /^Links of the command: kind are not opened\.$/],
    [`command:workbench.action.terminal.sendSequence?${encodeURIComponent(JSON.stringify({ text: 'echo pwned\n' }))}`, /^Links of the command: kind are not opened\.$/],
    ['file:///etc/passwd', /^Links of the file: kind are not opened\.$/],
    ['vscode://file/etc/passwd', /^Links of the vscode: kind are not opened\.$/],
    ['vscode-insiders://file/etc/passwd', /^Links of the vscode-insiders: kind are not opened\.$/],
    ['javascript:alert(document.domain)', /^Links of the javascript: kind are not opened\.$/],
    ['data:text/html,<script>alert(1)</script>', /^Links of the data: kind are not opened\.$/],
    ['../x', OUTSIDE],
    ['%2e%2e/x', OUTSIDE],
    ['..%2fx', OUTSIDE],
    ['src/../../x:1', OUTSIDE],
    ['//host/share', OUTSIDE],
    ['\\\\host\\share', OUTSIDE],
    ['/etc/passwd', OUTSIDE],
    ['link-out.txt', OUTSIDE],
    ['link-out.txt:1', OUTSIDE],
    ['dir-out/secret.txt', OUTSIDE],
  ];

  for (const [href, expected] of hostile) {
    test(`refused, nothing opens, a short notice: ${href.slice(0, 60)}`, async () => {
      const before = tabs();
      const terminalsBefore = vscode.window.terminals.length;
      const seen = await click(href);
      assert.equal(seen.notices.length, 1, 'one notice');
      const notice = seen.notices[0]!;
      assert.equal(notice.level, 'warning');
      assert.ok(notice.text.length <= 60, `short: ${notice.text}`);
      if (typeof expected === 'string') assert.equal(notice.text, expected);
      else assert.match(notice.text, expected);
      assert.deepEqual(seen.external, [], 'nothing went to openExternal');
      assert.deepEqual(tabs(), before, 'no editor opened');
      assert.deepEqual(
        seen.documents.filter((d) => d.startsWith('file:')),
        [],
        'no file was read into a document',
      );
      assert.equal(seen.terminals, 0, 'no terminal opened');
      assert.equal(vscode.window.terminals.length, terminalsBefore);
    });
  }

  test('the refused paths name real files: plain fs reads them through the same names', async () => {
    assert.equal(fs.readFileSync(path.join(ws, 'link-out.txt'), 'utf8'), 'not for the model to open\n');
    assert.equal(fs.readFileSync(path.join(ws, 'dir-out', 'secret.txt'), 'utf8'), 'not for the model to open\n');
    assert.equal(fs.readFileSync(path.join(ws, '..', 'x'), 'utf8'), 'beside the workspace\n');
  });

  test('a workspace file with :12 opens at line 12, with no notice', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const seen = await click('links/forty.ts:12');
    assert.deepEqual(seen.notices, []);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, fs.realpathSync(path.join(ws, 'links', 'forty.ts')));
    assert.equal(editor?.selection.active.line, 11);
    assert.equal(editor?.document.lineAt(11).text, 'export const line12 = 12;');
  });

  test('a #L anchor, ./ and percent-encoding are understood once', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const seen = await click('./links/%66orty.ts#L30');
    assert.deepEqual(seen.notices, []);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, fs.realpathSync(path.join(ws, 'links', 'forty.ts')));
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 29);
  });

  test('a bare file name with a line ("README.md:2") is a path, not a link of the scheme "readme.md"', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const seen = await click('README.md:2');
    assert.deepEqual(seen.notices, []);
    assert.deepEqual(seen.external, []);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, fs.realpathSync(path.join(ws, 'README.md')));
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 1);
  });

  test('a symbolic link that stays inside the workspace opens its file', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const seen = await click('link-in.ts:2');
    assert.deepEqual(seen.notices, []);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, fs.realpathSync(path.join(ws, 'src', 'sample.ts')));
  });

  test('a path that is not there, or a folder, gets a notice naming it', async () => {
    const before = tabs();
    const missing = await click('src/nowhere.ts:3');
    assert.deepEqual(missing.notices.map((n) => n.text), ['“src/nowhere.ts” is not a file in this workspace.']);
    const folder = await click('src');
    assert.deepEqual(folder.notices.map((n) => n.text), ['“src” is not a file in this workspace.']);
    assert.deepEqual(tabs(), before);
  });

  test('https and mailto links go to openExternal, and nothing opens in the editor', async () => {
    const before = tabs();
    const web = await click('https://example.com/docs?q=1#part');
    assert.deepEqual(web.external, ['https://example.com/docs?q=1#part']);
    assert.deepEqual(web.notices, []);
    const mail = await click('mailto:someone@example.com');
    assert.deepEqual(mail.external, ['mailto:someone@example.com']);
    assert.deepEqual(tabs(), before);
  });
});
