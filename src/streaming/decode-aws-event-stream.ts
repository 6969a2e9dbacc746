import * as zlib from 'node:zlib';
import { errors } from '../errors/index.js';

/** A header value of an event-stream message, by its wire type. */
export type AwsEventHeaderValue = boolean | number | bigint | string | Uint8Array | Date;

/**
 * One message of an `application/vnd.amazon.eventstream` body. The common headers
 * are read out; `headers` has them all.
 */
export interface AwsEventMessage {
  /** `:message-type`: `event`, `exception` or `error`. */
  messageType: string;
  /** `:event-type` of an event, e.g. `contentBlockDelta`. */
  eventType: string | undefined;
  /** `:exception-type` of an exception, e.g. `throttlingException`. */
  exceptionType: string | undefined;
  /** `:content-type` of the payload, e.g. `application/json`. */
  contentType: string | undefined;
  headers: Record<string, AwsEventHeaderValue>;
  payload: Buffer;
}

const preludeLength = 12;
const minimumLength = preludeLength + 4;
// The format allows 16 MiB of payload and 128 KiB of headers per message.
const maximumLength = 16 * 1024 * 1024 + 128 * 1024 + minimumLength;

/**
 * Decodes an AWS event stream incrementally: each message is framed by its prelude
 * (total length, headers length, prelude CRC32), then headers, payload and a
 * message CRC32; both checksums are verified. Chunks may split a message anywhere;
 * a message wholly inside one chunk is read in place, and a split one is copied once.
 * https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream
 */
export async function* decodeAwsEventStream(
  body: AsyncIterable<Uint8Array>,
  provider: string,
  mapError?: (error: unknown) => Error,
): AsyncGenerator<AwsEventMessage> {
  const prelude = Buffer.alloc(preludeLength);
  let preludeFilled = 0;
  let pending: Buffer | undefined;
  let pendingFilled = 0;
  const iterator = body[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw mapError ? mapError(error) : error;
      }
      if (next.done) break;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      let offset = 0;
      while (offset < chunk.length) {
        if (pending) {
          const copied = chunk.copy(pending, pendingFilled, offset, Math.min(chunk.length, offset + pending.length - pendingFilled));
          pendingFilled += copied;
          offset += copied;
          if (pendingFilled === pending.length) {
            const message = pending;
            pending = undefined;
            yield readMessage(message, provider);
          }
        } else if (preludeFilled === 0 && chunk.length - offset >= preludeLength) {
          const total = checkPrelude(chunk, offset, provider);
          if (chunk.length - offset >= total) {
            yield readMessage(chunk.subarray(offset, offset + total), provider);
            offset += total;
          } else {
            pending = Buffer.allocUnsafe(total);
            pendingFilled = chunk.copy(pending, 0, offset);
            offset = chunk.length;
          }
        } else {
          const copied = chunk.copy(prelude, preludeFilled, offset, Math.min(chunk.length, offset + preludeLength - preludeFilled));
          preludeFilled += copied;
          offset += copied;
          if (preludeFilled === preludeLength) {
            pending = Buffer.allocUnsafe(checkPrelude(prelude, 0, provider));
            pendingFilled = prelude.copy(pending, 0);
            preludeFilled = 0;
          }
        }
      }
    }
    finished = true;
  } finally {
    // Leaving early (the consumer stopped) releases the body.
    if (!finished) await iterator.return?.();
  }
  if (pending || preludeFilled > 0) throw errors.upstreamInvalidResponse(provider, 'the event stream ended inside a message');
}

/** Checks a prelude at `offset` and returns the message's total length. */
function checkPrelude(bytes: Buffer, offset: number, provider: string): number {
  const total = bytes.readUInt32BE(offset);
  const headersLength = bytes.readUInt32BE(offset + 4);
  if (crc32(bytes.subarray(offset, offset + 8)) !== bytes.readUInt32BE(offset + 8)) {
    throw errors.upstreamInvalidResponse(provider, 'an event-stream message whose prelude checksum does not match');
  }
  if (total < minimumLength || total > maximumLength || headersLength > total - minimumLength) {
    throw errors.upstreamInvalidResponse(provider, `an event-stream message of impossible length (${total} bytes, ${headersLength} of headers)`);
  }
  return total;
}

function readMessage(message: Buffer, provider: string): AwsEventMessage {
  const total = message.length;
  if (crc32(message.subarray(0, total - 4)) !== message.readUInt32BE(total - 4)) {
    throw errors.upstreamInvalidResponse(provider, 'an event-stream message whose checksum does not match');
  }
  const headersEnd = preludeLength + message.readUInt32BE(4);
  const headers = readHeaders(message, preludeLength, headersEnd, provider);
  const text = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
  return {
    messageType: text(':message-type') ?? 'event',
    eventType: text(':event-type'),
    exceptionType: text(':exception-type'),
    contentType: text(':content-type'),
    headers,
    payload: message.subarray(headersEnd, total - 4),
  };
}

function readHeaders(bytes: Buffer, start: number, end: number, provider: string): Record<string, AwsEventHeaderValue> {
  const headers: Record<string, AwsEventHeaderValue> = {};
  let at = start;
  try {
    while (at < end) {
      const nameLength = bytes.readUInt8(at);
      const name = bytes.toString('utf8', at + 1, at + 1 + nameLength);
      at += 1 + nameLength;
      const type = bytes.readUInt8(at++);
      let value: AwsEventHeaderValue;
      switch (type) {
        case 0: value = true; break;
        case 1: value = false; break;
        case 2: value = bytes.readInt8(at); at += 1; break;
        case 3: value = bytes.readInt16BE(at); at += 2; break;
        case 4: value = bytes.readInt32BE(at); at += 4; break;
        case 5: value = bytes.readBigInt64BE(at); at += 8; break;
        case 6: case 7: {
          const length = bytes.readUInt16BE(at);
          value = type === 7 ? bytes.toString('utf8', at + 2, at + 2 + length) : new Uint8Array(bytes.subarray(at + 2, at + 2 + length));
          at += 2 + length;
          break;
        }
        case 8: value = new Date(Number(bytes.readBigInt64BE(at))); at += 8; break;
        case 9: value = bytes.toString('hex', at, at + 16); at += 16; break;
        default: throw new RangeError(`unknown header type ${type}`);
      }
      headers[name] = value;
    }
  } catch (error) {
    throw errors.upstreamInvalidResponse(provider, `an event-stream message with unreadable headers (${(error as Error).message})`);
  }
  if (at !== end) throw errors.upstreamInvalidResponse(provider, 'an event-stream message whose headers overrun their length');
  return headers;
}

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

// zlib.crc32 is native from Node 20.15 and 22.2; the table version serves older runtimes.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 (IEEE 802.3, as zlib computes it), the checksum of event-stream messages. */
export const crc32: (bytes: Uint8Array) => number = nativeCrc32 ? (bytes) => nativeCrc32(bytes) : tableCrc32;

function tableCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
