import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StreamChunk } from '../api/index.js';
import { errors } from '../errors/index.js';
import { OpenAISseEncoder } from './encode-openai-sse.js';

/**
 * OpenAI's `chat.completion.chunk`, field for field as `openai/resources/chat/completions`
 * declares it (the `satisfies` keeps the two in step); strict, so an extra field fails.
 */
const usageSchema = z.strictObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  prompt_tokens_details: z.strictObject({ cached_tokens: z.number().optional(), audio_tokens: z.number().optional() }).optional(),
  completion_tokens_details: z.strictObject({ reasoning_tokens: z.number().optional(), audio_tokens: z.number().optional() }).optional(),
});
const chunkSchema = z.strictObject({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int(),
  model: z.string(),
  system_fingerprint: z.string().optional(),
  choices: z.array(
    z.strictObject({
      index: z.number().int(),
      delta: z.strictObject({
        role: z.literal('assistant').optional(),
        content: z.string().nullable().optional(),
        refusal: z.string().nullable().optional(),
        tool_calls: z
          .array(
            z.strictObject({
              index: z.number().int(),
              id: z.string().optional(),
              type: z.literal('function').optional(),
              function: z.strictObject({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
            }),
          )
          .optional(),
      }),
      finish_reason: z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']).nullable(),
    }),
  ),
  usage: usageSchema.nullable().optional(),
}) satisfies z.ZodType<ChatCompletionChunk>;

const start: StreamChunk = { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-mini', created: 1700000000 };
const prefix = 'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":';

/** The JSON of one encoded event, checking its framing. */
function parseEvent(text: string): unknown {
  expect(text.startsWith('data: ')).toBe(true);
  expect(text.endsWith('\n\n')).toBe(true);
  expect(text.slice(0, -2)).not.toContain('\n');
  return JSON.parse(text.slice('data: '.length));
}

describe('OpenAISseEncoder', () => {
  it('opens the stream with the assistant role and empty content', () => {
    expect(new OpenAISseEncoder({ includeUsage: false }).encode(start)).toBe(
      `${prefix}[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`,
    );
  });

  it('carries the system fingerprint when the provider sent one', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: false });
    expect(encoder.encode({ ...start, systemFingerprint: 'fp_44709d6fcb' })).toBe(
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n',
    );
    expect(encoder.encode({ type: 'finish', choice: 0, reason: 'stop', rawReason: 'stop' })).toContain('"system_fingerprint":"fp_44709d6fcb"');
  });

  it('encodes a text delta, escaping it as JSON', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: false });
    encoder.encode(start);
    expect(encoder.encode({ type: 'text-delta', choice: 0, text: 'Hi "there"\n' })).toBe(
      `${prefix}[{"index":0,"delta":{"content":"Hi \\"there\\"\\n"},"finish_reason":null}]}\n\n`,
    );
  });

  it('sends the role once more for the first delta of another choice', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: false });
    encoder.encode(start);
    expect(encoder.encode({ type: 'text-delta', choice: 1, text: 'b' })).toBe(
      `${prefix}[{"index":1,"delta":{"role":"assistant","content":"b"},"finish_reason":null}]}\n\n`,
    );
    expect(encoder.encode({ type: 'text-delta', choice: 1, text: 'c' })).toBe(`${prefix}[{"index":1,"delta":{"content":"c"},"finish_reason":null}]}\n\n`);
  });

  it('encodes reasoning as reasoning_content', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: false });
    encoder.encode(start);
    expect(encoder.encode({ type: 'reasoning-delta', choice: 0, text: 'Hmm.' })).toBe(
      `${prefix}[{"index":0,"delta":{"reasoning_content":"Hmm."},"finish_reason":null}]}\n\n`,
    );
  });

  it('encodes the first delta of a tool call with id, type and name, and later ones with arguments only', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: false });
    encoder.encode(start);
    expect(encoder.encode({ type: 'tool-call-delta', choice: 0, index: 0, id: 'call_1', name: 'get_weather', arguments: '' })).toBe(
      `${prefix}[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}\n\n`,
    );
    expect(encoder.encode({ type: 'tool-call-delta', choice: 0, index: 0, arguments: '{"city":' })).toBe(
      `${prefix}[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}\n\n`,
    );
  });

  it('encodes a finish with an empty delta', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: false });
    encoder.encode(start);
    expect(encoder.encode({ type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_calls' })).toBe(
      `${prefix}[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}\n\n`,
    );
  });

  it('encodes usage as a chunk with no choices when include_usage was asked for', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: true });
    encoder.encode(start);
    expect(encoder.encode({ type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })).toBe(
      `${prefix}[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\n\n`,
    );
  });

  it('writes nothing for usage when include_usage was not asked for', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: false });
    encoder.encode(start);
    expect(encoder.encode({ type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })).toBe('');
  });

  it('encodes an error as an OpenAI error body', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: false });
    encoder.encode(start);
    const error = errors.upstreamError('openai', 500, 'boom');
    expect(encoder.encode({ type: 'error', error })).toBe(
      'data: {"error":{"message":"openai failed (HTTP 500): boom","type":"api_error","code":"upstream_error","param":null}}\n\n',
    );
  });

  it('ends the stream with [DONE]', () => {
    expect(new OpenAISseEncoder({ includeUsage: false }).done()).toBe('data: [DONE]\n\n');
  });

  it('writes events that parse as OpenAI chat.completion.chunk objects', () => {
    const encoder = new OpenAISseEncoder({ includeUsage: true });
    const stream: StreamChunk[] = [
      { ...start, systemFingerprint: 'fp_1' },
      { type: 'reasoning-delta', choice: 0, text: 'thinking' },
      { type: 'text-delta', choice: 0, text: 'Checking the weather ' },
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'call_a', name: 'get_weather', arguments: '' },
      { type: 'tool-call-delta', choice: 0, index: 0, arguments: '{"city":"Paris"}' },
      { type: 'tool-call-delta', choice: 0, index: 1, id: 'call_b', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'text-delta', choice: 1, text: 'second choice' },
      { type: 'finish', choice: 0, reason: 'tool_calls', rawReason: 'tool_calls' },
      { type: 'finish', choice: 1, reason: 'length', rawReason: 'max_tokens' },
      {
        type: 'usage',
        usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 4 } },
      },
    ];
    for (const chunk of stream) {
      const json = parseEvent(encoder.encode(chunk));
      if (chunk.type === 'reasoning-delta') {
        // reasoning_content is the de facto extension (DeepSeek, vLLM); the rest of the event is OpenAI's shape
        const { reasoning_content, ...delta } = (json as { choices: [{ delta: Record<string, unknown> }] }).choices[0].delta;
        expect(reasoning_content).toBe('thinking');
        (json as { choices: [{ delta: Record<string, unknown> }] }).choices[0].delta = delta;
      }
      const result = chunkSchema.safeParse(json);
      expect(result.error?.issues ?? [], JSON.stringify(json)).toEqual([]);
    }
  });
});
