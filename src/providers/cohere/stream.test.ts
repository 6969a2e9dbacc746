import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohereStreamEventSchema } from '../../../test/fake-upstreams/cohere-wire.js';
import type { StreamChunk } from '../../api/index.js';
import { StreamCollector } from '../../streaming/collect-stream.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import { mapCohereStream } from './stream.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-stream.txt'))
  .map((name) => name.slice(0, -'.upstream-stream.txt'.length));
const modelOf = (name: string): string => (name.startsWith('reasoning') ? 'command-a-reasoning-08-2025' : 'command-a-03-2025');

/** A response body that delivers `text` in chunks of `size` bytes (splitting multi-byte characters too). */
async function* bodyOf(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The chunks of a stream, and what it threw at the end (as `.expected.json` holds it). */
async function mapStream(text: string, size = 7, model = 'command-a-03-2025'): Promise<unknown[]> {
  const out: unknown[] = [];
  try {
    for await (const chunk of mapCohereStream('cohere', model, decodeSse(bodyOf(text, size)), 1_700_000_000)) out.push(chunk);
  } catch (error) {
    const { code, status, type, failureClass, provider, upstreamStatus, message } = error as Record<string, unknown>;
    out.push({ thrown: { code, status, type, failureClass, provider, upstreamStatus, message } });
  }
  return out;
}

describe('mapCohereStream (Cohere fixtures)', () => {
  it('has recorded streams to read', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['plain-chat-stream', 'parallel-tool-calls-stream', 'reasoning-stream', 'finish-length-stream', 'stream-error', 'stream-cut']),
    );
  });

  it.each(cases)('every event of %s.upstream-stream.txt is in Cohere V2ChatStreamResponse shape, named by its type', async (name) => {
    for await (const { event, data } of decodeSse(bodyOf(readText(`${name}.upstream-stream.txt`), 1024))) {
      if (data === '[DONE]') continue;
      const parsed = cohereStreamEventSchema.safeParse(JSON.parse(data));
      expect(parsed.error?.issues ?? [], data).toEqual([]);
      expect(event).toBe(parsed.data?.type);
    }
  });

  it.each(cases)('maps %s.upstream-stream.txt to %s.expected.json, however the bytes are split', async (name) => {
    const text = readText(`${name}.upstream-stream.txt`);
    const expected = JSON.parse(readText(`${name}.expected.json`));
    for (const size of [1, 2, 3, 7, 64, 1024, text.length]) {
      expect(await mapStream(text, size, modelOf(name)), `chunks of ${size} bytes`).toEqual(expected);
    }
  });

  it('assembles the parallel tool calls from their argument deltas', async () => {
    const collector = new StreamCollector();
    for (const chunk of await mapStream(readText('parallel-tool-calls-stream.upstream-stream.txt'))) collector.add(chunk as StreamChunk);
    const choice = collector.response().choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBe('I will look up the weather in Madrid and Brasilia.');
    expect(choice.message.tool_calls?.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['get_weather_p0dage9q1nv4', 'get_weather', { location: 'Madrid' }],
      ['get_weather_6ajpqtrvwkpc', 'get_weather', { location: 'Brasília' }],
    ]);
  });
});

describe('mapCohereStream', () => {
  const end = 'event: message-end\ndata: {"type":"message-end","delta":{"finish_reason":"COMPLETE"}}\n\n';

  it('starts with a start chunk even when the stream opens without message-start', async () => {
    const text = `event: content-delta\ndata: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hi"}}}}\n\n${end}`;
    expect(await mapStream(text)).toEqual([
      { type: 'start', id: '', model: 'command-a-03-2025', created: 1_700_000_000 },
      { type: 'text-delta', choice: 0, text: 'Hi' },
      { type: 'finish', choice: 0, reason: 'stop', rawReason: 'COMPLETE' },
    ]);
  });

  it('skips events it has no chunk for, and anything after message-end', async () => {
    const text =
      'event: citation-start\ndata: {"type":"citation-start","index":0,"delta":{"message":{"citations":{"start":0,"end":2,"text":"Hi","sources":[]}}}}\n\n' +
      'event: debug\ndata: {"type":"debug","prompt":"..."}\n\n' +
      `${end}data: not json\n\n`;
    expect((await mapStream(text)).map((chunk) => (chunk as StreamChunk).type)).toEqual(['start', 'finish']);
  });

  it('rejects an event that is not JSON as upstream_invalid_response', async () => {
    expect(await mapStream('data: {"type": oops\n\n')).toEqual([{ thrown: expect.objectContaining({ code: 'upstream_invalid_response', provider: 'cohere' }) }]);
  });

  it('maps an in-stream failure by its wording: context overflow, rate limit', async () => {
    const failure = (error: string) => `event: message-end\ndata: ${JSON.stringify({ type: 'message-end', delta: { finish_reason: 'ERROR', error } })}\n\n`;
    expect((await mapStream(failure('too many tokens: size limit exceeded'))).at(-1)).toEqual({ thrown: expect.objectContaining({ code: 'context_length_exceeded' }) });
    expect((await mapStream(failure('rate limit exceeded'))).at(-1)).toEqual({ thrown: expect.objectContaining({ code: 'rate_limited', failureClass: 'rate-limit' }) });
    expect((await mapStream(failure('the model is overloaded'))).at(-1)).toEqual({ thrown: expect.objectContaining({ code: 'upstream_overloaded' }) });
  });

  it('releases the body when the reader stops early', async () => {
    let released = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        yield new TextEncoder().encode('event: message-start\ndata: {"type":"message-start","id":"x"}\n\n');
        yield new TextEncoder().encode('event: content-delta\ndata: {"type":"content-delta","delta":{"message":{"content":{"text":"a"}}}}\n\n');
        yield new TextEncoder().encode(end);
      } finally {
        released = true;
      }
    }
    for await (const chunk of mapCohereStream('cohere', 'm', decodeSse(body()))) if (chunk.type === 'start') break;
    expect(released).toBe(true);
  });
});
