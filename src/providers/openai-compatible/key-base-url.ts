import type { ProviderKey } from '../contract.js';

/** The origin a key names in `<setting>.url` (`ollama_key_config.url`), without a trailing slash; `undefined` when unset. */
export function keyBaseUrl(key: ProviderKey, setting: string): string | undefined {
  const url = (key[setting] as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string' || url === '') return undefined;
  return url.endsWith('/') ? url.replace(/\/+$/, '') : url;
}

/**
 * Problems with a key's `<setting>.url`: it must be an http(s) origin, given without
 * `/v1` (the paths add it), so that it reads like `network_config.base_url`.
 */
export function checkKeyBaseUrl(key: ProviderKey, setting: string): string[] {
  const config = key[setting];
  if (config === undefined) return [];
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return [`${setting}: expected an object with a url`];
  const url = (config as { url?: unknown }).url;
  if (url === undefined) return [];
  if (typeof url !== 'string' || !/^https?:\/\/[^/\s]+/.test(url)) return [`${setting}.url: expected an http(s) URL such as http://127.0.0.1:8000, got ${JSON.stringify(url)}`];
  if (/\/v1\/?$/.test(url)) return [`${setting}.url: give the server's origin without /v1 (for example ${url.replace(/\/v1\/?$/, '')}); the gateway adds the API paths`];
  return [];
}
