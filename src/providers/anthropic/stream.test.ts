import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { StreamChunk } from '../../api/index.js';
import { isGatewayError } from '../../errors/index.js';
import { StreamCollector } from '../../streaming/collect-stream.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import { mapAnthropicStream } from './stream.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-stream.txt'))
  .map((name) => name.slice(0, -'.upstream-stream.txt'.length));

const now = 1_767_225_600;
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now * 1000);
});
afterAll(() => {
  vi.useRealTimers();
});

/** A response body that delivers `text` in chunks of `size` bytes (splitting multi-byte characters too). */
async function* bodyOf(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The chunks of a stream; a thrown error ends them as an `error` chunk, as the gateway sends it on. */
async function mapStream(text: string, size = 7): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  try {
    for await (const chunk of mapAnthropicStream('anthropic', decodeSse(bodyOf(text, size)))) chunks.push(chunk);
  } catch (error) {
    if (!isGatewayError(error)) throw error;
    const { code, status, type, message, param } = error;
    chunks.push({ type: 'error', error: { code, status, type, message, param } });
  }
  return chunks;
}

/** Anthropic's stream events as the streaming reference documents them (https://docs.claude.com/en/docs/build-with-claude/streaming). */
const usage = z.record(z.string(), z.union([z.number(), z.string(), z.null(), z.record(z.string(), z.number())]));
const eventShape = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('message_start'),
    message: z.strictObject({
      id: z.string().startsWith('msg_'), type: z.literal('message'), role: z.literal('assistant'), model: z.string(), content: z.tuple([]),
      stop_reason: z.null(), stop_sequence: z.null(), usage,
    }),
  }),
  z.strictObject({
    type: z.literal('content_block_start'),
    index: z.number().int(),
    content_block: z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('text'), text: z.literal('') }),
      z.strictObject({ type: z.literal('thinking'), thinking: z.literal(''), signature: z.literal('') }),
      z.strictObject({ type: z.literal('tool_use'), id: z.string().startsWith('toolu_'), name: z.string(), input: z.strictObject({}) }),
    ]),
  }),
  z.strictObject({
    type: z.literal('content_block_delta'),
    index: z.number().int(),
    delta: z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('text_delta'), text: z.string() }),
      z.strictObject({ type: z.literal('input_json_delta'), partial_json: z.string() }),
      z.strictObject({ type: z.literal('thinking_delta'), thinking: z.string() }),
      z.strictObject({ type: z.literal('signature_delta'), signature: z.string() }),
    ]),
  }),
  z.strictObject({ type: z.literal('content_block_stop'), index: z.number().int() }),
  z.strictObject({
    type: z.literal('message_delta'),
    delta: z.strictObject({ stop_reason: z.string(), stop_sequence: z.string().nullable() }),
    usage: usage.refine((value) => typeof value.output_tokens === 'number', 'output_tokens is required'),
  }),
  z.strictObject({ type: z.literal('message_stop') }),
  z.strictObject({ type: z.literal('ping') }),
  z.strictObject({ type: z.literal('error'), error: z.strictObject({ type: z.string(), message: z.string() }), request_id: z.string().optional() }),
]);

describe('mapAnthropicStream (fixtures)', () => {
  it('has recorded streams to read', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['plain-chat-stream', 'parallel-tool-calls-stream', 'json-object-stream', 'reasoning-stream', 'finish-stop-sequence-stream', 'stream-error']),
    );
  });

  it.each(cases)('%s.upstream-stream.txt is in Anthropic SSE wire format', (name) => {
    const events = readText(`${name}.upstream-stream.txt`).slice(0, -2).split('\n\n');
    for (const event of events) {
      const match = /^event: (\w+)\ndata: (.*)$/s.exec(event);
      expect(match, event).not.toBeNull();
      const data = JSON.parse(match![2]);
      expect(data.type, 'the event name is the data type').toBe(match![1]);
      expect(eventShape.safeParse(data).error?.issues ?? [], event).toEqual([]);
    }
  });

  it.each(cases)('maps %s.upstream-stream.txt to its expected chunks, however the bytes are chunked', async (name) => {
    const text = readText(`${name}.upstream-stream.txt`);
    const expected = JSON.parse(readText(`${name}.expected.json`));
    for (const size of [1, 2, 3, 7, 64, 1024, text.length]) {
      expect(await mapStream(text, size), `chunks of ${size} bytes`).toEqual(expected);
    }
  });

  it('assembles parallel tool calls from their argument deltas', async () => {
    const collector = new StreamCollector();
    for (const chunk of await mapStream(readText('parallel-tool-calls-stream.upstream-stream.txt'))) collector.add(chunk);
    const message = collector.response().choices[0].message;
    expect(message.content).toBe("I'll check both cities.");
    expect(message.tool_calls?.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['toolu_01Paris8Hk3mN', 'get_weather', { city: 'Paris' }],
      ['toolu_01Oslo4Jm4nP', 'get_weather', { city: 'Oslo' }],
      ['toolu_01Time5Kq7rS', 'get_time', {}],
    ]);
  });
});

describe('mapAnthropicStream', () => {
  const start = 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}\n\n';
  const end = 'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n';

  it('skips event and block types it does not know', async () => {
    const text = `${start}event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}}\n\nevent: future_event\ndata: {"type":"future_event"}\n\n${end}`;
    expect((await mapStream(text)).map((chunk) => chunk.type)).toEqual(['start', 'finish', 'usage']);
  });

  it('reads to the end of the body after message_stop, ignoring what follows', async () => {
    const chunks = await mapStream(`${start}${end}data: not json\n\n`);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['start', 'finish', 'usage']);
  });

  it('throws when the stream ends before message_stop', async () => {
    const chunks = await mapStream(`${start}event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n`);
    expect(chunks.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_invalid_response' } });
  });

  it('rejects an event that is not JSON', async () => {
    await expect(mapStream('event: message_start\ndata: {"type": oops\n\n')).resolves.toMatchObject([{ type: 'error', error: { code: 'upstream_invalid_response' } }]);
  });

  it('maps an error event before any output, so the call can be retried elsewhere', async () => {
    const text = 'event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}}\n\n';
    const reading = (async () => {
      for await (const chunk of mapAnthropicStream('anthropic', decodeSse(bodyOf(text, 9)))) void chunk;
    })();
    await expect(reading).rejects.toMatchObject({ code: 'rate_limited', failureClass: 'rate-limit', status: 429 });
  });

  it('maps an in-stream prompt-too-long error to context_length_exceeded', async () => {
    const text = `${start}event: error\ndata: {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 200017 tokens > 200000 maximum"}}\n\n`;
    expect((await mapStream(text)).at(-1)).toMatchObject({ type: 'error', error: { code: 'context_length_exceeded' } });
  });
});
