import type { ChatRequest } from '../api/index.js';
import type { Gateway } from '../gateway.js';
import { OpenAISseEncoder } from '../streaming/encode-openai-sse.js';
import type { Exchange } from './exchange.js';
import { readJsonBody } from './read-json-body.js';
import { addGatewayHeaders, sendJson } from './send.js';
import { SseWriter } from './sse-writer.js';

/**
 * `POST /v1/chat/completions`: JSON, or server-sent events when `stream` is true.
 * The JSON path is a promise chain, not an async function: no frame is kept per
 * request while it waits on the provider.
 */
export function handleChat(gateway: Gateway, exchange: Exchange): void {
  readJsonBody(exchange).then((body) => {
    const request = body as ChatRequest;
    if (request !== null && typeof request === 'object' && request.stream === true) {
      streamChat(gateway, exchange, request).then(undefined, exchange.fail);
      return;
    }
    // Not returned: the body-reading promise settles now instead of staying pending with this one.
    gateway.chat(request, { context: exchange.context }).then((response) => {
      try {
        sendJson(exchange, 200, response);
      } catch (error) {
        exchange.fail(error);
      }
    }, exchange.fail);
  }, exchange.fail);
}

async function streamChat(gateway: Gateway, exchange: Exchange, request: ChatRequest): Promise<void> {
  const stream = gateway.chatStream(request, { context: exchange.context });
  // Pull the first chunk before answering: until then a failure is an HTTP error, not an event.
  const first = await stream.next();
  const { res } = exchange;
  const headers = addGatewayHeaders(exchange);
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  headers['x-accel-buffering'] = 'no';
  res.writeHead(200, headers);
  const encoder = new OpenAISseEncoder({ includeUsage: request.stream_options?.include_usage === true });
  const writer = new SseWriter(res);
  let failed = false;
  if (!first.done) {
    await writer.write(encoder.encode(first.value));
    for await (const chunk of stream) {
      if (writer.closed) break;
      if (chunk.type === 'error') failed = true;
      const pending = writer.write(encoder.encode(chunk));
      if (pending) await pending;
    }
  }
  writer.end(failed ? undefined : encoder.done());
}
