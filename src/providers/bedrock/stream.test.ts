import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, StreamChunk } from '../../api/index.js';
import { StreamCollector } from '../../streaming/collect-stream.js';
import { decodeAwsEventStream } from '../../streaming/decode-aws-event-stream.js';
import { encodeAwsEvent, encodeAwsEventMessage, encodeAwsException } from '../../../test/fake-upstreams/aws-event-stream.js';
import { toBedrockConverseRequest } from './request.js';
import { mapBedrockStream } from './stream.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.upstream-stream.txt'))
  .map((name) => name.slice(0, -'.upstream-stream.txt'.length));

/** A recorded stream: one JSON line per message, `{event, payload}` or `{exception, payload}`, encoded to event-stream frames. */
function encodeRecording(text: string): Buffer {
  return Buffer.concat(
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const { event, exception, payload } = JSON.parse(line) as { event?: string; exception?: string; payload: unknown };
        return event ? encodeAwsEvent(event, payload) : encodeAwsException(exception!, payload);
      }),
  );
}

async function* bodyOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The chunks a recording maps to; a thrown error is recorded as the error chunk the core would send. */
async function mapRecording(bytes: Buffer, jsonResponse: boolean, model: string, size = bytes.length): Promise<unknown[]> {
  const chunks: unknown[] = [];
  const context = { id: 'chatcmpl-fixture', model, created: 1_700_000_000, jsonResponse };
  try {
    for await (const chunk of mapBedrockStream('bedrock', decodeAwsEventStream(bodyOf(bytes, size), 'bedrock'), context)) chunks.push(chunk);
  } catch (error) {
    const { code, status, type, message } = error as { code: string; status: number; type: string; message: string };
    chunks.push({ type: 'error', error: { code, status, type, message } });
  }
  return chunks;
}

describe('mapBedrockStream (Bedrock fixtures)', () => {
  it('has recorded streams to read', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['plain-chat-stream', 'parallel-tool-calls-stream', 'json-object-stream', 'reasoning-stream', 'finish-content-filtered-stream', 'stream-exception-stream', 'stream-throttling-stream']),
    );
  });

  it.each(cases)('maps %s.upstream-stream.txt to %s.expected.json, however the bytes are chunked', async (name) => {
    const request = JSON.parse(readText(`${name}.input.json`)) as ChatRequest;
    const { jsonResponse } = toBedrockConverseRequest(request, request.model, 'bedrock', []);
    const bytes = encodeRecording(readText(`${name}.upstream-stream.txt`));
    const expected = JSON.parse(readText(`${name}.expected.json`));
    for (const size of [1, 7, 64, 1024, bytes.length]) {
      expect(await mapRecording(bytes, jsonResponse, request.model, size), `chunks of ${size} bytes`).toEqual(expected);
    }
  });

  it('assembles the parallel tool calls from their input deltas', async () => {
    const chunks = (await mapRecording(encodeRecording(readText('parallel-tool-calls-stream.upstream-stream.txt')), false, 'm')) as StreamChunk[];
    const collector = new StreamCollector();
    for (const chunk of chunks) collector.add(chunk);
    const message = collector.response().choices[0].message;
    expect(message.content).toBe('Checking both cities.');
    expect(message.tool_calls?.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['tooluse_Hk3mN8pQ2rS5tV7wX9yZ1a', 'get_weather', { city: 'Paris' }],
      ['tooluse_Jm4nP9qR3sT6uW8xY0zA2b', 'get_weather', { city: 'Oslo' }],
    ]);
  });
});

describe('mapBedrockStream', () => {
  it('throws an unmodeled error message (`:message-type: error`)', async () => {
    const bytes = Buffer.concat([
      encodeAwsEvent('messageStart', { role: 'assistant' }),
      encodeAwsEventMessage({ ':message-type': 'error', ':error-code': 'InternalFailure', ':error-message': 'Something broke' }, ''),
    ]);
    expect(await mapRecording(bytes, false, 'm')).toEqual([
      { type: 'start', id: 'chatcmpl-fixture', model: 'm', created: 1_700_000_000 },
      { type: 'error', error: { code: 'upstream_error', status: 502, type: 'api_error', message: 'bedrock failed (HTTP 500): Something broke' } },
    ]);
  });

  it('rejects an event whose payload is not JSON as upstream_invalid_response', async () => {
    const bytes = encodeAwsEventMessage({ ':message-type': 'event', ':event-type': 'contentBlockDelta', ':content-type': 'application/json' }, '{oops');
    expect((await mapRecording(bytes, false, 'm')).at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_invalid_response' } });
  });

  it('skips events it does not know', async () => {
    const bytes = Buffer.concat([
      encodeAwsEvent('messageStart', { role: 'assistant' }),
      encodeAwsEvent('somethingNew', { x: 1 }),
      encodeAwsEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } }),
      encodeAwsEvent('messageStop', { stopReason: 'end_turn' }),
    ]);
    expect((await mapRecording(bytes, false, 'm')).map((chunk) => (chunk as StreamChunk).type)).toEqual(['start', 'text-delta', 'finish']);
  });

  it('fails a stream that ends before messageStop, after what it sent', async () => {
    const bytes = Buffer.concat([encodeAwsEvent('messageStart', { role: 'assistant' }), encodeAwsEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } })]);
    expect(await mapRecording(bytes, false, 'm')).toEqual([
      { type: 'start', id: 'chatcmpl-fixture', model: 'm', created: 1_700_000_000 },
      { type: 'text-delta', choice: 0, text: 'Hi' },
      { type: 'error', error: { code: 'upstream_invalid_response', status: 502, type: 'api_error', message: 'bedrock sent a response the gateway could not read: the stream ended before messageStop' } },
    ]);
  });
});
