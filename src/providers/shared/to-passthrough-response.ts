import type { PassthroughResponse } from '../../api/index.js';
import { toTransportError, type UpstreamResponse } from '../../http/upstream-client.js';
import type { AdapterCall } from '../contract.js';

/**
 * A provider's 2xx answer as a `PassthroughResponse`: the headers `relay` keeps
 * (joined when repeated), and the body unread, a failure while reading it (a
 * timeout, a cut connection) becoming the mapped transport `GatewayError`.
 */
export function toPassthroughResponse(call: AdapterCall<unknown>, response: UpstreamResponse, relay: (name: string) => boolean): PassthroughResponse {
  const headers: Record<string, string> = {};
  for (const name in response.headers) {
    const value = response.headers[name];
    if (value !== undefined && relay(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.status, headers, body: mapErrors(call, response.body) };
}

async function* mapErrors(call: AdapterCall<unknown>, body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* body;
  } catch (error) {
    throw toTransportError(call.settings.provider, call.settings.timeoutMs, error, call.signal);
  }
}
