import { describe, expect, it } from 'vitest';
import type { ChatResponse, StreamChunk } from '../api/index.js';
import { StreamCollector } from './collect-stream.js';
import { responseToStream } from './response-to-stream.js';

async function chunksOf(response: ChatResponse): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  for await (const chunk of responseToStream(response)) chunks.push(chunk);
  return chunks;
}

async function roundTrip(response: ChatResponse): Promise<ChatResponse> {
  const collector = new StreamCollector();
  for (const chunk of await chunksOf(response)) collector.add(chunk);
  return collector.response();
}

const base = { id: 'chatcmpl-1', object: 'chat.completion', created: 1700000000, model: 'gpt-4o-mini' } as const;

describe('responseToStream', () => {
  it('replays a text answer as start, one text delta, finish and usage', async () => {
    const response: ChatResponse = {
      ...base,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    };
    expect(await chunksOf(response)).toEqual([
      { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-mini', created: 1700000000, systemFingerprint: undefined },
      { type: 'text-delta', choice: 0, text: 'Hello there.' },
      { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' },
      { type: 'usage', usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } },
    ]);
  });

  it('round-trips a text answer with usage and system fingerprint', async () => {
    const response: ChatResponse = {
      ...base,
      system_fingerprint: 'fp_1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, completion_tokens_details: { reasoning_tokens: 0 } },
    };
    expect(await roundTrip(response)).toEqual(response);
  });

  it('round-trips parallel tool calls with null content', async () => {
    const response: ChatResponse = {
      ...base,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"zone":"Europe/Oslo"}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 40, completion_tokens: 30, total_tokens: 70 },
    };
    expect(await roundTrip(response)).toEqual(response);
  });

  it('round-trips text together with a tool call, reasoning, and several choices', async () => {
    const response: ChatResponse = {
      ...base,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            reasoning_content: 'The user wants the weather.',
            tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
          },
          finish_reason: 'tool_calls',
        },
        { index: 1, message: { role: 'assistant', content: 'It is sunny.' }, finish_reason: 'length' },
      ],
    };
    expect(await roundTrip(response)).toEqual(response);
  });

  it('replays a refusal as text, as provider streams carry it', async () => {
    const response: ChatResponse = { ...base, choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' }] };
    expect((await chunksOf(response)).filter((chunk) => chunk.type === 'text-delta')).toEqual([{ type: 'text-delta', choice: 0, text: 'I cannot help with that.' }]);
  });

  it('reports a missing finish reason as stop', async () => {
    const response: ChatResponse = { ...base, choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: null }] };
    expect((await chunksOf(response)).find((chunk) => chunk.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' });
  });

  it("keeps the provider's own finish reason (native_finish_reason) as the raw reason", async () => {
    const response: ChatResponse = {
      ...base,
      choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: 'length', native_finish_reason: 'max_tokens' }],
    };
    expect((await chunksOf(response)).find((chunk) => chunk.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: 'length', rawReason: 'max_tokens' });
  });
});
