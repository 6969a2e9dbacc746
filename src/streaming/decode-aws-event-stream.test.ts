import { describe, expect, it } from 'vitest';
import { encodeAwsEvent, encodeAwsEventMessage, encodeAwsException } from '../../test/fake-upstreams/aws-event-stream.js';
import { type AwsEventMessage, crc32, decodeAwsEventStream } from './decode-aws-event-stream.js';

async function* chunks(parts: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield part;
}

async function decode(parts: readonly Uint8Array[]): Promise<AwsEventMessage[]> {
  const messages: AwsEventMessage[] = [];
  for await (const message of decodeAwsEventStream(chunks(parts), 'bedrock')) messages.push(message);
  return messages;
}

function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const summary = (message: AwsEventMessage) => ({
  messageType: message.messageType,
  eventType: message.eventType,
  exceptionType: message.exceptionType,
  contentType: message.contentType,
  payload: message.payload.toString('utf8'),
});

// Encoded by @smithy/eventstream-codec, the codec of the AWS SDK for JavaScript.
const sdkEvent = Buffer.from(
  '0000009f00000057c37babff0b3a6576656e742d74797065070011636f6e74656e74426c6f636b44656c74610d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74426c6f636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d2c2270223a2261626364227df2ace5ff',
  'hex',
);
const sdkAllHeaderTypes = Buffer.from(
  '000000570000004707a91881016200016601017902fd017303012c01690400011170016c05000000012a05f20001610600030102030174080000018cc820db2e017509123e4567e89b12d3a4564266141740001ebfc20c',
  'hex',
);

describe('decodeAwsEventStream', () => {
  it('decodes a message encoded by the AWS SDK codec', async () => {
    expect((await decode([sdkEvent])).map(summary)).toEqual([
      { messageType: 'event', eventType: 'contentBlockDelta', exceptionType: undefined, contentType: 'application/json', payload: '{"contentBlockIndex":0,"delta":{"text":"Hi"},"p":"abcd"}' },
    ]);
  });

  it('encodes as the AWS SDK codec does (the test encoder is checked too)', () => {
    const encoded = encodeAwsEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' }, p: 'abcd' });
    expect(encoded.toString('hex')).toBe(sdkEvent.toString('hex'));
  });

  it('reads every header type', async () => {
    const [message] = await decode([sdkAllHeaderTypes]);
    expect(message.headers).toEqual({
      b: true,
      f: false,
      y: -3,
      s: 300,
      i: 70000,
      l: 5000000000n,
      a: new Uint8Array([1, 2, 3]),
      t: new Date('2024-01-02T03:04:05.678Z'),
      u: '123e4567e89b12d3a456426614174000',
    });
    expect(message.payload.length).toBe(0);
    expect(message.messageType).toBe('event');
  });

  it('decodes the same messages wherever the chunk boundaries fall', async () => {
    const stream = Buffer.concat([
      encodeAwsEvent('messageStart', { role: 'assistant' }),
      encodeAwsEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'héllo € 😀' } }),
      encodeAwsException('throttlingException', { message: 'Too many requests' }),
      sdkEvent,
    ]);
    const whole = (await decode([stream])).map(summary);
    expect(whole.map((message) => message.eventType ?? message.exceptionType)).toEqual(['messageStart', 'contentBlockDelta', 'throttlingException', 'contentBlockDelta']);
    expect(whole[2]).toMatchObject({ messageType: 'exception', payload: '{"message":"Too many requests"}' });
    for (let split = 0; split <= stream.length; split++) {
      expect((await decode([stream.subarray(0, split), stream.subarray(split)])).map(summary), `split at byte ${split}`).toEqual(whole);
    }
    for (const size of [1, 2, 3, 5, 11, 12, 13, 64]) {
      expect((await decode(pieces(stream, size))).map(summary), `pieces of ${size}`).toEqual(whole);
    }
  });

  it('reads a large message that arrives in many chunks', async () => {
    const text = 'x'.repeat(300_000);
    const [message] = await decode(pieces(encodeAwsEvent('contentBlockDelta', { delta: { text } }), 16_384));
    expect(JSON.parse(message.payload.toString('utf8')).delta.text).toBe(text);
  });

  it('rejects a message whose checksum does not match', async () => {
    const corrupt = Buffer.from(sdkEvent);
    corrupt[60] ^= 1;
    await expect(decode([corrupt])).rejects.toMatchObject({ code: 'upstream_invalid_response', provider: 'bedrock', message: expect.stringContaining('checksum does not match') });
  });

  it('rejects a prelude whose checksum does not match, before reading on', async () => {
    const corrupt = Buffer.from(sdkEvent);
    corrupt[2] = 0x7f;
    await expect(decode([corrupt])).rejects.toMatchObject({ code: 'upstream_invalid_response', message: expect.stringContaining('prelude checksum') });
  });

  it('rejects a stream that ends inside a message', async () => {
    await expect(decode([sdkEvent.subarray(0, 40)])).rejects.toMatchObject({ message: expect.stringContaining('ended inside a message') });
    await expect(decode([sdkEvent.subarray(0, 5)])).rejects.toMatchObject({ message: expect.stringContaining('ended inside a message') });
  });

  it('rejects headers of an unknown type', async () => {
    const message = encodeAwsEventMessage({ a: 'b' }, '');
    message[12 + 2] = 42;
    message.writeUInt32BE(crc32(message.subarray(0, message.length - 4)), message.length - 4);
    await expect(decode([message])).rejects.toMatchObject({ message: expect.stringContaining('unreadable headers') });
  });

  it('maps a failure to read the body through mapError', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield sdkEvent.subarray(0, 10);
      throw new Error('socket hang up');
    }
    const reading = (async () => {
      for await (const _ of decodeAwsEventStream(failing(), 'bedrock', (error) => new Error(`mapped: ${(error as Error).message}`))) void _;
    })();
    await expect(reading).rejects.toThrow('mapped: socket hang up');
  });

  it('releases the body when the consumer stops early', async () => {
    let released = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        yield Buffer.concat([sdkEvent, sdkEvent]);
        yield sdkEvent;
      } finally {
        released = true;
      }
    }
    for await (const _ of decodeAwsEventStream(body(), 'bedrock')) break;
    expect(released).toBe(true);
  });

  it('computes CRC-32 as zlib does', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});
