import assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderFull, renderMessage } from '../../../src/webview/render/incremental';
import { assertBlocksAgree } from './blockAgreement';
import { createDom, type TestDom } from './dom';
import { markdownDocument, streaming } from './markdownArbitrary';
import { stream } from './stream';

// RENDER_PROPERTY_RUNS raises the runs for a soak. The documents cover the whole of CommonMark and
// cost about 1.6 times what the earlier, narrower ones did (more of them end in a full render of
// the tail), so these streamed variants run fewer of them: about the time 1,000 and 167 runs took
// before, under c8 on 2 cores. The cheap host/panel comparison runs more (codeBlocks.property).
const RUNS = Number(process.env['RENDER_PROPERTY_RUNS'] ?? 1000);
const STREAMED_RUNS = Math.ceil(RUNS * 0.65);
const TAIL_RUNS = Math.ceil(RUNS / 10);

describe('IncrementalRenderer (property)', function () {
  this.timeout(600_000);
  let dom: TestDom;
  before(() => {
    dom = createDom();
  });
  after(() => dom.close());

  it(`final DOM equals renderFull of the text, and its code blocks the host's, for random documents and chunkings (${STREAMED_RUNS} runs)`, () => {
    fc.assert(
      fc.property(markdownDocument, streaming, (text, how) => {
        const container = dom.container();
        const renderer = stream(text, how, container);
        // Compared as serialised HTML, nothing normalised.
        assert.equal(container.innerHTML, renderFull(text, dom.document));
        assert.deepEqual(renderer.blocks(), renderMessage(text, dom.document).blocks);
        // The blocks of the streamed DOM are the host's: a button acts on the block it sits under.
        assertBlocksAgree(text, renderer.blocks(), container);
        assert.equal(renderer.text, text);
        container.remove();
      }),
      { numRuns: STREAMED_RUNS },
    );
  });

  it(`after every frame the open tail's DOM equals a full render of the tail (${TAIL_RUNS} runs)`, () => {
    fc.assert(
      fc.property(markdownDocument, streaming, (text, how) => {
        const container = dom.container();
        stream(text, how, container, { checkTail: true });
        assert.equal(container.innerHTML, renderFull(text, dom.document));
        container.remove();
      }),
      { numRuns: TAIL_RUNS },
    );
  });
});
