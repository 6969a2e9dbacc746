import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../api/index.js';
import { toAnthropicResponse } from './to-anthropic-response.js';

const response = (message: Record<string, unknown>, finish: string, extra: Record<string, unknown> = {}): ChatResponse => ({
  id: 'chatcmpl-9',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: null, ...message }, finish_reason: finish as 'stop', ...extra }],
  usage: { prompt_tokens: 100, completion_tokens: 12, total_tokens: 112, prompt_tokens_details: { cached_tokens: 60 } },
});

describe('toAnthropicResponse', () => {
  it('answers thinking, text and tool_use blocks with parsed input, stop reason and usage', () => {
    const warnings: string[] = [];
    const message = toAnthropicResponse(
      response({ content: 'Checking.', reasoning_content: 'Use the tool.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }, 'tool_calls'),
      warnings,
    );
    expect(message).toEqual({
      id: 'chatcmpl-9',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o',
      content: [
        { type: 'thinking', thinking: 'Use the tool.', signature: '' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 40, output_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 60 },
    });
    expect(warnings).toEqual([]);
  });

  it('maps finish reasons: length, content filter (a refusal as text), a raw stop sequence', () => {
    expect(toAnthropicResponse(response({ content: 'abc' }, 'length'), []).stop_reason).toBe('max_tokens');
    const refused = toAnthropicResponse(response({ refusal: 'I cannot help.' }, 'content_filter'), []);
    expect(refused).toMatchObject({ stop_reason: 'refusal', content: [{ type: 'text', text: 'I cannot help.' }] });
    expect(toAnthropicResponse(response({ content: 'x' }, 'stop', { native_finish_reason: 'stop_sequence' }), []).stop_reason).toBe('stop_sequence');
  });

  it('sends arguments that are not a JSON object as {} and says so', () => {
    const warnings: string[] = [];
    const message = toAnthropicResponse(response({ tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }, 'tool_calls'), warnings);
    expect(message.content).toEqual([{ type: 'tool_use', id: 'c', name: 'f', input: {} }]);
    expect(warnings).toEqual(['the arguments of a call to tool f were not a JSON object and were sent as {}: "{\\"a\\":"']);
  });
});
