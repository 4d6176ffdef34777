// Every example of the CommonMark spec (the commonmark-spec package, 0.31.2), streamed: whatever
// the chunking, the panel must end with exactly the DOM of one full render, and its code blocks
// must be the host's. The spec's HTML is not the reference: markdown-it differs from it in places,
// html is off here, and links and images are rendered our way; the full render is.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as z from 'zod';
import { renderFull } from '../../../src/webview/render/incremental';
import { assertBlocksAgree } from './blockAgreement';
import { createDom, type TestDom } from './dom';
import { streaming, type Streaming } from './markdownArbitrary';
import { stream } from './stream';

const examplesSchema = z.array(z.object({ markdown: z.string(), section: z.string(), number: z.number().int() })).min(600);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const examples = examplesSchema.parse((require('commonmark-spec') as { tests: unknown }).tests).map((e) => ({
  ...e,
  // The spec writes tabs as "→" so they can be seen.
  markdown: e.markdown.replace(/→/g, '\t'),
}));

// Random chunkings per example, drawn from a seed per example so a failure can be replayed. Three
// keep the run time of the unit suite reasonable (it runs under c8 on 2 cores); short examples are
// streamed one character per frame as well. Only the final DOM is compared: checking the tail
// after every frame would cost five times the rest (incremental.property.test.ts does that).
const CHUNKINGS = 3;
const PER_CHAR_UP_TO = 160;

const sections = [...new Set(examples.map((e) => e.section))];

describe('CommonMark spec examples, streamed (commonmark-spec 0.31.2)', function () {
  this.timeout(600_000);
  let dom: TestDom;
  before(() => {
    dom = createDom();
  });
  after(() => dom.close());

  it(`holds ${examples.length} examples in ${sections.length} sections`, () => {
    assert.equal(new Set(examples.map((e) => e.number)).size, examples.length);
  });

  for (const section of sections) {
    const cases = examples.filter((e) => e.section === section);
    it(`${section}: ${cases.length} examples stream to the DOM of a full render, code blocks the host's`, () => {
      const failures: string[] = [];
      for (const example of cases) {
        const text = example.markdown;
        const full = renderFull(text, dom.document);
        const hows: Streaming[] = fc.sample(streaming, { numRuns: CHUNKINGS, seed: example.number });
        if (text.length <= PER_CHAR_UP_TO) hows.push({ sizes: [1], flushes: [true] });
        for (const how of hows) {
          const container = dom.container();
          try {
            const renderer = stream(text, how, container);
            assert.equal(container.innerHTML, full, 'final DOM differs from a full render');
            assertBlocksAgree(text, renderer.blocks(), container);
          } catch (err) {
            failures.push(`example ${example.number}, chunks ${JSON.stringify(how.sizes)}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
          } finally {
            container.remove();
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});
