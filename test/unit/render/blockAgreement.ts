// The chat panel and the host must mean the same code by "block N": the host finds a clicked
// block's code with listCodeBlocks in its own copy of the answer, the panel numbers the blocks it
// renders. This checks, for one answer, that the host's list, the renderer's side table and the
// code blocks in the DOM agree block by block, language and code byte for byte.
import assert from 'node:assert/strict';
import { type CodeBlock, listCodeBlocks } from '../../../src/core/markdown/codeBlocks';

/** The code blocks a rendered answer shows, in document order, as the DOM has them. */
export function domCodeBlocks(container: ParentNode): Array<{ index: string | null; buttons: string[]; label: string; code: string }> {
  return Array.from(container.querySelectorAll('div.code-block'), (el) => ({
    index: el.getAttribute('data-block-index'),
    buttons: Array.from(el.querySelectorAll('button[data-action]'), (b) => b.getAttribute('data-block-index') ?? ''),
    label: el.querySelector('.code-block-lang')?.textContent ?? '',
    // Highlighted code is spans around the very same text.
    code: el.querySelector('pre > code')?.textContent ?? '',
  }));
}

/**
 * Asserts that `sideTable` (the renderer's blocks, by data-block-index) and, when given, the DOM
 * in `container` agree with the host's blocks of `text`.
 */
export function assertBlocksAgree(text: string, sideTable: readonly CodeBlock[], container?: ParentNode): void {
  const host = listCodeBlocks(text);
  assert.deepEqual(sideTable, host, 'the renderer’s side table differs from the host’s blocks');
  if (!container) return;
  const shown = domCodeBlocks(container);
  assert.deepEqual(
    shown,
    host.map((b, i) => ({ index: String(i), buttons: ['copy', 'insert', 'apply', 'open'].map(() => String(i)), label: b.lang || 'text', code: b.code })),
    'the code blocks in the DOM differ from the host’s blocks',
  );
}
