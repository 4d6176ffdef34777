// The manifest's translations (package.nls.json and package.nls.<lang>.json): every %key% that
// package.json uses has an English text, every language has every key and no other, no value is
// empty, and the parts that must not be translated survive: {0}-style placeholders, `code`
// spans, #setting# links and command: links.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const LANGUAGES = ['de', 'es', 'ja', 'zh-cn'] as const;

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
}

function bundle(file: string): Record<string, string> {
  const data = readJson(file);
  assert.ok(data && typeof data === 'object' && !Array.isArray(data), `${file} is an object`);
  for (const [k, v] of Object.entries(data)) assert.equal(typeof v, 'string', `${file}: ${k} is a string`);
  return data as Record<string, string>;
}

/** Every "%key%" string anywhere in package.json. */
function usedKeys(): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const m = /^%([^%\s]+)%$/.exec(v);
      if (m) out.push(m[1]!);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(readJson('package.json'));
  return out;
}

/** What a translation must keep as it is: placeholders, code spans, setting and command links. */
function invariants(text: string): string[] {
  const found = [...text.matchAll(/\{\d+\}|`[^`]*`|#aimlClaude\.[\w.]+#|\(command:[\w.]+\)/g)].map((m) => m[0]);
  return found.sort();
}

describe('Manifest translations (package.nls*.json)', function () {
  const english = bundle('package.nls.json');

  it('every %key% in package.json has an English text, and every English text is used', function () {
    const used = new Set(usedKeys());
    assert.ok(used.size >= 40, `package.json uses ${used.size} keys`);
    assert.deepEqual([...used].filter((k) => !(k in english)), [], 'keys without an English text');
    assert.deepEqual(Object.keys(english).filter((k) => !used.has(k)), [], 'English texts no longer used');
  });

  it('package.json has no user-visible English left outside the bundle (titles, descriptions)', function () {
    const pkg = readJson('package.json') as { contributes: Record<string, unknown> };
    const literal: string[] = [];
    const walk = (v: unknown, at: string): void => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          const visible = ['title', 'name', 'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'label'].includes(k);
          const values = visible ? (Array.isArray(x) ? x : [x]) : [];
          // The product name is not translated (as VS Code's own product names are not).
          for (const s of values) if (typeof s === 'string' && !/^%[^%]+%$/.test(s) && s !== 'AIML Claude') literal.push(`${at}.${k}: ${s}`);
          if (!visible || typeof x === 'object') walk(x, `${at}.${k}`);
        }
      }
    };
    walk(pkg.contributes, 'contributes');
    assert.deepEqual(literal, []);
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: the same keys as English, none empty, placeholders, code and links kept`, function () {
      const file = `package.nls.${lang}.json`;
      const t = bundle(file);
      assert.deepEqual(Object.keys(t).sort(), Object.keys(english).sort(), `${file} has exactly the English keys`);
      const problems: string[] = [];
      for (const [key, en] of Object.entries(english)) {
        const tr = t[key] ?? '';
        if (!tr.trim()) problems.push(`${key}: empty`);
        else if (JSON.stringify(invariants(tr)) !== JSON.stringify(invariants(en))) problems.push(`${key}: ${JSON.stringify(invariants(tr))} ≠ ${JSON.stringify(invariants(en))}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  it('the check sees a broken translation (a lost placeholder, a translated code span)', function () {
    assert.notDeepEqual(invariants('Use `{baseUrl}` and {0} and #aimlClaude.model#'), invariants('Use {baseUrl} and #aimlClaude.model#'));
    assert.notDeepEqual(invariants('[Open](command:aimlClaude.openChat)'), invariants('[Open](command:aimlClaude.open)'));
  });
});

describe('The .vsix carries the translations', function () {
  it('.vscodeignore (an allow-list) names package.nls.json and package.nls.*.json', function () {
    const lines = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(lines.includes('!package.nls.json'), lines.join('\n'));
    assert.ok(lines.includes('!package.nls.*.json'), lines.join('\n'));
  });
});
