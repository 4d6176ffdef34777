import assert from 'node:assert/strict';
import { renderCodeBlock } from '../../../src/webview/render/codeBlock';
import { sanitizeHtml, sanitizeToFragment } from '../../../src/webview/render/sanitize';
import { createDom, type TestDom } from './dom';

describe('sanitize', () => {
  let dom: TestDom;
  before(() => {
    dom = createDom();
  });
  after(() => dom.close());

  it('keeps the markup our renderer makes, unchanged', () => {
    const html = renderCodeBlock({ code: 'a < b', lang: 'ts' }, 3, false);
    assert.equal(sanitizeHtml(html, dom.document), html.trimEnd() + '\n');
    const prose = '<h2>t</h2>\n<ol start="3">\n<li><a href="https://e.x/" title="t" data-href="https://e.x/">x</a> <em>e</em> <code>c</code></li>\n</ol>\n<blockquote>\n<p><s>s</s><br>\n<strong>b</strong></p>\n</blockquote>\n<hr>\n';
    assert.equal(sanitizeHtml(prose, dom.document), prose);
  });

  it('drops style, target, event handlers, unknown data- and aria- attributes', () => {
    const out = sanitizeHtml('<p style="color:red" onclick="x" data-x="1" aria-describedby="y" class="k">t</p><a href="https://e.x" target="_blank">a</a>', dom.document);
    assert.equal(out, '<p class="k">t</p><a href="https://e.x">a</a>');
  });

  it('drops links to other schemes, in href and data-href', () => {
    assert.equal(sanitizeHtml('<a href="javascript:alert(1)" data-href="vbscript:x">a</a>', dom.document), '<a>a</a>');
    assert.equal(sanitizeHtml('<a href="//evil.example/" data-href="data:text/html,x">a</a>', dom.document), '<a>a</a>');
  });

  it('keeps only our own buttons: type="button" and a known action', () => {
    // One per call: happy-dom's NodeIterator skips the sibling after a removed node (chromium
    // does not; chromium.test.ts covers the same there).
    assert.equal(sanitizeHtml('<button>x</button>', dom.document), '');
    assert.equal(sanitizeHtml('<button type="submit" data-action="copy">y</button>', dom.document), '');
    assert.equal(sanitizeHtml('<button type="button" data-action="nuke">z</button>', dom.document), '');
    assert.equal(sanitizeHtml('<button type="button" data-action="copy">c</button>', dom.document), '<button type="button" data-action="copy">c</button>');
  });

  it('returns nodes owned by the document they are for', () => {
    const fragment = sanitizeToFragment('<p>x</p>', dom.document);
    const holder = dom.document.createElement('div');
    holder.appendChild(fragment);
    assert.equal(holder.firstElementChild?.ownerDocument, dom.document);
  });
});
