// The three ways a message is translated (docs/localization.md): `formatMessage` fills {0}… as
// vscode.l10n.t does; the core's `tr` goes through the translator the extension installs, in every
// bundled copy of the core; the webview's `t` reads the bundle the host embedded in the page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { setTranslator, tr } from '../../../src/core/l10n';
import { authMessage, networkMessage } from '../../../src/core/api/userMessages';
import { formatMessage } from '../../../src/shared/l10nFormat';
import { t } from '../../../src/webview/l10n';
import { createDom, type TestDom } from '../render/dom';

describe('Translating messages', () => {
  it('formatMessage fills placeholders by index, repeated or out of order, and leaves unknown ones', () => {
    assert.equal(formatMessage('{1} before {0}, {1} again', ['a', 2]), '2 before a, 2 again');
    assert.equal(formatMessage('{0} and {3}', [true]), 'true and {3}');
    assert.equal(formatMessage('no placeholders', ['x']), 'no placeholders');
  });

  describe('the core’s tr', () => {
    afterEach(() => setTranslator(undefined));

    it('is English with the values filled in when no translator is installed (the CLI)', () => {
      assert.equal(tr('Could not reach {0}.', 'example.com'), 'Could not reach example.com.');
      assert.match(authMessage(), /^The AI\/ML API rejected the API key\. Set a valid key with “AIML Claude: Set API Key”\.$/);
    });

    it('goes through the installed translator, whole sentences with their values', () => {
      const seen: string[] = [];
      setTranslator((message, ...args) => {
        seen.push(message);
        return `[de] ${formatMessage(message, args)}`;
      });
      assert.equal(networkMessage('api.example', false), '[de] Could not reach api.example; check your internet connection and proxy settings.');
      assert.deepEqual(seen, ['Could not reach {0}; check your internet connection and proxy settings.']);
    });

    it('is shared by every bundled copy of the core (the translator lives on a global symbol)', () => {
      // Two bundles of the core, as dist/main.js and dist/api.js each carry one.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-l10n-'));
      try {
        const copies = ['a', 'b'].map((name) => {
          const outfile = path.join(dir, `${name}.js`);
          esbuild.buildSync({ entryPoints: [path.join(__dirname, '../../../src/core/l10n.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          return require(outfile) as typeof import('../../../src/core/l10n');
        });
        const [a, b] = copies as [typeof copies[0], typeof copies[0]];
        assert.notEqual(a.tr, b.tr, 'two separate module instances');
        a.setTranslator((message) => `X:${message}`);
        assert.equal(b.tr('Hello'), 'X:Hello');
        assert.equal(tr('Hello'), 'X:Hello');
        b.setTranslator(undefined);
        assert.equal(a.tr('Hello {0}', 'you'), 'Hello you');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the webview’s t', () => {
    const globals = globalThis as { document?: unknown };
    const saved = globals.document;
    const doms: TestDom[] = [];
    /** A fresh page whose body carries `l10n` as the host writes it (t reads it once per page). */
    function page(l10n: string | undefined): void {
      const dom = createDom();
      doms.push(dom);
      if (l10n !== undefined) dom.document.body.dataset.l10n = l10n;
      globals.document = dom.document;
    }
    after(() => {
      globals.document = saved;
      doms.forEach((d) => d.close());
    });

    it('uses the bundle embedded in the page, and English for a message it lacks', () => {
      page(JSON.stringify({ 'Send': 'Senden', 'Remove {0}': '{0} entfernen' }));
      assert.equal(t('Send'), 'Senden');
      assert.equal(t('Remove {0}', 'a.ts'), 'a.ts entfernen');
      assert.equal(t('Stop the answer'), 'Stop the answer');
    });

    it('is English without a bundle, and a broken or empty one does not break it', () => {
      page(undefined);
      assert.equal(t('Send'), 'Send');
      page('{not json');
      assert.equal(t('Remove {0}', 'b.ts'), 'Remove b.ts');
      page(JSON.stringify({ Send: '', Stop: 7 }));
      assert.equal(t('Send'), 'Send');
      assert.equal(t('Stop'), 'Stop');
    });
  });
});
