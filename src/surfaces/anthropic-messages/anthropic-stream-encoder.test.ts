import { describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../api/index.js';
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.js';

/** Encodes chunks (and the end, unless the stream failed) and parses the SSE text back into events. */
function encode(chunks: StreamChunk[]): Array<{ event: string; data: any }> {
  const encoder = new AnthropicStreamEncoder();
  let text = chunks.map((chunk) => encoder.encode(chunk)).join('');
  if (!chunks.some((chunk) => chunk.type === 'error')) text += encoder.done();
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      expect(eventLine).toMatch(/^event: \w+$/);
      expect(dataLine).toMatch(/^data: /);
      const data = JSON.parse(dataLine.slice('data: '.length));
      expect(data.type).toBe(eventLine.slice('event: '.length));
      return { event: data.type, data };
    });
}

const start: StreamChunk = { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o', created: 1 };

describe('AnthropicStreamEncoder', () => {
  it('opens a block per kind of output, numbered in order, and ends with message_delta and message_stop', () => {
    const events = encode([
      start,
      { type: 'reasoning-delta', choice: 0, text: 'Hmm' },
      { type: 'text-delta', choice: 0, text: 'Hi' },
      { type: 'text-delta', choice: 0, text: '!' },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'call_a', name: 'get_weather', arguments: '' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '{"city":' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '"Oslo"}' },
      { type: 'tool-call-delta', choice: 0, index: 1, id: 'call_b', name: 'get_time', arguments: '{}' },
      { type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_calls' },
      { type: 'usage', usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70, prompt_tokens_details: { cached_tokens: 30 } } },
    ]);
    expect(events.map(({ data }) => [data.type, data.index, data.content_block?.type ?? data.delta?.type].filter((part) => part !== undefined).join(' '))).toEqual([
      'message_start',
      'content_block_start 0 thinking',
      'content_block_delta 0 thinking_delta',
      'content_block_stop 0',
      'content_block_start 1 text',
      'content_block_delta 1 text_delta',
      'content_block_delta 1 text_delta',
      'content_block_stop 1',
      'content_block_start 2 tool_use',
      'content_block_delta 2 input_json_delta',
      'content_block_delta 2 input_json_delta',
      'content_block_stop 2',
      'content_block_start 3 tool_use',
      'content_block_delta 3 input_json_delta',
      'content_block_stop 3',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0].data.message).toMatchObject({ id: 'chatcmpl-1', type: 'message', role: 'assistant', model: 'gpt-4o', content: [], stop_reason: null });
    expect(events[8].data.content_block).toEqual({ type: 'tool_use', id: 'call_a', name: 'get_weather', input: {} });
    expect(events[9].data.delta).toEqual({ type: 'input_json_delta', partial_json: '{"city":' });
    expect(events[15].data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 20, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 30 },
    });
  });

  it('says stop_sequence when the raw reason does, max_tokens for a length finish', () => {
    const stopped = encode([start, { type: 'text-delta', choice: 0, text: 'a' }, { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop_sequence' }]);
    expect(stopped.at(-2)!.data.delta.stop_reason).toBe('stop_sequence');
    const cut = encode([start, { type: 'text-delta', choice: 0, text: 'a' }, { type: 'finish', choice: 0, reason: 'length', rawReason: 'MAX_TOKENS' }]);
    expect(cut.at(-2)!.data.delta.stop_reason).toBe('max_tokens');
  });

  it('encodes an empty answer as a message without blocks', () => {
    expect(encode([start, { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' }]).map(({ event }) => event)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('ends a failed stream with an error event in Anthropic\'s shape, and no message_stop', () => {
    const events = encode([
      start,
      { type: 'text-delta', choice: 0, text: 'Par' },
      { type: 'error', error: { message: 'openai is overloaded', code: 'upstream_overloaded', type: 'api_error', status: 503 } },
    ]);
    expect(events.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'openai is overloaded' } } });
    expect(events.map(({ event }) => event)).not.toContain('message_stop');
  });

  it('ignores choices other than the first', () => {
    const events = encode([start, { type: 'text-delta', choice: 1, text: 'other' }, { type: 'text-delta', choice: 0, text: 'first' }]);
    expect(events.filter(({ event }) => event === 'content_block_delta').map(({ data }) => data.delta.text)).toEqual(['first']);
  });
});
