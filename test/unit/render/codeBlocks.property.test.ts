import fc from 'fast-check';
import { createEnv, markdownToHtml } from '../../../src/webview/render/markdown';
import { assertBlocksAgree } from './blockAgreement';
import { markdownDocument } from './markdownArbitrary';

// Host and panel agree on every code block of random answers (the streamed DOM is compared too,
// in incremental.property.test.ts, on its runs). Parsing alone is cheap (about 0.3 ms a
// document): many runs.
const RUNS = Number(process.env['RENDER_PROPERTY_RUNS'] ?? 1000) * 3;

describe('code blocks: host and panel agree (property)', function () {
  this.timeout(600_000);

  it(`listCodeBlocks equals the renderer’s side table of a full render, block by block (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(markdownDocument, (text) => {
        const env = createEnv(0, false);
        markdownToHtml(text, env);
        assertBlocksAgree(text, env.codeBlocks);
      }),
      { numRuns: RUNS },
    );
  });
});
