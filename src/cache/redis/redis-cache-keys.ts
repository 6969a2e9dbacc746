/**
 * The Redis keys of the cache, all under one prefix:
 * - `<prefix>e:<id>`: an entry as JSON (its embedding as base64 float32), expiring with the entry;
 * - `<prefix>k:<key>`: the id of the entry stored under an exact key, expiring with it;
 * - `<prefix>r:<requestId>`, `<prefix>c:<cacheKey>`: sets of entry ids, living as long as their longest-lived entry;
 * - `<prefix>p:<partition>`: a stream of the partition's entries (`id`, `exp`, raw float32 `v`), read by every
 *   instance's local mirror (`partition-mirror.ts`), trimmed to a bound, living as long as its longest-lived entry.
 */
export interface RedisCacheKeys {
  readonly prefix: string;
  entry(id: string): string;
  exact(key: string): string;
  request(requestId: string): string;
  cacheKey(cacheKey: string): string;
  partition(partition: string): string;
  /** A `SCAN MATCH` pattern for every key under the prefix, or (with `kind`) under `<prefix><kind>:`. */
  pattern(kind?: 'e'): string;
}

/** The cache's key names under `prefix`. */
export function redisCacheKeys(prefix: string): RedisCacheKeys {
  const escaped = prefix.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
  return {
    prefix,
    entry: (id) => `${prefix}e:${id}`,
    exact: (key) => `${prefix}k:${key}`,
    request: (requestId) => `${prefix}r:${requestId}`,
    cacheKey: (cacheKey) => `${prefix}c:${cacheKey}`,
    partition: (partition) => `${prefix}p:${partition}`,
    pattern: (kind) => (kind === undefined ? `${escaped}*` : `${escaped}${kind}:*`),
  };
}
