import type { PassthroughResponse } from '../../api/index.js';
import { toGatewayError } from '../../errors/index.js';
import { toAnthropicError } from '../../surfaces/anthropic-messages/to-anthropic-error.js';
import type { Exchange } from '../exchange.js';
import { addGatewayHeaders } from '../send.js';
import { drained } from '../write-raw.js';

/**
 * Answers with a provider's native answer as it came: its status, its relayed
 * headers (content type, request id, rate-limit state) with the gateway's own,
 * and its body bytes (server-sent events unchanged), written as they arrive and
 * paused while the client reads slowly. A failure after the head was sent ends a
 * stream with an Anthropic `error` event; a client that went away stops the relay
 * (and the upstream request).
 */
export async function relayPassthrough(exchange: Exchange, answer: PassthroughResponse): Promise<void> {
  const { res } = exchange;
  const headers = addGatewayHeaders(exchange);
  for (const name in answer.headers) headers[name] = answer.headers[name]!;
  const stream = String(answer.headers['content-type'] ?? '').startsWith('text/event-stream');
  if (stream) {
    headers['cache-control'] = 'no-cache';
    headers['x-accel-buffering'] = 'no';
  }
  res.writeHead(answer.status, headers);
  const iterator = answer.body[Symbol.asyncIterator]();
  let done = false;
  try {
    while (!res.destroyed) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      if (!res.write(next.value)) await drained(res);
    }
  } catch (error) {
    done = true;
    if (stream && !res.destroyed) res.write(`event: error\ndata: ${JSON.stringify(toAnthropicError(toGatewayError(error)))}\n\n`);
  } finally {
    if (!done) await Promise.resolve(iterator.return?.()).catch(() => undefined);
    if (!res.writableEnded && !res.destroyed) res.end();
  }
}
