import type { PassthroughRequest, PassthroughResponse } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { readErrorText } from '../../http/read-json-body.js';
import { toTransportError, type UpstreamResponse } from '../../http/upstream-client.js';
import type { AdapterCall } from '../contract.js';
import { fromAnthropicError } from './errors.js';

/** The path of each Messages API operation a client may pass through. https://docs.claude.com/en/api/messages */
const operationPaths: Readonly<Record<string, string>> = {
  messages: '/v1/messages',
  count_tokens: '/v1/messages/count_tokens',
} satisfies Record<string, string>;

/** Response headers worth relaying: the body's type, Anthropic's request id, rate-limit state. */
const relayedHeaders: ReadonlySet<string> = new Set(['content-type', 'request-id', 'retry-after']);
const rateLimitPrefix = 'anthropic-ratelimit-';

/** Sends one upstream request; the adapter gives its URL and headers (forwarded caller headers included). */
export type AnthropicSend = (call: AdapterCall<PassthroughRequest>, path: string, body: string) => Promise<UpstreamResponse>;

/**
 * Passes a Messages API request to Anthropic as the client wrote it, only `model`
 * set to Anthropic's own name, and resolves with the 2xx answer, body unread
 * (server-sent events unchanged for a stream). A refused request rejects with the
 * mapped error, as for `chat`.
 */
export async function passAnthropicThrough(call: AdapterCall<PassthroughRequest>, send: AnthropicSend): Promise<PassthroughResponse> {
  const { request, settings } = call;
  const path = operationPaths[request.operation];
  if (request.api !== 'anthropic-messages' || path === undefined) {
    throw errors.unsupportedOperation(settings.provider, `the ${request.api} operation ${JSON.stringify(request.operation)}`);
  }
  const body = JSON.stringify(request.body.model === request.model ? request.body : { ...request.body, model: request.model });
  const response = await send(call, path, body);
  if (response.status >= 300) throw fromAnthropicError(settings.provider, response.status, response.headers, await readErrorText(response));
  return { status: response.status, headers: relayable(response.headers), body: mapErrors(call, response.body) };
}

function relayable(headers: UpstreamResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || !(relayedHeaders.has(name) || name.startsWith(rateLimitPrefix))) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The body, with a failure while reading it (a timeout, a cut connection) as a `GatewayError`. */
async function* mapErrors(call: AdapterCall<PassthroughRequest>, body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    throw toTransportError(call.settings.provider, call.settings.timeoutMs, error, call.signal);
  }
}
