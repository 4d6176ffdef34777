// The run-time translations: every message the sources translate is in l10n/bundle.l10n.json,
// every language has every message (no more, none empty, the same placeholders and untranslatable
// parts), and no user-visible English is left as a plain literal in src/host or src/webview.
// The rules are in docs/localization.md; `npm run l10n:export` rewrites the English bundle.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { englishBundle, extractMessages, findLiterals, literalsIn, root } from '../../../scripts/l10nSources';

const LANGUAGES = ['de', 'es', 'ja', 'zh-cn'] as const;

function readBundle(file: string): Record<string, string> {
  const data: unknown = JSON.parse(fs.readFileSync(path.join(root, 'l10n', file), 'utf8'));
  assert.ok(data && typeof data === 'object' && !Array.isArray(data), `${file} is an object`);
  for (const [k, v] of Object.entries(data)) assert.equal(typeof v, 'string', `${file}: ${k} is a string`);
  return data as Record<string, string>;
}

/** What a translation must keep: placeholders, code spans, setting ids, codicons, Markdown bold. */
function invariants(text: string): string[] {
  return [...text.matchAll(/\{\d+\}|`[^`]*`|aimlClaude(?:\.\w+)+|\$\([\w-]+\)|@(?:selection|file|symbol|problems|changes)\b/g)].map((m) => m[0]).sort();
}

describe('Run-time translations (l10n/bundle.l10n*.json)', function () {
  this.timeout(60_000);
  const english = readBundle('bundle.l10n.json');

  it('every translated message is a literal the extractor can list', function () {
    assert.deepEqual(extractMessages().problems, []);
  });

  it('l10n/bundle.l10n.json is what the sources translate (run `npm run l10n:export` after a change)', function () {
    const fromSources = englishBundle();
    assert.ok(Object.keys(fromSources).length >= 300, `${Object.keys(fromSources).length} messages found`);
    assert.deepEqual(Object.keys(english).filter((k) => !(k in fromSources)), [], 'messages no longer used');
    assert.deepEqual(Object.keys(fromSources).filter((k) => !(k in english)), [], 'messages missing from the bundle');
  });

  it('no user-visible English literal is left in src/host or src/webview', function () {
    assert.deepEqual(findLiterals(), []);
  });

  it('the literal scan sees what a user reads and skips what they do not (guards the guard)', function () {
    const sample = [
      "import * as vscode from 'vscode';",
      "vscode.window.showErrorMessage('The file could not be saved.');",
      "const label = 'Dismiss';",
      "el.title = `Open ${name} in the editor`;",
      "h('button', { class: 'icon-button primary', 'aria-label': 'Stop the answer' });",
      "log.info('connected to the server');",
      "vscode.l10n.t('Translated already');",
      "if (key === 'Escape key') return;",
      "throw new Error('internal: no such turn');",
      "document.querySelector('.message .body');",
      "const note = 'for Claude only'; // l10n-ignore: sent to the model",
    ].join('\n');
    const found = literalsIn('sample.ts', sample).map((f) => f.replace(/^sample\.ts:\d+: /, ''));
    assert.deepEqual(found, ['"The file could not be saved."', '"Dismiss"', '"Open {} in the editor"', '"Stop the answer"']);
  });

  for (const lang of LANGUAGES) {
    describe(lang, function () {
      const file = `bundle.l10n.${lang}.json`;

      it('has every message and no other', function () {
        const translated = readBundle(file);
        assert.deepEqual(Object.keys(english).filter((k) => !(k in translated)), [], `missing from ${file}`);
        assert.deepEqual(Object.keys(translated).filter((k) => !(k in english)), [], `not in the English bundle`);
      });

      it('no value is empty, and placeholders, code spans, setting ids and codicons are kept', function () {
        const translated = readBundle(file);
        const bad: string[] = [];
        for (const [key, value] of Object.entries(translated)) {
          if (value.trim() === '') bad.push(`${key}: empty`);
          else if (JSON.stringify(invariants(value)) !== JSON.stringify(invariants(key))) bad.push(`${key} → ${value}: ${invariants(key).join(' ')} ≠ ${invariants(value).join(' ')}`);
        }
        assert.deepEqual(bad, []);
      });
    });
  }
});
