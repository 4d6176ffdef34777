import assert from 'node:assert/strict';
import { buildChatBody } from '../../../src/core/api/requestBody';

describe('request body: tools (OpenAI function form on /chat/completions)', () => {
  const base = { model: 'claude-sonnet-4-5', messages: [{ role: 'user' as const, content: 'q' }] };
  const tool = { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } };

  it('no tools: no tools or tool_choice field at all', () => {
    const body = buildChatBody(base);
    assert.equal('tools' in body, false);
    assert.equal('tool_choice' in body, false);
  });

  it('tools as {type:"function", function:{name, description, parameters}}, tool_choice "auto" by default', () => {
    const body = buildChatBody({ ...base, tools: [tool] });
    assert.deepEqual(body.tools, [{ type: 'function', function: tool }]);
    assert.equal(body.tool_choice, 'auto');
    assert.equal(buildChatBody({ ...base, tools: [tool], toolChoice: 'none' }).tool_choice, 'none');
    assert.deepEqual(buildChatBody({ ...base, tools: [tool], toolChoice: { name: 'read_file' } }).tool_choice, { type: 'function', function: { name: 'read_file' } });
  });

  it('an assistant turn with calls, then one tool message per call', () => {
    const body = buildChatBody({
      ...base,
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_1', name: 'read_file', arguments: '{"path":"a"}' }, { id: 'toolu_2', name: 'list_files', arguments: '' }] },
        { role: 'tool', toolCallId: 'toolu_1', content: 'A' },
        { role: 'tool', toolCallId: 'toolu_2', content: 'B' },
        { role: 'assistant', content: 'Looking.', toolCalls: [{ id: 'toolu_3', name: 'list_files', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'toolu_3', content: 'C' },
      ],
    });
    assert.deepEqual(body.messages.slice(1), [
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'list_files', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'A' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'B' },
      { role: 'assistant', content: 'Looking.', tool_calls: [{ id: 'toolu_3', type: 'function', function: { name: 'list_files', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'toolu_3', content: 'C' },
    ]);
  });
});
