import assert from 'node:assert/strict';
import { renderFull, renderMessage } from '../../../src/webview/render/incremental';
import { createDom, type TestDom } from './dom';

describe('markdown rendering', () => {
  let dom: TestDom;
  before(() => {
    dom = createDom();
  });
  after(() => dom.close());

  /** The rendered message, as DOM to query. */
  function render(markdown: string): HTMLElement {
    const holder = dom.document.createElement('div');
    holder.innerHTML = renderFull(markdown, dom.document);
    return holder;
  }

  describe('code blocks', () => {
    it('wraps a fence in a block with a language label and four action buttons', () => {
      const el = render('```ts\nconst a = 1;\n```\n');
      const block = el.querySelector('div.code-block');
      assert.ok(block);
      assert.equal(block.getAttribute('data-block-index'), '0');
      assert.equal(block.querySelector('.code-block-lang')?.textContent, 'ts');
      const buttons = Array.from(block.querySelectorAll('button'));
      assert.deepEqual(buttons.map((b) => b.getAttribute('data-action')), ['copy', 'insert', 'apply', 'open']);
      for (const b of buttons) {
        assert.equal(b.getAttribute('type'), 'button');
        assert.equal(b.getAttribute('data-block-index'), '0');
        assert.match(b.getAttribute('aria-label') ?? '', /^(Copy|Insert at cursor|Apply to selection|Open in new editor) code block 1 \(ts\)$/);
        assert.ok(b.getAttribute('title'));
        assert.match(b.querySelector('span')?.className ?? '', /^codicon codicon-[a-z-]+$/);
        assert.equal(b.querySelector('span')?.getAttribute('aria-hidden'), 'true');
      }
      assert.equal(block.querySelector('.code-block-actions')?.getAttribute('aria-label'), 'Actions for code block 1 (ts)');
      // The second block says so, and a block without a language is "text".
      const two = render('```ts\na\n```\n\n```\nb\n```\n').querySelectorAll('div.code-block')[1];
      assert.equal(two?.querySelector('button')?.getAttribute('aria-label'), 'Copy code block 2 (text)');
      assert.deepEqual(buttons.map((b) => b.querySelector('span')?.className), [
        'codicon codicon-copy', 'codicon codicon-insert', 'codicon codicon-diff', 'codicon codicon-new-file',
      ]);
    });

    it('highlights a known language (aliases too) and leaves an unknown one as escaped text', () => {
      for (const lang of ['ts', 'typescript', 'js', 'py', 'python', 'sh', 'bash', 'json', 'go', 'rs', 'java', 'c', 'cpp', 'cs', 'css', 'html', 'xml', 'md', 'yml', 'sql', 'diff', 'php', 'rb', 'kt', 'swift', 'shell']) {
        const code = render('```' + lang + '\nx = "s" // c\n```').querySelector('code');
        assert.match(code?.className ?? '', /\bhljs\b/, lang);
      }
      const plain = render('```nosuchlang\n<b>if</b> x\n```').querySelector('code');
      assert.equal(plain?.className, 'language-nosuchlang');
      assert.equal(plain?.querySelector('*'), null);
      assert.equal(plain?.textContent, '<b>if</b> x\n');
      const none = render('```\nplain\n```').querySelector('code');
      assert.equal(none?.getAttribute('class'), null);
      assert.equal(render('```\nplain\n```').querySelector('.code-block-lang')?.textContent, 'text');
    });

    it('numbers code blocks through the message, nested ones included, and keeps their code aside', () => {
      const md = '```py\nprint("<1>")\n```\n\n- item\n\n  ```\n  two\n  ```\n\ntext\n\n    indented\n';
      const { blocks } = renderMessage(md, dom.document);
      assert.deepEqual(blocks, [
        { code: 'print("<1>")\n', lang: 'py' },
        { code: 'two\n', lang: '' },
        { code: 'indented\n', lang: '' },
      ]);
      const indexes = Array.from(render(md).querySelectorAll('div.code-block')).map((b) => b.getAttribute('data-block-index'));
      assert.deepEqual(indexes, ['0', '1', '2']);
    });

    it('keeps a hostile info string out of the markup', () => {
      const el = render('```"><img src=x onerror=alert(1)> js\nx\n```');
      assert.equal(el.querySelector('img'), null);
      assert.equal(el.querySelector('.code-block-lang')?.textContent, '"><img');
      assert.equal(el.querySelector('code')?.className, 'language-img');
    });
  });

  describe('links', () => {
    it('keeps http(s), mailto and workspace paths, each with data-href', () => {
      for (const href of ['https://example.com/a', 'http://example.com', 'mailto:a@b.co', 'src/a.ts', './b.md', '#top']) {
        const a = render(`[x](${href})`).querySelector('a');
        assert.equal(a?.getAttribute('href'), href, href);
        assert.equal(a?.getAttribute('data-href'), href, href);
        assert.equal(a?.getAttribute('target'), null);
      }
    });

    it('turns other schemes into plain text', () => {
      for (const href of ['javascript:alert(1)', 'vbscript:x', 'data:text/html,x', 'file:///etc/passwd', '//evil.example/x', 'command:quit']) {
        const el = render(`[x](${href})`);
        assert.equal(el.querySelector('a[href]'), null, href);
        assert.equal(el.querySelector('[data-href]'), null, href);
      }
    });

    it('links bare URLs and autolinks the same way, but not file names that look like domains', () => {
      const el = render('see https://example.com/a and <https://a.example/x>, not main.rs or www.example.com');
      assert.deepEqual(Array.from(el.querySelectorAll('a')).map((a) => [a.getAttribute('href'), a.getAttribute('data-href')]), [
        ['https://example.com/a', 'https://example.com/a'],
        ['https://a.example/x', 'https://a.example/x'],
      ]);
    });

    it('resolves reference links, including a definition that comes last', () => {
      const a = render('[docs][d]\n\n[d]: https://example.com/docs "Docs"\n').querySelector('a');
      assert.equal(a?.getAttribute('href'), 'https://example.com/docs');
      assert.equal(a?.getAttribute('title'), 'Docs');
    });
  });

  describe('images are never loaded', () => {
    it('shows an allowed image as a link with its alt text', () => {
      const el = render('![a cat](https://example.com/cat.png "Cat")');
      assert.equal(el.querySelector('img'), null);
      const a = el.querySelector('a.md-image');
      assert.equal(a?.getAttribute('data-href'), 'https://example.com/cat.png');
      assert.equal(a?.getAttribute('title'), 'Cat');
      assert.equal(a?.textContent, 'a cat');
    });

    it('shows a data: or javascript: image as text, and an image inside a link as its alt text', () => {
      assert.equal(render('![x](data:image/png;base64,AAAA)').querySelector('img, a'), null);
      const nested = render('[![alt](https://example.com/i.png)](https://example.com)');
      assert.equal(nested.querySelectorAll('a').length, 1);
      assert.equal(nested.querySelector('a span.md-image')?.textContent, 'alt');
    });
  });

  it('renders raw HTML as text (html: false)', () => {
    const el = render('<b>bold</b> <div onclick="x">');
    assert.equal(el.querySelector('b, div'), null);
    assert.equal(el.textContent, '<b>bold</b> <div onclick="x">\n');
  });

  it('writes table alignment as classes, not styles', () => {
    const el = render('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |');
    assert.equal(el.querySelector('[style]'), null);
    assert.deepEqual(Array.from(el.querySelectorAll('td')).map((td) => td.className), ['md-align-left', 'md-align-center', 'md-align-right']);
  });

  it('keeps typography as written (typographer off) and hard breaks', () => {
    const el = render('"quotes" -- (c)  \nnext');
    assert.equal(el.querySelector('p')?.innerHTML, '"quotes" -- (c)<br>\nnext');
  });
});
