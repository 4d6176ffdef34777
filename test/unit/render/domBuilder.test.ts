import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildBlocks, buildInline } from '../../../src/webview/render/domBuilder';
import { createEnv, md } from '../../../src/webview/render/markdown';
import { sanitizeHtml, serializeNodes } from '../../../src/webview/render/sanitize';
import { createDom, type TestDom } from './dom';
import { markdownDocument } from './markdownArbitrary';

// The streaming tail's prose is built as DOM from tokens; it must be exactly what markdown-it's
// HTML through DOMPurify gives.
describe('domBuilder', function () {
  this.timeout(120_000);
  let dom: TestDom;
  before(() => {
    dom = createDom();
  });
  after(() => dom.close());

  it('buildBlocks equals markdown-it + DOMPurify for random documents (or declines: code)', () => {
    let built = 0;
    fc.assert(
      fc.property(markdownDocument, (text) => {
        const env = createEnv(0, false);
        const tokens = md.parse(text, env);
        const fragment = buildBlocks(tokens, 0, tokens.length, dom.document);
        const hasCode = tokens.some((t) => t.type === 'fence' || t.type === 'code_block');
        if (hasCode) return assert.equal(fragment, null);
        assert.ok(fragment, 'prose without code is always built');
        built++;
        assert.equal(serializeNodes(fragment, dom.document), sanitizeHtml(md.renderer.render(tokens, md.options, env), dom.document));
      }),
      { numRuns: 500 },
    );
    assert.ok(built > 100, `only ${built} documents without code`);
  });

  it('buildInline equals the inline HTML through DOMPurify', () => {
    fc.assert(
      fc.property(markdownDocument, (text) => {
        const env = createEnv(0, false);
        for (const token of md.parse(text, env)) {
          if (token.type !== 'inline') continue;
          const fragment = buildInline(token.children ?? [], dom.document);
          if (!fragment) {
            // Declined only for a link inside a link's text (the HTML parser splits those).
            let depth = 0;
            const nested = (token.children ?? []).some((t) => (t.type === 'link_open' ? ++depth > 1 : (t.type === 'link_close' && depth--, false)));
            assert.ok(nested, 'only nested links are declined');
            continue;
          }
          assert.equal(serializeNodes(fragment, dom.document), sanitizeHtml(md.renderer.renderInline(token.children ?? [], md.options, env), dom.document));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('declines what it does not know, rather than guess', () => {
    const tokens = md.parse('```js\nx\n```\n', createEnv(0, false));
    assert.equal(buildBlocks(tokens, 0, tokens.length, dom.document), null);
  });
});
