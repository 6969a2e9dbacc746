import type { CacheEntry, SemanticMatch } from './cache-entry.js';
import type { CacheStore } from './cache-store.js';

/**
 * A store still opening (entries loading from disk, a client connecting): calls
 * wait for it. If it could not open, every call rejects with that reason, and the
 * cache goes on without a store (requests are served by providers).
 */
export class DeferredCacheStore implements CacheStore {
  readonly kind: CacheStore['kind'];
  readonly #opening: Promise<CacheStore>;
  #store: CacheStore | undefined;

  constructor(kind: CacheStore['kind'], opening: Promise<CacheStore>) {
    this.kind = kind;
    this.#opening = opening;
    opening.then((store) => (this.#store = store), () => undefined);
  }

  /** The open store, once it is (calls then go straight to it). */
  get opened(): CacheStore | undefined {
    return this.#store;
  }

  get evictions(): number {
    return this.#store?.evictions ?? 0;
  }

  getExact(key: string, now: number): Promise<CacheEntry | undefined> {
    return this.#store?.getExact(key, now) ?? this.#opening.then((store) => store.getExact(key, now));
  }

  findSimilar(partition: string, vector: Float32Array, threshold: number, now: number): Promise<SemanticMatch | undefined> {
    return this.#store?.findSimilar(partition, vector, threshold, now) ?? this.#opening.then((store) => store.findSimilar(partition, vector, threshold, now));
  }

  put(entry: CacheEntry): Promise<void> {
    return this.#opening.then((store) => store.put(entry));
  }

  deleteByRequestId(requestId: string): Promise<number> {
    return this.#opening.then((store) => store.deleteByRequestId(requestId));
  }

  deleteByCacheKey(cacheKey: string): Promise<number> {
    return this.#opening.then((store) => store.deleteByCacheKey(cacheKey));
  }

  clear(): Promise<number> {
    return this.#opening.then((store) => store.clear());
  }

  size(): Promise<number> {
    return this.#opening.then((store) => store.size());
  }

  close(): Promise<void> {
    return this.#opening.then((store) => store.close(), () => undefined);
  }
}
