import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Token } from 'markdown-it';
import { buildBlocks, buildInline } from '../../../src/webview/render/domBuilder';
import { createEnv, md } from '../../../src/webview/render/markdown';
import { sanitizeHtml, serializeNodes } from '../../../src/webview/render/sanitize';
import { createDom, type TestDom } from './dom';
import { markdownDocument } from './markdownArbitrary';

function hasNestedLink(children: readonly Token[]): boolean {
  let depth = 0;
  for (const t of children) {
    if (t.type === 'link_open' && ++depth > 1) return true;
    if (t.type === 'link_close') depth--;
  }
  return false;
}

// The streaming tail's prose is built as DOM from tokens; it must be exactly what markdown-it's
// HTML through DOMPurify gives.
describe('domBuilder', function () {
  this.timeout(120_000);
  let dom: TestDom;
  before(() => {
    dom = createDom();
  });
  after(() => dom.close());

  it('buildBlocks equals markdown-it (unhighlighted) + DOMPurify for random documents', () => {
    let built = 0;
    fc.assert(
      fc.property(markdownDocument, fc.nat(5), (text, base) => {
        const env = createEnv(base, false);
        const tokens = md.parse(text, env);
        const code = { base, blocks: [] };
        const fragment = buildBlocks(tokens, 0, tokens.length, dom.document, code);
        const html = sanitizeHtml(md.renderer.render(tokens, md.options, env), dom.document);
        // Declined only for a link inside a link's text (the HTML parser splits those).
        if (!fragment) return assert.ok(tokens.some((t) => t.type === 'inline' && hasNestedLink(t.children ?? [])));
        built++;
        assert.equal(serializeNodes(fragment, dom.document), html);
        assert.deepEqual(code.blocks, env.codeBlocks);
      }),
      { numRuns: 500 },
    );
    assert.ok(built > 400, `only ${built} documents built`);
  });

  it('buildInline equals the inline HTML through DOMPurify', () => {
    fc.assert(
      fc.property(markdownDocument, (text) => {
        const env = createEnv(0, false);
        for (const token of md.parse(text, env)) {
          if (token.type !== 'inline') continue;
          const fragment = buildInline(token.children ?? [], dom.document);
          if (!fragment) {
            assert.ok(hasNestedLink(token.children ?? []), 'only a link inside a link is declined');
            continue;
          }
          assert.equal(serializeNodes(fragment, dom.document), sanitizeHtml(md.renderer.renderInline(token.children ?? [], md.options, env), dom.document));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('declines code blocks when there is nowhere to record them', () => {
    const tokens = md.parse('```js\nx\n```\n', createEnv(0, false));
    assert.equal(buildBlocks(tokens, 0, tokens.length, dom.document), null);
  });
});
