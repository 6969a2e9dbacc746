import type { ProviderKey, ProviderSettings } from '../contract.js';

/**
 * Memoizes `build` per key and provider settings (headers, say), so a hot path reuses
 * one object. Keyed by the key object, but checked against its value: an account may
 * rotate a key's value in place, and the next call then builds afresh.
 */
export function cachePerKey<T>(build: (key: ProviderKey, settings: ProviderSettings) => T): (key: ProviderKey, settings: ProviderSettings) => T {
  const cache = new WeakMap<ProviderKey, WeakMap<ProviderSettings, { value: string; built: T }>>();
  return (key, settings) => {
    let bySettings = cache.get(key);
    const cached = bySettings?.get(settings);
    if (cached && cached.value === key.value) return cached.built;
    const built = build(key, settings);
    if (!bySettings) cache.set(key, (bySettings = new WeakMap()));
    bySettings.set(settings, { value: key.value, built });
    return built;
  };
}
