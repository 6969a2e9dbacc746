import type { ChatRequest } from '../api/index.js';
import type { Gateway } from '../gateway.js';
import { OpenAISseEncoder } from '../streaming/encode-openai-sse.js';
import type { Exchange } from './exchange.js';
import { readJsonBody } from './read-json-body.js';
import { sendEventStream } from './send-event-stream.js';
import { sendJson } from './send.js';

/**
 * `POST /v1/chat/completions`: JSON, or server-sent events when `stream` is true.
 * The JSON path is a promise chain, not an async function: no frame is kept per
 * request while it waits on the provider.
 */
export function handleChat(gateway: Gateway, exchange: Exchange): void {
  readJsonBody(exchange).then((body) => answerChat(gateway, exchange, body), exchange.fail);
}

/** Answers a chat request whose body was read (by `handleChat`, or an Azure deployment route that set its model). */
export function answerChat(gateway: Gateway, exchange: Exchange, body: unknown): void {
  const request = body as ChatRequest;
  if (request !== null && typeof request === 'object' && request.stream === true) {
    const encoder = new OpenAISseEncoder({ includeUsage: request.stream_options?.include_usage === true });
    sendEventStream(exchange, gateway.chatStream(request, { context: exchange.context }), encoder).then(undefined, exchange.fail);
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
}
