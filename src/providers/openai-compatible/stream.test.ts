import { readdirSync, readFileSync } from 'node:fs';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StreamChunk } from '../../api/index.js';
import { StreamCollector } from '../../streaming/collect-stream.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import { mapOpenAIStream } from './stream.js';

const fixtures = new URL('../openai/fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-stream.txt'))
  // Legacy completions and Responses API cases have their own tests.
  .filter((name) => !name.startsWith('completions-') && !name.startsWith('responses-'))
  .map((name) => name.slice(0, -'.upstream-stream.txt'.length));

/** A response body that delivers `text` in chunks of `size` bytes (splitting multi-byte characters too). */
async function* bodyOf(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function mapStream(text: string, size = 7): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  for await (const chunk of mapOpenAIStream('openai', decodeSse(bodyOf(text, size)))) chunks.push(chunk);
  return chunks;
}

/** OpenAI's `chat.completion.chunk` as `openai/resources/chat/completions` declares it; strict, so the fixtures cannot drift. */
const deltaShape = {
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
};
const usageShape = {
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  prompt_tokens_details: z.strictObject({ cached_tokens: z.number().optional(), audio_tokens: z.number().optional() }).optional(),
  completion_tokens_details: z
    .strictObject({
      reasoning_tokens: z.number().optional(),
      audio_tokens: z.number().optional(),
      accepted_prediction_tokens: z.number().optional(),
      rejected_prediction_tokens: z.number().optional(),
    })
    .optional(),
};
function chunkSchema(delta: z.ZodType<ChatCompletionChunk.Choice.Delta>, usage: z.ZodType<ChatCompletionChunk['usage']>) {
  return z.strictObject({
    id: z.string(),
    object: z.literal('chat.completion.chunk'),
    created: z.number().int(),
    model: z.string(),
    service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullable().optional(),
    system_fingerprint: z.string().optional(),
    choices: z.array(
      z.strictObject({
        index: z.number().int(),
        delta,
        logprobs: z.null().optional(),
        finish_reason: z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']).nullable(),
      }),
    ),
    usage: usage.optional(),
  }) satisfies z.ZodType<ChatCompletionChunk>;
}
const openaiChunk = chunkSchema(z.strictObject(deltaShape), z.strictObject(usageShape).nullable());
/** OpenAI's shape plus the fields OpenAI-compatible reasoning models add (DeepSeek: `reasoning_content`, prompt cache counts). */
const reasoningChunk = chunkSchema(
  z.strictObject({ ...deltaShape, reasoning_content: z.string().nullable().optional() }),
  z.strictObject({ ...usageShape, prompt_cache_hit_tokens: z.number(), prompt_cache_miss_tokens: z.number() }).nullable(),
);
const schemaFor = (name: string) => (name.startsWith('reasoning-') ? reasoningChunk : openaiChunk);

describe('mapOpenAIStream (OpenAI fixtures)', () => {
  it('has recorded streams to read', () => {
    expect(cases).toEqual(expect.arrayContaining(['plain-chat-stream', 'parallel-tool-calls-stream', 'usage-chunk-stream', 'reasoning-content-stream']));
  });

  it.each(cases)('%s.upstream-stream.txt is in OpenAI SSE wire format', (name) => {
    const text = readText(`${name}.upstream-stream.txt`);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = text.slice(0, -'\n\n'.length).split('\n\n');
    for (const event of events.slice(0, -1)) {
      expect(event.startsWith('data: {')).toBe(true);
      const result = schemaFor(name).safeParse(JSON.parse(event.slice('data: '.length)));
      expect(result.error?.issues ?? [], event).toEqual([]);
    }
  });

  it.each(cases)('maps %s.upstream-stream.txt to %s.expected.json, however the bytes are chunked', async (name) => {
    const text = readText(`${name}.upstream-stream.txt`);
    const expected = JSON.parse(readText(`${name}.expected.json`));
    for (const size of [1, 2, 3, 7, 64, 1024, text.length]) {
      expect(await mapStream(text, size), `chunks of ${size} bytes`).toEqual(expected);
    }
  });

  it('assembles the parallel tool calls from their argument deltas', async () => {
    const collector = new StreamCollector();
    for (const chunk of await mapStream(readText('parallel-tool-calls-stream.upstream-stream.txt'))) collector.add(chunk);
    const message = collector.response().choices[0].message;
    expect(message.content).toBeNull();
    expect(message.tool_calls?.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['call_Hk3mN8pQ2rS5tV7wX9yZ1aB4', 'get_weather', { city: 'Paris' }],
      ['call_Jm4nP9qR3sT6uW8xY0zA2bC5', 'get_weather', { city: 'Oslo' }],
    ]);
  });
});

describe('mapOpenAIStream', () => {
  const head = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini"';

  it('starts with a start chunk even when the first event carries text', async () => {
    expect(await mapStream(`data: ${head},"choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}\n\ndata: [DONE]\n\n`)).toEqual([
      { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o-mini', created: 1700000000, systemFingerprint: undefined },
      { type: 'text-delta', choice: 0, text: 'Hi' },
    ]);
  });

  it('stops reading at [DONE]', async () => {
    const chunks = await mapStream(`data: ${head},"choices":[]}\n\ndata: [DONE]\n\ndata: not json\n\n`);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['start']);
  });

  it('keeps the raw finish reason and maps an unknown one to stop', async () => {
    const chunks = await mapStream(`data: ${head},"choices":[{"index":0,"delta":{},"finish_reason":"eos"}]}\n\n`);
    expect(chunks[1]).toEqual({ type: 'finish', choice: 0, reason: 'stop', rawReason: 'eos' });
  });

  it('reads reasoning sent as delta.reasoning', async () => {
    const chunks = await mapStream(`data: ${head},"choices":[{"index":0,"delta":{"reasoning":"hmm"},"finish_reason":null}]}\n\n`);
    expect(chunks[1]).toEqual({ type: 'reasoning-delta', choice: 0, text: 'hmm' });
  });

  it('throws the error event a provider sends mid-stream as a GatewayError, after the chunks before it', async () => {
    const text = `data: ${head},"choices":[{"index":0,"delta":{"content":"partial"},"finish_reason":null}]}\n\ndata: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}\n\n`;
    const seen: StreamChunk[] = [];
    const reading = (async () => {
      for await (const chunk of mapOpenAIStream('openai', decodeSse(bodyOf(text, 5)))) seen.push(chunk);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'upstream_error', failureClass: 'transient', message: 'openai failed (HTTP 500): The server had an error while processing your request.' });
    expect(seen.map((chunk) => chunk.type)).toEqual(['start', 'text-delta']);
  });

  it('rejects an event that is not JSON as upstream_invalid_response', async () => {
    await expect(mapStream('data: {"id": oops\n\n')).rejects.toMatchObject({ code: 'upstream_invalid_response', provider: 'openai' });
  });
});

describe('mapOpenAIStream error events', () => {
  it('keeps the failure class of a rate-limit error sent inside the stream', async () => {
    const events = (async function* () {
      yield { event: undefined, data: '{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}' };
      yield { event: undefined, data: '{"error":{"message":"slow down","type":"rate_limit_error","code":"rate_limit_exceeded"}}' };
    })();
    const seen: string[] = [];
    const failure = await (async () => {
      try {
        for await (const chunk of mapOpenAIStream('openai', events)) seen.push(chunk.type);
      } catch (error) {
        return error as { code: string; failureClass: string };
      }
      return undefined;
    })();
    expect(seen).toEqual(['start', 'text-delta']);
    expect(failure).toMatchObject({ code: 'rate_limited', failureClass: 'rate-limit' });
  });
});
