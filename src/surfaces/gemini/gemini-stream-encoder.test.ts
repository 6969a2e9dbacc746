import { describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../api/index.js';
import { GeminiStreamEncoder, type GeminiStreamOptions } from './gemini-stream-encoder.js';

const start: StreamChunk = { type: 'start', id: 'resp-1', model: 'gpt-4o', created: 1 };
const usage: StreamChunk = { type: 'usage', usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12, completion_tokens_details: { reasoning_tokens: 2 } } };

function encode(chunks: StreamChunk[], options: GeminiStreamOptions = { framing: 'sse', includeThoughts: false }): string {
  const encoder = new GeminiStreamEncoder(options);
  return chunks.map((chunk) => encoder.encode(chunk)).join('') + encoder.done();
}

/** The `data:` payloads of an SSE text, parsed. */
const events = (text: string) => text.split('\r\n\r\n').filter(Boolean).map((event) => JSON.parse(event.replace(/^data: /, '')));

describe('GeminiStreamEncoder', () => {
  it('sends text as it comes and ends with the finish reason and usage', () => {
    const text = encode([start, { type: 'text-delta', choice: 0, text: 'Hel' }, { type: 'text-delta', choice: 0, text: 'lo' }, { type: 'finish', choice: 0, reason: 'length', rawReason: 'length' }, usage]);

    expect(events(text)).toEqual([
      { candidates: [{ content: { parts: [{ text: 'Hel' }], role: 'model' }, index: 0 }], modelVersion: 'gpt-4o', responseId: 'resp-1' },
      { candidates: [{ content: { parts: [{ text: 'lo' }], role: 'model' }, index: 0 }], modelVersion: 'gpt-4o', responseId: 'resp-1' },
      {
        candidates: [{ content: { parts: [{ text: '' }], role: 'model' }, finishReason: 'MAX_TOKENS', index: 0 }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 5, totalTokenCount: 12, thoughtsTokenCount: 2 },
        modelVersion: 'gpt-4o',
        responseId: 'resp-1',
      },
    ]);
  });

  it('sends thought text only when the client asked for thoughts', () => {
    const chunks: StreamChunk[] = [start, { type: 'reasoning-delta', choice: 0, text: 'Hmm.' }, { type: 'text-delta', choice: 0, text: 'Yes.' }];
    expect(events(encode(chunks)).map((event) => event.candidates[0].content?.parts)).toEqual([[{ text: 'Yes.' }], [{ text: '' }]]);
    expect(events(encode(chunks, { framing: 'sse', includeThoughts: true }))[0].candidates[0].content.parts).toEqual([{ text: 'Hmm.', thought: true }]);
  });

  it('assembles parallel function calls from their deltas and sends each whole, with parsed arguments', () => {
    const text = encode([
      start,
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'a', name: 'get_weather', arguments: '' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '{"city":' },
      { type: 'tool-call-delta', choice: 0, index: 1, id: 'b', name: 'get_time', arguments: '{"zone"' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '"Paris"}' },
      { type: 'tool-call-delta', choice: 0, index: 1, arguments: ':"CET"}' },
      { type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_use' },
    ]);

    expect(events(text)).toEqual([
      {
        candidates: [
          {
            content: { parts: [{ functionCall: { id: 'a', name: 'get_weather', args: { city: 'Paris' } } }, { functionCall: { id: 'b', name: 'get_time', args: { zone: 'CET' } } }], role: 'model' },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        modelVersion: 'gpt-4o',
        responseId: 'resp-1',
      },
    ]);
  });

  it('reports a function call whose arguments are not a JSON object as MALFORMED_FUNCTION_CALL', () => {
    const text = encode([start, { type: 'tool-call-delta', choice: 0, index: 0, id: 'a', name: 'f', arguments: '{"cut' }, { type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_calls' }]);
    expect(events(text)[0].candidates[0]).toEqual({ content: { parts: [{ text: '' }], role: 'model' }, finishReason: 'MALFORMED_FUNCTION_CALL', index: 0 });
  });

  it('frames a JSON array when not asked for server-sent events, closed after an error too', () => {
    const json = { framing: 'json-array', includeThoughts: false } as const;
    const whole = encode([start, { type: 'text-delta', choice: 0, text: 'Hi' }, { type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' }], json);
    expect(JSON.parse(whole).map((response: any) => response.candidates[0].finishReason ?? response.candidates[0].content.parts[0].text)).toEqual(['Hi', 'STOP']);
    expect(JSON.parse(encode([start], json))).toHaveLength(1);

    const failed = encode([start, { type: 'text-delta', choice: 0, text: 'Hi' }, { type: 'error', error: { message: 'cut', code: 'upstream_unreachable', type: 'api_error', status: 502 } }], json);
    expect(JSON.parse(failed).at(-1)).toEqual({
      error: { code: 502, message: 'cut', status: 'UNAVAILABLE', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'UPSTREAM_UNREACHABLE', domain: 'switchyard', metadata: { code: 'upstream_unreachable' } }] },
    });
  });

  it('ends an SSE stream after an error without a last response', () => {
    const text = encode([start, { type: 'text-delta', choice: 0, text: 'Hi' }, { type: 'error', error: { message: 'slow', code: 'upstream_timeout', type: 'timeout', status: 504 } }]);
    expect(events(text).at(-1)).toMatchObject({ error: { code: 504, status: 'DEADLINE_EXCEEDED' } });
    expect(events(text)).toHaveLength(2);
  });
});
