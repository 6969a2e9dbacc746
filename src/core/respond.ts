import type { ResponsesEvent, ResponsesRequest, ResponsesResponse } from '../api/index.js';
import { errors, type GatewayError } from '../errors/index.js';
import { responseToStream } from '../streaming/response-to-stream.js';
import { ResponsesEventEncoder } from '../streaming/responses-event-encoder.js';
import type { OperationHost } from './operation-host.js';
import { relayNativeStream } from './relay-native-stream.js';
import type { RequestContext } from './request-context.js';
import { toChatFromResponses } from './responses-to-chat.js';
import { validateResponsesRequest } from './validate-request.js';

/**
 * A Responses API call: passed through to a provider whose adapter has the API,
 * otherwise translated into one chat request and its answer into a `response`.
 */
export async function respond(host: OperationHost, request: ResponsesRequest, context: RequestContext): Promise<ResponsesResponse> {
  validateResponsesRequest(request);
  const route = await host.route(request.model, context);
  const adapter = route.runtime.adapter;
  if (adapter.capabilities.responses && adapter.responses) return host.call(route, request, context, (call) => adapter.responses!(call));
  if (!adapter.chat) throw errors.unsupportedOperation(route.runtime.name, 'the Responses API');
  const answer = await host.chat(toChatFromResponses(request, route.runtime.name, context.warnings, false), { context });
  // The same encoder as for streams, so both shapes of the answer agree item for item.
  const encoder = new ResponsesEventEncoder(request);
  for await (const chunk of responseToStream(answer)) encoder.encode(chunk);
  encoder.end();
  return encoder.response();
}

/**
 * A streamed Responses API call, as Responses events: the provider's own when it
 * has the API, otherwise encoded from the chat stream. Errors before the first
 * event are thrown; after it they arrive as an `error` event, which ends the stream.
 */
export async function* respondStream(host: OperationHost, request: ResponsesRequest, context: RequestContext): AsyncGenerator<ResponsesEvent, void, undefined> {
  validateResponsesRequest(request);
  const route = await host.route(request.model, context);
  const adapter = route.runtime.adapter;
  if (adapter.capabilities.responses && adapter.responsesStream) {
    yield* relayNativeStream(host, route, request, context, (call) => adapter.responsesStream!(call), toErrorEvent);
    return;
  }
  if (!adapter.chatStream) throw errors.unsupportedOperation(route.runtime.name, 'the streaming Responses API');
  const chatRequest = toChatFromResponses(request, route.runtime.name, context.warnings, true);
  const encoder = new ResponsesEventEncoder(request);
  for await (const chunk of host.chatStream(chatRequest, { context })) {
    for (const event of encoder.encode(chunk)) yield event;
    if (encoder.failed) return;
  }
  for (const event of encoder.end()) yield event;
}

/** The `error` event that ends a relayed stream, numbered after the last event relayed. */
function toErrorEvent(failure: GatewayError, last: ResponsesEvent): ResponsesEvent {
  const sequence = typeof last?.sequence_number === 'number' ? last.sequence_number + 1 : 0;
  return { type: 'error', sequence_number: sequence, code: failure.code, message: failure.message, param: failure.param };
}
