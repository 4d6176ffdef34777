import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Token } from 'markdown-it';
import { buildBlocks, buildInline } from '../../../src/webview/render/domBuilder';
import { createEnv, md } from '../../../src/webview/render/markdown';
import { sanitizeHtml, sanitizeToFragment, serializeNodes } from '../../../src/webview/render/sanitize';
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

/** A link or image attribute that DOMPurify would not keep as it is (trimmed, or dropped). */
function hasAttributeSanitiserChanges(children: readonly Token[]): boolean {
  return children.some((t) => (t.attrs ?? []).some(([, value]) => String(value) !== String(value).trim() || /[<>]/.test(String(value))));
}

function declined(children: readonly Token[]): boolean {
  return hasNestedLink(children) || hasAttributeSanitiserChanges(children);
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
        // Declined only for a link inside a link's text (the HTML parser splits those), or an
        // attribute the sanitiser would trim or drop.
        if (!fragment) return assert.ok(tokens.some((t) => t.type === 'inline' && declined(t.children ?? [])));
        built++;
        assert.equal(serializeNodes(fragment, dom.document), html);
        assert.deepEqual(code.blocks, env.codeBlocks);
      }),
      { numRuns: 500 },
    );
    assert.ok(built > 300, `only ${built} documents built`);
  });

  // Compared inside a paragraph, where a full render parses it: a run of inline markup parsed on
  // its own is not what the panel ever shows (and happy-dom's parser drops leading non-ASCII
  // spaces and stops decoding entities after a stray end tag there).
  it('buildInline equals the inline HTML through DOMPurify, in its paragraph', () => {
    fc.assert(
      fc.property(markdownDocument, (text) => {
        const env = createEnv(0, false);
        for (const token of md.parse(text, env)) {
          if (token.type !== 'inline') continue;
          const fragment = buildInline(token.children ?? [], dom.document);
          if (!fragment) {
            assert.ok(declined(token.children ?? []), 'only a link inside a link, or an attribute the sanitiser changes, is declined');
            continue;
          }
          const p = sanitizeToFragment(`<p>${md.renderer.renderInline(token.children ?? [], md.options, env)}</p>`, dom.document).firstChild as Element;
          assert.equal(serializeNodes(fragment, dom.document), p.innerHTML);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('leaves to the HTML path an attribute DOMPurify would trim or drop (a title over several lines, "-->")', () => {
    for (const text of ["[a](/u '\nmulti\nline\n')", '[a](/u "  padded ")', '[a](/u "x-->y")', '![a](/u "a</title>b")']) {
      const env = createEnv(0, false);
      const tokens = md.parse(text, env);
      assert.equal(buildBlocks(tokens, 0, tokens.length, dom.document, { base: 0, blocks: [] }), null, text);
    }
    const plain = md.parse('[a](/u "title")', createEnv(0, false));
    assert.ok(buildBlocks(plain, 0, plain.length, dom.document, { base: 0, blocks: [] }));
  });

  it('declines code blocks when there is nowhere to record them', () => {
    const tokens = md.parse('```js\nx\n```\n', createEnv(0, false));
    assert.equal(buildBlocks(tokens, 0, tokens.length, dom.document), null);
  });
});
