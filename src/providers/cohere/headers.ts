import type { ProviderKey, ProviderSettings } from '../contract.js';

interface CachedHeaders {
  value: string;
  json: Record<string, string>;
  sse: Record<string, string>;
}

// Built once per key and settings (checked against the key's value, which an account may rotate in place).
const cache = new WeakMap<ProviderKey, WeakMap<ProviderSettings, CachedHeaders>>();

/**
 * The headers of a Cohere call: the configured extra headers, `Authorization: Bearer <key>`,
 * JSON, and the `Accept` the official SDK sends (`text/event-stream` for a stream).
 */
export function cohereHeaders(key: ProviderKey, settings: ProviderSettings, accept: 'json' | 'sse'): Record<string, string> {
  let bySettings = cache.get(key);
  let cached = bySettings?.get(settings);
  if (!cached || cached.value !== key.value) {
    const base: Record<string, string> = { ...settings.extraHeaders, 'content-type': 'application/json' };
    if (key.value !== '') base.authorization = `Bearer ${key.value}`;
    cached = { value: key.value, json: { ...base, accept: 'application/json' }, sse: { ...base, accept: 'text/event-stream' } };
    if (!bySettings) cache.set(key, (bySettings = new WeakMap()));
    bySettings.set(settings, cached);
  }
  return cached[accept];
}
