import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function tsFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return (fs.readdirSync(abs, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(abs, f));
}

/** Module specifiers of import/export-from/require/dynamic import statements. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3] ?? '');
  return specs;
}

/** Module specifiers a file loads at run time: `import type` and `export type` are left out. */
function runtimeImportsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:^|[\s;])(import|export)(\s+type)?\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    if (m[2]) continue;
    specs.push(m[3] ?? m[4] ?? m[5] ?? '');
  }
  return specs;
}

/** Every source file `entry` loads at run time, itself included (relative imports followed). */
function runtimeClosure(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const specs = runtimeImportsOf(file);
    seen.set(file, specs);
    for (const spec of specs) {
      if (!spec.startsWith('.')) continue;
      const base = path.resolve(path.dirname(file), spec);
      const next = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
      if (next) visit(next);
    }
  };
  visit(path.join(root, entry));
  return seen;
}

describe('architecture: one direction of imports', () => {
  it('the import scanner sees imports (guards the guard)', () => {
    const sample = path.join(root, 'src', 'extension.ts');
    assert.ok(importsOf(sample).includes('vscode'), 'extension.ts imports vscode and the scanner must see it');
  });

  for (const layer of ['src/core', 'src/shared', 'src/webview']) {
    it(`nothing under ${layer} imports vscode or the host`, () => {
      const offenders: string[] = [];
      for (const f of tsFiles(layer)) {
        for (const spec of importsOf(f)) {
          if (spec === 'vscode' || /(^|\/)host(\/|$)/.test(spec)) offenders.push(`${path.relative(root, f)} → ${spec}`);
        }
      }
      assert.deepEqual(offenders, []);
    });
  }

  it('the chat session runs under plain Node: nothing it loads imports vscode', () => {
    const closure = runtimeClosure('src/host/chat/chatSession.ts');
    assert.ok(closure.size > 5, `the closure was followed (${closure.size} files)`);
    const offenders = [...closure].flatMap(([f, specs]) => specs.filter((s) => s === 'vscode').map(() => path.relative(root, f)));
    assert.deepEqual(offenders, []);
  });

  it('the runtime scanner sees vscode behind a relative import (guards the guard)', () => {
    const closure = runtimeClosure('src/host/chat/chatViewProvider.ts');
    assert.ok([...closure.values()].some((specs) => specs.includes('vscode')));
    assert.ok(!runtimeImportsOf(path.join(root, 'src', 'host', 'disposable.ts')).includes('vscode'), 'a type-only import is not a run-time one');
  });

  it('src/core has files to check', () => {
    assert.ok(tsFiles('src/core').length > 0);
  });

  it('the host loads the API client lazily: only types come from core/api, errors from core/api/errors', () => {
    const offenders: string[] = [];
    for (const f of [...tsFiles('src/host'), path.join(root, 'src', 'extension.ts')]) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+['"]([^'"]*core\/api(?:\/[^'"]*)?)['"]/gm)) {
        const typeOnly = m[1] !== undefined;
        const spec = m[2] ?? '';
        if (!typeOnly && !spec.endsWith('core/api/errors')) offenders.push(`${path.relative(root, f)} → ${spec}`);
      }
      if (/from\s+['"]undici['"]/.test(text)) offenders.push(`${path.relative(root, f)} → undici`);
    }
    assert.deepEqual(offenders, []);
  });

  it('activation loads only the start-up files: the rest is in dist/main.js, required on first use', () => {
    const closure = [...runtimeClosure('src/extension.ts').keys()].map((f) => path.relative(root, f).split(path.sep).join('/')).sort();
    assert.deepEqual(closure, ['src/extension.ts', 'src/host/bundleTiming.ts', 'src/host/codeActionProvider.ts', 'src/host/diagnostics.ts', 'src/host/ids.ts', 'src/host/mainLoader.ts', 'src/host/proposals/scheme.ts']);
    const external = [...runtimeClosure('src/extension.ts').values()].flat().filter((spec) => !spec.startsWith('.'));
    assert.deepEqual([...new Set(external)].sort(), ['vscode']);
  });
});

describe('ids: the start-up bundle registers what package.json contributes', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string }[]; views: Record<string, { id: string; type?: string }[]> };
  };

  it('every contributed command, and no other', async () => {
    const { COMMAND_IDS } = await import('../../src/host/ids');
    assert.deepEqual([...COMMAND_IDS].sort(), pkg.contributes.commands.map((c) => c.command).sort());
  });

  it('the chat view', async () => {
    const { CHAT_VIEW_ID } = await import('../../src/host/ids');
    const webviews = Object.values(pkg.contributes.views).flat().filter((v) => v.type === 'webview').map((v) => v.id);
    assert.deepEqual(webviews, [CHAT_VIEW_ID]);
  });
});
