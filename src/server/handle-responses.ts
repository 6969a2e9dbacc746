import type { ResponsesRequest } from '../api/index.js';
import type { Gateway } from '../gateway.js';
import { ResponsesSseEncoder } from '../streaming/encode-responses-sse.js';
import type { Exchange } from './exchange.js';
import { readJsonBody } from './read-json-body.js';
import { sendEventStream } from './send-event-stream.js';
import { sendJson } from './send.js';

/** `POST /v1/responses` (OpenAI Responses API): a `response` object, or its events (`event:` + `data:`) when `stream` is true. */
export async function handleResponses(gateway: Gateway, exchange: Exchange): Promise<void> {
  const request = (await readJsonBody(exchange)) as ResponsesRequest;
  const options = { context: exchange.context };
  if (request !== null && typeof request === 'object' && request.stream === true) {
    return sendEventStream(exchange, gateway.respondStream(request, options), new ResponsesSseEncoder());
  }
  sendJson(exchange, 200, await gateway.respond(request, options));
}
