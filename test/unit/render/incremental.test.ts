import assert from 'node:assert/strict';
import { IncrementalRenderer, renderFull, renderMessage } from '../../../src/webview/render/incremental';
import { createDom, type TestDom } from './dom';
import { ManualScheduler, stream } from './stream';

describe('IncrementalRenderer', () => {
  let dom: TestDom;
  before(() => {
    dom = createDom();
  });
  after(() => dom.close());

  function setup(): { container: HTMLElement; scheduler: ManualScheduler; renderer: IncrementalRenderer } {
    const container = dom.container();
    const scheduler = new ManualScheduler();
    return { container, scheduler, renderer: new IncrementalRenderer(container, { scheduler: scheduler.schedule }) };
  }

  /** Stream one character per frame and check the end result. */
  function perChar(text: string): HTMLElement {
    const container = dom.container();
    stream(text, { sizes: [1], flushes: [true] }, container, { checkTail: true });
    assert.equal(container.innerHTML, renderFull(text, dom.document));
    return container;
  }

  it('keeps sealed blocks: the very same nodes after everything that follows', () => {
    const { container, scheduler, renderer } = setup();
    renderer.append('# Title\n\nFirst paragraph with *emphasis*.\n\n```ts\nconst a = 1;\n```\n\nNext');
    scheduler.tick();
    const sealed = Array.from(container.childNodes).slice(0, -2);
    const heading = container.querySelector('h1');
    const code = container.querySelector('div.code-block');
    assert.ok(heading && code && sealed.includes(heading) && sealed.includes(code));
    for (const chunk of [' paragraph', ' goes on.\n\n- a\n- b', '\n\n| x |\n|---|\n| 1 |', '\n\nThe end.']) {
      renderer.append(chunk);
      scheduler.tick();
    }
    renderer.finish();
    const now = Array.from(container.childNodes);
    sealed.forEach((node, i) => assert.equal(now[i], node, `sealed node ${i} was replaced`));
    assert.equal(container.innerHTML, renderFull(renderer.text, dom.document));
  });

  it('renders the open tail at most once per scheduler tick, and nothing between ticks', () => {
    const { container, scheduler, renderer } = setup();
    // Spies on the one method that renders the open tail. (Sealing a finished block in the same
    // tick may bring that block's DOM up to date once more, before it is handed over: see
    // TailView.take. That is not a render of the open tail.)
    const target = renderer as unknown as { renderTail: () => void };
    const renderTail = target.renderTail.bind(renderer);
    let renders = 0;
    target.renderTail = () => {
      renders++;
      renderTail();
    };
    const [first, ...rest] = 'A paragraph that grows, *emphasis* and `code`,\n\n- with a list\n- of items\n';
    // The answer's first token is what the user waits for: rendered at once, no frame requested.
    renderer.append(first as string);
    assert.equal(renders, 1);
    assert.equal(scheduler.scheduled, 0);
    assert.equal(container.innerHTML, renderFull('A', dom.document));
    const shownFirst = container.innerHTML;
    for (const ch of rest) renderer.append(ch);
    assert.equal(scheduler.scheduled, 1, 'one frame requested for all the later appends');
    assert.equal(renders, 1);
    assert.equal(container.innerHTML, shownFirst, 'a later append() itself touches no DOM');
    scheduler.tick();
    assert.equal(renders, 2);
    const html = container.innerHTML;
    scheduler.tick();
    assert.equal(renders, 2, 'no frame requested, nothing rendered');
    renderer.append(' more');
    renderer.append(' text');
    assert.equal(container.innerHTML, html, 'append() itself touches no DOM');
    assert.equal(scheduler.scheduled, 2);
    scheduler.tick();
    assert.equal(renders, 3);
  });

  it('ignores a frame scheduled before finish() or reset()', () => {
    const { container, scheduler, renderer } = setup();
    renderer.append('text *a');
    renderer.finish();
    const html = container.innerHTML;
    scheduler.tick();
    assert.equal(container.innerHTML, html);
    assert.equal(html, renderFull('text *a', dom.document));
    renderer.reset();
    renderer.append('other');
    renderer.reset();
    scheduler.tick();
    assert.equal(container.innerHTML, '');
  });

  it('finish() renders the tail at once and is idempotent; append() after it throws; reset() starts over', () => {
    const { container, renderer } = setup();
    renderer.append('Some **bold');
    renderer.finish();
    renderer.finish();
    assert.equal(container.innerHTML, renderFull('Some **bold', dom.document));
    assert.throws(() => renderer.append('x'), /after finish/);
    renderer.reset();
    assert.equal(container.innerHTML, '');
    assert.equal(renderer.text, '');
    renderer.append('new `answer`');
    renderer.finish();
    assert.equal(container.innerHTML, renderFull('new `answer`', dom.document));
  });

  it('renders an empty answer as nothing', () => {
    const { container, renderer } = setup();
    renderer.append('');
    renderer.finish();
    assert.equal(container.innerHTML, '');
    assert.deepEqual(renderer.blocks(), []);
  });

  it('uses requestAnimationFrame, or a timer where there is none', async () => {
    const container = dom.container();
    const renderer = new IncrementalRenderer(container);
    renderer.append('hello ');
    const shownFirst = container.innerHTML;
    assert.notEqual(shownFirst, '', 'the first token is rendered at once');
    renderer.append('*world*');
    assert.equal(container.innerHTML, shownFirst, 'later tokens wait for the frame');
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(container.innerHTML, renderFull('hello *world*', dom.document));
  });

  it('a reference definition after its use: the earlier, sealed paragraph gets the link', () => {
    const container = perChar('See [the docs] and [x][ref].\n\nMiddle paragraph.\n\n[ref]: https://example.com/ref\n[the docs]: ./docs.md\n');
    assert.deepEqual(Array.from(container.querySelectorAll('a')).map((a) => a.getAttribute('data-href')), ['./docs.md', 'https://example.com/ref']);
  });

  it('a reference definition inside a quote or a list item counts too', () => {
    perChar('> [A\n> b][]\n\n- [a b]: https://example.com/ab\n- item\n');
  });

  it('lists that go on past blank lines stay one list', () => {
    const container = perChar('- one\n\n- two\n\n  still two\n\n- three\n\nafter\n');
    assert.equal(container.querySelectorAll('ul').length, 1);
    assert.equal(container.querySelectorAll('li').length, 3);
    perChar('1. a\n\n1) b\n\n10. c\n\n    code after a list?\n\nend');
  });

  it('fences: longer fences around shorter ones, tildes, blank lines, an indented opener, an unclosed end', () => {
    perChar('````md\n```js\nx\n```\n\n````\n\n~~~\n```\n~~~\n\n  ```\n  two spaces\n\n  ```\n\n```py\ndef f():\n\n    return 1\n');
    const { blocks } = renderMessage('```ts\nconst a = "<b>";\n```\n\n```\nopen', dom.document);
    assert.deepEqual(blocks, [{ code: 'const a = "<b>";\n', lang: 'ts' }, { code: 'open', lang: '' }]);
  });

  it("keeps each code block's code aside, as written, numbered as in the DOM, while it streams too", () => {
    const { container, scheduler, renderer } = setup();
    renderer.append('Intro\n\n```ts\nconst a = "<b>";\n');
    scheduler.tick();
    assert.deepEqual(renderer.blocks(), [{ code: 'const a = "<b>";\n', lang: 'ts' }]);
    assert.equal(container.querySelector('div.code-block')?.getAttribute('data-block-index'), '0');
    renderer.append('```\n\n- list\n\n  ```sh\n  ls -la\n  ```\n');
    renderer.finish();
    assert.deepEqual(renderer.blocks(), [
      { code: 'const a = "<b>";\n', lang: 'ts' },
      { code: 'ls -la\n', lang: 'sh' },
    ]);
    assert.deepEqual(Array.from(container.querySelectorAll('button[data-action="copy"]')).map((b) => b.getAttribute('data-block-index')), ['0', '1']);
    assert.deepEqual(renderer.blocks(), renderMessage(renderer.text, dom.document).blocks);
  });

  it('CRLF, and a lone CR, split anywhere between deltas', () => {
    for (const text of ['a\r\n\r\nb\r\n- c\r\n- d\r\n\r\n```\r\ncode\r\n```\r\n', 'one\rtwo\r\rthree\r', '\r\n\r\n\r']) {
      for (let cutAt = 0; cutAt <= text.length; cutAt++) {
        const { container, scheduler, renderer } = setup();
        renderer.append(text.slice(0, cutAt));
        scheduler.tick();
        renderer.append(text.slice(cutAt));
        scheduler.tick();
        renderer.finish();
        assert.equal(renderer.text, text);
        assert.equal(container.innerHTML, renderFull(text, dom.document), JSON.stringify([text.slice(0, cutAt), text.slice(cutAt)]));
        container.remove();
      }
    }
  });

  it('a link title over several lines, or padded with spaces, streams to the DOM of a full render', () => {
    // The sanitiser trims attribute values; the tail's DOM, built without it, must match.
    for (const text of ["[foo]: /url '\ntitle\nline2\n'\n\n[foo]\n", "[foo]\n\n[foo]: /url '\ntitle\nline2\n'\n", '[a](/u "  padded  ") and ![i](/i "x-->y")\n']) {
      for (const sizes of [[1], [3], [7], [text.length]]) {
        const container = dom.container();
        stream(text, { sizes, flushes: [true] }, container, { checkTail: true });
        assert.equal(container.innerHTML, renderFull(text, dom.document), JSON.stringify({ text, sizes }));
        container.remove();
      }
    }
    assert.match(renderFull("[foo]: /url '\ntitle\nline2\n'\n\n[foo]\n", dom.document), /title="title\nline2"/);
  });

  it('a link inside a link’s text, growing, streams to the DOM of a full render', () => {
    perChar('[a <http://x.y> b](https://e.x) <a> and more\n\n- [c <http://x.y> d](https://e.x) <b>\n- e\n');
  });

  it('tables, headings, quotes and hard breaks streamed a character at a time', () => {
    perChar('## Heading #\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n| 3 |\n\n> quote\nlazy\n> > nested\n\nline one  \nline two\\\nthree\n\nSetext\n===\n\n***\n');
  });
});
