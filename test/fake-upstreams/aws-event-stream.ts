import { crc32 } from '../../src/streaming/decode-aws-event-stream.js';

/**
 * A header value to encode: strings, booleans, 32-bit integers, 64-bit integers
 * (bigint), byte arrays and timestamps by their JavaScript type; the other wire
 * types (`byte`, `short`, `uuid` as 32 hex digits) spelled out.
 */
export type EncodableHeader =
  | string
  | boolean
  | number
  | bigint
  | Uint8Array
  | Date
  | { type: 'byte' | 'short'; value: number }
  | { type: 'uuid'; value: string };

/** Encodes one `application/vnd.amazon.eventstream` message: prelude, headers, payload, CRCs. */
export function encodeAwsEventMessage(headers: Record<string, EncodableHeader>, payload: Uint8Array | string): Buffer {
  const headerBytes = Buffer.concat(Object.entries(headers).map(([name, value]) => encodeHeader(name, value)));
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const total = 12 + headerBytes.length + body.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  body.copy(message, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

/** An event of an AWS JSON event stream (`:message-type: event`). */
export function encodeAwsEvent(eventType: string, payload: unknown): Buffer {
  return encodeAwsEventMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));
}

/** A modeled exception inside an AWS JSON event stream (`:message-type: exception`). */
export function encodeAwsException(exceptionType: string, payload: unknown): Buffer {
  return encodeAwsEventMessage({ ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' }, JSON.stringify(payload));
}

function encodeHeader(name: string, value: EncodableHeader): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const head = Buffer.concat([Buffer.from([nameBytes.length]), nameBytes]);
  const typed = (type: number, bytes: Buffer) => Buffer.concat([head, Buffer.from([type]), bytes]);
  if (typeof value === 'boolean') return typed(value ? 0 : 1, Buffer.alloc(0));
  if (typeof value === 'string') return typed(7, withLength(Buffer.from(value, 'utf8')));
  if (typeof value === 'number') return typed(4, fixed(4, (bytes) => bytes.writeInt32BE(value)));
  if (typeof value === 'bigint') return typed(5, fixed(8, (bytes) => bytes.writeBigInt64BE(value)));
  if (value instanceof Date) return typed(8, fixed(8, (bytes) => bytes.writeBigInt64BE(BigInt(value.getTime()))));
  if (value instanceof Uint8Array) return typed(6, withLength(Buffer.from(value)));
  if (value.type === 'uuid') return typed(9, Buffer.from(value.value, 'hex'));
  const number = value.value;
  if (value.type === 'byte') return typed(2, fixed(1, (bytes) => bytes.writeInt8(number)));
  return typed(3, fixed(2, (bytes) => bytes.writeInt16BE(number)));
}

function withLength(bytes: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function fixed(size: number, write: (bytes: Buffer) => void): Buffer {
  const bytes = Buffer.alloc(size);
  write(bytes);
  return bytes;
}
