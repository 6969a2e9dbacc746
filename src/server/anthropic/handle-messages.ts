import type { PassthroughResponse } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import type { Gateway } from '../../gateway.js';
import { AnthropicStreamEncoder } from '../../surfaces/anthropic-messages/anthropic-stream-encoder.js';
import { fromAnthropicRequest } from '../../surfaces/anthropic-messages/from-anthropic-request.js';
import { toAnthropicResponse } from '../../surfaces/anthropic-messages/to-anthropic-response.js';
import type { Exchange } from '../exchange.js';
import { readJsonBody } from '../read-json-body.js';
import { sendEventStream } from '../send-event-stream.js';
import { sendJson } from '../send.js';
import { anthropicForwardHeaders, takeAnthropicDirectKey } from './caller-headers.js';
import { relayPassthrough } from './relay-passthrough.js';

/** A request body read and its model resolved: where every Messages operation starts. */
export interface AnthropicCall {
  body: Record<string, unknown>;
  /** `provider/model`, or a bare name a key lists (a bare name nobody lists goes to the first Anthropic-speaking provider). */
  model: string;
}

/**
 * Reads the body, resolves its model, takes the caller's direct key (when allowed),
 * and tries the model's provider natively: the operation passes through when the
 * provider speaks Anthropic's API (with the caller's `anthropic-*` headers), and the
 * answer is relayed; otherwise `translate` serves it through the gateway's chat.
 */
export function serveAnthropic(
  gateway: Gateway,
  exchange: Exchange,
  operation: 'messages' | 'count_tokens',
  translate: (call: AnthropicCall) => Promise<void> | void,
): void {
  const { context } = exchange;
  readJsonBody(exchange)
    .then((body) => {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.invalidRequest('The request body must be a JSON object.');
      const fields = body as Record<string, unknown>;
      if (typeof fields.model !== 'string' || fields.model === '') throw errors.invalidModel('model: Field required (a string such as "openai/gpt-4o" or "claude-sonnet-4-5").');
      takeAnthropicDirectKey(gateway, exchange);
      return gateway.resolveNativeModel('anthropic-messages', fields.model).then((model) => {
        context.forwardHeaders = anthropicForwardHeaders(exchange);
        const stream = operation === 'messages' && fields.stream === true;
        return gateway.passthrough({ api: 'anthropic-messages', operation, model, body: fields, stream }, { context }).then((native: PassthroughResponse | undefined) => {
          if (native !== undefined) return relayPassthrough(exchange, native);
          // Anthropic's headers mean nothing to another provider.
          context.forwardHeaders = undefined;
          return translate({ body: fields, model });
        });
      });
    })
    .then(undefined, exchange.fail);
}

/**
 * `POST /v1/messages`: passed through to a provider that speaks Anthropic's API;
 * for any other, translated to a chat request and answered as an Anthropic
 * `message`, or as Anthropic's stream events when `stream` is true.
 */
export function handleMessages(gateway: Gateway, exchange: Exchange): void {
  serveAnthropic(gateway, exchange, 'messages', ({ body, model }) => {
    const { context } = exchange;
    const request = fromAnthropicRequest(body, context.warnings);
    request.model = model;
    if (request.stream) return sendEventStream(exchange, gateway.chatStream(request, { context }), new AnthropicStreamEncoder());
    return gateway.chat(request, { context }).then((response) => sendJson(exchange, 200, toAnthropicResponse(response, context.warnings)));
  });
}
