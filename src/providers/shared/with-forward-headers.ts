import type { AdapterCall } from '../contract.js';

/**
 * The headers of one upstream request: the adapter's own (cached per key), plus the
 * caller headers the gateway forwards for this call, which never replace the
 * adapter's credentials. Returns `headers` itself when nothing is forwarded.
 */
export function withForwardHeaders(headers: Record<string, string>, call: Pick<AdapterCall<unknown>, 'forwardHeaders'>): Record<string, string> {
  const forward = call.forwardHeaders;
  if (forward === undefined) return headers;
  const merged = { ...headers };
  for (const name in forward) if (!(name in headers)) merged[name] = forward[name]!;
  return merged;
}
