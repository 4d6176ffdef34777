import * as assert from 'node:assert/strict';
import { DeltaCoalescer } from '../../../src/core/chat/coalescer';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('delta coalescer', () => {
  it('sends the first delta at once, then joins a burst into one post per interval', async () => {
    let t = 0;
    const out: [string, string][] = [];
    const c = new DeltaCoalescer((text, r) => out.push([text, r]), 10, () => t);
    c.pushText('a');
    assert.deepEqual(out, [['a', '']], 'a token arriving alone is not held back');
    for (const piece of ['b', 'c', 'd']) c.pushText(piece);
    c.pushReasoning('why');
    assert.equal(out.length, 1, 'a burst inside the interval waits');
    t = 10;
    await tick(30);
    assert.deepEqual(out, [['a', ''], ['bcd', 'why']]);
    c.dispose();
  });

  it('never posts more than once per interval while deltas keep arriving', async () => {
    const posts: number[] = [];
    const c = new DeltaCoalescer(() => posts.push(performance.now()), 16);
    for (let i = 0; i < 40; i++) {
      c.pushText('x');
      await tick(3);
    }
    c.flush();
    c.dispose();
    assert.ok(posts.length >= 3 && posts.length < 40, `${posts.length} posts for 40 deltas`);
    // Timers may round to the millisecond; the gap is never shorter than the interval beyond that.
    for (let i = 1; i < posts.length - 1; i++) assert.ok(posts[i]! - posts[i - 1]! >= 15, `gap ${posts[i]! - posts[i - 1]!} ms`);
  });

  it('a timer that fires before the interval is up by the clock posts nothing yet', async () => {
    // As on a busy event loop, whose cached time lags the clock: the timer runs, the clock says 7 ms.
    let t = 0;
    const out: string[] = [];
    const c = new DeltaCoalescer((text) => out.push(text), 10, () => t);
    c.pushText('a');
    c.pushText('b');
    t = 7;
    await tick(30);
    assert.deepEqual(out, ['a'], 'not before the interval is up by the clock');
    t = 10;
    await tick(30);
    assert.deepEqual(out, ['a', 'b']);
    c.dispose();
  });

  it('flush() sends what is pending at once, and nothing when empty', () => {
    const out: string[] = [];
    const c = new DeltaCoalescer((t) => out.push(t), 1000);
    c.flush();
    c.pushText('x');
    c.pushText('y');
    c.flush();
    c.flush();
    assert.deepEqual(out, ['x', 'y']);
    c.dispose();
  });

  it('dispose() drops the pending timer', async () => {
    const out: string[] = [];
    const c = new DeltaCoalescer((t) => out.push(t), 5);
    c.pushText('first');
    c.pushText('never');
    c.dispose();
    await tick(20);
    assert.deepEqual(out, ['first']);
  });
});
