import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { geminiResponseSchema, googleErrorSchema } from '../../../test/fake-upstreams/gemini-wire-schema.js';
import type { StreamChunk } from '../../api/index.js';
import { StreamCollector } from '../../streaming/collect-stream.js';
import { decodeSse } from '../../streaming/decode-sse.js';
import { mapGeminiStream } from './stream.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-stream.txt'))
  .map((name) => name.slice(0, -'.upstream-stream.txt'.length));

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1_750_000_000_000);
});
afterAll(() => {
  vi.useRealTimers();
});

/** A response body that delivers `text` in chunks of `size` bytes (splitting multi-byte characters too). */
async function* bodyOf(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The chunks of a stream; a thrown error becomes a last `{thrown}` entry with the error's recorded fields. */
async function mapStream(text: string, model: string, size = 7): Promise<unknown[]> {
  const chunks: unknown[] = [];
  try {
    for await (const chunk of mapGeminiStream('gemini', decodeSse(bodyOf(text, size)), model)) chunks.push(chunk);
  } catch (error: any) {
    const { code, type, failureClass, provider, upstreamStatus, param, retryAfter, message } = error;
    chunks.push({ thrown: { code, status: error.status, type, failureClass, provider, upstreamStatus, param, retryAfter, message } });
  }
  return chunks;
}

const events = (text: string): string[] => text.split(/\r?\n\r?\n/).filter((event) => event !== '');

describe('mapGeminiStream (Gemini fixtures)', () => {
  it('has recorded streams to read', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['plain-chat-stream', 'parallel-tool-calls-stream', 'reasoning-stream', 'cached-usage-stream', 'safety-stream', 'stream-error', 'stream-prompt-blocked']),
    );
  });

  it.each(cases)('%s.upstream-stream.txt is in Gemini SSE wire format', (name) => {
    for (const event of events(readText(`${name}.upstream-stream.txt`))) {
      expect(event.startsWith('data: {')).toBe(true);
      const data = JSON.parse(event.slice('data: '.length));
      const schema = 'error' in data ? googleErrorSchema : geminiResponseSchema;
      expect(schema.safeParse(data).error?.issues ?? [], event).toEqual([]);
    }
  });

  it.each(cases)('maps %s.upstream-stream.txt to %s.expected.json, however the bytes are chunked', async (name) => {
    const text = readText(`${name}.upstream-stream.txt`);
    const model = JSON.parse(readText(`${name}.input.json`)).model;
    const expected = JSON.parse(readText(`${name}.expected.json`));
    for (const size of [1, 2, 3, 7, 64, 1024, text.length]) {
      expect(await mapStream(text, model, size), `chunks of ${size} bytes`).toEqual(expected);
    }
  });

  it('assembles the parallel tool calls, each whole with its id and name on its one delta', async () => {
    const collector = new StreamCollector();
    for (const chunk of await mapStream(readText('parallel-tool-calls-stream.upstream-stream.txt'), 'gemini-2.5-flash')) collector.add(chunk as StreamChunk);
    const choice = collector.response().choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.tool_calls?.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['call_0', 'get_weather', { city: 'Paris' }],
      ['call_1', 'get_weather', { city: 'Oslo' }],
    ]);
  });
});

describe('mapGeminiStream', () => {
  const run = async (...data: unknown[]): Promise<unknown[]> => {
    const events = (async function* () {
      for (const value of data) yield { event: undefined, data: JSON.stringify(value) };
    })();
    const chunks: unknown[] = [];
    for await (const chunk of mapGeminiStream('gemini', events, 'gemini-2.5-flash')) chunks.push(chunk);
    return chunks;
  };

  it('keeps the function call ids Gemini sends, and numbers calls per candidate', async () => {
    const chunks = await run({
      candidates: [
        { content: { parts: [{ functionCall: { id: 'fc_1', name: 'f', args: {} } }], role: 'model' }, finishReason: 'STOP', index: 0 },
        { content: { parts: [{ functionCall: { name: 'g' } }], role: 'model' }, finishReason: 'STOP', index: 1 },
      ],
    });
    expect(chunks.filter((chunk: any) => chunk.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', choice: 0, index: 0, id: 'fc_1', name: 'f', arguments: '{}' },
      { type: 'tool-call-delta', choice: 1, index: 0, id: 'call_0', name: 'g', arguments: '{}' },
    ]);
    expect(chunks.filter((chunk: any) => chunk.type === 'finish').map((chunk: any) => chunk.reason)).toEqual(['tool_calls', 'tool_calls']);
  });

  it('rejects a stream with no event, and an event that is not JSON', async () => {
    await expect(run()).rejects.toMatchObject({ code: 'upstream_invalid_response', message: expect.stringContaining('without any event') });
    const bad = (async function* () {
      yield { event: undefined, data: '{"candidates": oops' };
    })();
    await expect((async () => {
      for await (const _ of mapGeminiStream('gemini', bad, 'm'));
    })()).rejects.toMatchObject({ code: 'upstream_invalid_response', provider: 'gemini' });
  });

  it('throws an error event before any output, so the call can still be retried', async () => {
    await expect(run({ error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } })).rejects.toMatchObject({ code: 'rate_limited', failureClass: 'rate-limit' });
  });
});
