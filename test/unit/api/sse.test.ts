/**
 * The SSE decoder on its own: however the bytes are cut, the same records come out.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StreamAssembler } from '../../../src/core/api/chunk';
import { SseDecoder, type SseRecord } from '../../../src/core/api/sse';
import type { StreamEvent } from '../../../src/core/api/types';

function decodeAll(bytes: Uint8Array, cuts: number[]): SseRecord[] {
  const decoder = new SseDecoder();
  const out: SseRecord[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)) {
    out.push(...decoder.feed(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...decoder.feed(bytes.subarray(from)));
  out.push(...decoder.end());
  return out;
}

describe('SseDecoder', () => {
  it('yields the same records for any split of the bytes and any line ending (1,000 cases)', () => {
    const dataLine = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' '));
    fc.assert(
      fc.property(
        fc.array(fc.record({ event: fc.option(fc.constantFrom('error', 'message'), { nil: undefined }), lines: fc.array(dataLine, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 30 }),
        (records, eol, space, rawCuts) => {
          const text = records
            .map((r) => `${r.event ? `event: ${r.event}${eol}` : ''}${r.lines.map((l) => `data:${space ? ' ' : ''}${l}${eol}`).join('')}: comment${eol}${eol}`)
            .join('');
          const bytes = Buffer.from(text, 'utf8');
          const cuts = rawCuts.map((c) => c % (bytes.length + 1));
          const got = decodeAll(bytes, cuts);
          // Without the optional space, a data line starting with a space keeps... its own first
          // space stripped by the SSE rules; compare with that rule applied.
          const expected = records.map((r) => ({
            ...(r.event ? { event: r.event } : {}),
            data: r.lines.map((l) => (space ? l : l.replace(/^ /, ''))).join('\n'),
          }));
          assert.deepEqual(got, expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('flushes a last record that has no blank line after it', () => {
    assert.deepEqual(decodeAll(Buffer.from('data: a\n\ndata: b'), []), [{ data: 'a' }, { data: 'b' }]);
  });
});

describe('StreamAssembler', () => {
  const ctx = { secrets: [] as string[] };

  it('assembles tool-call deltas that carry no index (a new id starts a new call)', () => {
    const a = new StreamAssembler(ctx);
    const out: StreamEvent[] = [];
    a.acceptChunk({ choices: [{ delta: { tool_calls: [{ id: 'c1', function: { name: 'f', arguments: '{"a":' } }] } }] }, out);
    a.acceptChunk({ choices: [{ delta: { tool_calls: [{ function: { arguments: '1}' } }] } }] }, out);
    a.acceptChunk({ choices: [{ delta: { tool_calls: [{ id: 'c2', function: { name: 'g', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] }, out);
    a.finish(out);
    assert.deepEqual(out, [
      { type: 'tool_call', index: 0, id: 'c1', name: 'f', arguments: '{"a":1}' },
      { type: 'tool_call', index: 1, id: 'c2', name: 'g', arguments: '{}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('ignores choices other than the first', () => {
    const a = new StreamAssembler(ctx);
    const out: StreamEvent[] = [];
    a.acceptChunk({ choices: [{ index: 1, delta: { content: 'other' } }, { index: 0, delta: { content: 'mine' }, finish_reason: 'stop' }] }, out);
    assert.deepEqual(out, [{ type: 'text', text: 'mine' }]);
  });

  it('reads Anthropic-style usage names and numbers sent as strings', () => {
    const a = new StreamAssembler(ctx);
    const out: StreamEvent[] = [];
    a.acceptChunk({ choices: [{ finish_reason: 'stop' }], usage: { input_tokens: '12', output_tokens: 3 } }, out);
    a.finish(out);
    assert.deepEqual(out[0], { type: 'usage', usage: { promptTokens: 12, completionTokens: 3, totalTokens: 15 } });
  });

  it('reads `delta.reasoning` (other gateways’ name) as reasoning', () => {
    const a = new StreamAssembler(ctx);
    const out: StreamEvent[] = [];
    a.acceptChunk({ choices: [{ delta: { reasoning: 'hmm' } }] }, out);
    assert.deepEqual(out, [{ type: 'reasoning', text: 'hmm' }]);
  });

  it('maps in-stream error types to kinds', () => {
    const cases: [string, string][] = [
      ['authentication_error', 'auth'],
      ['permission_error', 'credits'],
      ['not_found_error', 'model_not_found'],
      ['rate_limit_error', 'rate_limited'],
      ['overloaded_error', 'overloaded'],
      ['mystery_error', 'server'],
    ];
    for (const [type, kind] of cases) {
      const a = new StreamAssembler(ctx);
      assert.throws(() => a.acceptChunk({ error: { message: 'x', type } }, []), (e: unknown) => (e as { kind?: string }).kind === kind, type);
    }
    assert.throws(() => new StreamAssembler(ctx).acceptChunk({ error: 'plain string error' }, []), (e: unknown) => (e as { serverMessage?: string }).serverMessage === 'plain string error');
  });
});
