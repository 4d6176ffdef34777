import * as assert from 'node:assert/strict';
import { DeltaCoalescer } from '../../../src/core/chat/coalescer';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('delta coalescer', () => {
  it('joins many deltas pushed in one interval into one flush', async () => {
    const out: [string, string][] = [];
    const c = new DeltaCoalescer((t, r) => out.push([t, r]), 10);
    for (const piece of ['a', 'b', 'c', 'd']) c.pushText(piece);
    c.pushReasoning('why');
    assert.equal(out.length, 0, 'nothing is posted synchronously');
    await tick(40);
    assert.deepEqual(out, [['abcd', 'why']]);
  });

  it('flush() sends what is pending at once, and nothing when empty', () => {
    const out: string[] = [];
    const c = new DeltaCoalescer((t) => out.push(t), 1000);
    c.flush();
    c.pushText('x');
    c.flush();
    c.flush();
    assert.deepEqual(out, ['x']);
    c.dispose();
  });

  it('dispose() drops the pending timer', async () => {
    const out: string[] = [];
    const c = new DeltaCoalescer((t) => out.push(t), 5);
    c.pushText('never');
    c.dispose();
    await tick(20);
    assert.deepEqual(out, []);
  });
});
