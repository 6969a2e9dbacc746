import { describe, expect, it } from 'vitest';
import type { StreamChunk } from '../api/index.js';
import { errors } from '../errors/index.js';
import { StreamCollector } from './collect-stream.js';

function collect(chunks: readonly StreamChunk[]) {
  const collector = new StreamCollector();
  for (const chunk of chunks) collector.add(chunk);
  return collector;
}

const start: StreamChunk = { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-mini', created: 1700000000 };

describe('StreamCollector', () => {
  it('joins text deltas into the message content', () => {
    const response = collect([
      start,
      { type: 'text-delta', choice: 0, text: 'Hel' },
      { type: 'text-delta', choice: 0, text: 'lo' },
      { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' },
    ]).response();
    expect(response).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
    });
  });

  it('assembles parallel tool calls from interleaved argument deltas', () => {
    const response = collect([
      start,
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'call_a', name: 'get_weather', arguments: '' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '{"city":' },
      { type: 'tool-call-delta', choice: 0, index: 1, id: 'call_b', name: 'get_weather', arguments: '{"city":' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '"Paris"}' },
      { type: 'tool-call-delta', choice: 0, index: 1, arguments: '"Oslo"}' },
      { type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_calls' },
    ]).response();
    expect(response.choices[0].message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
      ],
    });
    expect(response.choices[0].finish_reason).toBe('tool_calls');
  });

  it('keeps reasoning apart from the content', () => {
    const response = collect([
      start,
      { type: 'reasoning-delta', choice: 0, text: 'Think' },
      { type: 'reasoning-delta', choice: 0, text: 'ing.' },
      { type: 'text-delta', choice: 0, text: 'Answer.' },
    ]).response();
    expect(response.choices[0].message).toEqual({ role: 'assistant', content: 'Answer.', reasoning_content: 'Thinking.' });
    expect(response.choices[0].finish_reason).toBeNull();
  });

  it('keeps choices apart by index', () => {
    const response = collect([
      start,
      { type: 'text-delta', choice: 1, text: 'B' },
      { type: 'text-delta', choice: 0, text: 'A' },
      { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' },
      { type: 'finish', choice: 1, reason: 'length', rawReason: 'length' },
    ]).response();
    expect(response.choices.map((choice) => [choice.index, choice.message.content, choice.finish_reason])).toEqual([
      [0, 'A', 'stop'],
      [1, 'B', 'length'],
    ]);
  });

  it('keeps the usage and exposes it before the response is built', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    const collector = collect([start, { type: 'text-delta', choice: 0, text: 'x' }, { type: 'usage', usage }]);
    expect(collector.usage).toEqual(usage);
    expect(collector.response().usage).toEqual(usage);
  });

  it('ignores an error chunk, keeping what arrived before it', () => {
    const response = collect([
      start,
      { type: 'text-delta', choice: 0, text: 'partial' },
      { type: 'error', error: errors.upstreamError('openai', 500, 'boom') },
    ]).response();
    expect(response.choices[0].message.content).toBe('partial');
  });
});
