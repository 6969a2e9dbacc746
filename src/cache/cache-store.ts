import type { CacheEntry, SemanticMatch } from './cache-entry.js';

/**
 * Where cached answers live: embedded (in-process index, persisted in SQLite) or
 * Redis (shared by every gateway instance). A store never returns an expired
 * entry. Methods may reject when the store is unavailable; the cache plugin then
 * goes on without the cache (the request is served by the provider).
 */
export interface CacheStore {
  readonly kind: 'embedded' | 'redis';
  /** The entry whose exact key is `key`, unless expired at `now` (epoch ms). */
  getExact(key: string, now: number): Promise<CacheEntry | undefined>;
  /**
   * The entry of `partition` whose embedding is most similar to `vector` (unit length),
   * when that similarity is at least `threshold`; expired entries never match.
   */
  findSimilar(partition: string, vector: Float32Array, threshold: number, now: number): Promise<SemanticMatch | undefined>;
  /** Stores an entry (replacing one with the same `key`). */
  put(entry: CacheEntry): Promise<void>;
  /** Deletes the entries stored for a request; resolves to how many. */
  deleteByRequestId(requestId: string): Promise<number>;
  /** Deletes every entry stored under an `x-bf-cache-key`; resolves to how many. */
  deleteByCacheKey(cacheKey: string): Promise<number>;
  /** Deletes everything; resolves to how many. */
  clear(): Promise<number>;
  /** Entries held now (expired ones not yet removed may be counted). */
  size(): Promise<number>;
  /** Entries evicted to stay within the size bound, since start. */
  readonly evictions: number;
  close(): Promise<void>;
}
