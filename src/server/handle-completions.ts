import type { CompletionRequest } from '../api/index.js';
import type { Gateway } from '../gateway.js';
import { CompletionSseEncoder } from '../streaming/encode-completion-sse.js';
import type { Exchange } from './exchange.js';
import { readJsonBody } from './read-json-body.js';
import { sendEventStream } from './send-event-stream.js';
import { sendJson } from './send.js';

/** `POST /v1/completions` (legacy text completions): JSON, or `text_completion` server-sent events when `stream` is true. */
export async function handleCompletions(gateway: Gateway, exchange: Exchange): Promise<void> {
  return answerCompletions(gateway, exchange, await readJsonBody(exchange));
}

/** Answers a text completion request whose body was read. */
export async function answerCompletions(gateway: Gateway, exchange: Exchange, body: unknown): Promise<void> {
  const request = body as CompletionRequest;
  const options = { context: exchange.context };
  if (request !== null && typeof request === 'object' && request.stream === true) {
    const encoder = new CompletionSseEncoder({ includeUsage: request.stream_options?.include_usage === true });
    return sendEventStream(exchange, gateway.completeStream(request, options), encoder);
  }
  sendJson(exchange, 200, await gateway.complete(request, options));
}
