import type { PassthroughRequest, PassthroughResponse } from '../../api/index.js';
import { errors } from '../../errors/index.js';
import { readErrorText } from '../../http/read-json-body.js';
import type { UpstreamResponse } from '../../http/upstream-client.js';
import type { AdapterCall } from '../contract.js';
import { toPassthroughResponse } from '../shared/to-passthrough-response.js';
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
  return toPassthroughResponse(call, response, (name) => relayedHeaders.has(name) || name.startsWith(rateLimitPrefix));
}
