import { describe, expect, it } from 'vitest';
import type { ProviderKey, ProviderSettings } from '../contract.js';
import { cachePerKey } from './cache-per-key.js';

const settings: ProviderSettings = { provider: 'p', baseUrl: 'http://127.0.0.1:1', customBaseUrl: false, extraHeaders: {}, timeoutMs: 1000 };

describe('cachePerKey', () => {
  it('builds once per key and settings, and again when the key value changes in place', () => {
    let builds = 0;
    const headers = cachePerKey((key) => ({ authorization: `Bearer ${key.value}`, build: ++builds }));
    const key: ProviderKey = { value: 'a', models: [], weight: 1 };
    const first = headers(key, settings);
    expect(headers(key, settings)).toBe(first);
    expect(headers(key, { ...settings })).not.toBe(first);
    key.value = 'b';
    expect(headers(key, settings)).toEqual({ authorization: 'Bearer b', build: 3 });
  });
});
