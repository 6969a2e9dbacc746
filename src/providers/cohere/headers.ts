import type { ProviderKey, ProviderSettings } from '../contract.js';
import { cachePerKey } from '../shared/cache-per-key.js';

const headersFor = cachePerKey((key, settings) => {
  const base: Record<string, string> = { ...settings.extraHeaders, 'content-type': 'application/json' };
  if (key.value !== '') base.authorization = `Bearer ${key.value}`;
  return { json: { ...base, accept: 'application/json' }, sse: { ...base, accept: 'text/event-stream' } };
});

/**
 * The headers of a Cohere call: the configured extra headers, `Authorization: Bearer <key>`,
 * JSON, and the `Accept` the official SDK sends (`text/event-stream` for a stream).
 */
export function cohereHeaders(key: ProviderKey, settings: ProviderSettings, accept: 'json' | 'sse'): Record<string, string> {
  return headersFor(key, settings)[accept];
}
