import type { Exchange } from './exchange.js';
import { addGatewayHeaders } from './send.js';
import { SseWriter } from './sse-writer.js';

/** Turns a stream's items into server-sent event text. */
export interface EventEncoder<Item> {
  /** The text for one item ('' when it produces no event). */
  encode(item: Item): string;
  /** The text that ends a stream that did not fail ('' when the format has no end marker). */
  done(): string;
}

/**
 * Answers with a stream as server-sent events. The first item is awaited before
 * anything is written, so a failure until then is an ordinary HTTP error (the
 * returned promise rejects); after it, the stream's own `error` item ends it,
 * without the end marker. A slow reader pauses the stream; a reader that went
 * away stops it (which closes the stream, and so the upstream request).
 */
export async function sendEventStream<Item extends { type: string }>(exchange: Exchange, stream: AsyncGenerator<Item, void, undefined>, encoder: EventEncoder<Item>): Promise<void> {
  const first = await stream.next();
  const { res } = exchange;
  const headers = addGatewayHeaders(exchange);
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  headers['x-accel-buffering'] = 'no';
  res.writeHead(200, headers);
  const writer = new SseWriter(res);
  const log = exchange.log;
  let failed = false;
  if (!first.done) {
    if (first.value.type === 'error') failed = noteFailure(exchange, first.value);
    log?.streamItem(first.value);
    await writer.write(encoder.encode(first.value));
    for await (const item of stream) {
      if (writer.closed) break;
      log?.streamItem(item);
      if (item.type === 'error') failed = noteFailure(exchange, item);
      const pending = writer.write(encoder.encode(item));
      if (pending) await pending;
    }
  }
  writer.end(failed ? undefined : encoder.done());
}

/** Records the code of a stream's in-band `error` item as the exchange's error (for metrics and logs); returns true. */
export function noteFailure(exchange: Exchange, item: { type: string }): true {
  const error = item as { error?: { code?: unknown }; code?: unknown };
  const code = error.error?.code ?? error.code;
  exchange.errorCode ??= typeof code === 'string' ? code : 'stream_failed';
  return true;
}
